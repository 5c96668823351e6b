import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../../../../../test/support/database-url.js';
import { createEmptyDatabase } from '../../../../../test/support/database.js';
import { cyrillicTrigramsWork } from './character-classes.js';

// The start-up warning rests on this check; the embedded database (which the tests run on) must pass it.
describe('cyrillicTrigramsWork', () => {
  const server = () => process.env.KELISIM_TEST_SERVER_URL as string;

  it('holds on a database of the embedded cluster, which initdb gives LC_CTYPE C.UTF-8', async () => {
    const database = await createEmptyDatabase();
    try {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query('CREATE EXTENSION pg_trgm');
      await client.end();
      expect(await cyrillicTrigramsWork(database.url)).toBe(true);
    } finally {
      await database.drop();
    }
  });

  it('fails on a database whose LC_CTYPE is C (as older embedded clusters were made), so start-up warns', async () => {
    const name = `kelisim_ctype_c_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: withDatabase(server(), 'postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 LC_CTYPE 'C'`);
      const client = new pg.Client({ connectionString: withDatabase(server(), name) });
      await client.connect();
      await client.query('CREATE EXTENSION pg_trgm');
      await client.end();
      expect(await cyrillicTrigramsWork(withDatabase(server(), name))).toBe(false);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
