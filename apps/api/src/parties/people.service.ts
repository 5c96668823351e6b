import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { liveReferencesTo, refuseWhileReferenced } from '../domain/archive-guard.js';
import { HistoryService } from '../domain/history.service.js';
import { definedOnly, pick, versionedStamps, requireOneLanguage } from '../domain/record-helpers.js';
import { involving, RECORD_TYPES } from '../domain/record-types.js';
import type { ReferenceCheck } from '../domain/references.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchTextMatches } from '../domain/search-text.js';
import { VersionedRecordsService, type VersionedRecordsOptions } from '../domain/versioned-records.js';
import { type OrderBy, toOrderBy } from '../http/list-query.dto.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { CitationsService } from '../sources/citations.service.js';
import { type CreatePersonDto, PERSON_SORT_FIELDS, type PersonDto, type PersonListQueryDto, type UpdatePersonDto } from './person.dto.js';
import { type SimilarName, similarNames } from './similar-names.js';
import { NAME_SELECT, toRef } from './record-ref.js';
import type { ExpectedVersion } from '../domain/versioning.js';

const PERSON_INCLUDE = { party: { select: NAME_SELECT } } satisfies Prisma.PersonInclude;

type PersonRecord = Prisma.PersonGetPayload<{ include: typeof PERSON_INCLUDE }>;

/** For a request body and a stored person alike. */
function personReferences(person: { partyId?: string | null }): ReferenceCheck[] {
  return [{ field: 'partyId', model: 'party', ids: [person.partyId] }];
}

const PERSON_RECORDS: VersionedRecordsOptions<PersonRecord> = {
  type: RECORD_TYPES.person,
  include: PERSON_INCLUDE,
  referencesOf: personReferences,
  audited: ['nameKk', 'nameRu', 'nameEn', 'positionKk', 'positionRu', 'positionEn', 'partyId'],
};

@Injectable()
export class PeopleService extends VersionedRecordsService<PersonRecord, PersonDto, PersonListQueryDto> {
  constructor(prisma: PrismaService, history: HistoryService, citations: CitationsService, regions: RegionAccessService) {
    super({ prisma, history, regions, citations }, PERSON_RECORDS);
  }

  protected async listQuery(query: PersonListQueryDto): Promise<{ where: object; orderBy: OrderBy[] }> {
    return { where: await this.whereOf(query), orderBy: toOrderBy(query.sort, PERSON_SORT_FIELDS, 'nameRu', ['nameRu']) };
  }

  /** Live people named like `name` in any language or alias, closest first: the warning before creating a near-duplicate. */
  similarTo(name: string): Promise<SimilarName[]> {
    return similarNames(this.recordDeps.prisma, 'person', name);
  }

  async create(input: CreatePersonDto, actor: Actor): Promise<PersonDto> {
    return this.createRecord(input, actor, {
      validate: () => requireOneLanguage({ ...input }, 'name'),
      references: personReferences(input),
      insert: (tx) =>
        tx.person.create({
          data: {
            nameKk: input.nameKk ?? null,
            nameRu: input.nameRu ?? null,
            nameEn: input.nameEn ?? null,
            positionKk: input.positionKk ?? null,
            positionRu: input.positionRu ?? null,
            positionEn: input.positionEn ?? null,
            partyId: input.partyId ?? null,
            searchText: searchTextOf(input),
          },
          select: { id: true },
        }),
    });
  }

  async update(id: string, expectedVersion: ExpectedVersion, input: UpdatePersonDto, actor: Actor): Promise<PersonDto> {
    return this.updateRecord(id, expectedVersion, input, actor, {
      validate: (before) => requireOneLanguage({ ...before, ...definedOnly(input) }, 'name'),
      references: personReferences(input),
      data: (before) => ({
        ...pick(input, ['nameKk', 'nameRu', 'nameEn', 'positionKk', 'positionRu', 'positionEn', 'partyId']),
        searchText: searchTextOf({ ...before, ...definedOnly(input) }),
      }),
    });
  }

  /** Archiving is refused (409) while live visits, memoranda or follow-ups name the person, as for parties. */
  protected override async beforeArchive(tx: Prisma.TransactionClient, id: string): Promise<void> {
    refuseWhileReferenced('Person', id, await liveReferencesTo(tx, 'person', id));
  }

  protected toDto(record: PersonRecord): PersonDto {
    return toDto(record);
  }

  private async whereOf(query: PersonListQueryDto): Promise<Prisma.PersonWhereInput> {
    const and: Prisma.PersonWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.party) and.push(involving(RECORD_TYPES.person, [query.party]));
    if (query.region) and.push(await this.recordDeps.regions.whereInRegion(RECORD_TYPES.person, query.region));
    if (query.q?.trim()) and.push({ OR: [searchTextMatches(query.q), { party: searchTextMatches(query.q) }] });
    return { AND: and };
  }
}

function toDto(record: PersonRecord): PersonDto {
  return {
    id: record.id,
    version: record.version,
    nameKk: record.nameKk,
    nameRu: record.nameRu,
    nameEn: record.nameEn,
    positionKk: record.positionKk,
    positionRu: record.positionRu,
    positionEn: record.positionEn,
    partyId: record.partyId,
    party: toRef(record.party),
    ...versionedStamps(record),
  };
}

type PersonText = Partial<Record<'nameKk' | 'nameRu' | 'nameEn' | 'positionKk' | 'positionRu' | 'positionEn', string | null>>;

function searchTextOf(input: PersonText): string {
  return buildSearchText(input.nameKk, input.nameRu, input.nameEn, input.positionKk, input.positionRu, input.positionEn);
}
