import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import type { NameDto } from '../http/common.dto.js';
import type { RecordRefDto } from './party.dto.js';

/** Prisma select of what a response needs to name a party or person. */
export const NAME_SELECT = { id: true, nameKk: true, nameRu: true, nameEn: true } as const;

interface Named {
  id: string;
  nameKk: string | null;
  nameRu: string | null;
  nameEn: string | null;
}

export function nameOf(record: Omit<Named, 'id'>): NameDto {
  return { kk: record.nameKk, ru: record.nameRu, en: record.nameEn };
}

export function toRef(record: Named | null): RecordRefDto | null {
  return record ? { id: record.id, name: nameOf(record) } : null;
}

/** The name a CSV cell shows: Russian first, as staff read the register mostly in Russian. */
export function displayName(name: NameDto | undefined | null): string | null {
  return name ? (name.ru ?? name.kk ?? name.en) : null;
}

/**
 * 409 when live records still refer to a record about to be archived. Archiving is for duplicates and mistakes;
 * leaving live records pointing at an archived party or person would make every later edit that re-sends the
 * reference fail with 422, so the references have to be moved (or archived) first. The body counts them per kind.
 */
export function refuseWhileReferenced(entity: string, id: string, counts: Record<string, number>): void {
  const live = Object.entries(counts).filter(([, count]) => count > 0);
  if (live.length === 0) return;
  throw ProblemException.of(
    HttpStatus.CONFLICT,
    ProblemType.conflict,
    `${entity} ${id} is still referenced by live records (${live.map(([kind, count]) => `${kind}: ${count}`).join(', ')}). Reassign or archive them first.`,
    { references: Object.fromEntries(live) },
  );
}
