import { jest } from '@jest/globals';
import path from 'node:path';
import request from 'supertest';
import { bearer } from '../../../../test/support/fixtures.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { Actor } from '../domain/actor.js';
import { SeedService } from '../seed/seed.service.js';
import { MemorandaService } from './memoranda.service.js';

jest.setTimeout(60_000);

const ADMIN: Actor = { type: 'user', id: null, name: 'Администратор', role: 'admin', regionPartyId: null };

/**
 * GET /api/v1/memoranda/{id} reads one statement that builds the JSON in PostgreSQL (memorandum-json.ts); every
 * other read of a memorandum (in a transaction, with embeds) assembles it through Prisma. Both must give the same
 * bytes for every kind of record: seeded ones (parties, signatories, follow-ups, citations made in one transaction),
 * one with contracts, an archived one (no transitions), one with no optional fields at all.
 */
describe('a memorandum read in one statement', () => {
  let t: TestApp;
  let memoranda: MemorandaService;
  let ids: string[];

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run(path.join(process.cwd(), 'prisma', 'seed'));
    memoranda = t.app.get(MemorandaService);
    const seeded = await t.prisma.memorandum.findMany({ select: { id: true, version: true }, orderBy: { id: 'asc' } });
    const party = await t.prisma.party.findFirstOrThrow({ where: { seedKey: 'region-vko' } });
    const bare = await memoranda.create({ titleRu: 'Меморандум без подробностей', parties: [{ partyId: party.id }] }, ADMIN);
    await memoranda.archive(seeded[0].id, seeded[0].version, ADMIN);
    ids = [...seeded.map((memorandum) => memorandum.id), bare.id];
    // Contracts under a memorandum, one of them archived (left out of its lists).
    for (const [index, titleRu] of ['Контракт по меморандуму', 'Архивный контракт'].entries()) {
      await t.prisma.contract.create({ data: { titleRu, memorandumId: seeded[1].id, ...(index === 1 && { archivedAt: new Date() }) } });
    }
    // Not vacuous: the register has what the statement must render.
    expect(await t.prisma.memorandumSignatory.count()).toBeGreaterThan(0);
    expect(await t.prisma.contract.count({ where: { memorandumId: { in: ids } } })).toBeGreaterThan(1);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('gives the bytes the Prisma path gives, for every memorandum', async () => {
    for (const id of ids) {
      const oneStatement = await memoranda.get(id);
      const throughPrisma = await t.prisma.$transaction((tx) => memoranda.get(id, [], tx));
      expect({ id, json: JSON.stringify(oneStatement) }).toEqual({ id, json: JSON.stringify(throughPrisma) });
    }
    const archived = await memoranda.get(ids[0]);
    expect(archived.archivedAt).not.toBeNull();
    expect(archived.allowedTransitions).toEqual([]);
  });

  it('lists pages whose records are the bytes the Prisma path gives, with every filter, order and page', async () => {
    const read = await bearer(t, 'read');
    const queries = [
      '',
      'status=signed,in_progress',
      `q=${encodeURIComponent('ынтымақ')}`,
      'includeArchived=true',
      'sort=-quantity',
      'limit=2&offset=1',
      'updatedSince=2000-01-01T00:00:00Z&limit=3&includeArchived=true',
      `ids=${ids.slice(0, 3).join(',')}`,
      'status=draft',
    ];
    for (const query of queries) {
      const page = await request(t.app.getHttpServer()).get(`/api/v1/memoranda?${query}`).set('Authorization', read);
      expect({ query, status: page.status, problem: page.status === 200 ? undefined : page.body }).toEqual({ query, status: 200, problem: undefined });
      const data = page.body.data as { id: string }[];
      const throughPrisma = await memoranda.dtosOf(data.map((memorandum) => memorandum.id));
      expect({ query, json: JSON.stringify(data) }).toEqual({ query, json: JSON.stringify(throughPrisma) });
    }
    // The sync read goes on from its cursor, as before.
    const first = await request(t.app.getHttpServer())
      .get('/api/v1/memoranda?updatedSince=2000-01-01T00:00:00Z&limit=3&includeArchived=true')
      .set('Authorization', read);
    expect(first.body.data).toHaveLength(3);
    expect(first.headers.link).toMatch(/rel="next"/);
    const next = await request(t.app.getHttpServer())
      .get(`/api/v1/memoranda?cursor=${first.body.meta.nextCursor}&limit=3&includeArchived=true&updatedSince=2000-01-01T00:00:00Z`)
      .set('Authorization', read)
      .expect(200);
    const seen = [...first.body.data, ...next.body.data].map((memorandum: { id: string }) => memorandum.id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers the API with them, its ETag and a 404 for an unknown id', async () => {
    const read = await bearer(t, 'read');
    const response = await request(t.app.getHttpServer()).get(`/api/v1/memoranda/${ids[1]}`).set('Authorization', read).expect(200);
    expect(response.text).toBe(JSON.stringify(await t.prisma.$transaction((tx) => memoranda.get(ids[1], [], tx))));
    await request(t.app.getHttpServer()).get(`/api/v1/memoranda/${ids[1]}`).set('Authorization', read).set('If-None-Match', response.headers.etag).expect(304);
    const missing = await request(t.app.getHttpServer()).get('/api/v1/memoranda/00000000-0000-4000-8000-000000000000').set('Authorization', read).expect(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });
});
