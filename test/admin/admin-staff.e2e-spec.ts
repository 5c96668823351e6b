// Editing a staff account in the panel goes through AdminUsersService, with the same checks as creating one (and as
// the CLI): the panel used to re-implement them and skipped the region check, so an editor could be bound to a party
// that does not exist, or to an archived one. Every refused edit leaves the account exactly as it was.
import type { AdminUser } from '@prisma/client';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { ApiKeysService } from '../../apps/api/src/auth/api-keys.service.js';
import { createParty } from '../support/fixtures.js';
import { type PanelAgent, panelLogin } from '../support/panel.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'staff-edit-password';
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('staff accounts edited in the panel', () => {
  let t: TestApp;
  let admin: PanelAgent;
  let adminId: string;
  let editor: AdminUser;
  let region: string;
  let archivedRegion: string;

  beforeAll(async () => {
    t = await createTestApp();
    const users = t.app.get(AdminUsersService);
    region = (await createParty(t, { nameRu: 'Павлодарская область' })).id;
    archivedRegion = (await createParty(t, { nameRu: 'Упразднённая область' })).id;
    await t.prisma.party.update({ where: { id: archivedRegion }, data: { archivedAt: new Date() } });
    adminId = (await users.create({ email: 'chief@kelisim.test', password: PASSWORD, role: 'admin', name: 'Chief' })).id;
    await users.create({ email: 'taken@kelisim.test', password: PASSWORD, role: 'viewer' });
    editor = await users.create({ email: 'editor@kelisim.test', password: PASSWORD, role: 'editor', name: 'Редактор', regionPartyId: region });
    admin = await panelLogin(t, 'chief@kelisim.test', PASSWORD);
  });
  afterAll(() => t.close());

  const edit = (id: string, fields: Record<string, string>) => {
    const post = admin.post(`/admin/api/resources/AdminUser/records/${id}/edit`);
    for (const [name, value] of Object.entries(fields)) void post.field(name, value);
    return post;
  };
  const form = (user: AdminUser) => ({ email: user.email, role: user.role, name: user.name ?? '', regionParty: user.regionPartyId ?? '', locale: user.locale });

  const refusals: [string, () => [string, Record<string, string>], string][] = [
    ['a region that does not exist', () => [editor.id, { ...form(editor), regionParty: MISSING }], 'regionParty'],
    ['an archived region', () => [editor.id, { ...form(editor), regionParty: archivedRegion }], 'regionParty'],
    ['an email another account has', () => [editor.id, { ...form(editor), email: 'taken@kelisim.test' }], ''],
    ['a malformed email', () => [editor.id, { ...form(editor), email: 'not-an-email' }], 'email'],
    ['an unknown role', () => [editor.id, { ...form(editor), role: 'superuser' }], 'role'],
    ['a password that is too short', () => [editor.id, { ...form(editor), password: 'short' }], 'password'],
    ['an admin demoting themselves', () => [adminId, { email: 'chief@kelisim.test', role: 'viewer', name: 'Chief', regionParty: '', locale: 'ru' }], 'role'],
  ];

  for (const [what, change, field] of refusals) {
    it(`refuses ${what} and changes nothing`, async () => {
      const [id, fields] = change();
      const before = await t.prisma.adminUser.findUniqueOrThrow({ where: { id } });
      const response = await edit(id, fields).expect(200);
      const body = response.body as { notice: { type: string }; record: { errors: Record<string, unknown> } };
      expect(body.notice.type).toBe('error');
      if (field) expect(body.record.errors).toHaveProperty(field);
      expect(await t.prisma.adminUser.findUniqueOrThrow({ where: { id } })).toEqual(before);
    });
  }

  it('saves a valid change through the same service', async () => {
    const other = (await createParty(t, { nameRu: 'Омская область' })).id;
    const response = await edit(editor.id, { ...form(editor), name: 'Новое имя', regionParty: other, locale: 'kk' }).expect(200);
    expect((response.body as { notice: { type: string } }).notice.type).toBe('success');
    expect(await t.prisma.adminUser.findUniqueOrThrow({ where: { id: editor.id } })).toMatchObject({
      name: 'Новое имя',
      regionPartyId: other,
      locale: 'kk',
      role: 'editor',
    });
  });

  // Hidden properties are still in AdminJS's JSON unless the resource drops them: the hashes used to be in every
  // list, show, edit and search response of these two resources.
  it('never sends a password hash or an API key hash, in any action of the staff and key resources', async () => {
    const { key } = await t.app.get(ApiKeysService).create('partner-portal', 'read');
    const secrets = [
      ...(await t.prisma.adminUser.findMany({ select: { passwordHash: true } })).map((user) => user.passwordHash),
      (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { secretHash: true } })).secretHash,
    ];
    const urls = [
      '/admin/api/resources/AdminUser/actions/list',
      `/admin/api/resources/AdminUser/actions/search/${encodeURIComponent('editor')}`,
      `/admin/api/resources/AdminUser/records/${editor.id}/show`,
      `/admin/api/resources/AdminUser/records/${editor.id}/edit`,
      '/admin/api/resources/ApiKey/actions/list',
      '/admin/api/resources/ApiKey/actions/search/partner',
      `/admin/api/resources/ApiKey/records/${key.id}/show`,
      // A filter on a hash would be an oracle for it: it is ignored.
      `/admin/api/resources/AdminUser/actions/list?filters.passwordHash=${encodeURIComponent(secrets[0].slice(0, 10))}`,
    ];
    for (const url of urls) {
      const response = await admin.get(url).expect(200);
      expect({ url, body: response.text.length > 50 }).toEqual({ url, body: true });
      for (const secret of secrets) expect({ url, leaks: response.text.includes(secret) }).toEqual({ url, leaks: false });
      expect({ url, names: /passwordHash|secretHash/.test(response.text) }).toEqual({ url, names: false });
    }
    const filtered = await admin.get(urls[urls.length - 1]).expect(200);
    expect((filtered.body as { records: unknown[] }).records.length).toBe(await t.prisma.adminUser.count());
  });

  // A link or a form on another site, with the admin's cookie: nothing may change. GETs change nothing at all, and
  // changes from another origin (Origin, Sec-Fetch-Site) are refused before they run.
  it('changes nothing on a GET of archive or revoke, nor on a POST from another site', async () => {
    const { key } = await t.app.get(ApiKeysService).create('cross-site-target', 'read');
    const memorandum = await t.prisma.memorandum.create({ data: { titleRu: 'Меморандум для проверки' }, select: { id: true } });
    const archiveUrl = `/admin/api/resources/Memorandum/records/${memorandum.id}/delete`;
    const revokeUrl = `/admin/api/resources/ApiKey/records/${key.id}/revoke`;
    const state = async () => ({
      archivedAt: (await t.prisma.memorandum.findUniqueOrThrow({ where: { id: memorandum.id } })).archivedAt,
      revokedAt: (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt,
    });

    await admin.get(archiveUrl).expect(200);
    await admin.get(revokeUrl).expect(200);
    expect(await state()).toEqual({ archivedAt: null, revokedAt: null });

    for (const headers of [
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ]) {
      await admin.post(archiveUrl).set(headers).expect(403);
      await admin.post(revokeUrl).set(headers).expect(403);
      await admin.post(`/admin/api/resources/AdminUser/records/${editor.id}/edit`).set(headers).field('role', 'admin').expect(403);
    }
    expect(await state()).toEqual({ archivedAt: null, revokedAt: null });
    expect((await t.prisma.adminUser.findUniqueOrThrow({ where: { id: editor.id } })).role).toBe('editor');

    // The panel's own pages send their origin (or a client sends none): the same POSTs work.
    await admin.post(archiveUrl).set({ 'Sec-Fetch-Site': 'same-origin' }).expect(200);
    await admin.post(revokeUrl).expect(200);
    const after = await state();
    expect(after.archivedAt).not.toBeNull();
    expect(after.revokedAt).not.toBeNull();
  });
});
