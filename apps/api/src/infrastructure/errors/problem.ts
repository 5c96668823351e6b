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

/** Problem type URIs, relative to the API's origin; README ("Errors") describes each. */
export const ProblemType = {
  validation: '/problems/validation-error',
  badRequest: '/problems/bad-request',
  malformedJson: '/problems/malformed-json',
  unauthorized: '/problems/unauthorized',
  forbidden: '/problems/forbidden',
  notFound: '/problems/not-found',
  conflict: '/problems/conflict',
  invalidTransition: '/problems/invalid-transition',
  preconditionRequired: '/problems/precondition-required',
  preconditionFailed: '/problems/precondition-failed',
  idempotencyMismatch: '/problems/idempotency-key-reuse',
  payloadTooLarge: '/problems/payload-too-large',
  unsupportedMediaType: '/problems/unsupported-media-type',
  notAcceptable: '/problems/not-acceptable',
  rateLimited: '/problems/rate-limited',
  requestTimeout: '/problems/request-timeout',
  unavailable: '/problems/service-unavailable',
  databaseBusy: '/problems/database-busy',
  databaseUnavailable: '/problems/database-unavailable',
  internal: '/problems/internal-error',
  http: 'about:blank',
} as const;

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
  response
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, instance: problem.instance ?? instance ?? response.req.originalUrl }));
}
