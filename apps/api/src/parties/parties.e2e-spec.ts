import request from 'supertest';
import { bearer, createArticle, createParty, domainRowCounts } from '../../../../test/support/fixtures.js';
import { insertCitation, insertMemorandum } from '../../../../test/support/records.js';
import { errorFields, idsOf, pageOf, problemType, recordOf } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { Actor } from '../domain/actor.js';
import { PartiesService } from './parties.service.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('/api/v1/parties', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let kz: { id: string };
  let vko: { id: string };
  let sko: { id: string };
  let petropavl: { id: string };
  let samara: { id: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    kz = await createParty(t, { kind: 'country', nameRu: 'Республика Казахстан', nameKk: 'Қазақстан Республикасы', aliases: ['KZ'] });
    vko = await createParty(t, {
      nameRu: 'Восточно-Казахстанская область',
      nameKk: 'Шығыс Қазақстан облысы',
      nameEn: 'East Kazakhstan Region',
      aliases: ['ВКО', 'ШҚО', 'EKR'],
      parentId: kz.id,
    });
    sko = await createParty(t, { nameRu: 'Северо-Казахстанская область', nameKk: 'Солтүстік Қазақстан облысы', parentId: kz.id });
    petropavl = await createParty(t, { nameRu: 'Петропавловск', kind: 'city', parentId: sko.id });
    samara = await createParty(t, { nameRu: 'Самарская область', nameKk: 'Самара облысы' });
    await createArticle(t, 'p.txt', 'Делегация Самарской области посетила Петропавловск.');
  });
  afterAll(() => t.close());

  function create(body: Record<string, unknown>, auth = write) {
    return request(server()).post('/api/v1/parties').set('Authorization', auth).send(body);
  }

  function list(query: Record<string, string | number | boolean>) {
    return request(server()).get('/api/v1/parties').query(query).set('Authorization', read).expect(200);
  }

  it('creates a party under a parent and returns it with its parent', async () => {
    const response = await create({
      kind: 'city',
      nameRu: 'Усть-Каменогорск',
      nameKk: 'Өскемен',
      aliases: ['Оскемен', 'Ust-Kamenogorsk'],
      countryCode: 'KZ',
      parentId: vko.id,
    }).expect(201);
    expect(response.body).toMatchObject({
      version: 1,
      kind: 'city',
      nameKk: 'Өскемен',
      aliases: ['Оскемен', 'Ust-Kamenogorsk'],
      countryCode: 'KZ',
      parentId: vko.id,
      parent: { id: vko.id, name: { ru: 'Восточно-Казахстанская область', kk: 'Шығыс Қазақстан облысы', en: 'East Kazakhstan Region' } },
      childIds: [],
      archivedAt: null,
    });
    expect(response.body).not.toHaveProperty('searchText');
    const parent = await request(server()).get(`/api/v1/parties/${vko.id}`).set('Authorization', read).expect(200);
    expect(parent.body.childIds).toEqual([response.body.id]);
    expect(parent.body.parent).toEqual({ id: kz.id, name: { ru: 'Республика Казахстан', kk: 'Қазақстан Республикасы', en: null } });
  });

  it('rejects invalid input with field errors and writes nothing', async () => {
    const before = await domainRowCounts(t);
    const invalid = await create({
      kind: 'planet',
      nameRu: 'x',
      countryCode: 'kz',
      aliases: ['a'.repeat(101), ''],
      parentId: 'nope',
      colour: 'red',
    }).expect(400);
    expect(invalid.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(errorFields(invalid)).toEqual(expect.arrayContaining(['kind', 'countryCode', 'aliases', 'parentId', 'colour']));
    await create({ nameRu: 'Без вида' }).expect(400);
    const noName = await create({ kind: 'region', aliases: ['ЗКО'] }).expect(400);
    expect(noName.body.errors[0].field).toBe('nameRu');
    await create({ kind: 'region', nameRu: 'x', countryCode: 'XX' }).expect(400);
    await create({ kind: 'region', nameRu: 'x', aliases: Array.from({ length: 21 }, (_, i) => `a${i}`) }).expect(400);
    await create({ kind: 'region', nameRu: 'x', aliases: ['дубль', 'дубль'] }).expect(400);
    const missingParent = await create({ kind: 'city', nameRu: 'Сирота', parentId: MISSING }).expect(422);
    expect(missingParent.body.errors).toEqual([{ field: 'parentId', message: expect.stringMatching(/does not exist/) }]);
    expect(await domainRowCounts(t)).toEqual(before);
  });

  it('accepts the largest aliases list and alias', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `${'я'.repeat(98)}${String(i).padStart(2, '0')}`);
    const response = await create({ kind: 'organisation', nameEn: 'Many aliases', aliases }).expect(201);
    expect(response.body.aliases).toHaveLength(20);
  });

  it('changes names, aliases, country and parent, refuses bad changes, and searches by the new alias', async () => {
    const created = recordOf(await create({ kind: 'region', nameRu: 'Павлодарская область' }).expect(201));
    const url = `/api/v1/parties/${created.id}`;
    const updated = await request(server())
      .patch(url)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ nameKk: 'Павлодар облысы', aliases: ['ПО'], countryCode: 'KZ', parentId: kz.id })
      .expect(200);
    expect(updated.body).toMatchObject({ version: 2, nameKk: 'Павлодар облысы', nameRu: 'Павлодарская область', aliases: ['ПО'], parent: { id: kz.id } });
    const before = await domainRowCounts(t);
    await request(server()).patch(url).set('Authorization', write).set('If-Match', '"2"').send({ nameRu: null, nameKk: null }).expect(400);
    await request(server()).patch(url).set('Authorization', write).set('If-Match', '"2"').send({ kind: null }).expect(400);
    await request(server()).patch(url).set('Authorization', write).set('If-Match', '"2"').send({ parentId: MISSING }).expect(422);
    expect(await domainRowCounts(t)).toEqual(before);
    // Search follows the edit: the new alias finds it.
    expect(idsOf(await list({ q: 'по', kind: 'region' }))).toContain(created.id);
  });

  it('refuses a party as its own parent (400) or under its own descendant (422)', async () => {
    const top = recordOf(await create({ kind: 'organisation', nameRu: 'Холдинг' }).expect(201));
    const middle = recordOf(await create({ kind: 'organisation', nameRu: 'Дочерняя компания', parentId: top.id }).expect(201));
    const bottom = recordOf(await create({ kind: 'organisation', nameRu: 'Внучатая компания', parentId: middle.id }).expect(201));
    const before = await domainRowCounts(t);
    const self = await request(server())
      .patch(`/api/v1/parties/${top.id}`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ parentId: top.id })
      .expect(400);
    expect(self.body.errors[0].field).toBe('parentId');
    const cycle = await request(server())
      .patch(`/api/v1/parties/${top.id}`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ parentId: bottom.id })
      .expect(422);
    expect(cycle.body.errors[0]).toMatchObject({ field: 'parentId', message: expect.stringMatching(/loop/) });
    expect(await domainRowCounts(t)).toEqual(before);
    // Moving a subtree elsewhere, and detaching it, are fine.
    await request(server()).patch(`/api/v1/parties/${middle.id}`).set('Authorization', write).set('If-Match', '"1"').send({ parentId: samara.id }).expect(200);
    await request(server()).patch(`/api/v1/parties/${top.id}`).set('Authorization', write).set('If-Match', '"1"').send({ parentId: bottom.id }).expect(200);
    const detached = await request(server())
      .patch(`/api/v1/parties/${top.id}`)
      .set('Authorization', write)
      .set('If-Match', '"2"')
      .send({ parentId: null })
      .expect(200);
    expect(detached.body).toMatchObject({ parentId: null, parent: null });
  });

  it('refuses concurrent moves that would together make a loop', async () => {
    const a = recordOf(await create({ kind: 'organisation', nameRu: 'Гонка А' }).expect(201));
    const b = recordOf(await create({ kind: 'organisation', nameRu: 'Гонка Б' }).expect(201));
    const [first, second] = await Promise.all([
      request(server()).patch(`/api/v1/parties/${a.id}`).set('Authorization', write).set('If-Match', '"1"').send({ parentId: b.id }),
      request(server()).patch(`/api/v1/parties/${b.id}`).set('Authorization', write).set('If-Match', '"1"').send({ parentId: a.id }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 422]);
  });

  it('archives a party only when no live record refers to it', async () => {
    const leaf = recordOf(await create({ kind: 'agency', nameRu: 'Архивное агентство' }).expect(201));
    const parent = recordOf(await create({ kind: 'organisation', nameRu: 'Родитель с ребёнком' }).expect(201));
    const child = recordOf(await create({ kind: 'organisation', nameRu: 'Ребёнок', parentId: parent.id }).expect(201));
    const signatory = recordOf(await create({ kind: 'organisation', nameRu: 'Подписант' }).expect(201));
    const memorandum = await insertMemorandum(t, { titleRu: 'Живой меморандум', partyIds: [signatory.id] });

    const before = await domainRowCounts(t);
    const withChild = await request(server()).delete(`/api/v1/parties/${parent.id}`).set('Authorization', write).set('If-Match', '"1"').expect(409);
    expect(withChild.body).toMatchObject({ type: problemType('still-referenced'), references: { children: 1 } });
    const referenced = await request(server()).delete(`/api/v1/parties/${signatory.id}`).set('Authorization', write).set('If-Match', '"1"').expect(409);
    expect(referenced.body.references).toEqual({ memoranda: 1 });
    expect(referenced.body.detail).toMatch(/memoranda: 1/);
    expect(await domainRowCounts(t)).toEqual(before);

    await request(server()).delete(`/api/v1/parties/${leaf.id}`).set('Authorization', write).set('If-Match', '"1"').expect(200);
    // Archived parties can no longer be referenced.
    await create({ kind: 'city', nameRu: 'Под архивным', parentId: leaf.id }).expect(422);

    // Once the child and the memorandum are archived, the parents can go too.
    await request(server()).delete(`/api/v1/parties/${child.id}`).set('Authorization', write).set('If-Match', '"1"').expect(200);
    await request(server()).delete(`/api/v1/parties/${parent.id}`).set('Authorization', write).set('If-Match', '"1"').expect(200);
    expect((await request(server()).get(`/api/v1/parties/${parent.id}`).set('Authorization', read).expect(200)).body.childIds).toEqual([]);
    await t.prisma.memorandum.update({ where: { id: memorandum.id }, data: { archivedAt: new Date() } });
    await request(server()).delete(`/api/v1/parties/${signatory.id}`).set('Authorization', write).set('If-Match', '"1"').expect(200);
  });

  it('keeps the history of edits', async () => {
    const created = recordOf(await create({ kind: 'region', nameRu: 'Костанайская область' }).expect(201));
    await request(server())
      .patch(`/api/v1/parties/${created.id}`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ aliases: ['КО'] })
      .expect(200);
    const history = await request(server()).get(`/api/v1/parties/${created.id}/history`).set('Authorization', read).expect(200);
    expect(history.body.data).toHaveLength(2);
    expect(history.body.data[0]).toMatchObject({ kind: 'edit', action: 'update', version: 2, changes: { aliases: { from: [], to: ['КО'] } } });
    expect(history.body.data[1]).toMatchObject({
      action: 'create',
      version: 1,
      changes: { kind: { from: null, to: 'region' }, nameRu: { to: 'Костанайская область' } },
    });
    expect(history.body.data[1].actor.name).toMatch(/^api-key:test-write/);
  });

  it('searches names in Kazakh and Russian by part of a word, and aliases', async () => {
    expect(idsOf(await list({ q: 'Самар' }))).toEqual([samara.id]);
    expect(idsOf(await list({ q: 'самара облы' }))).toEqual([samara.id]);
    expect(idsOf(await list({ q: 'ВКО' }))).toEqual([vko.id]);
    expect(idsOf(await list({ q: 'шқо' }))).toEqual([vko.id]);
    expect(idsOf(await list({ q: 'солтүстік' }))).toEqual([sko.id]);
    expect(idsOf(await list({ q: 'east kazakh' }))).toEqual([vko.id]);
    expect(idsOf(await list({ q: 'петропавл' }))).toEqual([petropavl.id]);
  });

  // A test for a bug: the embedded database was created with LC_CTYPE C, under which pg_trgm takes no trigrams from
  // Cyrillic, so no Russian or Kazakh near name was ever found (only Latin ones).
  it.each([
    ['a Russian name with another ending', 'Самарская обл.', 'samara'],
    ['the Kazakh name', 'Самара облысы', 'samara'],
    ['a Kazakh name in another case', 'Шығыс Қазақстан облысының', 'vko'],
    ['an alias', 'ШҚО', 'vko'],
  ])('finds the near names of %s before a duplicate is created («%s»)', async (_case, name, expected) => {
    const ids = { samara: samara.id, vko: vko.id } as Record<string, string>;
    const similar = await t.app.get(PartiesService).similarTo(name);
    expect(similar.map((party) => party.id)).toContain(ids[expected]);
    expect(similar.map((party) => party.id)).not.toContain(petropavl.id);
  });

  // «область» is in every oblast's name: with it, «Омская область» was 0.79 close to «Самарская область».
  it.each(['Омская область', 'Томская облысы', 'область', 'Алтайский край'])(
    'finds no near name for «%s», unlike any other but by its generic word',
    async (name) => {
      expect(await t.app.get(PartiesService).similarTo(name)).toEqual([]);
    },
  );

  it('filters by kind, parent, country, region and article, sorts and paginates', async () => {
    const almaty = recordOf(await create({ kind: 'city', nameRu: 'Алматы', nameKk: 'Алматы', countryCode: 'KZ' }).expect(201));
    expect(idsOf(await list({ kind: 'country' }))).toEqual([kz.id]);
    expect(idsOf(await list({ kind: 'country,city', q: 'а' }))).toEqual(expect.arrayContaining([kz.id, almaty.id, petropavl.id]));
    expect(idsOf(await list({ kind: 'country,city', q: 'а' })).every((id: string) => ![vko.id, sko.id, samara.id].includes(id))).toBe(true);
    const children = pageOf<{ id: string; nameRu: string }>(await list({ parent: kz.id, sort: 'nameRu' })).data.map((party) => [party.id, party.nameRu]);
    expect(children.map(([id]: string[]) => id)).toEqual(expect.arrayContaining([vko.id, sko.id]));
    expect(children.map(([, name]: string[]) => name)).toEqual(children.map(([, name]: string[]) => name).sort());
    expect(idsOf(await list({ country: 'KZ', kind: 'city' }))).toEqual(expect.arrayContaining([almaty.id]));
    await request(server()).get('/api/v1/parties?country=kz').set('Authorization', read).expect(400);
    const region = idsOf(await list({ region: sko.id }));
    expect(region.sort()).toEqual([sko.id, petropavl.id].sort());
    expect(idsOf(await list({ region: kz.id, limit: 100 }))).toEqual(expect.arrayContaining([kz.id, vko.id, sko.id, petropavl.id]));
    expect(idsOf(await list({ region: kz.id, limit: 100 }))).not.toContain(samara.id);

    const memorandum = await insertMemorandum(t, { titleRu: 'Самара — Петропавловск', partyIds: [samara.id, petropavl.id] });
    await insertCitation(t, 'p.txt', 'посетила Петропавловск', { memorandumId: memorandum.id });
    expect(idsOf(await list({ article: 'p.txt' })).sort()).toEqual([samara.id, petropavl.id].sort());
    expect((await list({ article: 'nothing.txt' })).body.meta.total).toBe(0);

    const byName = await list({ parent: kz.id, sort: '-nameRu' });
    const names = pageOf<{ nameRu: string }>(byName).data.map((party) => party.nameRu);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));
    const byKind = pageOf<{ kind: string }>(await list({ sort: 'kind', limit: 100 })).data.map((party) => party.kind);
    expect(byKind[0]).toBe('country');
    // Unnamed in Russian sort last, whichever way.
    const englishOnly = recordOf(await create({ kind: 'foreign_region', nameEn: 'Altai Krai' }).expect(201));
    for (const sort of ['nameRu', '-nameRu']) {
      const russianNames = pageOf<{ id: string; nameRu: string | null }>(await list({ sort, limit: 100 })).data.map((party) => party.nameRu);
      const firstUnnamed = russianNames.indexOf(null);
      expect(firstUnnamed).toBeGreaterThan(0);
      expect(russianNames.slice(firstUnnamed).every((name: string | null) => name === null)).toBe(true);
    }
    expect(idsOf(await list({ sort: 'nameRu', kind: 'foreign_region' }))).toEqual([englishOnly.id]);

    const all = await list({ limit: 100 });
    const page = await list({ limit: 2, offset: 1 });
    expect(page.body.meta).toEqual({ total: all.body.meta.total, limit: 2, offset: 1, nextCursor: null });
    expect(idsOf(page)).toEqual(idsOf(all).slice(1, 3));
  });

  it('embeds children on ?include=children', async () => {
    const one = await request(server()).get(`/api/v1/parties/${sko.id}?include=children`).set('Authorization', read).expect(200);
    expect(one.body.children).toEqual([{ id: petropavl.id, kind: 'city', name: { ru: 'Петропавловск', kk: null, en: null } }]);
    const listed = await list({ q: 'северо-казах', include: 'children' });
    expect(pageOf<{ children: { id: string }[] }>(listed).data[0].children.map((child) => child.id)).toEqual([petropavl.id]);
    await request(server()).get(`/api/v1/parties/${sko.id}?include=people`).set('Authorization', read).expect(400);
  });

  it('rejects bad values of its own filters and sorts', async () => {
    for (const query of ['sort=name', 'kind=region,planet', 'parent=x', 'region=x']) {
      await request(server()).get(`/api/v1/parties?${query}`).set('Authorization', read).expect(400);
    }
  });

  it('exports its columns to CSV, with the same filters, the aliases and the parent by name', async () => {
    const response = await request(server()).get('/api/v1/parties').query({ q: 'вко' }).set('Authorization', read).set('Accept', 'text/csv').expect(200);
    const lines = response.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('id,kind,name_kk,name_ru,name_en,aliases,country_code,parent_id,parent,version,updated_at');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"ВКО; ШҚО; EKR"');
    expect(lines[1]).toContain('Республика Казахстан');
  });

  it('lets a region-bound editor create and change parties only within their region', async () => {
    const service = t.app.get(PartiesService);
    const editor: Actor = { type: 'user', id: null, name: 'editor-sko', role: 'editor', regionPartyId: sko.id };
    const before = await domainRowCounts(t);
    await expect(service.create({ kind: 'city', nameRu: 'Вне региона', parentId: vko.id }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    await expect(service.create({ kind: 'city', nameRu: 'Без родителя' }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    expect(await domainRowCounts(t)).toEqual(before);
    const town = await service.create({ kind: 'district', nameRu: 'Кызылжарский район', parentId: sko.id }, editor);
    const renamed = await service.update(town.id, 1, { nameKk: 'Қызылжар ауданы' }, editor);
    expect(renamed.version).toBe(2);
    // Moving it out of the region is refused and leaves it where it was.
    await expect(service.update(town.id, 2, { parentId: vko.id }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
    expect((await service.get(town.id)).parentId).toBe(sko.id);
    await expect(service.update(vko.id, 1, { nameEn: 'x' }, editor)).rejects.toMatchObject({ problem: { status: 403 } });
  });

  // A Pavlodar editor entering "a delegation of Omsk oblast visited" must be able to add Omsk oblast: no region of
  // Kazakhstan takes part in a party abroad. Abroad means the first country code up the parent chain is not KZ.
  describe('a party abroad, added by an editor of another region', () => {
    let russia: { id: string };
    let kzCoded: { id: string };
    const editor = (): Actor => ({ type: 'user', id: null, name: 'editor-sko', role: 'editor', regionPartyId: sko.id });
    beforeAll(async () => {
      russia = await createParty(t, { kind: 'country', nameRu: 'Российская Федерация', countryCode: 'RU' });
      kzCoded = await createParty(t, { kind: 'region', nameRu: 'Акмолинская область', countryCode: 'KZ' });
    });

    it.each([
      ['a foreign region under its country', () => ({ kind: 'foreign_region', nameRu: 'Омская область', parentId: russia.id }), 201],
      ['a foreign city with its own country code', () => ({ kind: 'city', nameRu: 'Бишкек', countryCode: 'KG' }), 201],
      ['a party with no country anywhere up its chain', () => ({ kind: 'city', nameRu: 'Неизвестно где' }), 403],
      ['a party under another region of Kazakhstan', () => ({ kind: 'city', nameRu: 'Семей', parentId: vko.id }), 403],
      ['a party under a party coded KZ', () => ({ kind: 'city', nameRu: 'Кокшетау', parentId: kzCoded.id }), 403],
      ['a party coded KZ with a foreign parent', () => ({ kind: 'organisation', nameRu: 'Торговый дом', parentId: russia.id, countryCode: 'KZ' }), 403],
      ['a party coded abroad under a region of Kazakhstan', () => ({ kind: 'city', nameRu: 'Чужой город', parentId: vko.id, countryCode: 'RU' }), 403],
    ])('%s: %d', async (_case, body, status) => {
      const service = t.app.get(PartiesService);
      const before = await domainRowCounts(t);
      const attempt = service.create(body() as never, editor());
      if (status === 201) {
        const created = await attempt;
        // Changing it afterwards stays an admin's call: no region's editor owns a party abroad.
        await expect(service.update(created.id, 1, { nameEn: 'x' }, editor())).rejects.toMatchObject({ problem: { status: 403 } });
      } else {
        await expect(attempt).rejects.toMatchObject({ problem: { status: 403 } });
        expect(await domainRowCounts(t)).toEqual(before);
      }
    });
  });
});
