import { createHash } from 'node:crypto';
import request from 'supertest';
import { bearer, createParty, domainRowCounts } from '../../../../test/support/fixtures.js';
import { errorFields, etagAt, pageOf, recordOf } from '../../../../test/support/responses.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { Actor } from '../domain/actor.js';
import { SourcesService } from './sources.service.js';

const sha256Of = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// Written for this test: a Pavlodar delegation in Omsk oblast, in Russian and in Kazakh (with the Latin "i" of Kazakh sites).
const RU_TEXT =
  'Делегация Павлодарской области во главе с акимом посетила Омскую область 12.03.2026.\r\n' +
  'Стороны подписали меморандум о сотрудничестве в сельском хозяйстве и договорились об ответном визите в декабре.';
const KK_TEXT =
  'Павлодар облысының делегациясы Омбы облысында болды. Тараптар ауыл шаруашылығы саласындағы ынтымақтастық туралы меморандумға қол қойды, бiрлескен жұмыс тобы құрылады.';

describe('adding and correcting sources', () => {
  let t: TestApp;
  let read: string;
  let write: string;
  let pavlodar: { id: string };
  let omsk: { id: string };
  const server = () => t.app.getHttpServer();
  const post = (body: object) => request(server()).post('/api/v1/sources').set('Authorization', write).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    read = await bearer(t, 'read');
    write = await bearer(t, 'write');
    pavlodar = await createParty(t, { nameRu: 'Павлодарская область', nameKk: 'Павлодар облысы', kind: 'region' });
    omsk = await createParty(t, { nameRu: 'Омская область', nameKk: 'Омбы облысы', kind: 'foreign_region' });
  });
  afterAll(() => t.close());

  it('stores a press release once normalised, with its key in the body and Location, and a language detected from its letters', async () => {
    const response = await post({
      title: 'Павлодарская делегация в Омской области',
      outlet: 'pavlodar.gov.kz',
      publishedOn: '2026-03-13',
      text: RU_TEXT,
    }).expect(201);
    const stored = RU_TEXT.replace(/\r\n/g, '\n');
    expect(response.body).toMatchObject({ language: 'ru', text: stored, sha256: sha256Of(stored), version: 1, citationCount: 0, publishedOnPrecision: 'day' });
    expect(response.body.key).toMatch(/^pavlodarskaya-delegatsiya-v-omskoi-oblasti-[0-9a-f]{6}$/);
    expect(response.headers.location).toBe(`/api/v1/sources/${response.body.key}`);
    expect(response.headers.etag).toMatch(etagAt(1));
    const fetched = await request(server()).get(response.headers.location).set('Authorization', read).expect(200);
    expect(fetched.body.text).toBe(stored);

    // Decomposed letters (й as и + U+0306, as some editors send them) are composed once; a NUL is refused outright.
    const kk = await post({ title: 'Павлодар делегациясы Омбыда', text: `${KK_TEXT.normalize('NFD')}\r\n\r\n` }).expect(201);
    expect(kk.body.text).not.toBe(`${KK_TEXT.normalize('NFD')}\r\n\r\n`);
    expect(kk.body.language).toBe('kk');
    expect(kk.body.text).toBe(KK_TEXT.normalize('NFC'));
    const history = await request(server()).get(`/api/v1/sources/${kk.body.key}/history`).set('Authorization', read).expect(200);
    expect(history.body.data).toEqual([
      expect.objectContaining({ action: 'create', version: 1, changes: expect.objectContaining({ language: { from: null, to: 'kk' } }) }),
    ]);
  });

  it('refuses the same text again with 409 naming the source that has it, and writes nothing', async () => {
    const first = await post({ title: 'Первый раз', text: 'Один и тот же текст пресс-релиза.' }).expect(201);
    const before = await domainRowCounts(t);
    for (const text of ['Один и тот же текст пресс-релиза.', 'Один и тот же текст пресс-релиза.\r\n']) {
      const again = await post({ title: 'Второй раз', text }).expect(409);
      expect(again.body.existing).toEqual({ key: first.body.key, title: 'Первый раз' });
      expect(again.body.detail).toContain(first.body.key);
    }
    // Racing requests with one text: the unique fingerprint lets exactly one through.
    const race = await Promise.all(Array.from({ length: 6 }, () => post({ title: 'Гонка', text: 'Текст, присланный шесть раз одновременно.' })));
    expect(race.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await domainRowCounts(t)).toEqual({ ...before, sources: before.sources + 1, audit: before.audit + 1, changeEvents: before.changeEvents + 1 });
  });

  it.each([
    ['no title', { text: 'Текст.' }, 'title'],
    ['an empty title', { title: '  ', text: 'Текст.' }, 'title'],
    ['no text', { title: 'Заголовок' }, 'text'],
    ['an empty text', { title: 'Заголовок', text: '' }, 'text'],
    ['a text of control characters only', { title: 'Заголовок', text: '\u0001\u0002\r\n' }, 'text'],
    ['a text with a NUL', { title: 'Заголовок', text: 'Текст\u0000.' }, 'text'],
    ['a language code that is not kk, ru or en', { title: 'Заголовок', text: 'Текст.', language: 'de' }, 'language'],
    ['a link that is not http', { title: 'Заголовок', text: 'Текст.', url: 'javascript:alert(1)' }, 'url'],
    ['a precision without a date', { title: 'Заголовок', text: 'Текст.', publishedOnPrecision: 'month' }, 'publishedOn'],
    ['a text over 500,000 characters', { title: 'Заголовок', text: 'a'.repeat(500_001) }, 'text'],
    ['an unknown field', { title: 'Заголовок', text: 'Текст.', key: 'my-key.txt' }, 'key'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_case, body, field) => {
    const before = await domainRowCounts(t);
    const response = await post(body).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(errorFields(response)).toContain(field);
    expect(await domainRowCounts(t)).toEqual(before);
  });

  it('lets a record cite a new source by its key, and then seals the text; titles stay correctable with version checks', async () => {
    const source = await post({ title: 'Меморандум Павлодар — Омск', text: `${RU_TEXT}\nИсточник: pavlodar.gov.kz.` }).then((response) =>
      recordOf<{ key: string; text: string }>(response),
    );
    const memorandum = await request(server())
      .post('/api/v1/memoranda')
      .set('Authorization', write)
      .send({
        titleRu: 'Меморандум о сотрудничестве в сельском хозяйстве',
        parties: [{ partyId: pavlodar.id }, { partyId: omsk.id }],
        sources: [{ article: source.key, quote: 'Стороны подписали меморандум о сотрудничестве в сельском хозяйстве' }],
      })
      .expect(201);
    expect(memorandum.body.sources).toEqual([{ article: source.key, quote: 'Стороны подписали меморандум о сотрудничестве в сельском хозяйстве' }]);
    const patch = (body: object, version: string) =>
      request(server()).patch(`/api/v1/sources/${source.key}`).set('Authorization', write).set('If-Match', version).send(body);

    const sealed = await patch({ text: 'Другой текст.' }, '"1"').expect(409);
    expect(sealed.body).toMatchObject({ citationCount: 1 });
    const renamed = await patch({ title: 'Павлодар и Омск: меморандум', outlet: 'pavlodar.gov.kz' }, '"1"').expect(200);
    expect(renamed.body).toMatchObject({ title: 'Павлодар и Омск: меморандум', version: 2, text: source.text });
    expect(renamed.headers.etag).toMatch(etagAt(2));
    await patch({ title: 'Поздно' }, '"1"').expect(412);
    await patch({ title: null }, '"2"').expect(400);
    const history = await request(server()).get(`/api/v1/sources/${source.key}/history`).set('Authorization', read).expect(200);
    expect(history.body.data[0]).toMatchObject({
      action: 'update',
      version: 2,
      changes: { title: { from: 'Меморандум Павлодар — Омск', to: 'Павлодар и Омск: меморандум' } },
    });

    // Archiving is refused while a live record quotes it, and allowed once that record is archived.
    await request(server()).delete(`/api/v1/sources/${source.key}`).set('Authorization', write).set('If-Match', '"2"').expect(409);
    await request(server()).delete(`/api/v1/memoranda/${memorandum.body.id}`).set('Authorization', write).set('If-Match', '"1"').expect(200);
    const archived = await request(server()).delete(`/api/v1/sources/${source.key}`).set('Authorization', write).set('If-Match', '"2"').expect(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    // ...and its text stays sealed: archived records' quotes still point into it.
    expect((await request(server()).get(`/api/v1/sources/${source.key}`).set('Authorization', read)).body.text).toBe(source.text);
  });

  it('changes the text of a source nothing cites, hides archived sources from lists and from new citations, and restores them', async () => {
    const source = await post({ title: 'Черновик', text: 'Первый вариант текста.' }).then((response) => recordOf<{ key: string; text: string }>(response));
    const changed = await request(server())
      .patch(`/api/v1/sources/${source.key}`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ text: 'Исправленный вариант текста.' })
      .expect(200);
    expect(changed.body).toMatchObject({ text: 'Исправленный вариант текста.', sha256: sha256Of('Исправленный вариант текста.'), key: source.key });

    await request(server()).delete(`/api/v1/sources/${source.key}`).set('Authorization', write).set('If-Match', '"2"').expect(200);
    const listed = await request(server()).get('/api/v1/sources?q=Черновик').set('Authorization', read).expect(200);
    expect(listed.body.data).toEqual([]);
    const withArchived = await request(server()).get('/api/v1/sources?q=Черновик&includeArchived=true').set('Authorization', read).expect(200);
    expect(pageOf<{ key: string }>(withArchived).data.map((item) => item.key)).toEqual([source.key]);
    const citing = await request(server())
      .post('/api/v1/memoranda')
      .set('Authorization', write)
      .send({ titleRu: 'Ссылается на архив', parties: [{ partyId: pavlodar.id }], sources: [{ article: source.key, quote: 'Исправленный' }] })
      .expect(422);
    expect(citing.body.errors).toEqual([{ field: 'sources.0.article', message: `source ${source.key} is archived and cannot be cited` }]);
    await request(server()).patch(`/api/v1/sources/${source.key}`).set('Authorization', write).set('If-Match', '"3"').send({ title: 'x' }).expect(409);
    const restored = await request(server()).post(`/api/v1/sources/${source.key}/restore`).set('Authorization', write).set('If-Match', '"3"').expect(200);
    expect(restored.body).toMatchObject({ archivedAt: null, version: 4 });
  });

  describe('region rules for editors', () => {
    const editorOf = (id: string, regionPartyId: string): Actor => ({ type: 'user', id, name: id, role: 'editor', regionPartyId });
    const sources = () => t.app.get(SourcesService);

    it('lets an editor correct and take back a source they added, and refuses other editors unless their region cites it', async () => {
      const pavlodarEditor = editorOf('00000000-0000-4000-8000-000000000001', pavlodar.id);
      const omskEditor = editorOf('00000000-0000-4000-8000-000000000002', omsk.id);
      const added = await sources().create({ title: 'Добавлено редактором', text: 'Текст, добавленный павлодарским редактором.' }, pavlodarEditor);
      await expect(sources().update(added.key, 1, { title: 'Чужая правка' }, omskEditor)).rejects.toMatchObject({ status: 403 });
      const corrected = await sources().update(added.key, 1, { title: 'Исправлено автором' }, pavlodarEditor);
      expect(corrected.version).toBe(2);
      await expect(sources().archive(added.key, 2, omskEditor)).rejects.toMatchObject({ status: 403 });
      const viewer: Actor = { type: 'user', id: 'viewer', name: 'viewer', role: 'viewer', regionPartyId: null };
      await expect(sources().create({ title: 'Нельзя', text: 'Зритель не добавляет.' }, viewer)).rejects.toMatchObject({ status: 403 });

      // Once a record of Omsk's region cites it, Omsk's editor may correct it too; nobody but an admin may archive it now.
      const memorandum = await request(server())
        .post('/api/v1/memoranda')
        .set('Authorization', write)
        .send({ titleRu: 'Омск цитирует', parties: [{ partyId: omsk.id }], sources: [{ article: added.key, quote: 'павлодарским редактором' }] })
        .expect(201);
      expect(memorandum.body.status).toBe('draft');
      expect((await sources().update(added.key, 2, { outlet: 'omsk.ru' }, omskEditor)).version).toBe(3);
      await expect(sources().archive(added.key, 3, pavlodarEditor)).rejects.toMatchObject({ status: 409 });
    });
  });
});
