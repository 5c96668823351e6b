import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { BackgroundPurge } from '../domain/background-purge.js';
import { ChangeFeedService } from '../domain/change-feed.service.js';
import { PollingLoop } from '../domain/polling-loop.js';
import { AppConfig } from '../infrastructure/config/app-config.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { subscribedTypes } from './webhook-events.js';
import { sendWebhook, type SendOutcome } from './webhook-sender.js';
import { WebhooksService } from './webhooks.service.js';

/*
 * Webhook delivery, built on the change feed (an outbox: every committed change has its event).
 *
 * Fan-out: one instance at a time (the single webhook_dispatch_position row, claimed with FOR UPDATE SKIP LOCKED)
 * reads the feed's safe prefix after the position and, in the same transaction, inserts one delivery per event and
 * matching subscription (unique (subscription, event), ON CONFLICT DO NOTHING) and moves the position. A crash
 * before the commit leaves both as they were; after it, both are done: no event is fanned out twice or lost.
 *
 * Sending: any instance claims due deliveries in one statement (FOR UPDATE SKIP LOCKED, so two instances never
 * claim the same one) by setting a lease (locked_until) and counting the attempt, and then sends without holding a
 * transaction open across the HTTP call. The answer is recorded only by the claim that made it (same attempt
 * count). An instance killed mid-send leaves the lease to expire, and the delivery is sent again: at least once.
 */

/** Events fanned out per transaction. */
const FAN_OUT_BATCH = 500;
/** Deliveries one instance sends at once. */
const SEND_BATCH = 20;
/** Delivery log rows a purge deletes per statement. */
const PURGE_BATCH = 1000;

interface ClaimedDelivery {
  id: bigint;
  event_id: string;
  attempts: number;
  payload: unknown;
  give_up_at: Date;
  url: string;
  secret: string;
}

