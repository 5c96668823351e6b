// A memorandum as JSON built by PostgreSQL in one statement: byte for byte the MemorandumDto that the Prisma path
// assembles from several (memoranda.service.ts toDto), so a hot read costs one round trip and no query compilation.
// The bench's reference server answers with the same statements; reference-server.e2e-spec.ts and
// domain/json-reads.e2e-spec.ts hold the two paths to the same bytes.
import { RECORD_TYPES } from '../domain/record-types.js';
import { RELATED_LIST_CAP } from '../domain/related-lists.js';

export const timestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
export const date = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
export const name = (alias: string) => `json_build_object('kk', ${alias}.name_kk, 'ru', ${alias}.name_ru, 'en', ${alias}.name_en)`;
export const stamps = (alias: string) =>
  `'externalId', ${alias}.external_id, 'createdAt', ${timestamp(`${alias}.created_at`)}, 'updatedAt', ${timestamp(`${alias}.updated_at`)}, 'archivedAt', ${timestamp(`${alias}.archived_at`)}`;
export const jsonList = (select: string) => `coalesce((${select}), '[]'::json)`;
export const sources = (column: string, alias: string) =>
  jsonList(`SELECT json_agg(json_build_object('article', a.key, 'quote', c.quote) ORDER BY c.created_at, c.id)
            FROM citation c JOIN source_article a ON a.id = c.article_id WHERE c.${column} = ${alias}.id`);
export const relatedIds = (table: string, column: string, alias: string) =>
  `ARRAY(SELECT r.id FROM ${table} r WHERE r.${column} = ${alias}.id AND r.archived_at IS NULL ORDER BY r.created_at, r.id LIMIT ${RELATED_LIST_CAP})`;
export const relatedCount = (table: string, column: string, alias: string) =>
  `(SELECT count(*) FROM ${table} r WHERE r.${column} = ${alias}.id AND r.archived_at IS NULL)`;
/** $1 is always the lifecycle table of the record type, as JSON: the statuses each status may move to. */
export const nextStatuses = (alias: string) => `CASE WHEN ${alias}.archived_at IS NULL THEN $1::json -> ${alias}.status::text ELSE '[]'::json END`;

export const MEMORANDUM_JSON = `json_build_object(
  'id', m.id, 'version', m.version, 'kind', m.kind, 'titleKk', m.title_kk, 'titleRu', m.title_ru, 'titleEn', m.title_en,
  'summaryKk', m.summary_kk, 'summaryRu', m.summary_ru, 'summaryEn', m.summary_en,
  'signedOn', ${date('m.signed_on')}, 'signedOnPrecision', m.signed_on_precision, 'spheres', m.spheres, 'quantity', m.quantity,
  'validUntil', ${date('m.valid_until')}, 'visitId', m.visit_id, 'status', m.status, 'allowedTransitions', ${nextStatuses('m')}, 'note', m.note,
  'parties', ${jsonList(`SELECT json_agg(json_build_object('partyId', mp.party_id, 'role', mp.role, 'name', ${name('p')}) ORDER BY mp.party_id)
                         FROM memorandum_party mp JOIN party p ON p.id = mp.party_id WHERE mp.memorandum_id = m.id`)},
  'signatories', ${jsonList(`SELECT json_agg(json_build_object('personId', ms.person_id, 'partyId', ms.party_id, 'name', ${name('p')}) ORDER BY ms.person_id)
                             FROM memorandum_signatory ms JOIN person p ON p.id = ms.person_id WHERE ms.memorandum_id = m.id`)},
  'contractIds', ${relatedIds('contract', 'memorandum_id', 'm')}, 'contractCount', ${relatedCount('contract', 'memorandum_id', 'm')},
  'followUpIds', ${relatedIds('follow_up', 'memorandum_id', 'm')}, 'followUpCount', ${relatedCount('follow_up', 'memorandum_id', 'm')},
  'sources', ${sources('memorandum_id', 'm')},
  'links', json_build_object('contracts', '/api/v1/contracts?memorandum=' || m.id, 'followUps', '/api/v1/follow-ups?memorandum=' || m.id),
  ${stamps('m')})`;

/** One memorandum by id ($2), archived or not; $1 is the lifecycle table as JSON. No row: no such memorandum. */
export const ONE_MEMORANDUM_SQL = `SELECT ${MEMORANDUM_JSON} AS body FROM memorandum m WHERE m.id = $2::uuid`;

/** These memoranda ($2, ids), in that order, as one JSON array. */
export const MEMORANDA_BY_IDS_SQL = `SELECT coalesce(json_agg(${MEMORANDUM_JSON} ORDER BY array_position($2::uuid[], m.id)), '[]'::json) AS body
  FROM memorandum m WHERE m.id = ANY($2::uuid[])`;

/** $1 of the memorandum statements: the statuses each status may move to. */
export const MEMORANDUM_LIFECYCLE_JSON = JSON.stringify(RECORD_TYPES.memorandum.lifecycle);
