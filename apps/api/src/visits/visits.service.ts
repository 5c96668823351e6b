import { Injectable } from '@nestjs/common';
import { type DatePrecision, Prisma, type VisitStatus } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { contractsOf, followUpsOf, linked, memorandaOfVisits, visitsById } from '../domain/compact-records.js';
import { formatDate, type PreciseDate, toPreciseDate } from '../domain/dates.js';
import { diffFields, HistoryService } from '../domain/history.service.js';
import { allowedTransitions } from '../domain/lifecycle.js';
import { assertReferencesExist, type ReferenceCheck } from '../domain/references.js';
import { definedOnly, pick, requireOneLanguage } from '../domain/record-helpers.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchPattern } from '../domain/search-text.js';
import { LifecycleRecordsService, type LifecycleRecordsOptions } from '../domain/versioned-records.js';
import { type Page, pageWindow, toOrderBy } from '../http/list-query.dto.js';
import { ProblemException } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { CITATIONS_INCLUDE, CitationsService, toSourceViews } from '../sources/citations.service.js';
import { type CreateVisitDto, type UpdateVisitDto, VISIT_SORT_FIELDS, type VisitDto, type VisitListQueryDto } from './visit.dto.js';

const NAME_SELECT = { id: true, nameKk: true, nameRu: true, nameEn: true } as const;
const LIVE_IDS = { select: { id: true }, where: { archivedAt: null }, orderBy: { createdAt: 'asc' } } as const;

const VISIT_INCLUDE = {
  visitingParty: { select: NAME_SELECT },
  hosts: { include: { party: { select: NAME_SELECT } }, orderBy: { partyId: 'asc' } },
  delegationHead: { select: NAME_SELECT },
  memoranda: LIVE_IDS,
  contracts: LIVE_IDS,
  followUps: LIVE_IDS,
  laterVisits: LIVE_IDS,
  citations: CITATIONS_INCLUDE,
} satisfies Prisma.VisitInclude;

type VisitRecord = Prisma.VisitGetPayload<{ include: typeof VISIT_INCLUDE }>;

const VISIT_RECORDS: LifecycleRecordsOptions<VisitRecord> = {
  model: 'visit',
  entityType: 'visit',
  label: 'Visit',
  include: VISIT_INCLUDE,
  partiesOf: (record) => [record.visitingPartyId, ...record.hosts.map((host) => host.partyId)],
  referencesOf: (record) => visitReferences({ ...record, hostPartyIds: record.hosts.map((host) => host.partyId) }),
};

/** For a request body and a stored visit (its hosts as ids) alike. */
function visitReferences(visit: {
  visitingPartyId?: string | null;
  hostPartyIds?: string[];
  delegationHeadId?: string | null;
  previousVisitId?: string | null;
}): ReferenceCheck[] {
  return [
    { field: 'visitingPartyId', model: 'party', ids: [visit.visitingPartyId] },
    { field: 'hostPartyIds', model: 'party', ids: visit.hostPartyIds ?? [] },
    { field: 'delegationHeadId', model: 'person', ids: [visit.delegationHeadId] },
    { field: 'previousVisitId', model: 'visit', ids: [visit.previousVisitId] },
  ];
}

/** Fields whose changes the audit trail records. */
const AUDITED_FIELDS = [
  'titleKk',
  'titleRu',
  'titleEn',
  'summaryKk',
  'summaryRu',
  'summaryEn',
  'visitingPartyId',
  'hosts',
  'delegationHeadId',
  'startDate',
  'startDatePrecision',
  'endDate',
  'endDatePrecision',
  'place',
  'occasion',
  'status',
  'previousVisitId',
  'note',
  'sources',
] as const;

type SearchableFields = 'titleKk' | 'titleRu' | 'titleEn' | 'summaryKk' | 'summaryRu' | 'summaryEn' | 'place' | 'occasion';

@Injectable()
export class VisitsService extends LifecycleRecordsService<VisitRecord, VisitDto> {
  constructor(
    private readonly prisma: PrismaService,
    history: HistoryService,
    private readonly citations: CitationsService,
    private readonly regions: RegionAccessService,
  ) {
    super({ prisma, history, regions }, VISIT_RECORDS);
  }

