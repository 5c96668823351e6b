import { Prisma } from '@prisma/client';
import { type AnyRecordType, RECORD_TYPES, type RelatedList, snakeCase } from './record-types.js';

/**
 * How many related ids (and `?include=` embeds) a response carries per relation. A memorandum can gather thousands of
 * follow-ups: the response stays small and the rest is one link away, paged like any list.
 */
export const RELATED_LIST_CAP = 50;

/** One record's related lists: the first ids of each relation (oldest first), the true counts and the links. */
export interface RelatedOf {
  ids(name: string): string[];
  count(name: string): number;
  links: Record<string, string>;
}

/** The path of the filtered list that gives every record of the relation (`/api/v1/follow-ups?memorandum=<id>`). */
export function relatedLink(relation: RelatedList, ownerId: string): string {
  return `/api/v1/${RECORD_TYPES[relation.type].route}?${relation.filter}=${encodeURIComponent(ownerId)}`;
}

/**
 * The related lists of records of `type`, for a page of them at once: one statement per relation, whatever the number
 * of records (no query per record). Each statement counts and takes the first ids through the partial
 * `*_list_order_idx` index on the pointing column (live rows, created_at, id), so neither scans the table.
 */
export async function loadRelated(client: Prisma.TransactionClient, type: AnyRecordType, ownerIds: string[]): Promise<(id: string) => RelatedOf> {
  const lists = new Map<string, Map<string, RelatedRow>>();
  for (const relation of type.related) {
    lists.set(relation.name, ownerIds.length ? await relatedRows(client, relation, ownerIds) : new Map<string, RelatedRow>());
  }
  return (id) => {
    const listOf = (name: string) => {
      const rows = lists.get(name);
      if (!rows) throw new Error(`${type.label} records have no related list ${name}`);
      return rows.get(id) ?? { ids: [], count: 0 };
    };
    return {
      ids: (name) => listOf(name).ids,
      count: (name) => listOf(name).count,
      links: Object.fromEntries(type.related.map((relation) => [relation.name, relatedLink(relation, id)])),
    };
  };
}

interface RelatedRow {
  ids: string[];
  count: number;
}

async function relatedRows(client: Prisma.TransactionClient, relation: RelatedList, ownerIds: string[]): Promise<Map<string, RelatedRow>> {
  const table = Prisma.raw(RECORD_TYPES[relation.type].table);
  const column = Prisma.raw(snakeCase(relation.column));
  const rows = await client.$queryRaw<{ owner: string; count: number; ids: string[] }[]>`
    SELECT o.id::text AS owner,
           (SELECT count(*)::int FROM ${table} r WHERE r.${column} = o.id AND r.archived_at IS NULL) AS count,
           ARRAY(SELECT r.id::text FROM ${table} r WHERE r.${column} = o.id AND r.archived_at IS NULL
                 ORDER BY r.created_at, r.id LIMIT ${RELATED_LIST_CAP}) AS ids
    FROM unnest(${ownerIds}::uuid[]) AS o(id)`;
  return new Map(rows.map((row) => [row.owner, { ids: row.ids, count: row.count }]));
}
