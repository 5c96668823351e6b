import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHmac } from 'node:crypto';
import type { AppConfig } from '../infrastructure/config/app-config.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { sessionSecret } from './session.js';

/** axios, which AdminJS's client uses, echoes this cookie in this header on same-origin requests by itself. */
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';
/** The hidden field of the panel's one plain HTML form, the login (components/Login.jsx), and the logout page. */
export const CSRF_FIELD = '_csrf';

type SessionRequest = Request & { session?: { adminUser?: unknown }; sessionID?: string };

export interface CsrfDefence {
  /** Under /admin, after the session: issues the token cookie on safe requests, checks it on every other one. */
  middleware: RequestHandler[];
  /** For a parsed form (login, logout): the token may come in its hidden field. */
  checkForm: RequestHandler;
  tokenFor: (req: Request, res: Response) => string;
}

/**
 * A signed double-submit token (csrf-csrf): the cookie holds an HMAC of a random value and the session it was issued
 * for, and every change must send the same value back in a header or form field, which a page on another site can
 * neither read nor set. It is tied to the logged-in session, so a token from before a login (or from another
 * session) is worthless after it; before login it ties to no session, which still defeats a cross-site login form.
 * This sits beside the Origin/Sec-Fetch-Site check (refuseCrossSiteChanges), for browsers or proxies that drop those.
 */
export function csrfDefence(config: AppConfig): CsrfDefence {
  const secret = createHmac('sha256', sessionSecret(config)).update('kelisim csrf token').digest('hex');
  const identify = (req: SessionRequest) => (req.session?.adminUser && req.sessionID ? req.sessionID : 'anonymous');
  const fromRequest = (req: Request) => {
    const header = req.headers[CSRF_HEADER];
    if (typeof header === 'string') return header;
    const field: unknown = req.fields?.[CSRF_FIELD];
    return typeof field === 'string' ? field : undefined;
  };
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: identify,
    cookieName: CSRF_COOKIE,
    // Readable by the panel's own script (that is the point of a double-submit cookie); never sent cross-site.
    cookieOptions: { httpOnly: false, sameSite: 'strict', path: '/admin', secure: config.COOKIE_SECURE ?? config.isProduction },
    getCsrfTokenFromRequest: fromRequest,
  });
  const refused = () =>
    ProblemException.of(403, ProblemType.forbidden, 'The form is missing its security token or the token has expired. Reload the page and try again.');
  const safe = (req: Request) => ['GET', 'HEAD', 'OPTIONS'].includes(req.method);
  // The login and logout forms are parsed first (their token may be a form field), and checked by checkForm there.
  const formRoutes = new Set(['/login', '/logout']);

  const issueAndCheck = (req: Request, res: Response, next: NextFunction) => {
    if (safe(req)) {
      // Reuses a cookie still valid for this session; a login's new session gets a new one on its next page.
      if (!req.path.startsWith('/frontend/')) generateCsrfToken(req, res);
      return next();
    }
    if (formRoutes.has(req.path)) return next();
    next(validateRequest(req) ? undefined : refused());
  };
  return {
    middleware: [cookieParser(), issueAndCheck],
    checkForm: (req, _res, next) => next(validateRequest(req) ? undefined : refused()),
    tokenFor: (req, res) => generateCsrfToken(req, res),
  };
}
