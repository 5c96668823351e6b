// Upserts by another system's id (README "Syncing from the lists"), tested once for each entry of the registry:
// externalId in bodies, answers and the list filter, and PUT /api/v1/<resource>/by-external-id/{externalId} with its
// preconditions, through the domain services (history, versions), also when two PUTs race to create the same id.
import request from 'supertest';
import { ALL_RECORD_TYPES, type AnyRecordType, delegateOf } from '../apps/api/src/domain/record-types.js';
import { bearer } from './support/fixtures.js';
import { bodiesOf, type BodyFixtures, bodyFixtures, updateBodyOf } from './support/record-bodies.js';
import { errorFields, etagAt, historyOf, problemOf, problemType, type RecordBody } from './support/responses.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let counter = 0;
const newExternalId = (label: string) => `crm:${label}-${(counter += 1)}-${Math.random().toString(36).slice(2, 8)}`;

describe('external ids', () => {
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
    const put = (externalId: string, body: object, headers: Record<string, string> = {}) => {
      let pending = request(server())
        .put(`${base}/by-external-id/${encodeURIComponent(externalId)}`)
        .set('Authorization', write);
      for (const [name, value] of Object.entries(headers)) pending = pending.set(name, value);
      return pending.send(body);
    };
    const body = () => bodiesOf(type).create(t, fixtures);

    it('creates with 201, Location and ETag, then updates with If-Match (200), through the service and its history', async () => {
      const externalId = newExternalId(type.route);
      const created = await put(externalId, await body()).expect(201);
      const record = created.body as RecordBody;
      expect(record).toMatchObject({ externalId, version: 1 });
      expect(created.headers.location).toBe(`${base}/${record.id}`);
      expect(created.headers.etag).toMatch(etagAt(1));

      const updated = await put(externalId, { ...(await body()), ...updateBodyOf(type) }, { 'If-Match': created.headers.etag }).expect(200);
      expect(updated.body).toMatchObject({ id: record.id, externalId, version: 2, ...updateBodyOf(type) });
      expect(updated.headers.etag).toMatch(etagAt(2));
      expect(updated.headers.location).toBeUndefined();
      const history = historyOf(await request(server()).get(`${base}/${record.id}/history`).set('Authorization', read).expect(200));
      expect(history.map((entry) => entry.action)).toEqual(['update', 'create']);
      expect(history[1].changes).toMatchObject({ externalId: { from: null, to: externalId } });

      // Found by the list filter, and shown by GET.
      const listed = await request(server())
        .get(`${base}?externalId=${encodeURIComponent(externalId)}`)
        .set('Authorization', read)
        .expect(200);
      expect((listed.body as { data: RecordBody[] }).data.map((row) => row.id)).toEqual([record.id]);
      expect((await request(server()).get(`${base}/${record.id}`).set('Authorization', read).expect(200)).body).toMatchObject({ externalId });
    });

    it('answers the preconditions: 412 for If-None-Match: * on an existing record or a stale If-Match, 428 without If-Match, 412 for If-Match on none', async () => {
      const externalId = newExternalId(type.route);
      await put(externalId, await body(), { 'If-Match': '"1"' }).expect(412);
      const created = await put(externalId, await body(), { 'If-None-Match': '*' }).expect(201);
      const again = await put(externalId, await body(), { 'If-None-Match': '*' }).expect(412);
      expect(problemOf(again)).toMatchObject({ type: problemType('precondition-failed'), currentVersion: 1 });
      expect(problemOf(await put(externalId, await body()).expect(428))).toMatchObject({ type: problemType('precondition-required') });
      await put(externalId, { ...(await body()), ...updateBodyOf(type) }, { 'If-Match': '"1"' }).expect(200);
      const stale = await put(externalId, await body(), { 'If-Match': created.headers.etag }).expect(412);
      expect(problemOf(stale)).toMatchObject({ currentVersion: 2 });
      // Nothing was written by the refused ones.
      expect(await delegateOf(t.prisma, type.model).count({ where: { externalId } })).toBe(1);
    });

    it('replaces the record: a field the PUT leaves out is cleared, a status other than the current one is a 409', async () => {
      const externalId = newExternalId(type.route);
      const kazakh = `${type.naming}Kk`;
      const { [kazakh]: _left, ...withoutKazakh } = await body();
      const created = await put(externalId, { ...withoutKazakh, [kazakh]: 'Қазақша атауы' }).expect(201);
      expect(created.body).toMatchObject({ [kazakh]: 'Қазақша атауы' });

      const replaced = await put(externalId, withoutKazakh, { 'If-Match': created.headers.etag }).expect(200);
      expect(replaced.body).toMatchObject({ version: 2, [kazakh]: null });
      const history = historyOf(await request(server()).get(`${base}/${created.body.id}/history`).set('Authorization', read).expect(200));
      expect(history[0].changes).toEqual({ [kazakh]: { from: 'Қазақша атауы', to: null } });

      if (type.lifecycle) {
        const current = (replaced.body as { status: string }).status;
        const other = Object.keys(type.lifecycle).find((status) => status !== current)!;
        const refused = await put(externalId, { ...withoutKazakh, status: other }, { 'If-Match': replaced.headers.etag }).expect(409);
        expect(problemOf(refused).detail).toContain('/transitions');
        await put(externalId, { ...withoutKazakh, status: current }, { 'If-Match': replaced.headers.etag }).expect(200);
        const [stored] = (await delegateOf(t.prisma, type.model).findMany({ where: { externalId }, take: 1 })) as { version: number; status: string }[];
        expect(stored).toMatchObject({ version: 2, status: current });
      }
    });

    it('refuses a body that disagrees with the path, a malformed external id or If-None-Match, and a duplicate externalId on POST', async () => {
      const externalId = newExternalId(type.route);
      expect(errorFields(await put(externalId, { ...(await body()), externalId: 'another' }).expect(400))).toEqual(['externalId']);
      expect(errorFields(await put('has space', await body()).expect(400))).toEqual(['externalId']);
      expect(errorFields(await put(externalId, await body(), { 'If-None-Match': '"1"' }).expect(400))).toEqual(['If-None-Match']);
      await request(server())
        .post(base)
        .set('Authorization', write)
        .send({ ...(await body()), externalId })
        .expect(201);
      const duplicate = await request(server())
        .post(base)
        .set('Authorization', write)
        .send({ ...(await body()), externalId });
      expect([duplicate.status, problemOf(duplicate).type]).toEqual([409, problemType('duplicate')]);
    });

    it('makes one record of concurrent PUTs creating the same externalId; the others are 412, never a 500', async () => {
      const externalId = newExternalId(type.route);
      const bodies = await Promise.all(Array.from({ length: 6 }, () => body()));
      const answers = await Promise.all(bodies.map((sent) => put(externalId, sent, { 'If-None-Match': '*' })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 412, 412, 412, 412, 412]);
      expect(await delegateOf(t.prisma, type.model).count({ where: { externalId } })).toBe(1);
    });
  });
});
