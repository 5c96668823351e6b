import { jest } from '@jest/globals';
import type { Language } from '@prisma/client';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { LANGUAGE_COOKIE } from '../../apps/api/src/admin/locales/index.js';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { STATUS_TONES, type RecordStatus } from '../../apps/api/src/domain/lifecycle.js';
import { SeedService } from '../../apps/api/src/seed/seed.service.js';
import { loginAs, openPanel, screenshot } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SEED_DIR = path.join(process.cwd(), 'prisma', 'seed');
const PASSWORD = 'list-widths-password';
const LISTS = ['Visit', 'Memorandum', 'FollowUp'] as const;
type ListResource = (typeof LISTS)[number];
type Titled = { id: string; titleKk: string | null; titleRu: string | null; titleEn: string | null; status: string };

jest.setTimeout(180_000);

/** The title a list shows in a language: that language's, else the others' (components/titles.js). */
function titleIn(record: Titled, language: Language): string {
  const order = { ru: ['titleRu', 'titleKk', 'titleEn'], kk: ['titleKk', 'titleRu', 'titleEn'], en: ['titleEn', 'titleRu', 'titleKk'] }[language];
  return order.map((key) => record[key as keyof Titled]).find((value) => value?.trim()) ?? record.id;
}

async function expectOnScreen(locator: Locator, width: number): Promise<void> {
  await locator.waitFor();
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.width).toBeGreaterThan(0);
  expect(box!.height).toBeGreaterThan(0);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

