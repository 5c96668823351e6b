import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

/**
 * Applies committed migrations with `prisma migrate deploy` (never `db push`). It runs in a child process:
 * the CLI is the supported way to apply and record migrations, and it leaves nothing behind in this one.
 */
export async function applyMigrations(databaseUrl: string, cwd: string): Promise<void> {
  // A `migrate deploy` child costs 5-7 s even with nothing to apply: every start and CLI command would pay it.
  if (await allApplied(databaseUrl, cwd)) return;
  const require = createRequire(path.join(cwd, 'package.json'));
  const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
  const output: Buffer[] = [];
  const child = spawn(process.execPath, ['-r', path.join(cwd, 'prisma', 'unref-engine-timers.cjs'), cli, 'migrate', 'deploy'], {
    cwd,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', npm_config_nodedir: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  const code: number = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${code}):\n${Buffer.concat(output).toString('utf8').trim()}`);
  }
}

/** Whether every committed migration folder is recorded as finished (and none rolled back) in `_prisma_migrations`. */
async function allApplied(databaseUrl: string, cwd: string): Promise<boolean> {
  const committed = fs
    .readdirSync(path.join(cwd, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const applied = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const names = new Set(applied.rows.map((row) => row.migration_name));
    return committed.every((name) => names.has(name));
  } catch {
    // No table yet (a new database) or no connection: `migrate deploy` decides and reports.
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
