import { type EntityType, Prisma } from '@prisma/client';

/*
 * What each kind of record means, in one place. Everything that used to list the record types by hand (the
 * versioned-records base, region access, citations and the records citing an article, the party/person archive
 * guard, OpenAPI tags, the dashboard, the panel's resources, the test tables) iterates this registry instead, so a
 * new kind of record is one entry here; the compiler refuses a registry that lacks an EntityType.
 */

/** The where-input of each Prisma model that is a record type. A new record type adds its model here. */
export interface WhereInputs {
  visit: Prisma.VisitWhereInput;
  memorandum: Prisma.MemorandumWhereInput;
  contract: Prisma.ContractWhereInput;
  followUp: Prisma.FollowUpWhereInput;
  party: Prisma.PartyWhereInput;
  person: Prisma.PersonWhereInput;
}

export type RecordModel = keyof WhereInputs;

/**
 * The kinds of record in the register. The audit trail's EntityType also names `source`: source articles keep a
 * history, but they are the evidence records cite, not a record type (no parties, no lifecycle, addressed by key).
 */
export type RecordEntity = Exclude<EntityType, 'source'>;

/** The citation columns: one foreign key per citable record type (`visitId`, `memorandumId`, …). */
export type CitationColumn = Exclude<Extract<keyof Prisma.CitationUncheckedCreateInput, `${string}Id`>, 'articleId'>;

/**
 * "This record concerns these parties", said once as data so that it renders both as a Prisma where (lists, region
 * checks, the panel) and as SQL (reports, the dashboard's recent changes), and the two cannot drift apart.
 */
export interface PartyLinks<M extends RecordModel> {
  /** The record's own columns that hold a party id (`id` for a party itself). */
  columns?: readonly (keyof WhereInputs[M] & string)[];
  /** Join tables listing parties of the record: the relation, its table and the column pointing back at the record. */
  joins?: readonly { relation: keyof WhereInputs[M] & string; table: string; recordColumn: string }[];
  /** Linked records whose own parties count for this one: the relation, its foreign key column and its type. */
  through?: readonly { relation: keyof WhereInputs[M] & string; column: keyof WhereInputs[M] & string; type: RecordEntity }[];
}

/** Live records of a type that point at a party or person, for the archive guard; `as` names them in the 409 body. */
export interface LiveReference<M extends RecordModel> {
  as: string;
  where(id: string): WhereInputs[M];
}

export type TransitionTable = Readonly<Record<string, readonly string[]>>;

/**
 * Live records of another type that point at a record of this one, which its responses list (a memorandum's
 * follow-ups). A response carries only the first RELATED_LIST_CAP of them, their true count and a link to the filtered
 * list route that pages through all of them (domain/related-lists.ts).
 */
export interface RelatedList {
  /** The relation's name: the `?include=` that embeds them and the key of `links` (`followUps`). */
  name: string;
  /** The response field with the first ids (`followUpIds`) and the one with the true count (`followUpCount`). */
  ids: string;
  count: string;
  /** The type of the records listed and its column pointing back at this record. */
  type: RecordEntity;
  column: string;
  /** The query parameter of that type's list route which filters by this record (`/api/v1/follow-ups?memorandum=`). */
  filter: string;
}

