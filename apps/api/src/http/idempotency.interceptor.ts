import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, Logger, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import canonicalize from 'canonicalize';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { catchError, concatMap, from, type Observable, of, throwError } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { HistoryService } from '../domain/history.service.js';
import { type Claim, type ClaimOutcome, IdempotencyService, type StoredResponse, type WrittenRecord } from '../domain/idempotency.service.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { setCreatedLocation, setRecordEtag } from './record-headers.js';

const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];

/**
 * How a route answers when an Idempotency-Key retry finds that the first request committed its write and then died
 * (or failed) before its response was stored: the response that request would have sent, built from the records it
 * wrote as they are now, each read through its own service as the route returns it.
 */
export interface CommittedAnswer {
  /** The route's success status. */
  status: number;
  /** The record's version as ETag, as RecordEtagInterceptor sets it. */
  etag?: boolean;
  /** The created record's Location, as CreatedLocationInterceptor sets it. */
  location?: boolean;
  /** The body from the records written, in the order written; the first record by default. */
  body?(written: WrittenRecord[], read: (record: WrittenRecord) => Promise<unknown>): Promise<unknown>;
}

const COMMITTED_ANSWER = 'kelisim:idempotency:committed-answer';

export const AnswersCommitted = (answer: CommittedAnswer) => SetMetadata(COMMITTED_ANSWER, answer);

/**
 * Makes POST safe to retry: with an `Idempotency-Key` header, the first response is stored per API key and a retry
 * with the same key and body gets it back (marked `Idempotency-Replayed: true`) without creating anything again, for
 * IDEMPOTENCY_TTL. The same key with a different body is a 422. A retry while the first request is under way is a 409
 * with Retry-After; once that request is older than IDEMPOTENCY_CLAIM_TIMEOUT, a retry answers with the record it
 * committed, or runs the request itself when nothing was committed (IdempotencyService says which).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly history: HistoryService,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.actor?.id) return next.handle();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw ProblemException.validation([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1-255 visible ASCII characters' }]);
    }
    const path = request.originalUrl;
    const outcome = await this.idempotency.claim({ apiKeyId: request.actor.id, key, method: request.method, path, requestHash: fingerprint(request) });
    switch (outcome.kind) {
      case 'claimed':
        return this.run(outcome.claim, response, next);
      case 'stored':
        return of(replay(response, outcome));
      case 'committed':
        return of(await this.answerCommitted(context, request, response, { apiKeyId: request.actor.id, key, ...outcome }));
      case 'in-use':
        response.setHeader('Retry-After', String(outcome.retryAfterSeconds));
        throw ProblemException.of(
          HttpStatus.CONFLICT,
          ProblemType.idempotencyInProgress,
          `A request with this Idempotency-Key is still being processed; retry after ${outcome.retryAfterSeconds} seconds.`,
        );
    }
  }

  private run(claim: Claim, response: Response, next: CallHandler): Observable<unknown> {
    // The handler runs inside the claim's context (Nest binds it when handle() is called), so its writes stamp it.
    return this.idempotency
      .runWith(claim, () => next.handle())
      .pipe(
        catchError((error: unknown) => from(this.idempotency.release(claim).catch(() => undefined)).pipe(concatMap(() => throwError(() => error)))),
        concatMap((body: unknown) =>
          from(this.keep({ ...claim, holder: claim.token }, { status: response.statusCode, body, headers: replayedHeaders(response) }).then(() => body)),
        ),
      );
  }

  private async answerCommitted(
    context: ExecutionContext,
    request: Request,
    response: Response,
    committed: Extract<ClaimOutcome, { kind: 'committed' }> & { apiKeyId: string; key: string },
  ): Promise<unknown> {
    const answer = this.reflector.get<CommittedAnswer | undefined>(COMMITTED_ANSWER, context.getHandler());
    if (!answer) {
      throw ProblemException.of(
        HttpStatus.CONFLICT,
        ProblemType.idempotencyInProgress,
        'The first request with this Idempotency-Key wrote the records listed here and then failed before it answered.',
        { writtenRecords: committed.written.map(({ type, id }) => ({ type, id })) },
      );
    }
    const read = (record: WrittenRecord) => this.history.currentState(record.type, record.id);
    const body = await (answer.body ? answer.body(committed.written, read) : read(committed.written[0]));
    response.status(answer.status);
    if (answer.etag) setRecordEtag(response, body);
    if (answer.location) setCreatedLocation(request, response, body);
    await this.keep(committed, { status: answer.status, body, headers: replayedHeaders(response) });
    response.setHeader('Idempotency-Replayed', 'true');
    return body;
  }

  /**
   * Stores a response for replay. The write it answers for has committed, so a failure here must not turn the answer
   * into an error: the claim then keeps the written records, and a retry after the claim timeout answers from them.
   */
  private async keep(claim: { apiKeyId: string; key: string; holder: string | null }, stored: StoredResponse): Promise<void> {
    await this.idempotency.store(claim, stored).catch((error: unknown) => {
      this.logger.warn(`Storing the response for an Idempotency-Key failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

/** A digest of method, path and body as canonical JSON (RFC 8785), so that the order of keys in the body is no change. */
function fingerprint(request: Request): string {
  let canonical: string | undefined;
  try {
    canonical = canonicalize({ method: request.method, path: request.originalUrl, body: (request.body as unknown) ?? null });
  } catch (error) {
    // Text JSON cannot represent in canonical form (a lone surrogate): refused before anything is claimed or written.
    throw ProblemException.validation([{ field: 'body', message: error instanceof Error ? error.message : String(error) }]);
  }
  return createHash('sha256')
    .update(canonical ?? '')
    .digest('hex');
}

function replayedHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}

function replay(response: Response, stored: StoredResponse): unknown {
  response.status(stored.status);
  for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
  response.setHeader('Idempotency-Replayed', 'true');
  return stored.body;
}
