// Sources edited in the panel go through SourcesService with the version the form was loaded with: every refusal
// (stale version, sealed text, cited source, someone else's source) writes nothing and says why in the panel's words.
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { SourcesService } from '../../apps/api/src/sources/sources.service.js';
import { createParty, domainRowCounts } from '../support/fixtures.js';
import { type PanelAgent, panelLogin } from '../support/panel.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'source-edit-password';
const QUOTE = 'Павлодарская область и Омская область подписали меморандум о сотрудничестве';

type Body = { notice?: { message: string; type: string }; record?: { params: Record<string, unknown> }; mentions?: { kind: string }[] };

describe('sources edited in the panel', () => {
  let t: TestApp;
  let admin: PanelAgent;
  let editor: PanelAgent;
  let editorActor: Actor;
  let cited: { id: string; key: string };
  let uncited: { id: string; key: string };

  const ADMIN: Actor = { type: 'user', id: null, name: 'Test admin', role: 'admin', regionPartyId: null };

  beforeAll(async () => {
    t = await createTestApp();
    const users = t.app.get(AdminUsersService);
    const region = await createParty(t, { nameRu: 'Павлодарская область', kind: 'region' });
    const partner = await createParty(t, { nameRu: 'Омская область', kind: 'region' });
    await users.create({ email: 'admin@kelisim.test', password: PASSWORD, role: 'admin', name: 'Admin' });
    const editorUser = await users.create({ email: 'editor@kelisim.test', password: PASSWORD, role: 'editor', name: 'Editor', regionPartyId: region.id });
    editorActor = { type: 'user', id: editorUser.id, name: 'Editor', role: 'editor', regionPartyId: region.id };
    const sources = t.app.get(SourcesService);
    const citedSource = await sources.create({ title: 'Павлодар и Омск', text: `Павлодар, 12 марта 2024 года. ${QUOTE}. Сумма — 5 млн долларов.` }, ADMIN);
    const uncitedSource = await sources.create({ title: 'Без цитат', text: 'Текст, который никто не цитирует.' }, ADMIN);
    await t.app
      .get(MemorandaService)
      .create(
        { titleRu: 'Меморандум', parties: [{ partyId: region.id }, { partyId: partner.id }], sources: [{ article: citedSource.key, quote: QUOTE }] },
        ADMIN,
      );
    const idOf = async (key: string) => ({ key, id: (await t.prisma.sourceArticle.findUniqueOrThrow({ where: { key } })).id });
    cited = await idOf(citedSource.key);
    uncited = await idOf(uncitedSource.key);
    admin = await panelLogin(t, 'admin@kelisim.test', PASSWORD);
    editor = await panelLogin(t, 'editor@kelisim.test', PASSWORD);
  });
  afterAll(() => t.close());

  const url = (id: string, action: string) => `/admin/api/resources/SourceArticle/records/${id}/${action}`;
  /** A refusal of the rules about who may change a source is a 403 (with the same body); other answers are 200s. */
  const post = (agent: PanelAgent, id: string, action: string, fields: Record<string, string>, status = 200) => {
    const request = agent.post(url(id, action));
    for (const [name, value] of Object.entries(fields)) void request.field(name, value);
    return request.expect(status).then((response) => response.body as Body);
  };
  const row = (id: string) => t.prisma.sourceArticle.findUniqueOrThrow({ where: { id } });

  it('saves a title edit made at the current version, with a history entry', async () => {
    const before = await row(uncited.id);
    const body = await post(admin, uncited.id, 'edit', { title: 'Новый заголовок', version: String(before.version) });
    expect(body.notice).toEqual({ message: 'successfullyUpdated', type: 'success' });
    const after = await row(uncited.id);
    expect(after).toMatchObject({ title: 'Новый заголовок', version: before.version + 1, text: before.text });
    const history = (await t.app.get(SourcesService).historyOf(uncited.key)).data;
    expect(history.at(-1) ?? history[0]).toBeDefined();
    expect(history.some((entry) => entry.action === 'update' && Object.keys(entry.changes ?? {}).includes('title'))).toBe(true);
    // The show page carries the history for RecordHistory, and no hash or id among what it shows.
    const show = (await admin.get(url(uncited.id, 'show')).expect(200)).body as Body;
    expect(JSON.parse(String(show.record!.params.historyJson)).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a stale version, asking to reload, and writes nothing', async () => {
    const before = await row(uncited.id);
    const counts = await domainRowCounts(t);
    const body = await post(admin, uncited.id, 'edit', { title: 'Устаревшая правка', version: String(before.version - 1) });
    expect(body.notice).toEqual({ message: 'sourceStale', type: 'error' });
    expect(await row(uncited.id)).toEqual(before);
    expect(await domainRowCounts(t)).toEqual(counts);
  });

  it('refuses a text change of a cited source with a clear message, and writes nothing', async () => {
    const before = await row(cited.id);
    const counts = await domainRowCounts(t);
    const body = await post(admin, cited.id, 'edit', { title: before.title, text: 'Совсем другой текст.', version: String(before.version) });
    expect(body.notice).toEqual({ message: 'sourceTextCited', type: 'error' });
    expect(await row(cited.id)).toEqual(before);
    expect(await domainRowCounts(t)).toEqual(counts);
    // The edit form learns that the text is sealed; the unchanged text sent back with a title edit is no text change.
    const form = (await admin.get(url(cited.id, 'edit')).expect(200)).body as Body;
    expect(form.record!.params.citationCount).toBe(1);
    const saved = await post(admin, cited.id, 'edit', { title: 'Павлодар и Омск (уточнено)', text: before.text, version: String(before.version) });
    expect(saved.notice?.type).toBe('success');
    expect((await row(cited.id)).sha256).toBe(before.sha256);
  });

  it('refuses to archive a cited source, and an editor archiving a source someone else added', async () => {
    const citedBefore = await row(cited.id);
    expect((await post(admin, cited.id, 'delete', { version: String(citedBefore.version) })).notice).toEqual({
      message: 'sourceCitedNoArchive',
      type: 'error',
    });
    expect(await row(cited.id)).toEqual(citedBefore);
    const uncitedBefore = await row(uncited.id);
    expect((await post(editor, uncited.id, 'delete', { version: String(uncitedBefore.version) }, 403)).notice).toEqual({
      message: 'sourceArchiveForbidden',
      type: 'error',
    });
    expect(await row(uncited.id)).toEqual(uncitedBefore);
  });

  it('lets an editor archive a source they added, hides it from the list, and an admin restore it', async () => {
    const own = await t.app.get(SourcesService).create({ title: 'Свой источник', text: 'Текст редактора, ещё без цитат.' }, editorActor);
    const { id } = await t.prisma.sourceArticle.findUniqueOrThrow({ where: { key: own.key } });
    expect((await post(editor, id, 'delete', { version: '1' })).notice?.type).toBe('success');
    expect((await row(id)).archivedAt).not.toBeNull();
    const list = (await admin.get('/admin/api/resources/SourceArticle/actions/list').expect(200)).body as { records: { id: string }[] };
    expect(list.records.map((record) => record.id)).not.toContain(id);
    const all = (await admin.get('/admin/api/resources/SourceArticle/actions/list?filters.archived=true').expect(200)).body as { records: { id: string }[] };
    expect(all.records.map((record) => record.id)).toContain(id);
    expect((await post(admin, id, 'restore', { version: '1' })).notice).toEqual({ message: 'sourceStale', type: 'error' });
    expect((await post(admin, id, 'restore', { version: '2' })).notice?.type).toBe('success');
    expect((await row(id)).archivedAt).toBeNull();
  });

  it('changes nothing on a GET of edit, delete, restore or mentions, nor on a POST from another site', async () => {
    const before = await row(uncited.id);
    const counts = await domainRowCounts(t);
    for (const action of ['edit', 'delete', 'restore']) await admin.get(url(uncited.id, action)).expect(200);
    const mentions = (await admin.get(url(cited.id, 'mentions')).expect(200)).body as Body & { names: Record<string, string> };
    expect(mentions.mentions!.map((mention) => mention.kind)).toEqual(expect.arrayContaining(['party', 'date', 'amount']));
    expect(Object.values(mentions.names)).toEqual(expect.arrayContaining(['Павлодарская область']));
    for (const headers of [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }]) {
      await admin.post(url(uncited.id, 'edit')).set(headers).field('title', 'Чужой сайт').field('version', String(before.version)).expect(403);
      await admin.post(url(uncited.id, 'delete')).set(headers).field('version', String(before.version)).expect(403);
    }
    expect(await row(uncited.id)).toEqual(before);
    expect(await domainRowCounts(t)).toEqual(counts);
  });
});
