import request from 'supertest';
import { bearer, createArticle, createParty, createPerson, domainRowCounts } from '../../../../test/support/fixtures.js';
import { errorFields, pageOf, recordOf } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

describe('/api/v1/memoranda', () => {
  let t: TestApp;
  let counterpart: { id: string };
  let write: string;
  let read: string;
  let vko: { id: string };
  let sko: { id: string };
  let petropavl: { id: string };
  let samara: { id: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    counterpart = await createParty(t, { nameEn: 'Counterpart Trading LLP', kind: 'organisation' });
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    vko = await createParty(t, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', aliases: ['ВКО'] });
    sko = await createParty(t, { nameRu: 'Северо-Казахстанская область', nameKk: 'Солтүстік Қазақстан облысы' });
    petropavl = await createParty(t, { nameRu: 'Петропавловск', kind: 'city', parentId: sko.id });
    samara = await createParty(t, { nameRu: 'Самарская область', nameKk: 'Самара облысы' });
    await createArticle(t, 'a.txt', 'В завершение совещания было подписано 10 меморандумов о сотрудничестве.');
  });
  afterAll(() => t.close());

  /** A body without parties gets a counterpart outside every region of the tests: an agreement needs a party. */
  function create(body: Record<string, unknown>, auth = write) {
    return request(server())
      .post('/api/v1/memoranda')
      .set('Authorization', auth)
      .send({ parties: [{ partyId: counterpart.id }], ...body });
  }

  it('creates a memorandum with parties, signatories and a verified citation', async () => {
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
    // No status sent: a memorandum with a signing date has been signed.
    expect(response.body).toMatchObject({ signedOn: '2016-06-01', signedOnPrecision: 'month', status: 'signed' });
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
    const fields = errorFields(response);
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

  it('filters, searches case-insensitively by part of a word (also in party names), sorts and paginates', async () => {
    await create({
      titleKk: 'Самара облысымен ынтымақтастық туралы келісім',
      signedOn: '2018-11-01',
      signedOnPrecision: 'month',
      spheres: ['science_technology'],
      parties: [{ partyId: samara.id }],
      status: 'draft',
    }).expect(201);
    await create({ titleRu: 'Договор о поставках', signedOn: '2017-05-05', parties: [{ partyId: petropavl.id }] }).expect(201);

    const kazakh = await request(server()).get('/api/v1/memoranda').query({ q: 'САМАР' }).set('Authorization', read).expect(200);
    expect(pageOf<{ titleKk: string }>(kazakh).data.map((m) => m.titleKk)).toContain('Самара облысымен ынтымақтастық туралы келісім');
    // Kazakh letters typed as their Russian look-alikes (a Russian keyboard has no қ, ы is shared) find the same record.
    for (const q of ['ынтымактастык', 'ЫНТЫМАҚТАСТЫҚ', 'ынтымақтастык']) {
      const typed = await request(server()).get('/api/v1/memoranda').query({ q }).set('Authorization', read).expect(200);
      expect(pageOf<{ titleKk: string }>(typed).data.map((m) => m.titleKk)).toEqual(['Самара облысымен ынтымақтастық туралы келісім']);
    }
    const byPartyName = await request(server()).get('/api/v1/memoranda').query({ q: 'восточно-казах' }).set('Authorization', read).expect(200);
    expect(byPartyName.body.meta.total).toBe(1);

    const region = await request(server()).get('/api/v1/memoranda').query({ region: sko.id }).set('Authorization', read).expect(200);
    const regionTitles = pageOf<{ titleRu: string }>(region).data.map((m) => m.titleRu);
    expect(regionTitles.sort()).toEqual(['Договор о поставках', 'Меморандумы о сотрудничестве ВКО и СКО']);

    const dated = await request(server())
      .get('/api/v1/memoranda')
      .query({ signedFrom: '2017-01-01', signedTo: '2018-12-31', sort: 'signedOn' })
      .set('Authorization', read)
      .expect(200);
    expect(pageOf<{ signedOn: string }>(dated).data.map((m) => m.signedOn)).toEqual(['2017-05-05', '2018-11-01']);

    const sphere = await request(server()).get('/api/v1/memoranda?sphere=science_technology,culture&status=draft').set('Authorization', read).expect(200);
    expect(sphere.body.meta.total).toBe(1);

    const page = await request(server()).get('/api/v1/memoranda?limit=2&offset=1&sort=-createdAt').set('Authorization', read).expect(200);
    expect(page.body.meta).toMatchObject({ limit: 2, offset: 1 });
    expect(page.body.data).toHaveLength(2);
    const article = await request(server()).get('/api/v1/memoranda?article=a.txt').set('Authorization', read).expect(200);
    expect(article.body.meta.total).toBe(1);
  });

  it('rejects bad values of its own filters', async () => {
    await request(server()).get('/api/v1/memoranda?signedFrom=yesterday').set('Authorization', read).expect(400);
  });

  it('exports its columns to CSV, with the same filters', async () => {
    const response = await request(server()).get('/api/v1/memoranda?q=самар').set('Authorization', read).set('Accept', 'text/csv').expect(200);
    const text = response.text;
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,kind,status,title_kk/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Самара облысымен');
  });

  it('embeds related records on ?include=', async () => {
    const created = recordOf(await create({ titleRu: 'С включениями' }).expect(201));
    const response = await request(server()).get(`/api/v1/memoranda/${created.id}?include=visit,contracts,followUps`).set('Authorization', read).expect(200);
    expect(response.body).toMatchObject({ visit: null, contracts: [], followUps: [] });
    await request(server()).get(`/api/v1/memoranda/${created.id}?include=everything`).set('Authorization', read).expect(400);
  });

  it('records a change of parties in the history as who joined and who left (last: it adds memoranda the lists above would count)', async () => {
    const created = await create({ titleRu: 'Меморандум о членстве', parties: [{ partyId: vko.id }, { partyId: sko.id, role: 'participant' }] }).expect(201);
    await request(server())
      .patch(`/api/v1/memoranda/${created.body.id}`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ parties: [{ partyId: vko.id }, { partyId: samara.id, role: 'coordinator' }] })
      .expect(200);
    const history = await request(server()).get(`/api/v1/memoranda/${created.body.id}/history`).set('Authorization', read).expect(200);
    expect(history.body.data[0].changes).toEqual({
      parties: { added: [{ party: samara.id, role: 'coordinator' }], removed: [{ party: sko.id, role: 'participant' }] },
    });
    // Changing only the party a signatory signed for is a change (a version, a history entry), not a no-op.
    const envoy = await createPerson(t, { nameRu: 'Посланник', partyId: vko.id });
    const withSignatory = { parties: [{ partyId: vko.id }, { partyId: samara.id, role: 'coordinator' }], signatories: [{ personId: envoy.id }] };
    await request(server()).patch(`/api/v1/memoranda/${created.body.id}`).set('Authorization', write).set('If-Match', '"2"').send(withSignatory).expect(200);
    const forSamara = { signatories: [{ personId: envoy.id, partyId: samara.id }] };
    const moved = await request(server())
      .patch(`/api/v1/memoranda/${created.body.id}`)
      .set('Authorization', write)
      .set('If-Match', '"3"')
      .send(forSamara)
      .expect(200);
    expect(moved.body).toMatchObject({ version: 4, signatories: [{ personId: envoy.id, partyId: samara.id }] });
    const signed = await request(server()).get(`/api/v1/memoranda/${created.body.id}/history`).set('Authorization', read).expect(200);
    expect(signed.body.data[0]).toMatchObject({
      version: 4,
      changes: { signatories: { added: [{ person: envoy.id, party: samara.id }], removed: [{ person: envoy.id }] } },
    });
    // An entry written before memberships were structured kept the lists as "<party>:<role>" strings; it reads the same way.
    await t.prisma.auditEntry.create({
      data: {
        entityType: 'memorandum',
        entityId: created.body.id,
        action: 'update',
        version: 5,
        changes: { parties: { from: [`${vko.id}:signatory`], to: [`${vko.id}:signatory`, `${sko.id}:participant`] } },
        actorType: 'system',
        actorName: 'before the upgrade',
        createdAt: new Date(Date.now() + 60_000),
      },
    });
    const legacy = await request(server()).get(`/api/v1/memoranda/${created.body.id}/history`).set('Authorization', read).expect(200);
    expect(legacy.body.data[0].changes).toEqual({ parties: { added: [{ party: sko.id, role: 'participant' }], removed: [] } });
  });
});
