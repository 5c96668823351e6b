import { Injectable } from '@nestjs/common';
import { type MemorandumStatus, Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { contractsOf, followUpsOf, linked, visitsById } from '../domain/compact-records.js';
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
import {
  type CreateMemorandumDto,
  MEMORANDUM_SORT_FIELDS,
  type MemorandumDto,
  type MemorandumListQueryDto,
  type UpdateMemorandumDto,
} from './memorandum.dto.js';

const NAME_SELECT = { id: true, nameKk: true, nameRu: true, nameEn: true } as const;

const MEMORANDUM_INCLUDE = {
  parties: { include: { party: { select: NAME_SELECT } }, orderBy: { partyId: 'asc' } },
  signatories: { include: { person: { select: NAME_SELECT } }, orderBy: { personId: 'asc' } },
  contracts: { select: { id: true }, where: { archivedAt: null }, orderBy: { createdAt: 'asc' } },
  followUps: { select: { id: true }, where: { archivedAt: null }, orderBy: { createdAt: 'asc' } },
  citations: CITATIONS_INCLUDE,
} satisfies Prisma.MemorandumInclude;

type MemorandumRecord = Prisma.MemorandumGetPayload<{ include: typeof MEMORANDUM_INCLUDE }>;

const MEMORANDUM_RECORDS: LifecycleRecordsOptions<MemorandumRecord> = {
  model: 'memorandum',
  entityType: 'memorandum',
  label: 'Memorandum',
  include: MEMORANDUM_INCLUDE,
  partiesOf: (record) => record.parties.map((party) => party.partyId),
  referencesOf: memorandumReferences,
};

/** For a request body and a stored memorandum alike. */
function memorandumReferences(memorandum: {
  visitId?: string | null;
  parties?: { partyId: string }[];
  signatories?: { personId: string; partyId?: string | null }[];
}): ReferenceCheck[] {
  return [
    { field: 'visitId', model: 'visit', ids: [memorandum.visitId] },
    { field: 'parties', model: 'party', ids: (memorandum.parties ?? []).map((party) => party.partyId) },
    { field: 'signatories', model: 'person', ids: (memorandum.signatories ?? []).map((s) => s.personId) },
    { field: 'signatories', model: 'party', ids: (memorandum.signatories ?? []).map((s) => s.partyId) },
  ];
}

/** Fields whose changes the audit trail records. */
const AUDITED_FIELDS = [
  'kind',
  'titleKk',
  'titleRu',
  'titleEn',
  'summaryKk',
  'summaryRu',
  'summaryEn',
  'signedOn',
  'signedOnPrecision',
  'spheres',
  'quantity',
  'validUntil',
  'visitId',
  'status',
  'note',
  'parties',
  'signatories',
  'sources',
] as const;

@Injectable()
export class MemorandaService extends LifecycleRecordsService<MemorandumRecord, MemorandumDto> {
  constructor(
    private readonly prisma: PrismaService,
    history: HistoryService,
    private readonly citations: CitationsService,
    private readonly regions: RegionAccessService,
  ) {
    super({ prisma, history, regions }, MEMORANDUM_RECORDS);
  }

  async list(query: MemorandumListQueryDto, options: { export?: boolean } = {}): Promise<Page<MemorandumDto>> {
    const where = await this.whereOf(query);
    const { limit, offset } = pageWindow(query, options.export);
    const [total, rows] = await Promise.all([
      this.prisma.memorandum.count({ where }),
      this.prisma.memorandum.findMany({
        where,
        include: MEMORANDUM_INCLUDE,
        orderBy: toOrderBy(query.sort, MEMORANDUM_SORT_FIELDS, '-signedOn', ['signedOn']),
        take: limit,
        skip: offset,
      }),
    ]);
    const data = rows.map(toDto);
    if (query.include?.length) await this.embed(data, query.include);
    return { data, meta: { total, limit, offset } };
  }

  async get(id: string, include: string[] = []): Promise<MemorandumDto> {
    const record = await this.prisma.memorandum.findUnique({ where: { id }, include: MEMORANDUM_INCLUDE });
    if (!record) throw ProblemException.notFound('Memorandum', id);
    const dto = toDto(record);
    if (include.length) await this.embed([dto], include);
    return dto;
  }

  async create(input: CreateMemorandumDto, actor: Actor): Promise<MemorandumDto> {
    const id = await this.prisma.$transaction(async (tx) => {
      requireOneLanguage(input, 'title');
      await this.checkReferences(tx, input);
      await this.regions.assertMayEdit(
        actor,
        (input.parties ?? []).map((party) => party.partyId),
        'The new memorandum',
        tx,
      );
      const signed = toPreciseDate('signedOn', input.signedOn, input.signedOnPrecision);
      const created = await tx.memorandum.create({
        data: {
          kind: input.kind ?? 'memorandum',
          titleKk: input.titleKk ?? null,
          titleRu: input.titleRu ?? null,
          titleEn: input.titleEn ?? null,
          summaryKk: input.summaryKk ?? null,
          summaryRu: input.summaryRu ?? null,
          summaryEn: input.summaryEn ?? null,
          signedOn: signed.date,
          signedOnPrecision: signed.precision,
          spheres: input.spheres ?? [],
          quantity: input.quantity ?? 1,
          validUntil: toPreciseDate('validUntil', input.validUntil, undefined).date,
          visitId: input.visitId ?? null,
          status: input.status ?? 'draft',
          note: input.note ?? null,
          searchText: searchTextOf(input),
          parties: { create: (input.parties ?? []).map((party) => ({ partyId: party.partyId, role: party.role ?? 'signatory' })) },
          signatories: { create: (input.signatories ?? []).map((s) => ({ personId: s.personId, partyId: s.partyId ?? null })) },
        },
      });
      if (input.sources?.length) await this.citations.replace(tx, { memorandumId: created.id }, input.sources);
      const after = await tx.memorandum.findUniqueOrThrow({ where: { id: created.id }, include: MEMORANDUM_INCLUDE });
      await this.recordChange(tx, created.id, 'create', 1, diffFields({}, auditSnapshot(after), AUDITED_FIELDS), actor);
      return created.id;
    });
    return this.get(id);
  }

  async update(id: string, expectedVersion: number, input: UpdateMemorandumDto, actor: Actor): Promise<MemorandumDto> {
    await this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      await this.checkReferences(tx, input);
      if (input.parties) {
        await this.regions.assertMayEdit(
          actor,
          input.parties.map((party) => party.partyId),
          'The memorandum after your change',
          tx,
        );
      }
      const merged = { ...before, ...definedOnly(input) };
      requireOneLanguage(merged, 'title');
      const data: Prisma.MemorandumUncheckedUpdateManyInput = {
        ...pick(input, ['kind', 'titleKk', 'titleRu', 'titleEn', 'summaryKk', 'summaryRu', 'summaryEn', 'quantity', 'note', 'visitId', 'spheres']),
        searchText: searchTextOf(merged),
      };
      if (input.signedOn !== undefined || input.signedOnPrecision !== undefined) {
        const signed = toPreciseDate(
          'signedOn',
          input.signedOn !== undefined ? input.signedOn : formatDate(before.signedOn),
          input.signedOnPrecision ?? (input.signedOn === undefined ? before.signedOnPrecision : undefined),
        );
        data.signedOn = signed.date;
        data.signedOnPrecision = signed.precision;
      }
      if (input.validUntil !== undefined) data.validUntil = toPreciseDate('validUntil', input.validUntil, undefined).date;
      if (input.quantity === null || input.spheres === null || input.kind === null) {
        throw ProblemException.validation([{ field: 'quantity', message: 'quantity, spheres and kind cannot be null' }]);
      }
      await this.updateAtVersion(tx, id, expectedVersion, data);
      if (input.parties) {
        await tx.memorandumParty.deleteMany({ where: { memorandumId: id } });
        await tx.memorandumParty.createMany({
          data: input.parties.map((party) => ({ memorandumId: id, partyId: party.partyId, role: party.role ?? 'signatory' })),
        });
      }
      if (input.signatories) {
        await tx.memorandumSignatory.deleteMany({ where: { memorandumId: id } });
        await tx.memorandumSignatory.createMany({
          data: input.signatories.map((s) => ({ memorandumId: id, personId: s.personId, partyId: s.partyId ?? null })),
        });
      }
      if (input.sources) await this.citations.replace(tx, { memorandumId: id }, input.sources);
      const after = await tx.memorandum.findUniqueOrThrow({ where: { id }, include: MEMORANDUM_INCLUDE });
      await this.recordChange(tx, id, 'update', after.version, diffFields(auditSnapshot(before), auditSnapshot(after), AUDITED_FIELDS), actor);
    });
    return this.get(id);
  }

  private async checkReferences(tx: Prisma.TransactionClient, input: CreateMemorandumDto | UpdateMemorandumDto): Promise<void> {
    if (input.parties && hasDuplicates(input.parties.map((party) => party.partyId))) {
      throw ProblemException.validation([{ field: 'parties', message: 'parties must not list the same party twice' }]);
    }
    if (input.signatories && hasDuplicates(input.signatories.map((s) => s.personId))) {
      throw ProblemException.validation([{ field: 'signatories', message: 'signatories must not list the same person twice' }]);
    }
    await assertReferencesExist(tx, memorandumReferences(input));
  }

  private async whereOf(query: MemorandumListQueryDto): Promise<Prisma.MemorandumWhereInput> {
    const and: Prisma.MemorandumWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.status?.length) and.push({ status: { in: query.status } });
    if (query.sphere?.length) and.push({ spheres: { hasSome: query.sphere } });
    if (query.party) and.push({ parties: { some: { partyId: query.party } } });
    if (query.region) and.push({ parties: { some: { partyId: { in: await this.regions.partiesWithin(query.region) } } } });
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

  private async embed(dtos: MemorandumDto[], include: string[]): Promise<void> {
    const ids = dtos.map((dto) => dto.id);
    if (include.includes('visit')) {
      const visits = await visitsById(
        this.prisma,
        dtos.map((dto) => dto.visitId),
      );
      for (const dto of dtos) dto.visit = linked(visits, dto.visitId);
    }
    if (include.includes('contracts')) {
      const contracts = await contractsOf(this.prisma, 'memorandumId', ids);
      for (const dto of dtos) dto.contracts = contracts.get(dto.id) ?? [];
    }
    if (include.includes('followUps')) {
      const followUps = await followUpsOf(this.prisma, 'memorandumId', ids);
      for (const dto of dtos) dto.followUps = followUps.get(dto.id) ?? [];
    }
  }
}

