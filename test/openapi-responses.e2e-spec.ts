// Real responses must be what the OpenAPI document says: a few hundred requests over every resource, every include,
// CSV and .xlsx exports, the change feed, 304 and the error responses (400, 401, 403, 404, 406, 409, 410, 412, 415, 422, 428) are recorded, then each is checked with
// openapi-backend's response validator (ajv) against the live document (test/support/validate-responses.mjs), and no
// check may fail.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { ChangeFeedService } from '../apps/api/src/domain/change-feed.service.js';
import { SYNC_SAFETY_LAG_MS } from '../apps/api/src/domain/sync-order.js';
import { XLSX_TYPE } from '../apps/api/src/http/xlsx.js';
import { bearer } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; schema?: { items?: { enum?: string[] } } }[];
}
interface Sent {
  status: number;
  body: unknown;
  text: string;
  headers: Record<string, string>;
}
interface Exchange extends Sent {
  method: string;
  url: string;
}

/** Checks the exchanges against the document in a child process; returns what failed. */
function validate(document: unknown, exchanges: Exchange[]): { checked: number; violations: string[] } {
  const dir = fs.mkdtempSync(path.join(process.cwd(), '.data', 'openapi-responses-'));
  try {
    fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(document));
    fs.writeFileSync(path.join(dir, 'exchanges.json'), JSON.stringify(exchanges.map(({ body: _body, ...exchange }) => exchange)));
    const script = path.join(process.cwd(), 'test', 'support', 'validate-responses.mjs');
    const result = spawnSync(process.execPath, [script, path.join(dir, 'openapi.json'), path.join(dir, 'exchanges.json')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (result.status !== 0) throw new Error(`validate-responses failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as { checked: number; violations: string[] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('Responses against the OpenAPI document', () => {
  let t: TestApp;
  let document: Json & { paths: Record<string, Record<string, Operation>> };
  let read: string;
  let write: string;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    document = (await request(t.app.getHttpServer()).get('/api/openapi.json').expect(200)).body;
    [read, write] = [await bearer(t, 'read'), await bearer(t, 'write')];
  }, 60_000);
  afterAll(() => t.close());

  /** Sends a request, records its response for the check, and returns it. */
  async function call(
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    url: string,
    options: { body?: object | string; headers?: Record<string, string>; key?: string | null } = {},
  ): Promise<Sent> {
    let pending = request(t.app.getHttpServer())[method](url).buffer(true);
    const key = options.key === undefined ? (method === 'get' ? read : write) : options.key;
    if (key) pending = pending.set('Authorization', key);
    for (const [name, value] of Object.entries(options.headers ?? {})) pending = pending.set(name, value);
    if (options.body !== undefined) pending = pending.send(options.body);
    const response = await pending;
    const sent: Sent = { status: response.status, body: response.body, text: response.text ?? '', headers: response.headers };
    exchanges.push({ method, url, ...sent });
    return sent;
  }

  /** The values the document lists for a query parameter of GET `path` (the includes, the statuses). */
  function queryEnum(path: string, name: string): string[] {
    return document.paths[path]?.get?.parameters?.find((parameter) => parameter.name === name)?.schema?.items?.enum ?? [];
  }

  const created = (sent: Sent) => {
    if (sent.status !== 201) throw new Error(`expected 201, got ${sent.status}: ${sent.text}`);
    return sent.body as Json & { id: string; version: number };
  };
  const etag = (record: { version: number }) => ({ 'If-Match': `"${record.version}"` });

  it('answers a few hundred real requests exactly as documented', async () => {
    // Health probes.
    await call('get', '/health/live', { key: null });
    await call('get', '/health/ready', { key: null });

    // Parties and people, with a region tree, and every error a write can meet.
    const region = created(
      await call('post', '/api/v1/parties', { body: { kind: 'region', nameRu: 'Павлодарская область', nameEn: 'Pavlodar Region', aliases: ['ПО'] } }),
    );
    const city = created(await call('post', '/api/v1/parties', { body: { kind: 'city', nameRu: 'Павлодар', parentId: region.id, countryCode: 'KZ' } }));
    const abroad = created(await call('post', '/api/v1/parties', { body: { kind: 'foreign_region', nameRu: 'Омская область' } }));
    const company = created(await call('post', '/api/v1/parties', { body: { kind: 'organisation', nameKk: 'Сауда үйі' } }));
    const head = created(await call('post', '/api/v1/people', { body: { nameRu: 'Ерик Султанов', partyId: region.id, positionRu: 'Аким' } }));
    const loner = created(await call('post', '/api/v1/people', { body: { nameEn: 'John Smith' } }));

    // Records of every type, linked to each other so that every include has something to embed.
    const visit = created(
      await call('post', '/api/v1/visits', {
        body: { titleRu: 'Визит делегации', visitingPartyId: region.id, hostPartyIds: [abroad.id], delegationHeadId: head.id, startDate: '2025-05-01' },
        headers: { 'Idempotency-Key': 'visit-1' },
      }),
    );
    const replayed = await call('post', '/api/v1/visits', {
      body: { titleRu: 'Визит делегации', visitingPartyId: region.id, hostPartyIds: [abroad.id], delegationHeadId: head.id, startDate: '2025-05-01' },
      headers: { 'Idempotency-Key': 'visit-1' },
    });
    expect(replayed.headers['idempotency-replayed']).toBe('true');
    const laterVisit = created(
      await call('post', '/api/v1/visits', {
        body: { titleEn: 'Return visit', visitingPartyId: abroad.id, hostPartyIds: [region.id, city.id], previousVisitId: visit.id },
      }),
    );
    const memorandum = created(
      await call('post', '/api/v1/memoranda', {
        body: {
          titleRu: 'Меморандум о сотрудничестве',
          parties: [{ partyId: region.id }, { partyId: abroad.id, role: 'participant' }],
          signatories: [{ personId: head.id }],
          visitId: visit.id,
          signedOn: '2025-05-02',
          spheres: ['trade', 'industry'],
          quantity: 2,
        },
      }),
    );
    const draft = created(await call('post', '/api/v1/memoranda', { body: { titleKk: 'Жоба', parties: [{ partyId: company.id }] } }));
    const contract = created(
      await call('post', '/api/v1/contracts', {
        body: {
          titleRu: 'Контракт на поставку',
          parties: [
            { partyId: company.id, role: 'supplier' },
            { partyId: abroad.id, role: 'buyer' },
          ],
          memorandumId: memorandum.id,
          visitId: visit.id,
          amount: '1000000.50',
          currency: 'KZT',
        },
      }),
    );
    const bare = created(await call('post', '/api/v1/contracts', { body: { titleEn: 'Bare contract', parties: [{ partyId: company.id, role: 'supplier' }] } }));
    const followUp = created(
      await call('post', '/api/v1/follow-ups', {
        body: {
          titleRu: 'Провести ярмарку',
          memorandumId: memorandum.id,
          contractId: contract.id,
          visitId: visit.id,
          responsiblePartyId: region.id,
          responsiblePersonId: head.id,
          dueOn: '2025-01-01',
        },
      }),
    );
    const loose = created(await call('post', '/api/v1/follow-ups', { body: { titleEn: 'Send the minutes', contractId: bare.id } }));

    // Sources: a new article, cited by a record entered from it.
    const source = created(
      await call('post', '/api/v1/sources', {
        body: {
          title: 'Павлодар и Омск подписали меморандум',
          text: 'Павлодарская область и Омская область подписали меморандум о сотрудничестве 2 мая 2025 года на 5 млн тенге.',
          language: 'ru',
        },
      }),
    ) as unknown as { key: string; version: number };
    await call('post', `/api/v1/sources/${encodeURIComponent(source.key)}/records`, {
      body: {
        memorandum: {
          titleRu: 'Меморандум из статьи',
          parties: [{ partyId: region.id }],
          sources: [{ article: source.key, quote: 'Павлодарская область и Омская область подписали меморандум' }],
        },
        followUps: [{ titleRu: 'Подготовить план', sources: [{ article: source.key, quote: 'о сотрудничестве' }] }],
      },
    });

    const items: { route: string; record: { id: string; version: number } }[] = [
      { route: 'visits', record: visit },
      { route: 'visits', record: laterVisit },
      { route: 'memoranda', record: memorandum },
      { route: 'memoranda', record: draft },
      { route: 'contracts', record: contract },
      { route: 'contracts', record: bare },
      { route: 'follow-ups', record: followUp },
      { route: 'follow-ups', record: loose },
      { route: 'parties', record: region },
      { route: 'parties', record: city },
      { route: 'people', record: head },
      { route: 'people', record: loner },
    ];

    // Reads: every record alone and with each include, every list with each include, filters, search and CSV.
    for (const { route, record } of items) {
      await call('get', `/api/v1/${route}/${record.id}`);
      const includes = queryEnum(`/api/v1/${route}`, 'include');
      for (const include of includes) await call('get', `/api/v1/${route}/${record.id}?include=${include}`);
      if (includes.length) await call('get', `/api/v1/${route}/${record.id}?include=${includes.join(',')}`);
      await call('get', `/api/v1/${route}/${record.id}/history`);
    }
    for (const route of ['visits', 'memoranda', 'contracts', 'follow-ups', 'parties', 'people', 'sources']) {
      const list = `/api/v1/${route}`;
      await call('get', list);
      await call('get', `${list}?limit=1&offset=1`);
      await call('get', `${list}?q=${encodeURIComponent('Павлодар')}`);
      await call('get', `${list}?includeArchived=true&limit=100`);
      for (const include of queryEnum(list, 'include')) await call('get', `${list}?include=${include}`);
      for (const status of queryEnum(list, 'status')) await call('get', `${list}?status=${status}`);
      await call('get', list, { headers: { Accept: 'text/csv' } });
      await call('get', list, { headers: { Accept: XLSX_TYPE } });
      await call('get', list, { headers: { Accept: 'text/html' } }); // 406
      await call('get', `${list}?limit=abc`);
      await call('get', `${list}?unknown=1`);
      await call('get', list, { key: null });
    }
    // Sync reads of the record lists: a page in sync order (with its Link when full), the next one, ids, refusals.
    await new Promise((resolve) => setTimeout(resolve, SYNC_SAFETY_LAG_MS + 200));
    for (const { route, record } of items) {
      const first = await call('get', `/api/v1/${route}?updatedSince=2000-01-01T00:00:00Z&limit=1&includeArchived=true`);
      const { nextCursor } = (first.body as { meta: { nextCursor: string } }).meta;
      await call('get', `/api/v1/${route}?cursor=${nextCursor}&limit=1`);
      await call('get', `/api/v1/${route}?cursor=${nextCursor}&offset=1`); // 400
      await call('get', `/api/v1/${route}?ids=${record.id},${randomUUID()}`);
      await call('get', `/api/v1/${route}?ids=not-a-uuid`); // 400
    }
    await call('get', `/api/v1/memoranda?sphere=trade,industry&party=${region.id}&region=${region.id}&signedFrom=2025-01-01&visit=${visit.id}`);
    await call('get', `/api/v1/contracts?currency=KZT,RUB&memorandum=${memorandum.id}`);
    await call('get', `/api/v1/follow-ups?overdue=true&responsiblePerson=${head.id}`);
    await call('get', `/api/v1/parties?kind=region,city&parent=${region.id}&country=KZ`);
    await call('get', `/api/v1/sources?language=ru,kk`);
    await call('get', `/api/v1/sources/${encodeURIComponent(source.key)}`);
    await call('get', `/api/v1/sources/${encodeURIComponent(source.key)}/mentions`);
    await call('get', `/api/v1/sources/${encodeURIComponent(source.key)}/history`);
    await call('get', `/api/v1/sources/no-such-source.txt`);
    await call('get', '/api/v1/reports/memoranda');
    await call('get', `/api/v1/reports/memoranda?year=2025&region=${region.id}`);
    await call('get', '/api/v1/reports/follow-ups');

    // Errors every item route can answer.
    for (const route of ['visits', 'memoranda', 'contracts', 'follow-ups', 'parties', 'people']) {
      await call('get', `/api/v1/${route}/${randomUUID()}`); // 404
      await call('get', `/api/v1/${route}/not-a-uuid`); // 400
      await call('post', `/api/v1/${route}`, { body: {} }); // 400
      await call('post', `/api/v1/${route}`, { body: { titleRu: 'x' }, key: read }); // 403
      await call('post', `/api/v1/${route}`, { body: '{"broken', headers: { 'Content-Type': 'application/json' } }); // 400 malformed
    }
    await call('post', '/api/v1/visits', { body: { titleRu: 'Визит', visitingPartyId: randomUUID(), hostPartyIds: [abroad.id] } }); // 422
    await call('post', '/api/v1/follow-ups', { body: { titleRu: 'Дело', memorandumId: randomUUID() } }); // 422
    await call('post', '/api/v1/visits', {
      body: { titleRu: 'Другой визит', visitingPartyId: region.id, hostPartyIds: [abroad.id] },
      headers: { 'Idempotency-Key': 'visit-1' },
    }); // 422 reuse
    await call('post', '/api/v1/parties', { key: 'Bearer not-a-key', body: { kind: 'region', nameRu: 'x' } }); // 401
    for (const { route, record } of items) {
      await call('put', `/api/v1/${route}/${record.id}`, { body: {} }); // 405
      await call('post', `/api/v1/${route}`, { body: 'titleRu=x', headers: { 'Content-Type': 'text/plain' } }); // 415
      const fetched = await call('get', `/api/v1/${route}/${record.id}`);
      await call('get', `/api/v1/${route}/${record.id}`, { headers: { 'If-None-Match': fetched.headers.etag } }); // 304
    }

    // PUT by external id: created (201), create-only on an existing one (412), no If-Match (428), updated (200), 400.
    for (const [route, body] of [
      ['parties', { kind: 'organisation', nameRu: 'Внешняя организация' }],
      ['people', { nameRu: 'Внешнее лицо' }],
    ] as const) {
      const path = `/api/v1/${route}/by-external-id/crm-${route}-1`;
      await call('put', path, { body }); // 201
      await call('put', path, { body, headers: { 'If-None-Match': '*' } }); // 412
      await call('put', path, { body }); // 428
      await call('put', path, { body: { ...body, nameEn: 'External' }, headers: { 'If-Match': '"1"' } }); // 200
      await call('put', `/api/v1/${route}/by-external-id/has%20space`, { body }); // 400
    }

    // Changes: PATCH, a stale version (412), no version (428), transitions allowed and refused (409), archive, restore.
    const current = new Map<string, { id: string; version: number }>();
    for (const { route, record } of items) {
      const naming = route === 'parties' || route === 'people' ? 'nameEn' : 'titleEn';
      const edited = await call('patch', `/api/v1/${route}/${record.id}`, { body: { [naming]: 'Edited' }, headers: etag(record) });
      current.set(record.id, edited.body as { id: string; version: number });
      await call('patch', `/api/v1/${route}/${record.id}`, { body: { [naming]: 'Stale' }, headers: etag(record) }); // 412
      await call('patch', `/api/v1/${route}/${record.id}`, { body: { [naming]: 'Unversioned' } }); // 428
      await call('patch', `/api/v1/${route}/${record.id}`, { body: { [naming]: 'Weak' }, headers: { 'If-Match': `W/"${record.version + 1}"` } }); // 412
      await call('patch', `/api/v1/${route}/${record.id}`, { body: { [naming]: 'Bad tag' }, headers: { 'If-Match': 'three' } }); // 400
      await call('patch', `/api/v1/${route}/${randomUUID()}`, { body: { [naming]: 'Nobody' }, headers: { 'If-Match': '"1"' } }); // 404
    }
    await call('patch', `/api/v1/visits/${visit.id}`, { body: { status: 'completed' }, headers: etag(current.get(visit.id)!) }); // 400
    await call('patch', `/api/v1/memoranda/${memorandum.id}`, { body: { parties: [] }, headers: etag(current.get(memorandum.id)!) }); // 400
    await call('patch', `/api/v1/contracts/${contract.id}`, { body: { amount: '12.345' }, headers: etag(current.get(contract.id)!) }); // 400

    const transitions: [string, { id: string }, string, string][] = [
      ['visits', visit, 'cancelled', 'completed'],
      ['memoranda', memorandum, 'in_progress', 'draft'],
      ['contracts', contract, 'in_execution', 'negotiating'],
      ['follow-ups', followUp, 'done', 'planned'],
    ];
    for (const [route, record, allowed, refused] of transitions) {
      const before = current.get(record.id)!;
      await call('post', `/api/v1/${route}/${record.id}/transitions`, { body: { to: 'no-such-status' }, headers: etag(before) }); // 400
      await call('post', `/api/v1/${route}/${record.id}/transitions`, { body: { to: allowed } }); // 428
      const moved = await call('post', `/api/v1/${route}/${record.id}/transitions`, { body: { to: allowed, comment: 'As agreed' }, headers: etag(before) });
      const after = moved.body as { id: string; version: number };
      await call('post', `/api/v1/${route}/${record.id}/transitions`, { body: { to: refused }, headers: etag(after) }); // 409
      await call('post', `/api/v1/${route}/${record.id}/transitions`, { body: { to: refused }, headers: etag(before) }); // 412
      current.set(record.id, after);
    }
    // A party still referenced cannot be archived (409 with the references); a person nobody points at can.
    await call('delete', `/api/v1/parties/${region.id}`, { headers: etag(current.get(region.id)!) });
    await call('delete', `/api/v1/people/${head.id}`, { headers: etag(current.get(head.id)!) });
    for (const { route, record } of items.filter(({ record }) => [laterVisit.id, draft.id, bare.id, loose.id, loner.id, city.id].includes(record.id))) {
      const archived = (await call('delete', `/api/v1/${route}/${record.id}`, { headers: etag(current.get(record.id)!) })).body as { version: number };
      await call('delete', `/api/v1/${route}/${record.id}`, { headers: etag(archived) }); // 409 already archived
      await call('get', `/api/v1/${route}/${record.id}`);
      await call('get', `/api/v1/${route}/${record.id}/history`);
      await call('post', `/api/v1/${route}/${record.id}/restore`, { headers: etag(current.get(record.id)!) }); // 412
      await call('post', `/api/v1/${route}/${record.id}/restore`, { headers: etag(archived) });
      await call('post', `/api/v1/${route}/${record.id}/restore`, { headers: etag({ version: archived.version + 1 }) }); // 409 not archived
    }
    // Sources: edit, a refused text change of a cited source (409), archive refused while cited.
    const sourceUrl = `/api/v1/sources/${encodeURIComponent(source.key)}`;
    const renamed = (await call('patch', sourceUrl, { body: { title: 'Меморандум Павлодар — Омск' }, headers: etag(source) })).body as { version: number };
    await call('patch', sourceUrl, { body: { text: 'Другой текст.' }, headers: etag(renamed) });
    await call('delete', sourceUrl, { headers: etag(renamed) });
    await call('post', '/api/v1/sources', {
      body: { title: 'Дубликат', text: 'Павлодарская область и Омская область подписали меморандум о сотрудничестве 2 мая 2025 года на 5 млн тенге.' },
    });

    // The change feed of that workload: pages, filters, a malformed cursor (400), then a cursor the purge passed (410).
    const firstChanges = (await call('get', '/api/v1/changes?limit=10')).body as { cursor: string };
    await call('get', `/api/v1/changes?after=${firstChanges.cursor}&types=memorandum.*,*.archived&recordType=memorandum,party,source`);
    await call('get', '/api/v1/changes?after=not-a-cursor'); // 400
    await t.prisma
      .$executeRaw`UPDATE change_event SET occurred_at = now() - interval '1000 days' WHERE id IN (SELECT id FROM change_event ORDER BY xid, id LIMIT 20)`;
    await t.app.get(ChangeFeedService).purgeExpired();
    await call('get', `/api/v1/changes?after=${firstChanges.cursor}`); // 410

    // Webhook subscriptions: create (with and without a secret), list, read, refusals, delete.
    const hook = (await call('post', '/api/v1/webhooks', { body: { url: 'https://crm.example.kz/hooks', events: ['memorandum.*', 'follow_up.overdue'] } }))
      .body as { id: string };
    await call('post', '/api/v1/webhooks', { body: { url: 'https://crm.example.kz/all', events: ['*'], secret: 'a-secret-of-twenty-four-chars' } });
    await call('post', '/api/v1/webhooks', { body: { url: 'ftp://crm.example.kz', events: ['nope'] } }); // 400
    await call('get', '/api/v1/webhooks', { key: write });
    await call('get', `/api/v1/webhooks/${hook.id}`, { key: write });
    await call('get', '/api/v1/webhooks'); // 403 with a read key
    await call('get', `/api/v1/webhooks/${randomUUID()}`, { key: write }); // 404
    await call('delete', `/api/v1/webhooks/${hook.id}`);
    await call('delete', `/api/v1/webhooks/${hook.id}`); // 404

    // A workload worth the name, and nothing in it the document does not say.
    const { checked, violations } = validate(document, exchanges);
    expect(checked).toBeGreaterThan(300);
    expect([...new Set(exchanges.map((exchange) => exchange.status))].sort()).toEqual(
      expect.arrayContaining([200, 201, 204, 304, 400, 401, 403, 404, 406, 409, 410, 412, 415, 422, 428]),
    );
    expect(exchanges.some((exchange) => exchange.headers['content-type']?.startsWith('text/csv'))).toBe(true);
    expect(exchanges.some((exchange) => exchange.headers['content-type'] === XLSX_TYPE && exchange.text.length > 0)).toBe(true);
    expect(violations).toEqual([]);
  }, 240_000);
});
