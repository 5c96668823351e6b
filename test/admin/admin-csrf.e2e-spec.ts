// Every change to the panel carries the CSRF token its session was given (a signed double-submit cookie, admin/csrf.ts),
// besides the Origin/Sec-Fetch-Site check: a request that carries the session cookie but not the token (a browser or
// proxy that strips those headers, a sibling site on the same registrable domain) is refused and changes nothing.
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { openPanel } from '../support/browser.js';
import { createParty } from '../support/fixtures.js';
import { CSRF_FIELD, CSRF_HEADER, csrfTokenSetBy, type PanelAgent, panelLogin } from '../support/panel.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { problemType } from '../support/responses.js';

const PASSWORD = 'csrf-test-password';
const ADMIN_ACTOR: Actor = { type: 'user', id: null, name: 'Test admin', role: 'admin', regionPartyId: null };

describe('CSRF tokens in the panel', () => {
  let t: TestApp;
  let admin: PanelAgent;
  let other: PanelAgent;
  let memorandumId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const users = t.app.get(AdminUsersService);
    await users.create({ email: 'admin@kelisim.test', password: PASSWORD, role: 'admin' });
    await users.create({ email: 'other@kelisim.test', password: PASSWORD, role: 'admin' });
    const region = await createParty(t, { nameRu: 'Павлодарская область' });
    memorandumId = (await t.app.get(MemorandaService).create({ titleRu: 'Меморандум под защитой', parties: [{ partyId: region.id }] }, ADMIN_ACTOR)).id;
    admin = await panelLogin(t, 'admin@kelisim.test', PASSWORD);
    other = await panelLogin(t, 'other@kelisim.test', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });
  let browser: Browser | undefined;

  const archiveUrl = () => `/admin/api/resources/Memorandum/records/${memorandumId}/delete`;
  const memorandum = () => t.prisma.memorandum.findUniqueOrThrow({ where: { id: memorandumId } });
  /** The token the agent's session was given (what the panel's client would echo). */
  const tokenOf = async (agent: PanelAgent) => csrfTokenSetBy(await agent.get('/admin/api/dashboard').set(CSRF_HEADER, ''));

  const refusals: [string, () => Promise<string | undefined>][] = [
    ['no token', () => Promise.resolve(undefined)],
    ['an empty token', () => Promise.resolve('')],
    ['a forged token', () => Promise.resolve(`${'0'.repeat(64)}.${'1'.repeat(64)}`)],
    ["another session's token", () => tokenOf(other)],
  ];

  for (const [what, token] of refusals) {
    it(`refuses an archive with the session cookie and ${what}, changing nothing`, async () => {
      const before = await memorandum();
      const sent = await token();
      const response = await admin
        .post(archiveUrl())
        .set(CSRF_HEADER, sent ?? '')
        .field('version', String(before.version));
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ type: problemType('forbidden'), status: 403 });
      expect(await memorandum()).toEqual(before);
    });
  }

  it("archives with the session's own token (as the panel's client sends it)", async () => {
    const before = await memorandum();
    const response = await admin.post(archiveUrl()).field('version', String(before.version));
    expect(response.status).toBe(200);
    expect((await memorandum()).archivedAt).not.toBeNull();
  });

  it('a login form without the login page token is refused, and the token of before a login is worthless after it', async () => {
    const browser = request.agent(t.app.getHttpServer());
    const refused = await browser.post('/admin/login').type('form').send({ email: 'admin@kelisim.test', password: PASSWORD });
    expect(refused.status).toBe(403);
    const anonymous = csrfTokenSetBy(await browser.get('/admin/login'));
    const login = await browser
      .post('/admin/login')
      .type('form')
      .send({ email: 'admin@kelisim.test', password: PASSWORD, [CSRF_FIELD]: anonymous ?? '' });
    expect(login.status).toBe(302);
    // The token from before the login belongs to no session: after it, a change with it is refused.
    const stale = await browser
      .post(`/admin/api/resources/Memorandum/records/${memorandumId}/restore`)
      .set(CSRF_HEADER, anonymous ?? '')
      .field('version', String((await memorandum()).version));
    expect(stale.status).toBe(403);
    expect((await memorandum()).archivedAt).not.toBeNull();
  });

  it('logging out is a POST with the token: a GET only asks, and a POST without the token is refused', async () => {
    const session = await panelLogin(t, 'other@kelisim.test', PASSWORD);
    const page = await session.get('/admin/logout');
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="logout-form"');
    await session.get('/admin/api/dashboard').expect(200);
    await session.post('/admin/logout').set(CSRF_HEADER, '').type('form').send({}).expect(403);
    await session.get('/admin/api/dashboard').expect(200);
    const done = await session.post('/admin/logout').type('form').send({});
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/admin/login');
    const after = await session.get('/admin/api/dashboard');
    expect(after.status).not.toBe(200);
  });

  it('in Chromium, the login form and the panel client send the token by themselves', async () => {
    const opened = await openPanel(t);
    browser = opened.browser;
    const region = await t.prisma.party.findFirstOrThrow({ where: { nameRu: 'Павлодарская область' } });
    const target = await t.app.get(MemorandaService).create({ titleRu: 'Меморандум для кнопки', parties: [{ partyId: region.id }] }, ADMIN_ACTOR);
    // A plain context, not the tests' loginAs (which adds the header to every request of its own).
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    const sent: { url: string; token?: string; field: boolean }[] = [];
    page.on('request', (sentRequest) => {
      if (sentRequest.method() !== 'POST') return;
      sent.push({
        url: new URL(sentRequest.url()).pathname,
        token: sentRequest.headers()[CSRF_HEADER],
        field: (sentRequest.postData() ?? '').includes(CSRF_FIELD),
      });
    });
    await page.goto(`${opened.base}/admin/login`);
    await page.fill('input[name=email]', 'admin@kelisim.test');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${opened.base}/admin`), page.click('button')]);
    await page.goto(`${opened.base}/admin/resources/Memorandum/records/${target.id}/delete`);
    await page.getByTestId('confirm-action-submit').click();
    await page.waitForURL(`${opened.base}/admin/resources/Memorandum`);
    expect((await t.prisma.memorandum.findUniqueOrThrow({ where: { id: target.id } })).archivedAt).not.toBeNull();
    expect(sent.find((entry) => entry.url === '/admin/login')).toMatchObject({ field: true });
    expect(sent.find((entry) => entry.url.endsWith(`/records/${target.id}/delete`))?.token).toMatch(/^[0-9a-f]{64}\.[0-9a-f]{64}$/);
    await context.close();
  });
});
