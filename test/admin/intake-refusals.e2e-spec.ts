import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { createArticle, createParty, domainRowCounts } from '../support/fixtures.js';
import { type PanelAgent, panelLogin } from '../support/panel.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'correct-horse-battery';
const NEW = '/admin/api/resources/SourceArticle/actions/new';
/** The fields a refusal names, from a handler's JSON answer. */
const refusedFields = (body: unknown) => (body as { refusal: { errors: { field: string }[] } }).refusal.errors.map((error) => error.field);
const TEXT = 'Акимат Павлодарской области и Томская область подписали меморандум о сотрудничестве в сфере туризма.';
jest.setTimeout(120_000);

describe('Panel intake handlers refuse bad input and write nothing', () => {
  let testApp: TestApp;
  let editor: PanelAgent;
  let articleId: string;
  let region: { id: string };

  beforeAll(async () => {
    testApp = await createTestApp();
    region = await createParty(testApp, { nameRu: 'Павлодарская область', kind: 'region' });
    await createParty(testApp, { nameRu: 'Томская область', kind: 'foreign_region' });
    await createParty(testApp, { nameEn: 'Pavlodar Grain Trade Holding', kind: 'organisation' });
    await createArticle(testApp, '001_refusals.txt', TEXT);
    articleId = (await testApp.prisma.sourceArticle.findUniqueOrThrow({ where: { key: '001_refusals.txt' } })).id;
    await testApp.app
      .get(AdminUsersService)
      .create({ email: 'editor@kelisim.test', password: PASSWORD, role: 'editor', regionPartyId: region.id, locale: 'ru' });
    editor = await panelLogin(testApp, 'editor@kelisim.test', PASSWORD);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const sources = () => testApp.prisma.sourceArticle.count();
  const intake = (fields: Record<string, string>) => {
    const call = editor.post(`/admin/api/resources/SourceArticle/records/${articleId}/intake`);
    for (const [name, value] of Object.entries(fields)) call.field(name, value);
    return call;
  };

  /** Posts the new-source form and expects a refusal on `field` that leaves the sources as they were. */
  async function refused(send: (call: ReturnType<PanelAgent['post']>) => ReturnType<PanelAgent['post']>, field: string, message: RegExp) {
    const before = await sources();
    const response = await send(editor.post(NEW).field('title', 'Пресс-релиз'));
    expect(response.status).toBe(200);
    expect(response.body.redirectUrl).toBeUndefined();
    expect(response.body.refusal.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })]));
    // One message per field, and none repeated at the top.
    expect(refusedFields(response.body).filter((name) => name === field)).toHaveLength(1);
    expect(response.body.refusal.message).toBe('');
    expect(await sources()).toBe(before);
  }

  it('refuses binary junk, a file over 5 MB, an empty text and an unknown language', async () => {
    await refused((call) => call.attach('file', randomBytes(4096), { filename: 'release.txt', contentType: 'text/plain' }), 'file', /^Файл /);
    await refused(
      (call) => call.attach('file', Buffer.alloc(5 * 1024 * 1024 + 1, 'а'), { filename: 'release.txt', contentType: 'text/plain' }),
      'file',
      /^Файл больше 5 МБ/,
    );
    // The editor reads Russian: the refusals under the fields are Russian, the field named by its label.
    await refused((call) => call.field('text', '   '), 'text', /^Поле «Полный текст» обязательно для заполнения$/);
    await refused(
      (call) => call.field('text', 'Другой текст о визите.').field('language', 'xx'),
      'language',
      /^Поле «Язык» должно быть одним из значений: kk, ru, en$/,
    );
  });

  it('names the source that already has the text', async () => {
    const before = await sources();
    const response = await editor.post(NEW).field('title', 'Копия').field('text', TEXT);
    expect(response.body.refusal.existing).toMatchObject({ key: '001_refusals.txt', title: '001_refusals.txt', id: articleId });
    expect(response.body.notice.message).toBe('sourceDuplicate');
    expect(await sources()).toBe(before);
  });

  it('accepts a pasted text and sends the editor on to its intake page', async () => {
    const response = await editor
      .post(NEW)
      .field('title', 'Новый релиз')
      .field('text', 'Делегация Павлодарской области посетила Томскую область.')
      .field('language', 'auto');
    const created = await testApp.prisma.sourceArticle.findFirstOrThrow({ where: { title: 'Новый релиз' } });
    expect(created.language).toBe('ru');
    expect(response.body.redirectUrl).toBe(`/admin/resources/SourceArticle/records/${created.id}/intake`);
  });

  it("refuses a form's quick addition outside the editor's region (403) or with a bad name, in Russian, writing nothing", async () => {
    const other = await createParty(testApp, { nameRu: 'Костанайская область', kind: 'region' });
    const before = await domainRowCounts(testApp);
    const quickAdd = (resource: string, op: string, json: unknown) =>
      editor.post(`/admin/api/resources/${resource}/actions/quickAdd`).field('op', op).field('json', JSON.stringify(json));
    const elsewhere = await quickAdd('Party', 'createParty', { name: 'Рудный', kind: 'city', parentId: other.id });
    expect([elsewhere.status, elsewhere.body.notice?.message]).toEqual([403, 'forbiddenRegion']);
    const nameless = await quickAdd('Person', 'createPerson', { name: 'x'.repeat(301) });
    expect(nameless.status).toBe(200);
    expect(nameless.body.refusal.errors).toHaveLength(1);
    expect(nameless.body.refusal.errors[0].message).toMatch(/[а-я]/);
    // A body that is JSON but not an object is refused as such, never a 500.
    for (const json of ['null', '[1]', '7']) {
      const odd = await editor.post('/admin/api/resources/Party/actions/quickAdd').field('op', 'createParty').field('json', json);
      expect([json, odd.status, odd.body.refusal?.message]).toEqual([json, 200, 'The request is not JSON.']);
      const intakeOdd = await intake({ op: 'createParty', json });
      expect([json, intakeOdd.status]).toEqual([json, 200]);
    }
    expect(await domainRowCounts(testApp)).toEqual(before);
  });

  it('refuses a memorandum without parties on its card, writing nothing', async () => {
    const before = await domainRowCounts(testApp);
    const response = await intake({
      json: JSON.stringify({ memorandum: { titleRu: 'Меморандум', sources: [{ article: '001_refusals.txt', quote: TEXT.slice(0, 40) }] } }),
    });
    expect(response.status).toBe(200);
    expect(refusedFields(response.body)).toContain('memorandum.parties');
    // In the editor's Russian, the card's field named by the intake page's word for it.
    const errors = (response.body as { refusal: { errors: { field: string; message: string }[] } }).refusal.errors;
    expect(errors.find((error) => error.field === 'memorandum.parties')?.message).toBe('Нужна хотя бы одна сторона: укажите, кто договорился');
    expect(await domainRowCounts(testApp)).toEqual(before);
    const unknown = await intake({ json: JSON.stringify({ memorandum: { titleRu: 'М', colour: 'red' } }) });
    expect(refusedFields(unknown.body)).toContain('memorandum.colour');
    expect((unknown.body as { refusal: { errors: { field: string; message: string }[] } }).refusal.errors).toContainEqual({
      field: 'memorandum.colour',
      message: 'Поле «colour» не предусмотрено формой',
    });
    expect(await domainRowCounts(testApp)).toEqual(before);
  });

  it('warns of a near name before a party is added, and the GET of the page changes nothing', async () => {
    const similar = await intake({ op: 'similar', json: JSON.stringify({ kind: 'party', name: 'Pavlodar Grain Trade' }) });
    expect((similar.body as { similar: { name: { en: string } }[] }).similar.map((entry) => entry.name.en)).toContain('Pavlodar Grain Trade Holding');
    const created = await intake({ op: 'createParty', json: JSON.stringify({ kind: 'organisation', name: 'Pavlodar Grain Trade' }) });
    expect(created.body.created).toMatchObject({ nameRu: 'Pavlodar Grain Trade', kind: 'organisation' });
    const before = await domainRowCounts(testApp);
    const page = await editor.get(`/admin/api/resources/SourceArticle/records/${articleId}/intake?op=createParty&json=%7B%7D`);
    expect(page.status).toBe(200);
    expect(
      (JSON.parse((page.body as { record: { params: { intakeJson: string } } }).record.params.intakeJson) as { mentions: unknown[] }).mentions.length,
    ).toBeGreaterThan(0);
    expect(await domainRowCounts(testApp)).toEqual(before);
  });

  it('refuses a change sent from another site with 403', async () => {
    const before = await sources();
    const response = await editor
      .post(NEW)
      .set('Origin', 'https://evil.example')
      .set('Sec-Fetch-Site', 'cross-site')
      .field('title', 'X')
      .field('text', 'Злой текст.');
    expect(response.status).toBe(403);
    const intakePost = await editor
      .post(`/admin/api/resources/SourceArticle/records/${articleId}/intake`)
      .set('Sec-Fetch-Site', 'cross-site')
      .field('op', 'createParty')
      .field('json', JSON.stringify({ kind: 'region', name: 'Злая область' }));
    expect(intakePost.status).toBe(403);
    expect(await sources()).toBe(before);
    expect(await testApp.prisma.party.count({ where: { nameRu: 'Злая область' } })).toBe(0);
  });
});
