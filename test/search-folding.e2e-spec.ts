import pg from 'pg';
import { buildSearchText } from '../apps/api/src/domain/search-text.js';
import { createEmptyDatabase, migrationAt, type TestDatabase } from './support/database.js';

/*
 * Search folds Kazakh letters to the Russian look-alikes typed on a Russian keyboard. Records written before that
 * rule are folded by its migration, to exactly what the domain services now store, so old and new records match alike.
 */
describe('the search migration folding Kazakh letters on rows written before it', () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());

  it('stores what buildSearchText stores now, and leaves texts without Kazakh letters as they were', async () => {
    database = await createEmptyDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const migration = migrationAt(client, '_search_kazakh_lookalikes');
      await migration.applyBefore();
      const names = ['Қостанай облысы', 'Өскемен қаласының әкімдігі', 'Восточно-Казахстанская область', 'Іле ауданы һәм Ұлытау'];
      for (const name of names) {
        await client.query(`INSERT INTO party (id, kind, name_kk, search_text, updated_at) VALUES (gen_random_uuid(), 'region', $1, lower($1), now())`, [name]);
      }
      await migration.apply();
      const { rows } = await client.query<{ name: string; text: string }>(`SELECT name_kk AS name, search_text AS text FROM party ORDER BY name_kk`);
      expect(rows).toEqual([...names].sort().map((name) => ({ name, text: buildSearchText(name) })));
      expect(rows.map((row) => row.text)).toContain('костанай облысы');
    } finally {
      await client.end();
    }
  });
});
