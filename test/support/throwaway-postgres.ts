// A PostgreSQL cluster of a test's own, for tests that do to the database what a bad day in production does:
// freeze it, stop it, kill it. It is a separate cluster (its own temporary folder and port), never the shared test
// server, which other test files keep using meanwhile.
//
//   const db = await startThrowawayPostgres({ port: 54371 });   // initdb + start, ~1 s
//   await db.createMigratedDatabase('kelisim')                   // or db.url('postgres') for an empty one
//   await db.freeze(); ...; await db.thaw();                     // SIGSTOP / SIGCONT of every server process
//   await db.stop(); ...; await db.start();                      // pg_ctl stop -m fast, then start again
//   await db.killHard(); ...; await db.start();                  // SIGKILL of every server process (crash recovery on start)
//   await db.destroy();                                          // in afterAll: thaws, stops and deletes the folder
//
// Ports: give each test file its own (TEST_THROWAWAY_PG_PORT, or the one it passes), away from the shared server's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from '../../apps/api/src/infrastructure/database/embedded-postgres.js';
import { applyMigrations } from '../../apps/api/src/infrastructure/database/migrations.js';
import { withDatabase } from './database-url.js';

export interface ThrowawayPostgresOptions {
  port: number;
  /** Where the cluster lives; a fresh temporary folder by default (deleted by destroy()). */
  parentDir?: string;
}

export interface ThrowawayPostgres {
  readonly port: number;
  /** A connection string for `database` on this cluster (the superuser's; `postgres` by default). */
  url(database?: string): string;
  /** Creates `name` and applies every migration to it; returns its connection string. */
  createMigratedDatabase(name: string): Promise<string>;
  /** The postmaster's pid and all its children (backends, background workers), read from /proc. */
  processIds(): number[];
  /** SIGSTOP of every server process: connections stay open and new ones are accepted by the kernel, nothing answers. */
  freeze(): Promise<void>;
  /** SIGCONT of every server process stopped by freeze(). */
  thaw(): Promise<void>;
  /** A clean, fast shutdown (pg_ctl stop -m fast): open connections are terminated, new ones refused. */
  stop(): Promise<void>;
  /** Starts the cluster again on the same port (after stop() or killHard()); its data is kept. */
  start(): Promise<void>;
  /** SIGKILL of every server process, as a crash or the OOM killer would; resolves once they are all gone. */
  killHard(): Promise<void>;
  /** Thaws, stops and deletes the cluster. Safe to call in any state, and twice. */
  destroy(): Promise<void>;
}

export async function startThrowawayPostgres(options: ThrowawayPostgresOptions): Promise<ThrowawayPostgres> {
  const parentDir = options.parentDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-throwaway-pg-'));
  const ownsParent = options.parentDir === undefined;
  // The server runs as an unprivileged account when the tests run as root: it must be able to reach its folder.
  fs.chmodSync(parentDir, 0o711);
  const launch = () => startEmbeddedPostgres({ dataDir: path.join(parentDir, 'data'), port: options.port, database: 'postgres' });
  let server: RunningPostgres = await launch();
  let frozen: number[] = [];

  const processIds = (): number[] => {
    const postmaster = server.pid();
    return postmaster === undefined ? [] : [postmaster, ...childrenOf(postmaster)];
  };
  const signalAll = (signal: NodeJS.Signals, pids: number[]) => {
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
  };

  const self: ThrowawayPostgres = {
    port: options.port,
    url: (database = 'postgres') => withDatabase(server.url, database),
    async createMigratedDatabase(name) {
      const client = new pg.Client({ connectionString: self.url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
      await applyMigrations(self.url(name), process.cwd());
      return self.url(name);
    },
    processIds,
    freeze() {
      // The postmaster first, so it forks no new backend while its children are being stopped.
      const postmaster = server.pid();
      if (postmaster === undefined) throw new Error('The throwaway PostgreSQL is not running.');
      signalAll('SIGSTOP', [postmaster]);
      frozen = [postmaster, ...childrenOf(postmaster)];
      signalAll('SIGSTOP', frozen);
      return Promise.resolve();
    },
    thaw() {
      signalAll('SIGCONT', frozen);
      frozen = [];
      return Promise.resolve();
    },
    async stop() {
      await self.thaw();
      await server.stop();
    },
    async start() {
      removeStalePidFile(server.dataDir);
      server = await launch();
    },
    async killHard() {
      const pids = processIds();
      signalAll('SIGKILL', pids);
      frozen = [];
      await waitUntil(() => pids.every((pid) => !isAlive(pid)), 10_000, `PostgreSQL processes ${pids.join(', ')} did not die`);
    },
    async destroy() {
      await self.thaw();
      if (server.pid() !== undefined) await server.stop().catch(() => undefined);
      if (ownsParent) fs.rmSync(parentDir, { recursive: true, force: true });
    },
  };
  return self;
}

/** Every descendant of `pid`, from /proc/<pid>/stat (field 4 is the parent's pid). */
function childrenOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) is in parentheses and may contain spaces: read after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const descendants: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const parent = pending.pop()!;
    for (const [child, itsParent] of parentOf) {
      if (itsParent === parent) {
        descendants.push(child);
        pending.push(child);
      }
    }
  }
  return descendants;
}

/**
 * A killed postmaster leaves postmaster.pid behind. PostgreSQL ignores one whose process is gone, but until its
 * parent reaps it the killed process lingers as a zombie, which pg_ctl and PostgreSQL take for a running server.
 */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) fs.rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A killed child stays a zombie until its parent reaps it; a zombie is gone for our purposes.
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
