import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { hashApiKey } from '../auth/api-keys.service.js';
import type { RecentlyAuthenticatedKeys } from '../auth/recently-authenticated-keys.js';
import type { AppConfig } from '../infrastructure/config/app-config.js';
import { ProblemType, sendProblem } from '../infrastructure/errors/problem.js';

const MINUTE_MS = 60_000;

/** The hash of a bearer token that authenticated lately, or undefined for no token, junk, or a key not seen yet. */
function knownKeyOf(request: Request, keys: RecentlyAuthenticatedKeys): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  const hash = hashApiKey(match[1]);
  return keys.has(hash) ? hash : undefined;
}

const addressOf = (request: Request) => `ip:${ipKeyGenerator(request.ip ?? '')}`;

function problemHandler(detail: string): Options['handler'] {
  return (_request, response, _next, options) => {
    sendProblem(response, { type: ProblemType.rateLimited, title: 'Too Many Requests', status: options.statusCode, detail });
  };
}

/**
 * The limits on /api/v1, in memory and so per instance (with N instances behind a balancer a key gets up to N times
 * the limit):
 * - requests without a valid key (none, junk, unknown, revoked) that were refused with 401 are counted per client
 *   address, and beyond AUTH_FAILURES_PER_MINUTE such a client is refused with 429 before its token is looked up;
 * - every request counts against RATE_LIMIT_PER_MINUTE: a key that authenticated lately has a budget of its own,
 *   anything else shares its client address's budget (so a stream of distinct junk tokens is one client).
 */
export function apiRateLimits(config: AppConfig, keys: RecentlyAuthenticatedKeys): RequestHandler[] {
  const common = { windowMs: MINUTE_MS, standardHeaders: 'draft-7', legacyHeaders: false } as const;
  return [
    rateLimit({
      ...common,
      limit: config.AUTH_FAILURES_PER_MINUTE,
      keyGenerator: addressOf,
      skip: (request) => knownKeyOf(request, keys) !== undefined,
      skipSuccessfulRequests: true,
      requestWasSuccessful: (_request, response) => response.statusCode !== 401,
      handler: problemHandler(
        `More than ${config.AUTH_FAILURES_PER_MINUTE} requests in a minute from this address without a valid API key. Retry after the number of seconds in Retry-After, with a valid key.`,
      ),
    }),
    rateLimit({
      ...common,
      limit: config.RATE_LIMIT_PER_MINUTE,
      keyGenerator: (request) => {
        const known = knownKeyOf(request, keys);
        return known ? `key:${known}` : addressOf(request);
      },
      handler: problemHandler(
        `More than ${config.RATE_LIMIT_PER_MINUTE} requests in a minute with this API key. Retry after the number of seconds in Retry-After.`,
      ),
    }),
  ];
}
