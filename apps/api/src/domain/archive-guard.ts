import { HttpStatus } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { ALL_RECORD_TYPES, delegateOf } from './record-types.js';

/**
 * Live records of every type that point at this party or person, per kind (the registry's `liveReferencesTo`).
 * Sequential: one transaction runs one query at a time.
 */
export async function liveReferencesTo(tx: Prisma.TransactionClient, referenced: 'party' | 'person', id: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const type of ALL_RECORD_TYPES) {
    const reference = type.liveReferencesTo[referenced];
    if (reference) counts[reference.as] = await delegateOf(tx, type.model).count({ where: { AND: [{ archivedAt: null }, reference.where(id)] } });
  }
  return counts;
}

/**
 * 409 when live records still refer to a record about to be archived. Archiving is for duplicates and mistakes;
 * leaving live records pointing at an archived party or person would make every later edit that re-sends the
 * reference fail with 422, so the references have to be moved (or archived) first. The body counts them per kind.
 */
export function refuseWhileReferenced(label: string, id: string, counts: Record<string, number>): void {
  const live = Object.entries(counts).filter(([, count]) => count > 0);
  if (live.length === 0) return;
  throw ProblemException.of(
    HttpStatus.CONFLICT,
    ProblemType.stillReferenced,
    `${label} ${id} is still referenced by live records (${live.map(([kind, count]) => `${kind}: ${count}`).join(', ')}). Reassign or archive them first.`,
    { references: Object.fromEntries(live) },
  );
}
