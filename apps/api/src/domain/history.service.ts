import { Injectable } from '@nestjs/common';
import type { AuditAction, EntityType, Prisma } from '@prisma/client';
import { pageWindow, type PageQueryDto } from '../http/list-query.dto.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import type { Actor } from './actor.js';
import { ChangeFeedService } from './change-feed.service.js';
import { IdempotencyService } from './idempotency.service.js';

/** A field edited: its old and new value; a membership list (parties, signatories, hosts): who joined and who left. */
export type FieldChange = { from: unknown; to: unknown } | MembershipChange;
export interface MembershipChange {
  added: Record<string, unknown>[];
  removed: Record<string, unknown>[];
}
export type FieldChanges = Record<string, FieldChange>;

/** A page of a record's history, newest first, with the number of entries in all. */
export interface HistoryPage {
  data: HistoryEntry[];
  total: number;
}

export interface HistoryEntry {
  kind: 'status' | 'edit';
  at: string;
  actor: { type: string; id: string | null; name: string };
  action: AuditAction | 'transition';
  version?: number;
  from?: string;
  to?: string;
  comment?: string | null;
  changes?: FieldChanges;
}

/** How a kind of record reads as its routes answer (its response DTO), by the id the audit trail names it by. */
export type RecordReader = (id: string) => Promise<unknown>;

/**
 * Writes and reads the audit trail. Writes take the caller's transaction so history and change commit together, and
 * so do the note on a running Idempotency-Key claim of which records the request wrote and the change feed's event
 * (ChangeFeedService): every business write passes here.
 */
@Injectable()
export class HistoryService {
  private readonly readers = new Map<EntityType, RecordReader>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly idempotency: IdempotencyService,
    private readonly changeFeed: ChangeFeedService,
  ) {}

  /** Each record service says how its records read, so that a change the trail names can be shown as it is now. */
  registerReader(entityType: EntityType, read: RecordReader): void {
    this.readers.set(entityType, read);
  }

  /** The record a change was made to, as its routes answer now. */
  async currentState(entityType: EntityType, entityId: string): Promise<unknown> {
    const read = this.readers.get(entityType);
    if (!read) throw new Error(`No reader is registered for ${entityType} records.`);
    return read(entityId);
  }

  async recordChange(
    tx: Prisma.TransactionClient,
    entry: { entityType: EntityType; entityId: string; action: AuditAction; version: number; changes: FieldChanges; actor: Actor },
  ): Promise<void> {
    await this.idempotency.stampWrite(tx, { type: entry.entityType, id: entry.entityId, action: entry.action });
    const changes = toJson(entry.changes);
    await this.changeFeed.append(tx, { ...entry, changes });
    await tx.auditEntry.create({
      data: {
        entityType: entry.entityType,
        entityId: entry.entityId,
        action: entry.action,
        version: entry.version,
        changes,
        actorType: entry.actor.type,
        actorId: entry.actor.id,
        actorName: entry.actor.name,
      },
    });
  }

  async recordStatusChange(
    tx: Prisma.TransactionClient,
    entry: { entityType: EntityType; entityId: string; from: string; to: string; comment: string | null; version: number; actor: Actor },
  ): Promise<void> {
    await tx.statusChange.create({
      data: {
        entityType: entry.entityType,
        entityId: entry.entityId,
        fromStatus: entry.from,
        toStatus: entry.to,
        version: entry.version,
        comment: entry.comment,
        actorType: entry.actor.type,
        actorId: entry.actor.id,
        actorName: entry.actor.name,
      },
    });
    await this.recordChange(tx, {
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: 'transition',
      version: entry.version,
      changes: { status: { from: entry.from, to: entry.to } },
      actor: entry.actor,
    });
  }

  /**
   * Status changes and field edits of one record, newest first, a page at a time: one statement over both tables
   * (a transition also writes an audit entry, which the status change stands for). Membership lists recorded before
   * they were structured (`"<party id>:<role>"` strings) read as who joined and who left, like newer ones.
   */
  /**
   * One page of a record's history, newest first. `fieldOrder` (the type's audited fields) orders each edit's changes
   * as the record reads, since the database keeps them in its own key order.
   */
  async historyOf(entityType: EntityType, entityId: string, page: PageQueryDto = {}, fieldOrder: readonly string[] = []): Promise<HistoryPage> {
    const { limit, offset } = pageWindow(page);
    const rows = await this.prisma.$queryRaw<HistoryRow[]>`
      WITH entries AS (
        SELECT 'status' AS kind, id, created_at, actor_type::text, actor_id, actor_name, 'transition' AS action, version,
               from_status, to_status, comment, NULL::jsonb AS changes
          FROM status_change WHERE entity_type = ${entityType}::"EntityType" AND entity_id = ${entityId}::uuid
        UNION ALL
        SELECT 'edit', id, created_at, actor_type::text, actor_id, actor_name, action::text, version, NULL, NULL, NULL, changes
          FROM audit_entry
          WHERE entity_type = ${entityType}::"EntityType" AND entity_id = ${entityId}::uuid AND action <> 'transition'
      )
      SELECT entries.*, count(*) OVER ()::int AS total FROM entries
      ORDER BY created_at DESC, kind DESC, id DESC
      LIMIT ${limit} OFFSET ${offset}`;
    const total = rows[0]?.total ?? (offset > 0 ? await this.countOf(entityType, entityId) : 0);
    return { data: rows.map((row) => entryOf(row, fieldOrder)), total };
  }

  /** The number of entries, for a page past the end (which has no row to carry it). */
  private async countOf(entityType: EntityType, entityId: string): Promise<number> {
    const [statuses, edits] = await Promise.all([
      this.prisma.statusChange.count({ where: { entityType, entityId } }),
      this.prisma.auditEntry.count({ where: { entityType, entityId, action: { not: 'transition' } } }),
    ]);
    return statuses + edits;
  }
}

