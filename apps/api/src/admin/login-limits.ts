import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { AppConfig } from '../infrastructure/config/app-config.js';

const WINDOW_MS = 15 * 60_000;
/** The message key of the login page's refusal (locales/*.ts). */
export const TOO_MANY_LOGINS = 'tooManyLoginAttempts';

/** AdminJS answers a good password with a redirect and a wrong one with the login page again. */
const loggedIn = (_req: Request, res: { statusCode: number }) => res.statusCode === 302;

const accountOf = (req: Request) => {
  const email: unknown = req.fields?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
};

/**
 * Failed logins are limited per account and, much more loosely, per client address. Only failures count, so a
 * mistyped password or a bad actor behind an office's NAT locks out one account (the one being guessed) rather than
 * every colleague behind the same address; the address limit stops one client guessing across many accounts.
 * In memory, per instance. Needs the form parsed (express-formidable's `req.fields`) before it.
 */
export function loginLimits(config: AppConfig, refuse: RequestHandler): RequestHandler[] {
  const common = {
    windowMs: WINDOW_MS,
    skipSuccessfulRequests: true,
    requestWasSuccessful: loggedIn,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
  } as const;
  return [
    rateLimit({ ...common, limit: config.LOGIN_FAILURES_PER_ADDRESS, keyGenerator: (req) => `address:${ipKeyGenerator(req.ip ?? '')}`, handler: refuse }),
    rateLimit({
      ...common,
      limit: config.LOGIN_FAILURES_PER_ACCOUNT,
      keyGenerator: (req) => `account:${accountOf(req)}`,
      // A form without an email is refused by the login itself, and must not lock the "empty" account for everyone.
      skip: (req) => accountOf(req) === '',
      handler: refuse,
    }),
  ];
}
