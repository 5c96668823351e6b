import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { TEMPLATE_DATABASE, withDatabase } from './database-url.js';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.KELISIM_TEST_SERVER_URL;
  if (!url) throw new Error('KELISIM_TEST_SERVER_URL is not set: run the tests with `npm test` (jest global set-up).');
  return url;
}

async function onMaintenanceDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl(), 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database with every migration applied, cloned from the template the global set-up built (~70 ms). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `kelisim_test_${randomBytes(6).toString('hex')}`;
  await onMaintenanceDatabase((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  return {
    name,
    url: withDatabase(serverUrl(), name),
    drop: () => onMaintenanceDatabase((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * An empty database (no migrations), for tests of the migrations themselves; `lcCtype: 'C'` makes one as older
 * embedded clusters did (from template0, whose ctype may differ from the cluster's).
 */
export async function createEmptyDatabase(options: { lcCtype?: 'C' } = {}): Promise<TestDatabase> {
  const name = `kelisim_empty_${randomBytes(6).toString('hex')}`;
  const locale = options.lcCtype ? ` TEMPLATE template0 LC_CTYPE '${options.lcCtype}'` : '';
  await onMaintenanceDatabase((client) => client.query(`CREATE DATABASE ${name}${locale}`));
  return {
    name,
    url: withDatabase(serverUrl(), name),
    drop: () => onMaintenanceDatabase((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * The committed migrations by folder, for a test of one migration on rows written before it: `applyBefore` runs every
 * migration older than the one whose folder ends with `suffix`, `apply` runs that one.
 */
export function migrationAt(client: pg.Client, suffix: string): { applyBefore(): Promise<void>; apply(): Promise<void> } {
  const migrations = path.join(process.cwd(), 'prisma', 'migrations');
  const folders = fs
    .readdirSync(migrations)
    .filter((name) => /^\d+_/.test(name))
    .sort();
  const target = folders.find((name) => name.endsWith(suffix));
  if (!target) throw new Error(`No migration ends with ${suffix}`);
  const run = (folder: string) => client.query(fs.readFileSync(path.join(migrations, folder, 'migration.sql'), 'utf8'));
  return {
    applyBefore: async () => {
      for (const folder of folders.slice(0, folders.indexOf(target))) await run(folder);
    },
    apply: async () => void (await run(target)),
  };
}
