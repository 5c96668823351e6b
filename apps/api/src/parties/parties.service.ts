import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { diffFields, HistoryService } from '../domain/history.service.js';
import { assertReferencesExist, type ReferenceCheck } from '../domain/references.js';
import { definedOnly, pick, requireOneLanguage } from '../domain/record-helpers.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchPattern } from '../domain/search-text.js';
import { VersionedRecordsService, type VersionedRecordsOptions } from '../domain/versioned-records.js';
import { type Page, pageWindow, toOrderBy } from '../http/list-query.dto.js';
import { ProblemException, unprocessable } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { type CreatePartyDto, PARTY_SORT_FIELDS, type PartyDto, type PartyListQueryDto, type UpdatePartyDto } from './party.dto.js';
import { NAME_SELECT, nameOf, refuseWhileReferenced, toRef } from './record-ref.js';

const PARTY_INCLUDE = {
  parent: { select: NAME_SELECT },
  children: { select: { id: true }, where: { archivedAt: null }, orderBy: { createdAt: 'asc' } },
} satisfies Prisma.PartyInclude;

type PartyRecord = Prisma.PartyGetPayload<{ include: typeof PARTY_INCLUDE }>;

const PARTY_RECORDS: VersionedRecordsOptions<PartyRecord> = {
  model: 'party',
  entityType: 'party',
  label: 'Party',
  include: PARTY_INCLUDE,
  partiesOf: (record) => [record.id],
  referencesOf: partyReferences,
};

/** For a request body and a stored party alike. */
function partyReferences(party: { parentId?: string | null }): ReferenceCheck[] {
  return [{ field: 'parentId', model: 'party', ids: [party.parentId] }];
}

/** Fields whose changes the audit trail records. */
const AUDITED_FIELDS = ['kind', 'nameKk', 'nameRu', 'nameEn', 'aliases', 'countryCode', 'parentId'] as const;
const NAME_FIELDS = ['nameRu', 'nameKk', 'nameEn'];

@Injectable()
export class PartiesService extends VersionedRecordsService<PartyRecord, PartyDto> {
  constructor(
    private readonly prisma: PrismaService,
    history: HistoryService,
    private readonly regions: RegionAccessService,
  ) {
    super({ prisma, history, regions }, PARTY_RECORDS);
  }

  async list(query: PartyListQueryDto, options: { export?: boolean } = {}): Promise<Page<PartyDto>> {
    const where = await this.whereOf(query);
    const { limit, offset } = pageWindow(query, options.export);
    const [total, rows] = await Promise.all([
      this.prisma.party.count({ where }),
      this.prisma.party.findMany({
        where,
        include: PARTY_INCLUDE,
        orderBy: toOrderBy(query.sort, PARTY_SORT_FIELDS, 'nameRu', NAME_FIELDS),
        take: limit,
        skip: offset,
      }),
    ]);
    const data = rows.map(toDto);
    if (query.include?.includes('children')) await this.embedChildren(data);
    return { data, meta: { total, limit, offset } };
  }

  async get(id: string, include: string[] = []): Promise<PartyDto> {
    const record = await this.prisma.party.findUnique({ where: { id }, include: PARTY_INCLUDE });
    if (!record) throw ProblemException.notFound('Party', id);
    const dto = toDto(record);
    if (include.includes('children')) await this.embedChildren([dto]);
    return dto;
  }

  async create(input: CreatePartyDto, actor: Actor): Promise<PartyDto> {
    const id = await this.prisma.$transaction(async (tx) => {
      requireOneLanguage({ ...input }, 'name');
      await assertReferencesExist(tx, partyReferences(input));
      const created = await tx.party.create({
        data: {
          kind: input.kind,
          nameKk: input.nameKk ?? null,
          nameRu: input.nameRu ?? null,
          nameEn: input.nameEn ?? null,
          aliases: input.aliases ?? [],
          countryCode: input.countryCode ?? null,
          parentId: input.parentId ?? null,
          searchText: searchTextOf(input),
        },
        include: PARTY_INCLUDE,
      });
      // Checked after the insert (the transaction rolls back on refusal) so the hierarchy query sees the new party under its parent.
      await this.regions.assertMayEdit(actor, [created.id], 'The new party', tx);
      await this.recordChange(tx, created.id, 'create', 1, diffFields({}, created, AUDITED_FIELDS), actor);
      return created.id;
    });
    return this.get(id);
  }

