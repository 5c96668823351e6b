import { createHash } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { bearer } from '../../../../test/support/fixtures.js';
import { idsOf, pageOf } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { MemorandaService } from '../memoranda/memoranda.service.js';
import { loadSeedData, type SeedData } from './seed-data.js';
import { SeedService } from './seed.service.js';

const SEED_DIR = path.join(process.cwd(), 'prisma', 'seed');

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
      const [visits, memoranda, contracts, followUps, quantity] = await Promise.all([
        t.prisma.visit.count({ where: { seedKey: { in: file.visits.map((v) => v.key) } } }),
        t.prisma.memorandum.count({ where: { seedKey: { in: file.memoranda.map((m) => m.key) } } }),
        t.prisma.contract.count({ where: { seedKey: { in: file.contracts.map((c) => c.key) } } }),
        t.prisma.followUp.count({ where: { seedKey: { in: file.followUps.map((u) => u.key) } } }),
        t.prisma.memorandum.aggregate({ where: { seedKey: { in: file.memoranda.map((m) => m.key) } }, _sum: { quantity: true } }),
      ]);
      expect({ article: meta.key, visits, memoranda, contracts, followUps, quantity: quantity._sum.quantity ?? 0 }).toEqual({
        article: meta.key,
        visits: file.visits.length,
        memoranda: file.memoranda.length,
        contracts: file.contracts.length,
        followUps: file.followUps.length,
        quantity: file.memoranda.reduce((sum, m) => sum + m.quantity, 0),
      });
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
