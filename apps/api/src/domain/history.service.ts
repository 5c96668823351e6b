import { Injectable } from '@nestjs/common';
import type { AuditAction, EntityType, Prisma } from '@prisma/client';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import type { Actor } from './actor.js';
import { IdempotencyService } from './idempotency.service.js';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

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
 * so does the note on a running Idempotency-Key claim of which records the request wrote: every business write
 * passes here.
 */
@Injectable()
export class HistoryService {
  private readonly readers = new Map<EntityType, RecordReader>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly idempotency: IdempotencyService,
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
    await tx.auditEntry.create({
      data: {
        entityType: entry.entityType,
        entityId: entry.entityId,
        action: entry.action,
        version: entry.version,
        changes: toJson(entry.changes),
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

  /** Status changes and field edits of one record, newest first. */
  async historyOf(entityType: EntityType, entityId: string): Promise<HistoryEntry[]> {
    const [statusChanges, edits] = await Promise.all([
      this.prisma.statusChange.findMany({ where: { entityType, entityId }, orderBy: { createdAt: 'desc' } }),
      this.prisma.auditEntry.findMany({ where: { entityType, entityId, action: { not: 'transition' } }, orderBy: { createdAt: 'desc' } }),
    ]);
    const entries: HistoryEntry[] = [
      ...statusChanges.map((change) => ({
        kind: 'status' as const,
        at: change.createdAt.toISOString(),
        actor: { type: change.actorType, id: change.actorId, name: change.actorName },
        action: 'transition' as const,
        from: change.fromStatus,
        to: change.toStatus,
        comment: change.comment,
      })),
      ...edits.map((edit) => ({
        kind: 'edit' as const,
        at: edit.createdAt.toISOString(),
        actor: { type: edit.actorType, id: edit.actorId, name: edit.actorName },
        action: edit.action,
        version: edit.version,
        changes: edit.changes as FieldChanges,
      })),
    ];
    return entries.sort((a, b) => b.at.localeCompare(a.at));
  }
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
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
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
