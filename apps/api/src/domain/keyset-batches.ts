import fs from 'node:fs';
import path from 'node:path';
import { $Enums } from '@prisma/client';
import { projectRoot } from '../infrastructure/database/project-root.js';
import type { OrderBy } from '../http/list-query.dto.js';

/** Rows per statement of an export: small enough that no batch holds the event loop or a connection for long. */
export const KEYSET_BATCH_SIZE = 200;

export interface KeysetQuery {
  where: object;
  /** A list's order as toOrderBy gives it: one field (maybe nulls last), then `id` ascending as the tie-breaker. */
  orderBy: OrderBy[];
  /** Rows to skip before the first and the most to read in all (a list's `offset` and `limit`). */
  offset: number;
  limit: number;
  batchSize?: number;
}

/** Reads one batch: Prisma's findMany of the model with these arguments. */
export type FetchBatch<Row> = (args: { where: object; orderBy: OrderBy[]; take: number; skip: number }) => Promise<Row[]>;

/**
 * Every row of `query`, in its order, as successive batches, each one statement that continues after the last row of
 * the one before (keyset pagination): no OFFSET that rescans what was read, no transaction or connection held between
 * batches, and nothing read until the consumer asks for the next batch, so a consumer that stops (a client gone) stops
 * the reading too. `model` is the Prisma model name, which says which sort fields are enums (compared in their
 * declared order, as PostgreSQL sorts them).
 */
export async function* keysetBatches<Row extends Record<string, unknown>>(model: string, query: KeysetQuery, fetch: FetchBatch<Row>): AsyncGenerator<Row[]> {
  const batchSize = query.batchSize ?? KEYSET_BATCH_SIZE;
  let remaining = query.limit;
  let last: Row | undefined;
  while (remaining > 0) {
    const take = Math.min(batchSize, remaining);
    const where = last ? { AND: [query.where, after(model, query.orderBy, last)] } : query.where;
    const rows = await fetch({ where, orderBy: query.orderBy, take, skip: last ? 0 : query.offset });
    if (rows.length) yield rows;
    if (rows.length < take) return;
    remaining -= rows.length;
    last = rows[rows.length - 1];
  }
}

/**
 * The rows that come after `last` in `orderBy`: a Prisma where. NULLs sort last when the order says so, and otherwise
 * where PostgreSQL puts them (last ascending, first descending).
 */
export function after(model: string, orderBy: OrderBy[], last: Record<string, unknown>): object {
  const [primary, tieBreak] = orderBy;
  const [field, order] = Object.entries(primary)[0];
  if (field === 'id' || !tieBreak || Object.keys(tieBreak)[0] !== 'id') {
    throw new Error(`keyset pagination needs an order by one field and then id, not ${JSON.stringify(orderBy)}`);
  }
  const direction = typeof order === 'string' ? order : order.sort;
  const nullsLast = typeof order === 'string' ? direction === 'asc' : order.nulls === 'last';
  if (typeof last.id !== 'string') throw new Error('keyset pagination needs the id of each row it reads');
  const definition = fieldOf(model, field);
  const value = last[field];
  const laterId = { id: { gt: last.id } };
  if (value === null || value === undefined) {
    // Past the NULLs nothing follows when they come last; when they come first, every non-NULL row does.
    return nullsLast ? { [field]: null, ...laterId } : { OR: [{ [field]: null, ...laterId }, { [field]: { not: null } }] };
  }
  const clauses: object[] = [{ [field]: { equals: value }, ...laterId }, { [field]: beyond(definition, direction, value) }];
  if (nullsLast && !definition.isRequired) clauses.push({ [field]: null });
  return { OR: clauses };
}

/** The filter "strictly after `value` in `direction`": gt/lt, or for an enum the values declared after (or before) it. */
function beyond(definition: FieldDefinition, direction: 'asc' | 'desc', value: unknown): object {
  if (definition.kind !== 'enum') return direction === 'asc' ? { gt: value } : { lt: value };
  const values: string[] = Object.values($Enums[definition.type as keyof typeof $Enums]);
  const position = values.indexOf(value as string);
  return { in: direction === 'asc' ? values.slice(position + 1) : values.slice(0, position) };
}

interface FieldDefinition {
  name: string;
  kind: string;
  type: string;
  isRequired: boolean;
}

let models: Map<string, FieldDefinition[]> | undefined;

/**
 * A model's field from Prisma's full DMMF (which `prisma generate` writes for the admin panel too): the client's own
 * DMMF does not say which fields may be NULL, and Prisma refuses a NULL filter on a required field.
 */
function fieldOf(model: string, field: string): FieldDefinition {
  models ??= new Map(
    (
      JSON.parse(fs.readFileSync(path.join(projectRoot(), 'apps', 'api', 'src', 'generated', 'dmmf.json'), 'utf8')) as {
        datamodel: { models: { name: string; fields: FieldDefinition[] }[] };
      }
    ).datamodel.models.map((candidate) => [candidate.name, candidate.fields]),
  );
  const definition = models.get(model)?.find((candidate) => candidate.name === field);
  if (!definition) throw new Error(`${model} has no field ${field}`);
  return definition;
}
