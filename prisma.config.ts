// Prisma CLI configuration. The CLI runs its WebAssembly schema engine through the pg driver adapter,
// so migrations never need a native engine binary (none can be downloaded on locked-down servers).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import fs from 'node:fs';

// The schema engine reads PostgreSQL catalog columns of type `name` (oid 19) and `"char"` (oid 18),
// which @prisma/adapter-pg 6.19 cannot map. Both are plain text for its purposes.
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

class CatalogTolerantPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one override for all of pg.Pool#query's overloads, whose result types differ
  override async query(...args: unknown[]): Promise<any> {
    const result = await (super.query as (...queryArgs: unknown[]) => Promise<pg.QueryResult | undefined>)(...args);
    for (const field of result?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  }
}

// Without DATABASE_URL, CLI commands target the embedded server that `npm start` runs (it must be running).
// `generate` and `format` only need some URL to be set.
function embeddedDatabaseUrl(): string {
  const passwordFile = '.data/postgres.password';
  if (!fs.existsSync(passwordFile)) return 'postgresql://unconfigured@127.0.0.1:1/unconfigured';
  const password = encodeURIComponent(fs.readFileSync(passwordFile, 'utf8').trim());
  return `postgresql://kelisim:${password}@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? '54329'}/kelisim`;
}
process.env.DATABASE_URL ||= embeddedDatabaseUrl();

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  adapter: () => {
    const connectionString = process.env.DATABASE_URL;
    return Promise.resolve(new PrismaPg(new CatalogTolerantPool({ connectionString, max: 2, idleTimeoutMillis: 200, allowExitOnIdle: true })));
  },
});
