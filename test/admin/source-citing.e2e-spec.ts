/// <reference lib="dom" />
// Citing by selecting: on a source's page its mentions are marked, and a passage selected with the mouse starts a
// memorandum citing exactly it; in a record's form a citation is added by picking a source and selecting in its text.
import { jest } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { SourcesService } from '../../apps/api/src/sources/sources.service.js';
import { loginAs as login, openPanel, saveForm, screenshot } from '../support/browser.js';
import { createParty } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'source-citing-password';
const ADMIN: Actor = { type: 'user', id: null, name: 'Test admin', role: 'admin', regionPartyId: null };
const QUOTE = 'Павлодарская область и Омская область подписали меморандум о сотрудничестве в сфере торговли';
const SECOND = 'Стороны договорились открыть совместный логистический центр';
const TEXT = `Павлодар, 12 марта 2024 года. ${QUOTE}. ${SECOND} стоимостью 5 млн долларов. Работы начнутся летом.`;

jest.setTimeout(180_000);

describe('Admin panel: citing a source by selecting a passage', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let sourceId: string;
  let sourceKey: string;
  let memorandumId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const region = await createParty(t, { nameRu: 'Павлодарская область', kind: 'region' });
    await createParty(t, { nameRu: 'Омская область', kind: 'region' });
    await t.app.get(AdminUsersService).create({ email: 'editor@kelisim.test', password: PASSWORD, role: 'editor', name: 'Editor', locale: 'ru' });
    sourceKey = (await t.app.get(SourcesService).create({ title: 'Павлодар и Омск договорились', text: TEXT }, ADMIN)).key;
    sourceId = (await t.prisma.sourceArticle.findUniqueOrThrow({ where: { key: sourceKey } })).id;
    memorandumId = (await t.app.get(MemorandaService).create({ titleRu: 'Существующий меморандум', parties: [{ partyId: region.id }] }, ADMIN)).id;
    ({ base, browser } = await openPanel(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Selects `passage` inside `box` with the mouse: press in the first character's left half, release in the last's right half. */
  async function selectWithMouse(page: Page, box: Locator, passage: string) {
    await box.getByText(passage.slice(0, 12), { exact: false }).first().scrollIntoViewIfNeeded();
    const ends = await box.evaluate((element, wanted) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      while (walker.nextNode()) nodes.push(walker.currentNode as Text);
      const full = nodes.map((node) => node.data).join('');
      const at = (offset: number) => {
        let rest = offset;
        for (const node of nodes) {
          if (rest < node.data.length) return { node, offset: rest };
          rest -= node.data.length;
        }
        throw new Error('offset beyond the text');
      };
      const rectOf = (offset: number) => {
        const { node, offset: inNode } = at(offset);
        const range = document.createRange();
        range.setStart(node, inNode);
        range.setEnd(node, inNode + 1);
        return range.getBoundingClientRect();
      };
      const start = full.indexOf(wanted);
      const first = rectOf(start);
      const last = rectOf(start + wanted.length - 1);
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    }, passage);
    await page.mouse.move(ends.x1, ends.y1);
    await page.mouse.down();
    await page.mouse.move(ends.x2, ends.y2, { steps: 5 });
    await page.mouse.up();
  }

  async function choose(page: Page, container: Locator, option: string) {
    await container.locator('input[id^="react-select"], input[id^="source-article"], input[id^="partyIds"]').first().click();
    await page.locator('[id^="react-select"][id*="-option-"]').filter({ hasText: option }).first().click();
  }

  it('marks the mentions, and a selected passage starts a memorandum citing exactly it', async () => {
    const { context, page, errors } = await login(browser, base, 'editor@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/SourceArticle/records/${sourceId}/show`);
    const text = page.getByTestId('article-text');
    const party = text.getByTestId('mention-party').first();
    await party.waitFor();
    expect(await party.getAttribute('title')).toMatch(/Павлодарская область|Омская область/);
    await text.getByTestId('mention-date').first().waitFor();
    await text.getByTestId('mention-amount').first().waitFor();
    expect(await page.getByTestId('mention-legend').innerText()).toContain('Сторона');
    // Staff-irrelevant fields stay off the page; the history is on it.
    await page.getByTestId('record-history').waitFor();
    expect(await page.getByText('SHA-256', { exact: true }).count()).toBe(0);

    await selectWithMouse(page, text, QUOTE);
    await page.getByTestId('create-Memorandum').click();
    await page.waitForURL(/\/admin\/resources\/Memorandum\/actions\/new\?/);
    await page.locator('#source-quote-0').waitFor();
    expect(await page.locator('#source-quote-0').inputValue()).toBe(QUOTE);
    await page.locator('input[name="titleRu"]').fill('Меморандум Павлодара и Омска');
    await page.getByTestId('partyIds-add').click();
    await choose(page, page.getByTestId('partyIds.0'), 'Павлодарская область');
    // The form's own required field (the browser checks it before anything is sent).
    await page.locator('input[name="quantity"]').fill('1');
    await saveForm(page);
    await page.waitForURL(/\/records\/[0-9a-f-]+\/show/);

    const created = await t.prisma.memorandum.findFirstOrThrow({ where: { titleRu: 'Меморандум Павлодара и Омска' }, include: { citations: true } });
    expect(created.citations.map((citation) => [citation.articleId, citation.quote])).toEqual([[sourceId, QUOTE]]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('adds a citation in an existing record’s form by picking the source and selecting a passage, saved verbatim', async () => {
    const { context, page, errors } = await login(browser, base, 'editor@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/Memorandum/records/${memorandumId}/edit`);
    await page.locator('input[name="titleRu"]').waitFor();
    await page.getByTestId('source-add').click();
    await choose(page, page.getByTestId('source-row').nth(0), 'Павлодар и Омск договорились');
    const box = page.getByTestId('source-passage-text-0');
    await box.waitFor();
    await selectWithMouse(page, box, SECOND);
    await expectValue(page.locator('#source-quote-0'), SECOND);
    await screenshot(page, 'source-citing-form.png', 2400);
    await saveForm(page);
    await page.waitForURL(new RegExp(`/records/${memorandumId}/show`));
    const citations = await t.prisma.citation.findMany({ where: { memorandumId } });
    expect(citations.map((citation) => [citation.articleId, citation.quote])).toEqual([[sourceId, SECOND]]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a 390 px wide screen', async () => {
    const { context, page } = await login(browser, base, 'editor@kelisim.test', PASSWORD);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/admin/resources/SourceArticle/records/${sourceId}/show`);
    const text = page.getByTestId('article-text');
    await text.getByTestId('mention-party').first().waitFor();
    const overflow = await text.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await selectWithMouse(page, text, SECOND);
    await page.getByTestId('create-FollowUp').waitFor();
    expect((await page.getByTestId('create-FollowUp').boundingBox())!.x + 10).toBeLessThan(390);
    await screenshot(page, 'source-citing-390.png', 1600);
    await context.close();
  });
});

/** Polls an input's value (the selection reaches it through a React state update). */
async function expectValue(locator: Locator, value: string) {
  const deadline = Date.now() + 10_000;
  let actual = '';
  while (Date.now() < deadline) {
    actual = await locator.inputValue();
    if (actual === value) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(actual).toBe(value);
}
