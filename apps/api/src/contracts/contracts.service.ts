import { Injectable } from '@nestjs/common';
import type { ContractStatus, Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { type Embed, embedLinked, embedListed, followUpsById, memorandaById, visitsById } from '../domain/compact-records.js';
import { changedDate, dateColumns, formatDate, toPreciseDate } from '../domain/dates.js';
import { HistoryService } from '../domain/history.service.js';
import { citingArticle, definedOnly, hasDuplicates, pick, versionedStamps, requireOneLanguage, requireParties } from '../domain/record-helpers.js';
import { initialSignedStatus } from '../domain/lifecycle.js';
import { involving, RECORD_TYPES } from '../domain/record-types.js';
import type { ReferenceCheck } from '../domain/references.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchTextMatches } from '../domain/search-text.js';
import type { RelatedOf } from '../domain/related-lists.js';
import { LifecycleRecordsService, type VersionedRecordsOptions } from '../domain/versioned-records.js';
import { type OrderBy, toOrderBy } from '../http/list-query.dto.js';
import { ProblemException } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { NAME_SELECT, partiesInRoles } from '../parties/record-ref.js';
import { CITATIONS_INCLUDE, CitationsService, citedPassages, toSourceViews } from '../sources/citations.service.js';
import { toAmount } from './amount.js';
import { CONTRACT_SORT_FIELDS, type ContractDto, type ContractListQueryDto, type CreateContractDto, type UpdateContractDto } from './contract.dto.js';
import type { ExpectedVersion } from '../domain/versioning.js';

const CONTRACT_INCLUDE = {
  parties: { include: { party: { select: NAME_SELECT } }, orderBy: [{ partyId: 'asc' }, { role: 'asc' }] },
  citations: CITATIONS_INCLUDE,
} satisfies Prisma.ContractInclude;

type ContractRecord = Prisma.ContractGetPayload<{ include: typeof CONTRACT_INCLUDE }>;

/** For a request body and a stored contract alike. */
function contractReferences(contract: { memorandumId?: string | null; visitId?: string | null; parties?: { partyId: string }[] }): ReferenceCheck[] {
  return [
    { field: 'memorandumId', model: 'memorandum', ids: [contract.memorandumId] },
    { field: 'visitId', model: 'visit', ids: [contract.visitId] },
    { field: 'parties', model: 'party', ids: (contract.parties ?? []).map((party) => party.partyId) },
  ];
}

/** What `?include=` can embed. */
const CONTRACT_EMBEDS: Record<string, Embed<ContractDto>> = {
  memorandum: embedLinked('memorandum', 'memorandumId', memorandaById),
  visit: embedLinked('visit', 'visitId', visitsById),
  followUps: embedListed('followUps', 'followUpIds', followUpsById),
};

const CONTRACT_RECORDS: VersionedRecordsOptions<ContractRecord, ContractDto> = {
  type: RECORD_TYPES.contract,
  include: CONTRACT_INCLUDE,
  embeds: CONTRACT_EMBEDS,
  referencesOf: contractReferences,
  audited: [
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
  ],
  auditSnapshot: (record) => ({
    ...record,
    amount: record.amount?.toFixed(2) ?? null,
    signedOn: formatDate(record.signedOn),
    parties: record.parties.map((party) => `${party.partyId}:${party.role}`),
    sources: citedPassages(record.citations),
  }),
};

type SearchableFields = 'titleKk' | 'titleRu' | 'titleEn' | 'subjectKk' | 'subjectRu' | 'subjectEn';

/** Sorting by these puts records without a value last in either direction: they say nothing about the order. */
const NULLS_LAST_SORT_FIELDS = ['signedOn', 'amount'];

@Injectable()
export class ContractsService extends LifecycleRecordsService<ContractRecord, ContractDto, ContractListQueryDto> {
  constructor(prisma: PrismaService, history: HistoryService, citations: CitationsService, regions: RegionAccessService) {
    super({ prisma, history, regions, citations }, CONTRACT_RECORDS);
  }

  protected async listQuery(query: ContractListQueryDto): Promise<{ where: object; orderBy: OrderBy[] }> {
    return { where: await this.whereOf(query), orderBy: toOrderBy(query.sort, CONTRACT_SORT_FIELDS, '-signedOn', NULLS_LAST_SORT_FIELDS) };
  }

  async create(input: CreateContractDto, actor: Actor, tx?: Prisma.TransactionClient): Promise<ContractDto> {
    return this.createRecord(
      input,
      actor,
      {
        validate: () => {
          requireOneLanguage({ ...input }, 'title');
          requireParties(input.parties, 'contract');
          assertCurrencyMatchesAmount(input.amount, input.currency);
          toPreciseDate('signedOn', input.signedOn, input.signedOnPrecision);
          assertNoDuplicates(input);
        },
        references: contractReferences(input),
        insert: (tx) => {
          const signed = toPreciseDate('signedOn', input.signedOn, input.signedOnPrecision);
          return tx.contract.create({
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
              status: input.status ?? initialSignedStatus(signed, 'negotiating'),
              note: input.note ?? null,
              searchText: searchTextOf(input),
              parties: { create: (input.parties ?? []).map((party) => ({ partyId: party.partyId, role: party.role })) },
            },
            select: { id: true },
          });
        },
      },
      tx,
    );
  }

  async update(id: string, expectedVersion: ExpectedVersion, input: UpdateContractDto, actor: Actor): Promise<ContractDto> {
    return this.updateRecord(id, expectedVersion, input, actor, {
      validate: (before) => {
        const merged = { ...before, ...definedOnly(input) };
        requireOneLanguage(merged, 'title');
        assertCurrencyMatchesAmount(merged.amount, merged.currency);
        assertNoDuplicates(input);
        if (input.parties) requireParties(input.parties, 'contract');
      },
      references: contractReferences(input),
      data: (before) => {
        const data: Prisma.ContractUncheckedUpdateManyInput = {
          ...pick(input, ['titleKk', 'titleRu', 'titleEn', 'subjectKk', 'subjectRu', 'subjectEn', 'currency', 'quantity', 'memorandumId', 'visitId', 'note']),
          searchText: searchTextOf({ ...before, ...definedOnly(input) }),
          ...dateColumns(
            'signedOn',
            changedDate('signedOn', input.signedOn, input.signedOnPrecision, { date: before.signedOn, precision: before.signedOnPrecision }),
          ),
        };
        if (input.amount !== undefined) data.amount = toAmount(input.amount);
        return data;
      },
      replaceJoins: async (tx) => {
        if (!input.parties) return;
        await tx.contractParty.deleteMany({ where: { contractId: id } });
        await tx.contractParty.createMany({ data: input.parties.map((party) => ({ contractId: id, partyId: party.partyId, role: party.role })) });
      },
    });
  }

  private async whereOf(query: ContractListQueryDto): Promise<Prisma.ContractWhereInput> {
    const type = RECORD_TYPES.contract;
    const and: Prisma.ContractWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.status?.length) and.push({ status: { in: query.status } });
    if (query.currency?.length) and.push({ currency: { in: query.currency } });
    if (query.party) and.push(involving(type, [query.party]));
    if (query.region) and.push(await this.recordDeps.regions.whereInRegion(type, query.region));
    if (query.memorandum) and.push({ memorandumId: query.memorandum });
    if (query.visit) and.push({ visitId: query.visit });
    if (query.article) and.push(citingArticle(query.article));
    if (query.signedFrom) and.push({ signedOn: { gte: new Date(`${query.signedFrom}T00:00:00Z`) } });
    if (query.signedTo) and.push({ signedOn: { lte: new Date(`${query.signedTo}T00:00:00Z`) } });
    if (query.q?.trim()) and.push({ OR: [searchTextMatches(query.q), { parties: { some: { party: searchTextMatches(query.q) } } }] });
    return { AND: and };
  }

  protected toDto(record: ContractRecord, related: RelatedOf): ContractDto {
    return toDto(record, related, this.nextStatuses(record) as ContractStatus[]);
  }
}

function assertNoDuplicates(input: CreateContractDto | UpdateContractDto): void {
  if (input.parties && hasDuplicates(input.parties.map((party) => `${party.partyId}:${party.role}`))) {
    throw ProblemException.validation([{ field: 'parties', message: 'parties must not list the same party twice in the same role' }]);
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

function toDto(record: ContractRecord, related: RelatedOf, nextStatuses: ContractStatus[]): ContractDto {
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
    allowedTransitions: nextStatuses,
    note: record.note,
    parties: partiesInRoles(record.parties),
    followUpIds: related.ids('followUps'),
    followUpCount: related.count('followUps'),
    sources: toSourceViews(record.citations),
    links: related.links,
    ...versionedStamps(record),
  };
}

function searchTextOf(input: Partial<Record<SearchableFields, string | null | undefined>>): string {
  return buildSearchText(input.titleKk, input.titleRu, input.titleEn, input.subjectKk, input.subjectRu, input.subjectEn);
}
