// Webhooks across processes: the service killed with SIGKILL between a commit and its delivery still delivers after
// a restart, and two instances on one database deliver each event once between them.
import request from 'supertest';
import { bearer, createParty } from './support/fixtures.js';
import { send } from './support/loopback-http.js';
import { type ServiceProcess, startServiceProcess } from './support/service-process.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { FAST_WEBHOOKS, startWebhookReceiver, webhookEvent, type ReceivedWebhook, type WebhookReceiver } from './support/webhook-receiver.js';

describe('Webhooks across service instances', () => {
  let t: TestApp;
  let write: string;
  let receiver: WebhookReceiver;
  let counterpart: { id: string };
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    // The in-process app only sets up (its loops are off); the services under test are child processes.
    t = await createTestApp();
    write = await bearer(t, 'write');
    counterpart = await createParty(t, { nameEn: 'Instances Counterpart LLP', kind: 'organisation' });
    receiver = await startWebhookReceiver();
    await request(t.app.getHttpServer())
      .post('/api/v1/webhooks')
      .set('Authorization', write)
      .send({ url: receiver.url, events: ['memorandum.created'] })
      .expect(201);
  });
  afterAll(async () => {
    for (const service of running) await service.kill();
    await receiver.close();
    await t.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answer = () => 200;
  });

  const start = async (env: Record<string, string>) => {
    const service = await startServiceProcess(t.database.url, { ...FAST_WEBHOOKS, ...env });
    running.push(service);
    return service;
  };
  const kill = async (service: ServiceProcess) => {
    await service.kill();
    running.splice(running.indexOf(service), 1);
  };
  const port = (service: ServiceProcess) => Number(new URL(service.url).port);
  const createMemorandum = async (service: ServiceProcess, titleEn: string) => {
    const response = await send(port(service), 'POST', '/api/v1/memoranda', {
      headers: { authorization: write },
      body: { titleEn, parties: [{ partyId: counterpart.id }] },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  };
  const forRecord = (id: string) => (received: ReceivedWebhook) => webhookEvent(received).recordId === id;
  /** The delivery of a record's event once its last attempt is recorded (the receiver sees a request before that). */
  const settledDeliveryOf = async (recordId: string) => {
    for (let waited = 0; ; waited += 50) {
      const rows = await t.prisma.webhookDelivery.findMany({ where: { payload: { path: ['recordId'], equals: recordId } } });
      expect(rows).toHaveLength(1);
      if (rows[0].status !== 'pending' || waited > 10_000) return rows[0];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('delivers after a restart what a killed instance had committed but not yet sent', async () => {
    // This instance never gets round to its loops before it dies.
    const doomed = await start({ WEBHOOK_POLL_INTERVAL_MS: '60000' });
    const memorandum = await createMemorandum(doomed, 'Committed, then killed');
    await kill(doomed);
    expect(receiver.received).toHaveLength(0);

    await start({});
    const [delivered] = await receiver.waitFor(1, forRecord(memorandum.id));
    expect(webhookEvent(delivered)).toMatchObject({ type: 'memorandum.created', recordId: memorandum.id });
    expect(await settledDeliveryOf(memorandum.id)).toMatchObject({ status: 'delivered', attempts: 1 });
  }, 60_000);

  it('sends again after a restart what a killed instance was sending when it died', async () => {
    const first = await start({ WEBHOOK_TIMEOUT_MS: '1000' });
    // The receiver holds the first request open: the instance is killed mid-send, its lease (2 × timeout + 1 s) held.
    receiver.answer = (index) => (index === 0 ? 'hang' : 200);
    const memorandum = await createMemorandum(first, 'Killed mid-send');
    await receiver.waitFor(1, forRecord(memorandum.id));
    await kill(first);

    await start({ WEBHOOK_TIMEOUT_MS: '1000' });
    const attempts = await receiver.waitFor(2, forRecord(memorandum.id), 15_000);
    expect(new Set(attempts.map((attempt) => attempt.headers['kelisim-event-id'])).size).toBe(1);
    const delivery = await settledDeliveryOf(memorandum.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
  }, 60_000);

  it('delivers each event once when two instances share the database', async () => {
    for (const service of [...running]) await kill(service);
    const instances = [await start({ WEBHOOK_POLL_INTERVAL_MS: '20' }), await start({ WEBHOOK_POLL_INTERVAL_MS: '20' })];
    const created: { id: string }[] = [];
    for (let index = 0; index < 40; index += 1) created.push(await createMemorandum(instances[index % 2], `Shared ${index}`));
    const ids = new Set(created.map((memorandum) => memorandum.id));
    const ours = (received: ReceivedWebhook) => ids.has(webhookEvent(received).recordId);
    await receiver.waitFor(created.length, ours, 20_000);
    await Promise.all(created.map((memorandum) => settledDeliveryOf(memorandum.id)));
    // Time for a duplicate to arrive, were either instance to send one.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const eventIds = receiver.received.filter(ours).map((received) => received.headers['kelisim-event-id']);
    expect(eventIds).toHaveLength(created.length);
    expect(new Set(eventIds).size).toBe(created.length);
    const deliveries = await t.prisma.webhookDelivery.findMany({ where: { eventType: 'memorandum.created', status: 'delivered', attempts: 1 } });
    expect(deliveries.filter((delivery) => ids.has((delivery.payload as { recordId: string }).recordId))).toHaveLength(created.length);
  }, 90_000);
});
