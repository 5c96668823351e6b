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

/**
 * Kazakh letters as staff type them on a Russian keyboard, which lacks them: «ынтымактастык» must find
 * «ынтымақтастық». Both the stored text and the query are folded, so either spelling finds either. The migration
 * 20261218000000_search_kazakh_lookalikes folds stored texts with the same table (PostgreSQL's translate()).
 */
export const KAZAKH_LOOKALIKES: Readonly<Record<string, string>> = { қ: 'к', ғ: 'г', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', ә: 'а', і: 'и', һ: 'х' };
const KAZAKH_LETTERS = new RegExp(`[${Object.keys(KAZAKH_LOOKALIKES).join('')}]`, 'g');

export function fold(text: string): string {
  return text
    .toLocaleLowerCase('und')
    .replaceAll('ё', 'е')
    .replace(KAZAKH_LETTERS, (letter) => KAZAKH_LOOKALIKES[letter])
    .replace(/\s+/g, ' ')
    .trim();
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
