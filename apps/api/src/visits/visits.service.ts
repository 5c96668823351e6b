import { Injectable } from '@nestjs/common';
import type { Prisma, VisitStatus } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { contractsById, type Embed, embedLinked, embedListed, followUpsById, memorandaById, visitsById } from '../domain/compact-records.js';
import { changedDate, dateColumns, formatDate, type PreciseDate, toPreciseDate } from '../domain/dates.js';
import { HistoryService } from '../domain/history.service.js';
import { citingArticle, definedOnly, pick, versionedStamps, requireOneLanguage } from '../domain/record-helpers.js';
import { initialVisitStatus } from '../domain/lifecycle.js';
import { involving, RECORD_TYPES } from '../domain/record-types.js';
import type { ReferenceCheck } from '../domain/references.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchTextMatches } from '../domain/search-text.js';
import type { RelatedOf } from '../domain/related-lists.js';
import { LifecycleRecordsService, type VersionedRecordsOptions } from '../domain/versioned-records.js';
import { type OrderBy, toOrderBy } from '../http/list-query.dto.js';
import { ProblemException } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { NAME_SELECT, nameOf } from '../parties/record-ref.js';
import { CITATIONS_INCLUDE, CitationsService, citedPassages, toSourceViews } from '../sources/citations.service.js';
import { type CreateVisitDto, type UpdateVisitDto, VISIT_SORT_FIELDS, type VisitDto, type VisitListQueryDto } from './visit.dto.js';
import type { ExpectedVersion } from '../domain/versioning.js';

const VISIT_INCLUDE = {
  visitingParty: { select: NAME_SELECT },
  hosts: { include: { party: { select: NAME_SELECT } }, orderBy: { partyId: 'asc' } },
  delegationHead: { select: NAME_SELECT },
  citations: CITATIONS_INCLUDE,
} satisfies Prisma.VisitInclude;

type VisitRecord = Prisma.VisitGetPayload<{ include: typeof VISIT_INCLUDE }>;

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

/** What `?include=` can embed. */
const VISIT_EMBEDS: Record<string, Embed<VisitDto>> = {
  memoranda: embedListed('memoranda', 'memorandumIds', memorandaById),
  contracts: embedListed('contracts', 'contractIds', contractsById),
  followUps: embedListed('followUps', 'followUpIds', followUpsById),
  previousVisit: embedLinked('previousVisit', 'previousVisitId', visitsById),
};

const VISIT_RECORDS: VersionedRecordsOptions<VisitRecord, VisitDto> = {
  type: RECORD_TYPES.visit,
  include: VISIT_INCLUDE,
  embeds: VISIT_EMBEDS,
  referencesOf: (record) => visitReferences({ ...record, hostPartyIds: record.hosts.map((host) => host.partyId) }),
  audited: [
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
  ],
  auditSnapshot: (record) => ({
    ...record,
    startDate: formatDate(record.startDate),
    endDate: formatDate(record.endDate),
    hosts: record.hosts.map((host) => host.partyId),
    sources: citedPassages(record.citations),
  }),
};

type SearchableFields = 'titleKk' | 'titleRu' | 'titleEn' | 'summaryKk' | 'summaryRu' | 'summaryEn' | 'place' | 'occasion';

@Injectable()
export class VisitsService extends LifecycleRecordsService<VisitRecord, VisitDto, VisitListQueryDto> {
  constructor(prisma: PrismaService, history: HistoryService, citations: CitationsService, regions: RegionAccessService) {
    super({ prisma, history, regions, citations }, VISIT_RECORDS);
  }

  protected async listQuery(query: VisitListQueryDto): Promise<{ where: object; orderBy: OrderBy[] }> {
    // Undated visits are the least useful at the top of a chronology, in either direction.
    return { where: await this.whereOf(query), orderBy: toOrderBy(query.sort, VISIT_SORT_FIELDS, '-startDate', ['startDate']) };
  }

  async create(input: CreateVisitDto, actor: Actor, tx?: Prisma.TransactionClient): Promise<VisitDto> {
    const start = () => toPreciseDate('startDate', input.startDate, input.startDatePrecision);
    const end = () => toPreciseDate('endDate', input.endDate, input.endDatePrecision);
    return this.createRecord(
      input,
      actor,
      {
        validate: () => {
          requireOneLanguage({ ...input }, 'title');
          assertHostsExcludeVisitor(input.visitingPartyId, input.hostPartyIds);
          assertEndNotBeforeStart(start(), end());
        },
        references: visitReferences(input),
        insert: (tx) =>
          tx.visit.create({
            data: {
              titleKk: input.titleKk ?? null,
              titleRu: input.titleRu ?? null,
              titleEn: input.titleEn ?? null,
              summaryKk: input.summaryKk ?? null,
              summaryRu: input.summaryRu ?? null,
              summaryEn: input.summaryEn ?? null,
              visitingPartyId: input.visitingPartyId,
              delegationHeadId: input.delegationHeadId ?? null,
              startDate: start().date,
              startDatePrecision: start().precision,
              endDate: end().date,
              endDatePrecision: end().precision,
              place: input.place ?? null,
              occasion: input.occasion ?? null,
              status: input.status ?? initialVisitStatus(start(), end()),
              previousVisitId: input.previousVisitId ?? null,
              note: input.note ?? null,
              searchText: searchTextOf(input),
              hosts: { create: input.hostPartyIds.map((partyId) => ({ partyId })) },
            },
            select: { id: true },
          }),
      },
      tx,
    );
  }

