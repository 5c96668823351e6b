import { createHash } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { bearer } from '../../../../test/support/fixtures.js';
import { idsOf, pageOf } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { overdueWhere } from '../follow-ups/follow-up.where.js';
import { MemorandaService } from '../memoranda/memoranda.service.js';
import { loadSeedData, type SeedData } from './seed-data.js';
import { SeedService } from './seed.service.js';

const SEED_DIR = path.join(process.cwd(), 'prisma', 'seed');

/**
 * What each article yields, as a careful reading of it counts: records per type and the documents they stand for
 * (sums of `quantity`). Written out, not derived from the YAML, so that a change to the counts is a change here.
 * 000: + the agricultural cooperation record. 001: three bilateral city agreements (3 × 1), the joint-venture
 * documents as a contract (≥ 2), the business agreements as 6 + 1 + 1 = 8. 002: + the XV Forum, − four domestic road
 * plans. 003: − the import-substitution remark. 004: the agreements as at least 2.
 */
const EXPECTED: Record<
  string,
  { visits: number; memoranda: number; contracts: number; followUps: number; memorandumQuantity: number; contractQuantity: number }
> = {
  '000_2c613842bf8fbb02.txt': { visits: 1, memoranda: 0, contracts: 7, followUps: 5, memorandumQuantity: 0, contractQuantity: 7 },
  '001_12f8570693e90b5d.txt': { visits: 3, memoranda: 3, contracts: 4, followUps: 5, memorandumQuantity: 3, contractQuantity: 10 },
  '002_67de2c8af0dd1755.txt': { visits: 2, memoranda: 1, contracts: 1, followUps: 3, memorandumQuantity: 1, contractQuantity: 1 },
  '003_95d8b3d6152c2cac.txt': { visits: 1, memoranda: 1, contracts: 0, followUps: 2, memorandumQuantity: 10, contractQuantity: 0 },
  '004_61eb6d7927535e5f.txt': { visits: 2, memoranda: 1, contracts: 1, followUps: 9, memorandumQuantity: 2, contractQuantity: 1 },
};
const day = (value: string) => new Date(`${value}T00:00:00Z`);

