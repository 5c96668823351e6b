import { jest } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { ContractsService } from '../../apps/api/src/contracts/contracts.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { VisitsService } from '../../apps/api/src/visits/visits.service.js';
import { button, loginAs as login, openPanel, saveForm, screenshot } from '../support/browser.js';
import { createArticle, createParty, createPerson, domainRowCounts } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'correct-horse-battery';
const ADMIN_ACTOR: Actor = { type: 'user', id: null, name: 'Test admin', role: 'admin', regionPartyId: null };
const QUOTE = 'Восточно-Казахстанская область и Алтайский край подписали меморандум о сотрудничестве';
const SECOND_QUOTE = 'Стороны договорились открыть торговый дом в Усть-Каменогорске';
const ARTICLE_TEXT = `Усть-Каменогорск. ${QUOTE}. ${SECOND_QUOTE}. Поставки начнутся осенью.`;

jest.setTimeout(120_000);

describe('Admin panel: editing signatories, party roles, citations; restoring', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let region: { id: string };
  let partner: { id: string };
  let elsewhere: { id: string };
  let akim: { id: string };
  let governor: { id: string };
  let memorandumId: string;
  let contractId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    region = await createParty(testApp, { nameRu: 'Восточно-Казахстанская область', kind: 'region' });
    partner = await createParty(testApp, { nameRu: 'Алтайский край', kind: 'region' });
    elsewhere = await createParty(testApp, { nameRu: 'Мангистауская область', kind: 'region' });
    akim = await createPerson(testApp, { nameRu: 'Даниал Ахметов', partyId: region.id });
    governor = await createPerson(testApp, { nameRu: 'Виктор Томенко', partyId: partner.id });
    await createArticle(testApp, '001_editing.txt', ARTICLE_TEXT);
    const memoranda = testApp.app.get(MemorandaService);
    memorandumId = (
      await memoranda.create(
        {
          titleRu: 'Меморандум ВКО и Алтайского края',
          titleKk: 'ШҚО мен Алтай өлкесінің меморандумы',
          parties: [{ partyId: region.id }, { partyId: partner.id }],
          signatories: [{ personId: akim.id }],
          sources: [{ article: '001_editing.txt', quote: QUOTE }],
        },
        ADMIN_ACTOR,
      )
    ).id;
    contractId = (
      await testApp.app.get(ContractsService).create(
        {
          titleRu: 'Контракт на поставку зерна',
          parties: [
            { partyId: region.id, role: 'partner' },
            { partyId: partner.id, role: 'partner' },
          ],
        },
        ADMIN_ACTOR,
      )
    ).id;
    const users = testApp.app.get(AdminUsersService);
    await users.create({ email: 'editor@kelisim.test', password: PASSWORD, role: 'editor', name: 'Айгерим Editor', regionPartyId: region.id, locale: 'ru' });
    await users.create({ email: 'admin@kelisim.test', password: PASSWORD, role: 'admin', name: 'Panel Admin', locale: 'ru' });
    await users.create({ email: 'viewer@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Manager Viewer', locale: 'ru' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const loginAs = (email: string) => login(browser, base, email, PASSWORD);
  const memorandum = (id = memorandumId) =>
    testApp.prisma.memorandum.findUniqueOrThrow({ where: { id }, include: { parties: { orderBy: { partyId: 'asc' } }, signatories: true, citations: true } });

  /** Picks an option in the react-select inside this container. */
  async function choose(page: Page, container: Locator, option: string) {
    await container.locator('input[id^="react-select"], input[id^="source-article"]').first().click();
    await page.locator('[id^="react-select"][id*="-option-"]').filter({ hasText: option }).first().click();
  }
  /** The items of a reference list on a record's page. */
  const shown = (page: Page, param: string) => page.locator(`[data-testid^="property-show-${param}."]`);

  const EMPTY = '__FORM_VALUE_EMPTY_ARRAY__';

  it('shows signatories and party roles on the memorandum page, with the record title as its heading', async () => {
    const { context, page, errors } = await loginAs('viewer@kelisim.test');
    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandumId}/show`);
    await page.getByTestId('record-history').waitFor();
    // The heading is the record's title; the breadcrumbs still name the action.
    await page.locator('h2').filter({ hasText: 'Меморандум ВКО и Алтайского края' }).waitFor();
    expect(
      await page
        .locator('h2')
        .filter({ hasText: /^Просмотр$/ })
        .count(),
    ).toBe(0);
    await page.getByText('Просмотр', { exact: true }).first().waitFor();
    await shown(page, 'signatoryIds').getByRole('link', { name: 'Даниал Ахметов' }).waitFor();
    await shown(page, 'partyIds').getByRole('link', { name: 'Алтайский край' }).waitFor();
    for (const label of ['Подписавшие лица', 'Стороны-подписанты', 'Участвующие стороны', 'Координирующие стороны']) {
      await page.getByText(label, { exact: true }).waitFor();
    }
    await screenshot(page, 'admin-editing-memorandum-show.png', 2600);
    const refused = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${memorandumId}/edit`, {
      multipart: { 'signatoryIds.0': governor.id, version: '1' },
    });
    expect(refused.status()).toBe(403);
    expect((await memorandum()).signatories.map((s) => s.personId)).toEqual([akim.id]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an editor changes signatories, party roles and citations in the edit form; all saved through the service in one version', async () => {
    const { context, page, errors } = await loginAs('editor@kelisim.test');
    const before = await memorandum();
    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandumId}/edit`);
    await page.locator('input[name="titleRu"]').waitFor();

    // An empty select says "choose" in the user's language, not react-select's "Select...".
    await page.getByTestId('spheres-add').click();
    await page.getByTestId('property-edit-spheres').getByText('Выберите…').waitFor();
    expect(await page.getByText('Select...', { exact: true }).count()).toBe(0);
    await page.getByTestId('property-edit-spheres').getByTestId('delete-item').click();

    await page.getByTestId('signatoryIds-add').click();
    await choose(page, page.getByTestId('signatoryIds.1'), 'Виктор Томенко');

    // Altai Krai moves from the signatory parties to the coordinators.
    await page.locator('[data-testid^="partyIds."]').filter({ hasText: 'Алтайский край' }).getByTestId('delete-item').click();
    await page.getByTestId('coordinatorPartyIds-add').click();
    await choose(page, page.getByTestId('coordinatorPartyIds.0'), 'Алтайский край');

    await page.getByTestId('source-add').click();
    await choose(page, page.getByTestId('source-row').nth(1), '001_editing.txt');
    await page.fill('#source-quote-1', SECOND_QUOTE);
    await screenshot(page, 'admin-editing-memorandum-form.png', 3400);
    await saveForm(page);
    await page.getByText('Изменения сохранены').waitFor();
    await page.waitForURL(new RegExp(`/records/${memorandumId}/show`));

    const after = await memorandum();
    expect(after.version).toBe(before.version + 1);
    expect(after.signatories.map((s) => [s.personId, s.partyId]).sort()).toEqual(
      [
        [akim.id, null],
        [governor.id, null],
      ].sort(),
    );
    expect(after.parties.map((party) => [party.partyId, party.role]).sort()).toEqual(
      [
        [region.id, 'signatory'],
        [partner.id, 'coordinator'],
      ].sort(),
    );
    expect(after.citations.map((citation) => citation.quote)).toEqual([QUOTE, SECOND_QUOTE]);
    const audit = await testApp.prisma.auditEntry.findFirstOrThrow({ where: { entityId: memorandumId, action: 'update' }, orderBy: { createdAt: 'desc' } });
    expect(audit.actorName).toBe('Айгерим Editor');
    expect(Object.keys(audit.changes as object).sort()).toEqual(['parties', 'signatories', 'sources']);

    await shown(page, 'coordinatorPartyIds').getByRole('link', { name: 'Алтайский край' }).waitFor();
    await shown(page, 'signatoryIds').getByRole('link', { name: 'Виктор Томенко' }).waitFor();
    await page.getByTestId('record-sources').getByText(SECOND_QUOTE, { exact: false }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a quote that is not in its article is shown under its row in the user’s language, and nothing is written', async () => {
    const { context, page } = await loginAs('editor@kelisim.test');
    const before = await memorandum();
    const counts = await domainRowCounts(testApp);
    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandumId}/edit`);
    await page.getByTestId('sources-edit').waitFor();
    await page.locator('input[name="titleRu"]').fill('Заголовок, который не должен сохраниться');
    await page.fill('#source-quote-1', 'Этой фразы в статье нет');
    await saveForm(page);
    await page.getByText('Некоторые поля заполнены неверно', { exact: false }).first().waitFor();
    const row = page.getByTestId('source-row').nth(1);
    await row.getByText('В статье нет такого фрагмента', { exact: false }).waitFor();
    expect(await page.getByTestId('source-row').nth(0).getByText('В статье нет такого фрагмента', { exact: false }).count()).toBe(0);
    await screenshot(page, 'admin-editing-bad-quote.png', 3400);
    expect(page.url()).toContain('/edit');
    expect(await memorandum()).toEqual(before);
    expect(await domainRowCounts(testApp)).toEqual(counts);

    // The same refusal at the HTTP level: message keys the panel translates, per row; an empty row is refused first.
    const response = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${memorandumId}/edit`, {
      multipart: {
        version: String(before.version),
        'sources.0.article': '001_editing.txt',
        'sources.0.quote': 'Нет такой цитаты',
        'sources.1.article': 'no-such-article.txt',
        'sources.1.quote': QUOTE,
      },
    });
    const body = await response.json();
    expect(body.notice).toMatchObject({ type: 'error', message: 'thereWereValidationErrors' });
    expect(body.record.errors).toMatchObject({ 'sources.0.quote': { message: 'quoteNotInArticle' }, 'sources.1.article': { message: 'unknownArticle' } });
    const empty = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${memorandumId}/edit`, {
      multipart: { version: String(before.version), 'sources.0.article': '001_editing.txt', 'sources.0.quote': '  ' },
    });
    expect((await empty.json()).record.errors).toMatchObject({ 'sources.0.quote': { message: 'quoteRequired' } });
    expect(await memorandum()).toEqual(before);
    expect(await domainRowCounts(testApp)).toEqual(counts);
    await context.close();
  });

  it('a refusal the DTO validation words in English is shown under its field in Russian, once', async () => {
    const { context, page, errors } = await loginAs('editor@kelisim.test');
    const before = await memorandum();
    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandumId}/edit`);
    const quantity = page.locator('input[name="quantity"]');
    await quantity.waitFor();
    await quantity.fill('0');
    await saveForm(page);
    const field = page.getByTestId('property-edit-quantity');
    await field.getByText('Значение поля «Количество документов» не может быть меньше 1', { exact: true }).waitFor();
    expect(await page.getByText(/must not be less than|quantity/).count()).toBe(0);
    // The notice at the top says only that fields are wrong; what is wrong is said under the field, not twice.
    await page.getByText('Некоторые поля заполнены неверно', { exact: false }).first().waitFor();
    expect(await page.getByText('не может быть меньше 1', { exact: false }).count()).toBe(1);
    await screenshot(page, 'admin-editing-russian-refusal.png', 2000);
    expect(await memorandum()).toEqual(before);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sets contract party roles, refuses a memorandum party in two roles, and checks the version', async () => {
    const { context, page } = await loginAs('editor@kelisim.test');
    const version = (await testApp.prisma.contract.findUniqueOrThrow({ where: { id: contractId } })).version;
    const saved = await page.request.post(`${base}/admin/api/resources/Contract/records/${contractId}/edit`, {
      multipart: { version: String(version), 'supplierPartyIds.0': region.id, 'buyerPartyIds.0': partner.id, partyIds: EMPTY },
    });
    expect((await saved.json()).notice).toMatchObject({ type: 'success' });
    const parties = await testApp.prisma.contractParty.findMany({ where: { contractId }, orderBy: { role: 'asc' } });
    expect(parties.map((party) => [party.partyId, party.role]).sort()).toEqual(
      [
        [region.id, 'supplier'],
        [partner.id, 'buyer'],
      ].sort(),
    );
    await page.goto(`${base}/admin/resources/Contract/records/${contractId}/show`);
    await shown(page, 'supplierPartyIds').getByRole('link', { name: 'Восточно-Казахстанская область' }).waitFor();
    await shown(page, 'buyerPartyIds').getByRole('link', { name: 'Алтайский край' }).waitFor();
    await page.getByText('Партнёры', { exact: true }).waitFor();
    expect(await shown(page, 'partyIds').count()).toBe(0);
    await screenshot(page, 'admin-editing-contract-show.png', 2000);

    // A stale form changes nothing.
    const stale = await page.request.post(`${base}/admin/api/resources/Contract/records/${contractId}/edit`, {
      multipart: { version: String(version), 'partyIds.0': partner.id },
    });
    expect((await stale.json()).notice).toMatchObject({ type: 'error', message: 'staleVersionReloaded' });
    expect(await testApp.prisma.contractParty.count({ where: { contractId } })).toBe(2);

    const before = await memorandum();
    const twice = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${memorandumId}/edit`, {
      multipart: { version: String(before.version), 'partyIds.0': region.id, 'coordinatorPartyIds.0': region.id },
    });
    const body = await twice.json();
    expect(body.record.errors).toMatchObject({ coordinatorPartyIds: { message: 'partyInTwoRoles' } });
    expect(await memorandum()).toEqual(before);

    // Another region's party cannot be brought in by an editor, in whatever role.
    const foreign = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${memorandumId}/edit`, {
      multipart: { version: String(before.version), 'partyIds.0': elsewhere.id, participantPartyIds: EMPTY, coordinatorPartyIds: EMPTY },
    });
    expect(foreign.status()).toBe(403);
    expect((await foreign.json()).notice).toMatchObject({ type: 'error', message: 'forbiddenRegion' });
    expect(await memorandum()).toEqual(before);
    await context.close();
  });

  it('creates a follow-up and edits a visit with citations, and removes them with an emptied list', async () => {
    const { context, page } = await loginAs('admin@kelisim.test');
    const created = await page.request.post(`${base}/admin/api/resources/FollowUp/actions/new`, {
      multipart: { titleRu: 'Открыть торговый дом', memorandum: memorandumId, 'sources.0.article': '001_editing.txt', 'sources.0.quote': SECOND_QUOTE },
    });
    const createdBody = await created.json();
    expect([createdBody.notice, createdBody.record?.errors]).toEqual([expect.objectContaining({ type: 'success' }), {}]);
    const followUp = await testApp.prisma.followUp.findFirstOrThrow({ where: { titleRu: 'Открыть торговый дом' }, include: { citations: true } });
    expect(followUp.citations.map((citation) => citation.quote)).toEqual([SECOND_QUOTE]);

    const visit = await testApp.app
      .get(VisitsService)
      .create({ titleRu: 'Визит в Барнаул', visitingPartyId: region.id, hostPartyIds: [partner.id] }, ADMIN_ACTOR);
    const counts = await domainRowCounts(testApp);
    const refused = await page.request.post(`${base}/admin/api/resources/Visit/records/${visit.id}/edit`, {
      multipart: { version: String(visit.version), 'sources.0.article': '', 'sources.0.quote': QUOTE },
    });
    expect((await refused.json()).record.errors).toMatchObject({ 'sources.0.article': { message: 'articleRequired' } });
    expect(await domainRowCounts(testApp)).toEqual(counts);
    const cited = await page.request.post(`${base}/admin/api/resources/Visit/records/${visit.id}/edit`, {
      multipart: { version: String(visit.version), 'sources.0.article': '001_editing.txt', 'sources.0.quote': QUOTE },
    });
    expect((await cited.json()).notice).toMatchObject({ type: 'success' });
    expect(await testApp.prisma.citation.count({ where: { visitId: visit.id } })).toBe(1);
    const emptied = await page.request.post(`${base}/admin/api/resources/Visit/records/${visit.id}/edit`, {
      multipart: { version: String(visit.version + 1), sources: EMPTY },
    });
    expect((await emptied.json()).notice).toMatchObject({ type: 'success' });
    expect(await testApp.prisma.citation.count({ where: { visitId: visit.id } })).toBe(0);
    await context.close();
  });

  it('an admin restores an archived record through the service; editors and viewers can neither archive nor restore', async () => {
    const memoranda = testApp.app.get(MemorandaService);
    const own = await memoranda.create({ titleRu: 'Архивный меморандум ВКО', parties: [{ partyId: region.id }] }, ADMIN_ACTOR);
    const live = await memoranda.create({ titleRu: 'Действующий меморандум ВКО', parties: [{ partyId: region.id }] }, ADMIN_ACTOR);
    const archived = await memoranda.archive(own.id, own.version, ADMIN_ACTOR);

    for (const email of ['viewer@kelisim.test', 'editor@kelisim.test']) {
      const session = await loginAs(email);
      const restore = await session.page.request.post(`${base}/admin/api/resources/Memorandum/records/${own.id}/restore`, {
        multipart: { version: String(archived.version) },
      });
      expect(restore.status()).toBe(403);
      // Even a record of the editor's own region.
      const archive = await session.page.request.post(`${base}/admin/api/resources/Memorandum/records/${live.id}/delete`);
      expect(archive.status()).toBe(403);
      await session.page.goto(`${base}/admin/resources/Memorandum/records/${own.id}/show`);
      await session.page.getByTestId('record-history').waitFor();
      expect(
        await session.page
          .locator('a, button')
          .filter({ hasText: /^(Изменить|В архив|Восстановить)$/ })
          .count(),
      ).toBe(0);
      await session.context.close();
    }
    expect((await memorandum(own.id)).archivedAt).not.toBeNull();
    expect((await memorandum(live.id)).archivedAt).toBeNull();

    const { context, page, errors } = await loginAs('admin@kelisim.test');
    await page.goto(`${base}/admin/resources/Memorandum/records/${own.id}/show`);
    await page.getByTestId('record-history').waitFor();
    expect(
      await page
        .locator('a, button')
        .filter({ hasText: /^(Изменить|В архив)$/ })
        .count(),
    ).toBe(0);
    await button(page, 'Восстановить').click();
    await page.getByTestId('restore-form').waitFor();
    await screenshot(page, 'admin-editing-restore.png');
    await page.getByTestId('restore-submit').click();
    await page.getByText('Запись восстановлена').waitFor();
    await page.waitForURL(new RegExp(`/records/${own.id}/show`));
    await page.getByTestId('record-history').getByText('Восстановлена', { exact: false }).waitFor();
    const restored = await memorandum(own.id);
    expect(restored.archivedAt).toBeNull();
    expect(restored.version).toBe(archived.version + 1);
    const audit = await testApp.prisma.auditEntry.findFirstOrThrow({ where: { entityId: own.id, action: 'restore' } });
    expect(audit).toMatchObject({ actorName: 'Panel Admin', version: restored.version, changes: { archivedAt: { from: expect.any(String), to: null } } });

    // Restoring again (a second tab, say) writes nothing more.
    const again = await page.request.post(`${base}/admin/api/resources/Memorandum/records/${own.id}/restore`, {
      multipart: { version: String(restored.version) },
    });
    expect((await again.json()).notice).toMatchObject({ type: 'error', message: 'recordNotArchived' });
    expect(await testApp.prisma.auditEntry.count({ where: { entityId: own.id, action: 'restore' } })).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
