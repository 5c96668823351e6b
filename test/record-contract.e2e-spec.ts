// What every record resource promises, tested once for each entry of the registry (domain/record-types.ts): the
// routes of http/record-routes.ts and the rules of the versioned-records base. A new record type is in this table as
// soon as it is in the registry, and does not compile until test/support/record-bodies.ts can create one. The module
// specs (apps/api/src/*/*.e2e-spec.ts) test only what is a type's own.
import request from 'supertest';
import { ALL_RECORD_TYPES, type AnyRecordType, delegateOf, type TransitionTable } from '../apps/api/src/domain/record-types.js';
import { bearer, domainRowCounts } from './support/fixtures.js';
import { bodiesOf, type BodyFixtures, bodyFixtures, RECORD_BODIES, updateBodyOf } from './support/record-bodies.js';
import { etagAt, historyOf, idsOf, pageOf, problemOf, problemType, type RecordBody, recordOf } from './support/responses.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

let counter = 0;
/** A word no other record of the file contains, so that `?q=` finds exactly the records given it. */
const uniqueWord = (label: string) => `${label}${(counter += 1)}zq${Math.random().toString(36).slice(2, 8)}`;

/** A history entry for each field of a PATCH body that the create body left empty. */
const fromNull = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).map(([field, to]) => [field, { from: null, to }]));

