/// <reference lib="dom" />
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { loginAs, openPanel, screenshot } from '../support/browser.js';
import { createParty, createPerson } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'correct-horse-battery';
jest.setTimeout(240_000);

const RU = {
  title: 'Павлодарская делегация посетила Омскую область',
  visit: 'Делегация Павлодарской области во главе с акимом Асаином Байхановым посетила Омскую область с 5 по 7 ноября 2026 года.',
  memorandum: 'В ходе визита Павлодарская область и Омская область подписали меморандум о сотрудничестве, документ подписал Асаин Байханов.',
  contract: 'Компания Pavlodar Grain Trade и омские аграрии заключили контракт на поставку зерна на сумму 2,5 млрд тенге.',
  followUp: 'Омская делегация приедет с ответным визитом в декабре.',
};
const KK = {
  title: 'Павлодар облысының делегациясы Алтай өлкесінде болды',
  visit: 'Павлодар облысының делегациясы облыс әкімі Асаин Байхановтың бастауымен 2026 жылғы 10-12 қыркүйекте Алтай өлкесіне сапармен барды.',
  memorandum: 'Сапар барысында Павлодар облысы мен Алтай өлкесі ынтымақтастық туралы меморандумға қол қойды, құжатқа Асаин Байханов қол қойды.',
  contract: 'Жеткізуші — Павлодар облысы, сатып алушы — Алтай өлкесі: тараптар 1,2 млрд теңгеге ет өнімдерін жеткізу туралы келісімшарт жасасты.',
  followUp: 'Алтай өлкесінің делегациясы желтоқсанда кері сапармен келеді.',
};
const textOf = (article: typeof RU) => [article.visit, article.memorandum, article.contract, article.followUp].join(' ');

