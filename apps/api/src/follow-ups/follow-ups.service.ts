import { Injectable } from '@nestjs/common';
import type { FollowUpStatus, Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { contractsById, type Embed, embedLinked, memorandaById, visitsById } from '../domain/compact-records.js';
import { changedDate, dateColumns, formatDate, todayUtc, toPreciseDate } from '../domain/dates.js';
import { HistoryService } from '../domain/history.service.js';
import { citingArticle, definedOnly, pick, versionedStamps, requireOneLanguage } from '../domain/record-helpers.js';
import { involving, RECORD_TYPES } from '../domain/record-types.js';
import type { ReferenceCheck } from '../domain/references.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchTextMatches } from '../domain/search-text.js';
import { LifecycleRecordsService, type VersionedRecordsOptions } from '../domain/versioned-records.js';
import { type OrderBy, toOrderBy } from '../http/list-query.dto.js';
import { ProblemException } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { NAME_SELECT, toRef } from '../parties/record-ref.js';
import { CITATIONS_INCLUDE, CitationsService, citedPassages, toSourceViews } from '../sources/citations.service.js';
import {
  type CreateFollowUpDto,
  FOLLOW_UP_LINKS,
  FOLLOW_UP_SORT_FIELDS,
  type FollowUpDto,
  type FollowUpListQueryDto,
  type UpdateFollowUpDto,
} from './follow-up.dto.js';
import { isOverdue, notOverdueWhere, overdueWhere } from './follow-up.where.js';
import { FOLLOW_UP_LIFECYCLE_JSON, FOLLOW_UPS_BY_IDS_SQL, ONE_FOLLOW_UP_SQL } from './follow-up-json.js';
import type { ExpectedVersion } from '../domain/versioning.js';

const FOLLOW_UP_INCLUDE = {
  responsibleParty: { select: NAME_SELECT },
  responsiblePerson: { select: NAME_SELECT },
  citations: CITATIONS_INCLUDE,
} satisfies Prisma.FollowUpInclude;

type FollowUpRecord = Prisma.FollowUpGetPayload<{ include: typeof FOLLOW_UP_INCLUDE }>;

/** For a request body and a stored follow-up alike. */
function followUpReferences(followUp: {
  responsiblePartyId?: string | null;
  responsiblePersonId?: string | null;
  visitId?: string | null;
  memorandumId?: string | null;
  contractId?: string | null;
}): ReferenceCheck[] {
  return [
    { field: 'responsiblePartyId', model: 'party', ids: [followUp.responsiblePartyId] },
    { field: 'responsiblePersonId', model: 'person', ids: [followUp.responsiblePersonId] },
    { field: 'visitId', model: 'visit', ids: [followUp.visitId] },
    { field: 'memorandumId', model: 'memorandum', ids: [followUp.memorandumId] },
    { field: 'contractId', model: 'contract', ids: [followUp.contractId] },
  ];
}

/** What `?include=` can embed. */
const FOLLOW_UP_EMBEDS: Record<string, Embed<FollowUpDto>> = {
  visit: embedLinked('visit', 'visitId', visitsById),
  memorandum: embedLinked('memorandum', 'memorandumId', memorandaById),
  contract: embedLinked('contract', 'contractId', contractsById),
};

const FOLLOW_UP_RECORDS: VersionedRecordsOptions<FollowUpRecord, FollowUpDto> = {
  type: RECORD_TYPES.follow_up,
  include: FOLLOW_UP_INCLUDE,
  // Overdue as isOverdue decides it, on the service's day (todayUtc), not the database's.
  json: { one: ONE_FOLLOW_UP_SQL, byIds: FOLLOW_UPS_BY_IDS_SQL, params: () => [FOLLOW_UP_LIFECYCLE_JSON, formatDate(todayUtc())] },
  embeds: FOLLOW_UP_EMBEDS,
  referencesOf: followUpReferences,
  audited: [
    'titleKk',
    'titleRu',
    'titleEn',
    'descriptionKk',
    'descriptionRu',
    'descriptionEn',
    'dueOn',
    'dueOnPrecision',
    'responsiblePartyId',
    'responsiblePersonId',
    'visitId',
    'memorandumId',
    'contractId',
    'status',
    'note',
    'sources',
  ],
  auditSnapshot: (record) => ({ ...record, dueOn: formatDate(record.dueOn), sources: citedPassages(record.citations) }),
};

const LINK_FIELDS = FOLLOW_UP_LINKS;

@Injectable()
export class FollowUpsService extends LifecycleRecordsService<FollowUpRecord, FollowUpDto, FollowUpListQueryDto> {
  constructor(prisma: PrismaService, history: HistoryService, citations: CitationsService, regions: RegionAccessService) {
    super({ prisma, history, regions, citations }, FOLLOW_UP_RECORDS);
  }

  protected async listQuery(query: FollowUpListQueryDto): Promise<{ where: object; orderBy: OrderBy[] }> {
    return { where: await this.whereOf(query), orderBy: toOrderBy(query.sort, FOLLOW_UP_SORT_FIELDS, 'dueOn', ['dueOn']) };
  }

  async create(input: CreateFollowUpDto, actor: Actor, tx?: Prisma.TransactionClient): Promise<FollowUpDto> {
    return this.createRecord(
      input,
      actor,
      {
        validate: () => {
          requireOneLanguage({ ...input }, 'title');
          requireLink(input);
        },
        references: followUpReferences(input),
        insert: (tx) => {
          const due = toPreciseDate('dueOn', input.dueOn, input.dueOnPrecision);
          return tx.followUp.create({
            data: {
              titleKk: input.titleKk ?? null,
              titleRu: input.titleRu ?? null,
              titleEn: input.titleEn ?? null,
              descriptionKk: input.descriptionKk ?? null,
              descriptionRu: input.descriptionRu ?? null,
              descriptionEn: input.descriptionEn ?? null,
              dueOn: due.date,
              dueOnPrecision: due.precision,
              responsiblePartyId: input.responsiblePartyId ?? null,
              responsiblePersonId: input.responsiblePersonId ?? null,
              visitId: input.visitId ?? null,
              memorandumId: input.memorandumId ?? null,
              contractId: input.contractId ?? null,
              status: input.status ?? 'planned',
              note: input.note ?? null,
              searchText: searchTextOf(input),
            },
            select: { id: true },
          });
        },
      },
      tx,
    );
  }

  async update(id: string, expectedVersion: ExpectedVersion, input: UpdateFollowUpDto, actor: Actor): Promise<FollowUpDto> {
    return this.updateRecord(id, expectedVersion, input, actor, {
      validate: (before) => {
        const merged = { ...before, ...definedOnly(input) };
        requireOneLanguage(merged, 'title');
        requireLink(merged);
      },
      references: followUpReferences(input),
      data: (before) => {
        const data: Prisma.FollowUpUncheckedUpdateManyInput = {
          ...pick(input, [
            'titleKk',
            'titleRu',
            'titleEn',
            'descriptionKk',
            'descriptionRu',
            'descriptionEn',
            'note',
            'responsiblePartyId',
            'responsiblePersonId',
            'visitId',
            'memorandumId',
            'contractId',
          ]),
          searchText: searchTextOf({ ...before, ...definedOnly(input) }),
          ...dateColumns('dueOn', changedDate('dueOn', input.dueOn, input.dueOnPrecision, { date: before.dueOn, precision: before.dueOnPrecision })),
        };
        return data;
      },
    });
  }

  private async whereOf(query: FollowUpListQueryDto): Promise<Prisma.FollowUpWhereInput> {
    const type = RECORD_TYPES.follow_up;
    const and: Prisma.FollowUpWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.status?.length) and.push({ status: { in: query.status } });
    if (query.overdue !== undefined) and.push(query.overdue ? overdueWhere() : notOverdueWhere());
    if (query.dueFrom) and.push({ dueOn: { gte: new Date(`${query.dueFrom}T00:00:00Z`) } });
    if (query.dueTo) and.push({ dueOn: { lte: new Date(`${query.dueTo}T00:00:00Z`) } });
    if (query.party) and.push(involving(type, [query.party]));
    if (query.region) and.push(await this.recordDeps.regions.whereInRegion(type, query.region));
    if (query.responsiblePerson) and.push({ responsiblePersonId: query.responsiblePerson });
    if (query.visit) and.push({ visitId: query.visit });
    if (query.memorandum) and.push({ memorandumId: query.memorandum });
    if (query.contract) and.push({ contractId: query.contract });
    if (query.article) and.push(citingArticle(query.article));
    if (query.q?.trim()) {
      const matches = searchTextMatches(query.q);
      and.push({ OR: [matches, { responsibleParty: matches }, { responsiblePerson: matches }] });
    }
    return { AND: and };
  }

  protected toDto(record: FollowUpRecord): FollowUpDto {
    return toDto(record, this.nextStatuses(record) as FollowUpStatus[]);
  }
}