  async list(query: VisitListQueryDto, options: { export?: boolean } = {}): Promise<Page<VisitDto>> {
    const where = await this.whereOf(query);
    const { limit, offset } = pageWindow(query, options.export);
    const [total, rows] = await Promise.all([
      this.prisma.visit.count({ where }),
      this.prisma.visit.findMany({
        where,
        include: VISIT_INCLUDE,
        // Undated visits are the least useful at the top of a chronology, in either direction.
        orderBy: toOrderBy(query.sort, VISIT_SORT_FIELDS, '-startDate', ['startDate']),
        take: limit,
        skip: offset,
      }),
    ]);
    const data = rows.map(toDto);
    if (query.include?.length) await this.embed(data, query.include);
    return { data, meta: { total, limit, offset } };
  }

  async get(id: string, include: string[] = []): Promise<VisitDto> {
    const record = await this.prisma.visit.findUnique({ where: { id }, include: VISIT_INCLUDE });
    if (!record) throw ProblemException.notFound('Visit', id);
    const dto = toDto(record);
    if (include.length) await this.embed([dto], include);
    return dto;
  }

  async create(input: CreateVisitDto, actor: Actor): Promise<VisitDto> {
    const id = await this.prisma.$transaction(async (tx) => {
      requireOneLanguage({ ...input }, 'title');
      assertHostsExcludeVisitor(input.visitingPartyId, input.hostPartyIds);
      const start = toPreciseDate('startDate', input.startDate, input.startDatePrecision);
      const end = toPreciseDate('endDate', input.endDate, input.endDatePrecision);
      assertEndNotBeforeStart(start, end);
      await this.checkReferences(tx, input);
      await this.regions.assertMayEdit(actor, [input.visitingPartyId, ...input.hostPartyIds], 'The new visit', tx);
      const created = await tx.visit.create({
        data: {
          titleKk: input.titleKk ?? null,
          titleRu: input.titleRu ?? null,
          titleEn: input.titleEn ?? null,
          summaryKk: input.summaryKk ?? null,
          summaryRu: input.summaryRu ?? null,
          summaryEn: input.summaryEn ?? null,
          visitingPartyId: input.visitingPartyId,
          delegationHeadId: input.delegationHeadId ?? null,
          startDate: start.date,
          startDatePrecision: start.precision,
          endDate: end.date,
          endDatePrecision: end.precision,
          place: input.place ?? null,
          occasion: input.occasion ?? null,
          status: input.status ?? 'planned',
          previousVisitId: input.previousVisitId ?? null,
          note: input.note ?? null,
          searchText: searchTextOf(input),
          hosts: { create: input.hostPartyIds.map((partyId) => ({ partyId })) },
        },
      });
      if (input.sources?.length) await this.citations.replace(tx, { visitId: created.id }, input.sources);
      const after = await tx.visit.findUniqueOrThrow({ where: { id: created.id }, include: VISIT_INCLUDE });
      await this.recordChange(tx, created.id, 'create', 1, diffFields({}, auditSnapshot(after), AUDITED_FIELDS), actor);
      return created.id;
    });
    return this.get(id);
  }

