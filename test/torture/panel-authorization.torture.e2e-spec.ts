// Torture: every action of every resource of the admin panel, read from the panel's own state (a resource or action
// added later is covered too) × not signed in / viewer / editor of another region / editor of the record's region /
// admin, plus cross-site attempts (Origin, Sec-Fetch-Site) and GETs of state-changing actions. Each request is one
// that would change something if allowed (a real record, its current version, a changed field); every refused one
// must leave every table as it was, and the same requests by an admin must succeed.
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { ALL_RECORD_TYPES } from '../../apps/api/src/domain/record-types.js';
import { bearer } from '../support/fixtures.js';
import { type PanelAgent, panelLogin } from '../support/panel.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import request from 'supertest';
import { changedTables, tableChecksums } from './checksum.js';
import { FULL_SCALE, recordFigure, scaled, tally } from './figures.js';
import { call, describeReply, fieldsOf, listen } from './http.js';
import { subscribeWebhook } from './register.js';

const SCENARIO = 'panel authorization';
const PASSWORD = 'torture-panel-password';
/** Actions that only read; every other action, custom ones included, is treated as one that changes something. */
// exportXlsx only shows a download link for the list as filtered (the file is a GET of /admin/export); deliveries
// only leads to the delivery list filtered by the subscription.
const READ_ACTIONS = new Set(['list', 'show', 'search', 'mentions', 'exportXlsx', 'deliveries']);
const RECORD_RESOURCES = new Set(ALL_RECORD_TYPES.map((type) => type.adminResource));
/** AdminJS's own encoding of a null form value. */
const FORM_NULL = '__FORM_VALUE_NULL__';
const CROSS_SITE_HEADERS = scaled<Record<string, string>[]>(
  [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }],
  [
    { Origin: 'https://evil.example' },
    { 'Sec-Fetch-Site': 'cross-site' },
    { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
    { 'Sec-Fetch-Site': 'same-site' },
  ],
);

type Role = 'not signed in' | 'viewer' | 'editor of another region' | 'editor of its region' | 'admin';

interface PanelAction {
  resource: string;
  name: string;
  type: 'resource' | 'record' | 'bulk';
}

/**
 * What the README's role table allows, for the records this test aims at (all in region A): editors create, edit and
 * change the status of records of their region (one or several at once), and add and correct sources; only admins archive, restore, and manage
 * staff and keys.
 */
function mayChange(role: Role, action: PanelAction): boolean {
  if (role === 'admin') return true;
  const sourceWork = action.resource === 'SourceArticle' && ['new', 'edit', 'intake'].includes(action.name);
  // Any editor may add a party or person from a form (the service places it in their region, or abroad).
  const directoryWork = action.name === 'quickAdd';
  if (role === 'editor of another region') return sourceWork || directoryWork;
  if (role === 'editor of its region')
    return sourceWork || directoryWork || (RECORD_RESOURCES.has(action.resource) && ['new', 'edit', 'changeStatus', 'bulkChangeStatus'].includes(action.name));
  return false;
}

