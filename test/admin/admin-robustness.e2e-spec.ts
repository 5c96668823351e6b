// Hostile URLs and forms against the panel's own endpoints: a 4xx or a refusal notice, never a 5xx, nothing written.
import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { loginAs, openPanel } from '../support/browser.js';
import { domainRowCounts } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { problemType } from '../support/responses.js';

const PASSWORD = 'robust-panel-password';
const MISSING = '00000000-0000-4000-8000-000000000000';

const HOSTILE_GETS = [
  `/admin/api/resources/Memorandum/records/not-a-uuid/show`,
  `/admin/api/resources/Memorandum/records/${MISSING}/show`,
  '/admin/api/resources/Memorandum/actions/list?filters.signedOn~~from=garbage',
  '/admin/api/resources/Memorandum/actions/list?filters.status=bogus',
  '/admin/api/resources/Memorandum/actions/list?filters.party=not-a-uuid',
  '/admin/api/resources/Memorandum/actions/list?filters.region=not-a-uuid',
  '/admin/api/resources/Memorandum/actions/list?filters.visit=not-a-uuid',
  '/admin/api/resources/Memorandum/actions/list?perPage=100000',
  '/admin/api/resources/Memorandum/actions/list?page=-1',
  '/admin/api/resources/Memorandum/actions/list?sortBy=nonexistent&direction=sideways',
  '/admin/api/resources/Memorandum/actions/list?filters.quantity=abc',
  '/admin/api/resources/FollowUp/actions/list?filters.overdue=maybe',
  '/admin/api/resources/Memorandum/actions/list?filters.updatedAt~~to=2020-13-45',
  '/admin/api/resources/StatusChange/actions/list?filters.entityId=zzz',
  '/admin/api/resources/Memorandum/search/%25',
  '/admin/api/dashboard?region=zzz&year=abcd',
];

const HOSTILE_POSTS: [string, Record<string, string>][] = [
  ['/admin/api/resources/Memorandum/actions/new', { titleRu: 'x', quantity: 'abc' }],
  ['/admin/api/resources/Memorandum/actions/new', { titleRu: 'x', signedOn: 'garbage' }],
  ['/admin/api/resources/Memorandum/actions/new', { titleRu: 'x', 'partyIds.0': 'not-a-uuid' }],
  ['/admin/api/resources/Memorandum/actions/new', { titleRu: 'x', visit: MISSING }],
  ['/admin/api/resources/Memorandum/actions/new', { titleRu: 'x', 'sources.0.article': '../../etc/passwd', 'sources.0.quote': 'root' }],
  ['/admin/api/resources/Memorandum/records/not-a-uuid/edit', { titleRu: 'x', version: '1' }],
  ['/admin/api/resources/Memorandum/records/not-a-uuid/changeStatus', { to: 'signed', comment: 'x', version: '1' }],
  ['/admin/api/resources/FollowUp/actions/new', { titleRu: 'без связей' }],
  ['/admin/api/resources/AdminUser/actions/new', { email: 'bad', password: 'x', role: 'god' }],
];

jest.setTimeout(120_000);

describe('the panel under hostile input', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.get(AdminUsersService).create({ email: 'admin@kelisim.test', password: PASSWORD, role: 'admin', name: 'Admin', locale: 'ru' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('answers every request with less than a 5xx, an unknown resource with 404, and writes nothing', async () => {
    const { context, page } = await loginAs(browser, base, 'admin@kelisim.test', PASSWORD);
    const before = await domainRowCounts(testApp);
    const users = await testApp.prisma.adminUser.count();
    const failures: string[] = [];
    for (const url of HOSTILE_GETS) {
      const response = await page.request.get(base + url);
      if (response.status() >= 500) failures.push(`GET ${url} → ${response.status()}`);
    }
    for (const [url, form] of HOSTILE_POSTS) {
      const response = await page.request.post(base + url, { multipart: form });
      const body = await response.json().catch(() => ({}));
      const refused = response.status() >= 400 || body.notice?.type === 'error' || body.record?.baseError;
      if (response.status() >= 500 || !refused) failures.push(`POST ${url} ${JSON.stringify(form)} → ${response.status()} ${JSON.stringify(body.notice)}`);
    }
    expect(failures).toEqual([]);

    const unknown = await page.request.get(`${base}/admin/api/resources/Nope/actions/list`);
    expect(unknown.status()).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: problemType('not-found'), status: 404 });
    // Its page is the panel's, marked for its "not found" page (page-access.ts).
    const unknownPage = await page.request.get(`${base}/admin/resources/Nope`);
    expect(unknownPage.status()).toBe(404);
    expect(await unknownPage.text()).toContain('<meta name="kelisim-refusal" content="notFound">');
    expect(await domainRowCounts(testApp)).toEqual(before);
    expect(await testApp.prisma.adminUser.count()).toBe(users);
    await context.close();
  });
});
