import { jest } from '@jest/globals';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { overdueWhere } from '../../apps/api/src/follow-ups/follow-up.where.js';
import { SeedService } from '../../apps/api/src/seed/seed.service.js';
import { button, expectTexts, loginAs as login, openPanel, screenshot } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SEED_DIR = path.join(process.cwd(), 'prisma', 'seed');
const PASSWORD = 'seeded-register-password';
const MEMORANDUM_KEY = 'a003-memo-10-memoranda';
const TITLE_RU = '10 меморандумов о сотрудничестве между ВКО и СКО';
const TITLE_KK = 'ШҚО мен СҚО арасындағы ынтымақтастық туралы 10 меморандум';
const ARTICLE = '003_95d8b3d6152c2cac.txt';
const ARTICLE_TITLE = 'ВКО и СКО укрепляют межрегиональное сотрудничество';
const QUOTE = '10 меморандумов о сотрудничестве в промышленности, аграрной сфере, а также по увеличению товарооборота регионов.';
const COMMENT = 'Рабочая группа ВКО и СКО приступила к реализации';

jest.setTimeout(120_000);

/**
 * The acceptance story on the register as it ships: a regional editor who has never seen the panel finds a
 * memorandum from the articles by a Kazakh word, moves its status with a reason, and a manager sees it on the dashboard.
 */
