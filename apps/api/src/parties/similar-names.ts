import { Prisma } from '@prisma/client';
import type { NameDto } from '../http/common.dto.js';
import { fold } from '../domain/search-text.js';
import { nameOf } from './record-ref.js';

export interface SimilarName {
  id: string;
  name: NameDto;
  /** pg_trgm word similarity of the name given to the closest of the record's names and aliases, 0 to 1. */
  similarity: number;
}

/** How close a name must be to warn: «Павлодарская обл.» and «Павлодар облысы» are, «Павлодар» and «Омск» are not. */
const THRESHOLD = 0.5;
const LIMIT = 5;

/**
 * Live parties or people whose names (kk, ru, en, and aliases: all folded into search_text) are close to `name`, by
 * trigram word similarity, closest first: before staff create a party or person, so a second «Павлодарская область»
 * is not added beside the first. The `<%` operator lets the search_text trigram index find the candidates.
 */
export async function similarNames(client: Prisma.TransactionClient, table: 'party' | 'person', name: string): Promise<SimilarName[]> {
  const query = fold(name);
  if (query.length < 3) return [];
  const rows = await client.$queryRaw<(SimilarName & { nameKk: string | null; nameRu: string | null; nameEn: string | null })[]>`
    SELECT id::text, name_kk AS "nameKk", name_ru AS "nameRu", name_en AS "nameEn", word_similarity(${query}, search_text)::float8 AS similarity
    FROM ${Prisma.raw(table)}
    WHERE archived_at IS NULL AND ${query} <% search_text AND word_similarity(${query}, search_text) >= ${THRESHOLD}
    ORDER BY similarity DESC, id
    LIMIT ${LIMIT}`;
  return rows.map((row) => ({ id: row.id, name: nameOf(row), similarity: Math.round(row.similarity * 100) / 100 }));
}
