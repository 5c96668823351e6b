import request from 'supertest';
import { bearer, createParty } from '../../../../test/support/fixtures.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { FAST_WEBHOOKS, startWebhookReceiver, webhookEvent, type ReceivedWebhook, type WebhookReceiver } from '../../../../test/support/webhook-receiver.js';
import { panelLogin, type PanelAgent } from '../../../../test/support/panel.js';
import { AdminUsersService } from '../auth/admin-users.service.js';
import { verifySignature } from './webhook-signature.js';
import { MAX_SUBSCRIPTIONS_PER_KEY } from './webhooks.service.js';

interface Subscription {
  id: string;
  secret: string;
}

describe('Webhooks', () => {
  let t: TestApp;
  let write: string;
  let receiver: WebhookReceiver;
  let counterpart: { id: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp(FAST_WEBHOOKS);
    write = await bearer(t, 'write');
    receiver = await startWebhookReceiver();
    counterpart = await createParty(t, { nameEn: 'Webhook Counterpart LLP', kind: 'organisation' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answer = () => 200;
  });
  // A test that failed half-way leaves no subscription behind to receive the next test's events.
  afterEach(() => t.prisma.webhookSubscription.deleteMany({ where: { apiKeyId: { not: null } } }));

  const subscribe = (body: object, key = write) => request(server()).post('/api/v1/webhooks').set('Authorization', key).send(body);
  const subscribed = async (body: object) => (await subscribe(body).expect(201)).body as Subscription;
  const createMemorandum = async (titleEn: string) =>
    (
      await request(server())
        .post('/api/v1/memoranda')
        .set('Authorization', write)
        .send({ titleEn, parties: [{ partyId: counterpart.id }] })
        .expect(201)
    ).body as { id: string };
  const panels = new Map<string, PanelAgent>();
  /** A panel session of a staff member with this role (created on first use). */
  const panelAs = async (role: 'admin' | 'editor') => {
    if (!panels.has(role)) {
      const email = `hooks.${role}@kelisim.test`;
      await t.app.get(AdminUsersService).create({ email, password: 'correct-horse-battery', role, name: `Hooks ${role}`, locale: 'en' });
      panels.set(role, await panelLogin(t, email, 'correct-horse-battery'));
    }
    return panels.get(role)!;
  };
  const forRecord = (id: string) => (received: ReceivedWebhook) => webhookEvent(received).recordId === id;

  it('manages subscriptions per write key: the secret is shown once, other keys see nothing', async () => {
    const created = await subscribe({ url: receiver.url, events: ['memorandum.*'] }).expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), url: receiver.url, events: ['memorandum.*'], secret: expect.stringMatching(/^whsec_/) });
    expect(created.headers.location).toBe(`/api/v1/webhooks/${created.body.id}`);
    const own = await subscribe({ url: receiver.url, events: ['*'], secret: 'my-own-secret-of-enough-length' }).expect(201);
    expect(own.body.secret).toBe('my-own-secret-of-enough-length');

    const listed = await request(server()).get('/api/v1/webhooks').set('Authorization', write).expect(200);
    expect((listed.body as { data: Subscription[] }).data.map((hook) => hook.id)).toEqual([created.body.id, own.body.id]);
    expect(JSON.stringify(listed.body)).not.toContain('secret');
    const one = await request(server()).get(`/api/v1/webhooks/${created.body.id}`).set('Authorization', write).expect(200);
    expect(one.body).toEqual({ id: created.body.id, url: receiver.url, events: ['memorandum.*'], createdAt: created.body.createdAt });

    const other = await bearer(t, 'write');
    await request(server()).get(`/api/v1/webhooks/${created.body.id}`).set('Authorization', other).expect(404);
    await request(server()).delete(`/api/v1/webhooks/${created.body.id}`).set('Authorization', other).expect(404);
    expect((await request(server()).get('/api/v1/webhooks').set('Authorization', other).expect(200)).body).toEqual({ data: [] });
    const read = await bearer(t, 'read');
    await request(server()).get('/api/v1/webhooks').set('Authorization', read).expect(403);
    await subscribe({ url: receiver.url, events: ['*'] }, read).expect(403);

    await request(server()).delete(`/api/v1/webhooks/${created.body.id}`).set('Authorization', write).expect(204);
    await request(server()).delete(`/api/v1/webhooks/${own.body.id}`).set('Authorization', write).expect(204);
    await request(server()).get(`/api/v1/webhooks/${created.body.id}`).set('Authorization', write).expect(404);
    await request(server()).get('/api/v1/webhooks/not-a-uuid').set('Authorization', write).expect(400);
  });

  it('refuses bad subscriptions with a 400 naming the field, and more than the cap per key with a 409', async () => {
    const cases: [object, string][] = [
      [{ url: 'ftp://example.kz/x', events: ['*'] }, 'url'],
      [{ url: 'not a url', events: ['*'] }, 'url'],
      [{ url: `https://example.kz/${'x'.repeat(2000)}`, events: ['*'] }, 'url'],
      [{ url: 'https://user:pw@example.kz/x', events: ['*'] }, 'url'],
      [{ url: receiver.url, events: [] }, 'events'],
      [{ url: receiver.url, events: ['memorandum.signed'] }, 'events'],
      [{ url: receiver.url, events: ['planet.*'] }, 'events'],
      [{ url: receiver.url, events: ['*'], secret: 'short' }, 'secret'],
      [{ url: receiver.url, events: ['*'], extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const response = await subscribe(body).expect(400);
      expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toContain(field);
    }
    const capped = await bearer(t, 'write');
    for (let index = 0; index < MAX_SUBSCRIPTIONS_PER_KEY; index += 1) await subscribe({ url: receiver.url, events: ['visit.*'] }, capped).expect(201);
    await subscribe({ url: receiver.url, events: ['visit.*'] }, capped).expect(409);
    await t.prisma.webhookSubscription.deleteMany({ where: { events: { has: 'visit.*' } } });
  });

  it('delivers a change made through the API within 2 s, signed with the secret, as the feed event, only to matching subscriptions', async () => {
    const memoranda = await subscribed({ url: receiver.url, events: ['memorandum.*'] });
    const parties = await subscribed({ url: `${receiver.url}?parties`, events: ['party.created'] });
    const memorandum = await createMemorandum('Signed delivery');
    // From the moment the change is acknowledged (it has committed by then).
    const started = Date.now();
    const [delivered] = await receiver.waitFor(1, forRecord(memorandum.id), 5000);
    const latencyMs = delivered.at - started;
    console.log(`webhook latency, API change to receiver: ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(2000);

    const signature = String(delivered.headers['kelisim-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(memoranda.secret, signature, delivered.body)).toBe(true);
    expect(verifySignature(parties.secret, signature, delivered.body)).toBe(false);
    expect(verifySignature(memoranda.secret, signature, delivered.body.replace('Signed', 'Forged'))).toBe(false);
    const event = webhookEvent(delivered);
    expect(delivered.headers['kelisim-event-id']).toBe(String(event.id));
    expect(delivered.headers['content-type']).toBe('application/json');
    const feed = await request(server()).get('/api/v1/changes').query({ types: 'memorandum.created' }).set('Authorization', write).expect(200);
    expect(feed.body.data).toContainEqual(event);
    // No party changed: nothing went to the party subscription.
    expect(receiver.received.filter((received) => received.headers['kelisim-event-id'] === String(event.id))).toHaveLength(1);

    for (const hook of [memoranda, parties]) await request(server()).delete(`/api/v1/webhooks/${hook.id}`).set('Authorization', write).expect(204);
  });

  it('delivers a change made through the admin panel within 2 s, signed, naming the staff member', async () => {
    // The first panel request of a process is slow (the panel starts up): log in before the clock starts.
    const panel = await panelAs('admin');
    const hook = await subscribed({ url: receiver.url, events: ['memorandum.updated'] });
    const memorandum = await createMemorandum('Edited in the panel');
    const saved = await panel
      .post(`/admin/api/resources/Memorandum/records/${memorandum.id}/edit`)
      .field('version', '1')
      .field('titleEn', 'Renamed in the panel');
    // From the moment the change is acknowledged (it has committed by then).
    const started = Date.now();
    expect((saved.body as { notice: { type: string } }).notice.type).toBe('success');
    const [delivered] = await receiver.waitFor(1, forRecord(memorandum.id), 5000);
    const latencyMs = delivered.at - started;
    console.log(`webhook latency, panel change to receiver: ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(2000);
    expect(JSON.parse(delivered.body)).toMatchObject({
      type: 'memorandum.updated',
      version: 2,
      actor: { type: 'user' },
      changes: { titleEn: { from: 'Edited in the panel', to: 'Renamed in the panel' } },
    });
    expect(verifySignature(hook.secret, String(delivered.headers['kelisim-signature']), delivered.body)).toBe(true);
  }, 60_000);

  it('retries a receiver that answers 500 three times, then 200, and sends the event exactly once more', async () => {
    const hook = await subscribed({ url: receiver.url, events: ['memorandum.created'] });
    let answered = 0;
    receiver.answer = () => (++answered <= 3 ? 500 : 200);
    const memorandum = await createMemorandum('Flaky receiver');
    await receiver.waitFor(4, forRecord(memorandum.id), 10_000);
    // Time for a fifth attempt, were one to come (the retries above came every 50–200 ms).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const attempts = receiver.received.filter(forRecord(memorandum.id));
    expect(attempts).toHaveLength(4);
    expect(new Set(attempts.map((attempt) => attempt.headers['kelisim-event-id'])).size).toBe(1);
    for (const attempt of attempts) expect(verifySignature(hook.secret, String(attempt.headers['kelisim-signature']), attempt.body)).toBe(true);
    const delivery = await t.prisma.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: hook.id } });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 200, lastError: null });
    await request(server()).delete(`/api/v1/webhooks/${hook.id}`).set('Authorization', write).expect(204);
  });

  it('sends follow_up.overdue once, from the scheduled job, when a follow-up is past due', async () => {
    const hook = await subscribed({ url: receiver.url, events: ['follow_up.overdue'] });
    const memorandum = await createMemorandum('With a late promise');
    const followUp = await request(server())
      .post('/api/v1/follow-ups')
      .set('Authorization', write)
      .send({ titleEn: 'Late', memorandumId: memorandum.id, dueOn: '2020-05-01', dueOnPrecision: 'day' })
      .expect(201);
    const [received] = await receiver.waitFor(1, forRecord(followUp.body.id as string));
    expect(webhookEvent(received)).toMatchObject({ type: 'follow_up.overdue', recordType: 'follow_up', version: 1 });
    expect(verifySignature(hook.secret, String(received.headers['kelisim-signature']), received.body)).toBe(true);
    // The job runs every 100 ms here: time for a second announcement, were there one.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received.filter(forRecord(followUp.body.id as string))).toHaveLength(1);
    await request(server()).delete(`/api/v1/webhooks/${hook.id}`).set('Authorization', write).expect(204);
  });

  it('marks a delivery failed once its retry window has passed; the panel shows it and an admin redelivers it', async () => {
    const hook = await subscribed({ url: receiver.url, events: ['memorandum.created'] });
    receiver.answer = () => 503;
    const memorandum = await createMemorandum('Receiver down');
    await receiver.waitFor(1, forRecord(memorandum.id));
    // The window ends now: the next failure gives up.
    await t.prisma.webhookDelivery.updateMany({ where: { subscriptionId: hook.id }, data: { giveUpAt: new Date() } });
    const failed = async () => (await t.prisma.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: hook.id } })).status === 'failed';
    for (let waited = 0; !(await failed()); waited += 50) {
      if (waited > 5000) throw new Error('the delivery was not marked failed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const delivery = await t.prisma.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: hook.id } });
    expect(delivery).toMatchObject({ lastStatusCode: 503, lastError: 'answered 503' });
    const before = receiver.received.filter(forRecord(memorandum.id)).length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.filter(forRecord(memorandum.id))).toHaveLength(before);

    // The panel's delivery log shows it; only an admin may send it again, and only by POST.
    receiver.answer = () => 200;
    const admin = await panelAs('admin');
    const log = await admin.get('/admin/api/resources/WebhookDelivery/actions/list').query({ 'filters.subscription': hook.id }).expect(200);
    expect((log.body as { records: { params: Record<string, unknown> }[] }).records.map((record) => record.params)).toEqual([
      expect.objectContaining({ status: 'failed', lastStatusCode: 503, eventType: 'memorandum.created' }),
    ]);
    const redeliver = `/admin/api/resources/WebhookDelivery/records/${delivery.id}/redeliver`;
    await (await panelAs('editor')).post(redeliver).expect(403);
    expect(receiver.received.filter(forRecord(memorandum.id))).toHaveLength(before);
    const redelivered = await admin.post(redeliver).expect(200);
    expect((redelivered.body as { notice: { message: string } }).notice.message).toBe('webhookRedelivered');
    await receiver.waitFor(before + 1, forRecord(memorandum.id));
    const subscriptions = await admin.get('/admin/api/resources/WebhookSubscription/actions/list').expect(200);
    expect(JSON.stringify(subscriptions.body)).toContain(hook.id);
    expect(JSON.stringify(subscriptions.body)).not.toContain(hook.secret);
    await request(server()).delete(`/api/v1/webhooks/${hook.id}`).set('Authorization', write).expect(204);
  }, 60_000);
});