/** A follow-up is always a promise made at a visit, in a memorandum or under a contract. */
function requireLink(input: Partial<Record<(typeof LINK_FIELDS)[number], unknown>>): void {
  if (!LINK_FIELDS.some((field) => input[field])) {
    throw ProblemException.validation([{ field: 'visitId', message: `at least one of ${LINK_FIELDS.join(', ')} is required` }]);
  }
}

function toDto(record: FollowUpRecord, nextStatuses: FollowUpStatus[]): FollowUpDto {
  return {
    id: record.id,
    version: record.version,
    titleKk: record.titleKk,
    titleRu: record.titleRu,
    titleEn: record.titleEn,
    descriptionKk: record.descriptionKk,
    descriptionRu: record.descriptionRu,
    descriptionEn: record.descriptionEn,
    dueOn: formatDate(record.dueOn),
    dueOnPrecision: record.dueOnPrecision,
    overdue: isOverdue(record),
    responsiblePartyId: record.responsiblePartyId,
    responsibleParty: toRef(record.responsibleParty),
    responsiblePersonId: record.responsiblePersonId,
    responsiblePerson: toRef(record.responsiblePerson),
    visitId: record.visitId,
    memorandumId: record.memorandumId,
    contractId: record.contractId,
    status: record.status,
    allowedTransitions: nextStatuses,
    note: record.note,
    sources: toSourceViews(record.citations),
    ...versionedStamps(record),
  };
}

type FollowUpText = Partial<Record<'titleKk' | 'titleRu' | 'titleEn' | 'descriptionKk' | 'descriptionRu' | 'descriptionEn', string | null>>;

function searchTextOf(input: FollowUpText): string {
  return buildSearchText(input.titleKk, input.titleRu, input.titleEn, input.descriptionKk, input.descriptionRu, input.descriptionEn);
}