describe('Core loop: new source → enter its records → the source page', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let pavlodar: { id: string };
  let altai: { id: string };
  let akim: { id: string };
  let omsk: { id: string };

  beforeAll(async () => {
    testApp = await createTestApp();
    pavlodar = await createParty(testApp, { nameRu: 'Павлодарская область', nameKk: 'Павлодар облысы', kind: 'region' });
    altai = await createParty(testApp, { nameRu: 'Алтайский край', nameKk: 'Алтай өлкесі', kind: 'foreign_region' });
    omsk = await createParty(testApp, { nameRu: 'Омская область', kind: 'foreign_region' });
    // The near name the editor is warned about before adding «Pavlodar Grain Trade» (Cyrillic near names:
    // apps/api/src/parties/parties.e2e-spec.ts).
    await createParty(testApp, { nameEn: 'Pavlodar Grain Trade Holding', kind: 'organisation' });
    akim = await createPerson(testApp, { nameRu: 'Асаин Байханов', partyId: pavlodar.id });
    await testApp.app
      .get(AdminUsersService)
      .create({ email: 'pavlodar@kelisim.test', password: PASSWORD, role: 'editor', name: 'Pavlodar editor', regionPartyId: pavlodar.id, locale: 'ru' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  /** Counts what the editor does: clicks (a mouse drag selecting a passage counts as one) and the pages seen. */
  function tracker(page: Page) {
    const screens: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      const path = new URL(frame.url()).pathname;
      if (screens[screens.length - 1] !== path) screens.push(path);
    });
    let clicks = 0;
    return {
      screens,
      clicks: () => clicks,
      click: async (selector: ReturnType<Page['locator']>) => {
        clicks += 1;
        await selector.click();
      },
      /** Selects the passage in the article text with the mouse, as an editor would. */
      select: async (passage: string) => {
        clicks += 1;
        const box = await page.getByTestId('intake-text').evaluate((element, wanted) => {
          element.scrollIntoView({ block: 'start' });
          const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
          const nodes: Text[] = [];
          while (walker.nextNode()) nodes.push(walker.currentNode as Text);
          const full = nodes.map((node) => node.data).join('');
          const start = full.indexOf(wanted);
          const point = (offset: number, last: boolean) => {
            let at = 0;
            for (const node of nodes) {
              if (offset < at + node.data.length) {
                const range = document.createRange();
                range.setStart(node, offset - at);
                range.setEnd(node, offset - at + 1);
                const rect = range.getClientRects()[0];
                return { x: last ? rect.right - 1 : rect.left + 1, y: rect.top + rect.height / 2 };
              }
              at += node.data.length;
            }
            throw new Error('offset out of the text');
          };
          return { from: point(start, false), to: point(start + wanted.length - 1, true) };
        }, passage);
        // A press inside the current selection would drag it: a click first collapses it, as an editor's would.
        await page.mouse.click(box.from.x, box.from.y);
        await page.mouse.down();
        await page.mouse.move(box.to.x, box.to.y, { steps: 8 });
        await page.mouse.up();
        await page
          .getByTestId('selection')
          .filter({ hasText: `«${passage}»` })
          .waitFor();
      },
    };
  }

  const card = (page: Page, path: string) => page.getByTestId(`card-${path}`);
  const offer = (page: Page, path: string, field: string, name: string) => page.getByTestId(`${path}-${field}`).getByTestId('offer').filter({ hasText: name });

  async function enterSource(page: Page, title: string, text: string, language: string) {
    const user = tracker(page);
    await page.goto(`${base}/admin/resources/SourceArticle/actions/new`);
    await page.getByTestId('new-source-form').waitFor();
    await page.fill('#source-title', title);
    await page.fill('#source-text', text);
    await page.selectOption('#source-language', language);
    await page.fill('#source-publishedOn', '2026-11-08');
    await user.click(page.getByTestId('new-source-submit'));
    await page.waitForURL(/\/records\/[^/]+\/intake$/);
    await page.getByTestId('intake-text').waitFor();
    return user;
  }

  async function finish(page: Page, user: ReturnType<typeof tracker>, name: string) {
    await user.click(page.getByTestId('intake-save'));
    await page.waitForURL(/\/records\/[^/]+\/show$/);
    await page.getByTestId('article-citations').getByText('«', { exact: false }).first().waitFor();
    await screenshot(page, `intake-${name}-source.png`, 1800);
    const screens = user.screens.filter((path) => path.startsWith('/admin/resources/SourceArticle'));
    console.log(`${name}: ${screens.length} screens (${screens.join(' → ')}), ${user.clicks()} clicks`);
    expect(screens.length).toBeLessThanOrEqual(3);
    const key = await testApp.prisma.sourceArticle.findFirstOrThrow({ where: { title: { startsWith: name === 'ru' ? RU.title : KK.title } } });
    return key;
  }

  const citationsOf = (where: object) => testApp.prisma.citation.findMany({ where, select: { quote: true } });

  it('a Russian article: the editor adds «Pavlodar Grain Trade» past the warning of a near name, then four records', async () => {
    const { page, errors } = await loginAs(browser, base, 'pavlodar@kelisim.test', PASSWORD);
    const user = await enterSource(page, RU.title, textOf(RU), 'auto');
    // The mentions are highlighted by kind, with a legend.
    expect(await page.locator('mark[data-kind=party]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('mark[data-kind=person]').count()).toBeGreaterThanOrEqual(1);
    await page.getByTestId('legend').getByText('Дата').waitFor();

    await user.select(RU.visit);
    await user.click(page.getByTestId('cite-visit'));
    await page.getByTestId('visit-visitingPartyId').getByTestId('chosen').filter({ hasText: 'Павлодарская область' }).waitFor();
    await page.getByTestId('visit-delegationHeadId').getByTestId('chosen').filter({ hasText: 'Асаин Байханов' }).waitFor();
    await page.getByTestId('visit-hostPartyIds').getByTestId('chosen').filter({ hasText: 'Омская область' }).waitFor();
    // «с 5 по 7 ноября 2026 года» is a range: its two dates are proposed as the visit's start and end.
    expect(await page.getByTestId('visit-startDate').locator('input').inputValue()).toBe('05.11.2026');
    expect(await page.getByTestId('visit-endDate').locator('input').inputValue()).toBe('07.11.2026');

    await user.select(RU.memorandum);
    await user.click(page.getByTestId('cite-memorandum'));
    await page.getByTestId('memorandum-parties').getByTestId('chosen').filter({ hasText: 'Омская область' }).waitFor();
    await user.click(card(page, 'memorandum').getByText('по 7 ноября 2026 года', { exact: true }));

    await user.select(RU.contract);
    await user.click(page.getByTestId('cite-contract'));
    await user.select('Pavlodar Grain Trade');
    await user.click(page.getByTestId('new-entry-from-selection'));
    await page.selectOption('[data-testid="new-entry-kind"]', 'organisation');
    await user.click(page.getByTestId('new-entry-add'));
    await page.getByTestId('similar-warning').getByText('«Pavlodar Grain Trade Holding» уже есть в справочнике').waitFor();
    await screenshot(page, 'intake-similar-warning.png', 1400);
    await user.click(page.getByTestId('create-anyway'));
    await user.click(offer(page, 'contract', 'supplier', 'Pavlodar Grain Trade'));
    await user.click(offer(page, 'contract', 'buyer', 'Омская область'));
    await user.click(card(page, 'contract').getByText('по 7 ноября 2026 года', { exact: true }));
    expect(await page.getByTestId('contract-amount').inputValue()).toBe('2500000000');

    await user.select(RU.followUp);
    await user.click(page.getByTestId('cite-follow_up'));
    await user.click(offer(page, 'followUps.0', 'responsiblePartyId', 'Омская область'));
    expect(await page.getByTestId('followUps.0-dueOn').locator('input').inputValue()).toBe('01.12.2026');
    await screenshot(page, 'intake-ru-cards.png', 2600);
    const article = await finish(page, user, 'ru');
    expect(errors).toEqual([]);

    const agro = await testApp.prisma.party.findFirstOrThrow({ where: { nameRu: 'Pavlodar Grain Trade' } });
    expect(agro).toMatchObject({ kind: 'organisation', parentId: pavlodar.id });
    const visit = await testApp.prisma.visit.findFirstOrThrow({ where: { citations: { some: { articleId: article.id } } }, include: { hosts: true } });
    expect(visit).toMatchObject({ visitingPartyId: pavlodar.id, delegationHeadId: akim.id, status: 'completed', titleRu: RU.visit });
    expect(visit.startDate?.toISOString().slice(0, 10)).toBe('2026-11-05');
    expect(visit.endDate?.toISOString().slice(0, 10)).toBe('2026-11-07');
    expect(visit.hosts.map((host) => host.partyId)).toEqual([omsk.id]);
    const memorandum = await testApp.prisma.memorandum.findFirstOrThrow({ where: { visitId: visit.id }, include: { parties: true, signatories: true } });
    expect(memorandum.status).toBe('signed');
    expect(memorandum.parties.map((party) => party.partyId).sort()).toEqual([pavlodar.id, omsk.id].sort());
    expect(memorandum.signatories.map((signatory) => signatory.personId)).toEqual([akim.id]);
    const contract = await testApp.prisma.contract.findFirstOrThrow({ where: { memorandumId: memorandum.id }, include: { parties: true } });
    expect(contract).toMatchObject({ visitId: visit.id, status: 'signed', currency: 'KZT' });
    expect(String(contract.amount)).toBe('2500000000');
    expect(contract.parties.map(({ partyId, role }) => ({ partyId, role })).sort((a, b) => a.role.localeCompare(b.role))).toEqual([
      { partyId: omsk.id, role: 'buyer' },
      { partyId: agro.id, role: 'supplier' },
    ]);
    const followUp = await testApp.prisma.followUp.findFirstOrThrow({ where: { memorandumId: memorandum.id } });
    expect(followUp).toMatchObject({ responsiblePartyId: omsk.id, status: 'planned', dueOnPrecision: 'month' });
    for (const [where, quote] of [
      [{ visitId: visit.id }, RU.visit],
      [{ memorandumId: memorandum.id }, RU.memorandum],
      [{ contractId: contract.id }, RU.contract],
      [{ followUpId: followUp.id }, RU.followUp],
    ] as const) {
      expect(await citationsOf({ ...where, articleId: article.id })).toEqual([{ quote }]);
      expect(article.text).toContain(quote);
    }
    await page.context().close();
  });

  it('a Kazakh article with inflected names: all parties come from the directory', async () => {
    const { page, errors } = await loginAs(browser, base, 'pavlodar@kelisim.test', PASSWORD);
    const user = await enterSource(page, KK.title, textOf(KK), 'kk');

    await user.select(KK.visit);
    await user.click(page.getByTestId('cite-visit'));
    await page.getByTestId('visit-hostPartyIds').getByTestId('chosen').filter({ hasText: 'Алтайский край' }).waitFor();
    // «2026 жылғы 10-12 қыркүйекте» is a range: its two dates are proposed as the visit's start and end.
    expect(await page.getByTestId('visit-startDate').locator('input').inputValue()).toBe('10.09.2026');
    expect(await page.getByTestId('visit-endDate').locator('input').inputValue()).toBe('12.09.2026');

    await user.select(KK.memorandum);
    await user.click(page.getByTestId('cite-memorandum'));
    await page.getByTestId('memorandum-parties').getByTestId('chosen').filter({ hasText: 'Алтайский край' }).waitFor();
    await user.click(card(page, 'memorandum').getByText('12 қыркүйекте', { exact: true }));

    await user.select(KK.contract);
    await user.click(page.getByTestId('cite-contract'));
    // The sides are guessed from the clause words «Жеткізуші» (supplier) and «сатып алушы» (buyer).
    await page.getByTestId('contract-supplier').getByTestId('chosen').filter({ hasText: 'Павлодарская область' }).waitFor();
    await page.getByTestId('contract-buyer').getByTestId('chosen').filter({ hasText: 'Алтайский край' }).waitFor();

    await user.select(KK.followUp);
    await user.click(page.getByTestId('cite-follow_up'));
    // «желтоқсанда» (in December) is proposed as the due month, of the year the text states.
    expect(await page.getByTestId('followUps.0-dueOn').locator('input').inputValue()).toBe('01.12.2026');
    expect(await page.getByTestId('followUps.0-dueOnPrecision').inputValue()).toBe('month');
    // The panel's own picker in the editor's language (Russian here, for a Kazakh article), Monday first: not the
    // browser's date input, which follows the browser's locale.
    await page.getByTestId('followUps.0-dueOn').locator('input').click();
    await page.locator('.react-datepicker').waitFor();
    expect((await page.locator('.react-datepicker__current-month').first().innerText()).trim()).toBe('декабрь 2026');
    expect((await page.locator('.react-datepicker__day-name').first().innerText()).trim()).toBe('пн');
    await page.keyboard.press('Escape');
    const article = await finish(page, user, 'kk');
    expect(errors).toEqual([]);

    const visit = await testApp.prisma.visit.findFirstOrThrow({ where: { citations: { some: { articleId: article.id } } }, include: { hosts: true } });
    expect(visit).toMatchObject({ visitingPartyId: pavlodar.id, delegationHeadId: akim.id, status: 'completed', titleKk: KK.visit });
    expect([visit.startDate, visit.endDate].map((date) => date?.toISOString().slice(0, 10))).toEqual(['2026-09-10', '2026-09-12']);
    expect(visit.hosts.map((host) => host.partyId)).toEqual([altai.id]);
    const memorandum = await testApp.prisma.memorandum.findFirstOrThrow({ where: { visitId: visit.id }, include: { parties: true, signatories: true } });
    expect(memorandum.status).toBe('signed');
    expect(memorandum.parties.map((party) => party.partyId).sort()).toEqual([pavlodar.id, altai.id].sort());
    expect(memorandum.signatories.map((signatory) => signatory.personId)).toEqual([akim.id]);
    const contract = await testApp.prisma.contract.findFirstOrThrow({ where: { memorandumId: memorandum.id }, include: { parties: true } });
    expect(contract).toMatchObject({ visitId: visit.id, status: 'negotiating', currency: 'KZT' });
    expect(contract.parties.map(({ partyId, role }) => ({ partyId, role })).sort((a, b) => a.role.localeCompare(b.role))).toEqual([
      { partyId: altai.id, role: 'buyer' },
      { partyId: pavlodar.id, role: 'supplier' },
    ]);
    const followUp = await testApp.prisma.followUp.findFirstOrThrow({ where: { memorandumId: memorandum.id } });
    expect(followUp).toMatchObject({ responsiblePartyId: altai.id, status: 'planned', dueOnPrecision: 'month' });
    expect(followUp.dueOn?.toISOString().slice(0, 10)).toBe('2026-12-01');
    expect(await citationsOf({ articleId: article.id })).toHaveLength(4);
    for (const citation of await citationsOf({ articleId: article.id })) expect(article.text).toContain(citation.quote);
    await page.context().close();
  });
});
