import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { loginAs, openPanel, screenshot } from '../support/browser.js';
import { createParty } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'correct-horse-battery';
const COLLEAGUE: Actor = { type: 'user', id: null, name: 'Коллега', role: 'admin', regionPartyId: null };

jest.setTimeout(120_000);

/*
 * "Reload the record, keep my changes": an edit refused because someone saved the record meanwhile leaves the form
 * at the current version with the user's own edits on it, the other person's changes kept, and the field both of
 * them changed marked; saving again then succeeds and loses neither person's work.
 */
describe('Admin panel: a stale edit reloads the record and keeps the user’s changes', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let region: { id: string };
  let partner: { id: string };

  beforeAll(async () => {
    testApp = await createTestApp();
    region = await createParty(testApp, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', kind: 'region' });
    partner = await createParty(testApp, { nameRu: 'Алтайский край', nameKk: 'Алтай өлкесі', kind: 'region' });
    const users = testApp.app.get(AdminUsersService);
    await users.create({ email: 'ru@kelisim.test', password: PASSWORD, role: 'admin', name: 'Редактор', locale: 'ru' });
    await users.create({ email: 'kk@kelisim.test', password: PASSWORD, role: 'admin', name: 'Редактор', locale: 'kk' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);

  it.each([
    { language: 'ru', reloaded: /Форма перечитана с текущей версией/, bothChanged: 'Это поле изменили и вы, и другой человек' },
    { language: 'kk', reloaded: /Пішін ағымдағы нұсқамен қайта оқылды/, bothChanged: 'Бұл өрісті сіз де, басқа біреу де өзгертті' },
  ])('in $language', async ({ language, reloaded, bothChanged }) => {
    const memoranda = testApp.app.get(MemorandaService);
    const created = await memoranda.create(
      {
        titleRu: `Меморандум о торговле (${language})`,
        summaryRu: 'Старое описание',
        parties: [{ partyId: region.id }, { partyId: partner.id }],
      },
      COLLEAGUE,
    );
    const { page, errors } = await loginAs(browser, base, `${language}@kelisim.test`, PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum/records/${created.id}/edit`);
    await field(page, 'titleRu').waitFor();

    // A colleague saves first: a new title and summary, a note, and one party fewer.
    await memoranda.update(
      created.id,
      created.version,
      { titleRu: 'Заголовок коллеги', summaryRu: 'Описание от коллеги', note: 'Заметка коллеги', parties: [{ partyId: region.id }] },
      COLLEAGUE,
    );
    await field(page, 'titleRu').fill('Мой заголовок');
    await field(page, 'summaryEn').fill('My summary');
    await page.getByTestId('button-save').click();

    await page.getByText(reloaded).first().waitFor();
    await page.getByTestId('stale-edit-reloaded').waitFor();
    expect(await page.getByTestId('form-version').inputValue()).toBe(String(created.version + 1));
    expect(await field(page, 'titleRu').inputValue()).toBe('Мой заголовок');
    await page.getByTestId('property-edit-titleRu').getByText(bothChanged).waitFor();
    expect(await field(page, 'summaryEn').inputValue()).toBe('My summary');
    expect(await field(page, 'summaryRu').inputValue()).toBe('Описание от коллеги');
    expect(await field(page, 'note').inputValue()).toBe('Заметка коллеги');
    const parties = page.getByTestId('property-edit-partyIds');
    await parties.getByText(language === 'kk' ? 'Шығыс Қазақстан облысы' : 'Восточно-Казахстанская область').waitFor();
    expect(await parties.getByText(language === 'kk' ? 'Алтай өлкесі' : 'Алтайский край').count()).toBe(0);
    await screenshot(page, `stale-edit-reloaded-${language}.png`, 1800);
    // Nothing was saved by the refused attempt.
    expect(await testApp.prisma.memorandum.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      version: created.version + 1,
      titleRu: 'Заголовок коллеги',
    });

    await page.getByTestId('button-save').click();
    await page.waitForURL(new RegExp(`/records/${created.id}/show`));
    const saved = await testApp.prisma.memorandum.findUniqueOrThrow({ where: { id: created.id }, include: { parties: true } });
    expect(saved).toMatchObject({
      version: created.version + 2,
      titleRu: 'Мой заголовок',
      summaryEn: 'My summary',
      summaryRu: 'Описание от коллеги',
      note: 'Заметка коллеги',
    });
    expect(saved.parties.map((party) => party.partyId)).toEqual([region.id]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
