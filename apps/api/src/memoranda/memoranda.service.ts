import { Injectable } from '@nestjs/common';
import type { MemorandumStatus, Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { contractsById, type Embed, embedLinked, embedListed, followUpsById, visitsById } from '../domain/compact-records.js';
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
import { NAME_SELECT, nameOf, partiesInRoles } from '../parties/record-ref.js';
import { CITATIONS_INCLUDE, CitationsService, citedPassages, toSourceViews } from '../sources/citations.service.js';
import {
  type CreateMemorandumDto,
  MEMORANDUM_SORT_FIELDS,
  type MemorandumDto,
  type MemorandumListQueryDto,
  type UpdateMemorandumDto,
} from './memorandum.dto.js';
import type { ExpectedVersion } from '../domain/versioning.js';
import { MEMORANDA_BY_IDS_SQL, MEMORANDUM_LIFECYCLE_JSON, ONE_MEMORANDUM_SQL } from './memorandum-json.js';

const MEMORANDUM_INCLUDE = {
  parties: { include: { party: { select: NAME_SELECT } }, orderBy: { partyId: 'asc' } },
  signatories: { include: { person: { select: NAME_SELECT } }, orderBy: { personId: 'asc' } },
  citations: CITATIONS_INCLUDE,
} satisfies Prisma.MemorandumInclude;

type MemorandumRecord = Prisma.MemorandumGetPayload<{ include: typeof MEMORANDUM_INCLUDE }>;

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

/** What `?include=` can embed. */
const MEMORANDUM_EMBEDS: Record<string, Embed<MemorandumDto>> = {
  visit: embedLinked('visit', 'visitId', visitsById),
  contracts: embedListed('contracts', 'contractIds', contractsById),
  followUps: embedListed('followUps', 'followUpIds', followUpsById),
};

const MEMORANDUM_RECORDS: VersionedRecordsOptions<MemorandumRecord, MemorandumDto> = {
  type: RECORD_TYPES.memorandum,
  include: MEMORANDUM_INCLUDE,
  json: { one: ONE_MEMORANDUM_SQL, byIds: MEMORANDA_BY_IDS_SQL, params: () => [MEMORANDUM_LIFECYCLE_JSON] },
  embeds: MEMORANDUM_EMBEDS,
  referencesOf: memorandumReferences,
  audited: [
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
  ],
  auditSnapshot: (record) => ({
    ...record,
    signedOn: formatDate(record.signedOn),
    validUntil: formatDate(record.validUntil),
    parties: record.parties.map((party) => `${party.partyId}:${party.role}`),
    // Who signed, and for which party: a PATCH that changes only the party a person signed for is a change.
    signatories: record.signatories.map((signatory) => (signatory.partyId ? `${signatory.personId}:${signatory.partyId}` : signatory.personId)),
    sources: citedPassages(record.citations),
  }),
};

@Injectable()
export class MemorandaService extends LifecycleRecordsService<MemorandumRecord, MemorandumDto, MemorandumListQueryDto> {
  constructor(prisma: PrismaService, history: HistoryService, citations: CitationsService, regions: RegionAccessService) {
    super({ prisma, history, regions, citations }, MEMORANDUM_RECORDS);
  }

  protected async listQuery(query: MemorandumListQueryDto): Promise<{ where: object; orderBy: OrderBy[] }> {
    return { where: await this.whereOf(query), orderBy: toOrderBy(query.sort, MEMORANDUM_SORT_FIELDS, '-signedOn', ['signedOn']) };
  }

  async create(input: CreateMemorandumDto, actor: Actor, tx?: Prisma.TransactionClient): Promise<MemorandumDto> {
    return this.createRecord(
      input,
      actor,
      {
        validate: () => {
          requireOneLanguage(input, 'title');
          requireParties(input.parties, 'memorandum');
          assertNoDuplicates(input);
        },
        references: memorandumReferences(input),
        insert: (tx) => {
          const signed = toPreciseDate('signedOn', input.signedOn, input.signedOnPrecision);
          return tx.memorandum.create({
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
              status: input.status ?? initialSignedStatus(signed, 'draft'),
              note: input.note ?? null,
              searchText: searchTextOf(input),
              parties: { create: partyRows(input.parties ?? []) },
              signatories: { create: signatoryRows(input.signatories ?? []) },
            },
            select: { id: true },
          });
        },
      },
      tx,
    );
  }

  async update(id: string, expectedVersion: ExpectedVersion, input: UpdateMemorandumDto, actor: Actor): Promise<MemorandumDto> {
    return this.updateRecord(id, expectedVersion, input, actor, {
      validate: (before) => {
        assertNoDuplicates(input);
        if (input.parties) requireParties(input.parties, 'memorandum');
        requireOneLanguage({ ...before, ...definedOnly(input) }, 'title');
        if (input.quantity === null || input.spheres === null || input.kind === null) {
          throw ProblemException.validation([{ field: 'quantity', message: 'quantity, spheres and kind cannot be null' }]);
        }
      },
      references: memorandumReferences(input),
      data: (before) => {
        const data: Prisma.MemorandumUncheckedUpdateManyInput = {
          ...pick(input, ['kind', 'titleKk', 'titleRu', 'titleEn', 'summaryKk', 'summaryRu', 'summaryEn', 'quantity', 'note', 'visitId', 'spheres']),
          searchText: searchTextOf({ ...before, ...definedOnly(input) }),
          ...dateColumns(
            'signedOn',
            changedDate('signedOn', input.signedOn, input.signedOnPrecision, { date: before.signedOn, precision: before.signedOnPrecision }),
          ),
        };
        if (input.validUntil !== undefined) data.validUntil = toPreciseDate('validUntil', input.validUntil, undefined).date;
        return data;
      },
      replaceJoins: async (tx) => {
        if (input.parties) {
          await tx.memorandumParty.deleteMany({ where: { memorandumId: id } });
          await tx.memorandumParty.createMany({ data: partyRows(input.parties).map((row) => ({ memorandumId: id, ...row })) });
        }
        if (input.signatories) {
          await tx.memorandumSignatory.deleteMany({ where: { memorandumId: id } });
          await tx.memorandumSignatory.createMany({ data: signatoryRows(input.signatories).map((row) => ({ memorandumId: id, ...row })) });
        }
      },
    });
  }

  private async whereOf(query: MemorandumListQueryDto): Promise<Prisma.MemorandumWhereInput> {
    const type = RECORD_TYPES.memorandum;
    const and: Prisma.MemorandumWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.status?.length) and.push({ status: { in: query.status } });
    if (query.sphere?.length) and.push({ spheres: { hasSome: query.sphere } });
    if (query.party) and.push(involving(type, [query.party]));
    if (query.region) and.push(await this.recordDeps.regions.whereInRegion(type, query.region));
    if (query.visit) and.push({ visitId: query.visit });
    if (query.article) and.push(citingArticle(query.article));
    if (query.signedFrom) and.push({ signedOn: { gte: new Date(`${query.signedFrom}T00:00:00Z`) } });
    if (query.signedTo) and.push({ signedOn: { lte: new Date(`${query.signedTo}T00:00:00Z`) } });
    if (query.q?.trim()) and.push({ OR: [searchTextMatches(query.q), { parties: { some: { party: searchTextMatches(query.q) } } }] });
    return { AND: and };
  }

  protected toDto(record: MemorandumRecord, related: RelatedOf): MemorandumDto {
    return toDto(record, related, this.nextStatuses(record) as MemorandumStatus[]);
  }
}

