import { HttpStatus, Injectable } from '@nestjs/common';
import { type ContractStatus, Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { formatDate, toPreciseDate } from '../domain/dates.js';
import { diffFields, HistoryService } from '../domain/history.service.js';
import { allowedTransitions, statusesOf } from '../domain/lifecycle.js';
import { assertReferencesExist } from '../domain/references.js';
import { definedOnly, hasDuplicates, pick, requireOneLanguage } from '../domain/record-helpers.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchPattern } from '../domain/search-text.js';
import { archivedRecord, staleVersion } from '../domain/versioning.js';
import { type Page, pageWindow, toOrderBy } from '../http/list-query.dto.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
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

/** Fields whose changes the audit trail records. */
const AUDITED_FIELDS = [
  'titleKk', 'titleRu', 'titleEn', 'subjectKk', 'subjectRu', 'subjectEn', 'amount', 'currency', 'quantity', 'signedOn', 'signedOnPrecision',
  'memorandumId', 'visitId', 'status', 'note', 'parties', 'sources',
] as const;

/** Sorting by these puts records without a value last in either direction: they say nothing about the order. */
const NULLS_LAST_SORT_FIELDS = ['signedOn', 'amount'];

type SearchableFields = 'titleKk' | 'titleRu' | 'titleEn' | 'subjectKk' | 'subjectRu' | 'subjectEn';

@Injectable()
export class ContractsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly history: HistoryService,
    private readonly citations: CitationsService,
    private readonly regions: RegionAccessService,
  ) {}

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
      await this.regions.assertMayEdit(actor, (input.parties ?? []).map((party) => party.partyId), 'The new contract', tx);
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
      await this.history.recordChange(tx, {
        entityType: 'contract',
        entityId: created.id,
        action: 'create',
        version: 1,
        changes: diffFields({}, auditSnapshot(after), AUDITED_FIELDS),
        actor,
      });
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
        await this.regions.assertMayEdit(actor, input.parties.map((party) => party.partyId), 'The contract after your change', tx);
      }
      const data: Prisma.ContractUncheckedUpdateManyInput = {
        ...pick(input, ['titleKk', 'titleRu', 'titleEn', 'subjectKk', 'subjectRu', 'subjectEn', 'currency', 'quantity', 'memorandumId', 'visitId', 'note']),
        version: { increment: 1 },
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
      const result = await tx.contract.updateMany({ where: { id, version: expectedVersion }, data });
      if (result.count === 0) throw await this.staleOrMissing(tx, id, expectedVersion);
      if (input.parties) {
        await tx.contractParty.deleteMany({ where: { contractId: id } });
        await tx.contractParty.createMany({ data: input.parties.map((party) => ({ contractId: id, partyId: party.partyId, role: party.role })) });
      }
      if (input.sources) await this.citations.replace(tx, { contractId: id }, input.sources);
      const after = await tx.contract.findUniqueOrThrow({ where: { id }, include: CONTRACT_INCLUDE });
      await this.history.recordChange(tx, {
        entityType: 'contract',
        entityId: id,
        action: 'update',
        version: after.version,
        changes: diffFields(auditSnapshot(before), auditSnapshot(after), AUDITED_FIELDS),
        actor,
      });
    });
    return this.get(id);
  }

  async archive(id: string, expectedVersion: number, actor: Actor): Promise<ContractDto> {
    await this.prisma.$transaction(async (tx) => {
      await this.loadForChange(tx, id, expectedVersion, actor);
      const archivedAt = new Date();
      const result = await tx.contract.updateMany({ where: { id, version: expectedVersion }, data: { archivedAt, version: { increment: 1 } } });
      if (result.count === 0) throw await this.staleOrMissing(tx, id, expectedVersion);
      await this.history.recordChange(tx, {
        entityType: 'contract',
        entityId: id,
        action: 'archive',
        version: expectedVersion + 1,
        changes: { archivedAt: { from: null, to: archivedAt.toISOString() } },
        actor,
      });
    });
    return this.get(id);
  }

  async transition(id: string, expectedVersion: number, to: string, comment: string | undefined, actor: Actor): Promise<ContractDto> {
    if (!statusesOf('contract').includes(to)) {
      throw ProblemException.validation([{ field: 'to', message: `to must be one of ${statusesOf('contract').join(', ')}` }]);
    }
    await this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      const allowed = allowedTransitions('contract', before.status);
      if (!allowed.includes(to)) {
        throw ProblemException.of(
          HttpStatus.CONFLICT,
          ProblemType.invalidTransition,
          allowed.length
            ? `A contract cannot move from ${before.status} to ${to}. Allowed: ${allowed.join(', ')}.`
            : `A contract in status ${before.status} is final and cannot change status.`,
          { currentStatus: before.status, allowedTransitions: allowed },
        );
      }
      const result = await tx.contract.updateMany({
        where: { id, version: expectedVersion },
        data: { status: to as ContractStatus, version: { increment: 1 } },
      });
      if (result.count === 0) throw await this.staleOrMissing(tx, id, expectedVersion);
      await this.history.recordStatusChange(tx, {
        entityType: 'contract',
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

  async historyOf(id: string) {
    const exists = await this.prisma.contract.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw ProblemException.notFound('Contract', id);
    return this.history.historyOf('contract', id);
  }

  /** Reads the record for a change, checking existence, archive state, version and region, in that order. */
  private async loadForChange(tx: Prisma.TransactionClient, id: string, expectedVersion: number, actor: Actor): Promise<ContractRecord> {
    const record = await tx.contract.findUnique({ where: { id }, include: CONTRACT_INCLUDE });
    if (!record) throw ProblemException.notFound('Contract', id);
    if (record.archivedAt) throw archivedRecord('Contract', id);
    if (record.version !== expectedVersion) throw staleVersion('Contract', id, expectedVersion, record.version);
    await this.regions.assertMayEdit(actor, record.parties.map((party) => party.partyId), `Contract ${id}`, tx);
    return record;
  }

  private async staleOrMissing(tx: Prisma.TransactionClient, id: string, expectedVersion: number): Promise<ProblemException> {
    const current = await tx.contract.findUnique({ where: { id }, select: { version: true } });
    return current ? staleVersion('Contract', id, expectedVersion, current.version) : ProblemException.notFound('Contract', id);
  }

  private async checkReferences(tx: Prisma.TransactionClient, input: CreateContractDto | UpdateContractDto): Promise<void> {
    if (input.parties && hasDuplicates(input.parties.map((party) => `${party.partyId}:${party.role}`))) {
      throw ProblemException.validation([{ field: 'parties', message: 'parties must not list the same party twice in the same role' }]);
    }
    await assertReferencesExist(tx, [
      { field: 'memorandumId', model: 'memorandum', ids: [input.memorandumId] },
      { field: 'visitId', model: 'visit', ids: [input.visitId] },
      { field: 'parties', model: 'party', ids: (input.parties ?? []).map((party) => party.partyId) },
    ]);
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
      const memorandumIds = dtos.map((dto) => dto.memorandumId).filter((id): id is string => !!id);
      const memoranda = await this.prisma.memorandum.findMany({
        where: { id: { in: memorandumIds } },
        select: { id: true, kind: true, titleKk: true, titleRu: true, titleEn: true, status: true, signedOn: true, signedOnPrecision: true },
      });
      const byId = new Map(memoranda.map((memorandum) => [memorandum.id, { ...memorandum, signedOn: formatDate(memorandum.signedOn) }]));
      for (const dto of dtos) dto.memorandum = dto.memorandumId ? (byId.get(dto.memorandumId) ?? null) : null;
    }
    if (include.includes('visit')) {
      const visitIds = dtos.map((dto) => dto.visitId).filter((id): id is string => !!id);
      const visits = await this.prisma.visit.findMany({
        where: { id: { in: visitIds } },
        select: { id: true, titleKk: true, titleRu: true, titleEn: true, status: true, startDate: true, startDatePrecision: true, visitingPartyId: true },
      });
      const byId = new Map(visits.map((visit) => [visit.id, { ...visit, startDate: formatDate(visit.startDate) }]));
      for (const dto of dtos) dto.visit = dto.visitId ? (byId.get(dto.visitId) ?? null) : null;
    }
    if (include.includes('followUps')) {
      const followUps = await this.prisma.followUp.findMany({
        where: { contractId: { in: dtos.map((dto) => dto.id) }, archivedAt: null },
        select: { id: true, contractId: true, titleKk: true, titleRu: true, titleEn: true, status: true, dueOn: true, dueOnPrecision: true },
        orderBy: { createdAt: 'asc' },
      });
      for (const dto of dtos) {
        dto.followUps = followUps
          .filter((followUp) => followUp.contractId === dto.id)
          .map(({ contractId: _contractId, dueOn, ...rest }) => ({ ...rest, dueOn: formatDate(dueOn) }));
      }
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
