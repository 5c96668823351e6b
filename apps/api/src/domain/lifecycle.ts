/**
 * The one table of allowed status transitions. The REST API, the admin panel's "Change status" action and the
 * OpenAPI description all read it; nothing else decides whether a status change is allowed.
 */
export const LIFECYCLES = {
  memorandum: {
    draft: ['signed', 'terminated'],
    signed: ['in_progress', 'stalled', 'terminated', 'expired'],
    in_progress: ['fulfilled', 'stalled', 'terminated', 'expired'],
    stalled: ['in_progress', 'terminated', 'expired'],
    fulfilled: [],
    terminated: [],
    expired: [],
  },
  contract: {
    negotiating: ['signed', 'cancelled'],
    signed: ['in_execution', 'cancelled'],
    in_execution: ['fulfilled', 'cancelled'],
    fulfilled: [],
    cancelled: [],
  },
  follow_up: {
    planned: ['in_progress', 'done', 'cancelled'],
    in_progress: ['planned', 'done', 'cancelled'],
    done: [],
    cancelled: [],
  },
  visit: {
    planned: ['completed', 'cancelled'],
    completed: [],
    cancelled: [],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

export type LifecycleEntity = keyof typeof LIFECYCLES;

export function statusesOf(entity: LifecycleEntity): string[] {
  return Object.keys(LIFECYCLES[entity]);
}

export function allowedTransitions(entity: LifecycleEntity, from: string): string[] {
  const table = LIFECYCLES[entity] as Record<string, readonly string[]>;
  return [...(table[from] ?? [])];
}

export function isFinal(entity: LifecycleEntity, status: string): boolean {
  return allowedTransitions(entity, status).length === 0;
}

/** The transition table in words (OpenAPI descriptions), read from the table itself so the two cannot drift. */
export function describeLifecycle(entity: LifecycleEntity): string {
  const table = LIFECYCLES[entity] as Record<string, readonly string[]>;
  const moves = Object.entries(table)
    .filter(([, to]) => to.length)
    .map(([from, to]) => `${from} → ${to.join(' | ')}`);
  const final = Object.entries(table)
    .filter(([, to]) => !to.length)
    .map(([from]) => from);
  return `${moves.join('; ')}. ${final.join(', ')} ${final.length === 1 ? 'is' : 'are'} final.`;
}
