import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../infrastructure/config/app-config.js';
import { PROBLEM_CONTENT_TYPE, ProblemType } from '../infrastructure/errors/problem.js';

/**
 * Per-API-key rate limit on /api/v1 (per client address for requests without a key). In memory, so per instance:
 * with N instances behind a balancer a key gets up to N times the limit.
 */
export function apiRateLimit(config: AppConfig): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: config.RATE_LIMIT_PER_MINUTE,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (request) => {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      return match ? `key:${createHash('sha256').update(match[1]).digest('hex')}` : `ip:${ipKeyGenerator(request.ip ?? '')}`;
    },
    handler: (request, response, _next, options) => {
      response
        .status(options.statusCode)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: ProblemType.rateLimited,
            title: 'Too Many Requests',
            status: options.statusCode,
            detail: `More than ${config.RATE_LIMIT_PER_MINUTE} requests in a minute with this API key. Retry after the number of seconds in Retry-After.`,
            instance: request.originalUrl,
          }),
        );
    },
  });
}
