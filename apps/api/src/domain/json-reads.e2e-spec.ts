import { jest } from '@jest/globals';
import type { Prisma } from '@prisma/client';
import path from 'node:path';
import request from 'supertest';
import { bearer } from '../../../../test/support/fixtures.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { FollowUpsService } from '../follow-ups/follow-ups.service.js';
import { MemorandaService } from '../memoranda/memoranda.service.js';
import { SeedService } from '../seed/seed.service.js';
import type { Actor } from './actor.js';
import { formatDate, todayUtc } from './dates.js';

jest.setTimeout(90_000);

const ADMIN: Actor = { type: 'user', id: null, name: 'Администратор', role: 'admin', regionPartyId: null };

interface JsonReadService {
  get(id: string, include?: string[], client?: Prisma.TransactionClient): Promise<{ id: string }>;
  dtosOf(ids: string[]): Promise<{ id: string }[]>;
}

/** A day `days` from today (UTC), as the API writes dates. */
const dayFrom = (days: number) => {
  const day = todayUtc();
  day.setUTCDate(day.getUTCDate() + days);
  return formatDate(day)!;
};
const year = todayUtc().getUTCFullYear();
const month = String(todayUtc().getUTCMonth() + 1).padStart(2, '0');

/**
 * The types whose hot reads are one statement that builds the JSON in PostgreSQL (JsonReads in versioned-records.ts):
 * GET /{id} and every list page read that way; reads in a transaction and with embeds assemble the DTO through Prisma.
 * Both must give the same bytes for every kind of record, which each case below creates beside the seeded ones.
 */
const CASES: {
  type: string;
  path: string;
  service: (t: TestApp) => JsonReadService;
  /** Records of every kind, beside the seeded ones; returns their ids. */
  extra(t: TestApp): Promise<string[]>;
  queries: (ids: string[]) => string[];
}[] = [
  {
    type: 'memorandum',
    path: '/api/v1/memoranda',
    service: (t) => t.app.get(MemorandaService),
    extra: async (t) => {
      const memoranda = t.app.get(MemorandaService);
      const seeded = await t.prisma.memorandum.findMany({ select: { id: true, version: true }, orderBy: { id: 'asc' } });
      const party = await t.prisma.party.findFirstOrThrow({ where: { seedKey: 'region-vko' } });
      // One with no optional fields at all, one archived (no transitions).
      const bare = await memoranda.create({ titleRu: 'Меморандум без подробностей', parties: [{ partyId: party.id }] }, ADMIN);
      await memoranda.archive(seeded[0].id, seeded[0].version, ADMIN);
      // Contracts under a memorandum, one of them archived (left out of its lists).
      for (const [index, titleRu] of ['Контракт по меморандуму', 'Архивный контракт'].entries()) {
        await t.prisma.contract.create({ data: { titleRu, memorandumId: seeded[1].id, ...(index === 1 && { archivedAt: new Date() }) } });
      }
      // Not vacuous: the register has what the statement must render.
      expect(await t.prisma.memorandumSignatory.count()).toBeGreaterThan(0);
      expect(await t.prisma.contract.count({ where: { memorandumId: seeded[1].id } })).toBeGreaterThan(1);
      return [bare.id];
    },
    queries: (ids) => ['status=signed,in_progress', `q=${encodeURIComponent('ынтымақ')}`, 'sort=-quantity', 'status=draft', `ids=${ids.slice(0, 3).join(',')}`],
  },
  {
    type: 'follow-up',
    path: '/api/v1/follow-ups',
    service: (t) => t.app.get(FollowUpsService),
    extra: async (t) => {
      const followUps = t.app.get(FollowUpsService);
      const memorandumId = (await t.prisma.memorandum.findFirstOrThrow({ where: { archivedAt: null }, select: { id: true } })).id;
      // Overdue or not by each precision's rule, on either side of today, and in a status that is never overdue.
      const dues: { dueOn?: string; dueOnPrecision?: 'day' | 'month' | 'year'; status?: 'done' | 'in_progress' }[] = [
        { dueOn: dayFrom(-1), dueOnPrecision: 'day' },
        { dueOn: dayFrom(0), dueOnPrecision: 'day' },
        { dueOn: `${year}-${month}-01`, dueOnPrecision: 'month' },
        { dueOn: `${year - 1}-12-01`, dueOnPrecision: 'month' },
        { dueOn: `${year}-01-01`, dueOnPrecision: 'year' },
        { dueOn: `${year - 1}-01-01`, dueOnPrecision: 'year', status: 'in_progress' },
        { dueOn: dayFrom(-30), dueOnPrecision: 'day', status: 'done' },
        {},
      ];
      const ids = [];
      for (const [index, due] of dues.entries()) ids.push((await followUps.create({ titleRu: `Поручение ${index}`, memorandumId, ...due }, ADMIN)).id);
      const created = await t.prisma.followUp.findMany({ where: { id: { in: ids } } });
      const overdue = (await Promise.all(ids.map((id) => followUps.get(id)))).map((dto) => (dto as unknown as { overdue: boolean }).overdue);
      // Not vacuous: both answers, and every precision.
      expect(overdue).toEqual([true, false, false, true, false, true, false, false]);
      expect(new Set(created.map((row) => row.dueOnPrecision))).toEqual(new Set(['day', 'month', 'year', 'unknown']));
      expect(await t.prisma.followUp.count({ where: { responsiblePartyId: { not: null } } })).toBeGreaterThan(0);
      expect(await t.prisma.citation.count({ where: { followUpId: { not: null } } })).toBeGreaterThan(0);
      const seededOpen = await t.prisma.followUp.findFirstOrThrow({ where: { status: 'planned', id: { notIn: ids } } });
      await followUps.archive(seededOpen.id, seededOpen.version, ADMIN);
      return ids;
    },
    queries: (ids) => ['overdue=true', 'overdue=false', 'status=done', 'sort=-updatedAt', `ids=${ids.slice(0, 4).join(',')}`],
  },
];