@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly loop = new PollingLoop(this.logger, 'Webhook delivery', () => this.runRound());
  /** Aborts the requests under way at shutdown; their leases expire and another instance or a restart resends. */
  private readonly shutdown = new AbortController();
  private readonly purge: BackgroundPurge;

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly feed: ChangeFeedService,
    private readonly webhooks: WebhooksService,
  ) {
    const days = config.WEBHOOK_DELIVERY_RETENTION_DAYS;
    this.purge = new BackgroundPurge(this.logger, `webhook deliveries delivered or failed more than ${days} days ago`, () => this.purgeExpiredDeliveries());
  }

  onApplicationBootstrap(): void {
    if (!this.config.WEBHOOK_WORKERS) return;
    this.loop.start(this.config.WEBHOOK_POLL_INTERVAL_MS);
    this.purge.start(3600 * 1000);
  }

  async onModuleDestroy(): Promise<void> {
    this.purge.stop();
    this.shutdown.abort();
    await this.loop.stop();
  }

  /**
   * Deletes delivery log rows that are done with (delivered or failed) and older than the retention, in batches;
   * pending ones stay whatever their age (they turn failed when their retry window ends). Returns how many.
   */
  async purgeExpiredDeliveries(): Promise<number> {
    let purged = 0;
    for (;;) {
      const deleted = await this.prisma.$executeRaw`
        DELETE FROM webhook_delivery WHERE id IN (
          SELECT id FROM webhook_delivery
          WHERE status IN ('delivered', 'failed')
            AND created_at < now() - make_interval(days => ${this.config.WEBHOOK_DELIVERY_RETENTION_DAYS}::int)
          LIMIT ${PURGE_BATCH}::int)`;
      purged += deleted;
      if (deleted < PURGE_BATCH) return purged;
    }
  }

  /** One round: fan new events out, then send what is due. True when either stopped short with more to do. */
  async runRound(): Promise<boolean> {
    const moreEvents = await this.fanOut();
    const moreDue = await this.sendDue();
    return moreEvents || moreDue;
  }

  /** Turns the next events of the feed into deliveries; false when another instance holds the position or all are done. */
  async fanOut(): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const [position] = await tx.$queryRaw<{ xid: string; event_id: string }[]>`
        SELECT xid::text, event_id::text FROM webhook_dispatch_position WHERE id = 1 FOR UPDATE SKIP LOCKED`;
      if (!position) return false;
      const page = await this.feed.readAfter(tx, { xid: position.xid, id: position.event_id }, FAN_OUT_BATCH);
      if (page.events.length === 0) return false;
      const subscriptions = await tx.webhookSubscription.findMany({ select: { id: true, events: true, createdAt: true } });
      const giveUpAt = new Date(Date.now() + this.config.WEBHOOK_RETRY_WINDOW_SECONDS * 1000);
      const deliveries = subscriptions.flatMap((subscription) => {
        const types = subscribedTypes(subscription.events);
        // A subscription gets the events of changes made after it, not the feed's past.
        return page.events
          .filter((event) => types.has(event.type) && new Date(event.occurredAt) >= subscription.createdAt)
          .map((event) => ({
            subscriptionId: subscription.id,
            eventId: BigInt(event.id),
            eventType: event.type,
            payload: event as unknown as Prisma.InputJsonObject,
            giveUpAt,
          }));
      });
      if (deliveries.length) await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
      await tx.$executeRaw`
        UPDATE webhook_dispatch_position SET xid = ${page.position.xid}::xid8, event_id = ${page.position.id}::bigint WHERE id = 1`;
      return page.hasMore;
    });
  }

  /** Claims due deliveries and sends them; true when the batch was full (more may be due). */
  async sendDue(): Promise<boolean> {
    // Long enough for the attempt (abandoned at WEBHOOK_TIMEOUT_MS) and recording its outcome.
    const leaseMs = 2 * this.config.WEBHOOK_TIMEOUT_MS + 1000;
    const claimed = await this.prisma.$queryRaw<ClaimedDelivery[]>`
      WITH due AS (
        SELECT id FROM webhook_delivery
        WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
        ORDER BY next_attempt_at, id
        LIMIT ${SEND_BATCH}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE webhook_delivery d
      SET locked_until = now() + make_interval(secs => ${leaseMs / 1000}::float8), attempts = d.attempts + 1
      FROM due, webhook_subscription s
      WHERE d.id = due.id AND s.id = d.subscription_id
      RETURNING d.id, d.event_id::text, d.attempts, d.payload, d.give_up_at, s.url, s.secret`;
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return claimed.length === SEND_BATCH;
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const outcome = await sendWebhook(
      { url: delivery.url, secret: delivery.secret, eventId: delivery.event_id, body: JSON.stringify(delivery.payload) },
      { policy: this.webhooks.policy, timeoutMs: this.config.WEBHOOK_TIMEOUT_MS, signal: this.shutdown.signal },
    );
    // Shutting down: leave the lease to expire, so the attempt is made again rather than recorded as a failure.
    if (this.shutdown.signal.aborted) return;
    await this.record(delivery, outcome);
  }

  private async record(delivery: ClaimedDelivery, outcome: SendOutcome): Promise<void> {
    const now = Date.now();
    const nextAttemptAt = new Date(now + this.backoffMs(delivery.attempts));
    const status = outcome.delivered ? 'delivered' : nextAttemptAt > delivery.give_up_at ? 'failed' : 'pending';
    await this.prisma.webhookDelivery.updateMany({
      // Only the claim that made this attempt records it: a later claim (after the lease ran out) owns the row now.
      where: { id: delivery.id, attempts: delivery.attempts },
      data: {
        status,
        lockedUntil: null,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error?.slice(0, 500) ?? null,
        ...(status === 'pending' ? { nextAttemptAt } : {}),
        ...(outcome.delivered ? { deliveredAt: new Date(now) } : {}),
      },
    });
    if (status === 'failed') this.logger.warn(`Webhook delivery ${delivery.id} of event ${delivery.event_id} failed for good: ${outcome.error}`);
  }

  /** Exponential backoff with jitter: about base·2^(n-1), capped, drawn from its upper half so retries spread out. */
  backoffMs(attempts: number): number {
    const ceiling = Math.min(this.config.WEBHOOK_RETRY_MAX_MS, this.config.WEBHOOK_RETRY_BASE_MS * 2 ** Math.min(attempts - 1, 30));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }
}
