import { Prisma } from '@prisma/client';
import { RECORD_TYPES } from '../domain/record-types.js';
import type { PrismaService } from '../infrastructure/prisma/prisma.service.js';

/** A record's name or title in each language, as the panel's components pick one (components/titles.js). */
export type NamesByLanguage = { titleKk: string | null; titleRu: string | null; titleEn: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How many names one history page may ask for: a page shows at most a few dozen entries. */
const MAX_NAMES = 500;

/**
 * Every record id a history page mentions: old and new values of reference fields (`visitId: a → b`) and the parties
 * and people who joined or left a membership (`{ added: [{ party }], removed: [{ person, party }] }`).
 */
export function idsInHistory(entries: readonly unknown[]): string[] {
  const ids = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (UUID.test(value)) ids.add(value.toLowerCase());
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(walk);
    }
  };
  for (const entry of entries) walk((entry as { changes?: unknown }).changes);
  return [...ids].slice(0, MAX_NAMES);
}

/**
 * The names of the records a history page mentions, so that it reads "Visit: «Делегация СКО» → «Делегация ВКО»"
 * rather than two ids: one statement over every record type of the registry (an id is unique across tables).
 * Archived records keep their names here: history speaks of what the record pointed at then.
 */
export async function namesInHistory(prisma: PrismaService, entries: readonly unknown[]): Promise<Record<string, NamesByLanguage>> {
  const ids = idsInHistory(entries);
  if (!ids.length) return {};
  const selects = Object.values(RECORD_TYPES).map((type) => {
    const [kk, ru, en] = ['kk', 'ru', 'en'].map((language) => Prisma.raw(`${type.naming}_${language}`));
    return Prisma.sql`SELECT id::text AS id, ${kk} AS "titleKk", ${ru} AS "titleRu", ${en} AS "titleEn" FROM ${Prisma.raw(type.table)} WHERE id = ANY(${ids}::uuid[])`;
  });
  const rows = await prisma.$queryRaw<({ id: string } & NamesByLanguage)[]>(Prisma.join(selects, ' UNION ALL '));
  return Object.fromEntries(rows.map(({ id, ...names }) => [id, names]));
}
