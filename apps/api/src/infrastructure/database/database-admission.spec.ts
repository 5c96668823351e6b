// The admission gate in front of a real Express server on loopback, with a handler the test lets finish when it
// wants: who runs, who waits, who is refused (503 problem+json with Retry-After), and who leaves the queue.
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from '../../../../../test/support/loopback-http.js';
import { DatabaseAdmission } from './database-admission.js';

describe('DatabaseAdmission', () => {
  let server: http.Server;
  let port: number;
  let admission: DatabaseAdmission;
  let started: string[];
  let finishers: (() => void)[];

  beforeEach(async () => {
    admission = new DatabaseAdmission({ concurrency: 1, queueLimit: 1, queueTimeoutMs: 400 });
    started = [];
    finishers = [];
    const app = express();
    app.get('/frontend/assets/app.js', admission.middleware, (_req, res) => res.send('asset'));
    app.get('/work/:name', admission.middleware, (req, res) => {
      const name = String(req.params.name);
      started.push(name);
      finishers.push(() => void (res.headersSent || res.send(name)));
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    for (const finish of finishers) finish();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A request the test leaves unfinished: afterEach cuts its connection, which is no failure. */
  const leaveRunning = (path: string) => void send(port, 'GET', path).catch(() => undefined);

  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('runs up to its concurrency, queues up to its limit and refuses the rest at once with 503 and Retry-After', async () => {
    const first = send(port, 'GET', '/work/first');
    await until(() => started.length === 1);
    const second = send(port, 'GET', '/work/second');
    await until(() => admission.load.waiting === 1);
    const third = await send(port, 'GET', '/work/third');
    expect(third.status).toBe(503);
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(third.headers['retry-after']).toBe('2');
    expect(third.body).toMatchObject({ type: '/problems/database-busy', status: 503, instance: '/work/third' });

    finishers[0]();
    expect((await first).body).toBe('first');
    await until(() => started.length === 2);
    finishers[1]();
    expect((await second).body).toBe('second');
    expect(started).toEqual(['first', 'second']);
    expect(admission.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a request that waited longer than the queue timeout, without running it', async () => {
    leaveRunning('/work/slow');
    await until(() => started.length === 1);
    const waiting = await send(port, 'GET', '/work/patient');
    expect(waiting.status).toBe(503);
    expect(waiting.body).toMatchObject({ type: '/problems/database-busy' });
    expect(started).toEqual(['slow']);
    expect(admission.load).toEqual({ running: 1, waiting: 0 });
  });

  it('drops a waiting request whose client disconnects, and frees the turn of a running one whose client disconnects', async () => {
    const running = http.get({ host: '127.0.0.1', port, path: '/work/abandoned-running', agent: false });
    running.on('error', () => undefined);
    await until(() => started.length === 1);
    const queued = http.get({ host: '127.0.0.1', port, path: '/work/abandoned-waiting', agent: false });
    queued.on('error', () => undefined);
    await until(() => admission.load.waiting === 1);

    queued.destroy();
    await until(() => admission.load.waiting === 0);
    running.destroy();
    await until(() => admission.load.running === 0);

    const next = send(port, 'GET', '/work/next');
    await until(() => started.length === 2);
    finishers[1]();
    expect((await next).status).toBe(200);
    // The abandoned waiting request never ran.
    expect(started).toEqual(['abandoned-running', 'next']);
  });

  it('lets the panel’s static assets through without a turn', async () => {
    leaveRunning('/work/busy');
    await until(() => started.length === 1);
    leaveRunning('/work/queued');
    await until(() => admission.load.waiting === 1);
    expect((await send(port, 'GET', '/frontend/assets/app.js')).body).toBe('asset');
  });
});
