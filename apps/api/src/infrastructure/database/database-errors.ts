import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemType } from '../errors/problem.js';
import { AbandonedRequestError, QUERY_READ_TIMEOUT_MESSAGE } from './bounded-pool.js';

/** Seconds a client is asked to wait before retrying, by what went wrong. */
export const RETRY_AFTER_SECONDS = { busy: 2, unavailable: 5 } as const;

export type DatabaseTrouble = 'busy' | 'unavailable' | 'retry' | 'abandoned';

// How the errors arrive (seen against a real PostgreSQL, see database-errors.spec.ts): pg's own errors are thrown
// as they are (the adapter rethrows what it does not know) or wrapped in the adapter's DriverAdapterError, whose
// `cause` carries `kind` and the SQLSTATE as `originalCode`; Prisma wraps that again in a
// PrismaClientKnownRequestError (`code` P2010 for raw queries, P1001 when unreachable) with it in `meta.driverAdapterError`.

/** Waits that ran out while the server was there but taken: a full pool, a slow statement, a held lock. */
const BUSY_PRISMA_CODES = new Set(['P2024', 'P2028']);
const BUSY_SQLSTATES = new Set(['57014', '55P03', '53300']);
const BUSY_MESSAGES = ['timeout exceeded when trying to connect'];

/** The server is not there: refused, gone, shutting down, starting up, or not answering at all. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNAVAILABLE_MESSAGES = [QUERY_READ_TIMEOUT_MESSAGE, 'Connection terminated', 'Client has encountered a connection error', 'timeout expired'];

/** The transaction lost a race the database resolved by aborting it: the same request again will likely succeed. */
const RETRY_SQLSTATES = new Set(['40001', '40P01']);
const RETRY_PRISMA_CODES = new Set(['P2034']);

interface Clues {
  /** Prisma's codes (P2024), SQLSTATEs (57014), the adapter's kinds (DatabaseNotReachable) and socket codes (ECONNREFUSED). */
  codes: Set<string>;
  messages: string[];
  abandoned: boolean;
}

/** What database trouble, if any, an error of a query or transaction reports. */
export function classifyDatabaseError(error: unknown): DatabaseTrouble | undefined {
  const clues = collectClues(error);
  if (clues.abandoned) return 'abandoned';
  const has = (...sets: Set<string>[]) => [...clues.codes].some((code) => sets.some((set) => set.has(code)));
  const says = (fragments: string[]) => clues.messages.some((message) => fragments.some((fragment) => message.startsWith(fragment)));
  if (has(RETRY_SQLSTATES, RETRY_PRISMA_CODES)) return 'retry';
  const connectionException = [...clues.codes].some((code) => /^08[0-9A-Z]{3}$/.test(code));
  if (connectionException || has(UNAVAILABLE_PRISMA_CODES, UNAVAILABLE_SQLSTATES, UNAVAILABLE_KINDS, UNAVAILABLE_SOCKET_CODES) || says(UNAVAILABLE_MESSAGES)) {
    return 'unavailable';
  }
  if (has(BUSY_PRISMA_CODES, BUSY_SQLSTATES) || says(BUSY_MESSAGES)) return 'busy';
  return undefined;
}

/** The problem a client gets for database trouble (503 with Retry-After, or 409 to retry), or undefined for any other error. */
export function databaseProblem(error: unknown): ProblemException | undefined {
  switch (classifyDatabaseError(error)) {
    case 'busy':
      return ProblemException.of(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemType.databaseBusy,
        'The database is busy: the request could not be served in time. Retry after the number of seconds in Retry-After.',
      ).withHeaders({ 'Retry-After': String(RETRY_AFTER_SECONDS.busy) });
    case 'unavailable':
    case 'abandoned':
      // An abandoned request's client is gone: nobody reads this answer, but it is no bug either.
      return ProblemException.of(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemType.databaseUnavailable,
        'The database is not available. Retry after the number of seconds in Retry-After.',
      ).withHeaders({ 'Retry-After': String(RETRY_AFTER_SECONDS.unavailable) });
    case 'retry':
      return ProblemException.of(
        HttpStatus.CONFLICT,
        ProblemType.concurrentChange,
        'The request collided with a concurrent change and was rolled back; retry it.',
      );
    default:
      return undefined;
  }
}

function collectClues(error: unknown): Clues {
  const clues: Clues = { codes: new Set(), messages: [], abandoned: false };
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 8) return;
    seen.add(value);
    if (value instanceof AbandonedRequestError) clues.abandoned = true;
    const record = value as Record<string, unknown>;
    for (const key of ['code', 'originalCode', 'kind']) {
      if (typeof record[key] === 'string') clues.codes.add(record[key]);
    }
    for (const key of ['message', 'originalMessage']) {
      if (typeof record[key] === 'string') clues.messages.push(record[key]);
    }
    visit(record.cause, depth + 1);
    const meta = record.meta as Record<string, unknown> | undefined;
    if (meta && typeof meta === 'object') visit(meta.driverAdapterError, depth + 1);
  };
  visit(error, 0);
  return clues;
}
