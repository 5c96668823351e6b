// Fails when prisma/schema.prisma and the committed migrations disagree: the database the migrations build must
// have exactly the tables, columns, enums, indexes and keys that the schema alone would build.
import pg from 'pg';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from './support/database.js';
import { runPrismaCli } from './support/prisma-cli.js';

const CATALOG_QUERIES = {
  columns: `
    SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
           character_maximum_length, numeric_precision, numeric_scale
    FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
    ORDER BY table_name, column_name`,
  enums: `
    SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
    GROUP BY t.typname ORDER BY t.typname`,
  // Partial list-order indexes (named *_list_order_idx) exist only in migrations, like CHECK constraints.
  indexes: `
    SELECT tablename, indexname, indexdef FROM pg_indexes
    WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' AND indexname NOT LIKE '%\\_list\\_order\\_idx'
    ORDER BY tablename, indexname`,
  // CHECK constraints (named *_check) exist only in migrations: the schema language cannot express them.
  constraints: `
    SELECT rel.relname AS table_name, con.conname, con.contype, pg_get_constraintdef(con.oid) AS definition
    FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
    WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations' AND con.contype <> 'c'
    ORDER BY rel.relname, con.conname`,
  extensions: `SELECT extname FROM pg_extension ORDER BY extname`,
} as const;

async function catalog(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(CATALOG_QUERIES)) result[name] = (await client.query(sql)).rows;
    return result;
  } finally {
    await client.end();
  }
}

describe('schema.prisma and prisma/migrations', () => {
  let migrated: TestDatabase;
  let fromSchema: TestDatabase;

  beforeAll(async () => {
    migrated = await createTestDatabase();
    fromSchema = await createEmptyDatabase();
    const script = runPrismaCli(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], fromSchema.url);
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    await client.query(script);
    await client.end();
  }, 60_000);

  afterAll(async () => {
    await migrated?.drop();
    await fromSchema?.drop();
  });

  it('build the same database', async () => {
    const [fromMigrations, fromSchemaAlone] = await Promise.all([catalog(migrated.url), catalog(fromSchema.url)]);
    for (const part of Object.keys(CATALOG_QUERIES)) {
      expect({ part, rows: fromMigrations[part] }).toEqual({ part, rows: fromSchemaAlone[part] });
    }
    expect(fromMigrations.columns.length).toBeGreaterThan(100);
  });

  it('keep the rules the schema language cannot express as CHECK constraints', async () => {
    const client = new pg.Client({ connectionString: migrated.url });
    await client.connect();
    const { rows } = await client.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE contype = 'c' ORDER BY conname`);
    await client.end();
    expect(rows.map((row) => row.conname)).toEqual(
      expect.arrayContaining(['memorandum_quantity_check', 'follow_up_link_check', 'citation_target_check', 'party_name_check']),
    );
  });

  it('keep the partial indexes that serve the default list order and the related lists', async () => {
    const client = new pg.Client({ connectionString: migrated.url });
    await client.connect();
    const { rows } = await client.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE indexname LIKE '%list_order_idx' ORDER BY 1`);
    await client.end();
    expect(rows.map((row) => row.indexname)).toEqual([
      'contract_list_order_idx',
      'contract_memorandum_id_list_order_idx',
      'contract_visit_id_list_order_idx',
      'follow_up_contract_id_list_order_idx',
      'follow_up_list_order_idx',
      'follow_up_memorandum_id_list_order_idx',
      'follow_up_visit_id_list_order_idx',
      'memorandum_list_order_idx',
      'memorandum_visit_id_list_order_idx',
      'party_parent_id_list_order_idx',
      'visit_list_order_idx',
      'visit_previous_visit_id_list_order_idx',
    ]);
  });
});