describe('seeding the register from the source articles', () => {
  let t: TestApp;
  let data: SeedData;

  beforeAll(async () => {
    t = await createTestApp();
    data = loadSeedData(SEED_DIR);
    await t.app.get(SeedService).run(SEED_DIR);
  }, 120_000);
  afterAll(() => t.close());

  it('stores the five articles with their full text and its sha256', async () => {
    const articles = await t.prisma.sourceArticle.findMany({ orderBy: { key: 'asc' } });
    expect(articles.map((a) => a.key)).toEqual([
      '000_2c613842bf8fbb02.txt',
      '001_12f8570693e90b5d.txt',
      '002_67de2c8af0dd1755.txt',
      '003_95d8b3d6152c2cac.txt',
      '004_61eb6d7927535e5f.txt',
    ]);
    for (const article of articles) {
      expect(article.sha256).toBe(createHash('sha256').update(article.text, 'utf8').digest('hex'));
      expect(article.text.length).toBeGreaterThan(1000);
    }
  });

  it('finds every citation quote verbatim in its article', async () => {
    const citations = await t.prisma.citation.findMany({ include: { article: { select: { key: true, text: true } } } });
    expect(citations.length).toBeGreaterThan(50);
    const missing = citations.filter((citation) => !citation.article.text.includes(citation.quote));
    expect(missing.map((citation) => `${citation.article.key}: ${citation.quote}`)).toEqual([]);
  });

  it('cites every visit, memorandum, contract and follow-up', async () => {
    const uncited = await Promise.all([
      t.prisma.visit.count({ where: { citations: { none: {} } } }),
      t.prisma.memorandum.count({ where: { citations: { none: {} } } }),
      t.prisma.contract.count({ where: { citations: { none: {} } } }),
      t.prisma.followUp.count({ where: { citations: { none: {} } } }),
    ]);
    expect(uncited).toEqual([0, 0, 0, 0]);
  });

  it('yields at least one visit from every article, and the counts the extraction gives', async () => {
    for (const { meta, file } of data.articles) {
      const cites = { citations: { some: { article: { key: meta.key } } } };
      const [visits, memoranda, contracts, followUps, memorandumQuantity, contractQuantity] = await Promise.all([
        t.prisma.visit.count({ where: { seedKey: { in: file.visits.map((v) => v.key) } } }),
        t.prisma.memorandum.count({ where: { seedKey: { in: file.memoranda.map((m) => m.key) } } }),
        t.prisma.contract.count({ where: { seedKey: { in: file.contracts.map((c) => c.key) } } }),
        t.prisma.followUp.count({ where: { seedKey: { in: file.followUps.map((u) => u.key) } } }),
        t.prisma.memorandum.aggregate({ where: { seedKey: { in: file.memoranda.map((m) => m.key) } }, _sum: { quantity: true } }),
        t.prisma.contract.aggregate({ where: { seedKey: { in: file.contracts.map((c) => c.key) } }, _sum: { quantity: true } }),
      ]);
      const counted = {
        visits,
        memoranda,
        contracts,
        followUps,
        memorandumQuantity: memorandumQuantity._sum.quantity ?? 0,
        contractQuantity: contractQuantity._sum.quantity ?? 0,
      };
      expect({ article: meta.key, ...counted }).toEqual({ article: meta.key, ...EXPECTED[meta.key] });
      expect(file.visits.length + file.memoranda.length + file.contracts.length + file.followUps.length).toBe(visits + memoranda + contracts + followUps);
      expect(visits).toBeGreaterThanOrEqual(1);
      expect(await t.prisma.visit.count({ where: cites })).toBeGreaterThanOrEqual(1);
    }
    expect(await t.prisma.party.count()).toBe(data.parties.length);
    expect(await t.prisma.person.count()).toBe(data.people.length);
  });

  it('keeps the ten memoranda of 10.06.2016 as one record with quantity 10', async () => {
    const memorandum = await t.prisma.memorandum.findUniqueOrThrow({ where: { seedKey: 'a003-memo-10-memoranda' } });
    expect(memorandum).toMatchObject({ quantity: 10, status: 'signed' });
  });

  describe('the corrections of the independent reading', () => {
    const memorandum = (seedKey: string) =>
      t.prisma.memorandum.findUniqueOrThrow({ where: { seedKey }, include: { parties: { include: { party: { select: { seedKey: true } } } } } });
    const contract = (seedKey: string) =>
      t.prisma.contract.findUniqueOrThrow({ where: { seedKey }, include: { parties: { include: { party: { select: { seedKey: true } } } } } });
    const visit = (seedKey: string) => t.prisma.visit.findUniqueOrThrow({ where: { seedKey } });
    const followUp = (seedKey: string) => t.prisma.followUp.findUniqueOrThrow({ where: { seedKey } });
    const quotes = async (where: object) => (await t.prisma.citation.findMany({ where })).map((c) => c.quote);
    const partiesOf = (record: { parties: { role: string; party: { seedKey: string | null } }[] }) =>
      record.parties.map((p) => `${p.party.seedKey}:${p.role}`).sort();
    const VII = /VII Forum.*7 September 2010/s;

    it('1: the VKO–Tarbagatai agreements count at least 2, said in the note', async () => {
      const agreements = await memorandum('a004-agr-vko-tarbagatai');
      expect(agreements.quantity).toBe(2);
      expect(agreements.note).toMatch(/lower bound 2/);
    });

    it('2: 001 dated from the VII Forum: the forum to the day, the trip, the return visit and the equipment to the month', async () => {
      expect(await visit('a001-visit-forum-vii-oskemen')).toMatchObject({
        startDate: day('2010-09-07'),
        startDatePrecision: 'day',
        note: expect.stringMatching(VII),
      });
      expect(await visit('a001-visit-oskemen-to-siberia')).toMatchObject({
        startDate: day('2010-10-01'),
        startDatePrecision: 'month',
        note: expect.stringMatching(VII),
      });
      expect(await visit('a001-visit-elesy-return')).toMatchObject({
        startDate: day('2010-12-01'),
        startDatePrecision: 'month',
        note: expect.stringMatching(VII),
      });
      for (const key of ['a001-fu-heart-surgery-equipment', 'a001-fu-elesy-return-visit']) {
        expect(await followUp(key)).toMatchObject({ dueOn: day('2010-12-01'), dueOnPrecision: 'month', note: expect.stringMatching(VII) });
      }
      const article = await t.prisma.sourceArticle.findUniqueOrThrow({ where: { key: '001_12f8570693e90b5d.txt' } });
      expect(article).toMatchObject({ publishedOn: day('2010-01-01'), publishedOnPrecision: 'year' });
    });

    it('3: three bilateral agreements, Ust-Kamenogorsk with each city, one each, with the spheres the text names', async () => {
      for (const city of ['tomsk', 'novosibirsk', 'barnaul']) {
        const agreement = await memorandum(`a001-agr-oskemen-${city}`);
        expect(agreement).toMatchObject({ quantity: 1, signedOn: day('2010-10-01'), signedOnPrecision: 'month' });
        expect([...agreement.spheres].sort()).toEqual(['culture', 'science_technology', 'trade']);
        expect(partiesOf(agreement)).toEqual(['city-oskemen:signatory', `city-${city}:signatory`].sort());
      }
      expect(await t.prisma.memorandum.count({ where: { seedKey: 'a001-agr-oskemen-siberian-cities' } })).toBe(0);
    });

    it('4 and 5: the eight business agreements sum to 8; the joint-venture documents are a contract of at least 2 besides them', async () => {
      const eight = ['a001-contract-business-agreements-8', 'a001-contract-altai-technopark', 'a001-contract-technocentre-energy-saving'];
      const sum = await t.prisma.contract.aggregate({ where: { seedKey: { in: eight } }, _sum: { quantity: true } });
      expect(sum._sum.quantity).toBe(8);
      const remainder = await contract('a001-contract-business-agreements-8');
      expect(remainder.quantity).toBe(6);
      expect(remainder.note).toMatch(/a001-contract-altai-technopark/);
      expect(remainder.note).toMatch(/a001-contract-technocentre-energy-saving/);
      const ventures = await contract('a001-contract-joint-ventures');
      expect(ventures.quantity).toBeGreaterThanOrEqual(2);
      expect(ventures.note).toMatch(/Not part of the eight/);
      expect(await t.prisma.memorandum.count({ where: { seedKey: 'a001-agr-joint-ventures' } })).toBe(0);
      // 001 as a whole: 3 agreements between administrations, 8 business agreements, at least 2 joint-venture documents.
      expect(EXPECTED['001_12f8570693e90b5d.txt']).toMatchObject({ memorandumQuantity: 3, contractQuantity: 8 + 2 });
    });

    it('6: Munaimash made the pumping units in 2016: dated, in execution, translated, with the literal words in the note', async () => {
      const munaimash = await contract('a000-contract-munaimash-arbatvostokservice');
      expect(munaimash).toMatchObject({ signedOn: day('2016-01-01'), signedOnPrecision: 'year', status: 'in_execution' });
      expect(munaimash.subjectEn).toMatch(/pumping units/);
      expect(munaimash.subjectRu).toMatch(/качалк/);
      expect(munaimash.note).toMatch(/шайқау машиналары/);
    });

    it('7: the Samara visit in November 2018, within the XV Forum by its official name, which has a record of its own', async () => {
      const samara = await visit('a002-visit-bko-to-samara');
      expect(samara).toMatchObject({
        startDate: day('2018-11-01'),
        startDatePrecision: 'month',
        occasion: 'XV Форум межрегионального сотрудничества Казахстана и России',
      });
      expect(samara.summaryRu).toMatch(/XV Форума межрегионального сотрудничества Казахстана и России/);
      expect(samara.summaryEn).toMatch(/XV Forum of Interregional Cooperation of Kazakhstan and Russia/);
      expect(samara.note).toMatch(/XV Forum .*9 November 2018.*Kazinform/s);
      expect(await memorandum('a002-agr-bko-samara')).toMatchObject({ signedOn: day('2018-11-01'), signedOnPrecision: 'month' });
      const forum = await visit('a002-visit-forum-xv-petropavl');
      expect(forum).toMatchObject({
        startDate: day('2018-11-09'),
        startDatePrecision: 'day',
        titleRu: expect.stringContaining('XV Форум межрегионального сотрудничества'),
      });
      expect(forum.note).toMatch(/Kazinform/);
    });

    it('8: Zenittechservice and the Samara laboratory as ongoing joint work, the subject as the text states it', async () => {
      const work = await contract('a002-contract-zenittechservice-samara-lab');
      expect(work).toMatchObject({ status: 'in_execution', signedOn: null, amount: null });
      for (const subject of [work.subjectKk, work.subjectRu, work.subjectEn]) expect(subject).not.toMatch(/ұшқышсыз|беспилот|unmanned/i);
      expect(work.note).toMatch(/describes the laboratory/);
    });

    it('9: the ten memoranda name both oblasts in the neutral role', async () => {
      expect(partiesOf(await memorandum('a003-memo-10-memoranda'))).toEqual(['region-sko:participant', 'region-vko:participant']);
    });

    it('10: the railway follow-up quotes both lines, so Ayagoz–Bakhty is in the quote', async () => {
      const railway = await followUp('a004-fu-railway-lines');
      const cited = await quotes({ followUpId: railway.id });
      expect(cited).toHaveLength(1);
      expect(cited[0]).toMatch(/^«Аягөз - {2}\nБақты», «Үрімжі/);
    });

    it('11: the parties as the text names them', async () => {
      const party = (seedKey: string) => t.prisma.party.findUniqueOrThrow({ where: { seedKey }, include: { parent: { select: { seedKey: true } } } });
      const elesy = await party('org-elesy');
      expect(elesy.nameRu).toContain('«ЭлеСи»');
      expect(elesy.nameRu).not.toMatch(/ООО/);
      expect((await party('org-kazmunaigazmash')).parent?.seedKey).toBe('country-kz');
      const tractors = await party('org-ptz');
      expect(tractors.nameKk).toMatch(/БК» ЖШС$/);
      expect(tractors.nameRu).toMatch(/СП/);
    });

    it('12: no weak quotes or non-promises; the domestic road plans of 002 are context, not follow-ups, and not overdue', async () => {
      const cattle = await contract('a000-contract-sko-cattle-500');
      expect(await quotes({ contractId: cattle.id })).toEqual(['Бiз осы жылы бес жүз бас iрi қара мал саттық.']);
      expect(await t.prisma.followUp.count({ where: { seedKey: 'a003-fu-import-substitution' } })).toBe(0);
      const samara = await visit('a002-visit-bko-to-samara');
      expect(
        await t.prisma.followUp.count({ where: { visitId: samara.id, OR: [{ titleEn: { contains: 'road' } }, { titleEn: { contains: 'highway' } }] } }),
      ).toBe(0);
      expect(await t.prisma.followUp.count({ where: { visitId: samara.id, AND: [overdueWhere()] } })).toBe(0);
      expect(samara.note).toMatch(/Context, not follow-ups/);
      expect(await quotes({ visitId: samara.id })).toContain(
        '2019 жылы Самара облысының шекарасына дейін сегіз жолақты жол салу жоспарда бар. Келесі жылы Орынбор облысының шекарасына дейінгі жолды жөндеу жұмыстары басталады',
      );
    });

    it('13: the agricultural cooperation of 000 has its own record; the second-half-of-year clue is in the 004 visit note', async () => {
      const agri = await contract('a000-contract-agri-cooperation');
      expect(agri.subjectKk).toMatch(/маркетинг, брендтеу/i);
      expect(await quotes({ contractId: agri.id })).toEqual([expect.stringContaining('күнбағыс дәнiн жеткiзу бойынша да ынтымақтастық жасалған')]);
      const reception = await visit('a004-visit-tarbagatai-to-vko');
      expect(reception.note).toMatch(/second half\s+of a year/);
      expect(reception.note).toMatch(/Saparbayev/);
    });
  });

  it('changes nothing when run again', async () => {
    const snapshot = async () =>
      Promise.all([
        t.prisma.visit.findMany({ orderBy: { id: 'asc' } }),
        t.prisma.memorandum.findMany({ orderBy: { id: 'asc' } }),
        t.prisma.citation.count(),
        t.prisma.auditEntry.count(),
      ]);
    const before = await snapshot();
    const counts = await t.app.get(SeedService).run(SEED_DIR);
    expect(counts).toMatchObject({ created: 0, updated: 0, keptStaffEdits: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('never overwrites a record staff have edited since it was seeded', async () => {
    const seeded = await t.prisma.memorandum.findUniqueOrThrow({ where: { seedKey: 'a003-memo-10-memoranda' } });
    await t.app
      .get(MemorandaService)
      .update(seeded.id, seeded.version, { titleEn: 'Edited by staff' }, { type: 'user', id: null, name: 'staff', role: 'admin' });
    const counts = await t.app.get(SeedService).run(SEED_DIR);
    expect(counts.keptStaffEdits).toBe(1);
    const after = await t.prisma.memorandum.findUniqueOrThrow({ where: { id: seeded.id } });
    expect(after.titleEn).toBe('Edited by staff');
  });

  it('shows each seeded record’s sources through the API, and finds it by Kazakh and Russian word parts', async () => {
    const auth = await bearer(t, 'read');
    const server = t.app.getHttpServer();
    const memorandum = await t.prisma.memorandum.findUniqueOrThrow({ where: { seedKey: 'a003-memo-10-memoranda' } });
    const one = await request(server).get(`/api/v1/memoranda/${memorandum.id}`).set('Authorization', auth).expect(200);
    expect(one.body.sources.length).toBeGreaterThan(0);
    expect(one.body.sources[0].article).toBe('003_95d8b3d6152c2cac.txt');

    const kazakh = await request(server).get('/api/v1/memoranda').query({ q: 'ынтымақтастық' }).set('Authorization', auth).expect(200);
    expect(kazakh.body.meta.total).toBeGreaterThan(0);
    const samara = await request(server).get('/api/v1/memoranda').query({ q: 'Самар' }).set('Authorization', auth).expect(200);
    expect(pageOf<{ sources: { article: string }[] }>(samara).data.some((m) => m.sources.some((s) => s.article === '002_67de2c8af0dd1755.txt'))).toBe(true);
    const byArticle = await request(server).get('/api/v1/memoranda').query({ article: '003_95d8b3d6152c2cac.txt' }).set('Authorization', auth).expect(200);
    expect(idsOf(byArticle)).toContain(memorandum.id);
  });
});
