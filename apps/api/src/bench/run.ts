// `npm run bench`: a synthetic register on its own embedded database (or BENCH_DATABASE_URL), the compiled service in a
// child process and a bare reference server (reference-server.ts) answering the same read requests. Every scenario
// the reference answers is first checked byte for byte against Kelisim (a mismatch prints both and fails the run);
// then the two are timed in interleaved rounds, so a neighbour's load falls on both alike. Prints per scenario the
// throughput and latency of both and their ratio, one client's p95 of both (beside the targets at 1M), the
// plans of the hot statements and the service's memory.
//
// BENCH_SCALE (memoranda, default 50,000; the other tables grow with it), BENCH_CONNECTIONS (10), BENCH_SECONDS per
// run (3), BENCH_ROUNDS (2), BENCH_DATABASE_URL, BENCH_PORT (3990), BENCH_KEEP_DATA=1 reuses a register of the same size.
import autocannon from 'autocannon';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { CSRF_COOKIE, CSRF_FIELD } from '../admin/csrf.js';
import { startEmbeddedPostgres } from '../infrastructure/database/embedded-postgres.js';
import { applyMigrations } from '../infrastructure/database/migrations.js';
import { projectRoot } from '../infrastructure/database/project-root.js';
import { type BenchValues, explainReferenceStatements, startReferenceServer } from './reference-server.js';
import { generateSyntheticRegister, sizeForScale, type SyntheticSize } from './synthetic-data.js';

const root = projectRoot();
const PORT = Number(process.env.BENCH_PORT ?? 3990);
const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SCALE = Number(process.env.BENCH_SCALE ?? 50_000);
const API_KEY = 'klsm_bench_benchmark-key-not-secret';
/** Matches a handful of memoranda (4242, 42420-42429, …): the trigram index rather than a walk in list order. */
const FEW_MATCHES = 'memorandum 4242';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

interface Scenario {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** The reference server answers it too (the same path). */
  reference: boolean;
  /** The target for one client's p95 at 1M memoranda, in ms (issue 15), where it sets one. */
  oneClientTarget?: number;
}

interface Timing {
  requests: number;
  seconds: number;
  latencies: number[];
  failures: number;
}

