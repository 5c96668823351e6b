import { type PreciseDate, periodEnd, todayUtc } from './dates.js';
import { ALL_RECORD_TYPES, type LifecycleEntity, RECORD_TYPES, type RecordEntity, type RecordTypes, type TransitionTable } from './record-types.js';

/*
 * The rules of the one table of allowed status transitions (kept in domain/record-types.ts). The REST API, the admin
 * panel's "Change status" action and the OpenAPI description all read it; nothing else decides whether a status
 * change is allowed.
 */
export type { LifecycleEntity };

/** The transition tables, read from the record-type registry (each entry's `lifecycle`). */
export const LIFECYCLES = Object.fromEntries(ALL_RECORD_TYPES.flatMap((type) => (type.lifecycle ? [[type.entityType, type.lifecycle]] : []))) as {
  [E in LifecycleEntity]: RecordTypes[E]['lifecycle'];
};

/** Whether records of this type change status through the lifecycle table. */
export function hasLifecycle(entity: RecordEntity): entity is LifecycleEntity {
  return RECORD_TYPES[entity].lifecycle !== null;
}

export function statusesOf(entity: LifecycleEntity): string[] {
  return Object.keys(LIFECYCLES[entity]);
}

export function allowedTransitions(entity: LifecycleEntity, from: string): string[] {
  const table: TransitionTable = LIFECYCLES[entity];
  return [...(table[from] ?? [])];
}

export function isFinal(entity: LifecycleEntity, status: string): boolean {
  return allowedTransitions(entity, status).length === 0;
}

/** The transition table in words (OpenAPI descriptions), read from the table itself so the two cannot drift. */
export function describeLifecycle(entity: LifecycleEntity): string {
  const table: TransitionTable = LIFECYCLES[entity];
  const moves = Object.entries(table)
    .filter(([, to]) => to.length)
    .map(([from, to]) => `${from} → ${to.join(' | ')}`);
  const final = Object.entries(table)
    .filter(([, to]) => !to.length)
    .map(([from]) => from);
  return `${moves.join('; ')}. ${final.join(', ')} ${final.length === 1 ? 'is' : 'are'} final.`;
}

/**
 * The status a new record starts in when the body names none: the one its dates already say, so a press release of
 * a visit that happened is not entered as "planned". A visit whose last known day (its end, else its start, at its
 * precision) is before today has happened.
 */
export function initialVisitStatus(start: PreciseDate, end: PreciseDate, today = todayUtc()): 'planned' | 'completed' {
  const last = end.date ? end : start;
  return last.date && periodEnd(last.date, last.precision) <= today ? 'completed' : 'planned';
}

/** A memorandum or contract with a signing date has been signed. */
export function initialSignedStatus<U extends string>(signedOn: PreciseDate, unsigned: U): 'signed' | U {
  return signedOn.date ? 'signed' : unsigned;
}

/** Every status of every lifecycle. */
export type RecordStatus = { [E in LifecycleEntity]: NamedKeys<RecordTypes[E]['lifecycle']> }[LifecycleEntity];
/** A table's own keys, without the `string` of the TransitionTable it also is. */
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] } & string;

/** How a status reads at a glance: not started yet, under way, achieved, in trouble, or ended without result. */
export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/**
 * The tone of each status, the one mapping the panel colours its status badges by (lists, record pages, the status
 * change form). Typed by the lifecycle tables, so a new status does not compile until it has a tone.
 */
export const STATUS_TONES: Readonly<Record<RecordStatus, StatusTone>> = {
  draft: 'neutral',
  planned: 'neutral',
  negotiating: 'neutral',
  signed: 'info',
  in_progress: 'info',
  in_execution: 'info',
  fulfilled: 'success',
  completed: 'success',
  done: 'success',
  stalled: 'warning',
  expired: 'warning',
  terminated: 'danger',
  cancelled: 'danger',
};
