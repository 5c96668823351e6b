// A rolling panel session used to be written back to PostgreSQL on every request (its new expiry); reads now write
// it at most once per SESSION_TOUCH_INTERVAL_MS, and a change to the session (a login) is still saved at once.
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { panelLogin } from '../support/panel.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('panel session writes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(AdminUsersService).create({ email: 'reader@kelisim.test', password: 'reader-password-long', role: 'viewer', name: null });
  });
  afterAll(() => t.close());

  const expiries = async () => (await t.prisma.session.findMany({ select: { sid: true, expire: true } })).map((row) => row.expire.getTime());

  it('reads do not rewrite the session row each time', async () => {
    const agent = await panelLogin(t, 'reader@kelisim.test', 'reader-password-long');
    const [afterLogin] = await expiries();
    expect(afterLogin).toBeDefined();
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await agent.get('/admin/api/dashboard').expect(200);
    }
    // One touch at most since the login (the login helper's own probe), none for the reads after it.
    const [afterReads] = await expiries();
    // The store keeps the expiry in whole seconds: a touch a second later would move it.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await agent.get('/admin/api/dashboard').expect(200);
    expect(await expiries()).toEqual([afterReads]);
  });
});
