// A real HTTP receiver on loopback for webhook tests: records every request (headers and raw body) and answers
// with the status a test chooses for each one.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The service's webhook loops, fast: several attempts in a second or two. */
export const FAST_WEBHOOKS = {
  WEBHOOK_WORKERS: 'true',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '200',
  WEBHOOK_TIMEOUT_MS: '2000',
  OVERDUE_CHECK_INTERVAL_MS: '100',
};

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The status of the next answer, by the number of requests received before it (0-based); 200 when it returns nothing. */
  answer: (index: number, request: ReceivedWebhook) => number | 'hang';
  /** Resolves once `count` requests matching `filter` have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, filter?: (request: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** The event a webhook request carries. */
export const webhookEvent = (received: ReceivedWebhook) => JSON.parse(received.body) as { id: number; type: string; recordId: string; version: number };

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answer: () => 200,
    async waitFor(count, filter = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = receiver.received.filter(filter);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline) throw new Error(`Expected ${count} webhook requests within ${timeoutMs} ms, got ${matching.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const status = receiver.answer(receiver.received.length, received);
      receiver.received.push(received);
      if (status === 'hang') {
        hanging.add(response);
        return;
      }
      response.writeHead(status, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
