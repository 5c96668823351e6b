// Plain HTTP against a real listening server (a real socket per request, as a client would): supertest is fine for
// one request at a time, but load and races need many connections at once, and faults need a server in a child process.
import type { INestApplication } from '@nestjs/common';
import net, { type AddressInfo, type Server } from 'node:net';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  ms: number;
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** A string is sent as it is (with the content type given or application/json); anything else as JSON. */
  body?: unknown;
  timeoutMs?: number;
  /** A keep-alive agent reuses one connection, so a probe measures the service, not the set-up of a new socket. */
  agent?: http.Agent;
}

/**
 * One request over node:http (fetch refuses a body on GET, which clients do send). Status 0: no answer at all
 * (refused, reset, or timed out), with the reason in `text`.
 */
export function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    // node:http frames a GET's body only when told its length.
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise<Reply>((resolve) => {
    const failed = (error: Error) => resolve({ status: 0, headers: new Headers(), text: `${error.name}: ${error.message}`, json: undefined, ms: elapsed() });
    const request = http.request(
      new URL(path, base),
      { method, headers, agent: options.agent, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', failed);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const replyHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of ([] as string[]).concat(value ?? [])) replyHeaders.append(name, one);
          }
          resolve({ status: response.statusCode ?? 0, headers: replyHeaders, text, json, ms: elapsed() });
        });
      },
    );
    request.on('error', failed);
    request.end(body);
  });
}

/** One line naming a request and what came back, for failure messages. */
export function describeReply(method: string, path: string, reply: Reply): string {
  return `${method} ${path} → ${reply.status} ${reply.headers.get('content-type') ?? ''} ${reply.text.slice(0, 300)}`;
}

/** Listens on a free loopback port; returns its base URL. */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Polls `url` (normally /health/live) one request after another for as long as `work` runs, and returns the latency
 * of each poll: how responsive the service stayed meanwhile. A poll that got no 200 counts as `failures`.
 */
export async function pollWhile<T>(work: Promise<T>, url: string, pauseMs = 20): Promise<{ result: T; latencies: number[]; failures: string[] }> {
  let done = false;
  const latencies: number[] = [];
  const failures: string[] = [];
  // One kept-alive connection: after the first poll (which may queue behind a burst of new connections in the
  // kernel), each poll measures how soon the service itself answers.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const polling = (async () => {
    while (!done) {
      const reply = await call(url, 'GET', '', { timeoutMs: 60_000, agent });
      latencies.push(reply.ms);
      if (reply.status !== 200) failures.push(`${reply.status} ${reply.text.slice(0, 100)}`);
      await sleep(pauseMs);
    }
  })();
  try {
    const result = await work;
    done = true;
    await polling;
    return { result, latencies, failures };
  } finally {
    done = true;
    agent.destroy();
  }
}

/** A loopback port free right now, for a child process to listen on (the kernel picks it, so parallel runs do not clash). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The JSON body of a reply as a record of fields (problem details, a record), or an empty one. */
export function fieldsOf(reply: Reply): Record<string, unknown> {
  return reply.json && typeof reply.json === 'object' ? (reply.json as Record<string, unknown>) : {};
}
