import { Injectable } from '@nestjs/common';
import { type ContractStatus, Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { followUpsOf, linked, memorandaById, visitsById } from '../domain/compact-records.js';
import { formatDate, toPreciseDate } from '../domain/dates.js';
import { diffFields, HistoryService } from '../domain/history.service.js';
import { allowedTransitions } from '../domain/lifecycle.js';
import { assertReferencesExist, type ReferenceCheck } from '../domain/references.js';
import { definedOnly, hasDuplicates, pick, requireOneLanguage } from '../domain/record-helpers.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchPattern } from '../domain/search-text.js';
import { LifecycleRecordsService, type LifecycleRecordsOptions } from '../domain/versioned-records.js';
import { type Page, pageWindow, toOrderBy } from '../http/list-query.dto.js';
import { ProblemException } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { CITATIONS_INCLUDE, CitationsService, toSourceViews } from '../sources/citations.service.js';
import { toAmount } from './amount.js';
import { CONTRACT_SORT_FIELDS, type ContractDto, type ContractListQueryDto, type CreateContractDto, type UpdateContractDto } from './contract.dto.js';

const NAME_SELECT = { id: true, nameKk: true, nameRu: true, nameEn: true } as const;

const CONTRACT_INCLUDE = {
  parties: { include: { party: { select: NAME_SELECT } }, orderBy: [{ partyId: 'asc' }, { role: 'asc' }] },
  followUps: { select: { id: true }, where: { archivedAt: null }, orderBy: { createdAt: 'asc' } },
  citations: CITATIONS_INCLUDE,
} satisfies Prisma.ContractInclude;

type ContractRecord = Prisma.ContractGetPayload<{ include: typeof CONTRACT_INCLUDE }>;

const CONTRACT_RECORDS: LifecycleRecordsOptions<ContractRecord> = {
  model: 'contract',
  entityType: 'contract',
  label: 'Contract',
  include: CONTRACT_INCLUDE,
  partiesOf: (record) => record.parties.map((party) => party.partyId),
  referencesOf: contractReferences,
};

/** For a request body and a stored contract alike. */
function contractReferences(contract: { memorandumId?: string | null; visitId?: string | null; parties?: { partyId: string }[] }): ReferenceCheck[] {
  return [
    { field: 'memorandumId', model: 'memorandum', ids: [contract.memorandumId] },
    { field: 'visitId', model: 'visit', ids: [contract.visitId] },
    { field: 'parties', model: 'party', ids: (contract.parties ?? []).map((party) => party.partyId) },
  ];
}

/** Fields whose changes the audit trail records. */
const AUDITED_FIELDS = [
  'titleKk',
  'titleRu',
  'titleEn',
  'subjectKk',
  'subjectRu',
  'subjectEn',
  'amount',
  'currency',
  'quantity',
  'signedOn',
  'signedOnPrecision',
  'memorandumId',
  'visitId',
  'status',
  'note',
  'parties',
  'sources',
] as const;

/** Sorting by these puts records without a value last in either direction: they say nothing about the order. */
const NULLS_LAST_SORT_FIELDS = ['signedOn', 'amount'];

type SearchableFields = 'titleKk' | 'titleRu' | 'titleEn' | 'subjectKk' | 'subjectRu' | 'subjectEn';

@Injectable()
export class ContractsService extends LifecycleRecordsService<ContractRecord, ContractDto> {
  constructor(
    private readonly prisma: PrismaService,
    history: HistoryService,
    private readonly citations: CitationsService,
    private readonly regions: RegionAccessService,
  ) {
    super({ prisma, history, regions }, CONTRACT_RECORDS);
  }

  async list(query: ContractListQueryDto, options: { export?: boolean } = {}): Promise<Page<ContractDto>> {
    const where = await this.whereOf(query);
    const { limit, offset } = pageWindow(query, options.export);
    const [total, rows] = await Promise.all([
      this.prisma.contract.count({ where }),
      this.prisma.contract.findMany({
        where,
        include: CONTRACT_INCLUDE,
        orderBy: toOrderBy(query.sort, CONTRACT_SORT_FIELDS, '-signedOn', NULLS_LAST_SORT_FIELDS),
        take: limit,
        skip: offset,
      }),
    ]);
    const data = rows.map(toDto);
    if (query.include?.length) await this.embed(data, query.include);
    return { data, meta: { total, limit, offset } };
  }

  async get(id: string, include: string[] = []): Promise<ContractDto> {
    const record = await this.prisma.contract.findUnique({ where: { id }, include: CONTRACT_INCLUDE });
    if (!record) throw ProblemException.notFound('Contract', id);
    const dto = toDto(record);
    if (include.length) await this.embed([dto], include);
    return dto;
  }

  async create(input: CreateContractDto, actor: Actor): Promise<ContractDto> {
    const id = await this.prisma.$transaction(async (tx) => {
      requireOneLanguage({ ...input }, 'title');
      assertCurrencyMatchesAmount(input.amount, input.currency);
      const signed = toPreciseDate('signedOn', input.signedOn, input.signedOnPrecision);
      await this.checkReferences(tx, input);
      await this.regions.assertMayEdit(
        actor,
        (input.parties ?? []).map((party) => party.partyId),
        'The new contract',
        tx,
      );
      const created = await tx.contract.create({
        data: {
          titleKk: input.titleKk ?? null,
          titleRu: input.titleRu ?? null,
          titleEn: input.titleEn ?? null,
          subjectKk: input.subjectKk ?? null,
          subjectRu: input.subjectRu ?? null,
          subjectEn: input.subjectEn ?? null,
          amount: toAmount(input.amount),
          currency: input.currency ?? null,
          quantity: input.quantity ?? 1,
          signedOn: signed.date,
          signedOnPrecision: signed.precision,
          memorandumId: input.memorandumId ?? null,
          visitId: input.visitId ?? null,
          status: input.status ?? 'negotiating',
          note: input.note ?? null,
          searchText: searchTextOf(input),
          parties: { create: (input.parties ?? []).map((party) => ({ partyId: party.partyId, role: party.role })) },
        },
      });
      if (input.sources?.length) await this.citations.replace(tx, { contractId: created.id }, input.sources);
      const after = await tx.contract.findUniqueOrThrow({ where: { id: created.id }, include: CONTRACT_INCLUDE });
      await this.recordChange(tx, created.id, 'create', 1, diffFields({}, auditSnapshot(after), AUDITED_FIELDS), actor);
      return created.id;
    });
    return this.get(id);
  }

  async update(id: string, expectedVersion: number, input: UpdateContractDto, actor: Actor): Promise<ContractDto> {
    await this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      const merged = { ...before, ...definedOnly(input) };
      requireOneLanguage(merged as Record<string, unknown>, 'title');
      assertCurrencyMatchesAmount(merged.amount, merged.currency);
      await this.checkReferences(tx, input);
      if (input.parties) {
        await this.regions.assertMayEdit(
          actor,
          input.parties.map((party) => party.partyId),
          'The contract after your change',
          tx,
        );
      }
      const data: Prisma.ContractUncheckedUpdateManyInput = {
        ...pick(input, ['titleKk', 'titleRu', 'titleEn', 'subjectKk', 'subjectRu', 'subjectEn', 'currency', 'quantity', 'memorandumId', 'visitId', 'note']),
        searchText: searchTextOf(merged),
      };
      if (input.amount !== undefined) data.amount = toAmount(input.amount);
      if (input.signedOn !== undefined || input.signedOnPrecision !== undefined) {
        const signed = toPreciseDate(
          'signedOn',
          input.signedOn !== undefined ? input.signedOn : formatDate(before.signedOn),
          input.signedOnPrecision ?? (input.signedOn === undefined ? before.signedOnPrecision : undefined),
        );
        data.signedOn = signed.date;
        data.signedOnPrecision = signed.precision;
      }
      await this.updateAtVersion(tx, id, expectedVersion, data);
      if (input.parties) {
        await tx.contractParty.deleteMany({ where: { contractId: id } });
        await tx.contractParty.createMany({ data: input.parties.map((party) => ({ contractId: id, partyId: party.partyId, role: party.role })) });
      }
      if (input.sources) await this.citations.replace(tx, { contractId: id }, input.sources);
      const after = await tx.contract.findUniqueOrThrow({ where: { id }, include: CONTRACT_INCLUDE });
      await this.recordChange(tx, id, 'update', after.version, diffFields(auditSnapshot(before), auditSnapshot(after), AUDITED_FIELDS), actor);
    });
    return this.get(id);
  }

  private async checkReferences(tx: Prisma.TransactionClient, input: CreateContractDto | UpdateContractDto): Promise<void> {
    if (input.parties && hasDuplicates(input.parties.map((party) => `${party.partyId}:${party.role}`))) {
      throw ProblemException.validation([{ field: 'parties', message: 'parties must not list the same party twice in the same role' }]);
    }
    await assertReferencesExist(tx, contractReferences(input));
  }

  private async whereOf(query: ContractListQueryDto): Promise<Prisma.ContractWhereInput> {
    const and: Prisma.ContractWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.status?.length) and.push({ status: { in: query.status } });
    if (query.currency?.length) and.push({ currency: { in: query.currency } });
    if (query.party) and.push({ parties: { some: { partyId: query.party } } });
    if (query.region) and.push({ parties: { some: { partyId: { in: await this.regions.partiesWithin(query.region) } } } });
    if (query.memorandum) and.push({ memorandumId: query.memorandum });
    if (query.visit) and.push({ visitId: query.visit });
    if (query.article) and.push({ citations: { some: { article: { key: query.article } } } });
    if (query.signedFrom) and.push({ signedOn: { gte: new Date(`${query.signedFrom}T00:00:00Z`) } });
    if (query.signedTo) and.push({ signedOn: { lte: new Date(`${query.signedTo}T00:00:00Z`) } });
    if (query.q?.trim()) {
      // Prisma passes `contains` to LIKE without escaping its wildcards: searchPattern escapes them.
      const text = searchPattern(query.q);
      and.push({ OR: [{ searchText: { contains: text } }, { parties: { some: { party: { searchText: { contains: text } } } } }] });
    }
    return { AND: and };
  }

  private async embed(dtos: ContractDto[], include: string[]): Promise<void> {
    if (include.includes('memorandum')) {
      const memoranda = await memorandaById(
        this.prisma,
        dtos.map((dto) => dto.memorandumId),
      );
      for (const dto of dtos) dto.memorandum = linked(memoranda, dto.memorandumId);
    }
    if (include.includes('visit')) {
      const visits = await visitsById(
        this.prisma,
        dtos.map((dto) => dto.visitId),
      );
      for (const dto of dtos) dto.visit = linked(visits, dto.visitId);
    }
    if (include.includes('followUps')) {
      const followUps = await followUpsOf(
        this.prisma,
        'contractId',
        dtos.map((dto) => dto.id),
      );
      for (const dto of dtos) dto.followUps = followUps.get(dto.id) ?? [];
    }
  }
}

