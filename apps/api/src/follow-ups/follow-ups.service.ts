import { Injectable } from '@nestjs/common';
import type { FollowUpStatus, Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { contractsById, linked, memorandaById, visitsById } from '../domain/compact-records.js';
import { formatDate, todayUtc, toPreciseDate } from '../domain/dates.js';
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
import { NAME_SELECT, toRef } from '../parties/record-ref.js';
import { CITATIONS_INCLUDE, CitationsService, toSourceViews } from '../sources/citations.service.js';
import { type CreateFollowUpDto, FOLLOW_UP_SORT_FIELDS, type FollowUpDto, type FollowUpListQueryDto, type UpdateFollowUpDto } from './follow-up.dto.js';
import { involvingParties, isOverdue, notOverdueWhere, overdueWhere } from './follow-up.where.js';

const FOLLOW_UP_INCLUDE = {
  responsibleParty: { select: NAME_SELECT },
  responsiblePerson: { select: NAME_SELECT },
  citations: CITATIONS_INCLUDE,
} satisfies Prisma.FollowUpInclude;

/** What a change needs on top: the parties of the linked records, for the region permission. */
const FOLLOW_UP_CHANGE_INCLUDE = {
  ...FOLLOW_UP_INCLUDE,
  visit: { select: { visitingPartyId: true, hosts: { select: { partyId: true } } } },
  memorandum: { select: { parties: { select: { partyId: true } } } },
  contract: { select: { parties: { select: { partyId: true } } } },
} satisfies Prisma.FollowUpInclude;

type FollowUpRecord = Prisma.FollowUpGetPayload<{ include: typeof FOLLOW_UP_INCLUDE }>;
type FollowUpChangeRecord = Prisma.FollowUpGetPayload<{ include: typeof FOLLOW_UP_CHANGE_INCLUDE }>;

const FOLLOW_UP_RECORDS: LifecycleRecordsOptions<FollowUpChangeRecord> = {
  model: 'followUp',
  entityType: 'follow_up',
  label: 'Follow-up',
  include: FOLLOW_UP_CHANGE_INCLUDE,
  partiesOf,
  referencesOf: followUpReferences,
};

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

/** Fields whose changes the audit trail records. */
const AUDITED_FIELDS = [
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
] as const;
const LINK_FIELDS = ['visitId', 'memorandumId', 'contractId'] as const;

@Injectable()
export class FollowUpsService extends LifecycleRecordsService<FollowUpChangeRecord, FollowUpDto> {
  constructor(
    private readonly prisma: PrismaService,
    history: HistoryService,
    private readonly citations: CitationsService,
    private readonly regions: RegionAccessService,
  ) {
    super({ prisma, history, regions }, FOLLOW_UP_RECORDS);
  }

  async list(query: FollowUpListQueryDto, options: { export?: boolean } = {}): Promise<Page<FollowUpDto>> {
    const where = await this.whereOf(query);
    const { limit, offset } = pageWindow(query, options.export);
    const [total, rows] = await Promise.all([
      this.prisma.followUp.count({ where }),
      this.prisma.followUp.findMany({
        where,
        include: FOLLOW_UP_INCLUDE,
        orderBy: toOrderBy(query.sort, FOLLOW_UP_SORT_FIELDS, 'dueOn', ['dueOn']),
        take: limit,
        skip: offset,
      }),
    ]);
    const today = todayUtc();
    const data = rows.map((row) => toDto(row, today));
    if (query.include?.length) await this.embed(data, query.include);
    return { data, meta: { total, limit, offset } };
  }

  async get(id: string, include: string[] = []): Promise<FollowUpDto> {
    const record = await this.prisma.followUp.findUnique({ where: { id }, include: FOLLOW_UP_INCLUDE });
    if (!record) throw ProblemException.notFound('Follow-up', id);
    const dto = toDto(record, todayUtc());
    if (include.length) await this.embed([dto], include);
    return dto;
  }

  async create(input: CreateFollowUpDto, actor: Actor): Promise<FollowUpDto> {
    const id = await this.prisma.$transaction(async (tx) => {
      requireOneLanguage({ ...input }, 'title');
      requireLink(input);
      await this.checkReferences(tx, input);
      const due = toPreciseDate('dueOn', input.dueOn, input.dueOnPrecision);
      const created = await tx.followUp.create({
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
      });
      if (input.sources?.length) await this.citations.replace(tx, { followUpId: created.id }, input.sources);
      const after = await tx.followUp.findUniqueOrThrow({ where: { id: created.id }, include: FOLLOW_UP_CHANGE_INCLUDE });
      // The linked records' parties are only known once read; a refusal here rolls the insert back.
      await this.regions.assertMayEdit(actor, partiesOf(after), 'The new follow-up', tx);
      await this.recordChange(tx, created.id, 'create', 1, diffFields({}, auditSnapshot(after), AUDITED_FIELDS), actor);
      return created.id;
    });
    return this.get(id);
  }

  async update(id: string, expectedVersion: number, input: UpdateFollowUpDto, actor: Actor): Promise<FollowUpDto> {
    await this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      const merged = { ...before, ...definedOnly(input) };
      requireOneLanguage(merged as Record<string, unknown>, 'title');
      requireLink(merged);
      await this.checkReferences(tx, input);
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
        searchText: searchTextOf(merged),
      };
      if (input.dueOn !== undefined || input.dueOnPrecision !== undefined) {
        const due = toPreciseDate(
          'dueOn',
          input.dueOn !== undefined ? input.dueOn : formatDate(before.dueOn),
          input.dueOnPrecision ?? (input.dueOn === undefined ? before.dueOnPrecision : undefined),
        );
        data.dueOn = due.date;
        data.dueOnPrecision = due.precision;
      }
      await this.updateAtVersion(tx, id, expectedVersion, data);
      if (input.sources) await this.citations.replace(tx, { followUpId: id }, input.sources);
      const after = await tx.followUp.findUniqueOrThrow({ where: { id }, include: FOLLOW_UP_CHANGE_INCLUDE });
      if ([...LINK_FIELDS, 'responsiblePartyId' as const].some((field) => input[field] !== undefined)) {
        await this.regions.assertMayEdit(actor, partiesOf(after), 'The follow-up after your change', tx);
      }
      await this.recordChange(tx, id, 'update', after.version, diffFields(auditSnapshot(before), auditSnapshot(after), AUDITED_FIELDS), actor);
    });
    return this.get(id);
  }

  private async checkReferences(tx: Prisma.TransactionClient, input: CreateFollowUpDto | UpdateFollowUpDto): Promise<void> {
    await assertReferencesExist(tx, followUpReferences(input));
  }

  private async whereOf(query: FollowUpListQueryDto): Promise<Prisma.FollowUpWhereInput> {
    const and: Prisma.FollowUpWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.status?.length) and.push({ status: { in: query.status } });
    if (query.overdue !== undefined) and.push(query.overdue ? overdueWhere() : notOverdueWhere());
    if (query.dueFrom) and.push({ dueOn: { gte: new Date(`${query.dueFrom}T00:00:00Z`) } });
    if (query.dueTo) and.push({ dueOn: { lte: new Date(`${query.dueTo}T00:00:00Z`) } });
    if (query.party) and.push(involvingParties([query.party]));
    if (query.region) and.push(involvingParties(await this.regions.partiesWithin(query.region)));
    if (query.responsiblePerson) and.push({ responsiblePersonId: query.responsiblePerson });
    if (query.visit) and.push({ visitId: query.visit });
    if (query.memorandum) and.push({ memorandumId: query.memorandum });
    if (query.contract) and.push({ contractId: query.contract });
    if (query.article) and.push({ citations: { some: { article: { key: query.article } } } });
    if (query.q?.trim()) {
      // Prisma passes `contains` to LIKE without escaping its wildcards: searchPattern escapes them.
      const text = searchPattern(query.q);
      and.push({
        OR: [
          { searchText: { contains: text } },
          { responsibleParty: { searchText: { contains: text } } },
          { responsiblePerson: { searchText: { contains: text } } },
        ],
      });
    }
    return { AND: and };
  }

  private async embed(dtos: FollowUpDto[], include: string[]): Promise<void> {
    if (include.includes('visit')) {
      const visits = await visitsById(
        this.prisma,
        dtos.map((dto) => dto.visitId),
      );
      for (const dto of dtos) dto.visit = linked(visits, dto.visitId);
    }
    if (include.includes('memorandum')) {
      const memoranda = await memorandaById(
        this.prisma,
        dtos.map((dto) => dto.memorandumId),
      );
      for (const dto of dtos) dto.memorandum = linked(memoranda, dto.memorandumId);
    }
    if (include.includes('contract')) {
      const contracts = await contractsById(
        this.prisma,
        dtos.map((dto) => dto.contractId),
      );
      for (const dto of dtos) dto.contract = linked(contracts, dto.contractId);
    }
  }
}

