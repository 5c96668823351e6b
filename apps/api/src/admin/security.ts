import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { ADMIN_ROOT } from './admin-panel.js';

/**
 * Helmet's defaults everywhere, except that AdminJS pages need inline scripts (the page state) and inline styles
 * (styled-components). Everything is still loaded from this origin only.
 */
export function securityHeaders(): RequestHandler {
  const strict = helmet();
  const admin = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Not forced here: over plain HTTP (a local production run) it would break every asset of the page.
        upgradeInsecureRequests: null,
      },
    },
  });
  return (req, res, next) => (req.path === ADMIN_ROOT || req.path.startsWith(`${ADMIN_ROOT}/`) ? admin : strict)(req, res, next);
}
