// `npm run bench`: a synthetic register on its own embedded database (or BENCH_DATABASE_URL), the compiled service
// in a child process, and autocannon against the main read paths. Prints throughput, latency and memory.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../infrastructure/database/embedded-postgres.js';
import { applyMigrations } from '../infrastructure/database/migrations.js';
import { projectRoot } from '../infrastructure/database/project-root.js';
import { DEFAULT_SIZE, generateSyntheticRegister } from './synthetic-data.js';

const root = projectRoot();
const PORT = Number(process.env.BENCH_PORT ?? 3990);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const API_KEY = 'klsm_bench_benchmark-key-not-secret';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function main() {
  const server = process.env.BENCH_DATABASE_URL
    ? { url: process.env.BENCH_DATABASE_URL, stop: () => Promise.resolve() }
    : await startEmbeddedPostgres({ dataDir: path.join(root, '.data', 'bench-postgres'), port: 54380, database: 'postgres' });
  const admin = new pg.Client({ connectionString: withDatabase(server.url, 'postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS kelisim_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE kelisim_bench');
  await admin.end();
  const databaseUrl = withDatabase(server.url, 'kelisim_bench');
  await applyMigrations(databaseUrl, root);

  let started = Date.now();
  await generateSyntheticRegister(databaseUrl, DEFAULT_SIZE, API_KEY);
  console.log(`Synthetic register: ${JSON.stringify(DEFAULT_SIZE)} generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const region = (await db.query<{ id: string }>(`SELECT id FROM party WHERE kind = 'region' LIMIT 1`)).rows[0].id;
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
  try {
    started = Date.now();
    while (
      !(await fetch(`http://127.0.0.1:${PORT}/health/ready`)
        .then((r) => r.ok)
        .catch(() => false))
    ) {
      if (Date.now() - started > 60_000) throw new Error('The service did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const panelCookie = await panelLogin(`http://127.0.0.1:${PORT}`, 'bench@example.kz', 'bench-password-long');
    const scenarios: [string, string, Record<string, string>?][] = [
      ['health/ready', '/health/ready'],
      ['list memoranda (first page)', '/api/v1/memoranda'],
      ['search memoranda q=ынтымақ', `/api/v1/memoranda?q=${encodeURIComponent('ынтымақ')}&limit=20`],
      ['memoranda by region+status', `/api/v1/memoranda?region=${region}&status=signed,in_progress`],
      ['one memorandum', `/api/v1/memoranda/${memorandum}`],
      ['overdue follow-ups', '/api/v1/follow-ups?overdue=true'],
      ['memoranda report', '/api/v1/reports/memoranda'],
      ['admin: dashboard', '/admin/api/dashboard', { cookie: panelCookie }],
      ['admin: dashboard, one region', `/admin/api/dashboard?region=${region}`, { cookie: panelCookie }],
      ['admin: memoranda list', '/admin/api/resources/Memorandum/actions/list', { cookie: panelCookie }],
      ['admin: memoranda search', `/admin/api/resources/Memorandum/actions/list?filters.q=${encodeURIComponent('ынтымақ')}`, { cookie: panelCookie }],
      ['admin: memorandum page', `/admin/api/resources/Memorandum/records/${memorandum}/show`, { cookie: panelCookie }],
    ];
    const rows = [];
    for (const [name, url, headers] of scenarios) {
      const result = await autocannon({
        url: `http://127.0.0.1:${PORT}${url}`,
        connections: CONNECTIONS,
        duration: DURATION,
        headers: headers ?? { authorization: `Bearer ${API_KEY}` },
      });
      rows.push({
        scenario: name,
        'req/s': Math.round(result.requests.average),
        'p50 ms': result.latency.p50,
        'p99 ms': result.latency.p99,
        'non-2xx': result.non2xx,
        errors: result.errors,
      });
    }
    const status = fs.readFileSync(`/proc/${app.pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    const peak = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    console.log(
      `\n${CONNECTIONS} connections, ${DURATION} s per scenario, service on ${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'the embedded PostgreSQL 17'}:`,
    );
    console.table(rows);
    console.log(`Service memory: RSS ${Math.round(Number(rss) / 1024)} MiB, peak ${Math.round(Number(peak) / 1024)} MiB`);
  } finally {
    app.kill('SIGTERM');
    await new Promise((resolve) => app.once('exit', resolve));
    await server.stop();
  }
}

/** Signs in to the admin panel through its login form and returns the session cookie. */
async function panelLogin(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
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
