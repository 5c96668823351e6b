import { ProblemException } from '../infrastructure/errors/problem.js';

/** The input's fields that were sent (PATCH semantics: absent leaves a field alone, null clears it). */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function pick<T extends object, K extends keyof T>(input: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => input[key] !== undefined).map((key) => [key, input[key]])) as Partial<Pick<T, K>>;
}

/** Every domain record is readable in at least one language: `<prefix>Kk`, `<prefix>Ru` or `<prefix>En` must be set. */
export function requireOneLanguage(record: object, prefix: 'title' | 'name'): void {
  const input = record as Record<string, unknown>;
  const fields = [`${prefix}Kk`, `${prefix}Ru`, `${prefix}En`];
  if (!fields.some((field) => typeof input[field] === 'string' && input[field].trim())) {
    throw ProblemException.validation([{ field: `${prefix}Ru`, message: `at least one of ${fields.join(', ')} is required` }]);
  }
}

export function hasDuplicates(ids: string[]): boolean {
  return ids.length !== new Set(ids).size;
}

/** Records citing the source article with this key (the `article` filter of every citing record type's list). */
export function citingArticle(articleKey: string) {
  return { citations: { some: { article: { key: articleKey } } } };
}

/** The bookkeeping timestamps every record response carries, as ISO strings (archivedAt null while live). */
export function recordStamps(record: { createdAt: Date; updatedAt: Date; archivedAt: Date | null }) {
  return { createdAt: record.createdAt.toISOString(), updatedAt: record.updatedAt.toISOString(), archivedAt: record.archivedAt?.toISOString() ?? null };
}

/** The id another system gives a record: printable ASCII without spaces, unique per record type (as the column's check). */
export const EXTERNAL_ID_PATTERN = /^[!-~]{1,200}$/;

/** What every versioned record's response carries besides its own fields: its external id and its timestamps. */
export function versionedStamps(record: { externalId: string | null; createdAt: Date; updatedAt: Date; archivedAt: Date | null }) {
  return { externalId: record.externalId, ...recordStamps(record) };
}

/** Memoranda and contracts are agreements between parties: one with none cannot be entered (a 400 on create, and on PATCH parties: []). */
export function requireParties(parties: unknown[] | undefined, what: string): void {
  if (parties !== undefined && parties.length > 0) return;
  throw ProblemException.validation([{ field: 'parties', message: `a ${what} needs at least one party: list who agreed in parties` }]);
}
