import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_PUBLIC_URL } from './responses.js';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** Ends it at once, as a crash or `kill -9` would: no shutdown hook runs. */
  kill(): Promise<void>;
}

/** The service in a process of its own, on `databaseUrl`, listening on loopback. */
export async function startServiceProcess(databaseUrl: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [path.join(process.cwd(), 'test', 'support', 'service-child.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SEED_ON_START: 'false',
      WEBHOOK_WORKERS: 'false',
      DATA_DIR: '.data/test',
      // Problem types are absolute under PUBLIC_URL: the same as the in-process test app's, whatever the port.
      PUBLIC_URL: TEST_PUBLIC_URL,
      ...env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const listening = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) resolve();
    };
    child.stdout.on('data', listening);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The service process exited (${code}) before listening:\n${output}`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
