import request from 'supertest';
import { bearer, createArticle, createParty, domainRowCounts } from '../../../../test/support/fixtures.js';
import { errorFields, pageOf, recordOf } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { Actor } from '../domain/actor.js';
import { LIFECYCLES, statusesOf } from '../domain/lifecycle.js';
import { PartiesService } from '../parties/parties.service.js';
import { ContractsService } from './contracts.service.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('/api/v1/contracts', () => {
  let t: TestApp;
  let counterpart: { id: string };
  let write: string;
  let read: string;
  let vko: { id: string };
  let sko: { id: string };
  let petropavl: { id: string };
  let plant: { id: string };
  let samara: { id: string };
  let memorandumId: string;
  let visitId: string;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    counterpart = await createParty(t, { nameEn: 'Counterpart Trading LLP', kind: 'organisation' });
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    vko = await createParty(t, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', aliases: ['ВКО'] });
    sko = await createParty(t, { nameRu: 'Северо-Казахстанская область', nameKk: 'Солтүстік Қазақстан облысы' });
    petropavl = await createParty(t, { nameRu: 'Петропавловск', kind: 'city', parentId: sko.id });
    plant = await createParty(t, { nameRu: 'ЗИКСТО', nameEn: 'ZIKSTO', kind: 'organisation', parentId: petropavl.id });
    samara = await createParty(t, { nameRu: 'Самарская область', nameKk: 'Самара облысы' });
    await createArticle(t, 'c.txt', 'Подписан контракт на поставку 300 вагонов на сумму 60 млн долларов.');
    memorandumId = (await t.prisma.memorandum.create({ data: { titleRu: 'Меморандум о сотрудничестве' }, select: { id: true } })).id;
    visitId = (
      await t.prisma.visit.create({
        data: { titleRu: 'Визит в Самару', visitingPartyId: sko.id, hosts: { create: [{ partyId: samara.id }] } },
        select: { id: true },
      })
    ).id;
  });
  afterAll(() => t.close());

  /** A body without parties gets a counterpart outside every region of the tests: an agreement needs a party. */
  function create(body: Record<string, unknown>, auth = write) {
    return request(server())
      .post('/api/v1/contracts')
      .set('Authorization', auth)
      .send({ parties: [{ partyId: counterpart.id, role: 'partner' }], ...body });
  }

  function patch(id: string, version: number, body: Record<string, unknown>) {
    return request(server()).patch(`/api/v1/contracts/${id}`).set('Authorization', write).set('If-Match', `"${version}"`).send(body);
  }

  function list(query: Record<string, string>) {
    return request(server()).get('/api/v1/contracts').query(query).set('Authorization', read).expect(200);
  }

  async function rowsIncludingParties(): Promise<Record<string, number>> {
    return { ...(await domainRowCounts(t)), contractParties: await t.prisma.contractParty.count() };
  }

  it('creates a contract with parties, amount, links and a verified citation', async () => {
    const response = await create({
      titleRu: 'Контракт на поставку вагонов',
      subjectRu: 'Поставка 300 вагонов',
      amount: '60000000.50',
      currency: 'USD',
      quantity: 1,
      signedOn: '2016-06-10',
      status: 'signed',
      memorandumId,
      visitId,
      parties: [
        { partyId: plant.id, role: 'supplier' },
        { partyId: samara.id, role: 'buyer' },
        { partyId: plant.id, role: 'partner' },
      ],
      sources: [{ article: 'c.txt', quote: 'контракт на поставку 300 вагонов' }],
    }).expect(201);
    expect(response.body).toMatchObject({
      version: 1,
      status: 'signed',
      allowedTransitions: ['in_execution', 'cancelled'],
      amount: '60000000.50',
      currency: 'USD',
      quantity: 1,
      signedOn: '2016-06-10',
      signedOnPrecision: 'day',
      memorandumId,
      visitId,
      followUpIds: [],
      sources: [{ article: 'c.txt', quote: 'контракт на поставку 300 вагонов' }],
    });
    expect(response.body.parties).toHaveLength(3);
    expect(response.body.parties).toEqual(
      expect.arrayContaining([
        { partyId: plant.id, role: 'supplier', name: { kk: null, ru: 'ЗИКСТО', en: 'ZIKSTO' } },
        { partyId: plant.id, role: 'partner', name: { kk: null, ru: 'ЗИКСТО', en: 'ZIKSTO' } },
        { partyId: samara.id, role: 'buyer', name: { kk: 'Самара облысы', ru: 'Самарская область', en: null } },
      ]),
    );
    const memorandum = await request(server()).get(`/api/v1/memoranda/${memorandumId}`).set('Authorization', read).expect(200);
    expect(memorandum.body.contractIds).toEqual([response.body.id]);
  });

  it('accepts an amount as a JSON number or a decimal string and answers with an exact string', async () => {
    const cases: [unknown, string][] = [
      [1500000, '1500000.00'],
      [0, '0.00'],
      [12.5, '12.50'],
      ['0.1', '0.10'],
      ['999999999999999999.99', '999999999999999999.99'],
      [123456789012345, '123456789012345.00'],
    ];
    for (const [amount, expected] of cases) {
      const response = await create({ titleEn: `Amount ${String(amount)}`, amount, currency: 'KZT' }).expect(201);
      expect(response.body.amount).toBe(expected);
    }
    const none = await create({ titleEn: 'No amount' }).expect(201);
    expect(none.body).toMatchObject({ amount: null, currency: null, quantity: 1, status: 'negotiating' });
  });

  it('refuses bad amounts and currencies with 400 and writes nothing', async () => {
    const before = await rowsIncludingParties();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ amount: -1, currency: 'KZT' }, 'amount', /negative/],
      [{ amount: '-0.01', currency: 'KZT' }, 'amount', /negative/],
      [{ amount: 1.005, currency: 'KZT' }, 'amount', /2 decimal places/],
      [{ amount: '10.125', currency: 'KZT' }, 'amount', /2 decimal places/],
      [{ amount: '1000000000000000000', currency: 'KZT' }, 'amount', /18 digits/],
      [{ amount: 1e21, currency: 'KZT' }, 'amount', /digits/],
      // eslint-disable-next-line no-loss-of-precision -- beyond 2^53 on purpose: the API must refuse it
      [{ amount: 12345678901234567, currency: 'KZT' }, 'amount', /as a string/],
      [{ amount: '1e5', currency: 'KZT' }, 'amount', /decimal number/],
      [{ amount: '60 000 000', currency: 'KZT' }, 'amount', /decimal number/],
      [{ amount: '', currency: 'KZT' }, 'amount', /decimal number/],
      [{ amount: true, currency: 'KZT' }, 'amount', /number or a decimal string/],
      [{ amount: [1], currency: 'KZT' }, 'amount', /number or a decimal string/],
      [{ amount: 100 }, 'currency', /required when amount is set/],
      [{ amount: 100, currency: null }, 'currency', /required when amount is set/],
      [{ currency: 'KZT' }, 'currency', /must be null when amount is null/],
      [{ amount: null, currency: 'KZT' }, 'currency', /must be null when amount is null/],
      [{ amount: 100, currency: 'kzt' }, 'currency', /3 upper-case letters/],
      [{ amount: 100, currency: 'KZTT' }, 'currency', /3 upper-case letters/],
      [{ amount: 100, currency: 398 }, 'currency', /3 upper-case letters/],
      [{ quantity: 0 }, 'quantity', /not be less than 1/],
      [{ quantity: 10001 }, 'quantity', /not be greater than 10000/],
      [{ quantity: 1.5 }, 'quantity', /integer/],
      [{ quantity: null }, 'quantity', /integer/],
    ];
    for (const [fields, field, message] of cases) {
      const response = await create({ titleRu: 'Неверная сумма', ...fields });
      expect([fields, response.status]).toEqual([fields, 400]);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(message) }]));
    }
    expect(await rowsIncludingParties()).toEqual(before);
  });

  it('rejects other invalid input with field errors, 422 for missing records, and writes nothing', async () => {
    const before = await rowsIncludingParties();
    const response = await create({
      titleRu: 'x',
      signedOn: '2016-02-30x',
      status: 'done',
      memorandumId: 'nope',
      parties: [{ partyId: plant.id, role: 'seller' }, { partyId: 'nope' }],
      unknownField: 1,
    }).expect(400);
    const fields = errorFields(response);
    expect(fields).toEqual(
      expect.arrayContaining(['signedOn', 'status', 'memorandumId', 'parties.0.role', 'parties.1.partyId', 'parties.1.role', 'unknownField']),
    );
    const noTitle = await create({ subjectRu: 'без названия' }).expect(400);
    expect(noTitle.body.errors[0].field).toBe('titleRu');
    const twice = await create({
      titleRu: 'x',
      parties: [
        { partyId: plant.id, role: 'supplier' },
        { partyId: plant.id, role: 'supplier' },
      ],
    }).expect(400);
    expect(twice.body.errors[0]).toMatchObject({ field: 'parties', message: expect.stringMatching(/same role/) });
    const missing = await create({ titleRu: 'x', memorandumId: MISSING, visitId: MISSING, parties: [{ partyId: MISSING, role: 'buyer' }] }).expect(422);
    expect(errorFields(missing)).toEqual(['memorandumId', 'visitId', 'parties']);
    const badQuote = await create({ titleRu: 'x', sources: [{ article: 'c.txt', quote: 'не из статьи' }] }).expect(422);
    expect(badQuote.body.errors[0].field).toBe('sources.0.quote');
    expect(await rowsIncludingParties()).toEqual(before);
  });

  it('checks amount and currency together on PATCH, against the stored values', async () => {
    const created = recordOf(await create({ titleRu: 'Контракт с суммой', amount: 100, currency: 'KZT' }).expect(201));
    const before = await rowsIncludingParties();
    await patch(created.id, 1, { amount: null }).expect(400);
    await patch(created.id, 1, { currency: null }).expect(400);
    await patch(created.id, 1, { currency: 'rub' }).expect(400);
    await patch(created.id, 1, { amount: '1.234' }).expect(400);
    await patch(created.id, 1, { quantity: null }).expect(400);
    await patch(created.id, 1, { parties: null }).expect(400);
    await patch(created.id, 1, { memorandumId: MISSING }).expect(422);
    expect(await rowsIncludingParties()).toEqual(before);
    const rub = await patch(created.id, 1, { amount: '2500.75', currency: 'RUB' }).expect(200);
    expect(rub.body).toMatchObject({ version: 2, amount: '2500.75', currency: 'RUB' });
    const cleared = await patch(created.id, 2, { amount: null, currency: null }).expect(200);
    expect(cleared.body).toMatchObject({ version: 3, amount: null, currency: null });
    const history = await request(server()).get(`/api/v1/contracts/${created.id}/history`).set('Authorization', read).expect(200);
    expect(history.body.data[0].changes).toEqual({ amount: { from: '2500.75', to: null }, currency: { from: 'RUB', to: null } });
  });

  it('replaces the parties and moves the signing date to the first day of a coarser precision on PATCH', async () => {
    const created = recordOf(await create({ titleRu: 'Договор', parties: [{ partyId: samara.id, role: 'buyer' }] }).expect(201));
    const updated = await patch(created.id, 1, {
      titleEn: 'Contract',
      parties: [{ partyId: vko.id, role: 'supplier' }],
      signedOn: '2019-03-05',
      signedOnPrecision: 'month',
    }).expect(200);
    expect(updated.body).toMatchObject({ version: 2, titleEn: 'Contract', titleRu: 'Договор', signedOn: '2019-03-01', signedOnPrecision: 'month' });
    expect(updated.body.parties).toEqual([{ partyId: vko.id, role: 'supplier', name: expect.objectContaining({ ru: 'Восточно-Казахстанская область' }) }]);
  });

  it('leaves one set of parties when concurrent edits of the same version replace them', async () => {
    const created = recordOf(await create({ titleRu: 'Гонка' }).expect(201));
    await Promise.all(['A', 'B', 'C'].map((suffix) => patch(created.id, 1, { titleEn: suffix, parties: [{ partyId: samara.id, role: 'buyer' }] })));
    expect(await t.prisma.contractParty.count({ where: { contractId: created.id } })).toBe(1);
  });

  it('accepts any status on create, with the moves its lifecycle table allows from there; fulfilled and cancelled are final', async () => {
    for (const status of statusesOf('contract')) {
      const created = recordOf(await create({ titleRu: `Контракт ${status}`, status }).expect(201));
      expect(created).toMatchObject({ status, version: 1, allowedTransitions: LIFECYCLES.contract[status] });
    }
    expect(LIFECYCLES.contract.fulfilled).toEqual([]);
    expect(LIFECYCLES.contract.cancelled).toEqual([]);
  });

  it('filters by status, party, region, dates, links, currency and article; searches by part of a word', async () => {
    await create({
      titleKk: 'Астық жеткізу келісімшарты',
      amount: 700000,
      currency: 'RUB',
      signedOn: '2021-07-01',
      signedOnPrecision: 'month',
      visitId,
      parties: [{ partyId: samara.id, role: 'buyer' }],
    }).expect(201);
    await create({
      titleRu: 'Поставка зерна',
      amount: '5000',
      currency: 'KZT',
      signedOn: '2021-02-15',
      memorandumId,
      parties: [{ partyId: plant.id, role: 'supplier' }],
    }).expect(201);
    const in2021 = { signedFrom: '2021-01-01', signedTo: '2021-12-31' };

    const kazakh = await list({ q: 'ЖЕТКІЗУ' });
    expect(pageOf<{ titleKk: string }>(kazakh).data.map((c) => c.titleKk)).toEqual(['Астық жеткізу келісімшарты']);
    const byPartyName = await list({ q: 'зикст', ...in2021 });
    expect(pageOf<{ titleRu: string }>(byPartyName).data.map((c) => c.titleRu)).toEqual(['Поставка зерна']);

    const bySignedOn = await list({ ...in2021, sort: 'signedOn' });
    expect(pageOf<{ signedOn: string }>(bySignedOn).data.map((c) => c.signedOn)).toEqual(['2021-02-15', '2021-07-01']);
    const byAmount = await list({ ...in2021, sort: '-amount' });
    expect(pageOf<{ amount: string }>(byAmount).data.map((c) => c.amount)).toEqual(['700000.00', '5000.00']);
    expect(pageOf<{ currency: string }>(await list({ ...in2021, currency: 'RUB' })).data.map((c) => c.currency)).toEqual(['RUB']);
    expect((await list({ ...in2021, currency: 'USD,KZT' })).body.meta.total).toBe(1);
    expect((await list({ ...in2021, party: samara.id })).body.meta.total).toBe(1);
    const region = await list({ ...in2021, region: sko.id });
    expect(pageOf<{ titleRu: string }>(region).data.map((c) => c.titleRu)).toEqual(['Поставка зерна']);
    expect((await list({ ...in2021, memorandum: memorandumId })).body.meta.total).toBe(1);
    expect((await list({ ...in2021, visit: visitId })).body.meta.total).toBe(1);
    expect((await list({ ...in2021, status: 'negotiating,signed' })).body.meta.total).toBe(2);
    expect((await list({ ...in2021, status: 'fulfilled' })).body.meta.total).toBe(0);
    const article = await list({ article: 'c.txt' });
    expect(pageOf<{ titleRu: string }>(article).data.map((c) => c.titleRu)).toEqual(['Контракт на поставку вагонов']);

    const all = await list({ limit: '100', sort: 'amount' });
    const amounts = pageOf<{ amount: string | null }>(all).data.map((c) => c.amount);
    const firstNull = amounts.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(amounts.slice(firstNull).every((amount: string | null) => amount === null)).toBe(true);
    const numbers = amounts.slice(0, firstNull).map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const undatedLast = pageOf<{ signedOn: string | null }>(await list({ limit: '100' })).data.map((c) => c.signedOn);
    expect(undatedLast[0]).toBe('2021-07-01');
    expect(undatedLast.at(-1)).toBeNull();

    const page = await list({ limit: '2', offset: '1', sort: '-createdAt' });
    expect(page.body.meta).toMatchObject({ limit: 2, offset: 1, total: all.body.meta.total });
    expect(page.body.data).toHaveLength(2);
  });

  it('rejects bad values of its own filters and sorts', async () => {
    for (const query of ['sort=startDate', 'signedFrom=yesterday', 'currency=usd', 'memorandum=nope']) {
      const response = await request(server()).get(`/api/v1/contracts?${query}`).set('Authorization', read);
      expect([query, response.status]).toEqual([query, 400]);
    }
  });

  it('exports its columns to CSV, with the same filters, the amount and the parties with their roles', async () => {
    const response = await request(server()).get('/api/v1/contracts?q=вагон').set('Authorization', read).set('Accept', 'text/csv').expect(200);
    const lines = response.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,status,title_kk,title_ru,title_en,amount,currency/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Контракт на поставку вагонов');
    expect(lines[1]).toContain('60000000.50,USD');
    expect(lines[1]).toContain('ЗИКСТО (supplier)');
  });

  it('lets a region-bound editor change only contracts with a party in the region', async () => {
    const contracts = t.app.get(ContractsService);
    const editor: Actor = { type: 'user', id: null, name: 'sko-editor', role: 'editor', regionPartyId: sko.id };
    const own = await contracts.create({ titleRu: 'Контракт завода', parties: [{ partyId: plant.id, role: 'supplier' }] }, editor);
    await contracts.transition(own.id, 1, 'signed', undefined, editor);
    await expect(contracts.update(own.id, 2, { parties: [{ partyId: samara.id, role: 'buyer' }] }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    await expect(contracts.create({ titleRu: 'Чужой контракт', parties: [{ partyId: samara.id, role: 'buyer' }] }, editor)).rejects.toMatchObject({
      problem: { status: 403 },
    });
    // A contract without parties is refused before any region question: an agreement needs a party.
    await expect(contracts.create({ titleRu: 'Контракт без сторон' }, editor)).rejects.toMatchObject({ problem: { status: 400 } });
    const viewer: Actor = { type: 'user', id: null, name: 'viewer', role: 'viewer' };
    await expect(contracts.archive(own.id, 2, viewer)).rejects.toMatchObject({ problem: { status: 403 } });
    // Archiving is an admin's call, even for the editor's own region; an API client with the write scope may.
    await expect(contracts.archive(own.id, 2, editor)).rejects.toMatchObject({
      problem: { status: 403, detail: 'Only an admin can archive or restore records.' },
    });
    expect((await t.prisma.contract.findUniqueOrThrow({ where: { id: own.id } })).archivedAt).toBeNull();
    const admin: Actor = { type: 'user', id: null, name: 'admin', role: 'admin' };
    const archived = await contracts.archive(own.id, 2, admin);
    await expect(contracts.restore(own.id, archived.version, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    expect((await contracts.restore(own.id, archived.version, admin)).archivedAt).toBeNull();
  });

  it('refuses to restore a contract whose party was archived meanwhile, and restores it once the party is back', async () => {
    const contracts = t.app.get(ContractsService);
    const admin: Actor = { type: 'user', id: null, name: 'admin', role: 'admin' };
    const supplier = await createParty(t, { nameRu: 'Закрытый поставщик', kind: 'organisation' });
    const contract = await contracts.create({ titleRu: 'Контракт закрытого поставщика', parties: [{ partyId: supplier.id, role: 'supplier' }] }, admin);
    const archived = await contracts.archive(contract.id, contract.version, admin);
    // Only an archived contract points at the supplier, so the supplier can be archived too.
    const { body: party } = await request(server()).get(`/api/v1/parties/${supplier.id}`).set('Authorization', read).expect(200);
    await request(server()).delete(`/api/v1/parties/${supplier.id}`).set('Authorization', write).set('If-Match', `"${party.version}"`).expect(200);

    await expect(contracts.restore(contract.id, archived.version, admin)).rejects.toMatchObject({
      problem: { status: 422, errors: [{ field: 'parties', message: `party ${supplier.id} is archived` }] },
    });
    expect((await t.prisma.contract.findUniqueOrThrow({ where: { id: contract.id } })).archivedAt).not.toBeNull();

    const partyRecord = await t.prisma.party.findUniqueOrThrow({ where: { id: supplier.id } });
    await t.app.get(PartiesService).restore(supplier.id, partyRecord.version, admin);
    expect((await contracts.restore(contract.id, archived.version, admin)).archivedAt).toBeNull();
  });

  it('embeds related records on ?include=', async () => {
    const created = recordOf(await create({ titleRu: 'С включениями', memorandumId, visitId }).expect(201));
    const followUp = await t.prisma.followUp.create({
      data: { titleRu: 'Отгрузка', contractId: created.id, dueOn: new Date('2022-05-01T00:00:00Z'), dueOnPrecision: 'month' },
      select: { id: true },
    });
    const response = await request(server()).get(`/api/v1/contracts/${created.id}?include=memorandum,visit,followUps`).set('Authorization', read).expect(200);
    expect(response.body).toMatchObject({
      followUpIds: [followUp.id],
      memorandum: { id: memorandumId, titleRu: 'Меморандум о сотрудничестве' },
      visit: { id: visitId, titleRu: 'Визит в Самару', visitingPartyId: sko.id },
      followUps: [{ id: followUp.id, titleRu: 'Отгрузка', dueOn: '2022-05-01', dueOnPrecision: 'month', status: 'planned' }],
    });
    const bare = recordOf(await create({ titleRu: 'Без связей' }).expect(201));
    const empty = await request(server()).get(`/api/v1/contracts/${bare.id}?include=memorandum,visit,followUps`).set('Authorization', read).expect(200);
    expect(empty.body).toMatchObject({ memorandum: null, visit: null, followUps: [] });
    const listed = await list({ q: 'с включениями', include: 'visit' });
    expect(listed.body.data[0].visit).toMatchObject({ id: visitId });
    await request(server()).get(`/api/v1/contracts/${created.id}?include=everything`).set('Authorization', read).expect(400);
  });
});
