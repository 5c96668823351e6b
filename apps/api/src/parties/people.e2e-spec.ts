import request from 'supertest';
import { bearer, createParty, domainRowCounts } from '../../../../test/support/fixtures.js';
import { insertVisit } from '../../../../test/support/records.js';
import { errorFields, pageOf, recordOf } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { Actor } from '../domain/actor.js';
import { PeopleService } from './people.service.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('/api/v1/people', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let vko: { id: string };
  let sko: { id: string };
  let petropavl: { id: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    vko = await createParty(t, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', aliases: ['ВКО'] });
    sko = await createParty(t, { nameRu: 'Северо-Казахстанская область', nameKk: 'Солтүстік Қазақстан облысы' });
    petropavl = await createParty(t, { nameRu: 'Акимат Петропавловска', kind: 'organisation', parentId: sko.id });
  });
  afterAll(() => t.close());

  function create(body: Record<string, unknown>, auth = write) {
    return request(server()).post('/api/v1/people').set('Authorization', auth).send(body);
  }

  function list(query: Record<string, string | number | boolean>) {
    return request(server()).get('/api/v1/people').query(query).set('Authorization', read).expect(200);
  }

  const names = (response: request.Response) =>
    pageOf<{ nameRu: string | null; nameEn: string | null }>(response).data.map((person) => person.nameRu ?? person.nameEn);

  it('creates a person with a party and returns it with the party by name', async () => {
    const response = await create({
      nameRu: 'Даниал Ахметов',
      nameKk: 'Даниал Ахметов',
      positionRu: 'Аким Восточно-Казахстанской области',
      positionKk: 'Шығыс Қазақстан облысының әкімі',
      partyId: vko.id,
    }).expect(201);
    expect(response.body).toMatchObject({
      version: 1,
      nameRu: 'Даниал Ахметов',
      positionKk: 'Шығыс Қазақстан облысының әкімі',
      partyId: vko.id,
      party: { id: vko.id, name: { ru: 'Восточно-Казахстанская область', kk: 'Шығыс Қазақстан облысы', en: null } },
      archivedAt: null,
    });
  });

  it('rejects invalid input with field errors and writes nothing', async () => {
    const before = await domainRowCounts(t);
    const invalid = await create({ nameRu: 'x'.repeat(301), partyId: 'nope', age: 50 }).expect(400);
    expect(errorFields(invalid)).toEqual(expect.arrayContaining(['nameRu', 'partyId', 'age']));
    const noName = await create({ positionRu: 'Аким' }).expect(400);
    expect(noName.body.errors[0].field).toBe('nameRu');
    await create({ nameRu: '   ' }).expect(400);
    const missing = await create({ nameRu: 'Без партии', partyId: MISSING }).expect(422);
    expect(missing.body.errors).toEqual([{ field: 'partyId', message: expect.stringMatching(/does not exist/) }]);
    expect(await domainRowCounts(t)).toEqual(before);
  });

  it('changes the position and party, refuses bad changes, and records the changes in the history', async () => {
    const created = recordOf(await create({ nameRu: 'Ерик Султанов', partyId: vko.id }).expect(201));
    const url = `/api/v1/people/${created.id}`;
    const updated = await request(server())
      .patch(url)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ positionRu: 'Аким СКО', partyId: sko.id })
      .expect(200);
    expect(updated.body).toMatchObject({ version: 2, positionRu: 'Аким СКО', party: { id: sko.id } });
    const before = await domainRowCounts(t);
    await request(server()).patch(url).set('Authorization', write).set('If-Match', '"2"').send({ nameRu: null }).expect(400);
    await request(server()).patch(url).set('Authorization', write).set('If-Match', '"2"').send({ partyId: MISSING }).expect(422);
    expect(await domainRowCounts(t)).toEqual(before);
    const history = await request(server()).get(`${url}/history`).set('Authorization', read).expect(200);
    expect(history.body.data[0]).toMatchObject({
      action: 'update',
      changes: { positionRu: { from: null, to: 'Аким СКО' }, partyId: { from: vko.id, to: sko.id } },
    });
    expect(history.body.data[1]).toMatchObject({ action: 'create', version: 1 });
  });

  it('archives a person only when no live record names them', async () => {
    const head = recordOf(await create({ nameRu: 'Глава делегации' }).expect(201));
    const free = recordOf(await create({ nameRu: 'Свободный Человек' }).expect(201));
    const visit = await insertVisit(t, { titleRu: 'Визит', visitingPartyId: vko.id });
    await t.prisma.visit.update({ where: { id: visit.id }, data: { delegationHeadId: head.id } });
    const refused = await request(server()).delete(`/api/v1/people/${head.id}`).set('Authorization', write).set('If-Match', '"1"').expect(409);
    expect(refused.body.references).toEqual({ visits: 1 });
    await request(server()).delete(`/api/v1/people/${free.id}`).set('Authorization', write).set('If-Match', '"1"').expect(200);
  });

  it('filters by party and region, searches names, positions and party names, sorts and paginates', async () => {
    await create({ nameRu: 'Айгуль Касымова', nameKk: 'Айгүл Қасымова', positionKk: 'Петропавл қаласының әкімі', partyId: petropavl.id }).expect(201);
    await create({ nameRu: 'Борис Ветров', positionRu: 'Директор завода', partyId: sko.id }).expect(201);
    await create({ nameEn: 'John Smith', positionEn: 'Consul' }).expect(201);

    expect(names(await list({ party: petropavl.id }))).toEqual(['Айгуль Касымова']);
    expect(names(await list({ region: sko.id })).sort()).toEqual(['Айгуль Касымова', 'Борис Ветров', 'Ерик Султанов'].sort());
    expect(names(await list({ q: 'қасым' }))).toEqual(['Айгуль Касымова']);
    expect(names(await list({ q: 'ҚАЛАСЫ' }))).toEqual(['Айгуль Касымова']);
    expect(names(await list({ q: 'директор зав' }))).toEqual(['Борис Ветров']);
    expect(names(await list({ q: 'акимат петропав' }))).toEqual(['Айгуль Касымова']);
    expect(names(await list({ q: 'вко' }))).toEqual(['Даниал Ахметов']);

    const sorted = names(await list({ limit: 100 }));
    expect(sorted.at(-1)).toBe('John Smith');
    expect(sorted.slice(0, 2)).toEqual(['Айгуль Касымова', 'Борис Ветров']);
    expect(names(await list({ sort: '-nameRu', limit: 100 })).at(-1)).toBe('John Smith');
    expect(names(await list({ sort: '-createdAt', limit: 1 }))).toEqual(['John Smith']);
    const page = await list({ limit: 2, offset: 1 });
    expect(page.body.meta).toMatchObject({ limit: 2, offset: 1 });
    expect(names(page)).toEqual(sorted.slice(1, 3));
  });

  it("refuses the parties' kind filter as unknown, and bad values of its own filters and sorts", async () => {
    const unknown = await request(server()).get('/api/v1/people?kind=city').set('Authorization', read).expect(400);
    expect(unknown.body.errors[0].field).toBe('kind');
    for (const query of ['sort=nameKk', 'party=x', 'region=1']) {
      await request(server()).get(`/api/v1/people?${query}`).set('Authorization', read).expect(400);
    }
  });

  it('exports its columns to CSV, with the same filters and the party by name', async () => {
    const response = await request(server())
      .get('/api/v1/people')
      .query({ party: petropavl.id })
      .set('Authorization', read)
      .set('Accept', 'text/csv')
      .expect(200);
    const lines = response.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('id,name_kk,name_ru,name_en,position_kk,position_ru,position_en,party_id,party,version,updated_at');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Айгүл Қасымова');
    expect(lines[1]).toContain('Акимат Петропавловска');
  });

  it('lets a region-bound editor change only people of their region', async () => {
    const service = t.app.get(PeopleService);
    const editor: Actor = { type: 'user', id: null, name: 'editor-sko', role: 'editor', regionPartyId: sko.id };
    const before = await domainRowCounts(t);
    await expect(service.create({ nameRu: 'Чужой', partyId: vko.id }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    await expect(service.create({ nameRu: 'Ничей' }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    expect(await domainRowCounts(t)).toEqual(before);
    const own = await service.create({ nameRu: 'Свой', partyId: petropavl.id }, editor);
    await expect(service.update(own.id, 1, { partyId: vko.id }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    expect((await service.update(own.id, 1, { positionRu: 'Заместитель' }, editor)).version).toBe(2);
  });

  it('lets a region-bound editor add a person of a party abroad (a foreign governor), but not change them later', async () => {
    const service = t.app.get(PeopleService);
    const editor: Actor = { type: 'user', id: null, name: 'editor-sko', role: 'editor', regionPartyId: sko.id };
    const russia = await createParty(t, { kind: 'country', nameRu: 'Российская Федерация', countryCode: 'RU' });
    const omsk = await createParty(t, { kind: 'foreign_region', nameRu: 'Омская область', parentId: russia.id });
    const governor = await service.create({ nameRu: 'Виталий Хоценко', partyId: omsk.id }, editor);
    expect(governor.partyId).toBe(omsk.id);
    await expect(service.update(governor.id, 1, { positionRu: 'Губернатор' }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
  });
});
