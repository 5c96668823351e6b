import { HttpStatus } from '@nestjs/common';
import type { AuditAction, Prisma } from '@prisma/client';
import { type OrderBy, pageWindow, type RecordListQueryDto, type RecordPage } from '../http/list-query.dto.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import type { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import type { CitationsService, SourceInput } from '../sources/citations.service.js';
import type { Actor } from './actor.js';
import { diffFields, type FieldChanges, type HistoryPage, type HistoryService } from './history.service.js';
import { allowedTransitions, type LifecycleEntity, statusesOf } from './lifecycle.js';
import type { Embed } from './compact-records.js';
import { countCapped } from './capped-count.js';
import { keysetBatches } from './keyset-batches.js';
import { type AnyRecordType, delegateOf, type RecordDelegate } from './record-types.js';
import { loadRelated, type RelatedOf } from './related-lists.js';
import { encodeSyncCursor, readsForSync, SYNC_ORDER, type SyncPosition, syncStart, syncWatermark, syncWindow } from './sync-order.js';
import { assertReferencesExist, type ReferenceCheck } from './references.js';
import type { RegionAccessService } from './region-access.service.js';
import {
  absentExternalId,
  archivedRecord,
  type ExpectedVersion,
  notArchived,
  NothingChanged,
  preconditionRequired,
  presentExternalId,
  staleVersion,
  unlessNothingChanged,
  versionMatches,
} from './versioning.js';

export interface VersionedRecordsOptions<R, Dto = unknown> {
  /** The record type's registry entry (domain/record-types.ts). */
  type: AnyRecordType;
  /** What every read and change loads; R must be the payload of this include. */
  include: object;
  /** The records this one points at, which must be live when it is saved or restored (a body and a stored record alike). */
  referencesOf(record: R): ReferenceCheck[];
  /** Fields whose changes the audit trail records. */
  audited: readonly string[];
  /** What `?include=` can embed, by name (the list DTO's include values). */
  embeds?: Record<string, Embed<Dto>>;
  /** The record as the audit trail compares it (dates as strings, lists as ids); the record itself by default. */
  auditSnapshot?(record: R): Record<string, unknown>;
  /** For a type whose DTO PostgreSQL builds, its hot reads in one statement each (see JsonReads). */
  json?: JsonReads;
}

/**
 * Statements that build a type's DTO in PostgreSQL, byte for byte what the Prisma path assembles from several
 * (memoranda/memorandum-json.ts, follow-ups/follow-up-json.ts): a hot read is then one round trip and no query
 * compilation. Each takes `params()` first, then the id or the ids.
 */
export interface JsonReads {
  /** One record by id, archived or not, as `body`; no row when there is none. */
  one: string;
  /** The records of a `uuid[]` of ids, in that order, as one JSON array in `body`. */
  byIds: string;
  /** What the statements read before the ids: the type's lifecycle table, today. */
  params(): unknown[];
}

export interface VersionedRecordsDeps {
  prisma: PrismaService;
  history: HistoryService;
  regions: RegionAccessService;
  citations: CitationsService;
}

type VersionedRow = { id: string; version: number; archivedAt: Date | null };

/** A list query: the shared parameters and the related records to embed. */
type ListQuery = RecordListQueryDto & { include?: string[]; sort?: string };

/** A body that may carry the record's external id: absent leaves it, null clears it. */
interface WithExternalId {
  externalId?: string | null;
}

/** A body that may carry the record's citations: absent leaves them, a list replaces them. */
interface WithSources {
  sources?: SourceInput[];
}

export interface CreateSteps {
  /** The type's own rules on the body, before anything is read or written (400s). */
  validate?(tx: Prisma.TransactionClient): void | Promise<void>;
  /** The records the body points at (422 when missing or archived). */
  references: ReferenceCheck[];
  /** Inserts the row with its join rows; returns its id. */
  insert(tx: Prisma.TransactionClient): Promise<{ id: string }>;
}

