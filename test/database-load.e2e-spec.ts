// 200 writers at once against a service with a pool of 3 connections: each gets a 201 or a 503 that says when to
// retry, never a 500, and the liveness probe keeps answering meanwhile (its latency is printed, not asserted).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { bearer } from './support/fixtures.js';
import { listenOnLoopback, sampleLatency, send, statusCounts } from './support/loopback-http.js';
import { insertMemorandum } from './support/records.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const WRITERS = 200;

describe('under write load', () => {
  let t: TestApp;
  let port: number;
  let write: string;
  let memorandumId: string;

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '3', RATE_LIMIT_PER_MINUTE: '100000' });
    port = await listenOnLoopback(t.app);
    write = await bearer(t, 'write');
    memorandumId = (await insertMemorandum(t, { titleRu: 'Меморандум под нагрузкой' })).id;
    // Warm-up: Prisma compiles its query engine and the query's plan on first use, which would block the first second.
    const warmUp = await send(port, 'POST', '/api/v1/follow-ups', { headers: { authorization: write }, body: { titleRu: 'Разогрев', memorandumId } });
    expect(warmUp.status).toBe(201);
  });
  afterAll(() => t.close());

  it(`answers ${WRITERS} concurrent POSTs with 201 or 503 + Retry-After, never 500, and every 201 is stored`, async () => {
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const live = sampleLatency(port, '/health/live');
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, index) =>
        send(port, 'POST', '/api/v1/follow-ups', {
          headers: { authorization: write },
          body: { titleRu: `Поручение под нагрузкой ${index}`, memorandumId },
        }),
      ),
    );
    const elapsed = Math.round(performance.now() - started);
    const liveness = await live.stop();
    loopDelay.disable();
    const counts = statusCounts(responses);
    const slowest = Math.round(Math.max(...responses.map((response) => response.ms)));
    console.log(
      `${WRITERS} concurrent POST /api/v1/follow-ups with DATABASE_POOL_SIZE=3: ${JSON.stringify(counts)} in ${elapsed} ms (slowest ${slowest} ms); ` +
        `/health/live meanwhile: ${JSON.stringify(liveness)} ms; event loop delay p99 ${Math.round(loopDelay.percentile(99) / 1e6)} ms, ` +
        `max ${Math.round(loopDelay.max / 1e6)} ms`,
    );

    expect(Object.keys(counts).filter((status) => status !== '201' && status !== '503')).toEqual([]);
    for (const refused of responses.filter((response) => response.status === 503)) {
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ type: expect.stringMatching(/\/problems\/database-/), status: 503 });
    }
    const created = responses.filter((response) => response.status === 201).map((response) => (response.body as { id: string }).id);
    expect(created.length).toBeGreaterThan(0);
    const stored = await t.prisma.followUp.count({ where: { id: { in: created } } });
    expect(stored).toBe(created.length);
    expect(liveness.samples).toBeGreaterThan(0);
  }, 120_000);
});
