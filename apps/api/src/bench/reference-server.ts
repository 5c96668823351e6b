// The bench's yardstick: a bare `node:http` + `pg` server with no framework, answering the bench's read requests with
// one hand-written SQL statement each that builds the whole response in PostgreSQL. It must answer byte for byte what
// Kelisim answers (run.ts checks that before timing), so the ratio of the two measures only what Kelisim's layers cost.
// It neither authenticates nor validates: it knows the bench's requests and nothing else.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { RECORD_TYPES } from '../domain/record-types.js';
import { followUpJson } from '../follow-ups/follow-up-json.js';
import { jsonList, MEMORANDUM_JSON, ONE_MEMORANDUM_SQL } from '../memoranda/memorandum-json.js';
import { DEFAULT_PAGE_SIZE } from '../http/list-query.dto.js';
import { COUNT_CAP } from '../domain/capped-count.js';
import { searchPattern } from '../domain/search-text.js';

// Every follow-up the bench asks for is overdue (its OVERDUE condition below).
const FOLLOW_UP_JSON = followUpJson('true');

/**
 * One page of `table` rows (alias `alias`) matching `where`, as `{ data, meta }`: the page and the capped total in one
 * statement. `where` and `order` are the same conditions Kelisim's services put together.
 */
function pageSql(table: string, alias: string, json: string, where: string, order: string, prefix = ''): string {
  return `${prefix}
    SELECT json_build_object(
      'data', ${jsonList(`SELECT json_agg(${json} ORDER BY ${order}) FROM (SELECT * FROM ${table} ${alias} WHERE ${where} ORDER BY ${order} LIMIT ${DEFAULT_PAGE_SIZE}) ${alias}`)},
      'meta', (SELECT CASE WHEN n > ${COUNT_CAP}
                           THEN json_build_object('total', ${COUNT_CAP}, 'totalIsLowerBound', true, 'limit', ${DEFAULT_PAGE_SIZE}, 'offset', 0, 'nextCursor', null)
                           ELSE json_build_object('total', n, 'limit', ${DEFAULT_PAGE_SIZE}, 'offset', 0, 'nextCursor', null) END
               FROM (SELECT count(*) AS n FROM (SELECT 1 FROM ${table} ${alias} WHERE ${where} LIMIT ${COUNT_CAP + 1}) matching) capped)
    ) AS body`;
}

const MEMORANDA_ORDER = 'm.signed_on DESC NULLS LAST, m.id';
const SEARCH = `(m.search_text LIKE '%' || $2 || '%' OR EXISTS (
  SELECT 1 FROM memorandum_party mp JOIN party p ON p.id = mp.party_id WHERE mp.memorandum_id = m.id AND p.search_text LIKE '%' || $2 || '%'))`;
const IN_REGION = `EXISTS (SELECT 1 FROM memorandum_party mp WHERE mp.memorandum_id = m.id AND mp.party_id IN (SELECT id FROM tree))`;
const REGION_TREE = `WITH RECURSIVE tree AS (SELECT id FROM party WHERE id = $2::uuid UNION SELECT p.id FROM party p JOIN tree t ON p.parent_id = t.id)`;
/** Open, and the due period (a day, a month or a year from due_on) ended before today: follow-up.where.ts. */
const OVERDUE = `f.archived_at IS NULL AND f.status IN ('planned', 'in_progress') AND (
  (f.due_on_precision IN ('day', 'unknown') AND f.due_on < CURRENT_DATE)
  OR (f.due_on_precision = 'month' AND f.due_on < date_trunc('month', CURRENT_DATE))
  OR (f.due_on_precision = 'year' AND f.due_on < date_trunc('year', CURRENT_DATE)))`;

interface Route {
  sql: string;
  lifecycle: Readonly<Record<string, readonly string[]>>;
  params(url: URL, id?: string): unknown[];
}