describe('Admin panel on the seeded register', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let memorandumId: string;
  let vkoId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.get(SeedService).run(SEED_DIR);
    memorandumId = (await testApp.prisma.memorandum.findUniqueOrThrow({ where: { seedKey: MEMORANDUM_KEY } })).id;
    vkoId = (await testApp.prisma.party.findUniqueOrThrow({ where: { seedKey: 'region-vko' } })).id;
    const users = testApp.app.get(AdminUsersService);
    await users.create({ email: 'oskemen.editor@kelisim.test', password: PASSWORD, role: 'editor', name: 'Ерлан Шығыс', regionPartyId: vkoId, locale: 'ru' });
    await users.create({ email: 'manager@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Manager', locale: 'ru' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const loginAs = (email: string) => login(browser, base, email, PASSWORD);

  it('an editor of East Kazakhstan finds the seeded memorandum by a Kazakh word and moves it to in progress', async () => {
    const { context, page, errors } = await loginAs('oskemen.editor@kelisim.test');
    // Time flows as usual until the test stops it (below, for the notices).
    await context.clock.install();
    await page.goto(`${base}/admin/resources/Memorandum`);
    await button(page, 'Фильтр').click();
    // The filter's selects speak Russian too, placeholder included.
    await page.getByText('Выберите…').first().waitFor();
    expect(await page.getByText('Select...').count()).toBe(0);
    await page.locator('#filter-status').click();
    await option(page, 'Подписан').click();
    // Words of the Kazakh title only («ШҚО мен СҚО»), typed on a Russian keyboard, which has no Қ.
    await page.fill('input[name="filter-q"]', 'шко мен ско');
    await screenshot(page, 'admin-filter.png');
    await button(page, 'Применить').click();
    await page.waitForURL(/filters\.q=/);
    expect(page.url()).toContain('filters.status=signed');
    const titles = page.getByTestId('record-title');
    await expectTexts(titles, [TITLE_RU]);
    await titles.first().click();
    await page.waitForURL(new RegExp(`/records/${memorandumId}/show`));

    // Where the fact came from: the article and the quoted passage.
    const sources = page.getByTestId('record-sources');
    await sources.getByText(QUOTE, { exact: false }).waitFor();
    await sources.getByText(ARTICLE_TITLE).first().waitFor();
    // Known by its title, outlet and date: the file name is for admins.
    expect(await sources.getByText(ARTICLE, { exact: false }).count()).toBe(0);
    // Signed "in June 2016" as far as the article tells: the month, not an invented first of June.
    expect(await page.getByTestId('date-signedOn').innerText()).toBe('июнь 2016');
    // The loader's seed key is an admin's business: not on an editor's page, nor in the record it is built from.
    const shown = (await (await page.request.get(`${base}/admin/api/resources/Memorandum/records/${memorandumId}/show`)).json()) as {
      record: { params: Record<string, unknown> };
    };
    expect(shown.record.params).toMatchObject({ id: memorandumId });
    expect(shown.record.params).not.toHaveProperty('seedKey');
    // That is its precision: no separate «Точность даты подписания» row.
    expect(await page.getByText('Точность даты подписания').count()).toBe(0);
    // The article names no contracts under these memoranda: a dash, not an empty box.
    expect(await page.getByTestId('empty-contractIds').innerText()).toBe('—');
    await screenshot(page, 'admin-memorandum-seeded.png', 2400);

    await button(page, 'Сменить статус').click();
    await page.getByTestId('change-status-form').waitFor();
    expect(await page.getByTestId('current-status').innerText()).toBe('Подписан');
    await page.locator('#change-status-to').click();
    await page.getByText('Выполняется', { exact: true }).click();
    await page.fill('#change-status-comment', COMMENT);
    await page.getByTestId('change-status-submit').click();
    await page.waitForURL(new RegExp(`/records/${memorandumId}/show`));
    // The change's own notice follows it to the page it leads to…
    await page.getByTestId('notice-wrapper').waitFor();

    const history = page.getByTestId('record-history');
    await history.getByText(COMMENT).waitFor();
    await history.getByText('Ерлан Шығыс').first().waitFor();
    expect(await history.innerText()).toContain('Подписан → Выполняется');
    const stored = await testApp.prisma.memorandum.findUniqueOrThrow({ where: { id: memorandumId } });
    expect(stored).toMatchObject({ status: 'in_progress', version: 2, quantity: 10 });
    expect(await testApp.prisma.statusChange.findFirstOrThrow({ where: { entityId: memorandumId } })).toMatchObject({
      fromStatus: 'signed',
      toStatus: 'in_progress',
      comment: COMMENT,
      actorName: 'Ерлан Шығыс',
    });
    // …but not to the next one: with the page's clock stopped a second on (AdminJS's own timer lets a notice live
    // three), going to the list leaves it behind.
    await page.clock.pauseAt(Date.now() + 1000);
    await page
      .locator('a')
      .filter({ hasText: /^Меморандумы$/ })
      .first()
      .click();
    await page.waitForURL(/\/resources\/Memorandum$/);
    await page.getByTestId('record-title').first().waitFor();
    expect(await page.getByTestId('notice-wrapper').count()).toBe(0);
    await page.clock.resume();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a manager filters the list by a region: its options are searched when the menu opens, and a bookmarked filter shows the region’s name', async () => {
    const { context, page, errors } = await loginAs('manager@kelisim.test');
    const searches: string[] = [];
    page.on('request', (request) => request.url().includes('/search') && searches.push(request.url()));
    await page.goto(`${base}/admin/resources/Memorandum`);
    await page.getByTestId('record-title').first().waitFor();
    // The drawer's reference filters are rendered with every list, hidden: they must not search until used.
    expect(searches).toEqual([]);
    await button(page, 'Фильтр').click();
    await page.locator('#filter-region').click();
    await page.locator('[id^="react-select"][id*="-option-"]').first().waitFor();
    expect(searches.length).toBeGreaterThan(0);
    await page.locator('#filter-region').fill('Восточно');
    await page.locator('[id^="react-select"][id*="-option-"]').filter({ hasText: 'Восточно-Казахстанская' }).first().click();
    await button(page, 'Применить').click();
    await page.waitForURL(new RegExp(`filters\\.region=${vkoId}`));
    await page.getByTestId('record-title').filter({ hasText: TITLE_RU }).first().waitFor();

    await page.reload();
    await page.getByTestId('record-title').first().waitFor();
    // The button counts the filters in force.
    await button(page, 'Фильтр (1)').click();
    const regionFilter = page.locator('div', { has: page.locator('label[for="filter-region"]') }).last();
    await regionFilter.getByText('Восточно-Казахстанская', { exact: false }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a manager sees the change on the dashboard, filtered by region and year, in Russian, Kazakh and English', async () => {
    const { context, page, errors } = await loginAs('manager@kelisim.test');
    const byStatus = page.getByTestId('dashboard-by-status');
    // The ten documents the record stands for are counted as ten.
    await byStatus.getByRole('row').filter({ hasText: 'Выполняется' }).filter({ hasText: '10' }).waitFor();
    const recent = page.getByTestId('dashboard-recent');
    const latest = recent.getByRole('row').nth(1);
    await latest.getByText(TITLE_RU).waitFor();
    expect(await latest.innerText()).toContain('Ерлан Шығыс');

    const narrowed = await (await page.request.get(`${base}/admin/api/dashboard?region=${vkoId}&year=2016`)).json();
    // Every status is listed, zeros included.
    expect((narrowed.memoranda.byStatus as { count: number }[]).filter((row) => row.count > 0)).toEqual([{ status: 'in_progress', count: 1, quantity: 10 }]);
    expect(narrowed.recent[0]).toMatchObject({ recordId: memorandumId, action: 'transition', actorName: 'Ерлан Шығыс' });
    // West Kazakhstan has no part in it: neither its memoranda nor its recent changes show it.
    const bko = await testApp.prisma.party.findUniqueOrThrow({ where: { seedKey: 'region-bko' } });
    const elsewhere = (await (await page.request.get(`${base}/admin/api/dashboard?region=${bko.id}`)).json()) as {
      memoranda: { byStatus: { count: number }[] };
      recent: { recordId: string }[];
    };
    expect(elsewhere.memoranda.byStatus.filter((row: { count: number }) => row.count > 0)).toEqual([{ status: 'signed', count: 1, quantity: 1 }]);
    expect(elsewhere.recent.length).toBeGreaterThan(0);
    expect(elsewhere.recent.map((entry) => entry.recordId)).not.toContain(memorandumId);
    await page.getByTestId('dashboard-region').click();
    await option(page, 'Восточно-Казахстанская область').click();
    await page.getByTestId('dashboard-year').click();
    await option(page, '2016').click();
    await expectTexts(byStatus.locator('tbody tr'), [
      'Проект\t0\t0',
      'Подписан\t0\t0',
      'Выполняется\t1\t10',
      'Приостановлен\t0\t0',
      'Выполнен\t0\t0',
      'Расторгнут\t0\t0',
      'Истёк\t0\t0',
    ]);
    await screenshot(page, 'admin-dashboard-seeded.png', 1600);

    // From the dashboard to the overdue follow-ups, through the yes/no filter.
    await page.goto(`${base}/admin/resources/FollowUp`);
    // Headed by what it lists, not by "List".
    await page.getByRole('heading', { name: 'Поручения' }).waitFor();
    await button(page, 'Фильтр').click();
    await page.locator('#filter-overdue').click();
    await option(page, 'Да').click();
    await button(page, 'Применить').click();
    await page.waitForURL(/filters\.overdue=true/);
    const overdue = await testApp.prisma.followUp.findMany({ where: { AND: [{ archivedAt: null }, overdueWhere()] }, select: { titleRu: true } });
    expect(overdue.length).toBeGreaterThan(0);
    await expectTexts(
      page.getByTestId('record-title'),
      overdue.map((row) => row.titleRu ?? ''),
      { anyOrder: true },
    );
    // An amount as the article gives it, grouped by thousands with its currency's sign.
    const contract = await testApp.prisma.contract.findUniqueOrThrow({ where: { seedKey: 'a000-contract-enterprises-60mln' } });
    await page.goto(`${base}/admin/resources/Contract/records/${contract.id}/show`);
    expect(await page.getByTestId('amount-amount').innerText()).toMatch(/^60\s000\s000\s₸$/);
    await page.goto(`${base}/admin`);

    for (const [language, menu, recentTitle, statusLabel] of [
      ['Қазақша', 'Тізілім', TITLE_KK, 'Орындалуда'],
      ['English', 'Register', 'Ten cooperation memoranda between East and North Kazakhstan regions', 'In progress'],
    ]) {
      await page
        .locator('a, button')
        .filter({ hasText: /Русский|Қазақша|English/ })
        .first()
        .click();
      await page.getByText(language, { exact: true }).last().click();
      await page.getByText(menu).first().waitFor();
      await page.getByTestId('dashboard-recent').getByText(recentTitle).first().waitFor();
      await page.getByTestId('dashboard-by-status').getByText(statusLabel).first().waitFor();
    }

    expect(errors).toEqual([]);
    await context.close();
  });
});

/** An option of the open react-select menu. */
function option(page: Page, text: string) {
  return page.locator('[id^="react-select"][id*="-option-"]').getByText(text, { exact: true });
}
