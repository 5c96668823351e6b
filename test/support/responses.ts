import type { HistoryEntry } from '../../apps/api/src/domain/history.service.js';

/*
 * The JSON shapes the API answers with, as far as the tests read them: supertest types `response.body` as `any`,
 * and these keep the tests' calls and arguments typed.
 */

interface WithBody {
  body: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

/** An application/problem+json body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  currentVersion?: number;
  currentStatus?: string;
  allowedTransitions?: string[];
  references?: Record<string, number>;
}

/** What every record carries, and whatever else its type adds. */
export interface RecordBody {
  id: string;
  version: number;
  archivedAt: string | null;
  createdAt: string;
  status?: string;
  allowedTransitions?: string[];
  [field: string]: unknown;
}

export interface Page<T = RecordBody> {
  data: T[];
  meta: { total: number; limit: number; offset: number };
}

export const problemOf = (response: WithBody) => response.body as Problem;
/** The ETag of a record at this version: the version and a digest of the representation (http/preconditions.ts). */
export const etagAt = (version: number) => new RegExp(`^"${version}-[0-9a-f]{16}"$`);
/** The public address the test app runs under (PUBLIC_URL's default for PORT 3000): problem types are absolute under it. */
export const TEST_PUBLIC_URL = 'http://localhost:3000';
/** A problem type as a response carries it: `problemType('archived')`. A service started on another port passes its base. */
export const problemType = (slug: string, base = TEST_PUBLIC_URL) => `${base}/problems/${slug}`;
export const recordOf = <T = RecordBody>(response: WithBody) => response.body as T;
export const pageOf = <T = RecordBody>(response: WithBody) => response.body as Page<T>;
export const historyOf = (response: WithBody) => (response.body as { data: HistoryEntry[] }).data;

/** The fields a 400 or 422 names, in order. */
export const errorFields = (response: WithBody) => (problemOf(response).errors ?? []).map((error) => error.field);

/** The ids of a list page, in order. */
export const idsOf = (response: WithBody) => pageOf(response).data.map((row) => row.id);