export interface UpdateSteps<R> {
  /** The type's own rules on the body and the stored record (400s, and 422s that need the database). */
  validate?(before: R, tx: Prisma.TransactionClient): void | Promise<void>;
  references: ReferenceCheck[];
  /** The columns to write (the version is moved by the base). */
  data(before: R): object;
  /** Replaces the join rows the body lists. */
  replaceJoins?(tx: Prisma.TransactionClient): Promise<void>;
}

/** Which rows of a list a page holds: the list's filters and order, and its window. */
interface PageSlice {
  where: object;
  orderBy: OrderBy[];
  take: number;
  skip: number;
}

/**
 * The rules every versioned record shares, so that the REST API and the admin panel get the same problems, checked in
 * the same order, and the same history entries whichever record they change: reading (one page, one record), the
 * create/update skeleton (validate, check references, write, replace joins, check the region on the result, replace
 * citations, reload, record the diff), optimistic locking, archive and restore. Each type keeps its own explicit
 * mapping of its DTOs to columns.
 */
export abstract class VersionedRecordsService<R extends VersionedRow, Dto, Query extends ListQuery = ListQuery> {
  protected constructor(
    protected readonly recordDeps: VersionedRecordsDeps,
    protected readonly recordOptions: VersionedRecordsOptions<R, Dto>,
  ) {
    // An Idempotency-Key retry after a crash answers with the record that committed, read as GET reads it.
    recordDeps.history.registerReader(recordOptions.type.entityType, (id) => this.get(id));
  }

  /** The fields whose changes history records: the type's own and the external id every type has. */
  private get audited(): readonly string[] {
    return [...this.recordOptions.audited, 'externalId'];
  }

  /** The response shape of a stored record, with its related lists (capped: domain/related-lists.ts). */
  protected abstract toDto(record: R, related: RelatedOf): Dto;

  /** What a list query selects and in which order: the type's own filters and sort fields. */
  protected abstract listQuery(query: Query): Promise<{ where: object; orderBy: OrderBy[] }>;

  /** Adds the `?include=` embeds to loaded DTOs, one batched query each. */
  protected async embed(dtos: Dto[], include: string[]): Promise<void> {
    for (const name of include) await this.recordOptions.embeds?.[name]?.(this.recordDeps.prisma, dtos);
  }

  /**
   * One record. A type with JsonReads reads it in one statement, except with embeds (`?include=`) or inside a
   * transaction, which take the Prisma path; json-reads.e2e-spec.ts holds the two to the same bytes.
   */
  async get(id: string, include: string[] = [], client: Prisma.TransactionClient = this.recordDeps.prisma): Promise<Dto> {
    const { json } = this.recordOptions;
    if (json && !include.length && client === this.recordDeps.prisma) {
      const rows = await this.recordDeps.prisma.rowsOf<{ body: Dto }>(json.one, [...json.params(), id]);
      if (!rows.length) throw ProblemException.notFound(this.recordOptions.type.label, id);
      return rows[0].body;
    }
    const record = (await this.delegate(client).findUnique({ where: { id }, include: this.recordOptions.include })) as R | null;
    if (!record) throw ProblemException.notFound(this.recordOptions.type.label, id);
    const [dto] = await this.toDtos(client, [record]);
    if (include.length) await this.embed([dto], include);
    return dto;
  }

  /**
   * One page of the records the query selects, with its total: by the type's order and offset, or read for syncing (in
   * sync order from a position, below the watermark: domain/sync-order.ts) with the cursor of the next page.
   */
  async list(query: Query): Promise<RecordPage<Dto>> {
    const { where, orderBy, start } = await this.selection(query);
    const { limit, offset } = pageWindow(query);
    // The count in the page's order where an index serves it (the sync order; the default order of live rows), so it
    // walks that index and stops at the cap; in any other order PostgreSQL would sort every match first.
    const indexed = start !== undefined || (this.recordOptions.type.listOrderIndexed && !query.sort && !query.includeArchived);
    const [counted, { data, last }] = await Promise.all([
      countCapped(this.delegate(this.recordDeps.prisma), where, indexed ? orderBy : undefined),
      this.readPage({ where, orderBy, take: limit, skip: offset }),
    ]);
    if (query.include?.length) await this.embed(data, query.include);
    const nextCursor = start ? encodeSyncCursor(last ?? start) : null;
    return { data, meta: { ...counted, limit, offset, nextCursor } };
  }

