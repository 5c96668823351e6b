import request from 'supertest';
import { bearer, createParty, createPerson, domainRowCounts } from '../../../../test/support/fixtures.js';
import { errorFields } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

// Written for this test: the press release of the issue (a Pavlodar delegation in Omsk oblast).
const TEXT =
  'Делегация Павлодарской области во главе с акимом Асаином Байхановым посетила Омскую область 12.03.2026. ' +
  'Стороны подписали меморандум о сотрудничестве в сельском хозяйстве. ' +
  'ТОО «Павлодар Агро» заключило контракт на поставку зерна на 60 млн. тенге. ' +
  'Ответный визит омской делегации в Павлодар запланирован на декабрь.';

describe('POST /api/v1/sources/{key}/records: a press release entered at once', () => {
  let t: TestApp;
  let write: string;
  let key: string;
  let ids: { pavlodar: string; omsk: string; agro: string; akim: string };
  const server = () => t.app.getHttpServer();
  const cite = (quote: string) => [{ article: key, quote }];
  const enter = (body: object) => request(server()).post(`/api/v1/sources/${key}/records`).set('Authorization', write).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    write = await bearer(t, 'write');
    const pavlodar = await createParty(t, { nameRu: 'Павлодарская область', nameKk: 'Павлодар облысы', kind: 'region' });
    const omsk = await createParty(t, { nameRu: 'Омская область', nameKk: 'Омбы облысы', kind: 'foreign_region' });
    const agro = await createParty(t, { nameRu: 'ТОО «Павлодар Агро»', kind: 'organisation', parentId: pavlodar.id });
    const akim = await createPerson(t, { nameRu: 'Асаин Байханов', partyId: pavlodar.id });
    ids = { pavlodar: pavlodar.id, omsk: omsk.id, agro: agro.id, akim: akim.id };
    key = (await request(server()).post('/api/v1/sources').set('Authorization', write).send({ title: 'Павлодар в Омске', text: TEXT }).expect(201)).body.key;
  });
  afterAll(() => t.close());

  const fullDraft = () => ({
    visit: {
      titleRu: 'Визит павлодарской делегации в Омскую область',
      visitingPartyId: ids.pavlodar,
      hostPartyIds: [ids.omsk],
      delegationHeadId: ids.akim,
      startDate: '2026-03-12',
      sources: cite('Делегация Павлодарской области во главе с акимом Асаином Байхановым посетила Омскую область 12.03.2026.'),
    },
    memorandum: {
      titleRu: 'Меморандум о сотрудничестве в сельском хозяйстве',
      signedOn: '2026-03-12',
      spheres: ['agriculture'],
      parties: [{ partyId: ids.pavlodar }, { partyId: ids.omsk }],
      signatories: [{ personId: ids.akim }],
      sources: cite('Стороны подписали меморандум о сотрудничестве в сельском хозяйстве.'),
    },
    contract: {
      titleRu: 'Поставка зерна',
      amount: '60000000',
      currency: 'KZT',
      parties: [{ partyId: ids.agro, role: 'supplier' }],
      sources: cite('ТОО «Павлодар Агро» заключило контракт на поставку зерна на 60 млн. тенге.'),
    },
    followUps: [
      {
        titleRu: 'Ответный визит омской делегации',
        dueOn: '2026-12-01',
        dueOnPrecision: 'month',
        responsiblePartyId: ids.omsk,
        sources: cite('Ответный визит омской делегации в Павлодар запланирован на декабрь.'),
      },
    ],
  });

  it('finds what the text names, inflected, with offsets into the stored text and the directory ids', async () => {
    const response = await request(server()).get(`/api/v1/sources/${key}/mentions`).set('Authorization', write).expect(200);
    const mentions = (
      response.body as { data: { kind: string; start: number; end: number; text: string; partyId?: string; personId?: string; value?: object }[] }
    ).data;
    for (const mention of mentions) expect(TEXT.slice(mention.start, mention.end)).toBe(mention.text);
    expect(mentions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'party', text: 'Павлодарской области', partyId: ids.pavlodar }),
        expect.objectContaining({ kind: 'party', text: 'Омскую область', partyId: ids.omsk }),
        expect.objectContaining({ kind: 'person', text: 'Асаином Байхановым', personId: ids.akim }),
        expect.objectContaining({ kind: 'date', text: '12.03.2026', value: { date: '2026-03-12', precision: 'day' } }),
        expect.objectContaining({ kind: 'amount', value: { amount: '60000000', currency: 'KZT' } }),
        expect.objectContaining({ kind: 'date', text: expect.stringContaining('декабр'), value: expect.objectContaining({ precision: 'month' }) }),
      ]),
    );
    await request(server()).get('/api/v1/sources/nope/mentions').set('Authorization', write).expect(404);
  });

  it('writes every part with the links the text implies and statuses its dates say, each citing its passage', async () => {
    const response = await enter(fullDraft()).expect(201);
    const { visit, memorandum, contract, followUps } = response.body;
    // 12 March 2026 has passed (the suite runs later): the visit happened, the memorandum with a signing date is signed.
    expect(visit).toMatchObject({ status: 'completed', sources: [{ article: key, quote: expect.stringContaining('посетила Омскую область') }] });
    expect(memorandum).toMatchObject({ status: 'signed', visitId: visit.id });
    expect(contract).toMatchObject({ status: 'negotiating', visitId: visit.id, memorandumId: memorandum.id, amount: '60000000.00' });
    expect(followUps).toEqual([expect.objectContaining({ status: 'planned', memorandumId: memorandum.id, visitId: null })]);
    const source = await request(server()).get(`/api/v1/sources/${key}`).set('Authorization', write).expect(200);
    expect(source.body.citationCount).toBe(4);
  });

  it.each([
    [
      'a memorandum without parties',
      (draft: ReturnType<typeof fullDraft>) => ({ ...draft, memorandum: { ...draft.memorandum, parties: [] } }),
      400,
      'memorandum.parties',
    ],
    [
      'a contract without parties',
      (draft: ReturnType<typeof fullDraft>) => ({ ...draft, contract: { ...draft.contract, parties: undefined } }),
      400,
      'contract.parties',
    ],
    ['a part citing nothing', (draft: ReturnType<typeof fullDraft>) => ({ ...draft, contract: { ...draft.contract, sources: [] } }), 400, 'contract.sources'],
    [
      'a quote that is not in the text',
      (draft: ReturnType<typeof fullDraft>) => ({ ...draft, followUps: [{ ...draft.followUps[0], sources: cite('в январе') }] }),
      422,
      'followUps.0.sources.0.quote',
    ],
    ['an empty draft', () => ({}), 400, 'visit'],
    ['an unknown field in a part', (draft: ReturnType<typeof fullDraft>) => ({ ...draft, visit: { ...draft.visit, colour: 'red' } }), 400, 'visit.colour'],
  ])('refuses %s, naming the part, and writes nothing at all', async (_case, change, status, field) => {
    const before = await domainRowCounts(t);
    const response = await enter(change(fullDraft())).expect(status);
    expect(errorFields(response)).toContain(field);
    expect(await domainRowCounts(t)).toEqual(before);
  });

  it('answers 404 for a source that does not exist', async () => {
    await request(server()).post('/api/v1/sources/nope/records').set('Authorization', write).send(fullDraft()).expect(404);
  });
});
