// Torture: every secured operation of the OpenAPI document × every kind of credential (none, malformed, unknown,
// revoked, read scope, write scope). The requests are ones that would succeed with the right key (real records,
// current versions, valid bodies): refused ones must change no row of any table, and the same requests with a
// write key must get past authentication, which shows the refused ones were real writes.
import { ApiKeysService } from '../../apps/api/src/auth/api-keys.service.js';
import { ALL_RECORD_TYPES } from '../../apps/api/src/domain/record-types.js';
import { bearer } from '../support/fixtures.js';
import { bodiesOf, bodyFixtures, updateBodyOf } from '../support/record-bodies.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { changedTables, tableChecksums } from './checksum.js';
import { recordFigure, tally } from './figures.js';
import { call, describeReply, fieldsOf, listen, type Reply } from './http.js';
import { fillPath, type Operation, operationsOf, readOpenApi, targetsOf } from './openapi-operations.js';
import { loadRegister, subscribeWebhook } from './register.js';

const SCENARIO = 'authorization';

interface PlannedRequest {
  operation: Operation;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

const CREDENTIALS = ['none', 'not bearer', 'bearer without key', 'junk key', 'unknown klsm key', 'revoked write key', 'read key'] as const;
type Credential = (typeof CREDENTIALS)[number];

describe('torture: the API authorization matrix', () => {
  let t: TestApp;
  let base: string;
  const authorization = {} as Record<Credential | 'write key', string | undefined>;

  beforeAll(async () => {
    // The matrix is about the key guard: the per-address limit on failed authentication (limits spec) is set out of reach.
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '10000000', AUTH_FAILURES_PER_MINUTE: '10000000' });
    base = await listen(t.app);
    await loadRegister(t, base);
    const keys = t.app.get(ApiKeysService);
    await keys.create('revoked-writer', 'write').then(({ secret }) => (authorization['revoked write key'] = `Bearer ${secret}`));
    await keys.revoke('revoked-writer');
    Object.assign(authorization, {
      none: undefined,
      'not bearer': 'Basic YWRtaW46YWRtaW4=',
      'bearer without key': 'Bearer',
      'junk key': 'Bearer ' + 'x'.repeat(64),
      'unknown klsm key': 'Bearer klsm_AAAAAAAA_' + 'A'.repeat(43),
      'read key': await bearer(t, 'read', 'matrix-read'),
      'write key': await bearer(t, 'write', 'matrix-write'),
    });
    // Webhook subscriptions belong to the key that made them: the write key gets one to aim at.
    await subscribeWebhook(base, authorization['write key']!);
  }, 120_000);
  afterAll(() => t?.close());

  it('refuses every credential but the right one on every route, and a refused request changes no row', async () => {
    const operations = operationsOf(await readOpenApi(base)).filter((operation) => operation.secured);
    const planned = await plan(operations);
    const before = await tableChecksums(t.database.url);

    const wrong: string[] = [];
    const outcomes: Record<string, number[]> = {};
    for (const credential of CREDENTIALS) {
      outcomes[credential] = [];
      for (const request of planned) {
        const reply = await send(request, authorization[credential]);
        outcomes[credential].push(reply.status);
        const expected = expectation(credential, request.operation);
        if (!expected.includes(reply.status) || (reply.status >= 400 && !isProblem(reply))) {
          wrong.push(`${credential}: expected ${expected.join(' or ')}: ${describeReply(request.operation.method, request.path, reply)}`);
        }
        if (reply.status === 401 && !reply.headers.get('www-authenticate')) wrong.push(`${credential}: 401 without WWW-Authenticate on ${request.path}`);
      }
    }
    const changed = changedTables(before, await tableChecksums(t.database.url));

    // The control: the same requests with the write key get past authentication and do write.
    const control: number[] = [];
    for (const request of planned) {
      const reply = await send(request, authorization['write key']);
      control.push(reply.status);
      if ([401, 403].includes(reply.status) || reply.status >= 500) wrong.push(`write key: ${describeReply(request.operation.method, request.path, reply)}`);
    }
    const controlWrites = planned.filter((request, index) => request.operation.writes && control[index] < 300).length;
    const controlChanged = changedTables(before, await tableChecksums(t.database.url));

    recordFigure(SCENARIO, 'operations × credentials', `${planned.length} × ${CREDENTIALS.length + 1}`);
    for (const credential of CREDENTIALS) recordFigure(SCENARIO, credential, tally(outcomes[credential]));
    recordFigure(SCENARIO, 'write key (control)', tally(control));
    recordFigure(SCENARIO, 'tables changed by refused requests', changed.length === 0 ? 'none' : changed.join(', '));
    recordFigure(
      SCENARIO,
      'control writes that succeeded',
      `${controlWrites} of ${planned.filter((request) => request.operation.writes).length}, ${controlChanged.length} tables changed`,
    );

    expect({ wrong: wrong.length, first: wrong.slice(0, 20) }).toEqual({ wrong: 0, first: [] });
    expect(changed).toEqual([]);
    // The requests were real: most writes succeed with the write key (some cannot, e.g. restoring a live record).
    expect(controlWrites).toBeGreaterThan(planned.filter((request) => request.operation.writes).length / 2);
  }, 300_000);