function toDto(record: MemorandumRecord): MemorandumDto {
  return {
    id: record.id,
    version: record.version,
    kind: record.kind,
    titleKk: record.titleKk,
    titleRu: record.titleRu,
    titleEn: record.titleEn,
    summaryKk: record.summaryKk,
    summaryRu: record.summaryRu,
    summaryEn: record.summaryEn,
    signedOn: formatDate(record.signedOn),
    signedOnPrecision: record.signedOnPrecision,
    spheres: record.spheres,
    quantity: record.quantity,
    validUntil: formatDate(record.validUntil),
    visitId: record.visitId,
    status: record.status,
    allowedTransitions: record.archivedAt ? [] : (allowedTransitions('memorandum', record.status) as MemorandumStatus[]),
    note: record.note,
    parties: record.parties.map((party) => ({
      partyId: party.partyId,
      role: party.role,
      name: { kk: party.party.nameKk, ru: party.party.nameRu, en: party.party.nameEn },
    })),
    signatories: record.signatories.map((signatory) => ({
      personId: signatory.personId,
      partyId: signatory.partyId,
      name: { kk: signatory.person.nameKk, ru: signatory.person.nameRu, en: signatory.person.nameEn },
    })),
    contractIds: record.contracts.map((contract) => contract.id),
    followUpIds: record.followUps.map((followUp) => followUp.id),
    sources: toSourceViews(record.citations),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archivedAt: record.archivedAt?.toISOString() ?? null,
  };
}

function auditSnapshot(record: MemorandumRecord): Record<string, unknown> {
  return {
    ...record,
    signedOn: formatDate(record.signedOn),
    validUntil: formatDate(record.validUntil),
    parties: record.parties.map((party) => `${party.partyId}:${party.role}`),
    signatories: record.signatories.map((signatory) => signatory.personId),
    sources: toSourceViews(record.citations).map((source) => `${source.article}: ${source.quote}`),
  };
}

function searchTextOf(input: Partial<Record<'titleKk' | 'titleRu' | 'titleEn' | 'summaryKk' | 'summaryRu' | 'summaryEn', string | null | undefined>>): string {
  return buildSearchText(input.titleKk, input.titleRu, input.titleEn, input.summaryKk, input.summaryRu, input.summaryEn);
}
