import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { sourceSearchText } from '../../apps/api/src/sources/sources.service.js';
import { expectTexts, loginAs, openPanel, screenshot } from '../support/browser.js';
import { createParty } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'list-search-password';
const ADMIN: Actor = { type: 'user', id: null, name: 'Администратор', role: 'admin', regionPartyId: null };

const TOURISM = { titleRu: 'Партнёрство в сфере туризма', titleKk: 'Туризм саласындағы ынтымақтастық туралы меморандум' };
const GRAIN = { titleRu: 'Меморандум о торговле зерном', titleKk: 'Астық саудасы туралы меморандум' };
const COAL = { titleRu: 'Партнёрство по поставкам угля', titleKk: 'Көмір жеткізу жөніндегі әріптестік' };
const SOURCE_TITLE = 'Итоги форума межрегионального сотрудничества';
const LISTS = ['Memorandum', 'Visit', 'Contract', 'FollowUp', 'Party', 'Person', 'SourceArticle'];

jest.setTimeout(180_000);

/*
 * The search box above every list: it runs the list's own search (the filter drawer's, folded: any case, ё as е,
 * Kazakh letters typed as their Russian look-alikes), keeps it in the URL with the other filters, and marks the
 * matches in the titles, on a desktop and in the narrow card layout.
 */
describe('Admin panel: search in the list header', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const region = await createParty(testApp, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', kind: 'region' });
    await createParty(testApp, { nameRu: 'Мангистауская область', nameKk: 'Маңғыстау облысы', kind: 'region' });
    const users = testApp.app.get(AdminUsersService);
    await users.create({ email: 'viewer.ru@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Наблюдатель', locale: 'ru' });
    await users.create({ email: 'viewer.kk@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Бақылаушы', locale: 'kk' });
    const memoranda = testApp.app.get(MemorandaService);
    await memoranda.create({ ...TOURISM, status: 'signed', signedOn: '2026-03-01', parties: [{ partyId: region.id }] }, ADMIN);
    await memoranda.create({ ...GRAIN, status: 'signed', signedOn: '2026-02-01', parties: [{ partyId: region.id }] }, ADMIN);
    await memoranda.create({ ...COAL, status: 'draft', signedOn: '2026-01-01', parties: [{ partyId: region.id }] }, ADMIN);
    for (const title of [SOURCE_TITLE, 'Заметка о погоде']) {
      const text = `${title}. Текст статьи.`;
      const key = `search-${createHash('sha256').update(title).digest('hex').slice(0, 8)}.txt`;
      await testApp.prisma.sourceArticle.create({
        data: { key, language: 'ru', title, text, sha256: createHash('sha256').update(text).digest('hex'), searchText: sourceSearchText(title, key) },
      });
    }
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const titles = (page: Page) => page.getByTestId('record-title');
  const marks = (page: Page) => page.getByTestId('record-title').locator('mark');
  const searchBox = (page: Page) => page.getByTestId('list-search');

  /** Types into the header box as a person does, key by key. */
  async function typeSearch(page: Page, text: string): Promise<void> {
    await searchBox(page).click();
    await searchBox(page).pressSequentially(text);
  }

  it('ru: the box narrows the signed memoranda to the matches, keeps both filters in the URL and marks «Партнёрств» typed without ё', async () => {
    const { context, page, errors } = await loginAs(browser, base, 'viewer.ru@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum?filters.status=signed`);
    await expectTexts(titles(page), [TOURISM.titleRu, GRAIN.titleRu], { anyOrder: true });
    expect(await searchBox(page).getAttribute('placeholder')).toBe('Поиск на любом языке…');
    await typeSearch(page, 'партнерств');
    await page.waitForURL((url) => url.searchParams.get('filters.q') === 'партнерств');
    // The draft «Партнёрство по поставкам угля» matches too, but the status filter stays.
    expect(new URL(page.url()).searchParams.get('filters.status')).toBe('signed');
    await expectTexts(titles(page), [TOURISM.titleRu]);
    await expectTexts(marks(page), ['Партнёрств']);
    await screenshot(page, 'admin-list-search-ru.png');

    // A bookmark of the address opens the same list, the box filled in.
    await page.goto(page.url());
    await expectTexts(titles(page), [TOURISM.titleRu]);
    await expectTexts(marks(page), ['Партнёрств']);
    expect(await searchBox(page).inputValue()).toBe('партнерств');

    // Emptied, the box drops the search from the URL; the list is whole again (within the status filter).
    await searchBox(page).fill('');
    await page.waitForURL((url) => !url.searchParams.has('filters.q'));
    await expectTexts(titles(page), [TOURISM.titleRu, GRAIN.titleRu], { anyOrder: true });
    expect(await marks(page).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('kk: «ынтымактастык» typed on a Russian keyboard finds and marks «ынтымақтастық», at a desktop width and in the cards of a phone', async () => {
    const { context, page, errors } = await loginAs(browser, base, 'viewer.kk@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum`);
    await expectTexts(titles(page), [TOURISM.titleKk, GRAIN.titleKk, COAL.titleKk], { anyOrder: true });
    expect(await searchBox(page).getAttribute('placeholder')).toBe('Кез келген тілде іздеу…');
    await typeSearch(page, 'ынтымактастык');
    await page.waitForURL((url) => url.searchParams.get('filters.q') === 'ынтымактастык');
    await expectTexts(titles(page), [TOURISM.titleKk]);
    await expectTexts(marks(page), ['ынтымақтастық']);

    await page.setViewportSize({ width: 390, height: 900 });
    const mark = marks(page).first();
    await mark.waitFor();
    const box = await mark.boundingBox();
    expect(box && box.width > 0 && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    const search = await searchBox(page).boundingBox();
    expect(search && search.x >= 0 && search.x + search.width <= 390).toBe(true);
    await screenshot(page, 'admin-list-search-kk-390.png');
    await page.setViewportSize({ width: 1400, height: 1000 });

    // The directory: «шыгыс казакстан» marks the Kazakh name, as the reader's language shows it.
    await page.goto(`${base}/admin/resources/Party`);
    await typeSearch(page, 'шыгыс казакстан');
    await page.waitForURL((url) => url.searchParams.get('filters.q') === 'шыгыс казакстан');
    await expectTexts(titles(page), ['Шығыс Қазақстан облысы']);
    await expectTexts(marks(page), ['Шығыс Қазақстан']);

    // Sources are searched by title (the drawer's title filter), marked the same way.
    await page.goto(`${base}/admin/resources/SourceArticle`);
    await typeSearch(page, 'межрегионального');
    await page.waitForURL((url) => url.searchParams.get('filters.title') === 'межрегионального');
    await expectTexts(titles(page), [SOURCE_TITLE]);
    await expectTexts(marks(page), ['межрегионального']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every list of the register, the directory and the sources has the box; the drawer shows what it searched', async () => {
    const { context, page, errors } = await loginAs(browser, base, 'viewer.ru@kelisim.test', PASSWORD);
    for (const list of LISTS) {
      await page.goto(`${base}/admin/resources/${list}`);
      await searchBox(page).waitFor();
    }
    await page.goto(`${base}/admin/resources/Memorandum`);
    await typeSearch(page, 'зерн');
    await page.waitForURL((url) => url.searchParams.get('filters.q') === 'зерн');
    await expectTexts(titles(page), [GRAIN.titleRu]);
    await page
      .locator('a, button')
      .filter({ hasText: /^Фильтр/ })
      .first()
      .click();
    await expect(page.locator('input[name="filter-q"]').inputValue()).resolves.toBe('зерн');
    expect(errors).toEqual([]);
    await context.close();
  });
});