describe('the record contract', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let fixtures: BodyFixtures;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    // Thousands of requests through two keys within a minute; the rate limit itself is tested in http-security.
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    fixtures = bodyFixtures();
  });
  afterAll(() => t.close());

  it('has request bodies for every record type', () => {
    expect(Object.keys(RECORD_BODIES).sort()).toEqual(ALL_RECORD_TYPES.map((type) => type.entityType).sort());
  });

  /** Status changes go only through POST .../transitions, along the type's own table. */
  function lifecycleCases(type: AnyRecordType, table: TransitionTable) {
    const base = `/api/v1/${type.route}`;
    const statuses = Object.keys(table);

    async function recordIn(status: string): Promise<RecordBody> {
      const created = await request(server())
        .post(base)
        .set('Authorization', write)
        .send(await bodiesOf(type).create(t, fixtures))
        .expect(201);
      const { id } = recordOf(created);
      // Put straight into the status, at version 1, whether or not an API client could create it there.
      await delegateOf(t.prisma, type.model).updateMany({ where: { id, version: 1 }, data: { status } });
      return recordOf(await request(server()).get(`${base}/${id}`).set('Authorization', read).expect(200));
    }

    const transition = (id: string, version: number, sent: object) =>
      request(server()).post(`${base}/${id}/transitions`).set('Authorization', write).set('If-Match', `"${version}"`).send(sent);

    it('follows its lifecycle table: every allowed move succeeds, every other is 409 naming the allowed targets', async () => {
      for (const from of statuses) {
        for (const to of statuses) {
          const record = await recordIn(from);
          expect([from, record.allowedTransitions]).toEqual([from, table[from]]);
          const response = await transition(record.id, 1, { to });
          const current = recordOf(await request(server()).get(`${base}/${record.id}`).set('Authorization', read).expect(200));
          if (table[from].includes(to)) {
            expect([from, to, response.status]).toEqual([from, to, 200]);
            expect(response.headers.etag).toMatch(etagAt(2));
            expect(response.body).toMatchObject({ status: to, version: 2, allowedTransitions: table[to] });
            expect(current).toMatchObject({ status: to, version: 2 });
          } else {
            expect([from, to, response.status]).toEqual([from, to, 409]);
            expect(problemOf(response)).toMatchObject({ type: problemType('invalid-transition'), currentStatus: from, allowedTransitions: table[from] });
            expect(current).toMatchObject({ status: from, version: 1 });
          }
        }
      }
      // 49 pairs for memoranda, three requests each: more than the default 30 s on a loaded machine.
    }, 120_000);

    it('refuses a transition to a status it does not have, or without one', async () => {
      const record = await recordIn(statuses[0]);
      for (const sent of [{ to: 'bogus' }, {}, { to: statuses[0], colour: 'red' }]) {
        const response = await transition(record.id, 1, sent);
        expect([sent, response.status]).toEqual([sent, 400]);
      }
      expect(problemOf(await transition(record.id, 1, { to: 'bogus' })).errors).toEqual([
        { field: 'to', message: expect.stringContaining(statuses.join(', ')) },
      ]);
      expect(recordOf(await request(server()).get(`${base}/${record.id}`).set('Authorization', read).expect(200)).version).toBe(1);
    });

    it('keeps who, when, from, to and why of each status change in the history', async () => {
      // The longest walk of two moves from some status: a comment on the first, only spaces on the second.
      const start = statuses.find((status) => table[status].some((next) => table[next].length > 0)) ?? statuses.find((status) => table[status].length > 0)!;
      const first = table[start].find((next) => table[next].length > 0) ?? table[start][0];
      const second = table[first][0];
      const record = await recordIn(start);
      const url = `${base}/${record.id}`;
      await transition(record.id, 1, { to: first, comment: '  Решение рабочей группы ' }).expect(200);
      if (second) await transition(record.id, 2, { to: second, comment: '  ' }).expect(200);

      const history = historyOf(await request(server()).get(`${url}/history`).set('Authorization', read).expect(200));
      const moves = history.filter((entry) => entry.kind === 'status');
      const firstMove = moves.at(-1)!;
      expect(firstMove).toMatchObject({
        kind: 'status',
        action: 'transition',
        from: start,
        to: first,
        version: 2,
        comment: 'Решение рабочей группы',
        actor: { type: 'api_key', name: expect.stringMatching(/^api-key:test-write/) },
      });
      expect(Date.parse(firstMove.at)).toBeGreaterThan(Date.now() - 60_000);
      if (second) {
        expect(moves).toHaveLength(2);
        expect(moves[0]).toMatchObject({ from: first, to: second, comment: null, version: 3 });
        expect(Date.parse(moves[0].at)).toBeGreaterThanOrEqual(Date.parse(firstMove.at));
      } else {
        expect(moves).toHaveLength(1);
      }
      expect(history.at(-1)).toMatchObject({ kind: 'edit', action: 'create', version: 1 });
      const current = recordOf(await request(server()).get(url).set('Authorization', read).expect(200));
      expect(current).toMatchObject({ status: second ?? first, version: second ? 3 : 2 });

      // History comes a page at a time, newest first, with the number of entries in all.
      const pageOfHistory = async (query: object) =>
        (await request(server()).get(`${url}/history`).query(query).set('Authorization', read).expect(200)).body as { data: unknown[]; meta: object };
      const first1 = await pageOfHistory({ limit: 1 });
      expect(first1.meta).toEqual({ total: history.length, limit: 1, offset: 0 });
      expect(first1.data).toEqual([history[0]]);
      expect((await pageOfHistory({ limit: 1, offset: history.length - 1 })).data).toEqual([history.at(-1)]);
      expect(await pageOfHistory({ offset: history.length })).toEqual({ data: [], meta: { total: history.length, limit: 20, offset: history.length } });
      await request(server()).get(`${url}/history`).query({ limit: 0 }).set('Authorization', read).expect(400);
    });
  }

  for (const type of ALL_RECORD_TYPES) {
    describe(`/api/v1/${type.route}`, () => {
      const base = `/api/v1/${type.route}`;
      const bodies = bodiesOf(type);
      const update = updateBodyOf(type);

      /** A valid create body, findable by `text` when given. */
      async function body(text?: string): Promise<Record<string, unknown>> {
        return { ...(await bodies.create(t, fixtures)), ...(text === undefined ? {} : bodies.searchable(text)) };
      }

      async function create(text?: string): Promise<RecordBody> {
        const response = await request(server())
          .post(base)
          .set('Authorization', write)
          .send(await body(text));
        expect([response.status, response.body]).toEqual([201, expect.anything()]);
        return recordOf(response);
      }

      const get = (id: string) => request(server()).get(`${base}/${id}`).set('Authorization', read);
      const list = (query: Record<string, string>) => request(server()).get(base).query(query).set('Authorization', read).expect(200);
      const patch = (id: string, version: number, patchBody: object) =>
        request(server()).patch(`${base}/${id}`).set('Authorization', write).set('If-Match', `"${version}"`).send(patchBody);
      const transition = (id: string, version: number, to: string, comment?: string) =>
        request(server())
          .post(`${base}/${id}/transitions`)
          .set('Authorization', write)
          .set('If-Match', `"${version}"`)
          .send(comment === undefined ? { to } : { to, comment });

      it('creates with 201, ETag and Location; reads with ETag; 404 for an unknown id, 400 for a bad one', async () => {
        const created = await request(server())
          .post(base)
          .set('Authorization', write)
          .send(await body())
          .expect(201);
        const record = recordOf(created);
        expect(created.headers.etag).toMatch(etagAt(1));
        expect(created.headers.location).toBe(`${base}/${record.id}`);
        expect(record).toMatchObject({ id: expect.any(String), version: 1, archivedAt: null });
        if (type.lifecycle) expect(record.allowedTransitions).toEqual(type.lifecycle[record.status!]);

        const fetched = await request(server()).get(created.headers.location).set('Authorization', read).expect(200);
        expect(fetched.headers.etag).toMatch(etagAt(1));
        expect(fetched.body).toEqual(created.body);

        for (const url of [`${base}/${MISSING}`, `${base}/${MISSING}/history`]) {
          const missing = await request(server()).get(url).set('Authorization', read).expect(404);
          expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(problemOf(missing)).toMatchObject({ type: problemType('not-found'), status: 404, detail: `${type.label} ${MISSING} does not exist.` });
        }
        const badId = await request(server()).get(`${base}/not-a-uuid`).set('Authorization', read).expect(400);
        expect(badId.headers['content-type']).toMatch(/^application\/problem\+json/);
      });

      it('needs If-Match to change a record: 428 without, 400 when malformed, 412 with the current version when stale, 404 for an unknown id', async () => {
        const text = uniqueWord('ifmatch');
        const record = await create(text);
        const url = `${base}/${record.id}`;
        const changes: [string, () => request.Test][] = [
          ['PATCH', () => request(server()).patch(url).set('Authorization', write).send(update)],
          ['DELETE', () => request(server()).delete(url).set('Authorization', write)],
        ];
        if (type.lifecycle) {
          const to = Object.keys(type.lifecycle)[0];
          changes.push(['transition', () => request(server()).post(`${url}/transitions`).set('Authorization', write).send({ to })]);
        }
        for (const [name, change] of changes) {
          const missing = await change();
          expect([name, missing.status, problemOf(missing).type]).toEqual([name, 428, problemType('precondition-required')]);
          const malformed = await change().set('If-Match', 'version one');
          expect([name, malformed.status, problemOf(malformed).errors]).toEqual([name, 400, [{ field: 'If-Match', message: expect.any(String) }]]);
        }

        const updated = await patch(record.id, 1, update).expect(200);
        expect(updated.headers.etag).toMatch(etagAt(2));
        expect(updated.body).toMatchObject({ id: record.id, version: 2, ...update, ...bodies.searchable(text) });

        for (const [name, change] of changes) {
          const stale = await change().set('If-Match', '"1"');
          expect([name, stale.status]).toEqual([name, 412]);
          expect(problemOf(stale)).toMatchObject({ type: problemType('precondition-failed'), status: 412, currentVersion: 2 });
        }
        const lost = await patch(record.id, 1, bodies.searchable(uniqueWord('lost'))).expect(412);
        expect(problemOf(lost).currentVersion).toBe(2);
        const current = await get(record.id).expect(200);
        expect(current.headers.etag).toMatch(etagAt(2));
        expect(current.body).toMatchObject({ version: 2, archivedAt: null, ...update, ...bodies.searchable(text) });
        if (type.lifecycle) expect(recordOf(current).status).toBe(record.status);

        await patch(MISSING, 1, update).expect(404);
        await request(server()).delete(`${base}/${MISSING}`).set('Authorization', write).set('If-Match', '"1"').expect(404);
        if (type.lifecycle) await transition(MISSING, 1, Object.keys(type.lifecycle)[0]).expect(404);
      });

      it('reads If-Match as RFC 9110 says: * matches the record, a list matches when any strong tag does, weak tags never', async () => {
        const record = await create();
        const ifMatch = (value: string, body: object) =>
          request(server()).patch(`${base}/${record.id}`).set('Authorization', write).set('If-Match', value).send(body);
        const first = bodies.searchable(uniqueWord('star'));
        expect(recordOf(await ifMatch('*', first).expect(200)).version).toBe(2);
        const second = bodies.searchable(uniqueWord('list'));
        expect(recordOf(await ifMatch('"1", "2"', second).expect(200)).version).toBe(3);
        for (const value of ['"1", "2"', 'W/"3", "7"', '"abc"']) {
          const refused = await ifMatch(value, bodies.searchable(uniqueWord('stale')));
          expect([value, refused.status, problemOf(refused).currentVersion]).toEqual([value, 412, 3]);
        }
        // A weak tag alone is refused before the record is read, with the RFC's reason (http/preconditions.spec.ts).
        expect((await ifMatch('W/"3"', bodies.searchable(uniqueWord('weak')))).status).toBe(412);
        await request(server()).patch(`${base}/${MISSING}`).set('Authorization', write).set('If-Match', '*').send(first).expect(404);
        expect(recordOf(await get(record.id).expect(200))).toMatchObject({ version: 3, ...second });
      });

      it('a PATCH that changes nothing is a no-op: 200 with the same version, updatedAt and ETag, and no history entry', async () => {
        const record = await create();
        const changed = recordOf(await patch(record.id, 1, update).expect(200));
        for (const body of [{}, update]) {
          const response = await patch(record.id, 2, body).expect(200);
          expect(response.headers.etag).toMatch(etagAt(2));
          expect(recordOf(response)).toMatchObject({ version: 2, updatedAt: changed.updatedAt });
        }
        const history = historyOf(await request(server()).get(`${base}/${record.id}/history`).set('Authorization', read).expect(200));
        expect(history.map((entry) => entry.version)).toEqual([2, 1]);
        // Still a change guarded by its version: a stale no-op is a 412 like any other.
        await patch(record.id, 1, {}).expect(412);
      });

      it('records the creation and each edit in the history, with who did it', async () => {
        const record = await create();
        await patch(record.id, 1, update).expect(200);
        const history = historyOf(await request(server()).get(`${base}/${record.id}/history`).set('Authorization', read).expect(200));
        expect(history).toHaveLength(2);
        const [edit, creation] = history;
        expect(edit).toMatchObject({
          kind: 'edit',
          action: 'update',
          version: 2,
          actor: { type: 'api_key', name: expect.stringMatching(/^api-key:test-write/) },
        });
        expect(edit.changes).toEqual(fromNull(update));
        expect(Date.parse(edit.at)).toBeGreaterThan(Date.now() - 60_000);
        expect(creation).toMatchObject({ kind: 'edit', action: 'create', version: 1, actor: { type: 'api_key' } });
      });

      it('lets only one of concurrent PATCHes of the same version win', async () => {
        const record = await create();
        const texts = ['A', 'B', 'C'].map((suffix) => uniqueWord(`race${suffix}`));
        const results = await Promise.all(texts.map((text) => patch(record.id, 1, { ...update, ...bodies.searchable(text) })));
        expect(results.map((result) => result.status).sort()).toEqual([200, 412, 412]);
        const winner = texts[results.findIndex((result) => result.status === 200)];
        const current = await get(record.id).expect(200);
        expect(current.body).toMatchObject({ version: 2, ...bodies.searchable(winner) });
        for (const loser of results.filter((result) => result.status === 412)) expect(problemOf(loser).currentVersion).toBe(2);
      });

      it('refuses a status in a PATCH', async () => {
        const record = await create();
        const status = type.lifecycle ? (type.lifecycle[record.status!][0] ?? Object.keys(type.lifecycle)[0]) : 'done';
        const refused = await patch(record.id, 1, { status }).expect(400);
        expect(problemOf(refused).errors).toEqual([
          { field: 'status', message: type.lifecycle ? expect.stringContaining(`/api/v1/${type.route}/{id}/transitions`) : expect.any(String) },
        ]);
        expect((await get(record.id).expect(200)).body).toEqual(record);
      });

      it('archives on DELETE: still readable, hidden from lists unless includeArchived=true, and closed to changes', async () => {
        const text = uniqueWord('archive');
        const record = await create(text);
        const url = `${base}/${record.id}`;
        expect(idsOf(await list({ q: text }))).toEqual([record.id]);
        const archived = await request(server()).delete(url).set('Authorization', write).set('If-Match', '"1"').expect(200);
        expect(archived.headers.etag).toMatch(etagAt(2));
        expect(archived.body).toMatchObject({ id: record.id, version: 2, archivedAt: expect.any(String) });
        if (type.lifecycle) expect(recordOf(archived).allowedTransitions).toEqual([]);
        expect((await get(record.id).expect(200)).body).toEqual(archived.body);

        const hidden = pageOf(await list({ q: text }));
        expect(hidden).toEqual({ data: [], meta: expect.objectContaining({ total: 0 }) });
        const shown = pageOf(await list({ q: text, includeArchived: 'true' }));
        expect(shown.meta.total).toBe(1);
        expect(shown.data.map((row) => [row.id, row.archivedAt])).toEqual([[record.id, recordOf(archived).archivedAt]]);
        expect(pageOf(await list({ q: text, includeArchived: 'false' })).meta.total).toBe(0);

        const closed = [
          ['PATCH', await patch(record.id, 2, update)],
          ['DELETE', await request(server()).delete(url).set('Authorization', write).set('If-Match', '"2"')],
        ] as const;
        for (const [name, response] of closed) expect([name, response.status, problemOf(response).type]).toEqual([name, 409, problemType('archived')]);
        if (type.lifecycle) {
          const to = type.lifecycle[record.status!][0] ?? Object.keys(type.lifecycle)[0];
          expect(problemOf(await transition(record.id, 2, to).expect(409)).type).toBe(problemType('archived'));
        }
        const history = historyOf(await request(server()).get(`${url}/history`).set('Authorization', read).expect(200));
        expect(history[0]).toMatchObject({
          kind: 'edit',
          action: 'archive',
          version: 2,
          changes: { archivedAt: { from: null, to: recordOf(archived).archivedAt } },
        });
        expect((await get(record.id).expect(200)).body).toMatchObject({ version: 2 });
      });

      it('restores an archived record at its version, once, with the write scope', async () => {
        const text = uniqueWord('restore');
        const created = await create(text);
        const url = `${base}/${created.id}`;
        await request(server()).post(`${url}/restore`).set('Authorization', write).set('If-Match', '"1"').expect(409);
        const archived = recordOf(await request(server()).delete(url).set('Authorization', write).set('If-Match', '"1"').expect(200));
        expect(archived).toMatchObject({ version: 2, archivedAt: expect.any(String) });

        await request(server()).post(`${url}/restore`).set('Authorization', read).set('If-Match', '"2"').expect(403);
        await request(server()).post(`${url}/restore`).set('Authorization', write).expect(428);
        const stale = await request(server()).post(`${url}/restore`).set('Authorization', write).set('If-Match', '"1"').expect(412);
        expect(problemOf(stale).currentVersion).toBe(2);

        const restored = await request(server()).post(`${url}/restore`).set('Authorization', write).set('If-Match', '"2"').expect(200);
        expect(restored.body).toMatchObject({ id: created.id, version: 3, archivedAt: null });
        expect(restored.headers.etag).toMatch(etagAt(3));
        await request(server()).post(`${url}/restore`).set('Authorization', write).set('If-Match', '"3"').expect(409);

        const history = historyOf(await request(server()).get(`${url}/history`).set('Authorization', read).expect(200));
        expect(history[0]).toMatchObject({
          kind: 'edit',
          action: 'restore',
          version: 3,
          changes: { archivedAt: { from: archived.archivedAt, to: null } },
        });
        expect(idsOf(await list({ q: text }))).toEqual([created.id]);
      });

      it('rejects unknown query parameters and out-of-range pages', async () => {
        const unknown = await request(server()).get(`${base}?colour=red`).set('Authorization', read).expect(400);
        expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(problemOf(unknown)).toMatchObject({ type: problemType('validation-error'), errors: [{ field: 'colour', message: expect.any(String) }] });
        const queries = [
          'limit=101',
          'limit=0',
          'limit=abc',
          'offset=-1',
          'offset=10000001',
          'sort=colour',
          'includeArchived=perhaps',
          'includeArchived=1',
          'include=everything',
        ];
        if (type.lifecycle) queries.push(`status=${Object.keys(type.lifecycle)[0]},bogus`);
        for (const query of queries) {
          const response = await request(server()).get(`${base}?${query}`).set('Authorization', read);
          expect([query, response.status]).toEqual([query, 400]);
        }
        expect(pageOf(await list({})).meta).toMatchObject({ limit: 20, offset: 0 });
        expect(pageOf(await list({ limit: '100', offset: '0' })).meta).toMatchObject({ limit: 100, offset: 0 });
        if (type.lifecycle) await list({ status: Object.keys(type.lifecycle).join(',') });
      });

      it('treats LIKE wildcards in q as plain characters', async () => {
        const text = uniqueWord('like');
        const percent = await create(`${text} скидка 50% всем`);
        await create(`${text} скидка 50 всем`);
        const underscore = await create(`${text} код a_b`);
        await create(`${text} код axb`);
        expect(idsOf(await list({ q: '%' }))).toEqual([percent.id]);
        expect(idsOf(await list({ q: '50%' }))).toEqual([percent.id]);
        expect(idsOf(await list({ q: '_' }))).toEqual([underscore.id]);
        expect(idsOf(await list({ q: 'a_b' }))).toEqual([underscore.id]);
        expect(pageOf(await list({ q: text })).meta.total).toBe(4);
      });

      it('exports CSV with a BOM, a header row and the same filters', async () => {
        const text = uniqueWord('csv');
        const record = await create(text);
        await create();
        const response = await request(server()).get(base).query({ q: text }).set('Authorization', read).set('Accept', 'text/csv').expect(200);
        expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
        expect(response.headers['content-disposition']).toBe(`attachment; filename="${type.route}.csv"`);
        expect(response.text.charCodeAt(0)).toBe(0xfeff);
        const lines = response.text.slice(1).trim().split('\r\n');
        expect(lines).toHaveLength(2);
        const header = lines[0].split(',');
        expect(header[0]).toBe('id');
        expect(header).toContain('version');
        if (type.lifecycle) expect(header).toContain('status');
        expect(lines[1].startsWith(`${record.id},`)).toBe(true);
        // JSON stays the default, also when a client accepts both.
        const json = await request(server()).get(base).query({ q: text }).set('Authorization', read).set('Accept', 'application/json, text/csv').expect(200);
        expect(idsOf(json)).toEqual([record.id]);
      });

      it('needs a key, and the write scope to change anything', async () => {
        for (const auth of [undefined, 'Bearer klsm_nope_nope']) {
          const anonymous = request(server()).get(base);
          const response = await (auth ? anonymous.set('Authorization', auth) : anonymous).expect(401);
          expect(problemOf(response).type).toBe(problemType('unauthorized'));
        }
        await request(server()).get(`${base}/${MISSING}`).expect(401);
        const record = await create();
        const url = `${base}/${record.id}`;
        const createBody = await body();
        const before = await domainRowCounts(t);
        await request(server()).post(base).send(createBody).expect(401);
        const attempts: [string, request.Test][] = [
          ['POST', request(server()).post(base).set('Authorization', read).send(createBody)],
          ['PATCH', request(server()).patch(url).set('Authorization', read).set('If-Match', '"1"').send(update)],
          ['DELETE', request(server()).delete(url).set('Authorization', read).set('If-Match', '"1"')],
        ];
        if (type.lifecycle) {
          const to = type.lifecycle[record.status!][0] ?? Object.keys(type.lifecycle)[0];
          attempts.push(['transition', request(server()).post(`${url}/transitions`).set('Authorization', read).set('If-Match', '"1"').send({ to })]);
        }
        for (const [name, attempt] of attempts) {
          const response = await attempt;
          expect([name, response.status, problemOf(response).type]).toEqual([name, 403, problemType('forbidden')]);
        }
        expect(await domainRowCounts(t)).toEqual(before);
        expect((await get(record.id).expect(200)).body).toEqual(record);
      });

      it('replays a create with the same Idempotency-Key and body, and refuses the key with another body', async () => {
        const key = uniqueWord(`${type.route}-`);
        const createBody = await body(uniqueWord('idempotent'));
        const before = await domainRowCounts(t);
        const post = (sent: object) => request(server()).post(base).set('Authorization', write).set('Idempotency-Key', key).send(sent);
        const first = await post(createBody).expect(201);
        expect(first.headers['idempotency-replayed']).toBeUndefined();
        const retry = await post(createBody).expect(201);
        expect(retry.headers['idempotency-replayed']).toBe('true');
        expect(retry.body).toEqual(first.body);
        expect(retry.headers.location).toBe(first.headers.location);
        expect(retry.headers.etag).toBe(first.headers.etag);
        expect((await domainRowCounts(t))[type.collection]).toBe(before[type.collection] + 1);

        const other = await post({ ...createBody, ...bodies.searchable(uniqueWord('other')) }).expect(422);
        expect(problemOf(other).type).toBe(problemType('idempotency-key-reuse'));
        expect((await domainRowCounts(t))[type.collection]).toBe(before[type.collection] + 1);
      });

      if (type.lifecycle) lifecycleCases(type, type.lifecycle);
    });
  }
});