export interface RecordType<M extends RecordModel = RecordModel> {
  entityType: RecordEntity;
  /** The Prisma client delegate. */
  model: M;
  /** The database table (for SQL). */
  table: string;
  /** How problem messages name a record: "Follow-up". */
  label: string;
  /** The REST path segment under /api/v1 and the OpenAPI tag. */
  route: string;
  /** The OpenAPI tag's description. */
  apiDescription: string;
  /** The admin panel's resource id (the Prisma model name). */
  adminResource: string;
  /**
   * Its status lifecycle: each status with the statuses it may move to (none: final), or null for records without a
   * status. The only table of allowed transitions; domain/lifecycle.ts reads it for every door.
   */
  lifecycle: TransitionTable | null;
  /** Its foreign key on `citation`, or null when records of this type cite no sources. */
  citationColumn: CitationColumn | null;
  /** Records are named by `title*` or `name*` columns in kk/ru/en. */
  naming: 'title' | 'name';
  /** The plural the API and the tests use for its rows: "followUps". */
  collection: string;
  /** Join tables a record owns (their rows are written with it): Prisma delegates, for row-count checks. */
  ownedJoins: readonly string[];
  parties: PartyLinks<M>;
  /** The lists of records pointing at this one that its responses carry (capped, counted, linked). */
  related: readonly RelatedList[];
  liveReferencesTo: { party?: LiveReference<M>; person?: LiveReference<M> };
  /**
   * Whether an editor bound to a region may add a record of this type that lies abroad (a party, or a person of a
   * party, whose country is not Kazakhstan). A Pavlodar editor entering "a delegation of Omsk oblast visited" must be
   * able to add Omsk oblast; only admins change such records afterwards, since no region's editor owns them.
   */
  addableAbroadByAnyEditor: boolean;
  /**
   * Whether its lists' default order has an index of the live rows (`<table>_list_order_idx`, in the migrations), so
   * that a capped count in that order walks the index and stops at the cap (domain/capped-count.ts).
   */
  listOrderIndexed: boolean;
  /** Events the service emits on a schedule rather than on a change: `overdue` makes `follow_up.overdue`. */
  scheduledEvents?: readonly string[];
}

/** A record type of any model (RecordType<M> is invariant in M: its field lists name that model's fields). */
export type AnyRecordType = { [M in RecordModel]: RecordType<M> }[RecordModel];

/** Keeps each entry's field names checked against its own model. */
function recordType<M extends RecordModel, const L extends TransitionTable | null, C extends CitationColumn | null>(
  type: RecordType<M> & { lifecycle: L; citationColumn: C },
): RecordType<M> & { lifecycle: L; citationColumn: C } {
  return type;
}

