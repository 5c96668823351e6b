// "No request an integrator can send produces a 500, and a rejected one changes nothing": hostile input against every
// resource, on the seeded register. Each case must be a 4xx problem, and the database must be exactly as before.
import path from 'node:path';
import request from 'supertest';
import { ALL_RECORD_TYPES, delegateOf } from '../apps/api/src/domain/record-types.js';
import { SeedService } from '../apps/api/src/seed/seed.service.js';
import { bearer, domainRowCounts } from './support/fixtures.js';
import { bodiesOf, bodyFixtures } from './support/record-bodies.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Every record resource, from the registry: a new record type is attacked too. */
const RESOURCES = ALL_RECORD_TYPES.map((type) => type.route);
const MISSING = '00000000-0000-4000-8000-000000000000';

const HOSTILE_BODIES: unknown[] = [
  [],
  'just a string',
  42,
  null,
  { titleRu: ['array', 'not', 'string'] },
  { titleRu: { nested: 'object' } },
  { titleRu: 'x'.repeat(100_000) },
  { titleRu: 'x', quantity: 1e308 },
  { titleRu: 'x', quantity: -1 },
  { titleRu: 'x', quantity: '7' },
  { titleRu: 'x', amount: 'NaN', currency: 'KZT' },
  { titleRu: 'x', amount: '1e400', currency: 'KZT' },
  { titleRu: 'x', signedOn: '2016-06-10T12:00:00Z' },
  { titleRu: 'x', dueOn: '0000-00-00' },
  { titleRu: 'x', startDate: '99999-01-01' },
  { titleRu: 'x', visitId: 'not-a-uuid' },
  { titleRu: 'x', visitId: MISSING, memorandumId: MISSING, contractId: MISSING, partyId: MISSING, parentId: MISSING },
  { titleRu: 'x', visitingPartyId: MISSING, hostPartyIds: [MISSING] },
  { titleRu: 'x', parties: [{ partyId: MISSING, role: 'supplier' }] },
  { titleRu: 'x', parties: 'all of them' },
  // An array inside a list of objects passed validation and reached the service: a 500 (found by the torture fuzz).
  { titleRu: 'x', parties: [[]] },
  { titleRu: 'x', sources: [[]] },
  { titleRu: 'x', sources: [{ article: '../../etc/passwd', quote: 'root' }] },
  { titleRu: 'x', sources: [{}] },
  // A list is replaced by what is sent: null is neither "leave it" nor "empty it", so it is refused.
  { titleRu: 'x', sources: null },
  { titleRu: 'x', parties: null },
  { titleRu: 'x', signatories: null },
  { titleRu: 'x', sources: Array.from({ length: 51 }, () => ({ article: 'a.txt', quote: 'q' })) },
  { nameRu: 'x', kind: 'planet' },
  { nameRu: 'x', kind: 'region', countryCode: 'kz1' },
  { titleRu: 'x', status: 'bogus' },
  { titleRu: 'x', constructor: { prototype: { polluted: true } } },
  { 'titleRu\u0000': 'x' },
  // Sent as raw JSON: in an object literal, __proto__ would set the prototype rather than a key.
  '{"titleRu":"x","__proto__":{"admin":true}}',
  // A lone surrogate is not a character: PostgreSQL refuses it in text. In a value and in a key.
  '{"titleRu":"\\ud800"}',
  '{"nameRu":"\\udc00x","kind":"organisation"}',
  '{"titleRu":"x","\\ud800":"y"}',
  // Nesting far deeper than any body of ours, which used to exhaust the stack of the hygiene check.
  `{"titleRu":"x","note":${'['.repeat(1500)}${']'.repeat(1500)}}`,
  `{"titleRu":"x","sources":[${'{"a":'.repeat(40)}1${'}'.repeat(40)}]}`,
];

const HOSTILE_QUERIES = [
  'limit=abc',
  'limit=1e3',
  'limit=-5',
  'offset=1e100',
  'sort=-',
  'sort=id;drop table memorandum',
  'status=',
  'q=%25%27%22%3B',
  'q=' + 'я'.repeat(500),
  'party=x',
  'region=' + MISSING,
  'from=2016-02-30',
  'overdue=maybe',
  'includeArchived=yes',
  'include=everything',
  'limit=1&limit=2',
  'q[]=a',
  'q[$ne]=1',
];

