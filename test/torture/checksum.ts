// A row-level checksum of every table of a database: the md5 of each table's rows in primary-key order, with the
// tables and their columns read from the catalog, so that a table added by a later migration is covered too.
import pg from 'pg';

/**
 * Columns that change on reads or on signing in, by design: the last use of an API key (stamped by authentication),
 * a staff member's last login, and the panel's sessions (created by every login, touched by every panel request).
 */
const EXCLUDED_COLUMNS: Record<string, string[]> = {
  api_key: ['last_used_at'],
  admin_user: ['last_login_at'],
};
const EXCLUDED_TABLES = new Set(['session', '_prisma_migrations']);

export type TableChecksums = Record<string, { rows: number; md5: string }>;

export async function tableChecksums(databaseUrl: string): Promise<TableChecksums> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table: string; columns: string[]; key: string[] | null }>(`
      SELECT c.relname AS table,
             array_agg(a.attname::text ORDER BY a.attnum) AS columns,
             (SELECT array_agg(k.attname::text ORDER BY array_position(i.indkey, k.attnum))
                FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = ANY (i.indkey)
               WHERE i.indrelid = c.oid AND i.indisprimary) AS key
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relkind IN ('r', 'p')
       GROUP BY c.oid, c.relname
       ORDER BY c.relname`);
    const sums: TableChecksums = {};
    for (const { table, columns, key } of tables) {
      if (EXCLUDED_TABLES.has(table)) continue;
      const kept = columns.filter((column) => !(EXCLUDED_COLUMNS[table] ?? []).includes(column));
      const list = kept.map((column) => pg.escapeIdentifier(column)).join(', ');
      // Without a primary key, the whole row orders it: still deterministic.
      const order = (key ?? kept).map((column) => pg.escapeIdentifier(column)).join(', ');
      const { rows } = await client.query<{ rows: string; md5: string }>(
        `SELECT count(*)::text AS rows, md5(coalesce(string_agg(checked_row::text, E'\\n' ORDER BY ${order}), '')) AS md5
           FROM (SELECT ${list} FROM ${pg.escapeIdentifier(table)}) checked_row`,
      );
      sums[table] = { rows: Number(rows[0].rows), md5: rows[0].md5 };
    }
    return sums;
  } finally {
    await client.end();
  }
}

/** The tables whose rows differ between two checksums, as "table (rows before→after)". */
export function changedTables(before: TableChecksums, after: TableChecksums): string[] {
  const tables = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return tables
    .filter((table) => before[table]?.md5 !== after[table]?.md5)
    .map((table) => `${table} (rows ${before[table]?.rows ?? '-'}→${after[table]?.rows ?? '-'})`);
}
