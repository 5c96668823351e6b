// Plain HTTP requests on loopback for load and outage tests: each on its own connection (no pooling agent), with
// its status, headers, parsed body and how long it took, and a latency probe that samples a route while they run.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';

export interface LoopbackResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  ms: number;
}

/** Listens on an ephemeral loopback port (a real socket, as clients see it) and returns the port. */
export async function listenOnLoopback(app: NestExpressApplication): Promise<number> {
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as AddressInfo).port;
}

export function send(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; timeoutMs?: number; agent?: http.Agent } = {},
): Promise<LoopbackResponse> {
  const started = performance.now();
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: options.agent ?? false,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...options.headers },
        timeout: options.timeoutMs ?? 60_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Not JSON: keep the text.
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, ms: performance.now() - started });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${path} got no answer within ${options.timeoutMs ?? 60_000} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

/** Samples GET `path` one request after another until stop() is called; resolves latencies in ms. */
export function sampleLatency(port: number, path: string, pauseMs = 20): { stop(): Promise<LatencySummary> } {
  const latencies: number[] = [];
  let running = true;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const loop = (async () => {
    while (running) {
      latencies.push((await send(port, 'GET', path, { timeoutMs: 30_000, agent })).ms);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (fraction: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0);
      return { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) };
    },
  };
}

/** Counts of each status, e.g. { 201: 150, 503: 50 }. */
export function statusCounts(responses: LoopbackResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}