/** A sum means nothing without its currency, and a currency without a sum is a leftover. */
function assertCurrencyMatchesAmount(amount: unknown, currency: string | null | undefined): void {
  const hasAmount = amount !== null && amount !== undefined;
  if (hasAmount && !currency) {
    throw ProblemException.validation([{ field: 'currency', message: 'currency is required when amount is set' }]);
  }
  if (!hasAmount && currency) {
    throw ProblemException.validation([{ field: 'currency', message: 'currency must be null when amount is null' }]);
  }
}

function toDto(record: ContractRecord): ContractDto {
  return {
    id: record.id,
    version: record.version,
    titleKk: record.titleKk,
    titleRu: record.titleRu,
    titleEn: record.titleEn,
    subjectKk: record.subjectKk,
    subjectRu: record.subjectRu,
    subjectEn: record.subjectEn,
    amount: record.amount?.toFixed(2) ?? null,
    currency: record.currency,
    quantity: record.quantity,
    signedOn: formatDate(record.signedOn),
    signedOnPrecision: record.signedOnPrecision,
    memorandumId: record.memorandumId,
    visitId: record.visitId,
    status: record.status,
    allowedTransitions: record.archivedAt ? [] : (allowedTransitions('contract', record.status) as ContractStatus[]),
    note: record.note,
    parties: record.parties.map((party) => ({
      partyId: party.partyId,
      role: party.role,
      name: { kk: party.party.nameKk, ru: party.party.nameRu, en: party.party.nameEn },
    })),
    followUpIds: record.followUps.map((followUp) => followUp.id),
    sources: toSourceViews(record.citations),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archivedAt: record.archivedAt?.toISOString() ?? null,
  };
}

function auditSnapshot(record: ContractRecord): Record<string, unknown> {
  return {
    ...record,
    amount: record.amount?.toFixed(2) ?? null,
    signedOn: formatDate(record.signedOn),
    parties: record.parties.map((party) => `${party.partyId}:${party.role}`),
    sources: toSourceViews(record.citations).map((source) => `${source.article}: ${source.quote}`),
  };
}

function searchTextOf(input: Partial<Record<SearchableFields, string | null | undefined>>): string {
  return buildSearchText(input.titleKk, input.titleRu, input.titleEn, input.subjectKk, input.subjectRu, input.subjectEn);
}
