import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Runs the project's Prisma CLI (the WebAssembly engine, via prisma.config.ts) against a database. */
export function runPrismaCli(args: string[], databaseUrl: string): string {
  const root = process.cwd();
  const result = spawnSync(
    process.execPath,
    ['-r', path.join(root, 'prisma', 'unref-engine-timers.cjs'), path.join(root, 'node_modules', 'prisma', 'build', 'index.js'), ...args],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' }, encoding: 'utf8', timeout: 60_000 },
  );
  if (result.status !== 0) throw new Error(`prisma ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}
