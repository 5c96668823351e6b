import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { loginAs, openPanel, screenshot } from '../support/browser.js';
import { createParty } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'refused-pages-password';
const ADMIN: Actor = { type: 'user', id: null, name: 'Администратор', role: 'admin', regionPartyId: null };
const MISSING = '00000000-0000-4000-8000-000000000000';

const REFUSED = {
  ru: { title: 'У вас нет доступа к этой странице', dashboard: 'Перейти к обзору' },
  kk: { title: 'Бұл бетті ашуға рұқсатыңыз жоқ', dashboard: 'Шолуға өту' },
};
const NOT_FOUND = { ru: 'Страница не найдена', kk: 'Бет табылмады' };

jest.setTimeout(180_000);

/*
 * A typed or bookmarked address the user may not open: a 403 and a page that says so in their language, inside the
 * panel (its sidebar stays), with the way back; the same page whether or not the record exists. What does not exist
 * at all is a 404 with a "not found" page. An admin opening the same addresses gets the pages.
 */
describe('Admin panel: pages a user may not open', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let adminId: string;
  let ownMemorandum: string;
  let foreignMemorandum: string;
  let movingMemorandum: string;
  let returningMemorandum: string;
  let elsewhereId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const region = await createParty(testApp, { nameRu: 'Восточно-Казахстанская область', kind: 'region' });
    const elsewhere = await createParty(testApp, { nameRu: 'Мангистауская область', kind: 'region' });
    const users = testApp.app.get(AdminUsersService);
    adminId = (await users.create({ email: 'admin@kelisim.test', password: PASSWORD, role: 'admin', name: 'Администратор', locale: 'ru' })).id;
    await users.create({ email: 'viewer.ru@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Наблюдатель', locale: 'ru' });
    await users.create({ email: 'viewer.kk@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Бақылаушы', locale: 'kk' });
    await users.create({ email: 'editor@kelisim.test', password: PASSWORD, role: 'editor', name: 'Редактор ВКО', regionPartyId: region.id, locale: 'ru' });
    const memoranda = testApp.app.get(MemorandaService);
    const create = (titleRu: string, partyId: string) => memoranda.create({ titleRu, status: 'signed', signedOn: '2026-03-01', parties: [{ partyId }] }, ADMIN);
    ownMemorandum = (await create('Меморандум ВКО', region.id)).id;
    foreignMemorandum = (await create('Меморандум Мангистау', elsewhere.id)).id;
    movingMemorandum = (await create('Меморандум, который передадут Мангистау', region.id)).id;
    returningMemorandum = (await create('Меморандум, к которому вернутся', region.id)).id;
    elsewhereId = elsewhere.id;
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  /** Addresses a viewer may not open, and what an admin sees on each. */
  const forbiddenToViewers = (): { url: string; seenByAdmin: (page: Page) => Promise<void> }[] => [
    { url: '/admin/resources/AdminUser', seenByAdmin: (page) => page.locator('tbody tr', { hasText: 'viewer.kk@kelisim.test' }).waitFor() },
    { url: '/admin/resources/WebhookSubscription', seenByAdmin: (page) => page.getByText('Здесь пока нет записей').first().waitFor() },
    { url: `/admin/resources/AdminUser/records/${adminId}/show`, seenByAdmin: (page) => page.getByText('admin@kelisim.test').first().waitFor() },
    { url: `/admin/resources/Memorandum/records/${ownMemorandum}/edit`, seenByAdmin: (page) => page.locator('input[name="titleRu"]').waitFor() },
    { url: '/admin/resources/Memorandum/actions/new', seenByAdmin: (page) => page.locator('input[name="titleRu"]').waitFor() },
    {
      url: `/admin/resources/Memorandum/bulk/bulkChangeStatus?recordIds=${ownMemorandum}`,
      seenByAdmin: (page) => page.getByTestId('bulk-action-form').waitFor(),
    },
  ];

  /**
   * Chromium logs each refused page's own status as a console error, and only that: the refusal makes no API call.
   * The console errors a session may show are exactly these, one per refused page, in order.
   */
  const statusErrors: string[] = [];
  const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found' };

  async function expectRefused(page: Page, url: string, status: number, title: string): Promise<void> {
    statusErrors.push(`Failed to load resource: the server responded with a status of ${status} (${STATUS_TEXT[status]})`);
    const response = await page.goto(base + url);
    expect({ url, status: response?.status() }).toEqual({ url, status });
    const refused = page.getByTestId('refused-page');
    await refused.getByText(title).waitFor();
    // Inside the panel: its navigation is still there to go on from.
    await page.locator('[data-css="sidebar"]').waitFor({ state: 'attached' });
    // AdminJS's own "no such action" or "no such record" boxes are not shown beside it.
    expect(await page.locator('[data-testid="NoActionError"], [data-testid="NoRecordError"], [data-testid="NoResourceError"]').count()).toBe(0);
  }

  for (const language of ['ru', 'kk'] as const) {
    it(`a viewer (${language}) opening staff, webhook, edit, new and bulk pages by their address gets 403 and the refusal in their language`, async () => {
      statusErrors.length = 0;
      const { context, page, errors } = await loginAs(browser, base, `viewer.${language}@kelisim.test`, PASSWORD);
      for (const { url } of forbiddenToViewers()) await expectRefused(page, url, 403, REFUSED[language].title);
      // A staff account that does not exist is refused alike: the page does not tell which ids are accounts.
      await expectRefused(page, `/admin/resources/AdminUser/records/${MISSING}/show`, 403, REFUSED[language].title);
      await screenshot(page, `admin-refused-${language}.png`);
      // The way on: to the overview.
      await page.getByTestId('refused-dashboard').filter({ hasText: REFUSED[language].dashboard }).click();
      await page.waitForURL(`${base}/admin`);
      await page.getByTestId('dashboard-by-status').waitFor();
      expect(await page.getByTestId('refused-page').count()).toBe(0);
      // What a viewer may read opens as before.
      const list = await page.goto(`${base}/admin/resources/Memorandum`);
      expect(list?.status()).toBe(200);
      await page.getByTestId('record-title').first().waitFor();
      expect(errors).toEqual(statusErrors);
      await context.close();
    });
  }

  it('an admin opens the same addresses; a record or section that does not exist is a 404 with a "not found" page', async () => {
    statusErrors.length = 0;
    const { context, page, errors } = await loginAs(browser, base, 'admin@kelisim.test', PASSWORD);
    for (const { url, seenByAdmin } of forbiddenToViewers()) {
      const response = await page.goto(base + url);
      expect({ url, status: response?.status() }).toEqual({ url, status: 200 });
      await seenByAdmin(page);
      expect(await page.getByTestId('refused-page').count()).toBe(0);
    }
    await expectRefused(page, `/admin/resources/AdminUser/records/${MISSING}/show`, 404, NOT_FOUND.ru);
    await expectRefused(page, `/admin/resources/Memorandum/records/${MISSING}/edit`, 404, NOT_FOUND.ru);
    await expectRefused(page, '/admin/resources/Nope', 404, NOT_FOUND.ru);
    await expectRefused(page, '/admin/resources/Memorandum/actions/nope', 404, NOT_FOUND.ru);
    expect(errors).toEqual(statusErrors);
    await context.close();
  });

  it("an editor may read another region's memorandum but not open its edit page; their own region's opens", async () => {
    statusErrors.length = 0;
    const { context, page, errors } = await loginAs(browser, base, 'editor@kelisim.test', PASSWORD);
    await expectRefused(page, `/admin/resources/Memorandum/records/${foreignMemorandum}/edit`, 403, REFUSED.ru.title);
    await expectRefused(page, `/admin/resources/Memorandum/records/${foreignMemorandum}/changeStatus`, 403, REFUSED.ru.title);
    await expectRefused(page, `/admin/resources/Memorandum/bulk/bulkChangeStatus?recordIds=${foreignMemorandum}`, 403, REFUSED.ru.title);
    // Archiving is an admin's: refused by role, on any record.
    await expectRefused(page, `/admin/resources/Memorandum/records/${ownMemorandum}/delete`, 403, REFUSED.ru.title);
    const show = await page.goto(`${base}/admin/resources/Memorandum/records/${foreignMemorandum}/show`);
    expect(show?.status()).toBe(200);
    await page.getByTestId('record-history').waitFor();
    const edit = await page.goto(`${base}/admin/resources/Memorandum/records/${ownMemorandum}/edit`);
    expect(edit?.status()).toBe(200);
    await page.locator('input[name="titleRu"]').waitFor();
    expect(await page.getByTestId('refused-page').count()).toBe(0);
    expect(errors).toEqual(statusErrors);
    await context.close();
  });

  /** Goes to an address the way the browser's back and forward do: in the panel, without loading a page. */
  const travelTo = (page: Page, url: string) =>
    page.evaluate((address) => {
      window.history.pushState(null, '', address);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, url);

  async function expectRefusedInPanel(page: Page, title: string): Promise<void> {
    await page.getByTestId('refused-page').getByText(title).waitFor();
    expect(await page.locator('[data-testid="NoActionError"], [data-testid="NoRecordError"], [data-testid="NoResourceError"]').count()).toBe(0);
  }

  it('a page reached inside the panel is refused alike: an edit button drawn before the record went to another region', async () => {
    const { context, page, errors } = await loginAs(browser, base, 'editor@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum/records/${movingMemorandum}/show`);
    await page.getByTestId('record-history').waitFor();
    // While the page is open, the memorandum becomes another region's: the edit button is still on the screen.
    await testApp.app.get(MemorandaService).update(movingMemorandum, '*', { parties: [{ partyId: elsewhereId }] }, ADMIN);
    await page.getByTestId('action-edit').first().click();
    await page.waitForURL(new RegExp(`/records/${movingMemorandum}/edit$`));
    await expectRefusedInPanel(page, REFUSED.ru.title);
    // Its form was never shown, so nothing could be typed into it and refused on saving.
    expect(await page.locator('input[name="titleRu"]').count()).toBe(0);
    await page.getByTestId('refused-back').click();
    await page.waitForURL(new RegExp(`/records/${movingMemorandum}/show$`));
    await page.getByTestId('record-history').waitFor();
    expect(await page.getByTestId('refused-page').count()).toBe(0);
    // A page allowed when it was loaded is asked about again when the user comes back to it by history.
    await page.goto(`${base}/admin/resources/Memorandum/records/${returningMemorandum}/edit`);
    await page.locator('input[name="titleRu"]').waitFor();
    await travelTo(page, '/admin/resources/Memorandum');
    await page.getByTestId('record-title').first().waitFor();
    await testApp.app.get(MemorandaService).update(returningMemorandum, '*', { parties: [{ partyId: elsewhereId }] }, ADMIN);
    await page.goBack();
    await page.waitForURL(new RegExp(`/records/${returningMemorandum}/edit$`));
    await expectRefusedInPanel(page, REFUSED.ru.title);
    expect(await page.locator('input[name="titleRu"]').count()).toBe(0);
    // The editor's own records still open for editing the same way.
    await page.goto(`${base}/admin/resources/Memorandum/records/${ownMemorandum}/show`);
    await page.getByTestId('action-edit').first().click();
    await page.locator('input[name="titleRu"]').waitFor();
    expect(await page.getByTestId('refused-page').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a viewer (kk) going back and forward to pages they may not open, or that are gone, gets the refusal; the list opens again', async () => {
    const { context, page, errors } = await loginAs(browser, base, 'viewer.kk@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum`);
    await page.getByTestId('record-title').first().waitFor();
    for (const { url } of forbiddenToViewers()) {
      await travelTo(page, url);
      await expectRefusedInPanel(page, REFUSED.kk.title);
      await page.goBack();
      await page.getByTestId('record-title').first().waitFor();
      expect(await page.getByTestId('refused-page').count()).toBe(0);
    }
    await travelTo(page, `/admin/resources/Memorandum/records/${MISSING}/show`);
    await expectRefusedInPanel(page, NOT_FOUND.kk);
    // Forward from the list to the refused page, and back to it by history: the same refusal, and then the list.
    await page.goBack();
    await page.getByTestId('record-title').first().waitFor();
    await page.goForward();
    await expectRefusedInPanel(page, NOT_FOUND.kk);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the question the panel asks about a page needs a session and a panel address', async () => {
    const server = testApp.app.getHttpServer();
    const anonymous = await request(server).get('/admin/page-access').query({ path: '/admin/resources/AdminUser' });
    expect({ status: anonymous.status, type: anonymous.type }).toEqual({ status: 401, type: 'application/problem+json' });
    const { context, page } = await loginAs(browser, base, 'viewer.ru@kelisim.test', PASSWORD);
    const ask = (path: string) =>
      page.evaluate(async (address) => {
        const response = await fetch(`/admin/page-access?path=${encodeURIComponent(address)}`);
        return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as unknown };
      }, path);
    expect(await ask('/admin/resources/AdminUser')).toMatchObject({ status: 200, body: { refusal: 'forbidden' } });
    expect(await ask(`/admin/resources/Memorandum/records/${MISSING}/show`)).toMatchObject({ status: 200, body: { refusal: 'notFound' } });
    expect(await ask('/admin/resources/Memorandum/records/%E0%A4%A/show')).toMatchObject({ status: 200, body: { refusal: 'notFound' } });
    expect(await ask(`/admin/resources/Memorandum/records/${ownMemorandum}/show`)).toMatchObject({ status: 200, body: { refusal: null } });
    expect(await ask('/admin')).toMatchObject({ status: 200, body: { refusal: null } });
    expect(await ask('/admin/../api/v1/memoranda')).toMatchObject({ status: 400 });
    expect(await ask('//elsewhere.example/admin')).toMatchObject({ status: 400 });
    const outside = await ask('/api/v1/memoranda');
    expect(outside).toMatchObject({ status: 400, body: { errors: [{ field: 'path' }] } });
    expect(outside.type).toContain('application/problem+json');
    expect(await ask(`/admin/${'x'.repeat(8_000)}`)).toMatchObject({ status: 400 });
    await context.close();
    // A region-bound editor's bulk page with ids that are no record's: refused, not a database error.
    const editor = await loginAs(browser, base, 'editor@kelisim.test', PASSWORD);
    const bulk = await editor.page.evaluate(async () => {
      const response = await fetch(`/admin/page-access?path=${encodeURIComponent('/admin/resources/Memorandum/bulk/bulkChangeStatus?recordIds=abc,%27x')}`);
      return { status: response.status, body: (await response.json()) as unknown };
    });
    expect(bulk).toEqual({ status: 200, body: { refusal: 'forbidden' } });
    await editor.context.close();
  });
});