const memorandumLifecycle = RECORD_TYPES.memorandum.lifecycle;
const ROUTES = {
  one: { sql: ONE_MEMORANDUM_SQL, lifecycle: memorandumLifecycle, params: (_url, id) => [id] },
  list: { sql: pageSql('memorandum', 'm', MEMORANDUM_JSON, 'm.archived_at IS NULL', MEMORANDA_ORDER), lifecycle: memorandumLifecycle, params: () => [] },
  search: {
    sql: pageSql('memorandum', 'm', MEMORANDUM_JSON, `m.archived_at IS NULL AND ${SEARCH}`, MEMORANDA_ORDER),
    lifecycle: memorandumLifecycle,
    params: (url) => [searchPattern(url.searchParams.get('q') ?? '')],
  },
  regionStatus: {
    sql: pageSql(
      'memorandum',
      'm',
      MEMORANDUM_JSON,
      `m.archived_at IS NULL AND m.status::text = ANY($3::text[]) AND ${IN_REGION}`,
      MEMORANDA_ORDER,
      REGION_TREE,
    ),
    lifecycle: memorandumLifecycle,
    params: (url) => [url.searchParams.get('region'), (url.searchParams.get('status') ?? '').split(',')],
  },
  overdue: {
    sql: pageSql('follow_up', 'f', FOLLOW_UP_JSON, OVERDUE, 'f.due_on NULLS LAST, f.id'),
    lifecycle: RECORD_TYPES.follow_up.lifecycle,
    params: () => [],
  },
} satisfies Record<string, Route>;

const ONE_MEMORANDUM_PATH = /^\/api\/v1\/memoranda\/([0-9a-f-]{36})$/;

/** Which statement answers a request, from its path and query; undefined for anything the bench does not ask. */
function routeOf(url: URL): { name: keyof typeof ROUTES; route: Route; id?: string } | undefined {
  const id = ONE_MEMORANDUM_PATH.exec(url.pathname)?.[1];
  const name = id ? 'one' : listRouteOf(url);
  return name && { name, route: ROUTES[name], id };
}

/** The list a request that is not for one memorandum reads. */
function listRouteOf(url: URL): Exclude<keyof typeof ROUTES, 'one'> | undefined {
  if (url.pathname === '/api/v1/follow-ups' && url.searchParams.get('overdue') === 'true') return 'overdue';
  if (url.pathname !== '/api/v1/memoranda') return undefined;
  if (url.searchParams.has('q')) return 'search';
  if (url.searchParams.has('region')) return 'regionStatus';
  return 'list';
}

/** Values for the bench's requests: a region, a memorandum and a search term. */
export interface BenchValues {
  region: string;
  memorandum: string;
  q: string;
  /** A search term few memoranda match. */
  qFew: string;
}

/**
 * EXPLAIN ANALYZE of each statement with the bench's values: the scan and index nodes of the plan and the execution
 * time, to show which index serves each hot read (the conditions are Kelisim's, so its statements use the same).
 */
export async function explainReferenceStatements(client: pg.Client, values: BenchValues): Promise<{ name: string; plan: string[] }[]> {
  const urls: Record<string, string> = {
    one: `/api/v1/memoranda/${values.memorandum}`,
    list: '/api/v1/memoranda',
    regionStatus: `/api/v1/memoranda?region=${values.region}&status=signed,in_progress`,
    overdue: '/api/v1/follow-ups?overdue=true',
    search: `/api/v1/memoranda?q=${encodeURIComponent(values.q)}`,
    searchFewMatches: `/api/v1/memoranda?q=${encodeURIComponent(values.qFew)}`,
  };
  const plans = [];
  for (const [name, path] of Object.entries(urls)) {
    const url = new URL(path, 'http://reference');
    const { route, id } = routeOf(url)!;
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${route.sql}`, [
      JSON.stringify(route.lifecycle),
      ...route.params(url, id),
    ]);
    const lines = rows.map((row) => row['QUERY PLAN']);
    plans.push({ name, plan: lines.filter((line) => /Scan|Execution Time/.test(line)).map((line) => line.replace(/\s+\(actual.*$/, '').trim()) });
  }
  return plans;
}

export interface ReferenceServer {
  url: string;
  close(): Promise<void>;
}

export async function startReferenceServer(databaseUrl: string, poolSize: number): Promise<ReferenceServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://reference');
    const match = routeOf(url);
    if (!match) {
      response.writeHead(404).end();
      return;
    }
    // A named statement, prepared once per connection, as Kelisim sends its own (PrismaService.rowsOf).
    pool
      .query<{ body: unknown }>({
        name: `reference_${match.name}`,
        text: match.route.sql,
        values: [JSON.stringify(match.route.lifecycle), ...match.route.params(url, match.id)],
      })
      .then(({ rows }) => {
        if (!rows.length) return void response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(rows[0].body));
      })
      .catch((error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
