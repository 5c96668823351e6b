// HTTP semantics the API promises beyond its routes: problem types that resolve to pages, 415 for bodies that are
// not JSON, 405 with Allow for a method a path does not serve, and one message per invalid field.
import request from 'supertest';
import { ProblemType } from '../apps/api/src/infrastructure/errors/problem.js';
import { bearer, createParty, domainRowCounts } from './support/fixtures.js';
import { insertMemorandum } from './support/records.js';
import { problemOf, problemType, recordOf, TEST_PUBLIC_URL } from './support/responses.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('HTTP semantics', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let memorandum: { id: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    const region = await createParty(t, { nameRu: 'Павлодарская область' });
    memorandum = await insertMemorandum(t, { titleRu: 'Меморандум', partyIds: [region.id] });
  });
  afterAll(() => t.close());

  describe('problem types are absolute URIs that resolve to a page describing them', () => {
    const types = Object.entries(ProblemType).filter(([, type]) => type.startsWith('/'));

    it.each(types)('%s (%s)', async (_key, type) => {
      const page = await request(server()).get(type).expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain(`<h1>${type.replace('/problems/', '')}</h1>`);
    });

    it('a problem response carries its type under PUBLIC_URL, and that address is its page', async () => {
      const missing = await request(server()).get('/api/v1/memoranda/00000000-0000-4000-8000-000000000000').set('Authorization', read).expect(404);
      expect(problemOf(missing).type).toBe(`${TEST_PUBLIC_URL}/problems/not-found`);
      await request(server())
        .get(new URL(problemOf(missing).type).pathname)
        .expect(200);
    });

    it('an unknown problem type is a 404 problem', async () => {
      const unknown = await request(server()).get('/problems/no-such-problem').expect(404);
      expect(problemOf(unknown).type).toBe(problemType('not-found'));
    });
  });

  describe('a body that is not application/json is a 415 and changes nothing', () => {
    it.each([
      ['text/plain', 'titleRu=x', 'text/plain'],
      ['form data', 'titleRu=x&quantity=1', 'application/x-www-form-urlencoded'],
      ['application/jsonx', '{"titleRu":"x"}', 'application/jsonx'],
      ['no content type', '{"titleRu":"x"}', ''],
    ])('POST with %s', async (_case, body, contentType) => {
      const before = await domainRowCounts(t);
      const post = request(server()).post('/api/v1/memoranda').set('Authorization', write);
      const response = await (contentType ? post.set('Content-Type', contentType) : post.unset('Content-Type')).send(body);
      expect([response.status, problemOf(response).type]).toEqual([415, problemType('unsupported-media-type')]);
      expect(await domainRowCounts(t)).toEqual(before);
    });

    it('PATCH with form data: 415, the record keeps its version', async () => {
      const response = await request(server())
        .patch(`/api/v1/memoranda/${memorandum.id}`)
        .set('Authorization', write)
        .set('If-Match', '"1"')
        .type('form')
        .send({ titleRu: 'Новое' });
      expect(response.status).toBe(415);
      const stored = recordOf<{ version: number; titleRu: string }>(
        await request(server()).get(`/api/v1/memoranda/${memorandum.id}`).set('Authorization', read),
      );
      expect(stored).toMatchObject({ version: 1, titleRu: 'Меморандум' });
    });

    it('JSON with a charset, and +json types, are JSON', async () => {
      const response = await request(server())
        .post('/api/v1/memoranda')
        .set('Authorization', write)
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ colour: 'red' }));
      expect(response.status).toBe(400);
    });
  });

  describe('a method a path does not serve is a 405 with Allow', () => {
    it.each([
      ['PUT', '/api/v1/memoranda', 'GET, HEAD, POST'],
      ['DELETE', '/api/v1/memoranda', 'GET, HEAD, POST'],
      ['PUT', `/api/v1/memoranda/{id}`, 'DELETE, GET, HEAD, PATCH'],
      ['POST', `/api/v1/memoranda/{id}/history`, 'GET, HEAD'],
      ['PATCH', '/health/live', 'GET, HEAD'],
    ])('%s %s', async (method, path, allow) => {
      const url = path.replace('{id}', memorandum.id);
      const response = await request(server())[method.toLowerCase() as 'put'](url).set('Authorization', write);
      expect([response.status, response.headers.allow, problemOf(response).type]).toEqual([405, allow, problemType('method-not-allowed')]);
    });

    it('a path no route serves stays a 404', async () => {
      const response = await request(server()).put('/api/v1/nothing-here').set('Authorization', write);
      expect([response.status, response.headers.allow]).toEqual([404, undefined]);
    });
  });

  it('the ETag covers what the answer embeds: renaming a party changes the ETag of a memorandum naming it, not its version', async () => {
    const party = await createParty(t, { nameRu: 'Омская область', kind: 'foreign_region' });
    const own = await createParty(t, { nameRu: 'Акмолинская область' });
    const signed = await insertMemorandum(t, { titleRu: 'Меморандум с Омском', partyIds: [own.id, party.id] });
    const url = `/api/v1/memoranda/${signed.id}`;
    const before = await request(server()).get(url).set('Authorization', read).expect(200);
    await request(server()).get(url).set('Authorization', read).set('If-None-Match', before.headers.etag).expect(304);

    await request(server()).patch(`/api/v1/parties/${party.id}`).set('Authorization', write).set('If-Match', '"1"').send({ nameRu: 'Омская обл.' }).expect(200);
    const after = await request(server()).get(url).set('Authorization', read).set('If-None-Match', before.headers.etag).expect(200);
    expect(JSON.stringify(after.body)).toContain('Омская обл.');
    expect(recordOf<{ version: number }>(after).version).toBe(1);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    await request(server()).get(url).set('Authorization', read).set('If-None-Match', after.headers.etag).expect(304);
    // If-Match guards the memorandum's own state: the tag read before the rename still names its version.
    await request(server()).patch(url).set('Authorization', write).set('If-Match', before.headers.etag).send({ titleEn: 'Memorandum with Omsk' }).expect(200);
  });

  it.each([
    ['limit=abc', 'limit'],
    ['limit=1000', 'limit'],
    ['offset=-1', 'offset'],
    ['signedFrom=yesterday', 'signedFrom'],
  ])('one message per invalid field: %s', async (query, field) => {
    const response = await request(server()).get(`/api/v1/memoranda?${query}`).set('Authorization', read).expect(400);
    expect(problemOf(response).errors?.map((error) => error.field)).toEqual([field]);
  });
});
