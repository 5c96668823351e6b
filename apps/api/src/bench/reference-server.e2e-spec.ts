import { jest } from '@jest/globals';
import path from 'node:path';
import request from 'supertest';
import { bearer } from '../../../../test/support/fixtures.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { SeedService } from '../seed/seed.service.js';
import { startReferenceServer, type ReferenceServer } from './reference-server.js';

jest.setTimeout(60_000);

/**
 * The bench compares Kelisim with its bare reference server only if the two answer byte for byte alike, and refuses to
 * time them otherwise. A field added to the API without the reference learning it (externalId, nextCursor) broke
 * `npm run bench` unnoticed; this holds the two together on the seeded register with every request the bench makes.
 */
describe('the bench’s reference server', () => {
  let t: TestApp;
  let reference: ReferenceServer;
  let read: string;
  let paths: string[];

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run(path.join(process.cwd(), 'prisma', 'seed'));
    read = await bearer(t, 'read');
    reference = await startReferenceServer(t.database.url, 2);
    const memorandum = await t.prisma.memorandum.findUniqueOrThrow({ where: { seedKey: 'a003-memo-10-memoranda' } });
    const region = await t.prisma.party.findUniqueOrThrow({ where: { seedKey: 'region-vko' } });
    // One seeded follow-up overdue, so that the overdue list is not empty.
    await t.prisma.followUp.updateMany({
      where: { status: { in: ['planned', 'in_progress'] } },
      data: { dueOn: new Date('2020-01-01'), dueOnPrecision: 'day' },
    });
    paths = [
      `/api/v1/memoranda/${memorandum.id}`,
      '/api/v1/memoranda',
      `/api/v1/memoranda?region=${region.id}&status=signed,in_progress`,
      '/api/v1/follow-ups?overdue=true',
      `/api/v1/memoranda?q=${encodeURIComponent('ынтымақ')}`,
      `/api/v1/memoranda?q=${encodeURIComponent('меморандум')}`,
    ];
  });

  afterAll(async () => {
    await reference?.close();
    await t?.close();
  });

  it('answers every request of the bench exactly as Kelisim does', async () => {
    for (const url of paths) {
      const kelisim = await request(t.app.getHttpServer()).get(url).set('Authorization', read).expect(200);
      const bare = await fetch(`${reference.url}${url}`);
      expect({ url, status: bare.status }).toEqual({ url, status: 200 });
      const body = JSON.parse(kelisim.text) as { data?: unknown[] };
      // Not vacuous: each list has records in it.
      if (body.data) expect({ url, records: body.data.length > 0 }).toEqual({ url, records: true });
      expect({ url, body: await bare.text() }).toEqual({ url, body: kelisim.text });
    }
  });
});
