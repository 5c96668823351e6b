// The real application on a PostgreSQL cluster of this test's own, which the test freezes (SIGSTOP) and stops:
// the API and /health/ready answer 503 with Retry-After within a bound instead of hanging or answering 500, and
// both recover by themselves once the database is back, without a restart of the service.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../apps/api/src/app.factory.js';
import { ApiKeysService } from '../apps/api/src/auth/api-keys.service.js';
import { loadConfig } from '../apps/api/src/infrastructure/config/app-config.js';
import { listenOnLoopback, send, type LoopbackResponse } from './support/loopback-http.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.js';

/** The bound the issue asks for; the settings below make the service answer well within it. */
const ANSWER_WITHIN_MS = 5000;
/** How long the test waits for any one answer: a service that hangs shows as a failure, not as a stuck run. */
const CLIENT_PATIENCE_MS = 20_000;

describe('when the database freezes or stops', () => {
  let database: ThrowawayPostgres;
  let app: NestExpressApplication;
  let port: number;
  let authorization: string;

  beforeAll(async () => {
    database = await startThrowawayPostgres({ port: Number(process.env.TEST_THROWAWAY_PG_PORT ?? 54371) });
    const url = await database.createMigratedDatabase('kelisim_outage');
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SEED_ON_START: 'false',
      DATA_DIR: '.data/test',
      DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '1000',
      DATABASE_HEALTH_TIMEOUT_MS: '1000',
    });
    app = await createApp(config, url);
    port = await listenOnLoopback(app);
    authorization = `Bearer ${(await app.get(ApiKeysService).create('outage-test', 'write')).secret}`;
  }, 60_000);
  afterAll(async () => {
    await database?.thaw();
    await app?.close();
    await database?.destroy();
  });

  const listFollowUps = () => send(port, 'GET', '/api/v1/follow-ups', { headers: { authorization }, timeoutMs: CLIENT_PATIENCE_MS });
  const createParty = () =>
    send(port, 'POST', '/api/v1/parties', {
      headers: { authorization },
      body: { kind: 'organisation', nameRu: 'Торговый дом' },
      timeoutMs: CLIENT_PATIENCE_MS,
    });
  const ready = () => send(port, 'GET', '/health/ready', { timeoutMs: CLIENT_PATIENCE_MS });

  function expectUnavailable(response: LoopbackResponse, what: string) {
    console.log(`${what}: ${response.status} ${JSON.stringify((response.body as { type?: string }).type)} in ${Math.round(response.ms)} ms`);
    expect({ what, status: response.status }).toEqual({ what, status: 503 });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.ms).toBeLessThan(ANSWER_WITHIN_MS);
  }

  /** Polls until the API answers 200 again; resolves how long that took. */
  async function recovery(): Promise<number> {
    const started = performance.now();
    for (;;) {
      const response = await listFollowUps();
      if (response.status === 200) return Math.round(performance.now() - started);
      if (performance.now() - started > 30_000) throw new Error(`Still ${response.status} 30 s after the database came back`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('answers normally to begin with', async () => {
    expect((await listFollowUps()).status).toBe(200);
    expect((await createParty()).status).toBe(201);
    expect((await ready()).status).toBe(200);
  });

  // Frozen: the server accepts connections and never answers. Stopped: connections are refused at once.
  it.each([
    { outage: 'frozen', begin: () => database.freeze(), end: () => database.thaw() },
    { outage: 'stopped', begin: () => database.stop(), end: () => database.start() },
  ])(
    'answers 503 with Retry-After while the database is $outage, and recovers by itself when it is back',
    async ({ outage, begin, end }) => {
      await begin();
      try {
        const [read, write, probe] = await Promise.all([listFollowUps(), createParty(), ready()]);
        expectUnavailable(read, `${outage}: GET /api/v1/follow-ups`);
        expectUnavailable(write, `${outage}: POST /api/v1/parties`);
        expectUnavailable(probe, `${outage}: GET /health/ready`);
        expect(read.body).toMatchObject({ type: expect.stringMatching(/\/problems\/database-/) });
      } finally {
        await end();
      }
      console.log(`${outage}, then back: the API answered 200 again after ${await recovery()} ms`);
      expect((await ready()).status).toBe(200);
      expect((await createParty()).status).toBe(201);
    },
    60_000,
  );
});
