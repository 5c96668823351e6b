import request from 'supertest';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { CSRF_FIELD, csrfTokenSetBy } from '../support/panel.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'login-limits-password';

/**
 * One login attempt from the test's (single) client address, with the login page's CSRF token as a browser sends it;
 * AdminJS redirects on success.
 */
async function attempt(t: TestApp, email: string, password: string) {
  const browser = request.agent(t.app.getHttpServer());
  const token = csrfTokenSetBy(await browser.get('/admin/login'));
  return browser
    .post('/admin/login')
    .type('form')
    .send({ email, password, [CSRF_FIELD]: token ?? '' });
}

describe('panel login limits', () => {
  describe('with the default limits', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp();
      const users = t.app.get(AdminUsersService);
      for (const email of ['guessed@kelisim.test', 'colleague@kelisim.test']) await users.create({ email, password: PASSWORD, role: 'editor' });
    });
    afterAll(() => t.close());

    it('30 failures against one account lock that account, not a colleague behind the same address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await attempt(t, 'guessed@kelisim.test', `wrong-${i}`)).status);
      // The first ten are plain wrong passwords, the rest refused by the account's limit.
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
      expect(new Set(statuses.slice(10))).toEqual(new Set([429]));

      // Before: the address limit (30 attempts) refused everyone behind it, the right password included.
      const colleague = await attempt(t, 'colleague@kelisim.test', PASSWORD);
      expect(colleague.status).toBe(302);

      const locked = await attempt(t, 'Guessed@Kelisim.test ', PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.headers['content-type']).toMatch(/text\/html/);
      expect(locked.text).toContain('tooManyLoginAttempts');
      expect(locked.headers['ratelimit-policy']).toBeDefined();
    });

    it('a good login does not count against the limits', async () => {
      for (let i = 0; i < 15; i += 1) expect((await attempt(t, 'colleague@kelisim.test', PASSWORD)).status).toBe(302);
    });
  });

  describe('with a low address limit', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '5' });
      await t.app.get(AdminUsersService).create({ email: 'someone@kelisim.test', password: PASSWORD, role: 'viewer' });
    });
    afterAll(() => t.close());

    it('one address guessing across many accounts is refused, whatever account it tries next', async () => {
      for (let i = 0; i < 5; i += 1) expect((await attempt(t, `nobody-${i}@kelisim.test`, 'wrong')).status).toBe(200);
      expect((await attempt(t, 'nobody-5@kelisim.test', 'wrong')).status).toBe(429);
      expect((await attempt(t, 'someone@kelisim.test', PASSWORD)).status).toBe(429);
    });
  });
});
