import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { verifySignature } from '../../apps/api/src/webhooks/webhook-signature.js';
import { loginAs as login, openPanel, screenshot } from '../support/browser.js';
import { bearer, createParty } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { FAST_WEBHOOKS, startWebhookReceiver, webhookEvent, type WebhookReceiver } from '../support/webhook-receiver.js';

const PASSWORD = 'correct-horse-battery';

jest.setTimeout(120_000);

/*
 * Webhook subscriptions made by an admin in the panel: the form refuses bad input in the admin's language, shows the
 * generated secret once, and the subscription then receives signed deliveries like one made through the API.
 */
describe('Webhook subscriptions in the panel', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    testApp = await createTestApp(FAST_WEBHOOKS);
    receiver = await startWebhookReceiver();
    const users = testApp.app.get(AdminUsersService);
    await users.create({ email: 'admin@kelisim.test', password: PASSWORD, role: 'admin', name: 'Hooks Admin', locale: 'kk' });
    await users.create({ email: 'editor@kelisim.test', password: PASSWORD, role: 'editor', name: 'Hooks Editor', locale: 'ru' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    await receiver?.close();
  });

  it('an admin subscribes in Kazakh, sees the secret once, and the subscription gets signed deliveries', async () => {
    const { context, page, errors } = await login(browser, base, 'admin@kelisim.test', PASSWORD);
    await page.goto(`${base}/admin/resources/WebhookSubscription/actions/new`);
    const form = page.getByTestId('create-webhook-form');
    await form.waitFor();
    await page.getByText('Оқиғалар', { exact: true }).waitFor();

    // Nothing chosen, no address: both refused under their fields, in Kazakh, and nothing is stored.
    await form.locator('button[type="submit"]').click();
    await page.getByText('https:// деп басталатын толық мекенжай керек').waitFor();
    await page.getByText('кемінде 1 таңдаңыз').waitFor();
    expect(await testApp.prisma.webhookSubscription.count()).toBe(0);

    await page.fill('#webhook-url', receiver.url);
    await page.locator('#webhook-events').fill('memorandum.*');
    await page.keyboard.press('Enter');
    await form.locator('button[type="submit"]').click();
    const secret = (await page.getByTestId('webhook-secret').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByText('Қолтаңба құпиясын қазір көшіріп алыңыз').waitFor();
    await screenshot(page, 'webhook-created-kk.png', 700);

    const [subscription] = await testApp.prisma.webhookSubscription.findMany();
    expect(subscription).toMatchObject({ url: receiver.url, events: ['memorandum.*'], apiKeyId: null, secret });
    // Never again: not on the subscription's page, not in the list.
    await page.goto(`${base}/admin/resources/WebhookSubscription/records/${subscription.id}/show`);
    await page.getByText(receiver.url).first().waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.goto(`${base}/admin/resources/WebhookSubscription`);
    await page.getByText(receiver.url).first().waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(errors).toEqual([]);

    // A change through the API arrives, signed with the secret the page showed.
    const party = await createParty(testApp, { nameEn: 'Panel Hook Counterpart', kind: 'organisation' });
    const created = await request(testApp.app.getHttpServer())
      .post('/api/v1/memoranda')
      .set('Authorization', await bearer(testApp, 'write'))
      .send({ titleEn: 'Subscribed in the panel', parties: [{ partyId: party.id }] })
      .expect(201);
    const [delivered] = await receiver.waitFor(1, (received) => webhookEvent(received).recordId === created.body.id);
    expect(webhookEvent(delivered)).toMatchObject({ type: 'memorandum.created' });
    expect(verifySignature(secret, String(delivered.headers['kelisim-signature']), delivered.body)).toBe(true);

    // The subscription's page leads to its delivery log: this delivery, delivered at the first attempt.
    await page.goto(`${base}/admin/resources/WebhookSubscription/records/${subscription.id}/show`);
    await page
      .locator('a, button')
      .filter({ hasText: /^Жеткізілімдер$/ })
      .first()
      .click();
    await page.waitForURL((url) => url.pathname === '/admin/resources/WebhookDelivery' && url.searchParams.get('filters.subscription') === subscription.id);
    const row = page.locator('[data-css="WebhookDelivery-row"], tbody tr').filter({ hasText: 'memorandum.created' });
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    await context.close();
  });

  it('only admins may open the form or post it', async () => {
    const { context, page } = await login(browser, base, 'editor@kelisim.test', PASSWORD);
    const before = await testApp.prisma.webhookSubscription.count();
    const posted = await page.request.post(`${base}/admin/api/resources/WebhookSubscription/actions/new`, {
      multipart: { url: receiver.url, events: '*' },
    });
    expect(posted.status()).toBe(403);
    expect(await testApp.prisma.webhookSubscription.count()).toBe(before);
    await context.close();
  });
});
