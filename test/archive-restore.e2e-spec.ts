// DELETE archives and POST .../restore brings a record back, the same way for every resource, with the version
// check and the history of any other change.
import request from 'supertest';
import { bearer, createParty } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('archive and restore through the API', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  const bodies: Record<string, () => Promise<object>> = {};
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    const region = await createParty(t, { nameRu: 'Павлодарская область' });
    const host = await createParty(t, { nameRu: 'Омская область' });
    const memorandum = await request(server()).post('/api/v1/memoranda').set('Authorization', write).send({ titleRu: 'Опорный меморандум' }).expect(201);
    bodies.visits = async () => ({ titleRu: 'Визит для архива', visitingPartyId: region.id, hostPartyIds: [host.id] });
    bodies.memoranda = async () => ({ titleRu: 'Меморандум для архива' });
    bodies.contracts = async () => ({ titleRu: 'Контракт для архива' });
    bodies['follow-ups'] = async () => ({ titleRu: 'Поручение для архива', memorandumId: memorandum.body.id });
    bodies.parties = async () => ({ nameRu: 'Сторона для архива', kind: 'organisation' });
    bodies.people = async () => ({ nameRu: 'Человек для архива' });
  });
  afterAll(() => t.close());

  for (const resource of ['visits', 'memoranda', 'contracts', 'follow-ups', 'parties', 'people']) {
    it(`${resource}: restores an archived record at its version, once, with the write scope`, async () => {
      const { body: created } = await request(server())
        .post(`/api/v1/${resource}`)
        .set('Authorization', write)
        .send(await bodies[resource]())
        .expect(201);
      const url = `/api/v1/${resource}/${created.id}`;
      await request(server()).post(`${url}/restore`).set('Authorization', write).set('If-Match', '"1"').expect(409);
      const { body: archived } = await request(server()).delete(url).set('Authorization', write).set('If-Match', '"1"').expect(200);
      expect(archived).toMatchObject({ version: 2, archivedAt: expect.any(String) });

      await request(server()).post(`${url}/restore`).set('Authorization', read).set('If-Match', '"2"').expect(403);
      await request(server()).post(`${url}/restore`).set('Authorization', write).expect(428);
      const stale = await request(server()).post(`${url}/restore`).set('Authorization', write).set('If-Match', '"1"').expect(412);
      expect(stale.body.currentVersion).toBe(2);

      const restored = await request(server()).post(`${url}/restore`).set('Authorization', write).set('If-Match', '"2"').expect(200);
      expect(restored.body).toMatchObject({ id: created.id, version: 3, archivedAt: null });
      expect(restored.headers.etag).toBe('"3"');
      await request(server()).post(`${url}/restore`).set('Authorization', write).set('If-Match', '"3"').expect(409);

      const history = await request(server()).get(`${url}/history`).set('Authorization', read).expect(200);
      expect(history.body.data[0]).toMatchObject({
        kind: 'edit',
        action: 'restore',
        version: 3,
        changes: { archivedAt: { from: archived.archivedAt, to: null } },
      });
      const { body: list } = await request(server()).get(`/api/v1/${resource}?limit=100`).set('Authorization', read).expect(200);
      expect(list.data.map((row: { id: string }) => row.id)).toContain(created.id);
    });
  }
});
