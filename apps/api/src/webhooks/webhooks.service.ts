import { HttpStatus, Injectable } from '@nestjs/common';
import type { WebhookSubscription } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { AppConfig } from '../infrastructure/config/app-config.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { subscriptionProblems } from './webhook-events.js';
import { newWebhookSecret } from './webhook-signature.js';
import { type TargetPolicy, urlProblem } from './webhook-target.js';

/** Subscriptions one API key may hold: enough for any integration, few enough that a leaked key cannot flood. */
export const MAX_SUBSCRIPTIONS_PER_KEY = 20;

export interface NewSubscription {
  url: string;
  events: string[];
  secret?: string;
}

export type SubscriptionView = Pick<WebhookSubscription, 'id' | 'url' | 'events' | 'createdAt'>;

const VIEW = { id: true, url: true, events: true, createdAt: true } as const;

/** Webhook subscriptions and their deliveries: the rules behind the REST routes and the panel's actions. */
@Injectable()
export class WebhooksService {
  readonly policy: TargetPolicy;

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {
    this.policy = { strict: config.isProduction };
  }

  /** Creates a subscription owned by the actor (an API key or an admin); returns it with its secret, shown this once. */
  async create(actor: Actor, input: NewSubscription): Promise<SubscriptionView & { secret: string }> {
    const problem = urlProblem(input.url, this.policy);
    const problems = [...(problem ? [{ field: 'url', message: problem }] : []), ...subscriptionProblems(input)];
    if (problems.length) throw ProblemException.validation(problems);
    const owner = actor.type === 'api_key' ? { apiKeyId: actor.id } : { createdById: actor.type === 'user' ? actor.id : null };
    const secret = input.secret ?? newWebhookSecret();
    return this.prisma.$transaction(async (tx) => {
      if (owner.apiKeyId) {
        // Serialises concurrent creations by one key, so the cap holds under a race.
        await tx.$executeRaw`SELECT 1 FROM api_key WHERE id = ${owner.apiKeyId}::uuid FOR UPDATE`;
        const held = await tx.webhookSubscription.count({ where: { apiKeyId: owner.apiKeyId } });
        if (held >= MAX_SUBSCRIPTIONS_PER_KEY) {
          throw ProblemException.of(
            HttpStatus.CONFLICT,
            ProblemType.conflict,
            `This API key holds ${held} webhook subscriptions, the most one key may; delete one first.`,
          );
        }
      }
      const created = await tx.webhookSubscription.create({ data: { url: input.url, events: [...new Set(input.events)], secret, ...owner }, select: VIEW });
      return { ...created, secret };
    });
  }

  listOfKey(apiKeyId: string): Promise<SubscriptionView[]> {
    return this.prisma.webhookSubscription.findMany({ where: { apiKeyId }, select: VIEW, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  async getOfKey(apiKeyId: string, id: string): Promise<SubscriptionView> {
    const found = await this.prisma.webhookSubscription.findFirst({ where: { id, apiKeyId }, select: VIEW });
    // Another key's subscription is as unknown as a missing one: ids of others are nobody's business.
    if (!found) throw ProblemException.notFound('Webhook subscription', id);
    return found;
  }

  /** Deletes a subscription and its deliveries: nothing more is sent to it, also nothing already pending. */
  async deleteOfKey(apiKeyId: string, id: string): Promise<void> {
    const { count } = await this.prisma.webhookSubscription.deleteMany({ where: { id, apiKeyId } });
    if (count === 0) throw ProblemException.notFound('Webhook subscription', id);
  }

  /** Deletes any subscription (an admin in the panel) and its deliveries. */
  async delete(id: string): Promise<void> {
    const { count } = await this.prisma.webhookSubscription.deleteMany({ where: { id } });
    if (count === 0) throw ProblemException.notFound('Webhook subscription', id);
  }

  /** Sends a delivery again, whatever became of it: due at once, with a fresh retry window. */
  async redeliver(deliveryId: bigint): Promise<void> {
    const giveUpAt = new Date(Date.now() + this.config.WEBHOOK_RETRY_WINDOW_SECONDS * 1000);
    const { count } = await this.prisma.webhookDelivery.updateMany({
      where: { id: deliveryId },
      data: { status: 'pending', nextAttemptAt: new Date(), giveUpAt, lockedUntil: null },
    });
    if (count === 0) throw ProblemException.notFound('Webhook delivery', String(deliveryId));
  }
}