  async update(id: string, expectedVersion: ExpectedVersion, input: UpdateVisitDto, actor: Actor): Promise<VisitDto> {
    const datesOf = (before: VisitRecord) => ({
      start: changedDate('startDate', input.startDate, input.startDatePrecision, { date: before.startDate, precision: before.startDatePrecision }),
      end: changedDate('endDate', input.endDate, input.endDatePrecision, { date: before.endDate, precision: before.endDatePrecision }),
    });
    return this.updateRecord(id, expectedVersion, input, actor, {
      validate: async (before, tx) => {
        requireOneLanguage({ ...before, ...definedOnly(input) }, 'title');
        if (input.previousVisitId === id) {
          throw ProblemException.validation([{ field: 'previousVisitId', message: 'a visit cannot be its own previous visit' }]);
        }
        assertHostsExcludeVisitor(input.visitingPartyId ?? before.visitingPartyId, input.hostPartyIds ?? before.hosts.map((host) => host.partyId));
        const { start, end } = datesOf(before);
        assertEndNotBeforeStart(
          start ?? { date: before.startDate, precision: before.startDatePrecision },
          end ?? { date: before.endDate, precision: before.endDatePrecision },
        );
        if (input.previousVisitId) await assertNotInChain(tx, id, input.previousVisitId);
      },
      references: visitReferences(input),
      data: (before) => {
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
          searchText: searchTextOf({ ...before, ...definedOnly(input) }),
        };
        const { start, end } = datesOf(before);
        return { ...data, ...dateColumns('startDate', start), ...dateColumns('endDate', end) };
      },
      replaceJoins: async (tx) => {
        if (!input.hostPartyIds) return;
        await tx.visitHost.deleteMany({ where: { visitId: id } });
        await tx.visitHost.createMany({ data: input.hostPartyIds.map((partyId) => ({ visitId: id, partyId })) });
      },
    });
  }

  private async whereOf(query: VisitListQueryDto): Promise<Prisma.VisitWhereInput> {
    const type = RECORD_TYPES.visit;
    const and: Prisma.VisitWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.status?.length) and.push({ status: { in: query.status } });
    if (query.party) and.push(involving(type, [query.party]));
    if (query.region) and.push(await this.recordDeps.regions.whereInRegion(type, query.region));
    if (query.article) and.push(citingArticle(query.article));
    if (query.previousVisit) and.push({ previousVisitId: query.previousVisit });
    if (query.from) and.push({ startDate: { gte: new Date(`${query.from}T00:00:00Z`) } });
    if (query.to) and.push({ startDate: { lte: new Date(`${query.to}T00:00:00Z`) } });
    if (query.q?.trim()) {
      const matches = searchTextMatches(query.q);
      and.push({ OR: [matches, { visitingParty: matches }, { hosts: { some: { party: matches } } }] });
    }
    return { AND: and };
  }

  protected toDto(record: VisitRecord, related: RelatedOf): VisitDto {
    return toDto(record, related, this.nextStatuses(record) as VisitStatus[]);
  }
}

/** Linking to an earlier visit must not close a loop: the chain of previous visits from it may not reach this one. */
async function assertNotInChain(tx: Prisma.TransactionClient, id: string, previousVisitId: string): Promise<void> {
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

function toDto(record: VisitRecord, related: RelatedOf, nextStatuses: VisitStatus[]): VisitDto {
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
    allowedTransitions: nextStatuses,
    previousVisitId: record.previousVisitId,
    note: record.note,
    memorandumIds: related.ids('memoranda'),
    memorandumCount: related.count('memoranda'),
    contractIds: related.ids('contracts'),
    contractCount: related.count('contracts'),
    followUpIds: related.ids('followUps'),
    followUpCount: related.count('followUps'),
    laterVisitIds: related.ids('laterVisits'),
    laterVisitCount: related.count('laterVisits'),
    sources: toSourceViews(record.citations),
    links: related.links,
    ...versionedStamps(record),
  };
}

function searchTextOf(input: Partial<Record<SearchableFields, string | null | undefined>>): string {
  return buildSearchText(input.titleKk, input.titleRu, input.titleEn, input.summaryKk, input.summaryRu, input.summaryEn, input.place, input.occasion);
}
