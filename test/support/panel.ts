import request from 'supertest';
import type { TestApp } from './test-app.js';

export type PanelAgent = ReturnType<typeof request.agent>;

/** Logs in through the panel's own login form, as a browser would; the agent keeps the session cookie. */
export async function panelLogin(t: TestApp, email: string, password: string): Promise<PanelAgent> {
  const agent = request.agent(t.app.getHttpServer());
  const response = await agent.post('/admin/login').type('form').send({ email, password });
  expect(response.status).toBe(302);
  expect(response.headers.location).toBe('/admin');
  expect(([] as string[]).concat(response.headers['set-cookie'] ?? []).some((cookie) => cookie.startsWith('kelisim.sid='))).toBe(true);
  // The session works: the dashboard answers with its JSON rather than a redirect to the login page.
  const probe = await agent.get('/admin/api/dashboard');
  expect(probe.status).toBe(200);
  expect(probe.body).toHaveProperty('memoranda');
  return agent;
}
