/// <reference lib="dom" />
// The standard record forms, as a regional editor meets them: the status follows the dates before saving, and a
// party or person missing from the directory (a foreign host, its governor) is added inline, near names first.
import { jest } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { loginAs, openPanel, saveForm, screenshot } from '../support/browser.js';
import { createParty } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'correct-horse-battery';
jest.setTimeout(180_000);

describe('record forms: status by dates, and parties and people added without leaving the form', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let pavlodar: { id: string };
  let russia: { id: string };

  beforeAll(async () => {
    testApp = await createTestApp();
    const kz = await createParty(testApp, { kind: 'country', nameRu: 'Республика Казахстан', countryCode: 'KZ' });
    russia = await createParty(testApp, { kind: 'country', nameRu: 'Российская Федерация', nameKk: 'Ресей Федерациясы', countryCode: 'RU' });
    pavlodar = await createParty(testApp, { nameRu: 'Павлодарская область', nameKk: 'Павлодар облысы', kind: 'region', parentId: kz.id, countryCode: 'KZ' });
    await testApp.app
      .get(AdminUsersService)
      .create({ email: 'pavlodar@kelisim.test', password: PASSWORD, role: 'editor', name: 'Pavlodar editor', regionPartyId: pavlodar.id, locale: 'ru' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  /** Types a date into AdminJS's date picker as staff do, and leaves the field. */
  async function typeDate(page: Page, property: string, value: string) {
    const input = page.getByTestId(`property-edit-${property}`).locator('input').first();
    await input.fill(value);
    await input.press('Escape');
    await page.locator('input[name="titleRu"]').click();
  }
  /** Adds a party or person through the "+ new" beside a form field. */
  async function addNew(page: Page, property: string, name: string, choices: { kind?: string; country?: string } = {}) {
    await page.getByTestId(`add-new-${property}`).click();
    const entry = page.getByTestId(`new-${property}`);
    await entry.getByTestId(`new-${property}-name`).fill(name);
    if (choices.kind) await entry.getByTestId(`new-${property}-kind`).selectOption(choices.kind);
    if (choices.country) await entry.getByTestId(`new-${property}-country`).selectOption(choices.country);
    await entry.getByTestId(`new-${property}-add`).click();
    return entry;
  }
  async function pickInSelect(page: Page, container: Locator, typed: string, option: string) {
    await container.locator('input').first().fill(typed);
    await page.locator('[id^="react-select"][id*="-option-"]').filter({ hasText: option }).first().click();
  }

  it('a visit that happened: "completed" is shown before saving, the foreign host is added inline under its country', async () => {
    const { page, errors } = await loginAs(browser, base, 'pavlodar@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/Visit/actions/new`);
    await page.locator('input[name="titleRu"]').fill('Визит павлодарской делегации в Омскую область');
    const status = page.getByTestId('status-on-create');
    expect(await status.locator('option').first().innerText()).toBe('По датам: Запланирован');
    await typeDate(page, 'startDate', '05.11.2026');
    await typeDate(page, 'endDate', '07.11.2026');
    await page.getByTestId('status-on-create').locator('option', { hasText: 'По датам: Состоялся' }).waitFor({ state: 'attached' });

    // The visiting party: a near name typed in Cyrillic is recognised and offered instead of a duplicate.
    const visiting = await addNew(page, 'visitingParty', 'Павлодарская обл.');
    await visiting.getByTestId('similar-warning').getByText('«Павлодарская область» уже есть в справочнике').waitFor();
    await visiting.getByTestId('use-similar').click();
    await page.getByTestId('property-edit-visitingParty').getByText('Павлодарская область').waitFor();

    // The host abroad: a Pavlodar editor may add it; it goes under the country chosen.
    await addNew(page, 'partyIds', 'Омская область', { kind: 'foreign_region', country: 'RU' });
    await page.getByTestId('partyIds.0').getByText('Омская область').waitFor();
    await screenshot(page, 'record-form-visit.png', 1600);
    await saveForm(page);
    await page.waitForURL(/\/records\/[0-9a-f-]+\/show/);

    const omsk = await testApp.prisma.party.findFirstOrThrow({ where: { nameRu: 'Омская область' } });
    expect(omsk).toMatchObject({ kind: 'foreign_region', parentId: russia.id, countryCode: 'RU' });
    const visit = await testApp.prisma.visit.findFirstOrThrow({
      where: { titleRu: 'Визит павлодарской делегации в Омскую область' },
      include: { hosts: true },
    });
    expect(visit).toMatchObject({ status: 'completed', visitingPartyId: pavlodar.id });
    expect(visit.hosts.map((host) => host.partyId)).toEqual([omsk.id]);
    expect(await testApp.prisma.party.count({ where: { nameRu: { startsWith: 'Павлодарская' } } })).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a memorandum: its signatory, a foreign governor, is added with his party; the edit form has no status', async () => {
    const { page, errors } = await loginAs(browser, base, 'pavlodar@kelisim.test', PASSWORD);
    const omsk = await createParty(testApp, { kind: 'foreign_region', nameRu: 'Омская обл.', parentId: russia.id });
    await page.goto(`${base}/admin/resources/Memorandum/actions/new`);
    await page.locator('input[name="titleRu"]').fill('Меморандум Павлодарской и Омской областей');
    expect(await page.getByTestId('status-on-create').locator('option').first().innerText()).toBe('По датам: Проект');
    await typeDate(page, 'signedOn', '06.11.2026');
    await page.getByTestId('status-on-create').locator('option', { hasText: 'По датам: Подписан' }).waitFor({ state: 'attached' });
    await page.locator('input[name="quantity"]').fill('1');

    const parties = await addNew(page, 'partyIds', 'Омская область', { kind: 'foreign_region', country: 'RU' });
    // Both near names are offered: the one the previous form added and «Омская обл.».
    await parties.getByTestId('similar-warning').getByText('«Омская обл.» уже есть в справочнике').waitFor();
    await parties.getByTestId('similar-entry').filter({ hasText: '«Омская обл.»' }).getByTestId('use-similar').click();
    await page.getByTestId('partyIds.0').getByText('Омская обл.').waitFor();
    const own = await addNew(page, 'partyIds', 'Павлодарская обл.');
    await own.getByTestId('use-similar').click();
    await page.getByTestId('partyIds.1').getByText('Павлодарская область').waitFor();

    await page.getByTestId('add-new-signatoryIds').click();
    const signatory = page.getByTestId('new-signatoryIds');
    await signatory.getByTestId('new-signatoryIds-name').fill('Виталий Хоценко');
    await pickInSelect(page, signatory.getByTestId('new-signatoryIds-party'), 'Омская', 'Омская обл.');
    await signatory.getByTestId('new-signatoryIds-add').click();
    await page.getByTestId('signatoryIds.0').getByText('Виталий Хоценко').waitFor();
    await screenshot(page, 'record-form-memorandum.png', 1800);
    await saveForm(page);
    await page.waitForURL(/\/records\/[0-9a-f-]+\/show/);

    const governor = await testApp.prisma.person.findFirstOrThrow({ where: { nameRu: 'Виталий Хоценко' } });
    expect(governor.partyId).toBe(omsk.id);
    const memorandum = await testApp.prisma.memorandum.findFirstOrThrow({
      where: { titleRu: 'Меморандум Павлодарской и Омской областей' },
      include: { parties: true, signatories: true },
    });
    expect(memorandum.status).toBe('signed');
    expect(memorandum.parties.map((party) => party.partyId).sort()).toEqual([omsk.id, pavlodar.id].sort());
    expect(memorandum.signatories.map((s) => s.personId)).toEqual([governor.id]);

    // Later changes of status go through "Change status": the edit form offers none.
    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandum.id}/edit`);
    await page.locator('input[name="titleRu"]').waitFor();
    expect(await page.getByTestId('status-on-create').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
