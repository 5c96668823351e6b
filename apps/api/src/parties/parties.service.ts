import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { liveReferencesTo, refuseWhileReferenced } from '../domain/archive-guard.js';
import { HistoryService } from '../domain/history.service.js';
import { definedOnly, pick, versionedStamps, requireOneLanguage } from '../domain/record-helpers.js';
import { RECORD_TYPES } from '../domain/record-types.js';
import type { ReferenceCheck } from '../domain/references.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchTextMatches } from '../domain/search-text.js';
import { type CompactRecord, embedListed } from '../domain/compact-records.js';
import type { RelatedOf } from '../domain/related-lists.js';
import { VersionedRecordsService, type VersionedRecordsOptions } from '../domain/versioned-records.js';
import { type OrderBy, toOrderBy } from '../http/list-query.dto.js';
import { ProblemException, unprocessable } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { CitationsService } from '../sources/citations.service.js';
import { type CreatePartyDto, PARTY_SORT_FIELDS, type PartyDto, type PartyListQueryDto, type UpdatePartyDto } from './party.dto.js';
import { type SimilarName, similarNames } from './similar-names.js';
import { NAME_SELECT, nameOf, toRef } from './record-ref.js';
import type { ExpectedVersion } from '../domain/versioning.js';

const PARTY_INCLUDE = {
  parent: { select: NAME_SELECT },
} satisfies Prisma.PartyInclude;

type PartyRecord = Prisma.PartyGetPayload<{ include: typeof PARTY_INCLUDE }>;

/** For a request body and a stored party alike. */
function partyReferences(party: { parentId?: string | null }): ReferenceCheck[] {
  return [{ field: 'parentId', model: 'party', ids: [party.parentId] }];
}

const PARTY_RECORDS: VersionedRecordsOptions<PartyRecord, PartyDto> = {
  type: RECORD_TYPES.party,
  include: PARTY_INCLUDE,
  embeds: { children: embedListed('children', 'childIds', partiesById) },
  referencesOf: partyReferences,
  audited: ['kind', 'nameKk', 'nameRu', 'nameEn', 'aliases', 'countryCode', 'parentId'],
};

const NAME_FIELDS = ['nameRu', 'nameKk', 'nameEn'];

@Injectable()
export class PartiesService extends VersionedRecordsService<PartyRecord, PartyDto, PartyListQueryDto> {
  constructor(prisma: PrismaService, history: HistoryService, citations: CitationsService, regions: RegionAccessService) {
    super({ prisma, history, regions, citations }, PARTY_RECORDS);
  }

  protected async listQuery(query: PartyListQueryDto): Promise<{ where: object; orderBy: OrderBy[] }> {
    return { where: await this.whereOf(query), orderBy: toOrderBy(query.sort, PARTY_SORT_FIELDS, 'nameRu', NAME_FIELDS) };
  }

  /** Live parties named like `name` in any language or alias, closest first: the warning before creating a near-duplicate. */
  similarTo(name: string): Promise<SimilarName[]> {
    return similarNames(this.recordDeps.prisma, 'party', name);
  }

  async create(input: CreatePartyDto, actor: Actor): Promise<PartyDto> {
    return this.createRecord(input, actor, {
      validate: () => requireOneLanguage({ ...input }, 'name'),
      references: partyReferences(input),
      insert: (tx) =>
        tx.party.create({
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
          select: { id: true },
        }),
    });
  }

  async update(id: string, expectedVersion: ExpectedVersion, input: UpdatePartyDto, actor: Actor): Promise<PartyDto> {
    return this.updateRecord(id, expectedVersion, input, actor, {
      validate: async (before, tx) => {
        if (input.kind === null || input.aliases === null) {
          throw ProblemException.validation([{ field: input.kind === null ? 'kind' : 'aliases', message: 'kind and aliases cannot be null' }]);
        }
        if (input.parentId === id) throw ProblemException.validation([{ field: 'parentId', message: 'a party cannot be its own parent' }]);
        requireOneLanguage({ ...before, ...definedOnly(input) }, 'name');
        if (input.parentId) await this.assertNoCycle(tx, id, input.parentId);
      },
      references: partyReferences(input),
      data: (before) => ({
        ...pick(input, ['kind', 'nameKk', 'nameRu', 'nameEn', 'aliases', 'countryCode', 'parentId']),
        searchText: searchTextOf({ ...before, ...definedOnly(input) }),
      }),
    });
  }

  /** Archiving is refused (409) while live records, or an active staff account bound to it, refer to the party. */
  protected override async beforeArchive(tx: Prisma.TransactionClient, id: string): Promise<void> {
    refuseWhileReferenced('Party', id, {
      ...(await liveReferencesTo(tx, 'party', id)),
      adminUsers: await tx.adminUser.count({ where: { regionPartyId: id, disabledAt: null } }),
    });
  }

  protected toDto(record: PartyRecord, related: RelatedOf): PartyDto {
    return toDto(record, related);
  }

  /** 422 when the new parent sits under the party itself: the hierarchy must stay a tree for region queries to mean anything. */
  private async assertNoCycle(tx: Prisma.TransactionClient, id: string, parentId: string): Promise<void> {
    // Two concurrent moves (A under B, B under A) would each pass the check on the old tree; one lock serialises them.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kelisim.party_hierarchy'))`;
    const below = await this.recordDeps.regions.partiesWithin(id, tx);
    if (below.includes(parentId)) {
      throw unprocessable(
        [{ field: 'parentId', message: `party ${parentId} is under party ${id}, so it cannot be its parent (the hierarchy would loop)` }],
        'The new parent would make the party hierarchy loop.',
      );
    }
  }

  private async whereOf(query: PartyListQueryDto): Promise<Prisma.PartyWhereInput> {
    const and: Prisma.PartyWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.kind?.length) and.push({ kind: { in: query.kind } });
    if (query.parent) and.push({ parentId: query.parent });
    if (query.country) and.push({ countryCode: query.country });
    if (query.region) and.push(await this.recordDeps.regions.whereInRegion(RECORD_TYPES.party, query.region));
    // Parties named by the live records citing the article, whatever their type (the registry's party links).
    if (query.article) and.push({ id: { in: await this.recordDeps.citations.partiesNamedIn(query.article) } });
    // searchText holds the aliases too.
    if (query.q?.trim()) and.push(searchTextMatches(query.q));
    return { AND: and };
  }
}

/** The parties under a party as `?include=children` embeds them. */
async function partiesById(client: Prisma.TransactionClient, ids: (string | null)[]): Promise<Map<string, CompactRecord>> {
  const parties = await client.party.findMany({ where: { id: { in: ids.filter((id): id is string => !!id) } }, select: { ...NAME_SELECT, kind: true } });
  return new Map(parties.map((party) => [party.id, { id: party.id, kind: party.kind, name: nameOf(party) }]));
}

function toDto(record: PartyRecord, related: RelatedOf): PartyDto {
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
    childIds: related.ids('children'),
    childCount: related.count('children'),
    links: related.links,
    ...versionedStamps(record),
  };
}

function searchTextOf(input: { nameKk?: string | null; nameRu?: string | null; nameEn?: string | null; aliases?: string[] | null }): string {
  return buildSearchText(input.nameKk, input.nameRu, input.nameEn, input.aliases ?? []);
}
