import type { Request, Response } from 'express';
import { representationEtag } from './preconditions.js';

/*
 * The headers a record response carries, set in one place: by the routes' interceptors as they answer, and by an
 * Idempotency-Key retry answering for a request that committed and then died.
 */

/**
 * A record's ETag: its version, which later changes send in If-Match, and a digest of the whole representation, so
 * that the tag changes whenever the answer does (a renamed party changes every memorandum that embeds its name,
 * while their own versions stay) and If-None-Match never answers 304 with stale content.
 */
export function setRecordEtag(response: Response, record: unknown): void {
  const version = (record as { version?: unknown } | null)?.version;
  if (typeof version === 'number') response.setHeader('ETag', representationEtag(version, JSON.stringify(record)));
}

/** A created record's address, under the collection it was posted to: records by id, sources by their key. */
export function setCreatedLocation(request: Request, response: Response, record: unknown): void {
  const { id, key } = (record ?? {}) as { id?: unknown; key?: unknown };
  const address = typeof id === 'string' ? id : key;
  if (typeof address === 'string') response.setHeader('Location', `${request.baseUrl}${request.path.replace(/\/$/, '')}/${encodeURIComponent(address)}`);
}
