import { CHANGE_TYPE_FILTERS, expandTypeFilters } from '../domain/change-feed.service.js';

/** What a subscription's `events` may list: the feed's types and wildcards, and `*` for every event. */
export const WEBHOOK_EVENT_PATTERNS: string[] = ['*', ...CHANGE_TYPE_FILTERS];

/** The event types a subscription's patterns match. */
export function subscribedTypes(patterns: string[]): Set<string> {
  return new Set(expandTypeFilters(patterns.map((pattern) => (pattern === '*' ? '*.*' : pattern))));
}