  async update(id: string, expectedVersion: number, input: UpdateVisitDto, actor: Actor): Promise<VisitDto> {
    await this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      const merged = { ...before, ...definedOnly(input) };
      requireOneLanguage(merged as Record<string, unknown>, 'title');
      if (input.previousVisitId === id) {
        throw ProblemException.validation([{ field: 'previousVisitId', message: 'a visit cannot be its own previous visit' }]);
      }
      const visitingPartyId = input.visitingPartyId ?? before.visitingPartyId;
      const hostPartyIds = input.hostPartyIds ?? before.hosts.map((host) => host.partyId);
      assertHostsExcludeVisitor(visitingPartyId, hostPartyIds);
      const start = changedDate('startDate', input.startDate, input.startDatePrecision, before.startDate, before.startDatePrecision);
      const end = changedDate('endDate', input.endDate, input.endDatePrecision, before.endDate, before.endDatePrecision);
      assertEndNotBeforeStart(
        start ?? { date: before.startDate, precision: before.startDatePrecision },
        end ?? { date: before.endDate, precision: before.endDatePrecision },
      );
      await this.checkReferences(tx, input);
      if (input.previousVisitId) await this.assertNotInChain(tx, id, input.previousVisitId);
      if (input.visitingPartyId || input.hostPartyIds) {
        await this.regions.assertMayEdit(actor, [visitingPartyId, ...hostPartyIds], 'The visit after your change', tx);
      }
      const data: Prisma.VisitUncheckedUpdateManyInput = {
        ...pick(input, [
          'titleKk',
          'titleRu',
          'titleEn',
          'summaryKk',
          'summaryRu',
          'summaryEn',
          'visitingPartyId',
          'delegationHeadId',
          'place',
          'occasion',
          'previousVisitId',
          'note',
        ]),
        searchText: searchTextOf(merged),
      };
      if (start) {
        data.startDate = start.date;
        data.startDatePrecision = start.precision;
      }
      if (end) {
        data.endDate = end.date;
        data.endDatePrecision = end.precision;
      }
      await this.updateAtVersion(tx, id, expectedVersion, data);
      if (input.hostPartyIds) {
        await tx.visitHost.deleteMany({ where: { visitId: id } });
        await tx.visitHost.createMany({ data: input.hostPartyIds.map((partyId) => ({ visitId: id, partyId })) });
      }
      if (input.sources) await this.citations.replace(tx, { visitId: id }, input.sources);
      const after = await tx.visit.findUniqueOrThrow({ where: { id }, include: VISIT_INCLUDE });
      await this.recordChange(tx, id, 'update', after.version, diffFields(auditSnapshot(before), auditSnapshot(after), AUDITED_FIELDS), actor);
    });
    return this.get(id);
  }

  private async checkReferences(tx: Prisma.TransactionClient, input: CreateVisitDto | UpdateVisitDto): Promise<void> {
    await assertReferencesExist(tx, visitReferences(input));
  }

  /** Linking to an earlier visit must not close a loop: the chain of previous visits from it may not reach this one. */
  private async assertNotInChain(tx: Prisma.TransactionClient, id: string, previousVisitId: string): Promise<void> {
    const loop = await tx.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE chain AS (
        SELECT id, previous_visit_id FROM visit WHERE id = ${previousVisitId}::uuid
        UNION
        SELECT v.id, v.previous_visit_id FROM visit v JOIN chain c ON v.id = c.previous_visit_id
      )
      SELECT id::text FROM chain WHERE id = ${id}::uuid LIMIT 1`;
    if (loop.length) {
      throw ProblemException.validation([
        { field: 'previousVisitId', message: `visit ${previousVisitId} follows this visit already: linking them would make a cycle` },
      ]);
    }
  }

  private async whereOf(query: VisitListQueryDto): Promise<Prisma.VisitWhereInput> {
    const and: Prisma.VisitWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.status?.length) and.push({ status: { in: query.status } });
    if (query.party) and.push({ OR: [{ visitingPartyId: query.party }, { hosts: { some: { partyId: query.party } } }] });
    if (query.region) {
      const within = await this.regions.partiesWithin(query.region);
      and.push({ OR: [{ visitingPartyId: { in: within } }, { hosts: { some: { partyId: { in: within } } } }] });
    }
    if (query.article) and.push({ citations: { some: { article: { key: query.article } } } });
    if (query.from) and.push({ startDate: { gte: new Date(`${query.from}T00:00:00Z`) } });
    if (query.to) and.push({ startDate: { lte: new Date(`${query.to}T00:00:00Z`) } });
    if (query.q?.trim()) {
      // Prisma passes `contains` to LIKE without escaping its wildcards: searchPattern escapes them.
      const text = searchPattern(query.q);
      and.push({
        OR: [
          { searchText: { contains: text } },
          { visitingParty: { searchText: { contains: text } } },
          { hosts: { some: { party: { searchText: { contains: text } } } } },
        ],
      });
    }
    return { AND: and };
  }

  private async embed(dtos: VisitDto[], include: string[]): Promise<void> {
    const ids = dtos.map((dto) => dto.id);
    if (include.includes('memoranda')) {
      const memoranda = await memorandaOfVisits(this.prisma, ids);
      for (const dto of dtos) dto.memoranda = memoranda.get(dto.id) ?? [];
    }
    if (include.includes('contracts')) {
      const contracts = await contractsOf(this.prisma, 'visitId', ids);
      for (const dto of dtos) dto.contracts = contracts.get(dto.id) ?? [];
    }
    if (include.includes('followUps')) {
      const followUps = await followUpsOf(this.prisma, 'visitId', ids);
      for (const dto of dtos) dto.followUps = followUps.get(dto.id) ?? [];
    }
    if (include.includes('previousVisit')) {
      const visits = await visitsById(
        this.prisma,
        dtos.map((dto) => dto.previousVisitId),
      );
      for (const dto of dtos) dto.previousVisit = linked(visits, dto.previousVisitId);
    }
  }
}

/** A delegation does not host itself; listing the visitor among the hosts is a data-entry slip. */
function assertHostsExcludeVisitor(visitingPartyId: string, hostPartyIds: string[]): void {
  if (hostPartyIds.includes(visitingPartyId)) {
    throw ProblemException.validation([{ field: 'hostPartyIds', message: 'hostPartyIds must not include the visiting party' }]);
  }
}

/**
 * Compares the stored first days, as the visit_dates_check constraint does: an end of "June 2016" (month precision)
 * cannot follow a start of 17 June 2016; give the end date exactly or coarsen the start too.
 */
function assertEndNotBeforeStart(start: PreciseDate, end: PreciseDate): void {
  if (start.date && end.date && end.date < start.date) {
    throw ProblemException.validation([{ field: 'endDate', message: 'endDate must not be before startDate' }]);
  }
}

/**
 * The new value of a date for PATCH, or undefined when neither the date nor its precision was sent. Sending only the
 * precision re-applies it to the stored date; sending only the date makes it exact unless a precision comes with it.
 */
function changedDate(
  field: string,
  value: string | null | undefined,
  precision: DatePrecision | undefined,
  stored: Date | null,
  storedPrecision: DatePrecision,
): PreciseDate | undefined {
  if (value === undefined && precision === undefined) return undefined;
  return toPreciseDate(field, value !== undefined ? value : formatDate(stored), precision ?? (value === undefined ? storedPrecision : undefined));
}

function nameOf(party: { nameKk: string | null; nameRu: string | null; nameEn: string | null }) {
  return { kk: party.nameKk, ru: party.nameRu, en: party.nameEn };
}

function toDto(record: VisitRecord): VisitDto {
  return {
    id: record.id,
    version: record.version,
    titleKk: record.titleKk,
    titleRu: record.titleRu,
    titleEn: record.titleEn,
    summaryKk: record.summaryKk,
    summaryRu: record.summaryRu,
    summaryEn: record.summaryEn,
    visitingPartyId: record.visitingPartyId,
    visitingParty: { id: record.visitingParty.id, name: nameOf(record.visitingParty) },
    hostPartyIds: record.hosts.map((host) => host.partyId),
    hosts: record.hosts.map((host) => ({ partyId: host.partyId, name: nameOf(host.party) })),
    delegationHeadId: record.delegationHeadId,
    delegationHead: record.delegationHead ? { id: record.delegationHead.id, name: nameOf(record.delegationHead) } : null,
    startDate: formatDate(record.startDate),
    startDatePrecision: record.startDatePrecision,
    endDate: formatDate(record.endDate),
    endDatePrecision: record.endDatePrecision,
    place: record.place,
    occasion: record.occasion,
    status: record.status,
    allowedTransitions: record.archivedAt ? [] : (allowedTransitions('visit', record.status) as VisitStatus[]),
    previousVisitId: record.previousVisitId,
    note: record.note,
    memorandumIds: record.memoranda.map((memorandum) => memorandum.id),
    contractIds: record.contracts.map((contract) => contract.id),
    followUpIds: record.followUps.map((followUp) => followUp.id),
    laterVisitIds: record.laterVisits.map((visit) => visit.id),
    sources: toSourceViews(record.citations),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archivedAt: record.archivedAt?.toISOString() ?? null,
  };
}

function auditSnapshot(record: VisitRecord): Record<string, unknown> {
  return {
    ...record,
    startDate: formatDate(record.startDate),
    endDate: formatDate(record.endDate),
    hosts: record.hosts.map((host) => host.partyId),
    sources: toSourceViews(record.citations).map((source) => `${source.article}: ${source.quote}`),
  };
}

function searchTextOf(input: Partial<Record<SearchableFields, string | null | undefined>>): string {
  return buildSearchText(input.titleKk, input.titleRu, input.titleEn, input.summaryKk, input.summaryRu, input.summaryEn, input.place, input.occasion);
}