  /** Bad credentials: 401 (429 once the failed-auth limit per address applies). A read key: reads only. */
  function expectation(credential: Credential, operation: Operation): number[] {
    if (credential === 'read key') return operation.requiredScope === 'write' ? [403] : [200];
    return [401, 429];
  }

  function send(request: PlannedRequest, credential: string | undefined): Promise<Reply> {
    const headers = { ...request.headers, ...(credential === undefined ? {} : { authorization: credential }) };
    return call(base, request.operation.method, request.path, { headers, body: request.body });
  }

  /** A request per operation that the write key could make succeed: a real record, its version, a valid body. */
  async function plan(operations: Operation[]): Promise<PlannedRequest[]> {
    const reader = authorization['read key']!;
    const targets = await targetsOf(base, operations, { read: reader, write: authorization['write key']! }, 30);
    const fixtures = bodyFixtures();
    const used = new Map<string, number>();
    const planned: PlannedRequest[] = [];
    for (const operation of operations) {
      const collection = /^(.*)\/\{\w+\}/.exec(operation.path)?.[1];
      // Each write gets a record of its own, so that one control write does not spoil the next one's version.
      const index = collection ? (used.get(collection) ?? 0) : 0;
      if (collection && operation.writes) used.set(collection, index + 1);
      const target = collection ? targets.get(collection)?.[index % (targets.get(collection)?.length ?? 1)] : undefined;
      const headers: Record<string, string> = {};
      if (operation.headers.includes('if-match') && target) headers['if-match'] = `"${target.version}"`;
      const type = ALL_RECORD_TYPES.find((candidate) => operation.path.startsWith(`/api/v1/${candidate.route}`));
      let body: unknown;
      if (operation.body) {
        if (operation.path.endsWith('/transitions') && target) {
          const record = await call(base, 'GET', `${collection}/${Object.values(target.params)[0]}`, { headers: { authorization: reader } });
          body = { to: ((fieldsOf(record).allowedTransitions as string[] | undefined) ?? [])[0] ?? 'nowhere', comment: 'matrix' };
        } else if (type && operation.method === 'POST' && !collection) body = await bodiesOf(type).create(t, fixtures);
        else if (type && operation.method === 'PATCH') body = updateBodyOf(type);
        else if (operation.path === '/api/v1/sources' && operation.method === 'POST')
          body = { title: 'Матрица', text: `Текст для проверки прав ${Date.now()}.` };
        else if (operation.method === 'PATCH') body = { title: 'Матрица прав' };
        else body = {};
      }
      planned.push({ operation, path: fillPath(operation.path, target?.params ?? {}), headers, body });
    }
    return planned;
  }
});

function isProblem(reply: Reply): boolean {
  return /^application\/problem\+json/.test(reply.headers.get('content-type') ?? '');
}
