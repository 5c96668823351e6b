import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { catchError, concatMap, from, type Observable, of, throwError } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';

const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];
/** An in-flight claim: the first request with a key holds it until its response is stored. */
const IN_PROGRESS = 0;

/**
 * Makes POST safe to retry: with an `Idempotency-Key` header, the first response is stored per API key and a retry
 * with the same key and body gets it back (marked `Idempotency-Replayed: true`) without creating anything again.
 * The same key with a different body is a 422. A request that fails is not stored, so it can be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly prisma: PrismaService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.actor?.id) return next.handle();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw ProblemException.validation([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1-255 visible ASCII characters' }]);
    }
    const apiKeyId = request.actor.id;
    const requestBody: unknown = request.body ?? null;
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ method: request.method, path: request.originalUrl, body: requestBody }))
      .digest('hex');

    try {
      await this.prisma.idempotencyRecord.create({
        data: { apiKeyId, key, method: request.method, path: request.originalUrl, requestHash, responseStatus: IN_PROGRESS, responseBody: {} },
      });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
      return of(await this.replay(apiKeyId, key, requestHash, response));
    }

    const release = () => this.prisma.idempotencyRecord.delete({ where: { apiKeyId_key: { apiKeyId, key } } }).catch(() => undefined);
    return next.handle().pipe(
      concatMap((body: unknown) =>
        from(
          this.prisma.idempotencyRecord
            .update({
              where: { apiKeyId_key: { apiKeyId, key } },
              data: {
                responseStatus: response.statusCode,
                responseBody: (body ?? null) as Prisma.InputJsonValue,
                responseHeaders: Object.fromEntries(
                  REPLAYED_HEADERS.map((name) => [name, response.getHeader(name)]).filter(([, value]) => value !== undefined),
                ) as Prisma.InputJsonValue,
              },
            })
            .then(() => body),
        ),
      ),
      catchError((error: unknown) => from(release()).pipe(concatMap(() => throwError(() => error)))),
    );
  }

  private async replay(apiKeyId: string, key: string, requestHash: string, response: Response): Promise<unknown> {
    const stored = await this.prisma.idempotencyRecord.findUnique({ where: { apiKeyId_key: { apiKeyId, key } } });
    if (!stored) {
      throw ProblemException.of(HttpStatus.CONFLICT, ProblemType.conflict, 'A request with this Idempotency-Key just failed; retry it.');
    }
    if (stored.requestHash !== requestHash) {
      throw ProblemException.of(
        HttpStatus.UNPROCESSABLE_ENTITY,
        ProblemType.idempotencyMismatch,
        'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
      );
    }
    if (stored.responseStatus === IN_PROGRESS) {
      throw ProblemException.of(HttpStatus.CONFLICT, ProblemType.conflict, 'A request with this Idempotency-Key is still being processed; retry shortly.');
    }
    response.status(stored.responseStatus);
    for (const [name, value] of Object.entries(stored.responseHeaders as Record<string, string>)) response.setHeader(name, value);
    response.setHeader('Idempotency-Replayed', 'true');
    return stored.responseBody;
  }
}