/** Lists on phones and tablets, and the status badges' colours. */
describe('Admin panel lists at every width', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  const records = {} as Record<ListResource, Titled[]>;

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.get(SeedService).run(SEED_DIR);
    const users = testApp.app.get(AdminUsersService);
    for (const locale of ['ru', 'kk'] as const) {
      await users.create({ email: `${locale}.viewer@kelisim.test`, password: PASSWORD, role: 'viewer', name: `Viewer ${locale}`, locale });
    }
    const select = { id: true, titleKk: true, titleRu: true, titleEn: true, status: true };
    // Memoranda in every tone, so the badges' colours can be told apart.
    const memoranda = await testApp.prisma.memorandum.findMany({ select, orderBy: { id: 'asc' } });
    const statuses: RecordStatus[] = ['draft', 'signed', 'fulfilled', 'stalled', 'terminated'];
    for (const [index, status] of statuses.entries()) {
      await testApp.prisma.memorandum.update({ where: { id: memoranda[index].id }, data: { status } as never });
    }
    records.Visit = await testApp.prisma.visit.findMany({ select, where: { archivedAt: null } });
    records.Memorandum = await testApp.prisma.memorandum.findMany({ select, where: { archivedAt: null } });
    records.FollowUp = await testApp.prisma.followUp.findMany({ select, where: { archivedAt: null } });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  async function openList(page: Page, resource: ListResource): Promise<string[]> {
    await page.goto(`${base}/admin/resources/${resource}`);
    await page.getByTestId('record-title').first().waitFor();
    return page.locator('tbody tr[data-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')!));
  }

  for (const language of ['ru', 'kk'] as const) {
    for (const width of [390, 768]) {
      it(`${language}, ${width} px: every row of visits, memoranda and follow-ups is a card with its title, status and date; tapping one opens it`, async () => {
        const { context, page, errors } = await loginAs(browser, base, `${language}.viewer@kelisim.test`, PASSWORD);
        // The language as the panel's language switch keeps it.
        await context.addCookies([{ name: LANGUAGE_COOKIE, value: language, domain: new URL(base).hostname, path: '/admin' }]);
        await page.setViewportSize({ width, height: 900 });
        for (const resource of LISTS) {
          const ids = await openList(page, resource);
          expect(ids.length).toBeGreaterThan(0);
          for (const id of ids) {
            const row = page.locator(`tbody tr[data-id="${id}"]`);
            const record = records[resource].find((candidate) => candidate.id === id)!;
            const title = row.getByTestId('record-title');
            await expectOnScreen(title, width);
            expect((await title.innerText()).trim()).toBe(titleIn(record, language));
            const card = row.getByTestId('record-card-details');
            await expectOnScreen(card.getByTestId('status-badge'), width);
            await expectOnScreen(card.locator('[data-testid^="date-"]'), width);
          }
          if (resource !== 'Visit') await screenshot(page, `admin-list-${resource}-${language}-${width}.png`, 1600);
          // Tapping the card, not its title link, opens the record.
          await page.locator(`tbody tr[data-id="${ids[0]}"]`).getByTestId('record-card-details').getByTestId('status-badge').click();
          await page.waitForURL(new RegExp(`/resources/${resource}/records/${ids[0]}/show`));
        }
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }

  it('on a desktop, status badges are coloured by their tone, alike in the list and on the record page; long titles wrap to at most three lines', async () => {
    const { context, page, errors } = await loginAs(browser, base, 'ru.viewer@kelisim.test', PASSWORD);
    const ids = await openList(page, 'Memorandum');
    const colourOf = (badge: Locator) => badge.evaluate((element) => getComputedStyle(element).backgroundColor);
    const colours = new Map<string, string>();
    for (const id of ids) {
      const row = page.locator(`tbody tr[data-id="${id}"]`);
      const record = records.Memorandum.find((candidate) => candidate.id === id)!;
      const badge = row.locator('td[data-property-name="status"]').getByTestId('status-badge');
      const tone = STATUS_TONES[record.status as RecordStatus];
      expect(await badge.getAttribute('data-tone')).toBe(tone);
      const colour = await colourOf(badge);
      expect(colours.get(tone) ?? colour).toBe(colour);
      colours.set(tone, colour);
      // The card's details are for narrow screens: here the status and date have their columns.
      expect(await row.getByTestId('record-card-details').isVisible()).toBe(false);
      const title = row.getByTestId('record-title');
      expect(await title.getAttribute('title')).toBe(titleIn(record, 'ru'));
      expect(await title.evaluate((element) => getComputedStyle(element).webkitLineClamp)).toBe('3');
      expect(await title.evaluate((element) => getComputedStyle(element).textOverflow)).toBe('ellipsis');
    }
    // The visit column's links: left-aligned, two lines at most, the full title on hover.
    const visits = page.locator('td[data-property-name="visit"]').getByTestId('reference-link');
    expect(await visits.count()).toBeGreaterThan(0);
    for (const link of await visits.all()) {
      const style = await link.evaluate((element) => ({ align: getComputedStyle(element).textAlign, lines: getComputedStyle(element).webkitLineClamp }));
      expect(style).toEqual({ align: 'left', lines: '2' });
      expect(await link.getAttribute('title')).toBe((await link.innerText()).trim());
    }
    expect([...colours.keys()].sort()).toEqual(['danger', 'info', 'neutral', 'success', 'warning']);
    expect(new Set(colours.values()).size).toBe(5);
    await screenshot(page, 'admin-list-Memorandum-ru-1400.png', 1600);
    const fit = await page
      .locator('table')
      .first()
      .evaluate((table) => ({ table: table.scrollWidth, box: table.parentElement!.clientWidth }));
    process.stdout.write(`memoranda table at 1400 px: ${JSON.stringify(fit)}\n`);

    const terminated = records.Memorandum.find((record) => record.status === 'terminated')!;
    await page.goto(`${base}/admin/resources/Memorandum/records/${terminated.id}/show`);
    const badge = page.getByTestId('status-badge');
    await badge.waitFor();
    expect(await badge.getAttribute('data-tone')).toBe('danger');
    expect(await colourOf(badge)).toBe(colours.get('danger'));
    expect(errors).toEqual([]);
    await context.close();
  });
});
