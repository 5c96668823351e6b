import { jest } from '@jest/globals';
import type { Language } from '@prisma/client';
import type { Browser, Page } from 'playwright-core';
import { PANEL_TEXTS } from '../../apps/api/src/admin/locales/index.js';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { ContractsService } from '../../apps/api/src/contracts/contracts.service.js';
import { FollowUpsService } from '../../apps/api/src/follow-ups/follow-ups.service.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { button, expectTexts, loginAs, openPanel, screenshot } from '../support/browser.js';
import { createParty } from '../support/fixtures.js';
import { dayFromToday } from '../support/records.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'formats-password';
const ADMIN: Actor = { type: 'user', id: null, name: 'Тест', role: 'admin', regionPartyId: null };
const LANGUAGES: Language[] = ['ru', 'kk', 'en'];
/** East of Greenwich, where a picked day's local midnight is the day before in UTC. */
const ASTANA = { timezoneId: 'Asia/Almaty' };

/** A day (YYYY-MM-DD) as the panel writes it in a language: 20.11.2026, or 20/11/2026 in English. */
function dayIn(day: string, language: Language): string {
  const [year, month, date] = day.split('-');
  return [date, month, year].join(language === 'en' ? '/' : '.');
}
const NOVEMBER_2026: Record<Language, string> = { ru: 'ноябрь 2026', kk: '2026 ж. қараша', en: 'November 2026' };
/** The picker's own month headings (date-fns's stand-alone month names) and its first weekday, Monday. */
const PICKER: Record<Language, { october: string; november: string; monday: string }> = {
  ru: { october: 'октябрь 2026', november: 'ноябрь 2026', monday: 'пн' },
  kk: { october: 'қазан 2026', november: 'қараша 2026', monday: 'дс' },
  en: { october: 'October 2026', november: 'November 2026', monday: 'Mo' },
};
const AMOUNT: Record<Language, RegExp> = { ru: /^60\s000\s000\s₸$/, kk: /^60\s000\s000\s₸$/, en: /^₸60,000,000$/ };
const TIMESTAMP: Record<Language, RegExp> = {
  ru: /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/,
  kk: /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/,
  en: /^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}$/,
};

jest.setTimeout(180_000);

/*
 * One format per language for every date and amount of the panel: a follow-up's due day reads the same in its list
 * (table and narrow card), on its page, in its history and on the dashboard; a month stays a month; the date picker
 * speaks the reader's language, starts on Monday and takes the day as the panel writes it.
 */
