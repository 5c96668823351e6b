import request from 'supertest';
import { bearer } from '../../../../test/support/fixtures.js';
import { feedSettled } from '../../../../test/support/change-feed.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { ChangeFeedService } from '../domain/change-feed.service.js';
import { WebhookDispatcher } from './webhook-dispatcher.service.js';

/*
 * What the purges keep: the change feed's events the webhook fan-out has not reached (while anyone is subscribed),
 * and the delivery log's rows for WEBHOOK_DELIVERY_RETENTION_DAYS. The loops are off here (createTestApp's default):
 * the test moves the fan-out itself.
 */
describe('Webhook retention', () => {
  let t: TestApp;
  let write: string;
  let dispatcher: WebhookDispatcher;
  let feed: ChangeFeedService;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_DELIVERY_RETENTION_DAYS: '30' });
    write = await bearer(t, 'write');
    dispatcher = t.app.get(WebhookDispatcher);
    feed = t.app.get(ChangeFeedService);
  });
  afterAll(() => t.close());

  // Each write is then within the feed's reach, for the fan-out and the purge alike (feedSettled).
  const createParties = async (count: number) => {
    for (let index = 0; index < count; index += 1) {
      await request(server())
        .post('/api/v1/parties')
        .set('Authorization', write)
        .send({ kind: 'organisation', nameEn: `Retained ${index}` })
        .expect(201);
    }
    await feedSettled(t);
  };
  const eventIds = async () => (await t.prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM change_event ORDER BY id`).map((row) => Number(row.id));
  const ageEvents = () => t.prisma.$executeRaw`UPDATE change_event SET occurred_at = now() - interval '91 days'`;

  it('keeps events older than the retention that the fan-out has not reached while anyone is subscribed', async () => {
    const hook = await request(server())
      .post('/api/v1/webhooks')
      .set('Authorization', write)
      .send({ url: 'http://127.0.0.1:9/hook', events: ['*'] })
      .expect(201);
    await createParties(3);
    while (await dispatcher.fanOut());
    const fannedOut = await eventIds();
    await createParties(2);
    const pending = (await eventIds()).filter((id) => !fannedOut.includes(id));
    expect(pending).toHaveLength(2);
    await ageEvents();

    expect(await feed.purgeExpired()).toBe(fannedOut.length);
    expect(await eventIds()).toEqual(pending);
    // Once the fan-out has read them, they go too.
    while (await dispatcher.fanOut());
    expect(await feed.purgeExpired()).toBe(2);
    expect(await eventIds()).toEqual([]);

    // With nobody subscribed, nothing waits for the fan-out: the retention alone decides.
    await request(server()).delete(`/api/v1/webhooks/${hook.body.id}`).set('Authorization', write).expect(204);
    await createParties(2);
    await ageEvents();
    expect(await feed.purgeExpired()).toBe(2);
    expect(await eventIds()).toEqual([]);
  });

  it('purges delivered and failed deliveries older than the retention, never pending ones', async () => {
    const hook = await request(server())
      .post('/api/v1/webhooks')
      .set('Authorization', write)
      .send({ url: 'http://127.0.0.1:9/hook', events: ['*'] })
      .expect(201);
    const old = new Date(Date.now() - 31 * 86_400_000);
    const recent = new Date(Date.now() - 29 * 86_400_000);
    const rows = [
      { eventId: 1n, status: 'delivered', createdAt: old, kept: false },
      { eventId: 2n, status: 'failed', createdAt: old, kept: false },
      { eventId: 3n, status: 'pending', createdAt: old, kept: true },
      { eventId: 4n, status: 'delivered', createdAt: recent, kept: true },
      { eventId: 5n, status: 'failed', createdAt: recent, kept: true },
    ] as const;
    await t.prisma.webhookDelivery.createMany({
      data: rows.map(({ eventId, status, createdAt }) => ({
        subscriptionId: hook.body.id as string,
        eventId,
        eventType: 'party.created',
        payload: {},
        status,
        createdAt,
        giveUpAt: new Date(createdAt.getTime() + 86_400_000),
      })),
    });
    expect(await dispatcher.purgeExpiredDeliveries()).toBe(2);
    const left = await t.prisma.webhookDelivery.findMany({ where: { subscriptionId: hook.body.id as string }, orderBy: { eventId: 'asc' } });
    expect(left.map((delivery) => delivery.eventId)).toEqual(rows.filter((row) => row.kept).map((row) => row.eventId));
    expect(await dispatcher.purgeExpiredDeliveries()).toBe(0);
  });
});