export const RECORD_TYPES = {
  visit: recordType({
    entityType: 'visit',
    model: 'visit',
    table: 'visit',
    label: 'Visit',
    route: 'visits',
    apiDescription: 'Delegation visits.',
    adminResource: 'Visit',
    lifecycle: {
      planned: ['completed', 'cancelled'],
      completed: [],
      cancelled: [],
    },
    citationColumn: 'visitId',
    naming: 'title',
    collection: 'visits',
    ownedJoins: ['visitHost'],
    parties: { columns: ['visitingPartyId'], joins: [{ relation: 'hosts', table: 'visit_host', recordColumn: 'visit_id' }] },
    related: [
      { name: 'memoranda', ids: 'memorandumIds', count: 'memorandumCount', type: 'memorandum', column: 'visitId', filter: 'visit' },
      { name: 'contracts', ids: 'contractIds', count: 'contractCount', type: 'contract', column: 'visitId', filter: 'visit' },
      { name: 'followUps', ids: 'followUpIds', count: 'followUpCount', type: 'follow_up', column: 'visitId', filter: 'visit' },
      { name: 'laterVisits', ids: 'laterVisitIds', count: 'laterVisitCount', type: 'visit', column: 'previousVisitId', filter: 'previousVisit' },
    ],
    addableAbroadByAnyEditor: false,
    listOrderIndexed: true,
    liveReferencesTo: {
      party: { as: 'visits', where: (id) => ({ OR: [{ visitingPartyId: id }, { hosts: { some: { partyId: id } } }] }) },
      person: { as: 'visits', where: (id) => ({ delegationHeadId: id }) },
    },
  }),
  memorandum: recordType({
    entityType: 'memorandum',
    model: 'memorandum',
    table: 'memorandum',
    label: 'Memorandum',
    route: 'memoranda',
    apiDescription: 'Memoranda and inter-government agreements.',
    adminResource: 'Memorandum',
    lifecycle: {
      draft: ['signed', 'terminated'],
      signed: ['in_progress', 'stalled', 'terminated', 'expired'],
      in_progress: ['fulfilled', 'stalled', 'terminated', 'expired'],
      stalled: ['in_progress', 'terminated', 'expired'],
      fulfilled: [],
      terminated: [],
      expired: [],
    },
    citationColumn: 'memorandumId',
    naming: 'title',
    collection: 'memoranda',
    ownedJoins: ['memorandumParty', 'memorandumSignatory'],
    parties: { joins: [{ relation: 'parties', table: 'memorandum_party', recordColumn: 'memorandum_id' }] },
    related: [
      { name: 'contracts', ids: 'contractIds', count: 'contractCount', type: 'contract', column: 'memorandumId', filter: 'memorandum' },
      { name: 'followUps', ids: 'followUpIds', count: 'followUpCount', type: 'follow_up', column: 'memorandumId', filter: 'memorandum' },
    ],
    addableAbroadByAnyEditor: false,
    listOrderIndexed: true,
    liveReferencesTo: {
      party: { as: 'memoranda', where: (id) => ({ OR: [{ parties: { some: { partyId: id } } }, { signatories: { some: { partyId: id } } }] }) },
      person: { as: 'memoranda', where: (id) => ({ signatories: { some: { personId: id } } }) },
    },
  }),
  contract: recordType({
    entityType: 'contract',
    model: 'contract',
    table: 'contract',
    label: 'Contract',
    route: 'contracts',
    apiDescription: 'Business contracts between organisations.',
    adminResource: 'Contract',
    lifecycle: {
      negotiating: ['signed', 'cancelled'],
      signed: ['in_execution', 'cancelled'],
      in_execution: ['fulfilled', 'cancelled'],
      fulfilled: [],
      cancelled: [],
    },
    citationColumn: 'contractId',
    naming: 'title',
    collection: 'contracts',
    ownedJoins: ['contractParty'],
    parties: { joins: [{ relation: 'parties', table: 'contract_party', recordColumn: 'contract_id' }] },
    related: [{ name: 'followUps', ids: 'followUpIds', count: 'followUpCount', type: 'follow_up', column: 'contractId', filter: 'contract' }],
    addableAbroadByAnyEditor: false,
    listOrderIndexed: true,
    liveReferencesTo: {
      party: { as: 'contracts', where: (id) => ({ parties: { some: { partyId: id } } }) },
    },
  }),
  follow_up: recordType({
    entityType: 'follow_up',
    model: 'followUp',
    table: 'follow_up',
    label: 'Follow-up',
    route: 'follow-ups',
    apiDescription: 'Promised next steps.',
    // Emitted once per due date when it passes with the follow-up still open (webhooks/overdue-announcer.ts).
    scheduledEvents: ['overdue'],
    adminResource: 'FollowUp',
    lifecycle: {
      planned: ['in_progress', 'done', 'cancelled'],
      in_progress: ['planned', 'done', 'cancelled'],
      done: [],
      cancelled: [],
    },
    citationColumn: 'followUpId',
    naming: 'title',
    collection: 'followUps',
    ownedJoins: [],
    // A follow-up concerns its responsible party and every party of the visit, memorandum or contract it belongs to.
    parties: {
      columns: ['responsiblePartyId'],
      through: [
        { relation: 'visit', column: 'visitId', type: 'visit' },
        { relation: 'memorandum', column: 'memorandumId', type: 'memorandum' },
        { relation: 'contract', column: 'contractId', type: 'contract' },
      ],
    },
    related: [],
    addableAbroadByAnyEditor: false,
    listOrderIndexed: true,
    liveReferencesTo: {
      party: { as: 'followUps', where: (id) => ({ responsiblePartyId: id }) },
      person: { as: 'followUps', where: (id) => ({ responsiblePersonId: id }) },
    },
  }),
  party: recordType({
    entityType: 'party',
    model: 'party',
    table: 'party',
    label: 'Party',
    route: 'parties',
    apiDescription: 'Countries, regions, cities, organisations and agencies.',
    adminResource: 'Party',
    lifecycle: null,
    citationColumn: null,
    naming: 'name',
    collection: 'parties',
    ownedJoins: [],
    parties: { columns: ['id'] },
    related: [{ name: 'children', ids: 'childIds', count: 'childCount', type: 'party', column: 'parentId', filter: 'parent' }],
    addableAbroadByAnyEditor: true,
    listOrderIndexed: false,
    liveReferencesTo: { party: { as: 'children', where: (id) => ({ parentId: id }) } },
  }),
  person: recordType({
    entityType: 'person',
    model: 'person',
    table: 'person',
    label: 'Person',
    route: 'people',
    apiDescription: 'Officials and business representatives.',
    adminResource: 'Person',
    lifecycle: null,
    citationColumn: null,
    naming: 'name',
    collection: 'people',
    ownedJoins: [],
    parties: { columns: ['partyId'] },
    related: [],
    addableAbroadByAnyEditor: true,
    listOrderIndexed: false,
    liveReferencesTo: { party: { as: 'people', where: (id) => ({ partyId: id }) } },
  }),
} satisfies { [E in RecordEntity]: AnyRecordType };

