// Starts one real PostgreSQL for the whole run (the embedded one unless DATABASE_URL is set) and builds a
// template database with every committed migration applied; each test file clones it (test/support/database.ts).
// TEST_PG_DATA_DIR and TEST_EMBEDDED_PG_PORT let several test runs work side by side.
// Plain JS importing the build: jest loads global set-up outside its module mapping (`npm test` builds first).
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../dist/apps/api/src/infrastructure/database/embedded-postgres.js';
import { applyMigrations } from '../../dist/apps/api/src/infrastructure/database/migrations.js';

const TEMPLATE_DATABASE = 'kelisim_test_template';

function withDatabase(serverUrl, database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function globalSetup() {
  const root = process.cwd();
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: path.resolve(root, process.env.TEST_PG_DATA_DIR ?? '.data/test-postgres'),
      port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54339),
      database: 'postgres',
    });
    serverUrl = server.url;
    globalThis.__KELISIM_STOP_TEST_DATABASE__ = () => server.stop();
  }
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await applyMigrations(withDatabase(serverUrl, TEMPLATE_DATABASE), root);
  process.env.KELISIM_TEST_SERVER_URL = serverUrl;
}
