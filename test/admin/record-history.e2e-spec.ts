import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { VisitsService } from '../../apps/api/src/visits/visits.service.js';
import { expectTexts, loginAs, openPanel, screenshot } from '../support/browser.js';
import { createParty, createPerson } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'correct-horse-battery';
const ADMIN: Actor = { type: 'user', id: null, name: 'Айгерим Сейтова', role: 'admin', regionPartyId: null };

jest.setTimeout(120_000);

/*
 * A record's page tells what each edit changed, from what to what, in the reader's words: enum values by their labels,
 * dates in the locale, the records a field points at by their names, who joined or left a list of parties.
 */
describe('Admin panel: record history with old and new values', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let memorandumId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const region = await createParty(testApp, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', kind: 'region' });
    const partner = await createParty(testApp, { nameRu: 'Алтайский край', nameKk: 'Алтай өлкесі', kind: 'region' });
    const governor = await createPerson(testApp, { nameRu: 'Виктор Томенко', partyId: partner.id });
    const visits = testApp.app.get(VisitsService);
    const visit = (titleRu: string, titleKk: string, startDate: string) =>
      visits.create({ titleRu, titleKk, startDate, visitingPartyId: partner.id, hostPartyIds: [region.id] }, ADMIN);
    const spring = await visit('Весенний визит в ВКО', 'ШҚО-ға көктемгі сапар', '2026-05-19');
    const summer = await visit('Летний визит в ВКО', 'ШҚО-ға жазғы сапар', '2026-06-01');
    const memoranda = testApp.app.get(MemorandaService);
    const created = await memoranda.create(
      { titleRu: 'Меморандум о торговле', visitId: spring.id, signedOn: '2026-05-20', spheres: ['trade'], parties: [{ partyId: region.id }] },
      ADMIN,
    );
    memorandumId = created.id;
    const updated = await memoranda.update(
      memorandumId,
      created.version,
      {
        visitId: summer.id,
        signedOn: '2026-06-02',
        spheres: ['trade', 'tourism'],
        parties: [{ partyId: region.id }, { partyId: partner.id, role: 'participant' }],
        signatories: [{ personId: governor.id }],
      },
      ADMIN,
    );
    await memoranda.transition(memorandumId, updated.version, 'in_progress', 'Начата работа', ADMIN);
    const users = testApp.app.get(AdminUsersService);
    await users.create({ email: 'ru@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Менеджер', locale: 'ru' });
    await users.create({ email: 'kk@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Менеджер', locale: 'kk' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it.each([
    {
      language: 'ru',
      lines: [
        'Статус: Подписан → Выполняется',
        'Изменена',
        'Дата подписания: 20.05.2026 → 02.06.2026',
        'Сферы: Торговля → Торговля, Туризм',
        'Визит: Весенний визит в ВКО → Летний визит в ВКО',
        'Стороны: + Алтайский край (участник)',
        'Подписанты: + Виктор Томенко',
        'Создана',
      ],
    },
    {
      language: 'kk',
      lines: [
        'Мәртебе: Қол қойылды → Орындалуда',
        'Өзгертілді',
        'Қол қойылған күні: 20.05.2026 → 02.06.2026',
        'Салалар: Сауда → Сауда, Туризм',
        'Сапар: ШҚО-ға көктемгі сапар → ШҚО-ға жазғы сапар',
        'Тараптар: + Алтай өлкесі (қатысушы)',
        'Қол қоюшылар: + Виктор Томенко',
        'Құрылды',
      ],
    },
  ])('shows each change from → to in $language, the language saved for the user', async ({ language, lines }) => {
    const { page, errors } = await loginAs(browser, base, `${language}@kelisim.test`, PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandumId}/show`);
    await expectTexts(page.getByTestId('record-history').getByTestId('history-line'), lines);
    await screenshot(page, `record-history-${language}.png`, 1600);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