export type RecordTypes = typeof RECORD_TYPES;

/** Every record type, in the registry's order (the order of the API's tags and the panel's menu). */
export const ALL_RECORD_TYPES: AnyRecordType[] = Object.values(RECORD_TYPES);

/** The record types whose status follows the lifecycle table. */
export type LifecycleEntity = { [E in RecordEntity]: RecordTypes[E]['lifecycle'] extends null ? never : E }[RecordEntity];

/** The record types that cite sources, with their citation column. */
export const CITING_RECORD_TYPES = ALL_RECORD_TYPES.filter((type): type is AnyRecordType & { citationColumn: CitationColumn } => type.citationColumn !== null);

export type CitingEntity = { [E in RecordEntity]: RecordTypes[E]['citationColumn'] extends null ? never : E }[RecordEntity];

export function recordTypeOf(entityType: RecordEntity): AnyRecordType {
  return RECORD_TYPES[entityType];
}

/** Records of `type` in which any of `partyIds` takes part: the only encoding of that rule, as a Prisma where. */
export function involving<M extends RecordModel>(type: RecordType<M>, partyIds: string[]): WhereInputs[M];
export function involving(type: AnyRecordType, partyIds: string[]): object;
export function involving(type: AnyRecordType, partyIds: string[]): object {
  const ids = { in: partyIds };
  const { columns = [], joins = [], through = [] } = type.parties as PartyLinks<RecordModel>;
  const clauses: Record<string, unknown>[] = [
    ...columns.map((column) => ({ [column]: ids })),
    ...joins.map((join) => ({ [join.relation]: { some: { partyId: ids } } })),
    ...through.map((link) => ({ [link.relation]: involving(RECORD_TYPES[link.type], partyIds) })),
  ];
  return clauses.length === 1 ? clauses[0] : { OR: clauses };
}

/**
 * The same rule as an SQL condition on `alias` (a row of `type.table`), for statements Prisma cannot express in one
 * round trip. `partyIds` is bound as a parameter.
 */
export function involvingSql(type: AnyRecordType, alias: string, partyIds: string[], depth = 0): Prisma.Sql {
  const ids = Prisma.sql`ANY(${partyIds}::uuid[])`;
  const { columns = [], joins = [], through = [] } = type.parties as PartyLinks<RecordModel>;
  const row = Prisma.raw(alias);
  const clauses: Prisma.Sql[] = [
    ...columns.map((column) => Prisma.sql`${row}.${Prisma.raw(snakeCase(column))} = ${ids}`),
    ...joins.map((join, index) => {
      const j = Prisma.raw(`j${depth}_${index}`);
      return Prisma.sql`EXISTS (SELECT 1 FROM ${Prisma.raw(join.table)} ${j} WHERE ${j}.${Prisma.raw(join.recordColumn)} = ${row}.id AND ${j}.party_id = ${ids})`;
    }),
    ...through.map((link, index) => {
      const linked = RECORD_TYPES[link.type];
      const t = `t${depth}_${index}`;
      return Prisma.sql`EXISTS (SELECT 1 FROM ${Prisma.raw(linked.table)} ${Prisma.raw(t)} WHERE ${Prisma.raw(t)}.id = ${row}.${Prisma.raw(
        snakeCase(link.column),
      )} AND ${involvingSql(linked, t, partyIds, depth + 1)})`;
    }),
  ];
  return Prisma.sql`(${Prisma.join(clauses, ' OR ')})`;
}

