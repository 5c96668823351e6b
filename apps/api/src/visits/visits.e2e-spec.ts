import request from 'supertest';
import { bearer, createArticle, createParty, createPerson, domainRowCounts } from '../../../../test/support/fixtures.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { Actor } from '../domain/actor.js';
import { LIFECYCLES, statusesOf } from '../domain/lifecycle.js';
import { VisitsService } from './visits.service.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('/api/v1/visits', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let vko: { id: string };
  let sko: { id: string };
  let petropavl: { id: string };
  let samara: { id: string };
  let altai: { id: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    vko = await createParty(t, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', aliases: ['ВКО'] });
    sko = await createParty(t, { nameRu: 'Северо-Казахстанская область', nameKk: 'Солтүстік Қазақстан облысы' });
    petropavl = await createParty(t, { nameRu: 'Петропавловск', kind: 'city', parentId: sko.id });
    samara = await createParty(t, { nameRu: 'Самарская область', nameKk: 'Самара облысы' });
    altai = await createParty(t, { nameRu: 'Алтайский край', nameEn: 'Altai Krai' });
    await createArticle(t, 'v.txt', 'Делегация Алтайского края во главе с губернатором прибыла в Усть-Каменогорск.');
  });
  afterAll(() => t.close());

  function create(body: Record<string, unknown>, auth = write) {
    return request(server()).post('/api/v1/visits').set('Authorization', auth).send(body);
  }

  function patch(id: string, version: number, body: Record<string, unknown>) {
    return request(server()).patch(`/api/v1/visits/${id}`).set('Authorization', write).set('If-Match', `"${version}"`).send(body);
  }

  function list(query: Record<string, string>) {
    return request(server()).get('/api/v1/visits').query(query).set('Authorization', read).expect(200);
  }

  async function rowsIncludingHosts(): Promise<Record<string, number>> {
    return { ...(await domainRowCounts(t)), hosts: await t.prisma.visitHost.count() };
  }

  it('creates a visit with its parties, delegation head, previous visit and a verified citation', async () => {
    const governor = await createPerson(t, { nameRu: 'Виктор Томенко', partyId: altai.id });
    const earlier = await create({
      titleRu: 'Визит делегации ВКО на Алтай',
      visitingPartyId: vko.id,
      hostPartyIds: [altai.id],
      startDate: '2015-05-01',
      status: 'completed',
    }).expect(201);
    const response = await create({
      titleRu: 'Визит делегации Алтайского края в ВКО',
      summaryRu: 'Ответный визит',
      visitingPartyId: altai.id,
      hostPartyIds: [vko.id, sko.id],
      delegationHeadId: governor.id,
      startDate: '2016-06-09',
      endDate: '2016-06-11',
      place: 'Усть-Каменогорск',
      occasion: 'Форум межрегионального сотрудничества',
      previousVisitId: earlier.body.id,
      sources: [{ article: 'v.txt', quote: 'Делегация Алтайского края во главе с губернатором' }],
    }).expect(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/api/v1/visits/${response.body.id}`);
    expect(response.body).toMatchObject({
      version: 1,
      status: 'planned',
      allowedTransitions: ['completed', 'cancelled'],
      startDate: '2016-06-09',
      startDatePrecision: 'day',
      endDate: '2016-06-11',
      endDatePrecision: 'day',
      visitingPartyId: altai.id,
      visitingParty: { id: altai.id, name: { ru: 'Алтайский край', en: 'Altai Krai', kk: null } },
      delegationHeadId: governor.id,
      delegationHead: { id: governor.id, name: { ru: 'Виктор Томенко' } },
      previousVisitId: earlier.body.id,
      memorandumIds: [],
      contractIds: [],
      followUpIds: [],
      laterVisitIds: [],
      sources: [{ article: 'v.txt', quote: 'Делегация Алтайского края во главе с губернатором' }],
    });
    expect(response.body.hosts).toHaveLength(2);
    expect(response.body.hosts.map((host: { partyId: string }) => host.partyId).sort()).toEqual([vko.id, sko.id].sort());
    expect(response.body.hostPartyIds.sort()).toEqual([vko.id, sko.id].sort());
    const previous = await request(server()).get(`/api/v1/visits/${earlier.body.id}`).set('Authorization', read).expect(200);
    expect(previous.body).toMatchObject({ laterVisitIds: [response.body.id], status: 'completed', allowedTransitions: [] });
  });

  it('compares stored dates: an end on the first of the start period is fine, an earlier end is not', async () => {
    const month = await create({
      titleEn: 'June visit',
      visitingPartyId: sko.id,
      hostPartyIds: [samara.id],
      startDate: '2016-06-17',
      startDatePrecision: 'month',
      endDate: '2016-06-03',
      endDatePrecision: 'day',
    }).expect(201);
    expect(month.body).toMatchObject({ startDate: '2016-06-01', startDatePrecision: 'month', endDate: '2016-06-03', endDatePrecision: 'day' });
    await create({ titleEn: 'One day', visitingPartyId: sko.id, hostPartyIds: [samara.id], startDate: '2016-06-17', endDate: '2016-06-17' }).expect(201);
    const before = await rowsIncludingHosts();
    const backwards = await create({
      titleEn: 'Backwards',
      visitingPartyId: sko.id,
      hostPartyIds: [samara.id],
      startDate: '2016-06-17',
      endDate: '2016-06-16',
    }).expect(400);
    expect(backwards.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(backwards.body.errors).toEqual([{ field: 'endDate', message: 'endDate must not be before startDate' }]);
    // The month of the start is known only as its first day, which an end later that month does not precede.
    await create({
      titleEn: 'Coarse end',
      visitingPartyId: sko.id,
      hostPartyIds: [samara.id],
      startDate: '2016-06-17',
      endDate: '2016-06-30',
      endDatePrecision: 'month',
    }).expect(400);
    expect(await rowsIncludingHosts()).toEqual(before);
  });

  it('rejects invalid input with field errors and writes nothing', async () => {
    const before = await rowsIncludingHosts();
    const response = await create({
      titleRu: 'x',
      hostPartyIds: [],
      startDate: '2016-13-01',
      startDatePrecision: 'week',
      status: 'done',
      unknownField: 1,
    }).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['visitingPartyId', 'hostPartyIds', 'startDate', 'startDatePrecision', 'status', 'unknownField']));
    const badHost = await create({ titleRu: 'x', visitingPartyId: vko.id, hostPartyIds: ['nope', sko.id, sko.id] }).expect(400);
    expect(badHost.body.errors.map((error: { field: string }) => error.field)).toEqual(['hostPartyIds', 'hostPartyIds']);
    await create({ titleRu: 'x', visitingPartyId: vko.id }).expect(400);
    const noTitle = await create({ summaryRu: 'no title', visitingPartyId: vko.id, hostPartyIds: [sko.id] }).expect(400);
    expect(noTitle.body.errors[0].field).toBe('titleRu');
    const selfHost = await create({ titleRu: 'x', visitingPartyId: vko.id, hostPartyIds: [vko.id] }).expect(400);
    expect(selfHost.body.errors[0].field).toBe('hostPartyIds');

    const missing = await create({
      titleRu: 'x',
      visitingPartyId: MISSING,
      hostPartyIds: [sko.id, '00000000-0000-4000-8000-000000000001'],
      delegationHeadId: MISSING,
      previousVisitId: MISSING,
    }).expect(422);
    expect(missing.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'visitingPartyId',
      'hostPartyIds',
      'delegationHeadId',
      'previousVisitId',
    ]);
    const badQuote = await create({
      titleRu: 'x',
      visitingPartyId: vko.id,
      hostPartyIds: [sko.id],
      sources: [{ article: 'v.txt', quote: 'не из статьи' }],
    }).expect(422);
    expect(badQuote.body.errors[0].field).toBe('sources.0.quote');
    expect(await rowsIncludingHosts()).toEqual(before);
  });

  it('refuses bad changes with 400 or 422 and keeps the record as it was', async () => {
    const { body: first } = await create({ titleRu: 'Первый визит', visitingPartyId: vko.id, hostPartyIds: [sko.id], startDate: '2017-03-01' }).expect(201);
    const { body: second } = await create({ titleRu: 'Второй визит', visitingPartyId: sko.id, hostPartyIds: [vko.id], previousVisitId: first.id }).expect(201);
    const before = await rowsIncludingHosts();
    const nulls = await patch(first.id, 1, { visitingPartyId: null, hostPartyIds: null }).expect(400);
    expect(nulls.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['visitingPartyId', 'hostPartyIds']));
    await patch(first.id, 1, { hostPartyIds: [] }).expect(400);
    const self = await patch(first.id, 1, { previousVisitId: first.id }).expect(400);
    expect(self.body.errors).toEqual([{ field: 'previousVisitId', message: 'a visit cannot be its own previous visit' }]);
    const cycle = await patch(first.id, 1, { previousVisitId: second.id }).expect(400);
    expect(cycle.body.errors[0]).toMatchObject({ field: 'previousVisitId', message: expect.stringMatching(/cycle/) });
    const backwards = await patch(first.id, 1, { endDate: '2017-02-28' }).expect(400);
    expect(backwards.body.errors[0].field).toBe('endDate');
    await patch(first.id, 1, { visitingPartyId: sko.id }).expect(400);
    await patch(first.id, 1, { titleRu: null }).expect(400);
    await patch(first.id, 1, { delegationHeadId: MISSING }).expect(422);
    await patch(first.id, 1, { hostPartyIds: [MISSING] }).expect(422);
    expect(await rowsIncludingHosts()).toEqual(before);
    const unchanged = await request(server()).get(`/api/v1/visits/${first.id}`).set('Authorization', read).expect(200);
    expect(unchanged.body).toMatchObject({ version: 1, previousVisitId: null, hostPartyIds: [sko.id], endDate: null });
  });

  it('requires If-Match to change a record, refuses a stale version, and replaces hosts when given', async () => {
    const { body: created } = await create({ titleRu: 'Визит в Самару', visitingPartyId: vko.id, hostPartyIds: [samara.id] }).expect(201);
    const url = `/api/v1/visits/${created.id}`;
    await request(server()).patch(url).set('Authorization', write).send({ titleEn: 'Visit to Samara' }).expect(428);
    const updated = await patch(created.id, 1, {
      titleEn: 'Visit to Samara',
      hostPartyIds: [samara.id, altai.id],
      startDate: '2018-09-01',
      startDatePrecision: 'month',
    }).expect(200);
    expect(updated.headers.etag).toBe('"2"');
    expect(updated.body).toMatchObject({
      version: 2,
      titleEn: 'Visit to Samara',
      titleRu: 'Визит в Самару',
      startDate: '2018-09-01',
      startDatePrecision: 'month',
    });
    expect(updated.body.hostPartyIds.sort()).toEqual([samara.id, altai.id].sort());
    const precisionOnly = await patch(created.id, 2, { startDatePrecision: 'year' }).expect(200);
    expect(precisionOnly.body).toMatchObject({ startDate: '2018-01-01', startDatePrecision: 'year' });
    const stale = await patch(created.id, 1, { titleEn: 'Lost update' }).expect(412);
    expect(stale.body).toMatchObject({ status: 412, currentVersion: 3 });
    const current = await request(server()).get(url).set('Authorization', read).expect(200);
    expect(current.body.titleEn).toBe('Visit to Samara');
    expect(current.headers.etag).toBe('"3"');
  });

  it('lets only one of concurrent edits of the same version win', async () => {
    const { body: created } = await create({ titleRu: 'Гонка', visitingPartyId: vko.id, hostPartyIds: [sko.id] }).expect(201);
    const results = await Promise.all(['A', 'B', 'C'].map((suffix) => patch(created.id, 1, { titleEn: suffix, hostPartyIds: [samara.id] })));
    expect(results.map((result) => result.status).sort()).toEqual([200, 412, 412]);
    expect(await t.prisma.visitHost.count({ where: { visitId: created.id } })).toBe(1);
  });

  it('follows the visit lifecycle table: every allowed move succeeds, every other is 409 naming the allowed targets', async () => {
    const table = LIFECYCLES.visit as Record<string, readonly string[]>;
    for (const from of statusesOf('visit')) {
      for (const to of statusesOf('visit')) {
        const { body: created } = await create({ titleRu: `Визит ${from} → ${to}`, visitingPartyId: vko.id, hostPartyIds: [sko.id], status: from }).expect(201);
        expect(created.allowedTransitions).toEqual(table[from]);
        const response = await request(server())
          .post(`/api/v1/visits/${created.id}/transitions`)
          .set('Authorization', write)
          .set('If-Match', '"1"')
          .send({ to });
        if (table[from].includes(to)) {
          expect(response.status).toBe(200);
          expect(response.body).toMatchObject({ status: to, version: 2, allowedTransitions: table[to] });
        } else {
          expect(response.status).toBe(409);
          expect(response.body).toMatchObject({ type: '/problems/invalid-transition', currentStatus: from, allowedTransitions: table[from] });
        }
      }
    }
    expect(table.completed).toEqual([]);
    expect(table.cancelled).toEqual([]);
  });

  it('changes status only through transitions and keeps who, when, from, to and why in the history', async () => {
    const { body: created } = await create({ titleRu: 'Визит с историей', visitingPartyId: vko.id, hostPartyIds: [sko.id] }).expect(201);
    const url = `/api/v1/visits/${created.id}`;
    const byPatch = await patch(created.id, 1, { status: 'completed' }).expect(400);
    expect(byPatch.body.errors[0].message).toMatch(/transitions/);
    await request(server()).post(`${url}/transitions`).set('Authorization', write).send({ to: 'completed' }).expect(428);
    await request(server()).post(`${url}/transitions`).set('Authorization', write).set('If-Match', '"1"').send({ to: 'bogus' }).expect(400);
    await patch(created.id, 1, { place: 'Петропавловск' }).expect(200);
    await request(server()).post(`${url}/transitions`).set('Authorization', write).set('If-Match', '"1"').send({ to: 'completed' }).expect(412);
    await request(server())
      .post(`${url}/transitions`)
      .set('Authorization', write)
      .set('If-Match', '"2"')
      .send({ to: 'completed', comment: 'Визит состоялся' })
      .expect(200);

    const history = await request(server()).get(`${url}/history`).set('Authorization', read).expect(200);
    const [status, edit, creation] = history.body.data;
    expect(status).toMatchObject({ kind: 'status', action: 'transition', from: 'planned', to: 'completed', comment: 'Визит состоялся' });
    expect(status.actor.name).toMatch(/^api-key:test-write/);
    expect(Date.parse(status.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(edit).toMatchObject({ kind: 'edit', action: 'update', version: 2, changes: { place: { from: null, to: 'Петропавловск' } } });
    expect(creation).toMatchObject({ kind: 'edit', action: 'create', version: 1 });
    await request(server()).get(`/api/v1/visits/${MISSING}/history`).set('Authorization', read).expect(404);
  });

  it('archives on DELETE and hides archived records unless asked', async () => {
    const { body: created } = await create({ titleRu: 'Архивный визит', visitingPartyId: vko.id, hostPartyIds: [sko.id] }).expect(201);
    const url = `/api/v1/visits/${created.id}`;
    await request(server()).delete(url).set('Authorization', write).expect(428);
    await request(server()).delete(url).set('Authorization', write).set('If-Match', '"7"').expect(412);
    const archived = await request(server()).delete(url).set('Authorization', write).set('If-Match', '"1"').expect(200);
    expect(archived.body).toMatchObject({ version: 2, allowedTransitions: [] });
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await list({ q: 'архивный' })).body.meta.total).toBe(0);
    expect((await list({ q: 'архивный', includeArchived: 'true' })).body.meta.total).toBe(1);
    await patch(created.id, 2, { titleEn: 'x' }).expect(409);
    const asPrevious = await create({ titleRu: 'После архивного', visitingPartyId: vko.id, hostPartyIds: [sko.id], previousVisitId: created.id }).expect(422);
    expect(asPrevious.body.errors[0]).toMatchObject({ field: 'previousVisitId', message: expect.stringMatching(/archived/) });
  });

  it('filters by status, party, region, dates and article; searches by part of a word in titles, places and party names', async () => {
    await create({
      titleKk: 'Самара облысының делегациясының сапары',
      visitingPartyId: samara.id,
      hostPartyIds: [petropavl.id],
      startDate: '2019-04-10',
      status: 'completed',
    }).expect(201);
    await create({ titleRu: 'Поездка в Самару', visitingPartyId: altai.id, hostPartyIds: [samara.id], startDate: '2019-08-01', place: 'Тольятти' }).expect(201);

    const kazakh = await list({ q: 'ДЕЛЕГАЦИЯСЫН' });
    expect(kazakh.body.data.map((v: { titleKk: string }) => v.titleKk)).toEqual(['Самара облысының делегациясының сапары']);
    expect((await list({ q: 'тольят' })).body.meta.total).toBe(1);
    const byHostName = await list({ q: 'самарская', from: '2019-01-01', sort: 'startDate' });
    expect(byHostName.body.data.map((v: { startDate: string }) => v.startDate)).toEqual(['2019-04-10', '2019-08-01']);

    const bySamara = await list({ party: samara.id, from: '2019-01-01' });
    expect(bySamara.body.meta.total).toBe(2);
    const region = await list({ region: sko.id, from: '2019-01-01' });
    expect(region.body.data.map((v: { titleKk: string | null }) => v.titleKk)).toEqual(['Самара облысының делегациясының сапары']);
    const dated = await list({ from: '2019-01-01', to: '2019-12-31', status: 'planned,cancelled' });
    expect(dated.body.data.map((v: { titleRu: string }) => v.titleRu)).toEqual(['Поездка в Самару']);
    expect((await list({ status: 'completed', party: samara.id, from: '2019-01-01' })).body.meta.total).toBe(1);
    const article = await list({ article: 'v.txt' });
    expect(article.body.data.map((v: { titleRu: string }) => v.titleRu)).toEqual(['Визит делегации Алтайского края в ВКО']);

    const newestFirst = await list({ limit: '100' });
    const dates = newestFirst.body.data.map((v: { startDate: string | null }) => v.startDate);
    const firstUndated = dates.indexOf(null);
    expect(firstUndated).toBeGreaterThan(0);
    expect(dates.slice(firstUndated).every((date: string | null) => date === null)).toBe(true);
    expect(dates.slice(0, firstUndated)).toEqual([...dates.slice(0, firstUndated)].sort().reverse());

    const page = await list({ limit: '2', offset: '1', sort: '-createdAt' });
    expect(page.body.meta).toMatchObject({ limit: 2, offset: 1, total: newestFirst.body.meta.total });
    expect(page.body.data).toHaveLength(2);
    expect(page.body.data[0].id).toBe([...newestFirst.body.data].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))[1].id);
  });

  it('treats LIKE wildcards in q as plain characters', async () => {
    expect((await list({ q: '%' })).body.meta.total).toBe(0);
    expect((await list({ q: '_' })).body.meta.total).toBe(0);
  });

  it('rejects unknown query parameters and out-of-range pages', async () => {
    const unknown = await request(server()).get('/api/v1/visits?colour=red').set('Authorization', read).expect(400);
    expect(unknown.body.errors[0].field).toBe('colour');
    for (const query of [
      'limit=101',
      'limit=0',
      'offset=-1',
      'sort=colour',
      'sort=-amount',
      'status=planned,bogus',
      'from=yesterday',
      'to=2019-02-30x',
      'party=nope',
      'include=everything',
    ]) {
      const response = await request(server()).get(`/api/v1/visits?${query}`).set('Authorization', read);
      expect([query, response.status]).toEqual([query, 400]);
    }
    await request(server()).get('/api/v1/visits?limit=100&offset=0').set('Authorization', read).expect(200);
    await request(server()).get('/api/v1/visits/not-a-uuid').set('Authorization', read).expect(400);
    await request(server()).get(`/api/v1/visits/${MISSING}`).set('Authorization', read).expect(404);
  });

  it('exports CSV with a BOM and the same filters', async () => {
    const response = await request(server()).get('/api/v1/visits?q=тольят').set('Authorization', read).set('Accept', 'text/csv').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.text.charCodeAt(0)).toBe(0xfeff);
    const lines = response.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,status,title_kk,title_ru,title_en,start_date/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Поездка в Самару');
    expect(lines[1]).toContain('Алтайский край');
    expect(lines[1]).toContain('Самарская область');
  });

  it('needs a key, and the write scope to change anything', async () => {
    await request(server()).get('/api/v1/visits').expect(401);
    await request(server()).get('/api/v1/visits').set('Authorization', 'Bearer klsm_nope_nope').expect(401);
    const before = await rowsIncludingHosts();
    const forbidden = await create({ titleRu: 'Нельзя', visitingPartyId: vko.id, hostPartyIds: [sko.id] }, read).expect(403);
    expect(forbidden.body.type).toBe('/problems/forbidden');
    expect(await rowsIncludingHosts()).toEqual(before);
  });

  it('lets a region-bound editor change only visits whose visiting party or hosts are in the region', async () => {
    const visits = t.app.get(VisitsService);
    const editor: Actor = { type: 'user', id: null, name: 'sko-editor', role: 'editor', regionPartyId: sko.id };
    const hosted = await visits.create({ titleRu: 'Визит в Петропавловск', visitingPartyId: samara.id, hostPartyIds: [petropavl.id] }, editor);
    await expect(visits.update(hosted.id, 1, { hostPartyIds: [altai.id] }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    const before = await rowsIncludingHosts();
    await expect(visits.create({ titleRu: 'Чужой визит', visitingPartyId: samara.id, hostPartyIds: [vko.id] }, editor)).rejects.toMatchObject({
      problem: { status: 403 },
    });
    const { body: foreign } = await create({ titleRu: 'Визит ВКО в Самару', visitingPartyId: vko.id, hostPartyIds: [samara.id] }).expect(201);
    await expect(visits.transition(foreign.id, 1, 'completed', undefined, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    expect((await rowsIncludingHosts()).visits).toBe(before.visits + 1);
    const viewer: Actor = { type: 'user', id: null, name: 'viewer', role: 'viewer' };
    await expect(visits.archive(hosted.id, 1, viewer)).rejects.toMatchObject({ problem: { status: 403 } });
  });

  it('replays a create with the same Idempotency-Key and refuses the key with another body', async () => {
    const before = await domainRowCounts(t);
    const body = { titleRu: 'Идемпотентный визит', visitingPartyId: vko.id, hostPartyIds: [sko.id] };
    const first = await request(server()).post('/api/v1/visits').set('Authorization', write).set('Idempotency-Key', 'v-1').send(body).expect(201);
    const retry = await request(server()).post('/api/v1/visits').set('Authorization', write).set('Idempotency-Key', 'v-1').send(body).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect((await domainRowCounts(t)).visits).toBe(before.visits + 1);
    await request(server())
      .post('/api/v1/visits')
      .set('Authorization', write)
      .set('Idempotency-Key', 'v-1')
      .send({ ...body, titleRu: 'Другой' })
      .expect(422);
    expect((await domainRowCounts(t)).visits).toBe(before.visits + 1);
  });

  it('embeds related records on ?include=', async () => {
    const { body: earlier } = await create({ titleRu: 'Ранний визит', visitingPartyId: vko.id, hostPartyIds: [sko.id], startDate: '2014-02-03' }).expect(201);
    const { body: created } = await create({ titleRu: 'С включениями', visitingPartyId: sko.id, hostPartyIds: [vko.id], previousVisitId: earlier.id }).expect(
      201,
    );
    const memorandum = await t.prisma.memorandum.create({ data: { titleRu: 'Меморандум визита', visitId: created.id }, select: { id: true } });
    const contract = await t.prisma.contract.create({
      data: { titleRu: 'Контракт визита', visitId: created.id, amount: '1500000.5', currency: 'KZT' },
      select: { id: true },
    });
    const followUp = await t.prisma.followUp.create({ data: { titleRu: 'Поручение визита', visitId: created.id }, select: { id: true } });
    const response = await request(server())
      .get(`/api/v1/visits/${created.id}?include=memoranda,contracts,followUps,previousVisit`)
      .set('Authorization', read)
      .expect(200);
    expect(response.body).toMatchObject({
      memorandumIds: [memorandum.id],
      contractIds: [contract.id],
      followUpIds: [followUp.id],
      memoranda: [{ id: memorandum.id, titleRu: 'Меморандум визита', status: 'draft' }],
      contracts: [{ id: contract.id, amount: '1500000.50', currency: 'KZT' }],
      followUps: [{ id: followUp.id, titleRu: 'Поручение визита', status: 'planned' }],
      previousVisit: { id: earlier.id, titleRu: 'Ранний визит', startDate: '2014-02-03' },
    });
    const listed = await list({ q: 'с включениями', include: 'previousVisit' });
    expect(listed.body.data[0].previousVisit).toMatchObject({ id: earlier.id });
    expect(listed.body.data[0].memoranda).toBeUndefined();
    const plain = await request(server()).get(`/api/v1/visits/${earlier.id}?include=previousVisit,memoranda`).set('Authorization', read).expect(200);
    expect(plain.body).toMatchObject({ previousVisit: null, memoranda: [], laterVisitIds: [created.id] });
    await request(server()).get(`/api/v1/visits/${created.id}?include=everything`).set('Authorization', read).expect(400);
  });
});
