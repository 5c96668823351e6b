import { jest } from '@jest/globals';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { SeedService } from '../../apps/api/src/seed/seed.service.js';
import { loginAs, openPanel, screenshot } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SEED_DIR = path.join(process.cwd(), 'prisma', 'seed');
const PASSWORD = 'page-widths-password';
const EMAIL = 'widths.viewer@kelisim.test';
/** Every record list of the panel (memoranda, contracts, visits, follow-ups, parties, people, sources). */
const LISTS = ['Memorandum', 'Contract', 'Visit', 'FollowUp', 'Party', 'Person', 'SourceArticle'] as const;

jest.setTimeout(300_000);

/** How far the page reaches past the viewport's right edge (0 when it does not scroll sideways). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Waits until the page stops reaching sideways (the drawer slides out in a transition); fails with the last reach. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  let overflow = await sidewaysOverflow(page);
  for (let attempt = 0; overflow > 0 && attempt < 50; attempt++) {
    await page.waitForTimeout(100);
    overflow = await sidewaysOverflow(page);
  }
  expect({ where, overflow }).toEqual({ where, overflow: 0 });
}

/** No page of the panel scrolls sideways on a phone or a tablet; every record list's table fits its box on a desktop. */
describe('Admin panel pages at every width', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  const firstIds = {} as Record<(typeof LISTS)[number], string>;

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.get(SeedService).run(SEED_DIR);
    await testApp.app.get(AdminUsersService).create({ email: EMAIL, password: PASSWORD, role: 'viewer', name: 'Viewer widths', locale: 'ru' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  async function openList(page: Page, resource: string): Promise<void> {
    await page.goto(`${base}/admin/resources/${resource}`);
    await page.locator('tbody tr[data-id]').first().waitFor();
  }

  for (const width of [390, 768]) {
    it(`${width} px: no list, record page or the dashboard scrolls sideways, with the filter drawer closed, opened and closed again`, async () => {
      const { context, page, errors } = await loginAs(browser, base, EMAIL, PASSWORD, { viewport: { width, height: 900 }, isMobile: true, hasTouch: true });
      await page.goto(`${base}/admin`);
      await page.locator('main, section').first().waitFor();
      await expectNoSidewaysScroll(page, `dashboard at ${width}`);
      for (const resource of LISTS) {
        await openList(page, resource);
        await expectNoSidewaysScroll(page, `${resource} list at ${width}`);
        const drawer = page.locator('form[data-css$="filter-drawer"]');
        await page.locator(`[data-css="${resource}-filter-button"]`).click();
        // Open: the drawer lies on the screen, within its width.
        await page.waitForFunction(() => {
          const form = document.querySelector('form[data-css$="filter-drawer"]');
          if (!form) return false;
          const box = form.getBoundingClientRect();
          return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth + 0.5;
        });
        await drawer.locator('button').first().click();
        await page.waitForFunction(() => {
          const form = document.querySelector('form[data-css$="filter-drawer"]');
          return !form || form.getBoundingClientRect().left >= window.innerWidth;
        });
        await expectNoSidewaysScroll(page, `${resource} list at ${width}, the drawer opened and closed`);
        if (width === 390) await screenshot(page, `admin-widths-${resource}-${width}.png`);
        firstIds[resource] = (await page.locator('tbody tr[data-id]').first().getAttribute('data-id'))!;
        await page.goto(`${base}/admin/resources/${resource}/records/${firstIds[resource]}/show`);
        await page.locator(`[data-css="${resource}-record-show-route-wrapper"]`).waitFor();
        await expectNoSidewaysScroll(page, `${resource} record page at ${width}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  for (const width of [1400, 1024]) {
    it(`${width} px: every record list's table fits its box, its titles shown`, async () => {
      const { context, page, errors } = await loginAs(browser, base, EMAIL, PASSWORD, { viewport: { width, height: 1000 } });
      const fits: Record<string, { table: number; box: number }> = {};
      for (const resource of LISTS) {
        await openList(page, resource);
        fits[resource] = await page
          .locator('table')
          .first()
          .evaluate((table) => ({ table: table.scrollWidth, box: table.parentElement!.clientWidth }));
        const titles = page.locator('tbody tr[data-id]').locator('td[data-property-name="localizedTitle"], td[data-property-name="title"]');
        expect(await titles.count()).toBeGreaterThan(0);
        for (const title of await titles.all()) expect((await title.boundingBox())!.width).toBeGreaterThan(120);
        await screenshot(page, `admin-widths-${resource}-${width}.png`, 1600);
      }
      const tooWide = Object.entries(fits).filter(([, fit]) => fit.table > fit.box);
      expect(tooWide).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
