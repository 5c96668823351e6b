import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { loginAs, openPanel, screenshot } from '../support/browser.js';
import { createParty } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'correct-horse-battery';
const ADMIN: Actor = { type: 'user', id: null, name: 'Администратор', role: 'admin', regionPartyId: null };

jest.setTimeout(180_000);

/*
 * Bulk work from a list: ticked rows, one status change with one reason for all of them (or an archive, for admins),
 * each record through its domain service with the same rules as one at a time, and a result per record.
 */
describe('Admin panel: bulk status change and archive', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let region: { id: string };
  let elsewhere: { id: string };

  beforeAll(async () => {
    testApp = await createTestApp();
    region = await createParty(testApp, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', kind: 'region' });
    elsewhere = await createParty(testApp, { nameRu: 'Мангистауская область', nameKk: 'Маңғыстау облысы', kind: 'region' });
    const users = testApp.app.get(AdminUsersService);
    await users.create({ email: 'editor@kelisim.test', password: PASSWORD, role: 'editor', name: 'Редактор ВКО', regionPartyId: region.id, locale: 'ru' });
    await users.create({ email: 'admin.kk@kelisim.test', password: PASSWORD, role: 'admin', name: 'Әкімші', locale: 'kk' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const memorandum = (titleRu: string, status: 'signed' | 'fulfilled', partyId = region.id) =>
    testApp.app.get(MemorandaService).create({ titleRu, titleKk: titleRu, status, signedOn: '2026-03-01', parties: [{ partyId }] }, ADMIN);
  const row = (page: Page, title: string) => page.locator('tr', { hasText: title });
  /**
   * The ticked rows' bulk action: every row of the list offers a checkbox to tick, and the bulk page is AdminJS's own
   * route for the ticked ids (clicking the design system's visually hidden checkbox input proved unreliable in
   * headless Chromium under load, so the page is opened by its URL).
   */
  const openBulk = async (page: Page, action: string, records: { id: string; titleRu?: string | null }[]) => {
    for (const record of records) expect(await row(page, String(record.titleRu)).locator('input[type="checkbox"]').count()).toBe(1);
    await page.goto(`${base}/admin/resources/Memorandum/bulk/${action}?recordIds=${records.map((record) => record.id).join(',')}`);
    await page.getByTestId('bulk-action-form').waitFor();
  };

  it('an editor moves the ticked memoranda of their region with one reason; each refusal says why (ru)', async () => {
    const first = await memorandum('Пакет: первый', 'signed');
    const second = await memorandum('Пакет: второй', 'signed');
    const final = await memorandum('Пакет: выполненный', 'fulfilled');
    const raced = await memorandum('Пакет: изменённый', 'signed');
    const foreign = await memorandum('Пакет: чужой регион', 'signed', elsewhere.id);

    const { page, errors } = await loginAs(browser, base, 'editor@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum?perPage=50`);
    await row(page, 'Пакет: первый').waitFor();
    // Another region's record offers no checkbox to a region-bound editor.
    expect(await row(page, 'Пакет: чужой регион').locator('input[type="checkbox"]').count()).toBe(0);
    await openBulk(page, 'bulkChangeStatus', [first, second, final, raced]);
    expect(await page.getByTestId('bulk-record').count()).toBe(4);

    // Someone changes one of them after the page was opened.
    await testApp.app.get(MemorandaService).update(raced.id, raced.version, { note: 'Изменено коллегой' }, ADMIN);
    await page.getByTestId('bulk-submit').click();
    await page.getByText('Поясните изменение в комментарии').waitFor();
    await page.locator('#bulk-status-to').click();
    await page.getByText('Выполняется', { exact: true }).last().click();
    await page.locator('#bulk-status-comment').fill('Начата реализация по итогам совещания');
    await page.getByTestId('bulk-submit').click();
    await page.getByText('Сделано: 2, отказано: 2 (причины в таблице)').waitFor();
    const outcomes = Object.fromEntries(
      await Promise.all(
        (await page.getByTestId('bulk-record').all()).map(async (line) => [
          (await line.locator('td').first().innerText()).trim(),
          (await line.getByTestId('bulk-outcome').innerText()).trim(),
        ]),
      ),
    );
    expect(outcomes).toEqual({
      'Пакет: первый': 'Статус изменён',
      'Пакет: второй': 'Статус изменён',
      'Пакет: выполненный': 'Отказано: такой переход статуса не разрешён',
      'Пакет: изменённый': 'Отказано: запись тем временем изменили',
    });
    expect(await page.getByTestId('bulk-status').allInnerTexts()).toEqual(['Выполняется', 'Выполняется', 'Выполнен', 'Подписан']);
    await screenshot(page, 'bulk-status-ru.png');

    const stored = async (id: string) => testApp.prisma.memorandum.findUniqueOrThrow({ where: { id } });
    expect((await stored(first.id)).status).toBe('in_progress');
    expect((await stored(second.id)).status).toBe('in_progress');
    expect((await stored(final.id)).status).toBe('fulfilled');
    expect(await stored(raced.id)).toMatchObject({ status: 'signed', version: raced.version + 1 });
    const changes = await testApp.prisma.statusChange.findMany({ where: { entityId: { in: [first.id, second.id] } } });
    expect(changes.map((change) => [change.toStatus, change.comment, change.actorName])).toEqual([
      ['in_progress', 'Начата реализация по итогам совещания', 'Редактор ВКО'],
      ['in_progress', 'Начата реализация по итогам совещания', 'Редактор ВКО'],
    ]);

    // Asked for around the interface, another region's record is refused (403), and nothing changes.
    const forced = await page.request.post(`${base}/admin/api/resources/Memorandum/bulk/bulkChangeStatus?recordIds=${foreign.id}`, {
      multipart: { to: 'in_progress', comment: 'В обход', [`versions.${foreign.id}`]: String(foreign.version) },
    });
    expect(forced.status()).toBe(403);
    expect((await forced.json()).notice).toMatchObject({ type: 'error', message: 'forbiddenRegion' });
    expect((await stored(foreign.id)).status).toBe('signed');
    // A bulk archive is for admins only.
    const archive = await page.request.post(`${base}/admin/api/resources/Memorandum/bulk/bulkArchive?recordIds=${first.id}`, {
      multipart: { [`versions.${first.id}`]: String((await stored(first.id)).version) },
    });
    expect(archive.status()).toBe(403);
    expect((await stored(first.id)).archivedAt).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an admin archives the ticked memoranda (kk)', async () => {
    const one = await memorandum('Мұрағатқа: бірінші', 'signed');
    const two = await memorandum('Мұрағатқа: екінші', 'signed', elsewhere.id);
    const { page, errors } = await loginAs(browser, base, 'admin.kk@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum?perPage=50`);
    await row(page, 'Мұрағатқа: бірінші').waitFor();
    await openBulk(page, 'bulkArchive', [one, two]);
    await page.getByText('Таңдалған жазбалар (2) мұрағатқа жіберіледі').waitFor();
    await page.getByTestId('bulk-submit').click();
    await page.getByText('Барлық жазбалар мұрағатқа жіберілді: 2').waitFor();
    expect(await page.getByTestId('bulk-outcome').allInnerTexts()).toEqual(['Мұрағатта', 'Мұрағатта']);
    await screenshot(page, 'bulk-archive-kk.png');
    for (const id of [one.id, two.id]) expect((await testApp.prisma.memorandum.findUniqueOrThrow({ where: { id } })).archivedAt).not.toBeNull();
    const history = await testApp.prisma.auditEntry.count({ where: { entityId: { in: [one.id, two.id] }, action: 'archive', actorName: 'Әкімші' } });
    expect(history).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
