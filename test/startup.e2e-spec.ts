// The `npm start` path as a user runs it: the compiled service, no DATABASE_URL, an embedded PostgreSQL that
// it creates, migrates, reuses on the next start and stops cleanly on SIGTERM/SIGINT.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const MAIN = path.join(process.cwd(), 'dist', 'apps', 'api', 'src', 'main.js');

function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startService(env: Record<string, string>): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', SEED_ON_START: 'false', ...env };
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, [MAIN], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForReady(port: number, started: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`The service exited early:\n${started.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The service was not ready within ${timeoutMs} ms:\n${started.output()}`);
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('starting the service with no DATABASE_URL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-startup-'));
  const env = { DATA_DIR: dataDir, PORT: String(randomPort()), EMBEDDED_PG_PORT: String(randomPort()) };

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates, migrates and stops its own PostgreSQL, then reuses the data on the next start', async () => {
    const first = startService(env);
    await waitForReady(Number(env.PORT), first);
    expect(first.output()).toContain('Creating a PostgreSQL cluster');
    expect(await portAcceptsConnections(Number(env.EMBEDDED_PG_PORT))).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped the embedded PostgreSQL');
    expect(await portAcceptsConnections(Number(env.EMBEDDED_PG_PORT))).toBe(false);

    const second = startService(env);
    await waitForReady(Number(env.PORT), second);
    expect(second.output()).not.toContain('Creating a PostgreSQL cluster');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(await portAcceptsConnections(Number(env.EMBEDDED_PG_PORT))).toBe(false);
  }, 120_000);

  it('refuses to start on invalid configuration, naming the variable', async () => {
    const started = startService({ ...env, PORT: 'eighty' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/PORT="eighty": PORT must be an integer number/);
  });
});