/**
 * The parties a row `alias` of `type` names itself, through its own columns and join tables (not through linked
 * records), as an SQL subquery of `party_id` rows for a LATERAL join.
 */
export function namedPartiesSql(type: AnyRecordType, alias: string): Prisma.Sql {
  const { columns = [], joins = [] } = type.parties as PartyLinks<RecordModel>;
  const row = Prisma.raw(alias);
  const selects: Prisma.Sql[] = [
    ...columns.map((column) => Prisma.sql`SELECT ${row}.${Prisma.raw(snakeCase(column))} AS party_id`),
    ...joins.map((join) => Prisma.sql`SELECT j.party_id FROM ${Prisma.raw(join.table)} j WHERE j.${Prisma.raw(join.recordColumn)} = ${row}.id`),
  ];
  return Prisma.join(selects, ' UNION ALL ');
}

/** The schema maps every camelCase field to its snake_case column (`visitingPartyId` → `visiting_party_id`). */
export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The Prisma select that names a record of this type in kk/ru/en. */
export function namingSelect(type: AnyRecordType) {
  return type.naming === 'title'
    ? ({ id: true, titleKk: true, titleRu: true, titleEn: true } as const)
    : ({ id: true, nameKk: true, nameRu: true, nameEn: true } as const);
}

/** The names of these records (each `{ id, title* }` or `{ id, name* }`), one query per record type among them. */
export async function recordTitles(
  client: Prisma.TransactionClient,
  refs: { entityType: RecordEntity; id: string }[],
): Promise<Map<string, Record<string, unknown>>> {
  const titles = new Map<string, Record<string, unknown>>();
  for (const type of ALL_RECORD_TYPES) {
    const ids = refs.filter((ref) => ref.entityType === type.entityType).map((ref) => ref.id);
    if (!ids.length) continue;
    for (const row of await delegateOf(client, type.model).findMany({ where: { id: { in: ids } }, select: namingSelect(type) })) {
      titles.set(row.id as string, row);
    }
  }
  return titles;
}

/** A Prisma select of every citation column: which record a citation belongs to. */
export const CITATION_COLUMNS_SELECT = Object.fromEntries(CITING_RECORD_TYPES.map((type) => [type.citationColumn, true])) as Record<CitationColumn, true>;

/** The records citing an article, by record type (one id per citation; types citing it not at all are left out). */
export async function recordsCiting(
  client: Prisma.TransactionClient,
  articleId: string,
): Promise<{ type: (typeof CITING_RECORD_TYPES)[number]; ids: string[] }[]> {
  const citations = await client.citation.findMany({ where: { articleId }, select: CITATION_COLUMNS_SELECT });
  return CITING_RECORD_TYPES.flatMap((type) => {
    const ids = citations.flatMap((citation) => (citation[type.citationColumn] ? [citation[type.citationColumn]!] : []));
    return ids.length ? [{ type, ids }] : [];
  });
}

/**
 * A Prisma delegate for a record type, as far as the generic rules need it: Prisma's per-model delegates share no type
 * that says so, so this is the one place that casts.
 */
export interface RecordDelegate {
  findUnique(args: { where: { id: string }; include?: object; select?: object }): Promise<unknown>;
  findUniqueOrThrow(args: { where: { id: string }; include?: object; select?: object }): Promise<unknown>;
  findMany(args: {
    where?: object;
    select?: object;
    include?: object;
    orderBy?: object | object[];
    take?: number;
    skip?: number;
  }): Promise<Record<string, unknown>[]>;
  count(args?: { where?: object; take?: number }): Promise<number>;
  updateMany(args: { where: { id: string; version: number }; data: object }): Promise<{ count: number }>;
}

export function delegateOf(client: Prisma.TransactionClient, model: string): RecordDelegate {
  return (client as unknown as Record<string, RecordDelegate>)[model];
}
