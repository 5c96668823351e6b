// "Which parties does this record involve" is said once, in the registry (domain/record-types.ts), and rendered twice:
// as a Prisma where for lists and region checks, and as SQL for reports and the dashboard's recent changes. Both
// renderings must select the same records, for every record type, on a register that links records in every way
// the registry knows (own columns, join tables, linked records).
import { Prisma } from '@prisma/client';
import { type Actor } from '../apps/api/src/domain/actor.js';
import { ALL_RECORD_TYPES, CITING_RECORD_TYPES, delegateOf, involving, involvingSql } from '../apps/api/src/domain/record-types.js';
import { RegionAccessService } from '../apps/api/src/domain/region-access.service.js';
import request from 'supertest';
import { bearer, createArticle, createParty, createPerson } from './support/fixtures.js';
import { bodiesOf, bodyFixtures } from './support/record-bodies.js';
import { insertContract, insertMemorandum, insertVisit } from './support/records.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('the registry says once which parties a record involves', () => {
  let t: TestApp;
  let regions: RegionAccessService;
  const region: Record<string, string> = {};
  /** Every region of the register, the three above and those of the shared bodies. */
  let regionIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    regions = t.app.get(RegionAccessService);
    // Two regions, each with a city and an organisation under the city, and a foreign region.
    for (const name of ['north', 'south']) {
      region[name] = (await createParty(t, { nameRu: `Регион ${name}` })).id;
      const city = await createParty(t, { kind: 'city', nameRu: `Город ${name}`, parentId: region[name] });
      region[`${name}.org`] = (await createParty(t, { kind: 'organisation', nameRu: `Завод ${name}`, parentId: city.id })).id;
      region[`${name}.person`] = (await createPerson(t, { nameRu: `Аким ${name}`, partyId: city.id })).id;
    }
    region.abroad = (await createParty(t, { nameRu: 'Зарубежный регион' })).id;
    const visitNorth = await insertVisit(t, { titleRu: 'Визит с севера', visitingPartyId: region['north.org'], hostIds: [region.abroad] });
    const visitToSouth = await insertVisit(t, { titleRu: 'Визит на юг', visitingPartyId: region.abroad, hostIds: [region['south.org']] });
    const memorandum = await insertMemorandum(t, { titleRu: 'Меморандум юга', partyIds: [region['south.org'], region.abroad] });
    const contract = await insertContract(t, { titleRu: 'Контракт севера', parties: [{ partyId: region['north.org'], role: 'supplier' }] });
    const followUp = (data: Prisma.FollowUpUncheckedCreateInput) => t.prisma.followUp.create({ data });
    await followUp({ titleRu: 'Через визит с севера', visitId: visitNorth.id });
    await followUp({ titleRu: 'Через визит на юг', visitId: visitToSouth.id });
    await followUp({ titleRu: 'Через меморандум юга', memorandumId: memorandum.id });
    await followUp({ titleRu: 'Через контракт севера', contractId: contract.id });
    await followUp({ titleRu: 'Ответственный юг', responsiblePartyId: region.south, visitId: visitNorth.id });
    // A type the records above do not cover (a new one) gets a record from the shared create bodies, in their region.
    const write = await bearer(t, 'write');
    const fixtures = bodyFixtures();
    for (const type of ALL_RECORD_TYPES) {
      if (await delegateOf(t.prisma, type.model).count()) continue;
      await request(t.app.getHttpServer())
        .post(`/api/v1/${type.route}`)
        .set('Authorization', write)
        .send(await bodiesOf(type).create(t, fixtures))
        .expect(201);
    }
    regionIds = (await t.prisma.party.findMany({ where: { kind: 'region' }, select: { id: true } })).map((party) => party.id);
  });
  afterAll(() => t.close());

  for (const type of ALL_RECORD_TYPES) {
    it(`${type.label}: the Prisma where and the SQL select the same records in every region`, async () => {
      const chosen: Record<string, number> = {};
      for (const name of regionIds) {
        const within = await regions.partiesWithin(name);
        const byPrisma = await delegateOf(t.prisma, type.model).findMany({ where: involving(type, within), select: { id: true } });
        const bySql = await t.prisma.$queryRaw<{ id: string }[]>`
          SELECT r.id::text AS id FROM ${Prisma.raw(type.table)} r WHERE ${involvingSql(type, 'r', within)}`;
        expect(bySql.map((row) => row.id).sort()).toEqual(byPrisma.map((row) => row.id as string).sort());
        chosen[name] = bySql.length;
      }
      // The register puts records of every type in some region and not in others: the comparison cannot pass empty.
      expect(Object.values(chosen).some((count) => count > 0)).toBe(true);
      const all = await delegateOf(t.prisma, type.model).count();
      expect(Object.values(chosen).some((count) => count < all)).toBe(true);
    });

    it(`${type.label}: a region-bound editor may change exactly the records of their region`, async () => {
      const editor: Actor = { type: 'user', id: null, name: 'Редактор юга', role: 'editor', regionPartyId: region.south };
      const ids = (await delegateOf(t.prisma, type.model).findMany({ select: { id: true } })).map((row) => row.id as string);
      const inRegion = await delegateOf(t.prisma, type.model).findMany({ where: await regions.whereInRegion(type, region.south), select: { id: true } });
      expect([...(await regions.editableIds(editor, type, ids))].sort()).toEqual(inRegion.map((row) => row.id as string).sort());
      expect(await regions.editableIds({ ...editor, role: 'viewer' }, type, ids)).toEqual(new Set());
      expect(await regions.editableIds({ ...editor, regionPartyId: null }, type, ids)).toEqual(new Set(ids));
    });
  }

  it('counts a follow-up for the regions of its visit, memorandum and contract as well as its responsible party', async () => {
    const titles = async (name: string) => {
      const where = await regions.whereInRegion(
        ALL_RECORD_TYPES.find((type) => type.entityType === 'follow_up')!,
        region[name],
      );
      return (await t.prisma.followUp.findMany({ where, select: { titleRu: true } })).map((row) => row.titleRu).sort();
    };
    expect(await titles('north')).toEqual(['Ответственный юг', 'Через визит с севера', 'Через контракт севера'].sort());
    expect(await titles('south')).toEqual(['Ответственный юг', 'Через визит на юг', 'Через меморандум юга'].sort());
  });

  // A record type that cites sources needs its column on `citation` and in `citation_target_check`, the constraint
  // that a citation belongs to exactly one record; a migration that forgets the check turns every cited create into
  // a 500. So every citing type stores a verified quote and refuses one that is not in the article.
  for (const type of CITING_RECORD_TYPES) {
    it(`${type.label}: cites a passage of a stored article, and refuses a quote the article does not have`, async () => {
      const write = await bearer(t, 'write');
      const article = `cited-${type.route}.txt`;
      await createArticle(t, article, `Первая строка статьи.\nВторая строка о ${type.label}.`);
      const body = await bodiesOf(type).create(t, bodyFixtures());
      const quote = `Вторая строка о ${type.label}.`;
      const created = await request(t.app.getHttpServer())
        .post(`/api/v1/${type.route}`)
        .set('Authorization', write)
        .send({ ...body, sources: [{ article, quote }] })
        .expect(201);
      expect((created.body as { sources: unknown }).sources).toEqual([{ article, quote }]);
      await request(t.app.getHttpServer())
        .post(`/api/v1/${type.route}`)
        .set('Authorization', write)
        .send({ ...body, sources: [{ article, quote: 'Этой строки в статье нет.' }] })
        .expect(422);
    });
  }
});
