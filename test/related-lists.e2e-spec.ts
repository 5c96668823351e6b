// Related lists in record responses (a memorandum's follow-ups, a party's children, ...) are capped: the first
// RELATED_LIST_CAP ids oldest first, the true count, and a link to the filtered list that pages through all of them.
// Table-driven over every relation of every type in the registry (domain/record-types.ts).
import { Prisma } from '@prisma/client';
import request from 'supertest';
import { ALL_RECORD_TYPES, type AnyRecordType, RECORD_TYPES, type RelatedList, snakeCase } from '../apps/api/src/domain/record-types.js';
import { RELATED_LIST_CAP } from '../apps/api/src/domain/related-lists.js';
import { bearer, createArticle } from './support/fixtures.js';
import { bodiesOf, type BodyFixtures, bodyFixtures } from './support/record-bodies.js';
import { type Page, pageOf, type RecordBody, recordOf } from './support/responses.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const RELATED = 120;
const ARCHIVED = 5;

const RELATIONS = ALL_RECORD_TYPES.flatMap((owner) => owner.related.map((relation) => ({ owner, relation })));
/** The `?include=` names each type's GET accepts (its embeds are capped like the ids). */
const INCLUDES: Record<string, readonly string[]> = {
  visit: ['memoranda', 'contracts', 'followUps'],
  memorandum: ['contracts', 'followUps'],
  contract: ['followUps'],
  party: ['children'],
};

