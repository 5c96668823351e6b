import request from 'supertest';
import { createApp } from '../apps/api/src/app.factory.js';
import { loadConfig } from '../apps/api/src/infrastructure/config/app-config.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { problemType } from './support/responses.js';

describe('health and error shape', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('answers live and ready while the database answers', async () => {
    const server = testApp.app.getHttpServer();
    await request(server).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(server).get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
  });

  it('renders unknown routes as problem details', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/no-such-route').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: problemType('not-found'), title: 'Not Found', status: 404, instance: '/no-such-route' });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await request(testApp.app.getHttpServer()).post('/health/live').set('content-type', 'application/json').send('{"broken":').expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: problemType('malformed-json'), status: 400 });
  });

  it('reports 503 with a problem body when the database does not answer', async () => {
    // Port 9 (discard) has nothing listening on loopback: the connection is refused at once.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await createApp(config, 'postgresql://nobody:nothing@127.0.0.1:9/none');
    await app.init();
    try {
      const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: problemType('service-unavailable'), status: 503 });
      expect(response.body.checks.database.status).toBe('down');
      await request(app.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await app.close();
    }
  });
});
