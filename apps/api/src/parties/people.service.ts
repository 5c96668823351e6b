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
import { ProblemException } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { type CreatePersonDto, PERSON_SORT_FIELDS, type PersonDto, type PersonListQueryDto, type UpdatePersonDto } from './person.dto.js';
import { NAME_SELECT, refuseWhileReferenced, toRef } from './record-ref.js';

const PERSON_INCLUDE = { party: { select: NAME_SELECT } } satisfies Prisma.PersonInclude;

type PersonRecord = Prisma.PersonGetPayload<{ include: typeof PERSON_INCLUDE }>;

const PERSON_RECORDS: VersionedRecordsOptions<PersonRecord> = {
  model: 'person',
  entityType: 'person',
  label: 'Person',
  include: PERSON_INCLUDE,
  partiesOf: (record) => [record.partyId],
  referencesOf: personReferences,
};

/** For a request body and a stored person alike. */
function personReferences(person: { partyId?: string | null }): ReferenceCheck[] {
  return [{ field: 'partyId', model: 'party', ids: [person.partyId] }];
}

/** Fields whose changes the audit trail records. */
const AUDITED_FIELDS = ['nameKk', 'nameRu', 'nameEn', 'positionKk', 'positionRu', 'positionEn', 'partyId'] as const;
const EDITABLE_FIELDS = AUDITED_FIELDS;

@Injectable()
export class PeopleService extends VersionedRecordsService<PersonRecord, PersonDto> {
  constructor(
    private readonly prisma: PrismaService,
    history: HistoryService,
    private readonly regions: RegionAccessService,
  ) {
    super({ prisma, history, regions }, PERSON_RECORDS);
  }

  async list(query: PersonListQueryDto, options: { export?: boolean } = {}): Promise<Page<PersonDto>> {
    const where = await this.whereOf(query);
    const { limit, offset } = pageWindow(query, options.export);
    const [total, rows] = await Promise.all([
      this.prisma.person.count({ where }),
      this.prisma.person.findMany({
        where,
        include: PERSON_INCLUDE,
        orderBy: toOrderBy(query.sort, PERSON_SORT_FIELDS, 'nameRu', ['nameRu']),
        take: limit,
        skip: offset,
      }),
    ]);
    return { data: rows.map(toDto), meta: { total, limit, offset } };
  }

  async get(id: string): Promise<PersonDto> {
    const record = await this.prisma.person.findUnique({ where: { id }, include: PERSON_INCLUDE });
    if (!record) throw ProblemException.notFound('Person', id);
    return toDto(record);
  }

  async create(input: CreatePersonDto, actor: Actor): Promise<PersonDto> {
    const id = await this.prisma.$transaction(async (tx) => {
      requireOneLanguage({ ...input }, 'name');
      await assertReferencesExist(tx, personReferences(input));
      await this.regions.assertMayEdit(actor, [input.partyId], 'The new person', tx);
      const created = await tx.person.create({
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
      });
      await this.recordChange(tx, created.id, 'create', 1, diffFields({}, created, AUDITED_FIELDS), actor);
      return created.id;
    });
    return this.get(id);
  }

  async update(id: string, expectedVersion: number, input: UpdatePersonDto, actor: Actor): Promise<PersonDto> {
    await this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, id, expectedVersion, actor);
      await assertReferencesExist(tx, personReferences(input));
      // Moving a person to another party must keep them within the editor's region.
      if (input.partyId !== undefined) await this.regions.assertMayEdit(actor, [input.partyId], 'The person after your change', tx);
      const merged = { ...before, ...definedOnly(input) };
      requireOneLanguage(merged as Record<string, unknown>, 'name');
      await this.updateAtVersion(tx, id, expectedVersion, { ...pick(input, EDITABLE_FIELDS), searchText: searchTextOf(merged) });
      const after = await tx.person.findUniqueOrThrow({ where: { id } });
      await this.recordChange(tx, id, 'update', after.version, diffFields(before, after, AUDITED_FIELDS), actor);
    });
    return this.get(id);
  }

  /** Archiving is refused (409) while live visits, memoranda or follow-ups name the person, as for parties. */
  protected override async beforeArchive(tx: Prisma.TransactionClient, id: string): Promise<void> {
    refuseWhileReferenced('Person', id, {
      visits: await tx.visit.count({ where: { delegationHeadId: id, archivedAt: null } }),
      memoranda: await tx.memorandum.count({ where: { archivedAt: null, signatories: { some: { personId: id } } } }),
      followUps: await tx.followUp.count({ where: { responsiblePersonId: id, archivedAt: null } }),
    });
  }

  private async whereOf(query: PersonListQueryDto): Promise<Prisma.PersonWhereInput> {
    const and: Prisma.PersonWhereInput[] = [];
    if (!query.includeArchived) and.push({ archivedAt: null });
    if (query.party) and.push({ partyId: query.party });
    if (query.region) and.push({ partyId: { in: await this.regions.partiesWithin(query.region) } });
    if (query.q?.trim()) {
      // Prisma passes `contains` to LIKE without escaping its wildcards: searchPattern escapes them.
      const text = searchPattern(query.q);
      and.push({ OR: [{ searchText: { contains: text } }, { party: { searchText: { contains: text } } }] });
    }
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
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archivedAt: record.archivedAt?.toISOString() ?? null,
  };
}

type PersonText = Partial<Record<'nameKk' | 'nameRu' | 'nameEn' | 'positionKk' | 'positionRu' | 'positionEn', string | null>>;

function searchTextOf(input: PersonText): string {
  return buildSearchText(input.nameKk, input.nameRu, input.nameEn, input.positionKk, input.positionRu, input.positionEn);
}
