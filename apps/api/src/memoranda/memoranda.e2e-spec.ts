import request from 'supertest';
import { bearer, createArticle, createParty, createPerson, domainRowCounts } from '../../../../test/support/fixtures.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

describe('/api/v1/memoranda', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let vko: { id: string };
  let sko: { id: string };
  let petropavl: { id: string };
  let samara: { id: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    vko = await createParty(t, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', aliases: ['ВКО'] });
    sko = await createParty(t, { nameRu: 'Северо-Казахстанская область', nameKk: 'Солтүстік Қазақстан облысы' });
    petropavl = await createParty(t, { nameRu: 'Петропавловск', kind: 'city', parentId: sko.id });
    samara = await createParty(t, { nameRu: 'Самарская область', nameKk: 'Самара облысы' });
    await createArticle(t, 'a.txt', 'В завершение совещания было подписано 10 меморандумов о сотрудничестве.');
  });
  afterAll(() => t.close());

  function create(body: Record<string, unknown>, auth = write) {
    return request(server()).post('/api/v1/memoranda').set('Authorization', auth).send(body);
  }

  it('creates a memorandum with parties, signatories and a verified citation, and returns it with ETag and Location', async () => {
    const akim = await createPerson(t, { nameRu: 'Ерик Султанов', partyId: sko.id });
    const response = await create({
      titleRu: 'Меморандумы о сотрудничестве ВКО и СКО',
      signedOn: '2016-06-10',
      spheres: ['industry', 'agriculture', 'trade'],
      quantity: 10,
      status: 'signed',
      parties: [{ partyId: vko.id }, { partyId: sko.id, role: 'signatory' }],
      signatories: [{ personId: akim.id }],
      sources: [{ article: 'a.txt', quote: 'было подписано 10 меморандумов' }],
    }).expect(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/api/v1/memoranda/${response.body.id}`);
    expect(response.body).toMatchObject({
      version: 1,
      status: 'signed',
      quantity: 10,
      signedOn: '2016-06-10',
      signedOnPrecision: 'day',
      allowedTransitions: ['in_progress', 'stalled', 'terminated', 'expired'],
      sources: [{ article: 'a.txt', quote: 'было подписано 10 меморандумов' }],
    });
    expect(response.body.parties).toHaveLength(2);
    expect(response.body.signatories[0].name.ru).toBe('Ерик Султанов');
  });

  it('normalises a month-precision date to the first of the month', async () => {
    const response = await create({ titleEn: 'June memorandum', signedOn: '2016-06-17', signedOnPrecision: 'month' }).expect(201);
    expect(response.body).toMatchObject({ signedOn: '2016-06-01', signedOnPrecision: 'month', status: 'draft' });
  });

  it('rejects invalid input with field errors and writes nothing', async () => {
    const before = await domainRowCounts(t);
    const response = await create({
      titleRu: 'x',
      quantity: 0,
      signedOn: '2016-13-01',
      spheres: ['space'],
      unknownField: 1,
      parties: [{ partyId: 'nope' }],
    }).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['quantity', 'signedOn', 'spheres', 'unknownField', 'parties.0.partyId']));
    await create({ summaryRu: 'no title' }).expect(400);
    const missingParty = await create({ titleRu: 'x', parties: [{ partyId: '00000000-0000-4000-8000-000000000000' }] }).expect(422);
    expect(missingParty.body.errors[0]).toMatchObject({ field: 'parties' });
    const badQuote = await create({ titleRu: 'x', sources: [{ article: 'a.txt', quote: 'не из статьи' }] }).expect(422);
    expect(badQuote.body.errors[0].field).toBe('sources.0.quote');
    expect(await domainRowCounts(t)).toEqual(before);
  });

  it('refuses NUL characters and impossible dates with a 400 naming the field', async () => {
    const before = await domainRowCounts(t);
    const nul = await create({ titleRu: 'Nul\u0000title' }).expect(400);
    expect(nul.body.errors).toEqual([{ field: 'titleRu', message: 'must not contain NUL characters' }]);
    const nested = await create({ titleRu: 'x', sources: [{ article: 'a.txt', quote: 'q\u0000' }] }).expect(400);
    expect(nested.body.errors[0].field).toBe('sources.0.quote');
    const query = await request(server()).get('/api/v1/memoranda').query({ q: 'a\u0000' }).set('Authorization', read).expect(400);
    expect(query.body.errors[0].field).toBe('q');
    const february = await create({ titleRu: 'x', signedOn: '2019-02-30' }).expect(400);
    expect(february.body.errors[0]).toEqual({ field: 'signedOn', message: 'signedOn must be a date as YYYY-MM-DD' });
    await request(server()).get('/api/v1/memoranda').query({ signedFrom: '2019-02-29' }).set('Authorization', read).expect(400);
    await request(server()).get('/api/v1/memoranda').query({ signedFrom: '2020-02-29' }).set('Authorization', read).expect(200);
    expect(await domainRowCounts(t)).toEqual(before);
  });

  it('requires If-Match to change a record and refuses a stale version with the current one', async () => {
    const { body: created } = await create({ titleRu: 'Соглашение', status: 'draft' }).expect(201);
    const url = `/api/v1/memoranda/${created.id}`;
    await request(server()).patch(url).set('Authorization', write).send({ titleEn: 'Agreement' }).expect(428);
    const updated = await request(server()).patch(url).set('Authorization', write).set('If-Match', '"1"').send({ titleEn: 'Agreement' }).expect(200);
    expect(updated.headers.etag).toBe('"2"');
    expect(updated.body).toMatchObject({ version: 2, titleEn: 'Agreement', titleRu: 'Соглашение' });
    const stale = await request(server()).patch(url).set('Authorization', write).set('If-Match', '"1"').send({ titleEn: 'Lost update' }).expect(412);
    expect(stale.body).toMatchObject({ status: 412, currentVersion: 2 });
    const current = await request(server()).get(url).set('Authorization', read).expect(200);
    expect(current.body.titleEn).toBe('Agreement');
    expect(current.headers.etag).toBe('"2"');
  });

  it('lets only one of two concurrent edits of the same version win', async () => {
    const { body: created } = await create({ titleRu: 'Гонка' }).expect(201);
    const url = `/api/v1/memoranda/${created.id}`;
    const results = await Promise.all(
      ['A', 'B', 'C'].map((suffix) => request(server()).patch(url).set('Authorization', write).set('If-Match', '"1"').send({ titleEn: suffix })),
    );
    expect(results.map((result) => result.status).sort()).toEqual([200, 412, 412]);
  });

  it('refuses status changes by PATCH and enforces the lifecycle through transitions, with history', async () => {
    const { body: created } = await create({ titleRu: 'Меморандум', status: 'draft' }).expect(201);
    const url = `/api/v1/memoranda/${created.id}`;
    const patch = await request(server()).patch(url).set('Authorization', write).set('If-Match', '"1"').send({ status: 'signed' }).expect(400);
    expect(patch.body.errors[0].message).toMatch(/transitions/);

    const forbidden = await request(server())
      .post(`${url}/transitions`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ to: 'fulfilled' })
      .expect(409);
    expect(forbidden.body).toMatchObject({ type: '/problems/invalid-transition', allowedTransitions: ['signed', 'terminated'] });

    const signed = await request(server())
      .post(`${url}/transitions`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ to: 'signed', comment: 'Подписан на форуме' })
      .expect(200);
    expect(signed.body).toMatchObject({ status: 'signed', version: 2 });
    await request(server()).post(`${url}/transitions`).set('Authorization', write).set('If-Match', '"1"').send({ to: 'in_progress' }).expect(412);
    await request(server()).post(`${url}/transitions`).set('Authorization', write).set('If-Match', '"2"').send({ to: 'bogus' }).expect(400);

    const history = await request(server()).get(`${url}/history`).set('Authorization', read).expect(200);
    expect(history.body.data[0]).toMatchObject({ kind: 'status', from: 'draft', to: 'signed', comment: 'Подписан на форуме' });
    expect(history.body.data[0].actor.name).toMatch(/^api-key:test-write/);
    expect(history.body.data.at(-1)).toMatchObject({ kind: 'edit', action: 'create' });
  });

  it('archives on DELETE and hides archived records unless asked', async () => {
    const { body: created } = await create({ titleRu: 'Архивный меморандум' }).expect(201);
    const url = `/api/v1/memoranda/${created.id}`;
    await request(server()).delete(url).set('Authorization', write).expect(428);
    const archived = await request(server()).delete(url).set('Authorization', write).set('If-Match', '"1"').expect(200);
    expect(archived.body.archivedAt).not.toBeNull();
    const list = await request(server()).get('/api/v1/memoranda?q=архивный').set('Authorization', read).expect(200);
    expect(list.body.meta.total).toBe(0);
    const withArchived = await request(server()).get('/api/v1/memoranda?q=архивный&includeArchived=true').set('Authorization', read).expect(200);
    expect(withArchived.body.meta.total).toBe(1);
    await request(server()).patch(url).set('Authorization', write).set('If-Match', '"2"').send({ titleEn: 'x' }).expect(409);
  });

  it('filters, searches case-insensitively by part of a word (also in party names), sorts and paginates', async () => {
    await create({
      titleKk: 'Самара облысымен ынтымақтастық туралы келісім',
      signedOn: '2018-11-01',
      signedOnPrecision: 'month',
      spheres: ['science_technology'],
      parties: [{ partyId: samara.id }],
    }).expect(201);
    await create({ titleRu: 'Договор о поставках', signedOn: '2017-05-05', parties: [{ partyId: petropavl.id }] }).expect(201);

    const kazakh = await request(server()).get('/api/v1/memoranda').query({ q: 'САМАР' }).set('Authorization', read).expect(200);
    expect(kazakh.body.data.map((m: { titleKk: string }) => m.titleKk)).toContain('Самара облысымен ынтымақтастық туралы келісім');
    const byPartyName = await request(server()).get('/api/v1/memoranda').query({ q: 'восточно-казах' }).set('Authorization', read).expect(200);
    expect(byPartyName.body.meta.total).toBe(1);

    const region = await request(server()).get('/api/v1/memoranda').query({ region: sko.id }).set('Authorization', read).expect(200);
    expect(region.body.data.map((m: { titleRu: string }) => m.titleRu).sort()).toEqual(['Договор о поставках', 'Меморандумы о сотрудничестве ВКО и СКО']);

    const dated = await request(server())
      .get('/api/v1/memoranda')
      .query({ signedFrom: '2017-01-01', signedTo: '2018-12-31', sort: 'signedOn' })
      .set('Authorization', read)
      .expect(200);
    expect(dated.body.data.map((m: { signedOn: string }) => m.signedOn)).toEqual(['2017-05-05', '2018-11-01']);

    const sphere = await request(server()).get('/api/v1/memoranda?sphere=science_technology,culture&status=draft').set('Authorization', read).expect(200);
    expect(sphere.body.meta.total).toBe(1);

    const page = await request(server()).get('/api/v1/memoranda?limit=2&offset=1&sort=-createdAt').set('Authorization', read).expect(200);
    expect(page.body.meta).toMatchObject({ limit: 2, offset: 1 });
    expect(page.body.data).toHaveLength(2);
    const article = await request(server()).get('/api/v1/memoranda?article=a.txt').set('Authorization', read).expect(200);
    expect(article.body.meta.total).toBe(1);
  });

  it('treats LIKE wildcards in q as plain characters', async () => {
    const response = await request(server()).get('/api/v1/memoranda').query({ q: '%' }).set('Authorization', read).expect(200);
    expect(response.body.meta.total).toBe(0);
  });

  it('rejects unknown query parameters and out-of-range pages', async () => {
    const unknown = await request(server()).get('/api/v1/memoranda?colour=red').set('Authorization', read).expect(400);
    expect(unknown.body.errors[0].field).toBe('colour');
    await request(server()).get('/api/v1/memoranda?limit=101').set('Authorization', read).expect(400);
    await request(server()).get('/api/v1/memoranda?limit=0').set('Authorization', read).expect(400);
    await request(server()).get('/api/v1/memoranda?offset=-1').set('Authorization', read).expect(400);
    await request(server()).get('/api/v1/memoranda?sort=colour').set('Authorization', read).expect(400);
    await request(server()).get('/api/v1/memoranda?status=signed,bogus').set('Authorization', read).expect(400);
    await request(server()).get('/api/v1/memoranda?signedFrom=yesterday').set('Authorization', read).expect(400);
    await request(server()).get('/api/v1/memoranda/not-a-uuid').set('Authorization', read).expect(400);
    await request(server()).get('/api/v1/memoranda/00000000-0000-4000-8000-000000000000').set('Authorization', read).expect(404);
  });

  it('exports CSV with a BOM and the same filters', async () => {
    const response = await request(server()).get('/api/v1/memoranda?q=самар').set('Authorization', read).set('Accept', 'text/csv').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const text = response.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,kind,status,title_kk/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Самара облысымен');
  });

  it('needs a key, and the write scope to change anything', async () => {
    await request(server()).get('/api/v1/memoranda').expect(401);
    await request(server()).get('/api/v1/memoranda').set('Authorization', 'Bearer klsm_nope_nope').expect(401);
    const before = await domainRowCounts(t);
    const forbidden = await create({ titleRu: 'Нельзя' }, read).expect(403);
    expect(forbidden.body.type).toBe('/problems/forbidden');
    expect(await domainRowCounts(t)).toEqual(before);
  });

  it('replays a create with the same Idempotency-Key and refuses the key with another body', async () => {
    const before = await domainRowCounts(t);
    const body = { titleRu: 'Идемпотентный меморандум' };
    const first = await request(server()).post('/api/v1/memoranda').set('Authorization', write).set('Idempotency-Key', 'k-1').send(body).expect(201);
    const retry = await request(server()).post('/api/v1/memoranda').set('Authorization', write).set('Idempotency-Key', 'k-1').send(body).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    const after = await domainRowCounts(t);
    expect(after.memoranda).toBe(before.memoranda + 1);
    await request(server()).post('/api/v1/memoranda').set('Authorization', write).set('Idempotency-Key', 'k-1').send({ titleRu: 'Другой' }).expect(422);
    expect((await domainRowCounts(t)).memoranda).toBe(before.memoranda + 1);
  });

  it('embeds related records on ?include=', async () => {
    const { body: created } = await create({ titleRu: 'С включениями' }).expect(201);
    const response = await request(server()).get(`/api/v1/memoranda/${created.id}?include=visit,contracts,followUps`).set('Authorization', read).expect(200);
    expect(response.body).toMatchObject({ visit: null, contracts: [], followUps: [] });
    await request(server()).get(`/api/v1/memoranda/${created.id}?include=everything`).set('Authorization', read).expect(400);
  });
});
