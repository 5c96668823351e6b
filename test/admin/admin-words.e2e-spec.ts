/// <reference lib="dom" />
// Every word a reader sees is in their language: a walk over the panel's pages as an admin and as a regional editor,
// in Kazakh, English and Russian, collecting the visible text (and the placeholders, titles and screen-reader labels)
// and refusing raw keys, AdminJS's English defaults and, in Kazakh, Russian words left over.
import { jest } from '@jest/globals';
import { ApiScope, AuditAction, ContractStatus, FollowUpStatus, MemorandumStatus, Sphere, VisitStatus, type Language } from '@prisma/client';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { PANEL_TEXTS } from '../../apps/api/src/admin/locales/index.js';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { SeedService } from '../../apps/api/src/seed/seed.service.js';
import { loginAs, openPanel, screenshot } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SEED_DIR = path.join(process.cwd(), 'prisma', 'seed');
const PASSWORD = 'every-word-password';
const MEMORANDUM_KEY = 'a003-memo-10-memoranda';

jest.setTimeout(240_000);

/** A word on its own: not inside a longer word (JavaScript's \b knows no Cyrillic). */
const word = (text: string) => new RegExp(`(?<![\\p{L}\\p{N}_])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u');

/** A whole cell, as a label or a name is shown. */
const exactly = (text: string) => ({ text, pattern: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

const enumValues = (...enums: Record<string, string>[]) => [...new Set(enums.flatMap((values) => Object.values(values)))];
const startCase = (value: string) =>
  value
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
/** Keys that are no word of any language (snake_case, camelCase): wrong on every page. */
const technical = (value: string) => /_|[a-z][A-Z]/.test(value);
const RAW_VALUES = enumValues(Sphere, MemorandumStatus, ContractStatus, VisitStatus, FollowUpStatus, AuditAction, ApiScope);
const MODEL_NAMES = ['SourceArticle', 'FollowUp', 'WebhookDelivery', 'WebhookSubscription', 'StatusChange', 'AdminUser', 'ApiKey'];
const ACTION_NAMES = ['changeStatus', 'bulkDelete', 'bulkChangeStatus', 'bulkArchive', 'exportXlsx', 'quickAdd', 'resetFilter', 'applyChanges'];
/** AdminJS's and its design system's English words, wrong in a Kazakh or Russian panel. */
const ENGLISH_DEFAULTS = [
  'Navigation',
  'Dashboard',
  'Confirm',
  'Filter',
  'Filters',
  'Actions',
  'Save',
  'Cancel',
  'Show',
  'Edit',
  'Delete',
  'Create new',
  'Reset',
  'Apply changes',
  'No records',
  'Logout',
  'Log out',
  'must be at most',
  'is required',
  'Yes',
  'No',
  'Select...',
  'Loading',
  'Close',
  'Search',
  'Previous',
  'Next',
  'Sort',
  'Toggle',
  'Open',
  'List',
];
/** Russian words a Kazakh page must not show (the panel's Russian texts, where Kazakh has its own words). */
const RUSSIAN_IN_KAZAKH = [
  'Название',
  'Сохранить',
  'Фильтр',
  'Отмена',
  'Удалить',
  'Создать',
  'Изменить',
  'Показать',
  'Выберите',
  'Применить',
  'Сбросить',
  'Статус',
  'Дата',
  'Действия',
  'Поиск',
  'Имя',
  'Да',
  'Нет',
  'Ключ',
  'обязательно',
];

function denied(language: Language): { pattern: RegExp; text: string }[] {
  const raw = [...RAW_VALUES.filter((value) => language !== 'en' || technical(value)), ...MODEL_NAMES, ...ACTION_NAMES];
  // AdminJS shows a value it has no label for in Start Case ("In Progress"), which reads as English.
  const english = language === 'en' ? [] : [...ENGLISH_DEFAULTS, ...RAW_VALUES.map(startCase)];
  const russian = language === 'kk' ? RUSSIAN_IN_KAZAKH : [];
  // The seed loader's name, where the actor of a change is shown (a cell of its own); "sunflower-seed" is a word.
  // A text whose {{placeholders}} nobody filled.
  const unfilled = { text: '{{…}}', pattern: /\{\{|\}\}/ };
  return [...[...new Set([...raw, ...english, ...russian])].map((text) => ({ text, pattern: word(text) })), exactly('seed'), unfilled];
}

/**
 * What a reader sees and hears, cell by cell: the page's text, and the placeholders, tooltips and labels read out by
 * screen readers. Texts written in another language on purpose are left out: a field of that language (titleEn, a
 * summaryKk) and what is marked with its `lang` (a note kept in one language); their labels stay in.
 */
async function visibleWords(page: Page, language: Language): Promise<string[]> {
  return page.evaluate((reader) => {
    const cells = (text: string) =>
      text
        .split(/[\n\t]/)
        .map((cell) => cell.trim())
        .filter(Boolean);
    const foreign = [
      ...document.querySelectorAll(`[lang]:not([lang="${reader}"]):not(html)`),
      ...[...document.querySelectorAll('[data-testid^="property-show-"], [data-testid^="property-edit-"], [data-testid^="property-list-"]')].filter(
        (element) => {
          const suffix = /(Kk|Ru|En)$/.exec(element.getAttribute('data-testid') ?? '')?.[1];
          return suffix !== undefined && suffix.toLowerCase() !== reader;
        },
      ),
    ] as HTMLElement[];
    const labels = new Set(foreign.flatMap((element) => [...element.querySelectorAll('label')].flatMap((label) => cells(label.innerText))));
    const skipped = new Set(foreign.flatMap((element) => cells(element.innerText)).filter((cell) => !labels.has(cell)));
    const attributes = [...document.querySelectorAll('[placeholder], [title], [aria-label], img[alt]')].flatMap((element) =>
      ['placeholder', 'title', 'aria-label', 'alt'].map((name) => element.getAttribute(name) ?? '').filter(Boolean),
    );
    return [...cells(document.body.innerText).filter((cell) => !skipped.has(cell)), ...attributes];
  }, language);
}

/** Requests in flight per page: the panel has rendered a page when none is and its loader is gone. */
function trackRequests(page: Page): () => string[] {
  const pending = new Set<Request>();
  page.on('request', (request) => pending.add(request));
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('requestfailed', (request) => pending.delete(request));
  return () => [...pending].map((request) => request.url());
}

async function settle(page: Page, pending: () => string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  let quiet = 0;
  // Three quiet checks in a row: a page that loads its data after rendering starts that request within a frame.
  while (quiet < 3) {
    const loading = await page.locator('[data-testid="Loader"], .adminjs_Loader').count();
    if (Date.now() > deadline) throw new Error(`The page did not settle: ${page.url()}, loaders ${loading}, requests ${pending().join(' ')}`);
    quiet = pending().length === 0 && loading === 0 ? quiet + 1 : 0;
    await page.waitForTimeout(60);
  }
}

describe('Admin panel: every visible word in the reader’s language', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  const ids: Record<string, string> = {};
  const found: string[] = [];

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.get(SeedService).run(SEED_DIR);
    const vko = await testApp.prisma.party.findUniqueOrThrow({ where: { seedKey: 'region-vko' } });
    const users = testApp.app.get(AdminUsersService);
    for (const locale of ['kk', 'en', 'ru'] as const) {
      await users.create({ email: `admin.${locale}@kelisim.test`, password: PASSWORD, role: 'admin', name: `Admin ${locale}`, locale });
      await users.create({
        email: `editor.${locale}@kelisim.test`,
        password: PASSWORD,
        role: 'editor',
        name: `Editor ${locale}`,
        regionPartyId: vko.id,
        locale,
      });
    }
    const memorandum = await testApp.prisma.memorandum.findUniqueOrThrow({ where: { seedKey: MEMORANDUM_KEY } });
    ids.Memorandum = memorandum.id;
    // Records of the region's editor, so that the editor sees them with the same pages as the admin.
    ids.Visit = (await testApp.prisma.visit.findFirstOrThrow({ where: { archivedAt: null }, orderBy: { seedKey: 'asc' } })).id;
    ids.Contract = (await testApp.prisma.contract.findFirstOrThrow({ where: { archivedAt: null }, orderBy: { seedKey: 'asc' } })).id;
    ids.FollowUp = (await testApp.prisma.followUp.findFirstOrThrow({ where: { archivedAt: null }, orderBy: { seedKey: 'asc' } })).id;
    ids.Party = vko.id;
    ids.Person = (await testApp.prisma.person.findFirstOrThrow({ orderBy: { seedKey: 'asc' } })).id;
    ids.SourceArticle = (await testApp.prisma.sourceArticle.findFirstOrThrow({ orderBy: { key: 'asc' } })).id;
    ({ base, browser } = await openPanel(testApp));
    // The first request builds the panel's component bundle when the components changed: not within a page load's timeout.
    await fetch(`${base}/admin/login`);
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    if (found.length) process.stdout.write(`Words not in the reader's language:\n${found.join('\n')}\n`);
  });

  const RECORD_PAGES = ['Memorandum', 'Visit', 'Contract', 'FollowUp', 'Party', 'Person'];
  const LISTS = [...RECORD_PAGES, 'SourceArticle', 'Citation', 'StatusChange'];
  const ADMIN_LISTS = ['AdminUser', 'ApiKey', 'WebhookSubscription', 'WebhookDelivery'];
  /**
   * Who reads which pages in which language: admins every page in Kazakh and English; editors, who share the admins'
   * pages but not their technical section, the register's pages in Kazakh and its record pages in English; Russian,
   * the language the other specs read, a skim.
   */
  const WALKS = [
    { role: 'admin', language: 'kk', lists: [...LISTS, ...ADMIN_LISTS], records: RECORD_PAGES, forms: true },
    { role: 'admin', language: 'en', lists: [...LISTS, ...ADMIN_LISTS], records: RECORD_PAGES, forms: true },
    { role: 'editor', language: 'kk', lists: LISTS, records: ['Memorandum', 'Visit', 'Person'], forms: true },
    { role: 'editor', language: 'en', lists: ['Memorandum'], records: ['Memorandum', 'Person'], forms: false },
    { role: 'admin', language: 'ru', lists: ['Memorandum', 'Person'], records: ['Memorandum'], forms: false },
    { role: 'editor', language: 'ru', lists: ['Memorandum', 'Person'], records: ['Memorandum'], forms: false },
  ] as const;

  for (const { role, language, lists, records, forms } of WALKS) {
    it(`${role}, ${language}: no raw keys${language === 'en' ? '' : ', English defaults'}${language === 'kk' ? ' or Russian leftovers' : ''}`, async () => {
      const { context, page } = await loginAs(browser, base, `${role}.${language}@kelisim.test`, PASSWORD);
      const pending = trackRequests(page);
      const deny = denied(language);
      const texts = PANEL_TEXTS[language];
      const offenders: string[] = [];
      const check = async (where: string, extra: { text: string; pattern: RegExp }[] = []) => {
        await settle(page, pending);
        const bad = new Set<string>();
        for (const cell of await visibleWords(page, language)) {
          for (const { text, pattern } of [...deny, ...extra]) if (pattern.test(cell)) bad.add(`${text} («${cell.slice(0, 80)}»)`);
        }
        if (bad.size) offenders.push(`${role} ${language} ${where}: ${[...bad].join('; ')}`);
      };
      // Within the panel's own router, as its links go: reloading its megabytes of scripts on every page would
      // make the walk minutes long.
      const visit = async (where: string, url: string, extra: { text: string; pattern: RegExp }[] = []) => {
        await page.evaluate((target) => {
          window.history.pushState({}, '', target);
          window.dispatchEvent(new PopStateEvent('popstate'));
        }, `/admin${url}`);
        await page.waitForURL((current) => current.pathname === `/admin${url}`);
        await check(where, extra);
      };
      // A person's name is a name, not a title («Атауы», «Название», "Title" are the parties' labels).
      const title = texts.properties.localizedTitle;
      const notTitle = [{ text: title, pattern: new RegExp(`^${title}( \\(|$)`) }];
      // Technical fields are for admins only.
      const staffOnly = role === 'editor' ? [texts.properties.seedKey, texts.properties.sha256, texts.properties.key, texts.properties.id].map(exactly) : [];

      await page.goto(`${base}/admin`);
      await page.getByText(texts.components.Dashboard.title).first().waitFor();
      await visit('dashboard', '');
      await screenshot(page, `words-dashboard-${role}-${language}.png`, 1600);
      for (const resource of lists) await visit(`list ${resource}`, `/resources/${resource}`, resource === 'Person' ? notTitle : []);
      for (const resource of records) {
        const own = resource === 'Person' ? [...notTitle, ...staffOnly] : staffOnly;
        await visit(`show ${resource}`, `/resources/${resource}/records/${ids[resource]}/show`, own);
        await visit(`edit ${resource}`, `/resources/${resource}/records/${ids[resource]}/edit`, own);
      }
      if (forms) {
        await visit('show SourceArticle', `/resources/SourceArticle/records/${ids.SourceArticle}/show`, staffOnly);
        await visit('new Memorandum', '/resources/Memorandum/actions/new');
        await visit('new Person', '/resources/Person/actions/new', notTitle);
        await visit('archive Memorandum', `/resources/Memorandum/records/${ids.Memorandum}/delete`);
      }
      await visit('show Memorandum', `/resources/Memorandum/records/${ids.Memorandum}/show`);
      await screenshot(page, `words-record-${role}-${language}.png`, 2400);

      // The status change, refused: a comment longer than the 2000 characters allowed.
      await visit('change status', `/resources/Memorandum/records/${ids.Memorandum}/changeStatus`);
      await page.locator('#change-status-to').click();
      await page.locator('[id^="react-select"][id*="-option-"]').first().click();
      await page.fill('#change-status-comment', 'ұзын '.repeat(420));
      await Promise.all([
        page.waitForResponse((response) => response.url().includes('/changeStatus') && response.request().method() === 'POST'),
        page.getByTestId('change-status-submit').click(),
      ]);
      await check('change status refused');
      await screenshot(page, `words-status-${role}-${language}.png`, 1200);

      // A list at phone width, with its filter drawer open.
      await page.setViewportSize({ width: 390, height: 900 });
      await visit('list Memorandum 390 px', '/resources/Memorandum');
      await screenshot(page, `words-list-${role}-${language}-390.png`, 1600);
      await page.setViewportSize({ width: 1400, height: 1000 });
      await visit('list Memorandum', '/resources/Memorandum');
      await page
        .locator('a, button')
        .filter({ hasText: new RegExp(`^${texts.buttons.filter}$`) })
        .first()
        .click();
      await page.getByText(texts.labels.filters, { exact: true }).first().waitFor();
      await check('filter drawer');

      found.push(...offenders);
      await context.close();
      expect(offenders).toEqual([]);
    });
  }

  // Admins find what is technical in a section of its own, named in their language.
  it.each(['kk', 'en', 'ru'] as const)('admin, %s: the seed key and id in the technical section', async (language) => {
    const { context, page } = await loginAs(browser, base, `admin.${language}@kelisim.test`, PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum/records/${ids.Memorandum}/show`);
    const section = page.getByTestId('technical-section');
    await section.getByText(PANEL_TEXTS[language].components.Technical.title).first().waitFor();
    await section.getByText(MEMORANDUM_KEY).waitFor();
    await section.getByText(ids.Memorandum).waitFor();
    await screenshot(page, `words-technical-${language}.png`, 2400);
    await context.close();
  });

  it('an editor sees no technical section', async () => {
    const { context, page } = await loginAs(browser, base, 'editor.kk@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum/records/${ids.Memorandum}/show`);
    await page.getByTestId('record-history').waitFor();
    expect(await page.getByTestId('technical-section').count()).toBe(0);
    expect(await page.getByText(MEMORANDUM_KEY).count()).toBe(0);
    await context.close();
  });
});
