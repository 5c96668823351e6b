import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type AuditAction, type EntityType, Prisma } from '@prisma/client';
import { AppConfig } from '../infrastructure/config/app-config.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import type { Actor } from './actor.js';
import type { FieldChanges } from './history.service.js';
import { ALL_RECORD_TYPES, RECORD_TYPES } from './record-types.js';
import { BackgroundPurge } from './background-purge.js';

/*
 * The change feed: a transactional outbox. Every committed change of a record or source appended one event in the
 * transaction that made it (HistoryService calls append), so an event exists exactly when its change committed.
 *
 * Readers must never skip an event. Ids come from a sequence and are taken in the order transactions *insert*, not
 * the order they commit: a reader could see id 11 committed before id 10 and move past 10. So each event carries the
 * id of its writing transaction (xid8, pg_current_xact_id()) and readers return only events of transactions below
 * pg_snapshot_xmin(pg_current_snapshot()), the oldest transaction still running: every transaction below it has
 * committed or rolled back, and any transaction that has yet to commit, or even to start, has an xid at or above
 * it. Read in (xid, id) order, the part of the feed below that mark never changes again, so a cursor (the last
 * (xid, id) returned) never has an event appear behind it. The price: a long transaction holds the feed back until
 * it ends (at most DATABASE_TRANSACTION_TIMEOUT_MS for the service's own).
 */

/** The verb of each audited action in event types: `memorandum.status_changed`. */
export const CHANGE_VERBS: Record<AuditAction, string> = {
  create: 'created',
  update: 'updated',
  transition: 'status_changed',
  archive: 'archived',
  restore: 'restored',
};

/** The record types of the feed as the registry names them, then sources (they keep a history too). */
export const FEED_RECORD_TYPES: EntityType[] = [...ALL_RECORD_TYPES.map((type) => type.entityType), 'source'];

function actionsOf(recordType: EntityType): AuditAction[] {
  const lifecycle = recordType === 'source' ? null : RECORD_TYPES[recordType].lifecycle;
  return lifecycle ? ['create', 'update', 'transition', 'archive', 'restore'] : ['create', 'update', 'archive', 'restore'];
}

export function eventType(recordType: EntityType, action: AuditAction): string {
  return `${recordType}.${CHANGE_VERBS[action]}`;
}

const scheduledEventsOf = (recordType: EntityType): readonly string[] => (recordType === 'source' ? [] : (RECORD_TYPES[recordType].scheduledEvents ?? []));

/**
 * Every event type, from the registry: only record types with a lifecycle have `status_changed`, and some have
 * events of their own that a scheduled job emits (`follow_up.overdue`).
 */
export const CHANGE_EVENT_TYPES: string[] = FEED_RECORD_TYPES.flatMap((recordType) => [
  ...actionsOf(recordType).map((action) => eventType(recordType, action)),
  ...scheduledEventsOf(recordType).map((verb) => `${recordType}.${verb}`),
]);

/** What `types` accepts: the event types, and wildcards `<recordType>.*` and `*.<verb>`. */
export const CHANGE_TYPE_FILTERS: string[] = [
  ...CHANGE_EVENT_TYPES,
  ...FEED_RECORD_TYPES.map((recordType) => `${recordType}.*`),
  ...[...new Set([...Object.values(CHANGE_VERBS), ...FEED_RECORD_TYPES.flatMap(scheduledEventsOf)])].map((verb) => `*.${verb}`),
];

/** The event types a `types` filter names, wildcards expanded. */
export function expandTypeFilters(filters: string[]): string[] {
  const matches = (filter: string, type: string) => {
    const [recordType, verb] = filter.split('.');
    const [typeRecord, typeVerb] = type.split('.');
    return (recordType === '*' || recordType === typeRecord) && (verb === '*' || verb === typeVerb);
  };
  return CHANGE_EVENT_TYPES.filter((type) => filters.some((filter) => matches(filter, type)));
}

/** A place in the feed: the writing transaction and the event id, as decimal strings (both are 64-bit). */
export interface FeedPosition {
  xid: string;
  id: string;
}

const START: FeedPosition = { xid: '0', id: '0' };
const MAX_XID = 2n ** 64n - 1n;
const MAX_ID = 2n ** 63n - 1n;

