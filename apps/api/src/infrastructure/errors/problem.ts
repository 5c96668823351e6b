import { HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';

export interface FieldError {
  /** Dotted path of the offending input, e.g. `parties.0.role`, `limit`, `If-Match`. */
  field: string;
  message: string;
}

/** RFC 9457 problem details: the one error shape of every 4xx/5xx response. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Problem types, as paths under the service's public address (PUBLIC_URL): responses carry them as absolute URIs,
 * and each one is a page the service serves (PROBLEM_PAGES). Compare types by these constants inside the service.
 */
export const ProblemType = {
  validation: '/problems/validation-error',
  badRequest: '/problems/bad-request',
  malformedJson: '/problems/malformed-json',
  unauthorized: '/problems/unauthorized',
  forbidden: '/problems/forbidden',
  notFound: '/problems/not-found',
  conflict: '/problems/conflict',
  archived: '/problems/archived',
  notArchived: '/problems/not-archived',
  duplicate: '/problems/duplicate',
  stillReferenced: '/problems/still-referenced',
  concurrentChange: '/problems/concurrent-change',
  invalidTransition: '/problems/invalid-transition',
  preconditionRequired: '/problems/precondition-required',
  preconditionFailed: '/problems/precondition-failed',
  idempotencyMismatch: '/problems/idempotency-key-reuse',
  idempotencyInProgress: '/problems/idempotency-in-progress',
  cursorExpired: '/problems/cursor-expired',
  payloadTooLarge: '/problems/payload-too-large',
  unsupportedMediaType: '/problems/unsupported-media-type',
  notAcceptable: '/problems/not-acceptable',
  methodNotAllowed: '/problems/method-not-allowed',
  rateLimited: '/problems/rate-limited',
  requestTimeout: '/problems/request-timeout',
  unavailable: '/problems/service-unavailable',
  databaseBusy: '/problems/database-busy',
  databaseUnavailable: '/problems/database-unavailable',
  internal: '/problems/internal-error',
  http: 'about:blank',
} as const;

/** What each problem type's page says: the status it comes with and what to do about it. */
export const PROBLEM_PAGES: Record<Exclude<keyof typeof ProblemType, 'http'>, { status: string; description: string }> = {
  validation: {
    status: '400, 422',
    description:
      'Some fields or query parameters are invalid (400), or refer to records that do not exist, or quote text that is not in the cited article (422). `errors` names each field with one message.',
  },
  badRequest: { status: '400', description: 'The request could not be understood: a malformed header or an unreadable message.' },
  malformedJson: { status: '400', description: 'The body is not valid JSON.' },
  unauthorized: { status: '401', description: 'No API key was sent, or the key is unknown or revoked. Send `Authorization: Bearer <key>`.' },
  forbidden: { status: '403', description: "The key lacks the scope for this change, or the user's role or region does not allow it." },
  notFound: { status: '404', description: 'No such record, or no such route.' },
  conflict: { status: '409', description: 'The request conflicts with the current state of the resource.' },
  archived: { status: '409', description: 'The record is archived and cannot be changed. An admin can restore it first.' },
  notArchived: { status: '409', description: 'Only an archived record can be restored; this one is not archived.' },
  duplicate: {
    status: '409',
    description:
      'The same thing already exists (a source with the same text, a user with the same email, a key with the same name). The body names the existing one where it can.',
  },
  stillReferenced: {
    status: '409',
    description:
      'Live records still refer to this one (they cite the source, or point at the party or person); `references` or `citationCount` counts them. Move or archive them first.',
  },
  concurrentChange: {
    status: '409',
    description: 'The request collided with a concurrent change (a deadlock or serialization failure) and was rolled back; nothing was written. Send it again.',
  },
  invalidTransition: { status: '409', description: 'The status cannot move there from `currentStatus`; `allowedTransitions` lists where it can.' },
  preconditionRequired: {
    status: '428',
    description: 'This change needs `If-Match` with the ETag you last read, so that no change overwrites another unseen.',
  },
  preconditionFailed: {
    status: '412',
    description:
      '`If-Match` does not match: the record changed since you read it (`currentVersion` is its version now), or the tag was weak. Read it again and reapply your change.',
  },
  idempotencyMismatch: { status: '422', description: 'This `Idempotency-Key` was used before with a different request. Use a new key for a new request.' },
  idempotencyInProgress: {
    status: '409',
    description: 'The first request with this `Idempotency-Key` is still under way. Retry after `Retry-After` seconds to get its answer.',
  },
  cursorExpired: {
    status: '410',
    description:
      'The change-feed cursor points before events the feed no longer keeps (CHANGE_FEED_RETENTION_DAYS): some changes after it are gone; or it is ahead of every change this database made (another database, a restored backup). Re-sync from the lists, then follow the feed again from a read without `after`.',
  },
  payloadTooLarge: { status: '413', description: 'The body exceeds the size the server accepts (BODY_LIMIT).' },
  unsupportedMediaType: {
    status: '415',
    description: 'The body is not `application/json` (or is in an encoding the server does not read). Send JSON with `Content-Type: application/json`.',
  },
  notAcceptable: { status: '406', description: 'The server cannot answer in a media type the `Accept` header allows (JSON, or CSV and .xlsx for lists).' },
  methodNotAllowed: { status: '405', description: 'The resource exists but does not support this method; `Allow` lists the methods it does.' },
  rateLimited: {
    status: '429',
    description: 'Too many requests with this key, or too many refused (401) from this address. Retry after `Retry-After` seconds.',
  },
  requestTimeout: { status: '408', description: "The request's headers or body did not arrive in time." },
  unavailable: { status: '503', description: 'A dependency (the database) does not answer. Retry after `Retry-After` seconds.' },
  databaseBusy: {
    status: '503',
    description: 'The service is at capacity, or the database did not serve the request in time. Retry after `Retry-After` seconds.',
  },
  databaseUnavailable: { status: '503', description: 'The database refuses connections or does not answer. Retry after `Retry-After` seconds.' },
  internal: { status: '500', description: 'A bug. It has been logged with its details, which are never shown.' },
};

/** The key under which the Express app keeps PUBLIC_URL for problem types (`app.locals`). */
export const PROBLEM_BASE = 'problemBase';

/** A problem type as responses carry it: absolute under the service's public address (about:blank stays). */
export function absoluteProblemType(type: string, base: string | undefined): string {
  return base && type.startsWith('/') ? `${base}${type}` : type;
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Throw to answer with a specific problem; the global filter renders it as application/problem+json. */
export class ProblemException extends HttpException {
  /** Response headers that belong to the problem, such as Retry-After. */
  headers: Record<string, string> = {};

  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }

  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }

  static of(status: HttpStatus, type: string, detail: string, extensions: Record<string, unknown> = {}): ProblemException {
    return new ProblemException({ type, title: statusTitle(status), status, detail, ...extensions });
  }

  static validation(errors: FieldError[], detail = 'The request has invalid fields.'): ProblemException {
    return ProblemException.of(HttpStatus.BAD_REQUEST, ProblemType.validation, detail, { errors });
  }

  static notFound(what: string, id: string): ProblemException {
    return ProblemException.of(HttpStatus.NOT_FOUND, ProblemType.notFound, `${what} ${id} does not exist.`);
  }
}

/** 422: well-formed input that refers to something that does not exist or does not fit (a foreign key, a quote). */
export function unprocessable(errors: FieldError[], detail: string): ProblemException {
  return ProblemException.of(HttpStatus.UNPROCESSABLE_ENTITY, ProblemType.validation, detail, { errors });
}

/** Sends a problem as the response, for code outside Nest's exception filter (Express middleware). */
export function sendProblem(response: Response, problem: ProblemDetails, headers: Record<string, string> = {}, instance?: string): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  const type = absoluteProblemType(problem.type, response.req.app?.locals?.[PROBLEM_BASE] as string | undefined);
  response
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, type, instance: problem.instance ?? instance ?? response.req.originalUrl }));
}