describe('torture: the admin panel authorization matrix', () => {
  let t: TestApp;
  let base: string;
  const agents = {} as Record<Exclude<Role, 'not signed in'>, PanelAgent>;
  /** The record each resource's record actions aim at. */
  const targets: Record<string, string> = {};
  /** For restore: an archived record of the resource. */
  const archived: Record<string, string> = {};
  let actions: PanelAction[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '10000000' });
    base = await listen(t.app);
    const write = await bearer(t, 'write', 'panel-fixtures');
    const api = async (path: string, body: unknown) => {
      const reply = await call(base, 'POST', path, { headers: { authorization: write }, body });
      if (reply.status !== 201) throw new Error(describeReply('POST', path, reply));
      return fieldsOf(reply);
    };
    const regionA = String((await api('/api/v1/parties', { kind: 'region', nameRu: 'Павлодарская область' })).id);
    const regionB = String((await api('/api/v1/parties', { kind: 'region', nameRu: 'Костанайская область' })).id);
    const abroad = String((await api('/api/v1/parties', { kind: 'foreign_region', nameRu: 'Омская область' })).id);
    const source = await api('/api/v1/sources', { title: 'Пресс-релиз', text: 'Стороны подписали меморандум о сотрудничестве в Павлодаре.' });
    const sources = [{ article: String(source.key), quote: 'Стороны подписали меморандум' }];
    // Every record in region A (or a party under it); region B is the other editor's.
    const memorandum = String((await api('/api/v1/memoranda', { titleRu: 'Меморандум региона А', parties: [{ partyId: regionA }], sources })).id);
    targets.Memorandum = memorandum;
    const archive = async (path: string) => {
      const reply = await call(base, 'DELETE', path, { headers: { authorization: write, 'if-match': '"1"' } });
      if (reply.status !== 200) throw new Error(describeReply('DELETE', path, reply));
    };
    // The organisation a person works for; the one aimed at has no live references, so that it can be archived.
    const employer = String((await api('/api/v1/parties', { kind: 'organisation', nameRu: 'Комбинат региона А', parentId: regionA })).id);
    const bodies: Record<string, [string, () => Record<string, unknown>]> = {
      Memorandum: ['memoranda', () => ({ titleRu: 'Меморандум региона А', parties: [{ partyId: regionA }] })],
      Party: ['parties', () => ({ kind: 'organisation', nameRu: 'Завод региона А', parentId: regionA })],
      Visit: ['visits', () => ({ titleRu: 'Визит региона А', visitingPartyId: regionA, hostPartyIds: [abroad] })],
      Contract: ['contracts', () => ({ titleRu: 'Контракт региона А', parties: [{ partyId: regionA, role: 'supplier' }] })],
      FollowUp: ['follow-ups', () => ({ titleRu: 'Поручение региона А', memorandumId: memorandum })],
      Person: ['people', () => ({ nameRu: 'Сотрудник комбината', partyId: employer })],
    };
    for (const [resource, [route, body]] of Object.entries(bodies)) {
      targets[resource] ??= String((await api(`/api/v1/${route}`, body())).id);
      // Restore aims at an archived twin, so that it is refused (or done) for what it is, not for a live record.
      const twin = String((await api(`/api/v1/${route}`, body())).id);
      await archive(`/api/v1/${route}/${twin}`);
      archived[resource] = twin;
    }
    const spare = await api('/api/v1/sources', { title: 'Архивный пресс-релиз', text: 'Этот текст никто не цитирует.' });
    await archive(`/api/v1/sources/${String(spare.key)}`);
    archived.SourceArticle = String((await t.prisma.sourceArticle.findUniqueOrThrow({ where: { key: String(spare.key) } })).id);
    Object.assign(targets, {
      SourceArticle: String((await t.prisma.sourceArticle.findUniqueOrThrow({ where: { key: String(source.key) } })).id),
      Citation: (await t.prisma.citation.findFirstOrThrow()).id,
      ApiKey: (await t.prisma.apiKey.findFirstOrThrow({ where: { name: 'panel-fixtures' } })).id,
    });
    const transition = await call(base, 'POST', `/api/v1/memoranda/${memorandum}/transitions`, {
      headers: { authorization: write, 'if-match': '"1"' },
      body: { to: 'signed', comment: 'fixture' },
    });
    if (transition.status !== 200) throw new Error(describeReply('POST', 'transitions', transition));
    targets.StatusChange = (await t.prisma.statusChange.findFirstOrThrow()).id;
    targets.WebhookSubscription = await subscribeWebhook(base, write);
    const delivery = await t.prisma.webhookDelivery.create({
      data: {
        subscriptionId: targets.WebhookSubscription,
        eventId: 1n,
        eventType: 'memorandum.created',
        payload: {},
        giveUpAt: new Date(Date.now() + 86_400_000),
      },
    });
    targets.WebhookDelivery = String(delivery.id);

    const users = t.app.get(AdminUsersService);
    await users.create({ email: 'admin@kelisim.test', password: PASSWORD, role: 'admin', name: 'Admin' });
    targets.AdminUser = (await users.create({ email: 'viewer@kelisim.test', password: PASSWORD, role: 'viewer', name: 'Viewer' })).id;
    await users.create({ email: 'editor-a@kelisim.test', password: PASSWORD, role: 'editor', regionPartyId: regionA });
    await users.create({ email: 'editor-b@kelisim.test', password: PASSWORD, role: 'editor', regionPartyId: regionB });
    agents.admin = await panelLogin(t, 'admin@kelisim.test', PASSWORD);
    agents.viewer = await panelLogin(t, 'viewer@kelisim.test', PASSWORD);
    agents['editor of its region'] = await panelLogin(t, 'editor-a@kelisim.test', PASSWORD);
    agents['editor of another region'] = await panelLogin(t, 'editor-b@kelisim.test', PASSWORD);
    actions = await panelActions(agents.admin);
  }, 120_000);
  afterAll(() => t?.close());

  const targetOf = (action: PanelAction) => (action.name === 'restore' ? archived[action.resource] : targets[action.resource]);
  const urlOf = (action: PanelAction) =>
    action.type === 'resource'
      ? `/admin/api/resources/${action.resource}/actions/${action.name}`
      : action.type === 'record'
        ? `/admin/api/resources/${action.resource}/records/${targetOf(action)}/${action.name}`
        : `/admin/api/resources/${action.resource}/bulk/${action.name}?recordIds=${targetOf(action)}`;

  it('lists every resource and action of the panel, with a record to aim at for each resource', () => {
    const resources = [...new Set(actions.map((action) => action.resource))];
    recordFigure(
      SCENARIO,
      'resources × actions',
      `${resources.length} resources, ${actions.length} actions (${actions.filter((action) => !READ_ACTIONS.has(action.name)).length} changing)`,
    );
    expect(resources.filter((resource) => !targets[resource])).toEqual([]);
  });

  it('refuses every change a role may not make (403, or the login page for a GET when not signed in), and nothing changes', async () => {
    const changing = actions.filter((action) => !READ_ACTIONS.has(action.name));
    const before = await tableChecksums(t.database.url);
    const statuses: Record<string, number[]> = {};
    const wrong: string[] = [];
    const forms = new Map<string, Record<string, string>>();
    for (const action of changing) forms.set(urlOf(action), await formFor(action));
    for (const role of ['not signed in', 'viewer', 'editor of another region', 'editor of its region'] as Role[]) {
      statuses[role] = [];
      for (const action of changing.filter((candidate) => !mayChange(role, candidate))) {
        const url = urlOf(action);
        const agent = role === 'not signed in' ? request(t.app.getHttpServer()) : agents[role];
        // GETs of changing actions are tried by the admin in the cross-site test; every role's too at full scale.
        const responses = [...(FULL_SCALE ? [await agent.get(url)] : []), await agent.post(url).type('form').send(forms.get(url))];
        for (const response of responses) {
          statuses[role].push(response.status);
          const method = response.request.method;
          // Not signed in: a change without the session's CSRF token is a 403 before anything else; a GET goes to the login page.
          const toLogin = response.status === 302 && /\/admin\/login/.test(String(response.headers.location));
          const refused = role === 'not signed in' ? toLogin || (method !== 'GET' && response.status === 403) : response.status === 403;
          // A GET of a confirm page or form may show it (200) as long as it changes nothing.
          if (!refused && !(method === 'GET' && response.status === 200 && role !== 'not signed in')) {
            wrong.push(`${role}: ${method} ${url} → ${response.status} ${String(response.headers.location ?? '')} ${noticeOf(response.body)}`);
          }
        }
      }
    }
    const changed = changedTables(before, await tableChecksums(t.database.url));
    for (const [role, list] of Object.entries(statuses)) recordFigure(SCENARIO, `refused: ${role}`, tally(list));
    recordFigure(SCENARIO, 'tables changed by refused requests', changed.length === 0 ? 'none' : changed.join(', '));
    recordFigure(SCENARIO, 'refusals not answered 403', wrong.length);

    expect(changed).toEqual([]);
    expect({ wrong: wrong.length, first: wrong.slice(0, 20) }).toEqual({ wrong: 0, first: [] });
  }, 300_000);

  it('refuses every change sent from another site, and no GET of a changing action changes anything', async () => {
    const changing = actions.filter((action) => !READ_ACTIONS.has(action.name));
    const before = await tableChecksums(t.database.url);
    const statuses: number[] = [];
    const wrong: string[] = [];
    for (const action of changing) {
      const url = urlOf(action);
      const form = await formFor(action);
      for (const headers of CROSS_SITE_HEADERS) {
        const response = await agents.admin.post(url).set(headers).type('form').send(form);
        statuses.push(response.status);
        if (response.status !== 403) wrong.push(`POST ${url} ${JSON.stringify(headers)} → ${response.status} ${noticeOf(response.body)}`);
      }
      // A link on another site: a top-level GET carries the session cookie (SameSite=Lax).
      const link = await agents.admin.get(url).set({ 'Sec-Fetch-Site': 'cross-site' });
      statuses.push(link.status);
    }
    const changed = changedTables(before, await tableChecksums(t.database.url));
    recordFigure(SCENARIO, 'cross-site POSTs and GET links', tally(statuses));
    recordFigure(SCENARIO, 'tables changed by cross-site requests', changed.length === 0 ? 'none' : changed.join(', '));
    expect(changed).toEqual([]);
    expect({ wrong: wrong.length, first: wrong.slice(0, 20) }).toEqual({ wrong: 0, first: [] });
  }, 300_000);

  it('lets an admin make the same changes, and an editor those of its own region', async () => {
    const before = await tableChecksums(t.database.url);
    const outcomes: string[] = [];
    const succeeded = new Set<string>();
    const refusedToAdmin: string[] = [];
    /** Actions no one may run (bulk delete, editing the registers of citations and status changes, …). */
    const refusedToEveryone: string[] = [];
    const editorEdit = await agents['editor of its region']
      .post(urlOf({ resource: 'Memorandum', name: 'edit', type: 'record' }))
      .type('form')
      .send(await formFor({ resource: 'Memorandum', name: 'edit', type: 'record' }));
    expect({ status: editorEdit.status, notice: noticeOf(editorEdit.body) }).toEqual({ status: 200, notice: 'success' });
    // In an order that keeps each next form valid: restoring a twin before archiving what it points at.
    const order = ['new', 'edit', 'changeStatus', 'restore', 'delete'];
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    for (const action of actions.filter((candidate) => !READ_ACTIONS.has(candidate.name)).sort((a, b) => rank(a.name) - rank(b.name))) {
      const response = await agents.admin
        .post(urlOf(action))
        .set({ 'Sec-Fetch-Site': 'same-origin' })
        .type('form')
        .send(await formFor(action));
      const notice = noticeOf(response.body);
      outcomes.push(`${response.status} ${notice}`);
      if (response.status === 200 && notice === 'success') succeeded.add(`${action.resource}.${action.name}`);
      else if (notice === 'error forbiddenError') refusedToEveryone.push(`${action.resource}.${action.name}`);
      else refusedToAdmin.push(`${action.resource}.${action.name} ${response.status} ${notice}`);
    }
    const changed = changedTables(before, await tableChecksums(t.database.url));
    recordFigure(SCENARIO, 'admin control', tally(outcomes));
    recordFigure(SCENARIO, 'tables changed by the admin', changed.length);
    recordFigure(SCENARIO, 'refused to everyone (403)', refusedToEveryone.length);
    recordFigure(SCENARIO, 'refused to the admin otherwise', refusedToAdmin.join(', ') || 'none');
    // Every record type's edit, archive and restore (and status change where it has one), staff edits, key revocation.
    const required = [
      ...ALL_RECORD_TYPES.flatMap((type) => [`${type.adminResource}.edit`, `${type.adminResource}.delete`, `${type.adminResource}.restore`]),
      ...ALL_RECORD_TYPES.filter((type) => type.lifecycle).map((type) => `${type.adminResource}.changeStatus`),
      'AdminUser.edit',
      'ApiKey.revoke',
    ];
    expect(required.filter((name) => !succeeded.has(name))).toEqual([]);
  }, 300_000);

  /** The form a change would send: the record as its edit form loads it (current version), with a field changed. */
  async function formFor(action: PanelAction): Promise<Record<string, string>> {
    const id = targetOf(action);
    if (['delete', 'restore', 'revoke', 'bulkDelete', 'intake'].includes(action.name) || !id)
      return { version: formText(await versionOf(action.resource, id)) };
    const params = await paramsOf(action.resource, id);
    if (action.name === 'changeStatus') {
      const record = await agents.admin.get(`/admin/api/resources/${action.resource}/records/${id}/changeStatus`);
      const allowed = (record.body as { record?: { params?: Record<string, unknown> } }).record?.params ?? {};
      const to = Object.entries(allowed).find(([key]) => key.startsWith('allowedTransitions.'))?.[1] ?? 'cancelled';
      return { to: formText(to), comment: 'Проверка прав', version: formText(params.version ?? '') };
    }
    const form: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) {
      if (['id', 'createdAt', 'updatedAt', 'searchText', 'archivedAt'].includes(key) || (value !== null && typeof value === 'object')) continue;
      form[key] = value === null ? FORM_NULL : formText(value);
    }
    const unique = `${action.name}-${Math.random().toString(36).slice(2, 8)}`;
    for (const field of ['titleEn', 'nameEn', 'title', 'name']) if (field in form || field === 'titleEn') form[field] = `Changed ${unique}`;
    if (action.resource === 'AdminUser')
      Object.assign(form, { role: 'admin', email: action.name === 'new' ? `${unique}@kelisim.test` : form.email, password: 'a-long-password-42' });
    if (action.resource === 'ApiKey') Object.assign(form, { name: unique, scope: 'write' });
    if (action.resource === 'SourceArticle' && action.name === 'new') form.text = `Новый текст ${unique}.`;
    return form;
  }

  async function paramsOf(resource: string, id: string | undefined): Promise<Record<string, unknown>> {
    if (!id) return {};
    for (const page of ['edit', 'show']) {
      const response = await agents.admin.get(`/admin/api/resources/${resource}/records/${id}/${page}`);
      const params = (response.body as { record?: { params?: Record<string, unknown> } }).record?.params;
      if (response.status === 200 && params) return params;
    }
    return {};
  }

  async function versionOf(resource: string, id: string | undefined): Promise<unknown> {
    return (await paramsOf(resource, id)).version ?? '';
  }
});

/** Every action of every resource, from the state the panel hands its own pages (window.REDUX_STATE). */
async function panelActions(admin: PanelAgent): Promise<PanelAction[]> {
  const page = await admin.get('/admin');
  const state = /window\.REDUX_STATE = (\{.*?\});\s*\n/s.exec(page.text)?.[1];
  if (!state) throw new Error(`No REDUX_STATE in the panel's page: ${page.status} ${page.text.slice(0, 200)}`);
  const resources = (JSON.parse(state) as { resources: { id: string; actions: { name: string; actionType: PanelAction['type'] }[] }[] }).resources;
  return resources.flatMap((resource) => resource.actions.map((action) => ({ resource: resource.id, name: action.name, type: action.actionType })));
}

/** A param as a form field carries it. */
function formText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function noticeOf(body: unknown): string {
  const notice = (body as { notice?: { type?: string; message?: string } } | undefined)?.notice;
  return notice ? `${notice.type ?? ''}${notice.type === 'success' ? '' : ` ${notice.message ?? ''}`}` : '';
}
