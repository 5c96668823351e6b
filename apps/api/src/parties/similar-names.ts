import { Prisma } from '@prisma/client';
import type { NameDto } from '../http/common.dto.js';
import { fold } from '../domain/search-text.js';
import { nameOf } from './record-ref.js';

export interface SimilarName {
  id: string;
  name: NameDto;
  /** pg_trgm strict word similarity of the name given to the closest of the record's names and aliases, 0 to 1. */
  similarity: number;
}

/**
 * How close the distinctive part of a name must be to warn: «Самарская обл.» and «Самара облысы» are close to
 * «Самарская область», «Омская область» is not (once «область» is set aside, «омская» and «самарская» share little).
 * Measured with pg_trgm's strict word similarity: «омская» 1.00 to «Омская область», 0.50 to «Томская область», at most
 * 0.21 to the other oblasts.
 */
const THRESHOLD = 0.6;
const LIMIT = 5;

/**
 * Words every region or city name has («область», «облысы», «край», «қаласы», "region"...), in any case ending. Left in,
 * they make every oblast look like every other (word similarity 0.79 between «Омская область» and «Самарская область»).
 */
const GENERIC_WORD =
  /^(?:обл\.?|област\S*|облыс\S*|кра[йяюе]\S*|өлке\S*|город\S*|г\.|қала\S*|район\S*|аудан\S*|республик\S*|region|oblast|province|city|district|republic)$/u;

/** The folded name without its generic words: what tells it from other names of the same kind. */
function distinctivePart(name: string): string {
  return fold(name)
    .split(' ')
    .filter((word) => !GENERIC_WORD.test(word))
    .join(' ');
}

/**
 * Live parties or people whose names (kk, ru, en, and aliases: all folded into search_text) are close to `name`, by
 * trigram strict word similarity of its distinctive part, closest first: before staff create a party or person, so a
 * second «Павлодарская область» is not added beside the first. The `<<%` operator lets the search_text trigram index
 * find the candidates (its own threshold, 0.5 by default, is below ours).
 */
export async function similarNames(client: Prisma.TransactionClient, table: 'party' | 'person', name: string): Promise<SimilarName[]> {
  const query = distinctivePart(name);
  if (query.length < 3) return [];
  const rows = await client.$queryRaw<(SimilarName & { nameKk: string | null; nameRu: string | null; nameEn: string | null })[]>`
    SELECT id::text, name_kk AS "nameKk", name_ru AS "nameRu", name_en AS "nameEn", strict_word_similarity(${query}, search_text)::float8 AS similarity
    FROM ${Prisma.raw(table)}
    WHERE archived_at IS NULL AND ${query} <<% search_text AND strict_word_similarity(${query}, search_text) >= ${THRESHOLD}
    ORDER BY similarity DESC, id
    LIMIT ${LIMIT}`;
  return rows.map((row) => ({ id: row.id, name: nameOf(row), similarity: Math.round(row.similarity * 100) / 100 }));
}
