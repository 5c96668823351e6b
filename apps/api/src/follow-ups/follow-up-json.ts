// A follow-up as JSON built by PostgreSQL in one statement: byte for byte the FollowUpDto that the Prisma path
// assembles from several (follow-ups.service.ts toDto), as memorandum-json.ts does for memoranda. The bench's
// reference server answers overdue follow-ups with the same JSON; domain/json-reads.e2e-spec.ts holds the two paths
// to the same bytes.
import { RECORD_TYPES } from '../domain/record-types.js';
import { date, name, nextStatuses, sources, stamps } from '../memoranda/memorandum-json.js';
import { OPEN_STATUSES } from './follow-up.where.js';

/**
 * isOverdue (follow-up.where.ts) in SQL, on the day `today` (an SQL date): open, and the due period ended before it.
 * A due date is the first day of its period, so that is one comparison per precision; `unknown` counts as a day.
 */
export const overdueOn = (alias: string, today: string) => `(${alias}.due_on IS NOT NULL
  AND ${alias}.status IN (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})
  AND CASE ${alias}.due_on_precision
        WHEN 'month' THEN ${alias}.due_on < date_trunc('month', ${today})
        WHEN 'year' THEN ${alias}.due_on < date_trunc('year', ${today})
        ELSE ${alias}.due_on < ${today} END)`;

/** A follow-up (alias `f`), overdue or not as `overdue` says: an SQL boolean, such as overdueOn's. */
export const followUpJson = (overdue: string) => `json_build_object(
  'id', f.id, 'version', f.version, 'titleKk', f.title_kk, 'titleRu', f.title_ru, 'titleEn', f.title_en,
  'descriptionKk', f.description_kk, 'descriptionRu', f.description_ru, 'descriptionEn', f.description_en,
  'dueOn', ${date('f.due_on')}, 'dueOnPrecision', f.due_on_precision, 'overdue', ${overdue},
  'responsiblePartyId', f.responsible_party_id,
  'responsibleParty', (SELECT json_build_object('id', p.id, 'name', ${name('p')}) FROM party p WHERE p.id = f.responsible_party_id),
  'responsiblePersonId', f.responsible_person_id,
  'responsiblePerson', (SELECT json_build_object('id', p.id, 'name', ${name('p')}) FROM person p WHERE p.id = f.responsible_person_id),
  'visitId', f.visit_id, 'memorandumId', f.memorandum_id, 'contractId', f.contract_id, 'status', f.status,
  'allowedTransitions', ${nextStatuses('f')}, 'note', f.note, 'sources', ${sources('follow_up_id', 'f')},
  ${stamps('f')})`;

/** The JSON of the service's statements: overdue on the day in $2 (the service's todayUtc, not the database's clock). */
const FOLLOW_UP_JSON = followUpJson(overdueOn('f', '$2::date'));

/** One follow-up by id ($3), archived or not; $1 is the lifecycle table as JSON, $2 today. No row: no such follow-up. */
export const ONE_FOLLOW_UP_SQL = `SELECT ${FOLLOW_UP_JSON} AS body FROM follow_up f WHERE f.id = $3::uuid`;

/** These follow-ups ($3, ids), in that order, as one JSON array. */
export const FOLLOW_UPS_BY_IDS_SQL = `SELECT coalesce(json_agg(${FOLLOW_UP_JSON} ORDER BY array_position($3::uuid[], f.id)), '[]'::json) AS body
  FROM follow_up f WHERE f.id = ANY($3::uuid[])`;

/** $1 of the follow-up statements: the statuses each status may move to. */
export const FOLLOW_UP_LIFECYCLE_JSON = JSON.stringify(RECORD_TYPES.follow_up.lifecycle);
