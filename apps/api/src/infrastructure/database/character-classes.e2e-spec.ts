import pg from 'pg';
import { createEmptyDatabase } from '../../../../../test/support/database.js';
import { cyrillicTrigramsWork } from './character-classes.js';

// The start-up warning rests on this check; the embedded database (which the tests run on) must pass it.
describe('cyrillicTrigramsWork', () => {
  it.each([
    ['holds on a database of the embedded cluster, which initdb gives LC_CTYPE C.UTF-8', {}, true],
    ['fails on a database whose LC_CTYPE is C (as older embedded clusters were made), so start-up warns', { lcCtype: 'C' as const }, false],
  ])('%s', async (_case, options, works) => {
    const database = await createEmptyDatabase(options);
    try {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query('CREATE EXTENSION pg_trgm');
      await client.end();
      expect(await cyrillicTrigramsWork(database.url)).toBe(works);
    } finally {
      await database.drop();
    }
  });
});
