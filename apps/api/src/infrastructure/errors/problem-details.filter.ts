import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import type { Request, Response } from 'express';
import { allowedMethods } from './route-methods.js';
import { classifyDatabaseError, databaseProblem, RETRY_AFTER_SECONDS } from '../database/database-errors.js';
import { type ProblemDetails, ProblemException, ProblemType, sendProblem, statusTitle } from './problem.js';

/** Renders every error, expected or not, as RFC 9457 problem details. Unexpected ones are logged, never leaked. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const allow = isRouteNotFound(exception) ? allowedMethods(host.switchToHttp().getRequest<Request>()) : [];
    if (allow.length) {
      const request = host.switchToHttp().getRequest<Request>();
      const detail = `${request.path} does not serve ${request.method}; it serves ${allow.join(', ')}.`;
      sendProblem(response, { type: ProblemType.methodNotAllowed, title: statusTitle(405), status: 405, detail }, { Allow: allow.join(', ') });
      return;
    }
    const database = exception instanceof ProblemException ? undefined : databaseProblem(exception);
    const problem = database?.problem ?? this.toProblem(exception);
    if (database) {
      // Operational trouble, not a bug: one line, without the stack, so an outage does not drown the log.
      const trouble = classifyDatabaseError(exception);
      if (trouble !== 'abandoned') this.logger.warn(`Database ${trouble}: ${summaryLine(exception)}`);
    } else if (problem.status >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (response.headersSent || response.destroyed) return;
    const headers = (database ?? (exception instanceof ProblemException ? exception : undefined))?.headers;
    // Every 503 says when to come back (the readiness probe's included).
    const retryAfter: Record<string, string> = problem.status === 503 ? { 'Retry-After': String(RETRY_AFTER_SECONDS.unavailable) } : {};
    sendProblem(response, problem, { ...retryAfter, ...headers });
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) return exception.problem;
    // Nest wraps body-parser's errors (malformed JSON, too large) in an HttpException with the original as cause.
    const bodyParserError = fromBodyParserError(exception instanceof HttpException ? exception.cause : exception);
    if (bodyParserError) return bodyParserError;
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      const mapped = fromPrismaError(exception);
      if (mapped) return mapped;
    }
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemType.internal, 'An unexpected error occurred. It has been logged.');
  }
}

/** Nest's answer for a path and method no route serves ("Cannot PUT /api/v1/visits"). */
function isRouteNotFound(exception: unknown): boolean {
  if (!(exception instanceof NotFoundException)) return false;
  const message = (exception.getResponse() as { message?: unknown }).message;
  return typeof message === 'string' && message.startsWith('Cannot ');
}

function problem(status: number, type: string, detail?: string, extensions: Record<string, unknown> = {}): ProblemDetails {
  return { type, title: statusTitle(status), status, ...(detail ? { detail } : {}), ...extensions };
}

function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  const typeByStatus: Record<number, string> = {
    400: ProblemType.badRequest,
    401: ProblemType.unauthorized,
    403: ProblemType.forbidden,
    404: ProblemType.notFound,
    406: ProblemType.notAcceptable,
    409: ProblemType.conflict,
    413: ProblemType.payloadTooLarge,
    415: ProblemType.unsupportedMediaType,
    429: ProblemType.rateLimited,
    503: ProblemType.unavailable,
  };
  const type = typeByStatus[status] ?? ProblemType.http;
  if (Array.isArray(message)) {
    return problem(status, ProblemType.validation, 'The request has invalid fields.', {
      errors: message.map((text) => ({ field: String(text).split(' ')[0], message: String(text) })),
    });
  }
  const extensions: Record<string, unknown> = {};
  if (status === 503 && typeof body === 'object' && body && 'details' in body) extensions.checks = body.details;
  const detail =
    status === 404 && typeof message === 'string' && message.startsWith('Cannot ')
      ? `No route matches ${message.slice('Cannot '.length)}.`
      : typeof message === 'string'
        ? message
        : status === 503
          ? 'A dependency is not available.'
          : undefined;
  return problem(status, type, detail, extensions);
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

function fromBodyParserError(exception: unknown): ProblemDetails | undefined {
  const error = exception as BodyParserError;
  if (!error || typeof error !== 'object' || typeof error.status !== 'number' || typeof error.type !== 'string') return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return problem(400, ProblemType.malformedJson, `The request body is not valid JSON: ${error.message}`);
    case 'entity.too.large':
      return problem(413, ProblemType.payloadTooLarge, 'The request body is larger than the server accepts.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, ProblemType.unsupportedMediaType, error.message);
    default:
      return error.status >= 400 && error.status < 500 ? problem(error.status, ProblemType.badRequest, error.message) : undefined;
  }
}

function fromPrismaError(error: Prisma.PrismaClientKnownRequestError): ProblemDetails | undefined {
  switch (error.code) {
    case 'P2025':
      return problem(404, ProblemType.notFound, 'The record does not exist.');
    case 'P2002':
      return problem(409, ProblemType.duplicate, 'A record with the same unique value already exists.', { fields: error.meta?.target });
    case 'P2003':
      return problem(422, ProblemType.validation, 'A referenced record does not exist or is still referenced.');
    case 'P2000':
      return problem(400, ProblemType.validation, 'A value is too long for its field.');
    default:
      return undefined;
  }
}

function summaryLine(exception: unknown): string {
  const text = exception instanceof Error ? exception.message : String(exception);
  return text.trim().split('\n').filter(Boolean).at(-1) ?? text;
}
