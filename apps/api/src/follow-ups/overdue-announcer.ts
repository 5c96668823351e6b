import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { ChangeFeedService } from '../domain/change-feed.service.js';
import { PollingLoop } from '../domain/polling-loop.js';
import { AppConfig } from '../infrastructure/config/app-config.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { OPEN_STATUSES, overdueWhere } from './follow-up.where.js';

const OVERDUE_ACTOR: Actor = { type: 'system', id: null, name: 'overdue-check' };
const BATCH = 100;

/**
 * Emits `follow_up.overdue` once when a follow-up's due date passes while it is still open (planned or in progress,
 * the same rule as `?overdue=true`). Each batch marks the follow-ups it announces (overdue_announced_for = the due
 * date) and appends their events in one transaction; the mark is set by an UPDATE that re-checks it under the row
 * lock, so two instances running the job at once announce each follow-up once between them. A due date moved later
 * is announced again when that one passes.
 */
@Injectable()
export class OverdueAnnouncer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OverdueFollowUps');
  private readonly loop = new PollingLoop(this.logger, 'Announcing overdue follow-ups', async () => (await this.announceBatch()) === BATCH);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly feed: ChangeFeedService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_WORKERS) this.loop.start(this.config.OVERDUE_CHECK_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Announces every follow-up that is overdue and not yet announced for its due date; returns how many. */
  async announceAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const announced = await this.announceBatch();
      total += announced;
      if (announced < BATCH) return total;
    }
  }

  private async announceBatch(): Promise<number> {
    const candidates = await this.prisma.followUp.findMany({
      where: {
        AND: [
          overdueWhere(),
          { archivedAt: null },
          // Not announced for this due date (a date column compared with another: lt or gt, as Prisma has no "distinct from").
          {
            OR: [
              { overdueAnnouncedFor: null },
              { overdueAnnouncedFor: { lt: this.prisma.followUp.fields.dueOn } },
              { overdueAnnouncedFor: { gt: this.prisma.followUp.fields.dueOn } },
            ],
          },
        ],
      },
      select: { id: true },
      orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
      take: BATCH,
    });
    if (candidates.length === 0) return 0;
    return this.prisma.$transaction(async (tx) => {
      // A follow-up being edited right now is skipped (SKIP LOCKED) and announced by the next round.
      const marked = await tx.$queryRaw<{ id: string; version: number; due_on: string }[]>`
        WITH claimed AS (
          SELECT id FROM follow_up
          WHERE id = ANY(${candidates.map((candidate) => candidate.id)}::uuid[])
            AND archived_at IS NULL AND status::text = ANY(${OPEN_STATUSES}::text[])
            AND overdue_announced_for IS DISTINCT FROM due_on
          FOR UPDATE SKIP LOCKED
        )
        UPDATE follow_up f SET overdue_announced_for = f.due_on FROM claimed WHERE f.id = claimed.id
        RETURNING f.id::text, f.version, to_char(f.due_on, 'YYYY-MM-DD') AS due_on`;
      for (const row of marked) {
        await this.feed.appendEvent(tx, {
          type: 'follow_up.overdue',
          entityType: 'follow_up',
          entityId: row.id,
          version: row.version,
          changes: { overdue: { from: false, to: true }, dueOn: { from: row.due_on, to: row.due_on } } satisfies Prisma.InputJsonObject,
          actor: OVERDUE_ACTOR,
        });
      }
      if (marked.length) this.logger.log(`Announced ${marked.length} overdue follow-ups.`);
      return marked.length;
    });
  }
}
