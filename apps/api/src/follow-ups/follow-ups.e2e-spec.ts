import request from 'supertest';
import { bearer, createArticle, createParty, createPerson, domainRowCounts } from '../../../../test/support/fixtures.js';
import { dayFromToday, insertContract, insertMemorandum, insertVisit, monthFromThis, yearFromThis } from '../../../../test/support/records.js';
import { errorFields, idsOf, pageOf, recordOf } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { Actor } from '../domain/actor.js';
import { FollowUpsService } from './follow-ups.service.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('/api/v1/follow-ups', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let vko: { id: string };
  let sko: { id: string };
  let petropavl: { id: string };
  let samara: { id: string };
  let akim: { id: string };
  let visit: { id: string };
  let memorandum: { id: string };
  let contract: { id: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    vko = await createParty(t, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', aliases: ['ВКО'] });
    sko = await createParty(t, { nameRu: 'Северо-Казахстанская область', nameKk: 'Солтүстік Қазақстан облысы' });
    petropavl = await createParty(t, { nameRu: 'Петропавловск', kind: 'city', parentId: sko.id });
    samara = await createParty(t, { nameRu: 'Самарская область', nameKk: 'Самара облысы' });
    akim = await createPerson(t, { nameRu: 'Ерик Султанов', partyId: sko.id });
    visit = await insertVisit(t, { titleRu: 'Визит делегации ВКО в Самару', visitingPartyId: vko.id, hostIds: [samara.id] });
    memorandum = await insertMemorandum(t, { titleRu: 'Меморандум ВКО и СКО', partyIds: [vko.id, petropavl.id] });
    contract = await insertContract(t, { titleRu: 'Контракт на поставку', parties: [{ partyId: samara.id, role: 'buyer' }] });
    await createArticle(t, 'f.txt', 'Стороны договорились провести ярмарку до конца года и открыть торговый дом.');
  });
  afterAll(() => t.close());

  function create(body: Record<string, unknown>, auth = write) {
    return request(server()).post('/api/v1/follow-ups').set('Authorization', auth).send(body);
  }

  function list(query: Record<string, string | number | boolean>) {
    return request(server()).get('/api/v1/follow-ups').query(query).set('Authorization', read).expect(200);
  }

  const titles = (response: request.Response) => pageOf<{ titleRu: string | null; titleKk: string | null }>(response).data.map((f) => f.titleRu ?? f.titleKk);

  it('creates a follow-up with links, a responsible party and person and a verified citation', async () => {
    const response = await create({
      titleRu: 'Провести ярмарку',
      descriptionRu: 'Совместная ярмарка товаров',
      dueOn: '2030-12-10',
      responsiblePartyId: sko.id,
      responsiblePersonId: akim.id,
      memorandumId: memorandum.id,
      visitId: visit.id,
      sources: [{ article: 'f.txt', quote: 'провести ярмарку до конца года' }],
    }).expect(201);
    expect(response.body).toMatchObject({
      version: 1,
      status: 'planned',
      overdue: false,
      dueOn: '2030-12-10',
      dueOnPrecision: 'day',
      responsiblePartyId: sko.id,
      responsibleParty: { id: sko.id, name: { ru: 'Северо-Казахстанская область' } },
      responsiblePerson: { id: akim.id, name: { ru: 'Ерик Султанов' } },
      memorandumId: memorandum.id,
      visitId: visit.id,
      contractId: null,
      allowedTransitions: ['in_progress', 'done', 'cancelled'],
      sources: [{ article: 'f.txt', quote: 'провести ярмарку до конца года' }],
      archivedAt: null,
    });
  });

  it('normalises month and year precision to the first day of the period and accepts an initial status', async () => {
    const month = await create({
      titleEn: 'Open a trade house',
      dueOn: '2031-06-17',
      dueOnPrecision: 'month',
      contractId: contract.id,
      status: 'in_progress',
    }).expect(201);
    expect(month.body).toMatchObject({
      dueOn: '2031-06-01',
      dueOnPrecision: 'month',
      status: 'in_progress',
      allowedTransitions: ['planned', 'done', 'cancelled'],
    });
    const year = await create({ titleEn: 'Some year', dueOn: '2031-06-17', dueOnPrecision: 'year', contractId: contract.id }).expect(201);
    expect(year.body).toMatchObject({ dueOn: '2031-01-01', dueOnPrecision: 'year' });
    const undated = await create({ titleEn: 'Undated', contractId: contract.id }).expect(201);
    expect(undated.body).toMatchObject({ dueOn: null, dueOnPrecision: 'unknown', overdue: false });
  });

  it('rejects invalid input with field errors and writes nothing', async () => {
    const before = await domainRowCounts(t);
    const invalid = await create({ titleRu: 'x', dueOn: '2030-02-30x', dueOnPrecision: 'week', status: 'postponed', visitId: 'nope', colour: 'red' }).expect(
      400,
    );
    expect(invalid.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(errorFields(invalid)).toEqual(expect.arrayContaining(['dueOn', 'dueOnPrecision', 'status', 'visitId', 'colour']));
    const noLink = await create({ titleRu: 'Без связи' }).expect(400);
    expect(noLink.body.errors[0]).toMatchObject({ field: 'visitId', message: expect.stringMatching(/visitId, memorandumId, contractId/) });
    const noTitle = await create({ descriptionRu: 'Без названия', visitId: visit.id }).expect(400);
    expect(noTitle.body.errors[0].field).toBe('titleRu');
    await create({ titleRu: 'x', visitId: visit.id, dueOnPrecision: 'month' }).expect(400);
    await create({ titleRu: 'x', visitId: visit.id, sources: [{ article: 'f.txt' }] }).expect(400);
    expect(await domainRowCounts(t)).toEqual(before);
  });

  it('answers 422 for links and responsibles that do not exist or are archived, and for a quote not in the article', async () => {
    const before = await domainRowCounts(t);
    const archivedMemorandum = await insertMemorandum(t, { titleRu: 'Архивный', archived: true });
    const baseline = await domainRowCounts(t);
    for (const field of ['visitId', 'memorandumId', 'contractId', 'responsiblePartyId', 'responsiblePersonId']) {
      const body = { titleRu: 'x', visitId: visit.id, [field]: MISSING };
      const response = await create(body).expect(422);
      expect(response.body.errors).toEqual([{ field, message: expect.stringMatching(/does not exist/) }]);
    }
    const archived = await create({ titleRu: 'x', memorandumId: archivedMemorandum.id }).expect(422);
    expect(archived.body.errors[0].message).toMatch(/archived/);
    const badQuote = await create({ titleRu: 'x', visitId: visit.id, sources: [{ article: 'f.txt', quote: 'не из статьи' }] }).expect(422);
    expect(badQuote.body.errors[0].field).toBe('sources.0.quote');
    const unknownArticle = await create({ titleRu: 'x', visitId: visit.id, sources: [{ article: 'nope.txt', quote: 'x' }] }).expect(422);
    expect(unknownArticle.body.errors[0].field).toBe('sources.0.article');
    expect(await domainRowCounts(t)).toEqual(baseline);
    expect(baseline.memoranda).toBe(before.memoranda + 1);
  });

  it('keeps at least one link after a PATCH and moves the due date to the first day of a coarser precision', async () => {
    const created = recordOf(await create({ titleRu: 'Обменяться делегациями', visitId: visit.id, memorandumId: memorandum.id }).expect(201));
    const url = `/api/v1/follow-ups/${created.id}`;
    const updated = await request(server())
      .patch(url)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ titleEn: 'Exchange delegations', visitId: null, dueOn: '2032-03-05', dueOnPrecision: 'month' })
      .expect(200);
    expect(updated.body).toMatchObject({
      version: 2,
      titleEn: 'Exchange delegations',
      titleRu: 'Обменяться делегациями',
      visitId: null,
      memorandumId: memorandum.id,
      dueOn: '2032-03-01',
      dueOnPrecision: 'month',
    });

    const before = await domainRowCounts(t);
    const cleared = await request(server()).patch(url).set('Authorization', write).set('If-Match', '"2"').send({ memorandumId: null }).expect(400);
    expect(cleared.body.errors[0].message).toMatch(/at least one of visitId, memorandumId, contractId/);
    await request(server()).patch(url).set('Authorization', write).set('If-Match', '"2"').send({ titleRu: null, titleEn: null }).expect(400);
    await request(server()).patch(url).set('Authorization', write).set('If-Match', '"2"').send({ contractId: MISSING }).expect(422);
    expect(await domainRowCounts(t)).toEqual(before);
    const current = await request(server()).get(url).set('Authorization', read).expect(200);
    expect(current.body).toMatchObject({ version: 2, memorandumId: memorandum.id });
  });

  it('records field edits in the history', async () => {
    const created = recordOf(await create({ titleRu: 'История правок', contractId: contract.id }).expect(201));
    await request(server())
      .patch(`/api/v1/follow-ups/${created.id}`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ note: 'Уточнено', dueOn: '2033-01-01' })
      .expect(200);
    const history = await request(server()).get(`/api/v1/follow-ups/${created.id}/history`).set('Authorization', read).expect(200);
    expect(history.body.data[0]).toMatchObject({
      kind: 'edit',
      action: 'update',
      version: 2,
      changes: { note: { from: null, to: 'Уточнено' }, dueOn: { from: null, to: '2033-01-01' }, dueOnPrecision: { from: 'unknown', to: 'day' } },
    });
  });

  it('finds overdue follow-ups by day, month and year precision, in the database query', async () => {
    const overdueLinks = await insertMemorandum(t, { titleRu: 'Сроки', partyIds: [] });
    const cases: [string, Record<string, unknown>, boolean][] = [
      ['day-yesterday', { dueOn: dayFromToday(-1) }, true],
      ['day-today', { dueOn: dayFromToday(0) }, false],
      ['day-tomorrow', { dueOn: dayFromToday(1) }, false],
      ['month-last', { dueOn: monthFromThis(-1), dueOnPrecision: 'month' }, true],
      ['month-this', { dueOn: dayFromToday(0), dueOnPrecision: 'month' }, false],
      ['year-last', { dueOn: yearFromThis(-1), dueOnPrecision: 'year' }, true],
      ['year-this', { dueOn: dayFromToday(0), dueOnPrecision: 'year' }, false],
      ['in-progress-yesterday', { dueOn: dayFromToday(-1), status: 'in_progress' }, true],
      ['done-yesterday', { dueOn: dayFromToday(-1), status: 'done' }, false],
      ['cancelled-last-year', { dueOn: yearFromThis(-1), dueOnPrecision: 'year', status: 'cancelled' }, false],
      ['undated', {}, false],
    ];
    for (const [title, fields, overdue] of cases) {
      const response = await create({ titleEn: title, memorandumId: overdueLinks.id, ...fields }).expect(201);
      expect({ title, overdue: response.body.overdue }).toEqual({ title, overdue });
    }
    const expectedOverdue = cases
      .filter(([, , overdue]) => overdue)
      .map(([title]) => title)
      .sort();
    const expectedOnTime = cases
      .filter(([, , overdue]) => !overdue)
      .map(([title]) => title)
      .sort();
    const yes = await list({ memorandum: overdueLinks.id, overdue: true, limit: 100 });
    const englishTitles = (response: request.Response) => pageOf<{ titleEn: string }>(response).data.map((f) => f.titleEn);
    expect(englishTitles(yes).sort()).toEqual(expectedOverdue);
    expect(yes.body.meta.total).toBe(expectedOverdue.length);
    expect(pageOf<{ overdue: boolean }>(yes).data.every((f) => f.overdue)).toBe(true);
    const no = await list({ memorandum: overdueLinks.id, overdue: false, limit: 100 });
    expect(englishTitles(no).sort()).toEqual(expectedOnTime);
    // The filter is applied before paging: a one-row page still reports the full count.
    const page = await list({ memorandum: overdueLinks.id, overdue: true, limit: 1 });
    expect(page.body.meta.total).toBe(expectedOverdue.length);
    await request(server()).get('/api/v1/follow-ups?overdue=maybe').set('Authorization', read).expect(400);
  });

  it('filters by status, due dates, party (any side), region, person, links and article, searches and sorts', async () => {
    const links = await insertMemorandum(t, { titleRu: 'Фильтры', partyIds: [] });
    const a = recordOf(
      await create({
        titleKk: 'Сауда үйін ашу',
        titleRu: 'Открыть торговый дом',
        dueOn: '2040-05-10',
        memorandumId: links.id,
        responsiblePartyId: samara.id,
        sources: [{ article: 'f.txt', quote: 'открыть торговый дом' }],
      }).expect(201),
    );
    const b = recordOf(
      await create({
        titleRu: 'Подписать дорожную карту',
        dueOn: '2040-02-01',
        dueOnPrecision: 'month',
        memorandumId: links.id,
        responsiblePersonId: akim.id,
        status: 'in_progress',
      }).expect(201),
    );
    const c = recordOf(await create({ titleRu: 'Без срока', memorandumId: links.id, visitId: visit.id }).expect(201));
    const d = recordOf(
      await create({ titleRu: 'По контракту', dueOn: '2040-12-31', memorandumId: links.id, contractId: contract.id, status: 'done' }).expect(201),
    );
    const e = recordOf(await create({ titleRu: 'По меморандуму сторон', dueOn: '2041-01-15', memorandumId: memorandum.id }).expect(201));

    const inLinks = (query: Record<string, string | number | boolean>) => list({ memorandum: links.id, ...query });
    expect(titles(await inLinks({ status: 'planned,in_progress' })).sort()).toEqual(['Без срока', 'Открыть торговый дом', 'Подписать дорожную карту'].sort());
    expect(titles(await inLinks({ dueFrom: '2040-02-01', dueTo: '2040-05-10' }))).toEqual(['Подписать дорожную карту', 'Открыть торговый дом']);
    expect(titles(await inLinks({ sort: 'dueOn' }))).toEqual(['Подписать дорожную карту', 'Открыть торговый дом', 'По контракту', 'Без срока']);
    expect(titles(await inLinks({ sort: '-dueOn' }))).toEqual(['По контракту', 'Открыть торговый дом', 'Подписать дорожную карту', 'Без срока']);
    expect((await inLinks({ sort: 'status' })).body.data[0].status).toBe('planned');
    expect((await inLinks({ sort: '-createdAt' })).body.data[0].id).toBe(d.id);

    // Samara: responsible for a, hosts the visit of c, buys under the contract of d.
    expect(idsOf(await list({ party: samara.id, memorandum: links.id })).sort()).toEqual([a.id, c.id, d.id].sort());
    // VKO: visits in c, signs the memorandum of e (through which Petropavl, under SKO, also takes part).
    expect(idsOf(await list({ party: vko.id }))).toEqual(expect.arrayContaining([c.id, e.id]));
    expect(idsOf(await list({ party: vko.id, memorandum: links.id }))).toEqual([c.id]);
    expect(idsOf(await list({ region: sko.id, memorandum: memorandum.id }))).toContain(e.id);
    expect((await list({ region: sko.id, memorandum: links.id })).body.meta.total).toBe(0);
    expect(idsOf(await list({ responsiblePerson: akim.id, memorandum: links.id }))).toEqual([b.id]);
    expect(idsOf(await list({ visit: visit.id, memorandum: links.id }))).toEqual([c.id]);
    expect(idsOf(await list({ contract: contract.id, memorandum: links.id }))).toEqual([d.id]);
    expect(idsOf(await list({ article: 'f.txt', memorandum: links.id }))).toEqual([a.id]);

    expect(titles(await list({ q: 'САУДА' }))).toEqual(['Открыть торговый дом']);
    expect(titles(await list({ q: 'торгов' }))).toEqual(['Открыть торговый дом']);
    expect(titles(await list({ q: 'дорожн', memorandum: links.id }))).toEqual(['Подписать дорожную карту']);
    // Through the responsible party's and person's names.
    expect(titles(await list({ q: 'самара облыс', memorandum: links.id }))).toEqual(['Открыть торговый дом']);
    expect(titles(await list({ q: 'султан', memorandum: links.id }))).toEqual(['Подписать дорожную карту']);

    const page = await inLinks({ limit: 2, offset: 1, sort: 'createdAt' });
    expect(page.body.meta).toEqual({ total: 4, limit: 2, offset: 1, nextCursor: null });
    expect(idsOf(page)).toEqual([b.id, c.id]);
  });

  it('rejects bad values of its own filters', async () => {
    for (const query of ['dueFrom=tomorrow', 'party=x']) {
      await request(server()).get(`/api/v1/follow-ups?${query}`).set('Authorization', read).expect(400);
    }
  });

  it('exports its columns to CSV, overdue included, with the same filters and quoted cells', async () => {
    await create({ titleKk: 'CSV экспорт, "тырнақша"', visitId: visit.id, responsiblePartyId: vko.id }).expect(201);
    const response = await request(server())
      .get('/api/v1/follow-ups')
      .query({ q: 'csv экспорт' })
      .set('Authorization', read)
      .set('Accept', 'text/csv')
      .expect(200);
    const lines = response.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,status,overdue,title_kk,title_ru,title_en,due_on/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"CSV экспорт, ""тырнақша"""');
    expect(lines[1]).toContain('Восточно-Казахстанская область');
  });

  it('embeds the linked visit, memorandum and contract on ?include=', async () => {
    const created = recordOf(await create({ titleRu: 'С включениями', visitId: visit.id, contractId: contract.id }).expect(201));
    const response = await request(server()).get(`/api/v1/follow-ups/${created.id}?include=visit,memorandum,contract`).set('Authorization', read).expect(200);
    expect(response.body.visit).toMatchObject({ id: visit.id, titleRu: 'Визит делегации ВКО в Самару', visitingPartyId: vko.id });
    expect(response.body.memorandum).toBeNull();
    expect(response.body.contract).toMatchObject({ id: contract.id, titleRu: 'Контракт на поставку', amount: null });
    const listed = await list({ q: 'с включениями', include: 'memorandum,visit' });
    expect(listed.body.data[0].visit.id).toBe(visit.id);
    expect(listed.body.data[0]).not.toHaveProperty('contract');
    await request(server()).get(`/api/v1/follow-ups/${created.id}?include=parties`).set('Authorization', read).expect(400);
  });

  it('lets a region-bound editor change only follow-ups involving their region, through any linked record', async () => {
    const service = t.app.get(FollowUpsService);
    const editor: Actor = { type: 'user', id: null, name: 'editor-sko', role: 'editor', regionPartyId: sko.id };
    const viewer: Actor = { type: 'user', id: null, name: 'viewer', role: 'viewer', regionPartyId: null };
    const before = await domainRowCounts(t);
    // The visit involves VKO and Samara only: refused, and the refused insert is rolled back.
    await expect(service.create({ titleRu: 'Чужой регион', visitId: visit.id }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    await expect(service.create({ titleRu: 'Зритель', visitId: visit.id }, viewer)).rejects.toMatchObject({ problem: { status: 403 } });
    expect(await domainRowCounts(t)).toEqual(before);
    // Petropavl (under SKO) signed the memorandum; SKO as responsible party also suffices.
    const viaMemorandum = await service.create({ titleRu: 'Через меморандум', memorandumId: memorandum.id }, editor);
    const viaResponsible = await service.create({ titleRu: 'Ответственный СКО', visitId: visit.id, responsiblePartyId: sko.id }, editor);
    await expect(service.update(viaResponsible.id, 1, { responsiblePartyId: null }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    expect((await service.get(viaResponsible.id)).version).toBe(1);
    const foreign = recordOf(await create({ titleRu: 'Самарское', contractId: contract.id }).expect(201));
    await expect(service.transition(foreign.id, 1, 'done', undefined, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    expect((await service.transition(viaMemorandum.id, 1, 'in_progress', undefined, editor)).status).toBe('in_progress');
  });
});
