// The built service (`npm run build`) as a child process of the test, as it runs in production: its own port and
// database, killable with SIGKILL. For the fault scenarios, where an in-process app could not be killed.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, sleep } from './http.js';
import { TEST_PUBLIC_URL } from '../support/responses.js';

const MAIN = path.resolve(process.cwd(), 'dist', 'apps', 'api', 'src', 'main.js');
const CLI = path.resolve(process.cwd(), 'dist', 'apps', 'api', 'src', 'cli.js');

export interface ServiceOptions {
  port: number;
  databaseUrl: string;
  /** More configuration (AppConfig variables). */
  env?: Record<string, string>;
}

export class ServiceProcess {
  private child?: ChildProcess;
  private output = '';
  private readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-torture-service-'));

  constructor(private readonly options: ServiceOptions) {}

  get base(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  private get env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(this.options.port),
      DATABASE_URL: this.options.databaseUrl,
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'silent',
      SEED_ON_START: 'false',
      PUBLIC_URL: TEST_PUBLIC_URL,
      ...this.options.env,
    };
  }

  /** Starts the service and waits until /health/ready answers 200. */
  async start(timeoutMs = 90_000): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [MAIN], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`The service exited with ${child.exitCode} on start:\n${this.output.slice(-2000)}`);
      const ready = await call(this.base, 'GET', '/health/ready', { timeoutMs: 2_000 });
      if (ready.status === 200) return;
      await sleep(200);
    }
    throw new Error(`The service was not ready within ${timeoutMs} ms:\n${this.output.slice(-2000)}`);
  }

  /** SIGKILL, as the OOM killer or a power cut would; resolves once the process is gone. */
  async killHard(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM (a clean shutdown), then SIGKILL if it takes more than 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops the service and removes its data folder. */
  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** An API key made with the CLI against the service's database (the operator's way); returns the header value. */
  apiKey(name: string, scope: 'read' | 'write'): Promise<string> {
    return new Promise((resolve, reject) => {
      const cli = spawn(process.execPath, [CLI, 'api-key', 'create', '--name', name, '--scope', scope], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      cli.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      cli.on('exit', (code) => {
        const secret = output.trim().split('\n').pop() ?? '';
        if (code === 0 && secret.startsWith('klsm_')) resolve(`Bearer ${secret}`);
        else reject(new Error(`api-key create exited with ${code}: ${output}`));
      });
    });
  }
}
