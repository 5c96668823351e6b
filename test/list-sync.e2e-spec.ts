// Syncing from the lists (README "Syncing from the lists"), tested once for each entry of the registry: updatedSince,
// cursor pages in sync order with their Link header, archived records with includeArchived, and reads by ids.
import request from 'supertest';
import { ALL_RECORD_TYPES, type AnyRecordType } from '../apps/api/src/domain/record-types.js';
import { SYNC_SAFETY_LAG_MS } from '../apps/api/src/domain/sync-order.js';
import { bearer } from './support/fixtures.js';
import { bodiesOf, type BodyFixtures, bodyFixtures, updateBodyOf } from './support/record-bodies.js';
import { errorFields, problemOf, problemType, type RecordBody } from './support/responses.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface SyncPage {
  data: RecordBody[];
  meta: { total: number; limit: number; offset: number; nextCursor: string | null };
}

/** Long enough for the sync watermark to pass every write made before it. */
const pastTheWatermark = () => new Promise((resolve) => setTimeout(resolve, SYNC_SAFETY_LAG_MS + 200));

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const inSyncOrder = (rows: RecordBody[]) =>
  [...rows].sort((a, b) => compare(String(a.updatedAt), String(b.updatedAt)) || compare(a.id, b.id)).map((row) => row.id);

describe('syncing from the lists', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let fixtures: BodyFixtures;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    fixtures = bodyFixtures();
  });
  afterAll(() => t.close());

  describe.each(ALL_RECORD_TYPES.map((type) => [type.route, type] as const))('%s', (_route, type: AnyRecordType) => {
    const base = `/api/v1/${type.route}`;
    const list = (query: string) => request(server()).get(`${base}?${query}`).set('Authorization', read);
    let since: string;
    let created: RecordBody[];

    beforeAll(async () => {
      // The records the bodies point at (parties, a memorandum) exist before the sync starts, so only these three count.
      const bodies = [];
      for (let i = 0; i < 3; i += 1) bodies.push(await bodiesOf(type).create(t, fixtures));
      await pastTheWatermark();
      since = new Date().toISOString();
      created = [];
      for (const body of bodies) created.push((await request(server()).post(base).set('Authorization', write).send(body).expect(201)).body as RecordBody);
      await pastTheWatermark();
    });

    it('pages through the records updated since an instant, in sync order, by cursor and Link', async () => {
      const first = await list(`updatedSince=${since}&limit=2`).expect(200);
      const page = first.body as SyncPage;
      expect(page.data.map((row) => row.id)).toEqual(inSyncOrder(created).slice(0, 2));
      expect(page.meta).toMatchObject({ total: 3, limit: 2, offset: 0, nextCursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
      // The next page's link keeps the query and carries the cursor.
      const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.link)?.[1];
      expect(link).toBe(`${base}?updatedSince=${encodeURIComponent(since)}&limit=2&cursor=${page.meta.nextCursor}`);
      const second = await request(server()).get(link!).set('Authorization', read).expect(200);
      expect((second.body as SyncPage).data.map((row) => row.id)).toEqual(inSyncOrder(created).slice(2));
      // Not a full page: the last one for now, so no link, and its cursor is where to sync on from.
      expect(second.headers.link).toBeUndefined();
      const highWater = (second.body as SyncPage).meta.nextCursor!;
      expect((await list(`cursor=${highWater}`).expect(200)).body).toMatchObject({ data: [], meta: { total: 0, nextCursor: highWater } });

      // A change moves the record past the high-water mark, at its new version.
      const [changed] = created;
      await request(server()).patch(`${base}/${changed.id}`).set('Authorization', write).set('If-Match', '"1"').send(updateBodyOf(type)).expect(200);
      await pastTheWatermark();
      const resync = (await list(`cursor=${highWater}`).expect(200)).body as SyncPage;
      expect(resync.data.map((row) => [row.id, row.version])).toEqual([[changed.id, 2]]);
      expect(resync.meta.nextCursor).not.toBe(highWater);
    });

    it('shows archived records to a sync that asks for them, so that deletions are seen', async () => {
      const { nextCursor } = ((await list(`updatedSince=${since}&limit=100`).expect(200)).body as SyncPage).meta;
      const archived = created[2];
      const current = (await request(server()).get(`${base}/${archived.id}`).set('Authorization', read).expect(200)).body as RecordBody;
      await request(server()).delete(`${base}/${archived.id}`).set('Authorization', write).set('If-Match', `"${current.version}"`).expect(200);
      await pastTheWatermark();
      expect(((await list(`cursor=${nextCursor}`).expect(200)).body as SyncPage).data).toEqual([]);
      const withArchived = (await list(`cursor=${nextCursor}&includeArchived=true`).expect(200)).body as SyncPage;
      expect(withArchived.data.map((row) => [row.id, row.archivedAt === null])).toEqual([[archived.id, false]]);
    });

    it('holds back what was written within the safety lag', async () => {
      const { nextCursor } = ((await list(`updatedSince=${since}&limit=100&includeArchived=true`).expect(200)).body as SyncPage).meta;
      const fresh = (
        await request(server())
          .post(base)
          .set('Authorization', write)
          .send(await bodiesOf(type).create(t, fixtures))
          .expect(201)
      ).body as RecordBody;
      expect(((await list(`cursor=${nextCursor}`).expect(200)).body as SyncPage).data).toEqual([]);
      await pastTheWatermark();
      expect(((await list(`cursor=${nextCursor}`).expect(200)).body as SyncPage).data.map((row) => row.id)).toEqual([fresh.id]);
    });

    it('reads records by ids: the ones that exist, in a page; more than 100 or a non-UUID is a 400', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const page = (await list(`ids=${created[0].id},${missing},${created[1].id}`).expect(200)).body as SyncPage;
      expect(page.data.map((row) => row.id).sort()).toEqual([created[0].id, created[1].id].sort());
      expect(page.meta).toMatchObject({ total: 2, nextCursor: null });
      const tooMany = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',');
      expect(errorFields(await list(`ids=${tooMany}`).expect(400))).toEqual(['ids']);
      expect(errorFields(await list('ids=abc').expect(400))).toEqual(['ids']);
    });

    it('refuses what cannot page in sync order: cursor with offset, another sort, a cursor it did not give, a bad instant', async () => {
      const { nextCursor } = ((await list(`updatedSince=${since}`).expect(200)).body as SyncPage).meta;
      expect(errorFields(await list(`cursor=${nextCursor}&offset=5`).expect(400))).toEqual(['offset']);
      expect(errorFields(await list(`updatedSince=${since}&sort=-createdAt`).expect(400))).toEqual(['sort']);
      await list(`updatedSince=${since}&sort=updatedAt`).expect(200);
      const bad = await list('cursor=NzYxLjEyMDQ').expect(400);
      expect(problemOf(bad)).toMatchObject({ type: problemType('validation-error') });
      expect(errorFields(bad)).toEqual(['cursor']);
      expect(errorFields(await list('updatedSince=yesterday').expect(400))).toEqual(['updatedSince']);
      expect(errorFields(await list('updatedSince=2026-12-01').expect(400))).toEqual(['updatedSince']);
    });

    it('answers offset pages as before, with no cursor', async () => {
      const page = (await list('limit=1').expect(200)).body as SyncPage;
      expect(page.meta.nextCursor).toBeNull();
    });
  });
});
