import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { ApiKeysService } from '../../apps/api/src/auth/api-keys.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { expectTexts, loginAs as login, openPanel, saveForm, screenshot } from '../support/browser.js';
import { createArticle, createParty } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'correct-horse-battery';
const ADMIN_ACTOR: Actor = { type: 'user', id: null, name: 'Test admin', role: 'admin', regionPartyId: null };
const QUOTE = 'Шығыс Қазақстан облысы мен Алтай өлкесі ынтымақтастық туралы меморандумға қол қойды';

jest.setTimeout(120_000);

describe('Admin panel in a browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let memorandumId: string;
  let otherMemorandumId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const region = await createParty(testApp, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', kind: 'region' });
    const partner = await createParty(testApp, { nameRu: 'Алтайский край', nameKk: 'Алтай өлкесі', kind: 'region' });
    const elsewhere = await createParty(testApp, { nameRu: 'Мангистауская область', kind: 'region' });
    await createArticle(testApp, '001_test.txt', `Өскемен. ${QUOTE}. Келесі жылы жаңа жобалар басталады.`);
    const memoranda = testApp.app.get(MemorandaService);
    const created = await memoranda.create(
      {
        titleKk: 'Ынтымақтастық туралы меморандум',
        titleRu: 'Меморандум о сотрудничестве ВКО и Алтайского края',
        titleEn: 'Memorandum of cooperation between East Kazakhstan and Altai Krai',
        status: 'signed',
        signedOn: '2024-05-14',
        quantity: 3,
        spheres: ['trade', 'tourism'],
        parties: [{ partyId: region.id }, { partyId: partner.id }],
        sources: [{ article: '001_test.txt', quote: QUOTE }],
      },
      ADMIN_ACTOR,
    );
    memorandumId = created.id;
    otherMemorandumId = (await memoranda.create({ titleRu: 'Меморандум Мангистау', parties: [{ partyId: elsewhere.id }] }, ADMIN_ACTOR)).id;
    const users = testApp.app.get(AdminUsersService);
    await users.create({ email: 'editor@kelisim.test', password: PASSWORD, role: 'editor', name: 'Айгерим Editor', regionPartyId: region.id, locale: 'ru' });
    await users.create({ email: 'admin@kelisim.test', password: PASSWORD, role: 'admin', name: 'Panel Admin', locale: 'ru' });
    await users.create({ email: 'viewer@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Manager Viewer', locale: 'ru' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const loginAs = (email: string) => login(browser, base, email, PASSWORD);

  async function memorandum(id: string) {
    return testApp.prisma.memorandum.findUniqueOrThrow({ where: { id } });
  }

  it('an editor finds a memorandum by a Kazakh word, changes its status with a comment and sees it in the history', async () => {
    const { context, page, errors } = await loginAs('editor@kelisim.test');
    await page.getByText('Реестр').first().waitFor();

    await page.goto(`${base}/admin/resources/Memorandum`);
    await page
      .locator('a, button')
      .filter({ hasText: /^Фильтр/ })
      .first()
      .click();
    await page.fill('input[name="filter-q"]', 'ЫНТЫМАҚ');
    await page
      .locator('a, button')
      .filter({ hasText: /^Применить$/ })
      .first()
      .click();
    await page.waitForURL(/filters\.q=/);
    const titles = page.getByTestId('record-title');
    await expectTexts(titles, ['Меморандум о сотрудничестве ВКО и Алтайского края']);

    await titles.first().click();
    await page.waitForURL(new RegExp(`/records/${memorandumId}/show`));
    await page.getByTestId('record-sources').getByText(QUOTE, { exact: false }).waitFor();
    // The spheres as one line of their Russian names, in the record's order.
    expect(await page.getByTestId('values-spheres').innerText()).toBe('Торговля, Туризм');
    await screenshot(page, 'admin-memorandum.png', 2400);

    await page
      .locator('a, button')
      .filter({ hasText: /^Сменить статус$/ })
      .first()
      .click();
    await page.getByTestId('change-status-form').waitFor();
    await page.locator('#change-status-to').click();
    const options = await page.locator('[id^="react-select"][id*="-option-"]').allInnerTexts();
    expect(options).toEqual(['Выполняется', 'Приостановлен', 'Расторгнут', 'Истёк']);
    await page.getByText('Выполняется', { exact: true }).click();
    await page.fill('#change-status-comment', 'Первые поставки начались в июне');
    await screenshot(page, 'admin-status-dialog.png');
    await page.getByTestId('change-status-submit').click();
    await page.waitForURL(new RegExp(`/records/${memorandumId}/show`));

    const history = page.getByTestId('record-history');
    await history.getByText('Первые поставки начались в июне').waitFor();
    await history.getByText('Айгерим Editor').first().waitFor();
    expect(await history.innerText()).toContain('Подписан → Выполняется');
    expect((await memorandum(memorandumId)).status).toBe('in_progress');
    const change = await testApp.prisma.statusChange.findFirstOrThrow({ where: { entityId: memorandumId } });
    expect(change).toMatchObject({ fromStatus: 'signed', toStatus: 'in_progress', comment: 'Первые поставки начались в июне', actorName: 'Айгерим Editor' });

    // The cited article opens with its full text and the records quoting it; an editor may correct its details but not
    // archive a source someone else added.
    await page.getByTestId('record-sources').getByRole('link', { name: '001_test.txt' }).click();
    await page.getByTestId('article-text').getByText('Келесі жылы жаңа жобалар басталады', { exact: false }).waitFor();
    await page.getByTestId('article-citations').getByText('Меморандум о сотрудничестве ВКО и Алтайского края').waitFor();
    expect(
      await page
        .locator('a, button')
        .filter({ hasText: /^В архив$/ })
        .count(),
    ).toBe(0);
    await page
      .locator('a, button')
      .filter({ hasText: /^Изменить$/ })
      .first()
      .waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('saves an edit through the memoranda service, and refuses a stale one without overwriting anything', async () => {
    const { context, page } = await loginAs('editor@kelisim.test');
    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandumId}/edit`);
    await page.locator('textarea[name="note"]').fill('Проверено по статье');
    await saveForm(page);
    await page.getByText('Изменения сохранены').waitFor();
    await page.waitForURL(new RegExp(`/records/${memorandumId}/show`));
    const saved = await memorandum(memorandumId);
    expect(saved.note).toBe('Проверено по статье');
    expect(await testApp.prisma.memorandumParty.count({ where: { memorandumId } })).toBe(2);
    const audit = await testApp.prisma.auditEntry.findFirstOrThrow({ where: { entityId: memorandumId, action: 'update' }, orderBy: { createdAt: 'desc' } });
    expect(audit).toMatchObject({ actorName: 'Айгерим Editor', version: saved.version, changes: { note: { from: null, to: 'Проверено по статье' } } });

    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandumId}/edit`);
    const title = page.locator('input[name="titleRu"]');
    await title.waitFor();
    const before = await memorandum(memorandumId);
    // Someone else saves in the meantime.
    await testApp.app.get(MemorandaService).update(memorandumId, before.version, { note: 'Changed elsewhere' }, ADMIN_ACTOR);
    await title.fill('Заголовок из устаревшей формы');
    await saveForm(page);
    await page.getByText(/Ничего не сохранено/).waitFor();
    const after = await memorandum(memorandumId);
    expect(after.titleRu).toBe(before.titleRu);
    expect(after.note).toBe('Changed elsewhere');
    expect(after.version).toBe(before.version + 1);

    // A form that does not say which version it was loaded with is refused too: it could only overwrite blindly.
    for (const action of ['edit', 'changeStatus']) {
      const blind = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${memorandumId}/${action}`, {
        multipart: { titleRu: 'Без версии', to: 'stalled', comment: 'без версии' },
      });
      expect((await blind.json()).record.errors).toMatchObject({ version: { message: 'В форме нет версии записи: откройте запись заново' } });
    }
    expect(await memorandum(memorandumId)).toEqual(after);
    await context.close();
  });

  it('an editor creates a memorandum for their region through the service, but not one of another region', async () => {
    const { context, page } = await loginAs('editor@kelisim.test');
    const regionId = (await testApp.prisma.party.findFirstOrThrow({ where: { nameRu: 'Восточно-Казахстанская область' } })).id;
    const otherId = (await testApp.prisma.party.findFirstOrThrow({ where: { nameRu: 'Мангистауская область' } })).id;
    const created = await page.request.post(`${base}/admin/api/resources/Memorandum/actions/new`, {
      multipart: { titleRu: 'Новый меморандум ВКО', kind: 'memorandum', quantity: '2', 'partyIds.0': regionId },
    });
    expect((await created.json()).notice).toMatchObject({ type: 'success' });
    const record = await testApp.prisma.memorandum.findFirstOrThrow({ where: { titleRu: 'Новый меморандум ВКО' }, include: { parties: true } });
    expect(record).toMatchObject({ quantity: 2, status: 'draft', searchText: expect.stringContaining('новый меморандум') });
    expect(record.parties.map((party) => party.partyId)).toEqual([regionId]);
    expect(await testApp.prisma.auditEntry.count({ where: { entityId: record.id, action: 'create', actorName: 'Айгерим Editor' } })).toBe(1);

    const refused = await page.request.post(`${base}/admin/api/resources/Memorandum/actions/new`, {
      multipart: { titleRu: 'Чужой меморандум', 'partyIds.0': otherId },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).notice).toMatchObject({ type: 'error', message: 'forbiddenRegion' });
    expect(await testApp.prisma.memorandum.count({ where: { titleRu: 'Чужой меморандум' } })).toBe(0);
    // The panel's own client hands the refusal back like any answer, so the form can show why (components/refusals.js).
    const seenByThePanel = await page.evaluate(async (partyId) => {
      const data = new FormData();
      data.set('titleRu', 'Чужой меморандум');
      data.set('partyIds.0', partyId);
      type Answer = { status: number; data: { notice?: unknown } };
      type Client = { resourceAction(options: { resourceId: string; actionName: string; data: FormData }): Promise<Answer> };
      const client = new (window as unknown as { AdminJS: { ApiClient: new () => Client } }).AdminJS.ApiClient();
      const answer = await client.resourceAction({ resourceId: 'Memorandum', actionName: 'new', data });
      return { status: answer.status, notice: answer.data.notice };
    }, otherId);
    expect(seenByThePanel).toEqual({ status: 403, notice: { type: 'error', message: 'forbiddenRegion' } });

    // Another region's memorandum is readable, but offers no change.
    await page.goto(`${base}/admin/resources/Memorandum/records/${otherMemorandumId}/show`);
    await page.getByTestId('record-history').waitFor();
    expect(
      await page
        .locator('a, button')
        .filter({ hasText: /^(Изменить|Сменить статус|В архив)$/ })
        .count(),
    ).toBe(0);

    const response = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${otherMemorandumId}/changeStatus`, {
      multipart: { to: 'signed', comment: 'not mine', version: '1' },
    });
    expect(response.status()).toBe(403);
    const body = await response.json();
    expect(body.notice).toMatchObject({ type: 'error', message: 'forbiddenRegion' });
    expect((await memorandum(otherMemorandumId)).status).toBe('draft');
    await context.close();
  });

  it('a viewer sees the dashboard but has no edit or status action, and direct posts are refused', async () => {
    const { context, page, errors } = await loginAs('viewer@kelisim.test');
    await page.getByTestId('dashboard-by-status').waitFor();
    await page.getByTestId('dashboard-by-region').getByText('Восточно-Казахстанская область').first().waitFor();
    await screenshot(page, 'admin-dashboard.png');
    const elsewhere = await testApp.prisma.party.findFirstOrThrow({ where: { nameRu: 'Мангистауская область' } });
    const filtered = await (await page.request.get(`${base}/admin/api/dashboard?region=${elsewhere.id}&year=`)).json();
    expect(filtered.memoranda.total).toBe(1);
    // Every status is listed, zeros included.
    expect((filtered.memoranda.byStatus as { count: number }[]).filter((row) => row.count > 0)).toEqual([{ status: 'draft', count: 1, quantity: 1 }]);
    const byYear = await (await page.request.get(`${base}/admin/api/dashboard?year=2024`)).json();
    expect(byYear.memoranda.total).toBe(1);
    expect(byYear.years).toEqual([2024]);

    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandumId}/show`);
    await page.getByTestId('record-history').waitFor();
    await page.getByText('Просмотр').first().waitFor();
    expect(
      await page
        .locator('a, button')
        .filter({ hasText: /^(Изменить|Сменить статус|В архив)$/ })
        .count(),
    ).toBe(0);

    const before = await memorandum(memorandumId);
    const transition = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${memorandumId}/changeStatus`, {
      multipart: { to: 'fulfilled', comment: 'viewer attempt', version: String(before.version) },
    });
    expect(transition.status()).toBe(403);
    const edit = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${memorandumId}/edit`, {
      multipart: { titleRu: 'viewer attempt', version: String(before.version) },
    });
    expect(edit.status()).toBe(403);
    const users = await page.request.get(`${base}/admin/api/resources/AdminUser/actions/list`);
    expect(users.status()).toBe(403);
    const after = await memorandum(memorandumId);
    expect(after).toEqual(before);
    expect(errors).toEqual([]);

    const [cookie] = (await context.cookies()).filter((candidate) => candidate.name === 'kelisim.sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin' });
    const sessions = await testApp.prisma.session.count();
    expect(sessions).toBeGreaterThan(0);
    // Logging out is a POST: the menu's GET /admin/logout only asks, so a link on another site logs nobody out.
    await page.goto(`${base}/admin/logout`);
    await page.getByTestId('logout-form').waitFor();
    await page.goto(`${base}/admin/api/dashboard`);
    expect(page.url()).toBe(`${base}/admin/api/dashboard`);
    await page.goto(`${base}/admin/logout`);
    await Promise.all([page.waitForURL(`${base}/admin/login`), page.getByRole('button', { name: 'Выйти' }).click()]);
    await page.goto(`${base}/admin`);
    await page.waitForURL(`${base}/admin/login`);
    await context.close();
  });

  it('lists filter by sphere and party, and archiving hides a record instead of deleting it', async () => {
    const { context, page } = await loginAs('admin@kelisim.test');
    const list = async (query: string) => {
      const response = await page.request.get(`${base}/admin/api/resources/Memorandum/actions/list?${query}`);
      const { records } = (await response.json()) as { records: { id: string }[] };
      return records.map((record) => record.id);
    };
    expect(await list('filters.spheres=tourism')).toEqual([memorandumId]);
    const partner = await testApp.prisma.party.findFirstOrThrow({ where: { nameRu: 'Алтайский край' } });
    expect(await list(`filters.party=${partner.id}`)).toEqual([memorandumId]);
    expect(await list('filters.q=%D0%BC%D0%B0%D0%BD%D0%B3%D0%B8%D1%81%D1%82%D0%B0%D1%83')).toEqual([otherMemorandumId]);

    // Archiving is a page with a button that POSTs (a GET of the action changes nothing), as an admin uses it.
    await page.goto(`${base}/admin/resources/Memorandum/records/${otherMemorandumId}/delete`);
    await page.getByTestId('confirm-action-form').waitFor();
    expect((await memorandum(otherMemorandumId)).archivedAt).toBeNull();
    await page.getByTestId('confirm-action-submit').click();
    await page.waitForURL(`${base}/admin/resources/Memorandum`);
    const row = await memorandum(otherMemorandumId);
    expect(row.archivedAt).not.toBeNull();
    expect(await list('')).not.toContain(otherMemorandumId);
    expect(await list('filters.archived=true')).toContain(otherMemorandumId);
    expect(await testApp.prisma.auditEntry.count({ where: { entityId: otherMemorandumId, action: 'archive', actorName: 'Panel Admin' } })).toBe(1);
    await context.close();
  });

  it('only an admin manages staff accounts; passwords are stored hashed', async () => {
    const editor = await loginAs('editor@kelisim.test');
    const refused = await editor.page.request.post(`${base}/admin/api/resources/AdminUser/actions/new`, {
      multipart: { email: 'intruder@kelisim.test', password: 'intruder-password-1', role: 'admin' },
    });
    expect(refused.status()).toBe(403);
    await editor.context.close();

    const { context, page } = await loginAs('admin@kelisim.test');
    const created = await page.request.post(`${base}/admin/api/resources/AdminUser/actions/new`, {
      multipart: { email: 'New.Editor@kelisim.test', password: 'new-editor-password', role: 'editor', name: 'Новый редактор', locale: 'kk' },
    });
    expect((await created.json()).notice).toMatchObject({ type: 'success' });
    const user = await testApp.prisma.adminUser.findUniqueOrThrow({ where: { email: 'new.editor@kelisim.test' } });
    expect(user).toMatchObject({ role: 'editor', locale: 'kk', name: 'Новый редактор' });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const demoted = await page.request.post(`${base}/admin/api/resources/AdminUser/records/${user.id}/edit`, {
      multipart: { email: user.email, role: 'viewer', name: 'Новый редактор', locale: 'kk' },
    });
    expect((await demoted.json()).notice).toMatchObject({ type: 'success' });
    expect((await testApp.prisma.adminUser.findUniqueOrThrow({ where: { id: user.id } })).role).toBe('viewer');
    expect(await testApp.prisma.adminUser.count({ where: { email: 'intruder@kelisim.test' } })).toBe(0);
    await context.close();
  });

  it('an admin creates an API key and sees its secret once', async () => {
    const { context, page } = await loginAs('admin@kelisim.test');
    await page.goto(`${base}/admin/resources/ApiKey/actions/new`);
    await page.fill('#api-key-name', 'partner-portal');
    await page
      .locator('button')
      .filter({ hasText: /^Создать ключ$/ })
      .click();
    const secret = await page.getByTestId('api-key-secret').innerText();
    const key = await testApp.app.get(ApiKeysService).authenticate(secret.trim());
    expect(key).toMatchObject({ name: 'partner-portal', scopes: ['read'] });
    const stored = await testApp.prisma.apiKey.findUniqueOrThrow({ where: { name: 'partner-portal' } });
    expect(JSON.stringify(stored)).not.toContain(secret.trim());

    // Revoking is a page with a button that POSTs: opening it changes nothing.
    await page.goto(`${base}/admin/resources/ApiKey/records/${stored.id}/revoke`);
    await page.getByTestId('confirm-action-form').waitFor();
    expect((await testApp.prisma.apiKey.findUniqueOrThrow({ where: { id: stored.id } })).revokedAt).toBeNull();
    await page.getByTestId('confirm-action-submit').click();
    await page.waitForURL(`${base}/admin/resources/ApiKey/records/${stored.id}/show`);
    expect((await testApp.prisma.apiKey.findUniqueOrThrow({ where: { id: stored.id } })).revokedAt).not.toBeNull();
    await context.close();
  });

  it('switches the interface to Kazakh, record titles included', async () => {
    const { context, page } = await loginAs('editor@kelisim.test');
    await page.getByText('Реестр').first().waitFor();
    await page
      .locator('a, button')
      .filter({ hasText: /Русский/ })
      .first()
      .click();
    await page.getByText('Қазақша').click();
    await page.getByText('Тізілім').first().waitFor();
    await page.goto(`${base}/admin/resources/Memorandum`);
    await page.getByText('Меморандумдар').first().waitFor();
    await page.getByTestId('record-title').getByText('Ынтымақтастық туралы меморандум').waitFor();
    await page.getByText('Мәртебе').first().waitFor();
    expect((await testApp.prisma.adminUser.findUniqueOrThrow({ where: { email: 'editor@kelisim.test' } })).locale).toBe('kk');
    await screenshot(page, 'admin-list-kk.png');
    await context.close();
  });
});
