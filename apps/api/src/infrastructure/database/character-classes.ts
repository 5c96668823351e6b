import pg from 'pg';

/**
 * Whether the database tells Cyrillic letters from punctuation. pg_trgm takes its trigrams from letters as LC_CTYPE
 * defines them: under the C ctype a Cyrillic word gives none, so the similar-name warning («Павлодарская область
 * already exists») never fires and the search_text trigram indexes do not help Russian or Kazakh queries (results stay
 * correct, only slower). The embedded database is created right; an older embedded cluster or an external server may not be.
 */
export async function cyrillicTrigramsWork(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ works: boolean }>(`SELECT cardinality(show_trgm('қала')) > 0 AS works`);
    return rows[0]?.works === true;
  } finally {
    await client.end();
  }
}

export const CYRILLIC_TRIGRAMS_WARNING =
  "Warning: this database's LC_CTYPE is C, so similar-name warnings and trigram search do not work for Cyrillic names. " +
  "Create the database with LC_CTYPE 'C.UTF-8' (for the embedded database: stop Kelisim, move its folder away and start again; " +
  'keep a pg_dump of it first if it holds data).';
