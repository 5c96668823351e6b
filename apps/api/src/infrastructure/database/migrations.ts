import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Applies committed migrations with `prisma migrate deploy` (never `db push`). It runs in a child process:
 * the CLI is the supported way to apply and record migrations, and it leaves nothing behind in this one.
 */
export async function applyMigrations(databaseUrl: string, cwd: string): Promise<void> {
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
