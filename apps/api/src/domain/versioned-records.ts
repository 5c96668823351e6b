import { HttpStatus } from '@nestjs/common';
import type { AuditAction, EntityType, Prisma } from '@prisma/client';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import type { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import type { Actor } from './actor.js';
import type { FieldChanges, HistoryEntry, HistoryService } from './history.service.js';
import { allowedTransitions, type LifecycleEntity, statusesOf } from './lifecycle.js';
import { assertReferencesExist, type ReferenceCheck } from './references.js';
import type { RegionAccessService } from './region-access.service.js';
import { archivedRecord, notArchived, staleVersion } from './versioning.js';

/** The Prisma models whose rows carry `version` and `archivedAt`. */
export type VersionedModel = 'memorandum' | 'visit' | 'contract' | 'followUp' | 'party' | 'person';

type PartyIds = (string | null | undefined)[];

export interface VersionedRecordsOptions<R> {
  model: VersionedModel;
  entityType: EntityType;
  /** How problem messages name the record: "Memorandum", "Follow-up". */
  label: string;
  /** What loadForChange reads; R must be the payload of this include. */
  include: object;
  /** The parties the region permission looks at; may read linked records through the transaction. */
  partiesOf(record: R, tx: Prisma.TransactionClient): PartyIds | Promise<PartyIds>;
  /** The records this one points at, which must be live when it is saved or restored. */
  referencesOf(record: R): ReferenceCheck[];
}

export type LifecycleRecordsOptions<R> = VersionedRecordsOptions<R> & { entityType: LifecycleEntity };

export interface VersionedRecordsDeps {
  prisma: PrismaService;
  history: HistoryService;
  regions: RegionAccessService;
}

/** Only what these rules need of a model: Prisma's per-model delegates share no type that says so. */
interface VersionedDelegate {
  findUnique(args: { where: { id: string }; include?: object; select?: object }): Promise<unknown>;
  updateMany(args: { where: { id: string; version: number }; data: object }): Promise<{ count: number }>;
}

type VersionedRow = { version: number; archivedAt: Date | null };

/**
 * The optimistic-locking, archive and history rules of every versioned record, so that the REST API and the admin
 * panel get the same problems, checked in the same order, and the same history entries whichever record they change.
 */
export abstract class VersionedRecordsService<R extends VersionedRow, Dto> {
  protected constructor(
    protected readonly recordDeps: VersionedRecordsDeps,
    protected readonly recordOptions: VersionedRecordsOptions<R>,
  ) {}

  abstract get(id: string): Promise<Dto>;

  async archive(id: string, expectedVersion: number, actor: Actor): Promise<Dto> {
    this.recordDeps.regions.assertMayArchive(actor);
    await this.recordDeps.prisma.$transaction(async (tx) => {
      await this.loadForChange(tx, id, expectedVersion, actor);
      await this.beforeArchive(tx, id);
      const archivedAt = new Date();
      await this.updateAtVersion(tx, id, expectedVersion, { archivedAt });
      await this.recordChange(tx, id, 'archive', expectedVersion + 1, { archivedAt: { from: null, to: archivedAt.toISOString() } }, actor);
    });
    return this.get(id);
  }

  /** Brings an archived record back into lists, with the same version, region and history rules as any change. */
  async restore(id: string, expectedVersion: number, actor: Actor): Promise<Dto> {
    this.recordDeps.regions.assertMayArchive(actor);
    await this.recordDeps.prisma.$transaction(async (tx) => {
      const record = await this.loadChecked(tx, id, expectedVersion, actor, 'archived');
      // What it pointed at may have been archived meanwhile; a live record must not point at archived ones.
      await assertReferencesExist(tx, this.recordOptions.referencesOf(record));
      await this.updateAtVersion(tx, id, expectedVersion, { archivedAt: null });
      await this.recordChange(tx, id, 'restore', expectedVersion + 1, { archivedAt: { from: record.archivedAt!.toISOString(), to: null } }, actor);
    });
    return this.get(id);
  }

  async historyOf(id: string): Promise<HistoryEntry[]> {
    const exists = await this.delegate(this.recordDeps.prisma).findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw ProblemException.notFound(this.recordOptions.label, id);
    return this.recordDeps.history.historyOf(this.recordOptions.entityType, id);
  }

  /** A refusal particular to one kind of record, checked inside the archive transaction after loadForChange. */
  protected async beforeArchive(_tx: Prisma.TransactionClient, _id: string): Promise<void> {}

  /** Reads the record for a change, checking existence, archive state, version and region, in that order. */
  protected async loadForChange(tx: Prisma.TransactionClient, id: string, expectedVersion: number, actor: Actor): Promise<R> {
    return this.loadChecked(tx, id, expectedVersion, actor, 'live');
  }

  private async loadChecked(tx: Prisma.TransactionClient, id: string, expectedVersion: number, actor: Actor, state: 'live' | 'archived'): Promise<R> {
    const { label, include } = this.recordOptions;
    const record = (await this.delegate(tx).findUnique({ where: { id }, include })) as R | null;
    if (!record) throw ProblemException.notFound(label, id);
    if (state === 'live' && record.archivedAt) throw archivedRecord(label, id);
    if (state === 'archived' && !record.archivedAt) throw notArchived(label, id);
    if (record.version !== expectedVersion) throw staleVersion(label, id, expectedVersion, record.version);
    await this.recordDeps.regions.assertMayEdit(actor, await this.recordOptions.partiesOf(record, tx), `${label} ${id}`, tx);
    return record;
  }

  /**
   * Writes `data` and moves the row to its next version, only if it is still at `expectedVersion`: a concurrent
   * writer that got there between loadForChange and here turns this into 412 (404 if the row is gone).
   */
  protected async updateAtVersion(tx: Prisma.TransactionClient, id: string, expectedVersion: number, data: object): Promise<void> {
    const result = await this.delegate(tx).updateMany({ where: { id, version: expectedVersion }, data: { ...data, version: { increment: 1 } } });
    if (result.count === 0) throw await this.staleOrMissing(tx, id, expectedVersion);
  }

  protected async recordChange(
    tx: Prisma.TransactionClient,
    id: string,
    action: AuditAction,
    version: number,
    changes: FieldChanges,
    actor: Actor,
  ): Promise<void> {
    await this.recordDeps.history.recordChange(tx, { entityType: this.recordOptions.entityType, entityId: id, action, version, changes, actor });
  }

  private async staleOrMissing(tx: Prisma.TransactionClient, id: string, expectedVersion: number): Promise<ProblemException> {
    const current = (await this.delegate(tx).findUnique({ where: { id }, select: { version: true } })) as { version: number } | null;
    const { label } = this.recordOptions;
    return current ? staleVersion(label, id, expectedVersion, current.version) : ProblemException.notFound(label, id);
  }

  private delegate(client: Prisma.TransactionClient): VersionedDelegate {
    return client[this.recordOptions.model] as unknown as VersionedDelegate;
  }
}

/** Versioned records whose status changes only through the lifecycle table. */
export abstract class LifecycleRecordsService<R extends VersionedRow & { status: string }, Dto> extends VersionedRecordsService<R, Dto> {
  private readonly lifecycle: LifecycleEntity;

  protected constructor(recordDeps: VersionedRecordsDeps, options: LifecycleRecordsOptions<R>) {
    super(recordDeps, options);
    this.lifecycle = options.entityType;
  }

  async transition(id: string, expectedVersion: number, to: string, comment: string | undefined, actor: Actor): Promise<Dto> {
    const statuses = statusesOf(this.lifecycle);
    if (!statuses.includes(to)) {
      throw ProblemException.validation([{ field: 'to', message: `to must be one of ${statuses.join(', ')}` }]);
    }
    await this.recordDeps.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      const allowed = allowedTransitions(this.lifecycle, before.status);
      if (!allowed.includes(to)) {
        const what = this.recordOptions.label.toLowerCase();
        throw ProblemException.of(
          HttpStatus.CONFLICT,
          ProblemType.invalidTransition,
          allowed.length
            ? `A ${what} cannot move from ${before.status} to ${to}. Allowed: ${allowed.join(', ')}.`
            : `A ${what} in status ${before.status} is final and cannot change status.`,
          { currentStatus: before.status, allowedTransitions: allowed },
        );
      }
      await this.updateAtVersion(tx, id, expectedVersion, { status: to });
      await this.recordDeps.history.recordStatusChange(tx, {
        entityType: this.lifecycle,
        entityId: id,
        from: before.status,
        to,
        comment: comment?.trim() || null,
        version: expectedVersion + 1,
        actor,
      });
    });
    return this.get(id);
  }
}