describe.each(CASES)('a $type read in one statement', ({ path: listPath, service: serviceOf, extra, queries }) => {
  let t: TestApp;
  let service: JsonReadService;
  let ids: string[];
  let read: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run(path.join(process.cwd(), 'prisma', 'seed'));
    service = serviceOf(t);
    const own = await extra(t);
    const delegate = (t.prisma as unknown as Record<string, { findMany(args: object): Promise<{ id: string }[]> }>)[
      listPath.endsWith('memoranda') ? 'memorandum' : 'followUp'
    ];
    ids = [...(await delegate.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((row) => row.id).filter((id) => !own.includes(id)), ...own];
    read = await bearer(t, 'read');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('gives the bytes the Prisma path gives, for every record', async () => {
    // Not vacuous: GET reads the one statement, the transaction does not.
    const statements = jest.spyOn(t.prisma, 'rowsOf');
    await service.get(ids[0]);
    await t.prisma.$transaction((tx) => service.get(ids[0], [], tx));
    expect(statements).toHaveBeenCalledTimes(1);
    statements.mockRestore();
    for (const id of ids) {
      const oneStatement = await service.get(id);
      const throughPrisma = await t.prisma.$transaction((tx) => service.get(id, [], tx));
      expect({ id, json: JSON.stringify(oneStatement) }).toEqual({ id, json: JSON.stringify(throughPrisma) });
    }
    const archived = (await Promise.all(ids.map((id) => service.get(id)))).filter((dto) => (dto as unknown as { archivedAt: string | null }).archivedAt);
    expect(archived.length).toBeGreaterThan(0);
    for (const dto of archived) expect((dto as unknown as { allowedTransitions: string[] }).allowedTransitions).toEqual([]);
  });

  it('lists pages whose records are the bytes the Prisma path gives, with every filter, order and page', async () => {
    const common = ['', 'includeArchived=true', 'limit=2&offset=1', 'updatedSince=2000-01-01T00:00:00Z&limit=3&includeArchived=true'];
    const statements = jest.spyOn(t.prisma, 'rowsOf');
    await request(t.app.getHttpServer()).get(listPath).set('Authorization', read).expect(200);
    expect(statements).toHaveBeenCalledTimes(1);
    statements.mockRestore();
    let rows = 0;
    for (const query of [...common, ...queries(ids)]) {
      const page = await request(t.app.getHttpServer()).get(`${listPath}?${query}`).set('Authorization', read);
      expect({ query, status: page.status, problem: page.status === 200 ? undefined : page.body }).toEqual({ query, status: 200, problem: undefined });
      const data = page.body.data as { id: string }[];
      rows += data.length;
      const throughPrisma = await service.dtosOf(data.map((record) => record.id));
      expect({ query, json: JSON.stringify(data) }).toEqual({ query, json: JSON.stringify(throughPrisma) });
    }
    expect(rows).toBeGreaterThan(10);
    // The sync read goes on from its cursor, as before.
    const first = await request(t.app.getHttpServer())
      .get(`${listPath}?updatedSince=2000-01-01T00:00:00Z&limit=3&includeArchived=true`)
      .set('Authorization', read);
    expect(first.body.data).toHaveLength(3);
    expect(first.headers.link).toMatch(/rel="next"/);
    const next = await request(t.app.getHttpServer())
      .get(`${listPath}?cursor=${first.body.meta.nextCursor}&limit=3&includeArchived=true&updatedSince=2000-01-01T00:00:00Z`)
      .set('Authorization', read)
      .expect(200);
    const seen = [...first.body.data, ...next.body.data].map((record: { id: string }) => record.id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers the API with them, its ETag and a 404 for an unknown id', async () => {
    const response = await request(t.app.getHttpServer()).get(`${listPath}/${ids[1]}`).set('Authorization', read).expect(200);
    expect(response.text).toBe(JSON.stringify(await t.prisma.$transaction((tx) => service.get(ids[1], [], tx))));
    await request(t.app.getHttpServer()).get(`${listPath}/${ids[1]}`).set('Authorization', read).set('If-None-Match', response.headers.etag).expect(304);
    const missing = await request(t.app.getHttpServer()).get(`${listPath}/00000000-0000-4000-8000-000000000000`).set('Authorization', read).expect(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });
});