async function main() {
  const server = process.env.BENCH_DATABASE_URL
    ? { url: process.env.BENCH_DATABASE_URL, stop: () => Promise.resolve() }
    : await startEmbeddedPostgres({ dataDir: path.join(root, '.data', 'bench-postgres'), port: 54380, database: 'postgres' });
  const size = sizeForScale(SCALE);
  const databaseUrl = await prepareDatabase(server.url, size);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const region = (await db.query<{ id: string }>(`SELECT id FROM party WHERE kind = 'region' ORDER BY name_en LIMIT 1`)).rows[0].id;
  const memorandum = (await db.query<{ id: string }>(`SELECT id FROM memorandum ORDER BY id LIMIT 1 OFFSET 1000`)).rows[0].id;
  await db.end();

  const app = spawn(process.execPath, [path.join(root, 'dist', 'apps', 'api', 'src', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      LOG_LEVEL: 'warn',
      SEED_ON_START: 'false',
      NODE_ENV: 'production',
      SESSION_SECRET: 'b'.repeat(40),
      COOKIE_SECURE: 'false',
      RATE_LIMIT_PER_MINUTE: '100000000',
      ADMIN_EMAIL: 'bench@example.kz',
      ADMIN_PASSWORD: 'bench-password-long',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const reference = await startReferenceServer(databaseUrl, CONNECTIONS);
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const startedAt = Date.now();
    await waitUntilReady(base);
    console.log(`Service ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; idle RSS ${rssMiB(app.pid!)} MiB`);
    const cliSeconds = await timeCli(databaseUrl);
    console.log(`npm run cli -- api-key create (built): ${cliSeconds.toFixed(1)} s`);

    const panelCookie = await panelLogin(base, 'bench@example.kz', 'bench-password-long');
    const api = { authorization: `Bearer ${API_KEY}` };
    const panel = { cookie: panelCookie };
    const q = encodeURIComponent('ынтымақ');
    const scenarios: Scenario[] = [
      { name: 'one memorandum', path: `/api/v1/memoranda/${memorandum}`, headers: api, reference: true, oneClientTarget: 20 },
      { name: 'list memoranda (first page)', path: '/api/v1/memoranda', headers: api, reference: true, oneClientTarget: 50 },
      {
        name: 'memoranda by region+status',
        path: `/api/v1/memoranda?region=${region}&status=signed,in_progress`,
        headers: api,
        reference: true,
        oneClientTarget: 50,
      },
      { name: 'overdue follow-ups', path: '/api/v1/follow-ups?overdue=true', headers: api, reference: true, oneClientTarget: 50 },
      { name: 'search memoranda q=ынтымақ', path: `/api/v1/memoranda?q=${q}`, headers: api, reference: true, oneClientTarget: 50 },
      {
        name: 'search memoranda, few matches',
        path: `/api/v1/memoranda?q=${encodeURIComponent(FEW_MATCHES)}`,
        headers: api,
        reference: true,
        oneClientTarget: 50,
      },
      { name: 'health/ready', path: '/health/ready', headers: {}, reference: false },
      { name: 'memoranda report', path: '/api/v1/reports/memoranda', headers: api, reference: false, oneClientTarget: 200 },
      { name: 'follow-ups report', path: '/api/v1/reports/follow-ups', headers: api, reference: false, oneClientTarget: 200 },
      { name: 'admin: dashboard', path: '/admin/api/dashboard', headers: panel, reference: false, oneClientTarget: 200 },
      { name: 'admin: dashboard, one region', path: `/admin/api/dashboard?region=${region}`, headers: panel, reference: false, oneClientTarget: 200 },
      { name: 'admin: memoranda list', path: '/admin/api/resources/Memorandum/actions/list', headers: panel, reference: false },
      { name: 'admin: memoranda search', path: `/admin/api/resources/Memorandum/actions/list?filters.q=${q}`, headers: panel, reference: false },
      { name: 'admin: memorandum page', path: `/admin/api/resources/Memorandum/records/${memorandum}/show`, headers: panel, reference: false },
    ];

    if (!(await sameResponses(base, reference.url, scenarios))) {
      process.exitCode = 1;
      return;
    }
    await printPlans(databaseUrl, { region, memorandum, q: 'ынтымақ', qFew: FEW_MATCHES });

    const rows = [];
    for (const scenario of scenarios) {
      const kelisim: Timing[] = [];
      const bare: Timing[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        kelisim.push(await measure(base, scenario));
        if (scenario.reference) bare.push(await measure(reference.url, scenario));
      }
      // The 1M targets are one client's p95: one more run of each server with a single connection.
      const alone = combine([await measure(base, scenario, 1)]);
      const referenceAlone = scenario.reference ? combine([await measure(reference.url, scenario, 1)]) : undefined;
      const k = combine(kelisim);
      const r = scenario.reference ? combine(bare) : undefined;
      rows.push({
        scenario: scenario.name,
        'req/s': round1(k.rate),
        'ref req/s': r ? round1(r.rate) : '',
        ratio: r ? (k.rate / r.rate).toFixed(2) : '',
        'p50 ms': k.p50,
        'p95 ms': k.p95,
        'ref p50': r?.p50 ?? '',
        'ref p95': r?.p95 ?? '',
        '1-client p95': alone.p95,
        'ref 1-client p95': referenceAlone?.p95 ?? '',
        'target (1M)': scenario.oneClientTarget ? `< ${scenario.oneClientTarget}` : '',
        failed: k.failures + (r?.failures ?? 0) + alone.failures + (referenceAlone?.failures ?? 0),
      });
    }
    console.log(
      `\n${JSON.stringify(size)}; ${CONNECTIONS} connection(s), ${ROUNDS} interleaved round(s) of ${DURATION} s per server and scenario, then one of one client, on ${
        process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'the embedded PostgreSQL 17'
      }:`,
    );
    console.table(rows);
    const status = fs.readFileSync(`/proc/${app.pid}/status`, 'utf8');
    const peak = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    console.log(`Service memory: RSS ${rssMiB(app.pid!)} MiB, peak ${Math.round(Number(peak) / 1024)} MiB`);
    if (rows.some((row) => row.failed > 0)) process.exitCode = 1;
  } finally {
    await reference.close();
    app.kill('SIGTERM');
    await new Promise((resolve) => app.once('exit', resolve));
    await server.stop();
  }
}

/** A fresh, migrated database with the synthetic register, or the kept one when BENCH_KEEP_DATA=1 and its size matches. */
async function prepareDatabase(serverUrl: string, size: SyntheticSize): Promise<string> {
  const database = `kelisim_bench_${size.memoranda}`;
  const databaseUrl = withDatabase(serverUrl, database);
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1;
    if (exists && process.env.BENCH_KEEP_DATA === '1') {
      await applyMigrations(databaseUrl, root);
      console.log(`Reusing the synthetic register in ${database}`);
      return databaseUrl;
    }
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  await applyMigrations(databaseUrl, root);
  const started = Date.now();
  await generateSyntheticRegister(databaseUrl, size, API_KEY, (step) => console.log(`  ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)`));
  console.log(`Synthetic register: ${JSON.stringify(size)} generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return databaseUrl;
}

async function waitUntilReady(base: string): Promise<void> {
  const started = Date.now();
  while (
    !(await fetch(`${base}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false))
  ) {
    if (Date.now() - started > 60_000) throw new Error('The service did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Seconds a built `api-key create` takes, as an operator runs it (the CLI's own process, the bench database). */
async function timeCli(databaseUrl: string): Promise<number> {
  const started = Date.now();
  await promisify(execFile)(
    process.execPath,
    [path.join(root, 'dist', 'apps', 'api', 'src', 'cli.js'), 'api-key', 'create', '--name', `bench-cli-${Date.now()}`, '--scope', 'read'],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    },
  );
  return (Date.now() - started) / 1000;
}

/** Kelisim's and the reference's bodies for every scenario both answer; prints where they differ. */
async function sameResponses(base: string, referenceBase: string, scenarios: Scenario[]): Promise<boolean> {
  let same = true;
  for (const scenario of scenarios.filter((s) => s.reference)) {
    const [kelisim, bare] = await Promise.all(
      [base, referenceBase].map(async (origin) => {
        const response = await fetch(`${origin}${scenario.path}`, { headers: scenario.headers });
        return { status: response.status, body: await response.text() };
      }),
    );
    if (kelisim.status === 200 && bare.status === 200 && kelisim.body === bare.body) {
      console.log(`Identical responses (${kelisim.body.length} bytes): ${scenario.name}`);
      continue;
    }
    same = false;
    console.error(`\nDIFFERENT responses for ${scenario.name} (${scenario.path}): Kelisim ${kelisim.status}, reference ${bare.status}`);
    console.error(firstDifference(kelisim.body, bare.body));
  }
  if (!same) console.error('\nThe reference server must answer exactly what Kelisim answers: fix one of them before timing.');
  return same;
}

/** The first differing position of two bodies, with some context of each. */
function firstDifference(a: string, b: string): string {
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  const from = Math.max(0, at - 120);
  return `  at character ${at} of ${a.length} / ${b.length}:\n  Kelisim:   …${a.slice(from, at + 120)}\n  reference: …${b.slice(from, at + 120)}`;
}

/** The plan of each hot statement (as the reference runs it, with Kelisim's conditions): which index serves it. */
async function printPlans(databaseUrl: string, values: BenchValues): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    console.log('\nPlans (EXPLAIN ANALYZE of the reference statements; index and scan nodes only):');
    for (const { name, plan } of await explainReferenceStatements(client, values)) {
      console.log(`  ${name}:`);
      for (const line of plan) console.log(`    ${line}`);
    }
  } finally {
    await client.end();
  }
}

