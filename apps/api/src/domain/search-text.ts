/**
 * The text a record is found by: its names/titles/summaries in every language, lower-cased here rather than in SQL
 * so that matching is the same on any PostgreSQL locale. Queries go through `searchPattern` for the same folding.
 */
export function buildSearchText(...parts: (string | null | undefined | readonly string[])[]): string {
  return fold(
    parts
      .flat()
      .filter((part): part is string => typeof part === 'string' && part.length > 0)
      .join(' \u2063 '),
  );
}

export function fold(text: string): string {
  return text.toLocaleLowerCase('und').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
}

/** A LIKE pattern matching the folded query anywhere, with LIKE's wildcards escaped. */
export function searchPattern(query: string): string {
  return fold(query).replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The Prisma filter "this record's folded searchText contains the query". Prisma passes `contains` to LIKE without
 * escaping its wildcards, so the query goes through searchPattern first; every search in the register uses this.
 */
export function searchTextMatches(query: string): { searchText: { contains: string } } {
  return { searchText: { contains: searchPattern(query) } };
}
