// A client that sends its headers and then a byte a second is cut off by REQUEST_TIMEOUT_SECONDS (with a 408
// problem+json) instead of holding the socket for Node's default 300 s.
import net from 'node:net';
import { listenOnLoopback } from './support/loopback-http.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { problemType } from './support/responses.js';

describe('a slow client', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ HEADERS_TIMEOUT_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '2' });
    port = await listenOnLoopback(t.app);
  });
  afterAll(() => t.close());

  it('is cut off once its request has taken longer than the bound', async () => {
    const started = performance.now();
    const { closedAfterMs, answer } = await new Promise<{ closedAfterMs: number; answer: string }>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      let drip: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        socket.write('POST /api/v1/follow-ups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
        drip = setInterval(() => socket.write('{'), 1000);
      });
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(drip);
        resolve({ closedAfterMs: performance.now() - started, answer });
      });
      // Node's default would hold it for 300 s: far past this, the bound did not work.
      setTimeout(() => {
        clearInterval(drip);
        socket.destroy();
        reject(new Error('the slow client was not cut off within 30 s'));
      }, 30_000).unref();
    });
    console.log(`slow client (a byte a second) cut off after ${Math.round(closedAfterMs)} ms with REQUEST_TIMEOUT_SECONDS=2`);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('application/problem+json');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ type: problemType('request-timeout'), status: 408 });
  }, 40_000);
});