interface HistoryRow {
  kind: 'status' | 'edit';
  created_at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  action: AuditAction | 'transition';
  version: number | null;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  changes: Record<string, FieldChange> | null;
  total: number;
}

function entryOf(row: HistoryRow, fieldOrder: readonly string[]): HistoryEntry {
  const common = {
    kind: row.kind,
    at: row.created_at.toISOString(),
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    action: row.action,
    ...(row.version !== null && { version: row.version }),
  };
  if (row.kind === 'status') return { ...common, from: row.from_status!, to: row.to_status!, comment: row.comment };
  const position = (field: string) => (fieldOrder.includes(field) ? fieldOrder.indexOf(field) : fieldOrder.length);
  const fields = Object.entries(row.changes ?? {}).sort(([a], [b]) => position(a) - position(b));
  return { ...common, changes: Object.fromEntries(fields.map(([field, change]) => [field, readMembership(field, change)])) };
}

/**
 * The join-row lists of the record types, by the field their audit snapshots compare (each item a string: a party
 * id with its role, `"<id>:<role>"`, a person with the party they signed for, `"<id>:<party>"`, or an id), and what
 * an item names in history.
 */
const MEMBERSHIPS: Record<string, (item: string) => Record<string, unknown>> = {
  parties: (item) => {
    const [party, role] = item.split(':');
    return role ? { party, role } : { party };
  },
  hosts: (party) => ({ party }),
  signatories: (item) => {
    const [person, party] = item.split(':');
    return party ? { person, party } : { person };
  },
};

function membershipChange(field: string, from: unknown, to: unknown): MembershipChange | undefined {
  const item = MEMBERSHIPS[field];
  if (!item || !Array.isArray(from ?? []) || !Array.isArray(to ?? [])) return undefined;
  const before = ((from ?? []) as unknown[]).map(String);
  const after = ((to ?? []) as unknown[]).map(String);
  return {
    added: after.filter((value) => !before.includes(value)).map(item),
    removed: before.filter((value) => !after.includes(value)).map(item),
  };
}

/** Entries written before memberships were structured kept the old and new lists: read them as who joined and left. */
function readMembership(field: string, change: FieldChange): FieldChange {
  return 'from' in change ? (membershipChange(field, change.from, change.to) ?? change) : change;
}

function toJson(changes: FieldChanges): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(changes, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))) as Prisma.InputJsonValue;
}

/** The fields whose value differs between two snapshots (dates and decimals compared by their string form). */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const from = normalise(before[field]);
    const to = normalise(after[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = membershipChange(field, from, to) ?? { from, to };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && 'toFixed' in value && typeof (value as { toString: () => string }).toString === 'function') {
    return (value as { toString: () => string }).toString();
  }
  if (Array.isArray(value)) return value.map(normalise);
  return value ?? null;
}