  /**
   * Every record the query selects (up to the export cap), for a CSV export: read in keyset batches as the consumer
   * asks for them, so an export of thousands of rows never holds the event loop, a connection or its whole result.
   * The export is not one snapshot: a record changed while it runs may show its old or its new state.
   */
  async *exportRows(query: Query): AsyncGenerator<Dto> {
    const { where, orderBy } = await this.selection(query);
    const { limit, offset } = pageWindow(query, true);
    const { prisma } = this.recordDeps;
    const batches = keysetBatches(this.recordOptions.type.adminResource, { where, orderBy, limit, offset }, (args) =>
      this.delegate(prisma).findMany({ ...args, include: this.recordOptions.include }),
    );
    for await (const rows of batches) yield* await this.toDtos(prisma, rows as unknown as R[]);
  }

  /** What a list reads, in which order: the type's filters, the ids asked for, and for syncing the window and its start. */
  private async selection(query: Query): Promise<{ where: object; orderBy: OrderBy[]; start?: SyncPosition }> {
    const byIds = [...(query.ids ? [{ id: { in: query.ids } }] : []), ...(query.externalId ? [{ externalId: query.externalId }] : [])];
    if (!readsForSync(query)) {
      const own = await this.listQuery(query);
      return { where: { AND: [own.where, ...byIds] }, orderBy: own.orderBy };
    }
    const start = syncStart(query);
    const own = await this.listQuery({ ...query, sort: undefined });
    // Read before the rows, in a statement of its own (see syncWatermark).
    const watermark = await syncWatermark(this.recordDeps.prisma);
    return { where: { AND: [own.where, ...byIds, syncWindow(start, watermark)] }, orderBy: SYNC_ORDER, start };
  }