describe('related lists in record responses', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let fixtures: BodyFixtures;
  let openapi: { components: { schemas: Record<string, { properties: Record<string, { properties?: object; maxItems?: number }>; required?: string[] }> } };
  const server = () => t.app.getHttpServer();
  const words = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    fixtures = bodyFixtures();
    openapi = (await request(server()).get('/api/openapi.json').expect(200)).body;
  });
  afterAll(() => t.close());

  async function create(type: AnyRecordType, fields: Record<string, unknown> = {}): Promise<RecordBody> {
    const body = { ...(await bodiesOf(type).create(t, fixtures)), ...fields };
    return recordOf(await request(server()).post(`/api/v1/${type.route}`).set('Authorization', write).send(body).expect(201));
  }

  /** `count` copies of `template` (its row with a new id, a later created_at), inserted in one statement. */
  async function cloneRows(type: AnyRecordType, templateId: string, count: number, archived = false): Promise<void> {
    const columns = (
      await t.prisma.$queryRaw<{ column_name: string }[]>`
        SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${type.table}`
    )
      .map((row) => row.column_name)
      .filter((column) => !['id', 'seed_key', 'created_at', 'archived_at'].includes(column));
    const list = Prisma.raw(columns.map((column) => `"${column}"`).join(', '));
    await t.prisma.$executeRaw`
      INSERT INTO ${Prisma.raw(type.table)} (id, created_at, archived_at, ${list})
      SELECT gen_random_uuid(), r.created_at + g * interval '1 millisecond', ${archived ? new Date() : null}::timestamptz, ${list}
      FROM ${Prisma.raw(type.table)} r, generate_series(1, ${count}) g WHERE r.id = ${templateId}::uuid`;
  }

  /** The live ids pointing at the owner, as the database orders them (created_at, then id). */
  async function liveIds(relation: RelatedList, ownerId: string): Promise<string[]> {
    const rows = await t.prisma.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM ${Prisma.raw(RECORD_TYPES[relation.type].table)}
      WHERE ${Prisma.raw(snakeCase(relation.column))} = ${ownerId}::uuid AND archived_at IS NULL ORDER BY created_at, id`;
    return rows.map((row) => row.id);
  }

  /** An owner with RELATED live records (and some archived ones) of the relation. */
  async function ownerWithRelated(owner: AnyRecordType, relation: RelatedList): Promise<RecordBody> {
    let word: string;
    do word = `rel${Math.random().toString(36).slice(2, 10)}q`;
    while (words.has(word));
    words.add(word);
    const record = await create(owner, bodiesOf(owner).searchable(word));
    const first = await create(RECORD_TYPES[relation.type], { [relation.column]: record.id });
    await cloneRows(RECORD_TYPES[relation.type], first.id, RELATED - 1);
    await cloneRows(RECORD_TYPES[relation.type], first.id, ARCHIVED, true);
    return { ...record, word };
  }

  const get = async (owner: AnyRecordType, id: string, query: Record<string, string> = {}) =>
    request(server()).get(`/api/v1/${owner.route}/${id}`).query(query).set('Authorization', read).expect(200);

  describe.each(RELATIONS.map(({ owner, relation }) => [`${owner.entityType}.${relation.name}`, owner, relation] as const))('%s', (_name, owner, relation) => {
    let record: RecordBody;
    let expected: string[];

    beforeAll(async () => {
      record = await ownerWithRelated(owner, relation);
      expected = await liveIds(relation, record.id);
    });

    it(`holds the first ${RELATED_LIST_CAP} ids oldest first, the true count and the link to all of them`, async () => {
      expect(expected).toHaveLength(RELATED);
      const body = recordOf(await get(owner, record.id));
      expect(body[relation.ids]).toEqual(expected.slice(0, RELATED_LIST_CAP));
      expect(body[relation.count]).toBe(RELATED);
      expect((body.links as Record<string, string>)[relation.name]).toBe(`/api/v1/${RECORD_TYPES[relation.type].route}?${relation.filter}=${record.id}`);
    });

    it('links to a list that pages through every one of them', async () => {
      const body = (await get(owner, record.id)).body as RecordBody;
      const link = (body.links as Record<string, string>)[relation.name];
      const seen: string[] = [];
      for (let offset = 0; ; offset += 100) {
        const page: Page = pageOf(await request(server()).get(link).query({ limit: 100, offset }).set('Authorization', read).expect(200));
        expect(page.meta.total).toBe(RELATED);
        seen.push(...page.data.map((row) => row.id));
        if (page.data.length < 100) break;
      }
      expect(seen.sort()).toEqual([...expected].sort());
    });

    it('keeps the same caps on a list page', async () => {
      const page = pageOf(
        await request(server())
          .get(`/api/v1/${owner.route}`)
          .query({ q: record.word as string })
          .set('Authorization', read)
          .expect(200),
      );
      expect(page.data.map((row) => row.id)).toEqual([record.id]);
      expect(page.data[0][relation.ids]).toEqual(expected.slice(0, RELATED_LIST_CAP));
      expect(page.data[0][relation.count]).toBe(RELATED);
    });

    it('answers with a response whose size does not grow with the number of related records', async () => {
      const include = (INCLUDES[owner.entityType] ?? []).join(',');
      const query: Record<string, string> = include ? { include } : {};
      const before = (await get(owner, record.id, query)).text.length;
      const first = (await liveIds(relation, record.id))[0];
      await cloneRows(RECORD_TYPES[relation.type], first, 400);
      const after = await get(owner, record.id, query);
      const body = after.body as RecordBody;
      expect(body[relation.count]).toBe(RELATED + 400);
      if (INCLUDES[owner.entityType]?.includes(relation.name)) expect(body[relation.name]).toHaveLength(RELATED_LIST_CAP);
      // Only the count's digits may change.
      console.log(
        `${owner.entityType}.${relation.name}${include ? ` ?include=${include}` : ''}: ${before} bytes with ${RELATED}, ${after.text.length} with ${RELATED + 400}`,
      );
      expect(Math.abs(after.text.length - before)).toBeLessThan(10);
    });
  });

  it('has a relation in the table for every related list of the registry, and the filters their links use', () => {
    expect(RELATIONS.map(({ owner, relation }) => `${owner.entityType}.${relation.name}`)).toEqual([
      'visit.memoranda',
      'visit.contracts',
      'visit.followUps',
      'visit.laterVisits',
      'memorandum.contracts',
      'memorandum.followUps',
      'contract.followUps',
      'party.children',
    ]);
  });

  it.each(ALL_RECORD_TYPES.map((type) => [type.entityType, type] as const))(
    'documents in OpenAPI exactly the fields a %s response has, with its counts and links',
    async (_name, type) => {
      const record = await create(type);
      const body = (await get(type, record.id)).body as RecordBody;
      const schema = openapi.components.schemas[`${type.adminResource}Dto`];
      const required = schema.required ?? [];
      expect(Object.keys(body).filter((field) => !(field in schema.properties))).toEqual([]);
      expect(required.filter((field) => !(field in body))).toEqual([]);
      for (const relation of type.related) {
        expect(required).toEqual(expect.arrayContaining([relation.ids, relation.count, 'links']));
        expect(schema.properties[relation.ids].maxItems).toBe(RELATED_LIST_CAP);
        expect(Object.keys(schema.properties.links.properties ?? {})).toEqual(type.related.map((each) => each.name));
      }
      if (!type.related.length) expect(body).not.toHaveProperty('links');
    },
  );

  it('has an index serving each count and first page: the pointing column, then the order, over live rows', async () => {
    const indexes = await t.prisma.$queryRaw<{ indexdef: string }[]>`SELECT indexdef::text FROM pg_indexes WHERE schemaname = 'public'`;
    for (const { relation } of RELATIONS) {
      const table = RECORD_TYPES[relation.type].table;
      const wanted = `ON public.${table} USING btree (${snakeCase(relation.column)}, created_at, id) WHERE (archived_at IS NULL)`;
      expect({ relation: relation.name, index: indexes.find((index) => index.indexdef.includes(wanted))?.indexdef }).toEqual({
        relation: relation.name,
        index: expect.stringContaining(`${table}_${snakeCase(relation.column)}_list_order_idx`),
      });
    }
  });

  it("a source's citations are capped too: the first ones, the true count, and a link per citing type that finds them all", async () => {
    const key = `capped-${Math.random().toString(36).slice(2, 8)}.txt`;
    await createArticle(t, key, 'Стороны договорились о поставках зерна.');
    const article = await t.prisma.sourceArticle.findUniqueOrThrow({ where: { key } });
    const word = `cited${Math.random().toString(36).slice(2, 10)}q`;
    const followUp = await create(RECORD_TYPES.follow_up, bodiesOf(RECORD_TYPES.follow_up).searchable(word));
    await cloneRows(RECORD_TYPES.follow_up, followUp.id, RELATED - 1);
    // Every follow-up of this test cites the passage (inserted directly: 120 citations through the API are slow).
    await t.prisma.$executeRaw`
      INSERT INTO citation (id, article_id, quote, follow_up_id, created_at)
      SELECT gen_random_uuid(), ${article.id}::uuid, 'договорились о поставках зерна', f.id, f.created_at FROM follow_up f
      WHERE f.search_text LIKE ${`%${word}%`}`;

    const response = await request(server())
      .get(`/api/v1/sources/${encodeURIComponent(key)}`)
      .set('Authorization', read)
      .expect(200);
    const body = response.body as { citations: unknown[]; citationCount: number; links: Record<string, string> };
    // Before: all 120 citations embedded, and no links.
    expect(body.citations).toHaveLength(RELATED_LIST_CAP);
    expect(body.citationCount).toBe(RELATED);
    expect(body.links['follow-ups']).toBe(`/api/v1/follow-ups?article=${encodeURIComponent(key)}`);
    const listed = pageOf(await request(server()).get(`${body.links['follow-ups']}&limit=100&offset=100`).set('Authorization', read).expect(200));
    expect(listed.meta.total).toBe(RELATED);
    expect(Object.keys(openapi.components.schemas.SourceArticleDto.properties)).toEqual(expect.arrayContaining(['citations', 'links']));
    expect(openapi.components.schemas.SourceArticleDto.properties.citations.maxItems).toBe(RELATED_LIST_CAP);
  });
});
