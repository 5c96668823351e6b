import request from 'supertest';
import { bearer, createArticle, createParty, createPerson, domainRowCounts } from '../../../../test/support/fixtures.js';
import { errorFields, pageOf, recordOf } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { Actor } from '../domain/actor.js';
import { LIFECYCLES, statusesOf } from '../domain/lifecycle.js';
import type { VisitDto } from './visit.dto.js';
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
    // No status sent, and the visit ended in June 2016: it has happened.
    expect(response.body).toMatchObject({
      version: 1,
      status: 'completed',
      allowedTransitions: [],
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
    const visit = recordOf<VisitDto>(response);
    expect(visit.hosts).toHaveLength(2);
    expect(visit.hosts.map((host) => host.partyId).sort()).toEqual([vko.id, sko.id].sort());
    expect(visit.hostPartyIds.sort()).toEqual([vko.id, sko.id].sort());
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
    const fields = errorFields(response);
    expect(fields).toEqual(expect.arrayContaining(['visitingPartyId', 'hostPartyIds', 'startDate', 'startDatePrecision', 'status', 'unknownField']));
    const badHost = await create({ titleRu: 'x', visitingPartyId: vko.id, hostPartyIds: ['nope', sko.id, sko.id] }).expect(400);
    // One message per field: the most basic rule broken (an id that is not a UUID), not also the duplicate.
    expect(errorFields(badHost)).toEqual(['hostPartyIds']);
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
    expect(errorFields(missing)).toEqual(['visitingPartyId', 'hostPartyIds', 'delegationHeadId', 'previousVisitId']);
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
    const first = recordOf(await create({ titleRu: 'Первый визит', visitingPartyId: vko.id, hostPartyIds: [sko.id], startDate: '2017-03-01' }).expect(201));
    const second = recordOf(await create({ titleRu: 'Второй визит', visitingPartyId: sko.id, hostPartyIds: [vko.id], previousVisitId: first.id }).expect(201));
    const before = await rowsIncludingHosts();
    const nulls = await patch(first.id, 1, { visitingPartyId: null, hostPartyIds: null }).expect(400);
    expect(errorFields(nulls)).toEqual(expect.arrayContaining(['visitingPartyId', 'hostPartyIds']));
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

  it('replaces hosts when given and moves the start date to the first day of a coarser precision', async () => {
    const created = recordOf(await create({ titleRu: 'Визит в Самару', visitingPartyId: vko.id, hostPartyIds: [samara.id] }).expect(201));
    const updated = await patch(created.id, 1, {
      titleEn: 'Visit to Samara',
      hostPartyIds: [samara.id, altai.id],
      startDate: '2018-09-01',
      startDatePrecision: 'month',
    }).expect(200);
    expect(updated.body).toMatchObject({
      version: 2,
      titleEn: 'Visit to Samara',
      titleRu: 'Визит в Самару',
      startDate: '2018-09-01',
      startDatePrecision: 'month',
    });
    expect(recordOf<VisitDto>(updated).hostPartyIds.sort()).toEqual([samara.id, altai.id].sort());
    const precisionOnly = await patch(created.id, 2, { startDatePrecision: 'year' }).expect(200);
    expect(precisionOnly.body).toMatchObject({ startDate: '2018-01-01', startDatePrecision: 'year' });
  });

  it('leaves one set of hosts when concurrent edits of the same version replace them', async () => {
    const created = recordOf(await create({ titleRu: 'Гонка', visitingPartyId: vko.id, hostPartyIds: [sko.id] }).expect(201));
    await Promise.all(['A', 'B', 'C'].map((suffix) => patch(created.id, 1, { titleEn: suffix, hostPartyIds: [samara.id] })));
    expect(await t.prisma.visitHost.count({ where: { visitId: created.id } })).toBe(1);
  });

  it('accepts any status on create, with the moves its lifecycle table allows from there; completed and cancelled are final', async () => {
    for (const status of statusesOf('visit')) {
      const created = recordOf(await create({ titleRu: `Визит ${status}`, visitingPartyId: vko.id, hostPartyIds: [sko.id], status }).expect(201));
      expect(created).toMatchObject({ status, version: 1, allowedTransitions: LIFECYCLES.visit[status] });
    }
    expect(LIFECYCLES.visit.completed).toEqual([]);
    expect(LIFECYCLES.visit.cancelled).toEqual([]);
  });

  it('starts a visit in the status its dates say when none is sent: completed once its last known day has passed, else planned', async () => {
    // Parties of their own, so that these visits stay out of the other tests' filters.
    const [guest, host] = [await createParty(t, { nameRu: 'Гость по датам' }), await createParty(t, { nameRu: 'Хозяин по датам' })];
    const statusOf = async (dates: object) =>
      recordOf<{ status: string }>(await create({ titleRu: 'Визит по датам', visitingPartyId: guest.id, hostPartyIds: [host.id], ...dates }).expect(201))
        .status;
    expect(await statusOf({ startDate: '2020-05-01', endDate: '2020-05-03' })).toBe('completed');
    expect(await statusOf({ startDate: '2020-05-01', startDatePrecision: 'year' })).toBe('completed');
    expect(await statusOf({})).toBe('planned');
    expect(await statusOf({ startDate: '2999-01-10' })).toBe('planned');
    // Started in the past but ends in the future: still under way, so not completed yet.
    expect(await statusOf({ startDate: '2020-01-01', endDate: '2999-01-01' })).toBe('planned');
    // The current year is not over: a visit "in 2999" or "this year" has not happened yet.
    expect(await statusOf({ startDate: `${new Date().getUTCFullYear()}-01-01`, startDatePrecision: 'year' })).toBe('planned');
    expect(await statusOf({ startDate: '2020-05-01', endDate: '2020-05-03', status: 'planned' })).toBe('planned');
  });

  it('refuses an archived visit as the previous visit of a new one', async () => {
    const created = recordOf(await create({ titleRu: 'Архивный визит', visitingPartyId: vko.id, hostPartyIds: [sko.id] }).expect(201));
    await request(server()).delete(`/api/v1/visits/${created.id}`).set('Authorization', write).set('If-Match', '"1"').expect(200);
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
    await create({
      titleRu: 'Поездка в Самару',
      visitingPartyId: altai.id,
      hostPartyIds: [samara.id],
      startDate: '2019-08-01',
      place: 'Тольятти',
      status: 'planned',
    }).expect(201);

    const kazakh = await list({ q: 'ДЕЛЕГАЦИЯСЫН' });
    expect(pageOf<{ titleKk: string }>(kazakh).data.map((v) => v.titleKk)).toEqual(['Самара облысының делегациясының сапары']);
    expect((await list({ q: 'тольят' })).body.meta.total).toBe(1);
    const byHostName = await list({ q: 'самарская', from: '2019-01-01', sort: 'startDate' });
    expect(pageOf<{ startDate: string }>(byHostName).data.map((v) => v.startDate)).toEqual(['2019-04-10', '2019-08-01']);

    const bySamara = await list({ party: samara.id, from: '2019-01-01' });
    expect(bySamara.body.meta.total).toBe(2);
    const region = await list({ region: sko.id, from: '2019-01-01' });
    expect(pageOf<{ titleKk: string | null }>(region).data.map((v) => v.titleKk)).toEqual(['Самара облысының делегациясының сапары']);
    const dated = await list({ from: '2019-01-01', to: '2019-12-31', status: 'planned,cancelled' });
    expect(pageOf<{ titleRu: string }>(dated).data.map((v) => v.titleRu)).toEqual(['Поездка в Самару']);
    expect((await list({ status: 'completed', party: samara.id, from: '2019-01-01' })).body.meta.total).toBe(1);
    const article = await list({ article: 'v.txt' });
    expect(pageOf<{ titleRu: string }>(article).data.map((v) => v.titleRu)).toEqual(['Визит делегации Алтайского края в ВКО']);

    const newestFirst = await list({ limit: '100' });
    const dates = pageOf<{ startDate: string | null }>(newestFirst).data.map((v) => v.startDate);
    const firstUndated = dates.indexOf(null);
    expect(firstUndated).toBeGreaterThan(0);
    expect(dates.slice(firstUndated).every((date: string | null) => date === null)).toBe(true);
    expect(dates.slice(0, firstUndated)).toEqual([...dates.slice(0, firstUndated)].sort().reverse());

    const page = await list({ limit: '2', offset: '1', sort: '-createdAt' });
    expect(page.body.meta).toMatchObject({ limit: 2, offset: 1, total: newestFirst.body.meta.total });
    expect(page.body.data).toHaveLength(2);
    expect(page.body.data[0].id).toBe([...pageOf(newestFirst).data].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))[1].id);
  });

  it('rejects bad values of its own filters and sorts', async () => {
    for (const query of ['sort=-amount', 'from=yesterday', 'to=2019-02-30x', 'party=nope']) {
      const response = await request(server()).get(`/api/v1/visits?${query}`).set('Authorization', read);
      expect([query, response.status]).toEqual([query, 400]);
    }
  });

  it('exports its columns to CSV, with the same filters and the parties by name', async () => {
    const response = await request(server()).get('/api/v1/visits?q=тольят').set('Authorization', read).set('Accept', 'text/csv').expect(200);
    const lines = response.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,status,title_kk,title_ru,title_en,start_date/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Поездка в Самару');
    expect(lines[1]).toContain('Алтайский край');
    expect(lines[1]).toContain('Самарская область');
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
    const foreign = recordOf(await create({ titleRu: 'Визит ВКО в Самару', visitingPartyId: vko.id, hostPartyIds: [samara.id] }).expect(201));
    await expect(visits.transition(foreign.id, 1, 'completed', undefined, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    expect((await rowsIncludingHosts()).visits).toBe(before.visits + 1);
    const viewer: Actor = { type: 'user', id: null, name: 'viewer', role: 'viewer' };
    await expect(visits.archive(hosted.id, 1, viewer)).rejects.toMatchObject({ problem: { status: 403 } });
  });

  it('embeds related records on ?include=', async () => {
    const earlier = recordOf(await create({ titleRu: 'Ранний визит', visitingPartyId: vko.id, hostPartyIds: [sko.id], startDate: '2014-02-03' }).expect(201));
    const created = recordOf(
      await create({ titleRu: 'С включениями', visitingPartyId: sko.id, hostPartyIds: [vko.id], previousVisitId: earlier.id }).expect(201),
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