  async update(id: string, expectedVersion: number, input: UpdatePartyDto, actor: Actor): Promise<PartyDto> {
    await this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      if (input.kind === null || input.aliases === null) {
        throw ProblemException.validation([{ field: input.kind === null ? 'kind' : 'aliases', message: 'kind and aliases cannot be null' }]);
      }
      if (input.parentId === id) throw ProblemException.validation([{ field: 'parentId', message: 'a party cannot be its own parent' }]);
      await assertReferencesExist(tx, partyReferences(input));
      if (input.parentId) await this.assertNoCycle(tx, id, input.parentId);
      const merged = { ...before, ...definedOnly(input) };
      requireOneLanguage(merged as Record<string, unknown>, 'name');
      const data: Prisma.PartyUncheckedUpdateManyInput = {
        ...pick(input, ['kind', 'nameKk', 'nameRu', 'nameEn', 'aliases', 'countryCode', 'parentId']),
        searchText: searchTextOf(merged),
      };
      await this.updateAtVersion(tx, id, expectedVersion, data);
      // Moving a party must not take it out of the editor's region; checked on the new hierarchy, inside the transaction.
      if (input.parentId !== undefined) await this.regions.assertMayEdit(actor, [id], `Party ${id} after your change`, tx);
      const after = await tx.party.findUniqueOrThrow({ where: { id }, include: PARTY_INCLUDE });
      await this.recordChange(tx, id, 'update', after.version, diffFields(before, after, AUDITED_FIELDS), actor);
    });
    return this.get(id);
  }

  /** Archiving is refused (409) while live records refer to the party. */
  protected override async beforeArchive(tx: Prisma.TransactionClient, id: string): Promise<void> {
    refuseWhileReferenced('Party', id, await this.liveReferences(tx, id));
  }

  /** 422 when the new parent sits under the party itself: the hierarchy must stay a tree for region queries to mean anything. */
  private async assertNoCycle(tx: Prisma.TransactionClient, id: string, parentId: string): Promise<void> {
    // Two concurrent moves (A under B, B under A) would each pass the check on the old tree; one lock serialises them.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kelisim.party_hierarchy'))`;
    const below = await this.regions.partiesWithin(id, tx);
    if (below.includes(parentId)) {
      throw unprocessable(
        [{ field: 'parentId', message: `party ${parentId} is under party ${id}, so it cannot be its parent (the hierarchy would loop)` }],
        'The new parent would make the party hierarchy loop.',
      );
    }
  }

  /** Live records that refer to the party, per kind. Sequential: one transaction runs one query at a time. */
  private async liveReferences(tx: Prisma.TransactionClient, id: string): Promise<Record<string, number>> {
    return {
      children: await tx.party.count({ where: { parentId: id, archivedAt: null } }),
      people: await tx.person.count({ where: { partyId: id, archivedAt: null } }),
      visits: await tx.visit.count({ where: { archivedAt: null, OR: [{ visitingPartyId: id }, { hosts: { some: { partyId: id } } }] } }),
      memoranda: await tx.memorandum.count({
        where: { archivedAt: null, OR: [{ parties: { some: { partyId: id } } }, { signatories: { some: { partyId: id } } }] },
      }),
      contracts: await tx.contract.count({ where: { archivedAt: null, parties: { some: { partyId: id } } } }),
      followUps: await tx.followUp.count({ where: { archivedAt: null, responsiblePartyId: id } }),
      adminUsers: await tx.adminUser.count({ where: { regionPartyId: id, disabledAt: null } }),
    };
  }

  private async whereOf(query: PartyListQueryDto): Promise<Prisma.PartyWhereInput> {
    const and: Prisma.PartyWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.kind?.length) and.push({ kind: { in: query.kind } });
    if (query.parent) and.push({ parentId: query.parent });
    if (query.country) and.push({ countryCode: query.country });
    if (query.region) and.push({ id: { in: await this.regions.partiesWithin(query.region) } });
    if (query.article) {
      const cited = { citations: { some: { article: { key: query.article } } }, archivedAt: null };
      and.push({
        OR: [
          { visitsMade: { some: cited } },
          { visitsHosted: { some: { visit: cited } } },
          { memoranda: { some: { memorandum: cited } } },
          { contracts: { some: { contract: cited } } },
          { followUpsResponsible: { some: cited } },
        ],
      });
    }
    // Prisma passes `contains` to LIKE without escaping its wildcards: searchPattern escapes them. searchText holds the aliases too.
    if (query.q?.trim()) and.push({ searchText: { contains: searchPattern(query.q) } });
    return { AND: and };
  }

  private async embedChildren(dtos: PartyDto[]): Promise<void> {
    const children = await this.prisma.party.findMany({
      where: { parentId: { in: dtos.map((dto) => dto.id) }, archivedAt: null },
      select: { ...NAME_SELECT, kind: true, parentId: true },
      orderBy: [{ nameRu: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    });
    for (const dto of dtos) {
      dto.children = children.filter((child) => child.parentId === dto.id).map((child) => ({ id: child.id, kind: child.kind, name: nameOf(child) }));
    }
  }
}

function toDto(record: PartyRecord): PartyDto {
  return {
    id: record.id,
    version: record.version,
    kind: record.kind,
    nameKk: record.nameKk,
    nameRu: record.nameRu,
    nameEn: record.nameEn,
    aliases: record.aliases,
    countryCode: record.countryCode,
    parentId: record.parentId,
    parent: toRef(record.parent),
    childIds: record.children.map((child) => child.id),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archivedAt: record.archivedAt?.toISOString() ?? null,
  };
}

function searchTextOf(input: { nameKk?: string | null; nameRu?: string | null; nameEn?: string | null; aliases?: string[] | null }): string {
  return buildSearchText(input.nameKk, input.nameRu, input.nameEn, input.aliases ?? []);
}