/** Strings that look like JSON objects are sent as they are; everything else is serialised. */
const raw = (body: unknown) => (typeof body === 'string' && body.startsWith('{') ? body : JSON.stringify(body));

describe('hostile input', () => {
  let t: TestApp;
  let write: string;
  let read: string;

  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT: '1mb' });
    await t.app.get(SeedService).run(path.join(process.cwd(), 'prisma', 'seed'));
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    // A record of every type to attack: a type the seed has none of gets one from the shared create bodies.
    const fixtures = bodyFixtures();
    for (const type of ALL_RECORD_TYPES) {
      if (await delegateOf(t.prisma, type.model).count()) continue;
      await request(t.app.getHttpServer())
        .post(`/api/v1/${type.route}`)
        .set('Authorization', write)
        .send(await bodiesOf(type).create(t, fixtures))
        .expect(201);
    }
  }, 120_000);
  afterAll(() => t.close());

  it('never answers a write with a 5xx, and writes nothing', async () => {
    const before = await domainRowCounts(t);
    const server = t.app.getHttpServer();
    const failures: string[] = [];
    for (const resource of RESOURCES) {
      const existing = (await request(server).get(`/api/v1/${resource}?limit=1`).set('Authorization', read)).body.data[0];
      for (const body of HOSTILE_BODIES) {
        const attempts: [string, request.Test][] = [
          ['POST', request(server).post(`/api/v1/${resource}`).set('Authorization', write).set('Content-Type', 'application/json').send(raw(body))],
          [
            'PATCH',
            request(server)
              .patch(`/api/v1/${resource}/${existing.id}`)
              .set('Authorization', write)
              .set('If-Match', `"${existing.version}"`)
              .set('Content-Type', 'application/json')
              .send(raw(body)),
          ],
        ];
        for (const [method, attempt] of attempts) {
          const response = await attempt;
          const acceptable = response.status >= 400 && response.status < 500 && /application\/problem\+json/.test(response.headers['content-type'] ?? '');
          if (!acceptable) failures.push(`${method} ${resource} ${raw(body).slice(0, 80)} → ${response.status}`);
        }
      }
      // None of these may match version 1 (RFC 9110: * and a list containing "1" would, rightly).
      for (const ifMatch of ['', '"1", *', 'W/*', '1', 'W/"x"', 'W/"1"', '"-1"', '"99999999999"', '"2", "3"']) {
        const response = await request(server).delete(`/api/v1/${resource}/${existing.id}`).set('Authorization', write).set('If-Match', ifMatch);
        if (response.status < 400 || response.status >= 500) failures.push(`DELETE ${resource} If-Match ${ifMatch} → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await domainRowCounts(t)).toEqual(before);
  }, 120_000);

  it('never answers a read with a 5xx', async () => {
    const server = t.app.getHttpServer();
    const failures: string[] = [];
    for (const resource of [...RESOURCES, 'sources']) {
      for (const query of HOSTILE_QUERIES) {
        const response = await request(server).get(`/api/v1/${resource}?${query}`).set('Authorization', read);
        if (response.status >= 500) failures.push(`GET ${resource}?${query} → ${response.status}`);
      }
      for (const id of ['%00', '..%2F..%2Fetc', 'a'.repeat(2000), MISSING]) {
        const response = await request(server).get(`/api/v1/${resource}/${id}`).set('Authorization', read);
        if (response.status >= 500 || response.status < 400) failures.push(`GET ${resource}/${id.slice(0, 20)} → ${response.status}`);
      }
    }
    for (const report of ['memoranda?year=abc', 'memoranda?region=x', 'follow-ups?region=' + MISSING, 'nothing']) {
      const response = await request(server).get(`/api/v1/reports/${report}`).set('Authorization', read);
      if (response.status >= 500) failures.push(`GET reports/${report} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses non-JSON bodies and content types it cannot read', async () => {
    const server = t.app.getHttpServer();
    const before = await domainRowCounts(t);
    const xml = await request(server).post('/api/v1/memoranda').set('Authorization', write).set('Content-Type', 'application/xml').send('<memo/>');
    expect(xml.status).toBeGreaterThanOrEqual(400);
    expect(xml.status).toBeLessThan(500);
    const form = await request(server).post('/api/v1/memoranda').set('Authorization', write).type('form').send({ titleRu: 'x' });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
    expect(await domainRowCounts(t)).toEqual(before);
  });
});