describe('Admin panel: dates and amounts in the reader’s format', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let followUpId: string;
  let contractId: string;
  const pickerFollowUps = {} as Record<Language, string>;
  // Due within the dashboard's "coming days", moved once so that its history has an old and a new day.
  const firstDue = dayFromToday(9);
  const due = dayFromToday(10);

  beforeAll(async () => {
    testApp = await createTestApp();
    const region = await createParty(testApp, { nameRu: 'Абайская область', kind: 'region' });
    const memorandum = await testApp.app.get(MemorandaService).create({ titleRu: 'Меморандум о форматах', parties: [{ partyId: region.id }] }, ADMIN);
    const followUps = testApp.app.get(FollowUpsService);
    const created = await followUps.create({ titleRu: 'Поручение со сроком', memorandumId: memorandum.id, dueOn: firstDue }, ADMIN);
    await followUps.update(created.id, created.version, { dueOn: due }, ADMIN);
    followUpId = created.id;
    for (const language of LANGUAGES) {
      const picked = await followUps.create({ titleRu: `Поручение для календаря (${language})`, memorandumId: memorandum.id, dueOn: '2026-10-15' }, ADMIN);
      pickerFollowUps[language] = picked.id;
    }
    const contract = await testApp.app.get(ContractsService).create(
      {
        titleRu: 'Договор на 60 млн',
        parties: [{ partyId: region.id, role: 'partner' }],
        amount: '60000000',
        currency: 'KZT',
        signedOn: '2026-11-01',
        signedOnPrecision: 'month',
      },
      ADMIN,
    );
    contractId = contract.id;
    const users = testApp.app.get(AdminUsersService);
    for (const locale of LANGUAGES) {
      await users.create({ email: `formats.${locale}@kelisim.test`, password: PASSWORD, role: 'admin', name: `Formats ${locale}`, locale });
    }
    ({ base, browser } = await openPanel(testApp));
    // The first request builds the panel's component bundle when the components changed: not within a page load's timeout.
    await fetch(`${base}/admin/login`);
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const innerText = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).trim();

  it.each(LANGUAGES)('%s: the due day reads alike in the list, its card, the record page, its history and the dashboard', async (language) => {
    const { page, errors } = await loginAs(browser, base, `formats.${language}@kelisim.test`, PASSWORD);
    const expected = dayIn(due, language);

    await page.goto(`${base}/admin/resources/FollowUp`);
    const row = page.locator(`tbody tr[data-id="${followUpId}"]`);
    await row.waitFor();
    expect((await row.locator('td[data-property-name="dueOn"]').innerText()).trim()).toBe(expected);
    expect((await row.locator('td[data-property-name="updatedAt"]').innerText()).trim()).toMatch(TIMESTAMP[language]);
    // On a phone the row is a card: the same day under the title.
    await page.setViewportSize({ width: 390, height: 900 });
    const card = row.getByTestId('record-card-details').getByTestId('date-dueOn');
    await card.waitFor();
    expect((await card.innerText()).trim()).toBe(expected);
    await page.setViewportSize({ width: 1400, height: 1000 });

    await page.goto(`${base}/admin/resources/FollowUp/records/${followUpId}/show`);
    await page.getByTestId('date-dueOn').waitFor();
    expect((await page.getByTestId('date-dueOn').innerText()).trim()).toBe(expected);
    expect((await page.getByTestId('date-updatedAt').innerText()).trim()).toMatch(TIMESTAMP[language]);
    await page
      .getByTestId('history-line')
      .filter({ hasText: `${dayIn(firstDue, language)} → ${expected}` })
      .waitFor();

    await page.goto(`${base}/admin`);
    const upcoming = page.getByTestId('upcoming-table').locator('tr').filter({ hasText: 'Поручение со сроком' });
    await upcoming.waitFor();
    expect((await upcoming.locator('td').nth(1).innerText()).trim()).toBe(expected);
    const recent = page.getByTestId('dashboard-recent').locator('tbody tr').first().locator('td').first();
    expect((await recent.innerText()).trim()).toMatch(TIMESTAMP[language]);
    await screenshot(page, `formats-dashboard-${language}.png`, 1600);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(LANGUAGES)('%s: an amount with its currency sign and a month-precise date, in the list and on the page', async (language) => {
    const { page, errors } = await loginAs(browser, base, `formats.${language}@kelisim.test`, PASSWORD);
    await page.goto(`${base}/admin/resources/Contract`);
    const row = page.locator(`tbody tr[data-id="${contractId}"]`);
    await row.waitFor();
    expect((await row.locator('td[data-property-name="amount"]').innerText()).trim()).toMatch(AMOUNT[language]);
    expect((await row.locator('td[data-property-name="signedOn"]').innerText()).trim()).toBe(NOVEMBER_2026[language]);

    await page.goto(`${base}/admin/resources/Contract/records/${contractId}/show`);
    await page.getByTestId('amount-amount').waitFor();
    expect((await page.getByTestId('amount-amount').innerText()).trim()).toMatch(AMOUNT[language]);
    expect((await page.getByTestId('date-signedOn').innerText()).trim()).toBe(NOVEMBER_2026[language]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(LANGUAGES)(
    '%s: the date picker starts on Monday, names months in the language, takes the day as written and stores the day picked',
    async (language) => {
      const { page, errors } = await loginAs(browser, base, `formats.${language}@kelisim.test`, PASSWORD, ASTANA);
      const id = pickerFollowUps[language];
      await page.goto(`${base}/admin/resources/FollowUp/records/${id}/edit`);
      const input = page.getByTestId('property-edit-dueOn').locator('input').first();
      await input.waitFor();
      expect(await input.inputValue()).toBe(dayIn('2026-10-15', language));

      await input.click();
      const calendar = page.locator('.react-datepicker');
      await calendar.waitFor();
      expect(await innerText(page, '.react-datepicker__current-month')).toBe(PICKER[language].october);
      expect(await innerText(page, '.react-datepicker__day-name')).toBe(PICKER[language].monday);

      // A day typed as the panel writes it moves the calendar there.
      await input.fill(dayIn('2026-11-20', language));
      await page.locator('.react-datepicker__current-month', { hasText: PICKER[language].november }).waitFor();
      await screenshot(page, `formats-date-picker-${language}.png`, 1000);
      await page.locator('.react-datepicker__day--025:not(.react-datepicker__day--outside-month)').click();
      await calendar.waitFor({ state: 'detached' });
      expect(await input.inputValue()).toBe(dayIn('2026-11-25', language));

      await button(page, PANEL_TEXTS[language].buttons.save).click();
      await page.waitForURL(new RegExp(`/records/${id}/show`));
      await page
        .getByTestId('date-dueOn')
        .filter({ hasText: dayIn('2026-11-25', language) })
        .waitFor();
      const stored = await testApp.prisma.followUp.findUniqueOrThrow({ where: { id }, select: { dueOn: true, dueOnPrecision: true } });
      expect(stored.dueOn?.toISOString().slice(0, 10)).toBe('2026-11-25');
      expect(stored.dueOnPrecision).toBe('day');
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it('kk: a list filter’s date pickers too: Monday first, a range typed as the panel writes days finds that day, east of Greenwich', async () => {
    // In Astana (UTC+5) a picked day's midnight is the evening before in UTC: the range must still be that day.
    const { page, errors } = await loginAs(browser, base, 'formats.kk@kelisim.test', PASSWORD, ASTANA);
    await page.goto(`${base}/admin/resources/FollowUp`);
    await page.getByTestId('record-title').first().waitFor();
    await button(page, PANEL_TEXTS.kk.buttons.filter).click();
    const [from, to] = [0, 1].map((index) => page.getByTestId('property-filter-dueOn').locator('input').nth(index));
    await from.click();
    await page.locator('.react-datepicker').waitFor();
    expect(await innerText(page, '.react-datepicker__day-name')).toBe(PICKER.kk.monday);
    await from.fill(dayIn(due, 'kk'));
    await from.press('Escape');
    await to.fill(dayIn(due, 'kk'));
    await to.press('Escape');
    await button(page, PANEL_TEXTS.kk.buttons.applyChanges).click();
    // The day itself, as the API's filters take days.
    await page.waitForURL(new RegExp(`filters\\.dueOn%7E%7Eto=${due}(&|$)`));
    expect(page.url()).toContain(`filters.dueOn%7E%7Efrom=${due}`);
    await expectTexts(page.getByTestId('record-title'), ['Поручение со сроком']);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