/** A follow-up is always a promise made at a visit, in a memorandum or under a contract. */
function requireLink(input: Partial<Record<(typeof LINK_FIELDS)[number], string | null | undefined>>): void {
  if (!LINK_FIELDS.some((field) => input[field])) {
    throw ProblemException.validation([{ field: 'visitId', message: `at least one of ${LINK_FIELDS.join(', ')} is required` }]);
  }
}

/** The responsible party and every party of the linked records: an editor may change the follow-up if any is in their region. */
function partiesOf(record: FollowUpChangeRecord): string[] {
  return [
    record.responsiblePartyId,
    record.visit?.visitingPartyId,
    ...(record.visit?.hosts ?? []).map((host) => host.partyId),
    ...(record.memorandum?.parties ?? []).map((party) => party.partyId),
    ...(record.contract?.parties ?? []).map((party) => party.partyId),
  ].filter((id): id is string => !!id);
}

function toDto(record: FollowUpRecord, today: Date): FollowUpDto {
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
    overdue: isOverdue(record, today),
    responsiblePartyId: record.responsiblePartyId,
    responsibleParty: toRef(record.responsibleParty),
    responsiblePersonId: record.responsiblePersonId,
    responsiblePerson: toRef(record.responsiblePerson),
    visitId: record.visitId,
    memorandumId: record.memorandumId,
    contractId: record.contractId,
    status: record.status,
    allowedTransitions: record.archivedAt ? [] : (allowedTransitions('follow_up', record.status) as FollowUpStatus[]),
    note: record.note,
    sources: toSourceViews(record.citations),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archivedAt: record.archivedAt?.toISOString() ?? null,
  };
}

function auditSnapshot(record: FollowUpChangeRecord): Record<string, unknown> {
  return {
    ...record,
    dueOn: formatDate(record.dueOn),
    sources: toSourceViews(record.citations).map((source) => `${source.article}: ${source.quote}`),
  };
}

type FollowUpText = Partial<Record<'titleKk' | 'titleRu' | 'titleEn' | 'descriptionKk' | 'descriptionRu' | 'descriptionEn', string | null>>;

function searchTextOf(input: FollowUpText): string {
  return buildSearchText(input.titleKk, input.titleRu, input.titleEn, input.descriptionKk, input.descriptionRu, input.descriptionEn);
}