  /** These records, in the order of `ids` (the panel's list order, for its spreadsheet export); missing ids are left out. */
  async dtosOf(ids: string[]): Promise<Dto[]> {
    const { prisma } = this.recordDeps;
    const rows = (await this.delegate(prisma).findMany({ where: { id: { in: ids } }, include: this.recordOptions.include })) as unknown as R[];
    const byId = new Map((await this.toDtos(prisma, rows)).map((dto, index) => [rows[index].id, dto]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The records of one page as DTOs, in the page's order, and the last one's sync position (for the next cursor). A
   * type with JsonReads reads the ids in the list's order (Prisma builds the filters), then their JSON in one
   * statement, instead of the records, their joins and citations, and their related lists in three levels.
   */
  private async readPage(page: PageSlice): Promise<{ data: Dto[]; last?: SyncPosition }> {
    const { prisma } = this.recordDeps;
    const { json } = this.recordOptions;
    if (json) {
      const ids = (await this.delegate(prisma).findMany({ ...page, select: { id: true, updatedAt: true } })) as unknown as SyncPosition[];
      if (!ids.length) return { data: [] };
      const [{ body }] = await prisma.rowsOf<{ body: Dto[] }>(json.byIds, [...json.params(), ids.map((row) => row.id)]);
      return { data: body, last: ids.at(-1) };
    }
    const rows = (await this.delegate(prisma).findMany({ ...page, include: this.recordOptions.include })) as unknown as (R & SyncPosition)[];
    return { data: await this.toDtos(prisma, rows), last: rows.at(-1) };
  }

  /** The response shapes of loaded records, with their related lists: one statement per relation for all of them. */
  private async toDtos(client: Prisma.TransactionClient, records: R[]): Promise<Dto[]> {
    const related = await loadRelated(
      client,
      this.recordOptions.type,
      records.map((record) => record.id),
    );
    return records.map((record) => this.toDto(record, related(record.id)));
  }

  /**
   * Creates the record in its own transaction, or in `outer` when it is one of several records written together (a
   * press release entered at once): then nothing is committed unless all of them are.
   */
  protected async createRecord(input: WithSources | object, actor: Actor, steps: CreateSteps, outer?: Prisma.TransactionClient): Promise<Dto> {
    const { type } = this.recordOptions;
    const inTransaction = <T>(work: (tx: Prisma.TransactionClient) => Promise<T>) => (outer ? work(outer) : this.recordDeps.prisma.$transaction(work));
    const id = await inTransaction(async (tx) => {
      await steps.validate?.(tx);
      await assertReferencesExist(tx, steps.references);
      const { id } = await steps.insert(tx);
      // The types' inserts map their own fields; the external id every type has is written here.
      const { externalId } = input as WithExternalId;
      if (externalId) await this.delegate(tx).updateMany({ where: { id, version: 1 }, data: { externalId } });
      // Checked on the stored result, which knows every party (also those of linked records); a refusal rolls it back.
      await this.recordDeps.regions.assertMayCreate(actor, type, id, `The new ${type.label.toLowerCase()}`, tx);
      const { sources } = input as WithSources;
      if (sources?.length) await this.replaceCitations(tx, id, sources);
      const after = await this.reload(tx, id);
      await this.recordChange(tx, id, 'create', 1, diffFields({}, this.snapshot(after), this.audited), actor);
      return id;
    });
    return this.get(id, [], outer);
  }

  protected async updateRecord(id: string, expectedVersion: ExpectedVersion, input: WithSources | object, actor: Actor, steps: UpdateSteps<R>): Promise<Dto> {
    const { type } = this.recordOptions;
    const change = this.recordDeps.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      await steps.validate?.(before, tx);
      await assertReferencesExist(tx, steps.references);
      const { externalId } = input as WithExternalId;
      await this.updateAtVersion(tx, id, before.version, { ...steps.data(before), ...(externalId === undefined ? {} : { externalId }) });
      await steps.replaceJoins?.(tx);
      // A change must not take the record out of the editor's region: checked on the result, inside the transaction.
      await this.recordDeps.regions.assertMayEdit(actor, type, id, `The ${type.label.toLowerCase()} after your change`, tx);
      const { sources } = input as WithSources;
      if (sources) await this.replaceCitations(tx, id, sources);
      const after = await this.reload(tx, id);
      const changes = diffFields(this.snapshot(before), this.snapshot(after), this.audited);
      if (Object.keys(changes).length === 0) throw new NothingChanged();
      await this.recordChange(tx, id, 'update', after.version, changes, actor);
    });
    await unlessNothingChanged(change);
    return this.get(id);
  }

  /** The type's create, with its own rules (each service's own body type). */
  abstract create(input: object, actor: Actor): Promise<Dto>;
  /** The type's update, with its own rules. */
  abstract update(id: string, expectedVersion: ExpectedVersion, input: object, actor: Actor): Promise<Dto>;

  /**
   * Creates or fully updates the record another system knows by `externalId`, through the type's own create and update
   * (the same rules, history and change events): absent, it is created unless `expected` (If-Match) names a version;
   * present, it is updated at the version `expected` names, which is required (428) unless the client asked to
   * create only (If-None-Match: *, then 412). The REST door hands it the whole state (http/replacement.ts: the
   * fields a PUT leaves out take their create defaults). A `status` sets the status of a record it creates; on an
   * existing record it must be the current one (409 otherwise): statuses move only through transitions.
   */
  async upsertByExternalId(
    externalId: string,
    preconditions: { expected?: ExpectedVersion; createOnly: boolean },
    input: WithExternalId & { status?: string },
    actor: Actor,
  ): Promise<{ record: Dto; created: boolean }> {
    if (input.externalId !== undefined && input.externalId !== externalId) {
      throw ProblemException.validation([{ field: 'externalId', message: 'externalId must be absent or the externalId of the path' }]);
    }
    const existing = await this.findByExternalId(externalId);
    if (!existing) {
      if (preconditions.expected !== undefined) throw absentExternalId(this.recordOptions.type.label, externalId);
      try {
        return { record: await this.create({ ...input, externalId }, actor), created: true };
      } catch (error) {
        // A concurrent PUT created it first: the unique index refused this one, which matched no current state.
        if (await this.findByExternalId(externalId)) throw presentExternalId(this.recordOptions.type.label, externalId);
        throw error;
      }
    }
    if (preconditions.createOnly) throw presentExternalId(this.recordOptions.type.label, externalId, existing.version);
    if (preconditions.expected === undefined) throw preconditionRequired();
    const { status, ...fields } = input;
    // A status other than the current one would be dropped without a word: say where it changes instead.
    if (status !== undefined && status !== existing.status) {
      throw ProblemException.of(
        HttpStatus.CONFLICT,
        ProblemType.conflict,
        `This ${this.recordOptions.type.label.toLowerCase()} is ${existing.status}; a PUT does not change a status: POST /api/v1/${this.recordOptions.type.route}/${existing.id}/transitions does, by the lifecycle's rules.`,
      );
    }
    return { record: await this.update(existing.id, preconditions.expected, { ...fields, externalId }, actor), created: false };
  }

  private async findByExternalId(externalId: string): Promise<{ id: string; version: number; status?: string } | undefined> {
    const select = { id: true, version: true, ...(this.recordOptions.type.lifecycle ? { status: true } : {}) };
    const [row] = await this.delegate(this.recordDeps.prisma).findMany({ where: { externalId }, select, take: 1 });
    return row as { id: string; version: number; status?: string } | undefined;
  }

  async archive(id: string, expectedVersion: ExpectedVersion, actor: Actor): Promise<Dto> {
    this.recordDeps.regions.assertMayArchive(actor);
    await this.recordDeps.prisma.$transaction(async (tx) => {
      const { version } = await this.loadForChange(tx, id, expectedVersion, actor);
      await this.beforeArchive(tx, id);
      const archivedAt = new Date();
      await this.updateAtVersion(tx, id, version, { archivedAt });
      await this.recordChange(tx, id, 'archive', version + 1, { archivedAt: { from: null, to: archivedAt.toISOString() } }, actor);
    });
    return this.get(id);
  }

  /** Brings an archived record back into lists, with the same version, region and history rules as any change. */
  async restore(id: string, expectedVersion: ExpectedVersion, actor: Actor): Promise<Dto> {
    this.recordDeps.regions.assertMayArchive(actor);
    await this.recordDeps.prisma.$transaction(async (tx) => {
      const record = await this.loadChecked(tx, id, expectedVersion, actor, 'archived');
      // What it pointed at may have been archived meanwhile; a live record must not point at archived ones.
      await assertReferencesExist(tx, this.recordOptions.referencesOf(record));
      await this.updateAtVersion(tx, id, record.version, { archivedAt: null });
      await this.recordChange(tx, id, 'restore', record.version + 1, { archivedAt: { from: record.archivedAt!.toISOString(), to: null } }, actor);
    });
    return this.get(id);
  }

  async historyOf(id: string, page?: { limit?: number; offset?: number }): Promise<HistoryPage> {
    const exists = await this.delegate(this.recordDeps.prisma).findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw ProblemException.notFound(this.recordOptions.type.label, id);
    return this.recordDeps.history.historyOf(this.recordOptions.type.entityType, id, page, this.recordOptions.audited);
  }

  /** A refusal particular to one kind of record, checked inside the archive transaction after loadForChange. */
  protected async beforeArchive(_tx: Prisma.TransactionClient, _id: string): Promise<void> {}

  /** Reads the record for a change, checking existence, archive state, version and region, in that order. */
  protected async loadForChange(tx: Prisma.TransactionClient, id: string, expectedVersion: ExpectedVersion, actor: Actor): Promise<R> {
    return this.loadChecked(tx, id, expectedVersion, actor, 'live');
  }

  private async loadChecked(tx: Prisma.TransactionClient, id: string, expectedVersion: ExpectedVersion, actor: Actor, state: 'live' | 'archived'): Promise<R> {
    const { type, include } = this.recordOptions;
    const record = (await this.delegate(tx).findUnique({ where: { id }, include })) as R | null;
    if (!record) throw ProblemException.notFound(type.label, id);
    if (state === 'live' && record.archivedAt) throw archivedRecord(type.label, id);
    if (state === 'archived' && !record.archivedAt) throw notArchived(type.label, id);
    if (!versionMatches(expectedVersion, record.version)) throw staleVersion(type.label, id, expectedVersion, record.version);
    await this.recordDeps.regions.assertMayEdit(actor, type, id, `${type.label} ${id}`, tx);
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
    await this.recordDeps.history.recordChange(tx, { entityType: this.recordOptions.type.entityType, entityId: id, action, version, changes, actor });
  }

  private async replaceCitations(tx: Prisma.TransactionClient, id: string, sources: SourceInput[]): Promise<void> {
    const column = this.recordOptions.type.citationColumn;
    if (!column) throw new Error(`${this.recordOptions.type.label} records cite no sources`);
    await this.recordDeps.citations.replace(tx, { [column]: id }, sources);
  }

  private async reload(tx: Prisma.TransactionClient, id: string): Promise<R> {
    return (await this.delegate(tx).findUniqueOrThrow({ where: { id }, include: this.recordOptions.include })) as R;
  }

  private snapshot(record: R): Record<string, unknown> {
    return this.recordOptions.auditSnapshot?.(record) ?? record;
  }

  private async staleOrMissing(tx: Prisma.TransactionClient, id: string, expectedVersion: number): Promise<ProblemException> {
    const current = (await this.delegate(tx).findUnique({ where: { id }, select: { version: true } })) as { version: number } | null;
    const { label } = this.recordOptions.type;
    return current ? staleVersion(label, id, expectedVersion, current.version) : ProblemException.notFound(label, id);
  }

  private delegate(client: Prisma.TransactionClient): RecordDelegate {
    return delegateOf(client, this.recordOptions.type.model);
  }
}

/** Versioned records whose status changes only through the lifecycle table. */
export abstract class LifecycleRecordsService<
  R extends VersionedRow & { status: string },
  Dto,
  Query extends ListQuery = ListQuery,
> extends VersionedRecordsService<R, Dto, Query> {
  private readonly lifecycle: LifecycleEntity;

  protected constructor(recordDeps: VersionedRecordsDeps, options: VersionedRecordsOptions<R, Dto>) {
    super(recordDeps, options);
    if (!options.type.lifecycle) throw new Error(`${options.type.label} records have no lifecycle`);
    this.lifecycle = options.type.entityType as LifecycleEntity;
  }

  /** The statuses a record may move to next: none once archived. */
  protected nextStatuses(record: R): string[] {
    return record.archivedAt ? [] : allowedTransitions(this.lifecycle, record.status);
  }

  async transition(id: string, expectedVersion: ExpectedVersion, to: string, comment: string | undefined, actor: Actor): Promise<Dto> {
    const statuses = statusesOf(this.lifecycle);
    if (!statuses.includes(to)) {
      throw ProblemException.validation([{ field: 'to', message: `to must be one of ${statuses.join(', ')}` }]);
    }
    await this.recordDeps.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      const allowed = allowedTransitions(this.lifecycle, before.status);
      if (!allowed.includes(to)) {
        const what = this.recordOptions.type.label.toLowerCase();
        throw ProblemException.of(
          HttpStatus.CONFLICT,
          ProblemType.invalidTransition,
          allowed.length
            ? `A ${what} cannot move from ${before.status} to ${to}. Allowed: ${allowed.join(', ')}.`
            : `A ${what} in status ${before.status} is final and cannot change status.`,
          { currentStatus: before.status, allowedTransitions: allowed },
        );
      }
      await this.updateAtVersion(tx, id, before.version, { status: to });
      await this.recordDeps.history.recordStatusChange(tx, {
        entityType: this.lifecycle,
        entityId: id,
        from: before.status,
        to,
        comment: comment?.trim() || null,
        version: before.version + 1,
        actor,
      });
    });
    return this.get(id);
  }
}
