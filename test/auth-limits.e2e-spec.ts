import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import request from 'supertest';
import { ApiKeysService, AUTHENTICATION_CACHE_MS } from '../apps/api/src/auth/api-keys.service.js';
import { bearer } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { problemType } from './support/responses.js';

/** A token in the keys' own format, so that before the limit every one of them was looked up in the database. */
const junkToken = () => `Bearer klsm_${randomBytes(6).toString('base64url')}_${randomBytes(32).toString('base64url')}`;

describe('limits on unauthenticated and failed-auth requests', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ AUTH_FAILURES_PER_MINUTE: '20', RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  it('a revoked key is refused at once, although the limits remember it as known', async () => {
    const name = `revoked-${randomBytes(3).toString('hex')}`;
    const revoked = await bearer(t, 'read', name);
    await request(t.app.getHttpServer()).get('/api/v1/memoranda').set('Authorization', revoked).expect(200);
    await t.app.get(ApiKeysService).revoke(name);
    await request(t.app.getHttpServer()).get('/api/v1/memoranda').set('Authorization', revoked).expect(401);
  });

  it('a key revoked by another process (the CLI, another instance) is trusted for at most the cache bound, then refused', async () => {
    const name = `elsewhere-${randomBytes(3).toString('hex')}`;
    const key = await bearer(t, 'read', name);
    const server = t.app.getHttpServer();
    await request(server).get('/api/v1/memoranda').set('Authorization', key).expect(200);
    // Written to the database directly, as `npm run cli -- api-key revoke` does from its own process.
    await t.prisma.apiKey.update({ where: { name }, data: { revokedAt: new Date() } });
    const revokedAt = Date.now();
    // Within the bound this instance answers from the key it read a moment ago, without a database lookup.
    await request(server).get('/api/v1/memoranda').set('Authorization', key).expect(200);
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < AUTHENTICATION_CACHE_MS + 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await request(server).get('/api/v1/memoranda').set('Authorization', key)).status;
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeGreaterThanOrEqual(AUTHENTICATION_CACHE_MS - 1_000);
  });

  it('400 distinct junk tokens from one address: 401s up to the limit, then 429s with no key lookup; a known key still works', async () => {
    const keys = t.app.get(ApiKeysService);
    const valid = await bearer(t, 'read');
    await request(t.app.getHttpServer()).get('/api/v1/memoranda').set('Authorization', valid).expect(200);
    const lookups = jest.spyOn(keys, 'authenticate');

    const statuses = new Map<number, number>();
    for (let i = 0; i < 400; i += 1) {
      const response = await request(t.app.getHttpServer()).get('/api/v1/memoranda').set('Authorization', junkToken());
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 429) {
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.body).toMatchObject({ type: problemType('rate-limited'), status: 429 });
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    // Before: 400 × 401, each one a database lookup.
    expect(Object.fromEntries(statuses)).toEqual({ 401: 20, 429: 380 });
    expect(lookups).toHaveBeenCalledTimes(20);

    // An integration whose key authenticated lately keeps working from the same address; requests without any key
    // are limited with the junk ones.
    await request(t.app.getHttpServer()).get('/api/v1/memoranda').set('Authorization', valid).expect(200);
    await request(t.app.getHttpServer()).get('/api/v1/memoranda').expect(429);
    lookups.mockRestore();
  });
});

describe('connections per client address', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ MAX_CONNECTIONS_PER_ADDRESS: '5' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const open = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
  /** Whether the server closes the connection by itself within a second (it never does for an idle socket under the cap). */
  const closedByServer = (socket: net.Socket) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 1000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.on('error', () => undefined);
    });

  it('closes a connection beyond the cap at once, and takes new ones again when one is closed', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, open));
    const extra = await open();
    // Before: every extra socket stayed open, so one client could hold any number.
    expect(await closedByServer(extra)).toBe(true);
    expect(await closedByServer(held[0])).toBe(false);

    held[0].destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await open();
    expect(await closedByServer(again)).toBe(false);
    for (const socket of [...held, again]) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await request(t.app.getHttpServer()).get('/health/live').expect(200);
  });
});