function assertNoDuplicates(input: CreateMemorandumDto | UpdateMemorandumDto): void {
  if (input.parties && hasDuplicates(input.parties.map((party) => party.partyId))) {
    throw ProblemException.validation([{ field: 'parties', message: 'parties must not list the same party twice' }]);
  }
  if (input.signatories && hasDuplicates(input.signatories.map((s) => s.personId))) {
    throw ProblemException.validation([{ field: 'signatories', message: 'signatories must not list the same person twice' }]);
  }
}

function partyRows(parties: NonNullable<CreateMemorandumDto['parties']>) {
  return parties.map((party) => ({ partyId: party.partyId, role: party.role ?? 'signatory' }));
}

function signatoryRows(signatories: NonNullable<CreateMemorandumDto['signatories']>) {
  return signatories.map((s) => ({ personId: s.personId, partyId: s.partyId ?? null }));
}

function toDto(record: MemorandumRecord, related: RelatedOf, nextStatuses: MemorandumStatus[]): MemorandumDto {
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
    allowedTransitions: nextStatuses,
    note: record.note,
    parties: partiesInRoles(record.parties),
    signatories: record.signatories.map((signatory) => ({
      personId: signatory.personId,
      partyId: signatory.partyId,
      name: nameOf(signatory.person),
    })),
    contractIds: related.ids('contracts'),
    contractCount: related.count('contracts'),
    followUpIds: related.ids('followUps'),
    followUpCount: related.count('followUps'),
    sources: toSourceViews(record.citations),
    links: related.links,
    ...versionedStamps(record),
  };
}

function searchTextOf(input: Partial<Record<'titleKk' | 'titleRu' | 'titleEn' | 'summaryKk' | 'summaryRu' | 'summaryEn', string | null | undefined>>): string {
  return buildSearchText(input.titleKk, input.titleRu, input.titleEn, input.summaryKk, input.summaryRu, input.summaryEn);
}