/** The opaque cursor of a position: base64url of `<xid>.<id>`. */
export function encodeCursor(position: FeedPosition): string {
  return Buffer.from(`${position.xid}.${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one this feed gave out. */
export function decodeCursor(cursor: string): FeedPosition | null {
  if (!/^[A-Za-z0-9_-]{3,56}$/.test(cursor)) return null;
  const match = /^(0|[1-9]\d{0,19})\.(0|[1-9]\d{0,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || BigInt(match[1]) > MAX_XID || BigInt(match[2]) > MAX_ID) return null;
  const position = { xid: match[1], id: match[2] };
  // Only the canonical spelling: base64url has several strings for some byte sequences.
  return encodeCursor(position) === cursor ? position : null;
}

export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  const [ax, bx, ai, bi] = [BigInt(a.xid), BigInt(b.xid), BigInt(a.id), BigInt(b.id)];
  return ax !== bx ? (ax < bx ? -1 : 1) : ai === bi ? 0 : ai < bi ? -1 : 1;
}

const later = (a: FeedPosition, b: FeedPosition) => (comparePositions(a, b) >= 0 ? a : b);

export interface ChangeEvent {
  id: number;
  cursor: string;
  occurredAt: string;
  type: string;
  recordType: EntityType;
  recordId: string;
  /** A source's key, by which its routes address it; null for other records. */
  recordKey: string | null;
  version: number;
  actor: { type: string; id: string | null; name: string };
  changes: FieldChanges;
}

export interface ChangeFeedQuery {
  /** Resume after this position; from the oldest retained event without it. */
  after?: FeedPosition;
  limit: number;
  /** Event types (wildcards already expanded). */
  types?: string[];
  recordTypes?: EntityType[];
}

export interface ChangeFeedPage {
  data: ChangeEvent[];
  /** Where to resume: the last event returned, or past every event examined when fewer than `limit` matched. */
  cursor: string;
  /** Whether more events can be read at once (the page was full). */
  hasMore: boolean;
}

/** An event as the feed statement reads it: its transaction's id instead of the cursor made from it. */
type EventRow = Omit<ChangeEvent, 'cursor'> & { xid: string };

interface FeedRow {
  events: EventRow[];
  last_xid: string | null;
  last_id: string | null;
  purged_xid: string | null;
  purged_id: string | null;
  /** The first transaction id not yet assigned: no cursor this database gave out names it or a later one. */
  next_xid: string;
}

/** Rows a purge deletes per statement, so that one purge never holds many locks for long. */
const PURGE_BATCH = 1000;

@Injectable()
export class ChangeFeedService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ChangeFeed');
  private readonly purge: BackgroundPurge;

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {
    this.purge = new BackgroundPurge(this.logger, `change events older than ${config.CHANGE_FEED_RETENTION_DAYS} days`, () => this.purgeExpired());
  }

  onApplicationBootstrap(): void {
    this.purge.start(3600 * 1000);
  }

  onModuleDestroy(): void {
    this.purge.stop();
  }

  /** Appends the event of a change, in the transaction that makes it: the event commits exactly when the change does. */
  async append(
    tx: Prisma.TransactionClient,
    change: { entityType: EntityType; entityId: string; action: AuditAction; version: number; changes: Prisma.InputJsonValue; actor: Actor },
  ): Promise<void> {
    await this.appendEvent(tx, { ...change, type: eventType(change.entityType, change.action) });
  }

  /** Appends an event of any type the feed knows, such as a scheduled `follow_up.overdue`, in the caller's transaction. */
  async appendEvent(
    tx: Prisma.TransactionClient,
    event: { type: string; entityType: EntityType; entityId: string; version: number; changes: Prisma.InputJsonValue; actor: Actor },
  ): Promise<void> {
    if (!CHANGE_EVENT_TYPES.includes(event.type)) throw new Error(`Unknown change event type ${event.type}`);
    const actor = { type: event.actor.type, id: event.actor.id, name: event.actor.name };
    // xid defaults to pg_current_xact_id(): the id of this transaction, whichever statement inserts.
    await tx.$executeRaw`
      INSERT INTO change_event (type, record_type, record_id, version, actor, changes)
      VALUES (${event.type}, ${event.entityType}::"EntityType", ${event.entityId}::uuid, ${event.version},
        ${JSON.stringify(actor)}::jsonb, ${JSON.stringify(event.changes)}::jsonb)`;
  }

  /**
   * Up to `take` events after `start`, of every type, below the safe mark (so nothing can commit behind them later),
   * read with `client` (a transaction that also records how far it got), and the position after them.
   */
  async readAfter(
    client: Prisma.TransactionClient,
    start: FeedPosition,
    take: number,
  ): Promise<{ events: ChangeEvent[]; position: FeedPosition; hasMore: boolean }> {
    const [row] = await client.$queryRaw<FeedRow[]>(feedStatement(start, take + 1, null, null));
    const events = row.events.slice(0, take);
    const hasMore = row.events.length > take;
    return { events: events.map(eventOf), position: events.length ? positionOf(events[events.length - 1]) : start, hasMore };
  }

  /**
   * One page of the feed after a position, in one statement (one snapshot): the events of finished transactions in
   * (xid, id) order, the last such event overall (to move a filtered cursor past events that did not match), and the
   * purge horizon (a cursor before it has lost events: 410).
   */
  async read(query: ChangeFeedQuery): Promise<ChangeFeedPage> {
    const start = query.after ?? START;
    const { types = null, recordTypes = null } = query;
    const [row] = await this.prisma.$queryRaw<FeedRow[]>(feedStatement(start, query.limit + 1, types, recordTypes));
    const purged = row.purged_xid !== null ? { xid: row.purged_xid, id: row.purged_id! } : START;
    if (query.after && comparePositions(query.after, purged) < 0) throw cursorExpired(this.config.CHANGE_FEED_RETENTION_DAYS);
    // A cursor from the future: another database's, or this one restored from a backup older than the cursor.
    if (query.after && BigInt(query.after.xid) >= BigInt(row.next_xid)) throw cursorUnknown();
    const hasMore = row.events.length > query.limit;
    const events = row.events.slice(0, query.limit);
    const data = events.map(eventOf);
    let resume = later(start, purged);
    if (hasMore) resume = positionOf(events[events.length - 1]);
    else if (row.last_xid !== null) resume = later(resume, { xid: row.last_xid, id: row.last_id! });
    return { data, cursor: encodeCursor(resume), hasMore };
  }

  /**
   * Deletes events older than the retention, oldest first in feed order and only of finished transactions, so that
   * what is deleted is always a prefix of the feed; moves the horizon to the last one deleted. Returns how many.
   */
  async purgeExpired(): Promise<number> {
    let purged = 0;
    for (;;) {
      const [{ deleted }] = await this.prisma.$queryRaw<{ deleted: number }[]>`
        WITH head AS (
          SELECT xid, id, occurred_at FROM change_event
          WHERE xid < pg_snapshot_xmin(pg_current_snapshot())
            -- Events the webhook fan-out has not reached stay while anyone is subscribed (webhook-dispatcher.service.ts):
            -- purged first, their deliveries would never be made and nobody would know.
            AND (NOT EXISTS (SELECT 1 FROM webhook_subscription)
              OR (xid, id) <= (SELECT p.xid, p.event_id FROM webhook_dispatch_position p WHERE p.id = 1))
          ORDER BY xid, id LIMIT ${PURGE_BATCH}::int
        ),
        kept AS (
          SELECT xid, id FROM head
          WHERE occurred_at >= now() - make_interval(days => ${this.config.CHANGE_FEED_RETENTION_DAYS}::int)
          ORDER BY xid, id LIMIT 1
        ),
        doomed AS (
          SELECT h.id FROM head h WHERE NOT EXISTS (SELECT 1 FROM kept) OR (h.xid, h.id) < (SELECT k.xid, k.id FROM kept k)
        ),
        gone AS (DELETE FROM change_event e USING doomed d WHERE e.id = d.id RETURNING e.xid, e.id),
        newest AS (SELECT xid, id FROM gone ORDER BY xid DESC, id DESC LIMIT 1),
        moved AS (
          UPDATE change_feed_horizon h SET xid = n.xid, event_id = n.id, purged_at = now()
          FROM newest n WHERE h.id = 1 AND (h.xid, h.event_id) < (n.xid, n.id)
          RETURNING h.id
        )
        SELECT (SELECT count(*) FROM gone)::int AS deleted, (SELECT count(*) FROM moved)::int AS moved`;
      purged += deleted;
      if (deleted < PURGE_BATCH) break;
    }
    const [oldest] = await this.prisma.$queryRaw<{ occurred_at: Date }[]>`
      SELECT occurred_at FROM change_event WHERE xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY xid, id LIMIT 1`;
    if (oldest && oldest.occurred_at.getTime() < Date.now() - this.config.CHANGE_FEED_RETENTION_DAYS * 86_400_000) {
      this.logger.warn(
        `Change events older than ${this.config.CHANGE_FEED_RETENTION_DAYS} days are kept (the oldest from ${oldest.occurred_at.toISOString()}): ` +
          'the webhook fan-out has not reached them yet. Is any instance running with WEBHOOK_WORKERS=true?',
      );
    }
    return purged;
  }
}

/**
 * The feed's one statement: a page of up to `take` events after `start` below the safe mark, the last event below
 * it, and the purge horizon. Both scans of change_event walk its (xid, id) index (the e2e spec checks the plan).
 */
export function feedStatement(start: FeedPosition, take: number, types: string[] | null, recordTypes: EntityType[] | null): Prisma.Sql {
  return Prisma.sql`
      WITH safe AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS below),
      page AS (
        SELECT e.id, e.xid, e.occurred_at, e.type, e.record_type, e.record_id, s.key AS record_key, e.version, e.actor, e.changes
        FROM change_event e
        LEFT JOIN source_article s ON e.record_type = 'source' AND s.id = e.record_id
        WHERE e.xid < (SELECT below FROM safe) AND (e.xid, e.id) > (${start.xid}::xid8, ${start.id}::bigint)
          AND (${types}::text[] IS NULL OR e.type = ANY(${types}::text[]))
          AND (${recordTypes}::text[] IS NULL OR e.record_type::text = ANY(${recordTypes}::text[]))
        ORDER BY e.xid, e.id
        LIMIT ${take}
      ),
      last AS (
        SELECT e.xid, e.id FROM change_event e WHERE e.xid < (SELECT below FROM safe) ORDER BY e.xid DESC, e.id DESC LIMIT 1
      )
      SELECT
        (SELECT coalesce(json_agg(json_build_object(
            'id', p.id, 'xid', p.xid::text, 'occurredAt', p.occurred_at, 'type', p.type, 'recordType', p.record_type,
            'recordId', p.record_id, 'recordKey', p.record_key, 'version', p.version, 'actor', p.actor, 'changes', p.changes) ORDER BY p.xid, p.id), '[]'::json)
          FROM page p) AS events,
        (SELECT xid::text FROM last) AS last_xid, (SELECT id::text FROM last) AS last_id,
        (SELECT xid::text FROM change_feed_horizon WHERE id = 1) AS purged_xid,
        (SELECT event_id::text FROM change_feed_horizon WHERE id = 1) AS purged_id,
        pg_snapshot_xmax(pg_current_snapshot())::text AS next_xid`;
}

function positionOf(row: EventRow): FeedPosition {
  return { xid: row.xid, id: String(row.id) };
}

function eventOf(row: EventRow): ChangeEvent {
  return {
    id: row.id,
    cursor: encodeCursor(positionOf(row)),
    occurredAt: new Date(row.occurredAt).toISOString(),
    type: row.type,
    recordType: row.recordType,
    recordId: row.recordId,
    recordKey: row.recordKey,
    version: row.version,
    actor: row.actor,
    changes: row.changes,
  };
}

function cursorUnknown(): ProblemException {
  return ProblemException.of(
    HttpStatus.GONE,
    ProblemType.cursorExpired,
    'This cursor is ahead of every change this database has made: it comes from another database, or this one was restored from an older backup. Re-sync from the lists, then follow the feed again from a read without after.',
  );
}

function cursorExpired(days: number): ProblemException {
  return ProblemException.of(
    HttpStatus.GONE,
    ProblemType.cursorExpired,
    `Events after this cursor are older than the feed keeps (${days} days) and have been deleted. Re-sync from the lists, then follow the feed from the cursor of a fresh read without after.`,
  );
}
