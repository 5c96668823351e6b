import request from 'supertest';
import { CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER } from '../../apps/api/src/admin/csrf.js';
import type { TestApp } from './test-app.js';

export type PanelAgent = ReturnType<typeof request.agent>;
export { CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER };

/** The panel's CSRF token in a response's Set-Cookie, if it set one. */
export function csrfTokenSetBy(response: { headers: Record<string, unknown> }): string | undefined {
  const cookies = ([] as string[]).concat((response.headers['set-cookie'] as string[] | string | undefined) ?? []);
  const cookie = cookies.find((value) => value.startsWith(`${CSRF_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(CSRF_COOKIE.length + 1).split(';')[0]) : undefined;
}

/**
 * Logs in through the panel's own login form, as a browser would (the login page's CSRF token in its hidden field);
 * the agent keeps the session and token cookies and sends the token header on every request after, as the panel's
 * own client does.
 */
export async function panelLogin(t: TestApp, email: string, password: string): Promise<PanelAgent> {
  const agent = request.agent(t.app.getHttpServer());
  const loginPage = await agent.get('/admin/login');
  const response = await agent
    .post('/admin/login')
    .type('form')
    .send({ email, password, [CSRF_FIELD]: csrfTokenSetBy(loginPage) ?? '' });
  expect(response.status).toBe(302);
  expect(response.headers.location).toBe('/admin');
  expect(([] as string[]).concat(response.headers['set-cookie'] ?? []).some((cookie) => cookie.startsWith('kelisim.sid='))).toBe(true);
  // The session works: the dashboard answers with its JSON rather than a redirect to the login page; being the first
  // request of the new session, it brings the token for that session.
  const probe = await agent.get('/admin/api/dashboard');
  expect(probe.status).toBe(200);
  expect(probe.body).toHaveProperty('memoranda');
  const token = csrfTokenSetBy(probe);
  if (!token) throw new Error('The panel set no CSRF token for the new session');
  agent.set(CSRF_HEADER, token);
  return agent;
}