async function measure(origin: string, scenario: Scenario, connections = CONNECTIONS): Promise<Timing> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = { url: `${origin}${scenario.path}`, connections, duration: DURATION, headers: scenario.headers };
    const instance = autocannon(options, (error, done) => (error ? reject(error as Error) : resolve(done)));
    // Every request's own latency, so that the rounds combine into exact percentiles (autocannon's have no p95).
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  if (latencies.length === 0) return slowRequest(origin, scenario);
  return { requests: latencies.length, seconds: result.duration, latencies, failures: result.non2xx + result.errors + result.timeouts };
}

/** A request slower than a whole run (autocannon drops the ones still in flight): timed once on its own. */
async function slowRequest(origin: string, scenario: Scenario): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(`${origin}${scenario.path}`, { headers: scenario.headers });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  return { requests: 1, seconds: elapsed / 1000, latencies: [elapsed], failures: response.ok ? 0 : 1 };
}

function combine(timings: Timing[]): { rate: number; p50: number; p95: number; failures: number } {
  const latencies = timings.flatMap((timing) => timing.latencies).sort((a, b) => a - b);
  const percentile = (p: number) => round1(latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? NaN);
  const requests = timings.reduce((sum, timing) => sum + timing.requests, 0);
  const seconds = timings.reduce((sum, timing) => sum + timing.seconds, 0);
  return { rate: requests / seconds, p50: percentile(50), p95: percentile(95), failures: timings.reduce((sum, timing) => sum + timing.failures, 0) };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024);
}

/** Signs in to the admin panel through its login form (with the login page's cookies and CSRF token) and returns the session cookie. */
async function panelLogin(base: string, email: string, password: string): Promise<string> {
  const loginPage = await fetch(`${base}/admin/login`);
  const cookies = loginPage.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  const token = cookies.find((cookie) => cookie.startsWith(`${CSRF_COOKIE}=`))?.slice(CSRF_COOKIE.length + 1) ?? '';
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ email, password, [CSRF_FIELD]: decodeURIComponent(token) }),
    redirect: 'manual',
  });
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('kelisim.sid='));
  if (response.status !== 302 || !cookie) throw new Error(`Admin panel login failed: ${response.status}`);
  return cookie.split(';')[0];
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
