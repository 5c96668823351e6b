import type { Language } from '@prisma/client';
import type { Request, RequestHandler } from 'express';
import { CSRF_FIELD } from './csrf.js';
import { PANEL_TEXTS } from './locales/index.js';

type SessionRequest = Request & { session?: { adminUser?: { locale?: Language }; destroy(callback: () => void): void } };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * Logging out ends the session, so it is a POST like every other change: AdminJS's menu opens GET /admin/logout,
 * which answers with this page and its one button (a link on another site can no longer log a user out).
 */
export function logoutPage(tokenFor: (req: Request, res: Parameters<RequestHandler>[1]) => string, action: string): RequestHandler {
  return (req, res) => {
    const language = (req as SessionRequest).session?.adminUser?.locale ?? 'ru';
    const { logoutQuestion, logoutButton } = PANEL_TEXTS[language].messages as Record<string, string>;
    const token = tokenFor(req, res);
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(
        `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<title>Kelisim</title></head><body style="font-family: system-ui, sans-serif; display: grid; place-items: center; min-height: 90vh">` +
          `<form method="post" action="${escapeHtml(action)}" data-testid="logout-form"><p>${escapeHtml(logoutQuestion)}</p>` +
          `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(token)}">` +
          `<button type="submit" style="font-size: 1rem; padding: .6rem 1.4rem">${escapeHtml(logoutButton)}</button></form></body></html>`,
      );
  };
}

/** The POST itself, after the form's token is checked: the session is destroyed and the login page follows. */
export function logout(loginPath: string): RequestHandler {
  return (req, res) => {
    const session = (req as SessionRequest).session;
    if (!session) return res.redirect(loginPath);
    session.destroy(() => res.redirect(303, loginPath));
  };
}
