import request from 'supertest';
import { bearer, domainRowCounts } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { problemType } from './support/responses.js';

describe('HTTP protections', () => {
  let t: TestApp;
  let read: string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5', BODY_LIMIT: '2kb', CORS_ORIGINS: 'https://portal.example.kz' });
    read = await bearer(t, 'read');
  });
  afterAll(() => t.close());

  it('limits requests per API key with 429, Retry-After and a problem body', async () => {
    const other = await bearer(t, 'read');
    const server = t.app.getHttpServer();
    // A key's first request is charged to its client address: the limits cannot tell a key from junk before it has
    // been looked up once (test/auth-limits.e2e-spec.ts). Then the key has a budget of its own.
    await request(server).get('/api/v1/memoranda').set('Authorization', read).expect(200);
    for (let i = 0; i < 5; i += 1) await request(server).get('/api/v1/memoranda').set('Authorization', read).expect(200);
    const limited = await request(server).get('/api/v1/memoranda').set('Authorization', read).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ type: problemType('rate-limited'), status: 429 });
    // Another key has its own budget; probes are not limited.
    await request(server).get('/api/v1/memoranda').set('Authorization', other).expect(200);
    await request(server).get('/health/live').expect(200);
  });

  it('refuses bodies over BODY_LIMIT with 413 and writes nothing', async () => {
    const write = await bearer(t, 'write');
    const before = await domainRowCounts(t);
    const response = await request(t.app.getHttpServer())
      .post('/api/v1/memoranda')
      .set('Authorization', write)
      .send({ titleRu: 'x'.repeat(4000) })
      .expect(413);
    expect(response.body).toMatchObject({ type: problemType('payload-too-large'), status: 413 });
    expect(await domainRowCounts(t)).toEqual(before);
  });

  it('sends helmet security headers', async () => {
    const response = await request(t.app.getHttpServer()).get('/health/live').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('allows only the configured browser origins', async () => {
    const server = t.app.getHttpServer();
    const allowed = await request(server).options('/api/v1/memoranda').set('Origin', 'https://portal.example.kz').set('Access-Control-Request-Method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example.kz');
    expect(allowed.headers['access-control-expose-headers']).toContain('ETag');
    const refused = await request(server).options('/api/v1/memoranda').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'GET');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});
