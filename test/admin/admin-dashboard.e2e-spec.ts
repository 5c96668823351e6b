import { jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Language } from '@prisma/client';
import { PANEL_TEXTS } from '../../apps/api/src/admin/locales/index.js';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { periodEnd, todayUtc } from '../../apps/api/src/domain/dates.js';
import { STATUS_TONES, statusesOf, type RecordStatus } from '../../apps/api/src/domain/lifecycle.js';
import { overdueWhere } from '../../apps/api/src/follow-ups/follow-up.where.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { SeedService } from '../../apps/api/src/seed/seed.service.js';
import { button, expectTexts, loginAs as login, openPanel, screenshot } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SEED_DIR = path.join(process.cwd(), 'prisma', 'seed');
const PASSWORD = 'dashboard-charts-password';
const MEMORANDUM_KEY = 'a003-memo-10-memoranda';

jest.setTimeout(180_000);

/**
 * The manager's dashboard on the seeded register: charts that show every status (zeros included) and open the list
 * they count, filters kept in the URL that narrow every block, overdue follow-ups with their days late, and status
 * changes from → to.
 */
describe('Admin panel dashboard', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let vkoId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.get(SeedService).run(SEED_DIR);
    vkoId = (await testApp.prisma.party.findUniqueOrThrow({ where: { seedKey: 'region-vko' } })).id;
    const users = testApp.app.get(AdminUsersService);
    for (const locale of ['ru', 'kk', 'en'] as const) {
      await users.create({ email: `manager.${locale}@kelisim.test`, password: PASSWORD, role: 'viewer', name: `Manager ${locale}`, locale });
    }
    // One status change, so that the recent changes have one to tell from → to.
    const memorandum = await testApp.prisma.memorandum.findUniqueOrThrow({ where: { seedKey: MEMORANDUM_KEY } });
    await testApp.app
      .get(MemorandaService)
      .transition(memorandum.id, memorandum.version, 'in_progress', 'Рабочая группа приступила', { type: 'system', id: null, name: 'Тест' });
    ({ base, browser } = await openPanel(testApp));
    // The first request builds the panel's component bundle when the components changed: not within a page load's timeout.
    await fetch(`${base}/admin/login`);
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const LANGUAGE_NAMES: Record<Language, string> = { ru: 'Русский', kk: 'Қазақша', en: 'English' };
  /** A manager reading the panel in this language, chosen in the top bar's language menu. */
  async function loginAs(locale: Language) {
    const session = await login(browser, base, `manager.${locale}@kelisim.test`, PASSWORD);
    if (locale !== 'ru') {
      await session.page
        .locator('a, button')
        .filter({ hasText: /Русский|Қазақша|English/ })
        .first()
        .click();
      await session.page.getByText(LANGUAGE_NAMES[locale], { exact: true }).last().click();
      await session.page.getByText(PANEL_TEXTS[locale].components.Dashboard.title).first().waitFor();
      // The language menu opens on hover: away from it, so that it closes (and is not in the screenshots).
      await session.page.mouse.move(700, 900);
    }
    return session;
  }
  /** `#3040D6` as getComputedStyle writes it: `rgb(48, 64, 214)`. */
  const rgbOf = (hex: string) => `rgb(${[1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)).join(', ')})`;
  const statusLabels = (locale: Language) => statusesOf('memorandum').map((status) => PANEL_TEXTS[locale].labels.status[status as 'draft']);
  // SVG text has no innerText, and recharts wraps a long label into one tspan per line.
  const labelsOf = (page: Page, chart: string) =>
    page
      .getByTestId(chart)
      .locator('.recharts-yAxis .recharts-cartesian-axis-tick-value')
      .evaluateAll((nodes) => nodes.map((node) => [...node.querySelectorAll('tspan')].map((line) => line.textContent).join(' ')));
  /** Waits until a chart's axis reads exactly these labels. */
  async function expectLabels(page: Page, chart: string, expected: string[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    let actual: string[] = [];
    while (Date.now() < deadline) {
      actual = await labelsOf(page, chart);
      if (JSON.stringify(actual) === JSON.stringify(expected)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(actual).toEqual(expected);
  }

  for (const locale of ['ru', 'kk'] as const) {
    it(`shows every memorandum status, zeros included, in ${locale}`, async () => {
      const { context, page, errors } = await loginAs(locale);
      const labels = statusLabels(locale);
      await expectLabels(page, 'chart-status', labels);
      const rows = await page.getByTestId('dashboard-by-status').locator('tbody tr').allInnerTexts();
      expect(rows.map((row) => row.split('\t')[0].trim())).toEqual(labels);
      // The seeded register has no stalled memorandum: its row says 0 rather than being left out.
      const stalled = rows.find((row) => row.startsWith(PANEL_TEXTS[locale].labels.status.stalled));
      expect(
        stalled
          ?.split('\t')
          .slice(1)
          .map((cell) => cell.trim()),
      ).toEqual(['0', '0']);
      // Each status coloured by its meaning, as in the lists: the table's badges, and the bars in the badge's colour.
      const statuses = statusesOf('memorandum') as RecordStatus[];
      const badges = page.getByTestId('dashboard-by-status').locator('tbody tr').getByTestId('status-badge');
      expect(await badges.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-tone')))).toEqual(statuses.map((status) => STATUS_TONES[status]));
      const signed = statuses.indexOf('signed');
      const barFill = await page.getByTestId('chart-status').locator('.recharts-bar-rectangle').nth(signed).locator('path').getAttribute('fill');
      const badgeColour = await badges.nth(signed).evaluate((node) => getComputedStyle(node).backgroundColor);
      expect(rgbOf(barFill ?? '')).toBe(badgeColour);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('a status bar opens the memoranda list filtered by that status, with the rows it counts', async () => {
    const { context, page, errors } = await loginAs('ru');
    const signed = await testApp.prisma.memorandum.findMany({ where: { status: 'signed', archivedAt: null }, select: { titleRu: true } });
    expect(signed.length).toBeGreaterThan(0);
    // One bar per status in lifecycle order; a zero has no rectangle to click.
    await page.getByTestId('chart-status').locator('.recharts-bar-rectangle').nth(statusesOf('memorandum').indexOf('signed')).locator('path').click();
    await page.waitForURL(/\/admin\/resources\/Memorandum\?/);
    expect(new URL(page.url()).searchParams.get('filters.status')).toBe('signed');
    await expectTexts(
      page.getByTestId('record-title'),
      signed.map((row) => row.titleRu ?? ''),
      { anyOrder: true },
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the region filter in the URL through a reload, and the region narrows every block', async () => {
    const { context, page, errors } = await loginAs('ru');
    await page.getByTestId('chart-region').locator('.recharts-bar-rectangle path').first().waitFor();
    // With every region, the memorandum of East and North Kazakhstan counts under both.
    expect(await labelsOf(page, 'chart-region')).toEqual(expect.arrayContaining(['Восточно-Казахстанская область', 'Северо-Казахстанская область']));
    await page.getByTestId('dashboard-region').click();
    await page.locator('[id^="react-select"][id*="-option-"]').getByText('Восточно-Казахстанская область', { exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('region') === vkoId);
    for (const round of ['chosen', 'reloaded']) {
      if (round === 'reloaded') await page.reload();
      await expectLabels(page, 'chart-region', ['Восточно-Казахстанская область']);
      await expectTexts(page.getByTestId('dashboard-region').locator('[class*="singleValue"]'), ['Восточно-Казахстанская область']);
      const dashboard = await page.getByTestId('dashboard').innerText();
      expect(dashboard).not.toContain('Северо-Казахстанская область');
      const overdueRegions = await labelsOf(page, 'chart-overdue-region');
      expect(overdueRegions.filter((label) => label !== 'Восточно-Казахстанская область')).toEqual([]);
    }
    await screenshot(page, 'admin-dashboard-region-vko.png', 2600);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists overdue follow-ups with their days late and tells status changes from → to', async () => {
    const { context, page, errors } = await loginAs('ru');
    const today = todayUtc();
    const overdue = await testApp.prisma.followUp.findMany({
      where: { AND: [{ archivedAt: null }, overdueWhere(today)] },
      orderBy: { dueOn: 'asc' },
      take: 10,
      select: { dueOn: true, dueOnPrecision: true },
    });
    expect(overdue.length).toBeGreaterThan(0);
    const late = overdue.map((row) => `на ${Math.round((today.getTime() - periodEnd(row.dueOn!, row.dueOnPrecision).getTime()) / 86_400_000) + 1} дн.`);
    await expectTexts(page.getByTestId('days-late'), late);
    await page.getByTestId('recent-change').getByText('Статус: Подписан → Выполняется').first().waitFor();
    // The totals say what they count.
    expect(await page.getByTestId('dashboard-totals-note').innerText()).toMatch(/^Записей: \d+ меморандумов в реестре\. Документов: \d+/);
    expect(await page.getByTestId('dashboard-region-note').innerText()).toMatch(/считается у каждого из них/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes screenshots of the dashboard in Russian, Kazakh and English', async () => {
    for (const locale of ['ru', 'kk', 'en'] as const) {
      const { context, page, errors } = await loginAs(locale);
      await expectLabels(page, 'chart-status', statusLabels(locale));
      await screenshot(page, `admin-dashboard-${locale}.png`, 2600);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("downloads the filtered contracts list as Excel from the panel, in the reader's language, cell by cell", async () => {
    const { context, page, errors } = await loginAs('kk');
    const contract = await testApp.prisma.contract.findUniqueOrThrow({ where: { seedKey: 'a000-contract-enterprises-60mln' } });
    const listed = await testApp.prisma.contract.count({ where: { status: contract.status, archivedAt: null } });
    await page.goto(`${base}/admin/resources/Contract?filters.status=${contract.status}`);
    await page.getByTestId('record-title').first().waitFor();
    expect(await page.getByTestId('record-title').count()).toBe(listed);
    await button(page, 'Excel').click();
    const link = page.getByTestId('export-xlsx-download');
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0];
    // The header row and one row per record the list shows with its filter.
    expect(sheet.rowCount).toBe(listed + 1);
    const kk = PANEL_TEXTS.kk;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 3)).toEqual([kk.properties.id, kk.properties.status, kk.properties.titleKk]);
    const column = (label: string) => headers.indexOf(label) + 1;
    const row = [...Array(sheet.rowCount).keys()].map((index) => sheet.getRow(index + 1)).find((candidate) => candidate.getCell(1).value === contract.id)!;
    expect(row.getCell(column(kk.properties.status)).value).toBe(kk.labels.status[contract.status as 'signed']);
    const amount = row.getCell(column(kk.properties.amount)).value;
    expect(typeof amount).toBe('number');
    expect(amount).toBe(Number(contract.amount));
    const signedOn = row.getCell(column(kk.properties.signedOn)).value;
    expect(signedOn).toBeInstanceOf(Date);
    expect((signedOn as Date).toISOString()).toBe(contract.signedOn!.toISOString());
    expect(row.getCell(column(kk.properties.updatedAt)).value).toBeInstanceOf(Date);
    expect(errors).toEqual([]);
    await context.close();
  });
});
