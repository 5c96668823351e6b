import { CHANGE_TYPE_FILTERS, expandTypeFilters } from '../domain/change-feed.service.js';
import type { FieldError } from '../infrastructure/errors/problem.js';

/** What a subscription's `events` may list: the feed's types and wildcards, and `*` for every event. */
export const WEBHOOK_EVENT_PATTERNS: string[] = ['*', ...CHANGE_TYPE_FILTERS];

/** The event types a subscription's patterns match. */
export function subscribedTypes(patterns: string[]): Set<string> {
  return new Set(expandTypeFilters(patterns.map((pattern) => (pattern === '*' ? '*.*' : pattern))));
}

/** How many patterns one subscription may list, and the length of a secret of one's own (webhook.dto.ts documents them). */
export const MAX_SUBSCRIPTION_EVENTS = 50;
export const SECRET_LENGTH = { min: 24, max: 200 } as const;
export const PRINTABLE_SECRET = /^[\x21-\x7e]+$/;

/**
 * What is wrong with a subscription's events and secret, for every door: the REST DTO refuses the same before the
 * service sees it, the panel's form reaches the service with whatever was typed.
 */
export function subscriptionProblems(input: { events: unknown; secret?: unknown }): FieldError[] {
  const problems: FieldError[] = [];
  const { events, secret } = input;
  if (!Array.isArray(events) || events.length === 0) problems.push({ field: 'events', message: 'events must contain at least 1 elements' });
  else if (events.length > MAX_SUBSCRIPTION_EVENTS)
    problems.push({ field: 'events', message: `events must contain no more than ${MAX_SUBSCRIPTION_EVENTS} elements` });
  else if (events.some((event) => typeof event !== 'string' || !WEBHOOK_EVENT_PATTERNS.includes(event))) {
    problems.push({ field: 'events', message: 'each value in events must be an event type, <recordType>.*, *.<verb> or *' });
  }
  if (secret !== undefined) {
    if (typeof secret !== 'string' || secret.length < SECRET_LENGTH.min)
      problems.push({ field: 'secret', message: `secret must be longer than or equal to ${SECRET_LENGTH.min} characters` });
    else if (secret.length > SECRET_LENGTH.max)
      problems.push({ field: 'secret', message: `secret must be shorter than or equal to ${SECRET_LENGTH.max} characters` });
    else if (!PRINTABLE_SECRET.test(secret)) problems.push({ field: 'secret', message: 'secret must be printable ASCII without spaces' });
  }
  return problems;
}
