import type { Prisma } from '@prisma/client';
import type { OrderBy } from '../http/list-query.dto.js';
import { ProblemException } from '../infrastructure/errors/problem.js';

/*
 * Lists read for syncing (`updatedSince`, `cursor`): in (updatedAt, id) order, from a position, and only below a
 * watermark that no transaction still running can write under. updated_at is stamped by the database with the start of
 * the writing transaction (the trigger of migration 20261213000000_sync_order), so a transaction that started before
 * the oldest one still running has committed, and one that starts later stamps a later time: every row below the
 * watermark is visible and stays where it is, and a cursor never moves past a row still to commit.
 */

/** A place in the sync order: the rows after (updatedAt, id). */
export interface SyncPosition {
  updatedAt: Date;
  id: string;
}

/** The sync order, the only one a cursor pages in; `sort=updatedAt` names it. */
export const SYNC_ORDER: OrderBy[] = [{ updatedAt: 'asc' }, { id: 'asc' }];
export const SYNC_SORT = 'updatedAt';

/** The lowest id: `updatedSince` is the position before every row updated at that instant. */
const BEFORE_EVERY_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Rows of transactions whose start is published late, or stamped by a clock that stepped back a little, still land
 * above the watermark: it is held this far behind the oldest running transaction and the read itself.
 */
export const SYNC_SAFETY_LAG_MS = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque cursor of a position: base64url of `<updatedAt in epoch milliseconds>.<id>` (the column keeps milliseconds). */
export function encodeSyncCursor(position: SyncPosition): string {
  return Buffer.from(`${position.updatedAt.getTime()}.${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one a list gave out. */
export function decodeSyncCursor(cursor: string): SyncPosition | null {
  if (!/^[A-Za-z0-9_-]{40,80}$/.test(cursor)) return null;
  const match = /^(0|[1-9]\d{0,15})\.(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || !UUID.test(match[2])) return null;
  const position = { updatedAt: new Date(Number(match[1])), id: match[2] };
  // Only the canonical spelling: base64url has several strings for some byte sequences.
  return encodeSyncCursor(position) === cursor ? position : null;
}

/** What a list query says about syncing. */
export interface SyncParameters {
  updatedSince?: string;
  cursor?: string;
  offset?: number;
  sort?: string;
}

/** Whether a list is read for syncing: in the sync order, from a position, with a next cursor. */
export function readsForSync(query: SyncParameters): boolean {
  return query.updatedSince !== undefined || query.cursor !== undefined;
}

/**
 * Where a sync read starts: after the cursor, or before the first row updated at `updatedSince` (both given: the later).
 * A cursor pages by position, so an offset beside it, or another order, is a 400.
 */
export function syncStart(query: SyncParameters): SyncPosition {
  const problems: { field: string; message: string }[] = [];
  if (query.cursor !== undefined && query.offset !== undefined) problems.push({ field: 'offset', message: 'offset cannot be combined with cursor' });
  if (query.sort !== undefined && query.sort !== SYNC_SORT) {
    problems.push({ field: 'sort', message: `sort must be ${SYNC_SORT} (or absent) with updatedSince or cursor` });
  }
  if (problems.length) throw ProblemException.validation(problems);
  const since = query.updatedSince === undefined ? null : { updatedAt: new Date(query.updatedSince), id: BEFORE_EVERY_ID };
  const after = query.cursor === undefined ? null : decodeSyncCursor(query.cursor);
  if (!after) return since!;
  return since && since.updatedAt > after.updatedAt ? since : after;
}

/** The rows after `start` and below `watermark`, as a Prisma where of any record model. */
export function syncWindow(start: SyncPosition, watermark: Date): object {
  return {
    updatedAt: { lt: watermark },
    OR: [{ updatedAt: { gt: start.updatedAt } }, { updatedAt: start.updatedAt, id: { gt: start.id } }],
  };
}

/**
 * The instant below which every row is committed and no new one can appear: the start of the oldest transaction now
 * running on this database (or of this read), less the safety lag, floored to the column precision. One statement of
 * its own, read before the rows: a transaction that ends between the two is then either below the mark and visible to
 * the read of the rows, or above it.
 */
export async function syncWatermark(client: Prisma.TransactionClient): Promise<Date> {
  const [{ watermark }] = await client.$queryRaw<{ watermark: Date }[]>`
    SELECT date_trunc('milliseconds', least(statement_timestamp(), min(xact_start)) - make_interval(secs => ${SYNC_SAFETY_LAG_MS / 1000}::float8)) AS watermark
    FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`;
  return watermark;
}
