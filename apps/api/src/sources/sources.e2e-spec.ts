import { createHash } from 'node:crypto';
import request from 'supertest';
import { bearer, createParty } from '../../../../test/support/fixtures.js';
import { insertCitation, insertContract, insertMemorandum, insertVisit } from '../../../../test/support/records.js';
import { pageOf } from '../../../../test/support/responses.js';
import { sourceSearchText } from './sources.service.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

const sha256Of = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const VKO_TEXT = 'ВКО и СКО укрепляют межрегиональное сотрудничество. В завершение совещания было подписано 10 меморандумов.';

describe('/api/v1/sources', () => {
  let t: TestApp;
  let read: string;
  let ids: { visit: string; memorandum: string; contract: string; followUp: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    read = await bearer(t, 'read');
    const articles = [
      {
        key: '003_95d8b3d6152c2cac.txt',
        language: 'ru',
        title: 'ВКО и СКО укрепляют межрегиональное сотрудничество',
        outlet: '16news.kz',
        publishedOn: '2016-06-10',
        precision: 'day',
        text: VKO_TEXT,
      },
      {
        key: '001_12f8570693e90b5d.txt',
        language: 'kk',
        title: 'Шығыс Қазақстан мен Самара облысы ынтымақтастығы',
        outlet: null,
        publishedOn: '2018-11-01',
        precision: 'month',
        text: 'Қазақ тіліндегі мәтін.',
      },
      {
        key: '002_67de2c8af0dd1755.txt',
        language: 'en',
        title: 'Trade with Altai Krai',
        outlet: 'example.com',
        publishedOn: null,
        precision: 'unknown',
        text: 'English text.',
      },
    ] as const;
    for (const article of articles) {
      await t.prisma.sourceArticle.create({
        data: {
          key: article.key,
          language: article.language,
          title: article.title,
          outlet: article.outlet,
          url: article.outlet ? `https://${article.outlet}/a` : null,
          publishedOn: article.publishedOn ? new Date(`${article.publishedOn}T00:00:00Z`) : null,
          publishedOnPrecision: article.precision,
          text: article.text,
          sha256: sha256Of(article.text),
          searchText: sourceSearchText(article.title, article.key),
        },
      });
    }
    const vko = await createParty(t, { nameRu: 'ВКО' });
    const visit = await insertVisit(t, { titleRu: 'Визит', visitingPartyId: vko.id });
    const memorandum = await insertMemorandum(t, { titleRu: 'Меморандумы', partyIds: [vko.id] });
    const contract = await insertContract(t, { titleRu: 'Контракт' });
    const followUp = await t.prisma.followUp.create({ data: { titleRu: 'Поручение', memorandumId: memorandum.id }, select: { id: true } });
    ids = { visit: visit.id, memorandum: memorandum.id, contract: contract.id, followUp: followUp.id };
    await insertCitation(t, '003_95d8b3d6152c2cac.txt', 'было подписано 10 меморандумов', { memorandumId: memorandum.id });
    await insertCitation(t, '003_95d8b3d6152c2cac.txt', 'ВКО и СКО укрепляют', { visitId: visit.id });
    await insertCitation(t, '003_95d8b3d6152c2cac.txt', 'межрегиональное сотрудничество', { contractId: contract.id });
    await insertCitation(t, '003_95d8b3d6152c2cac.txt', 'подписано 10', { followUpId: followUp.id });
  });
  afterAll(() => t.close());

  function list(query: Record<string, string | number> = {}) {
    return request(server()).get('/api/v1/sources').query(query).set('Authorization', read).expect(200);
  }

  const keys = (response: request.Response) => pageOf<{ key: string }>(response).data.map((article) => article.key);

  it('lists articles by key without their text, with citation counts', async () => {
    const response = await list();
    expect(response.body.meta).toEqual({ total: 3, limit: 20, offset: 0 });
    expect(keys(response)).toEqual(['001_12f8570693e90b5d.txt', '002_67de2c8af0dd1755.txt', '003_95d8b3d6152c2cac.txt']);
    const vko = response.body.data[2];
    expect(vko).toEqual({
      key: '003_95d8b3d6152c2cac.txt',
      language: 'ru',
      title: 'ВКО и СКО укрепляют межрегиональное сотрудничество',
      outlet: '16news.kz',
      url: 'https://16news.kz/a',
      publishedOn: '2016-06-10',
      publishedOnPrecision: 'day',
      sha256: sha256Of(VKO_TEXT),
      citationCount: 4,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      archivedAt: null,
    });
    expect(pageOf<Record<string, unknown>>(response).data.every((article) => !('text' in article))).toBe(true);
    expect(response.body.data[0].citationCount).toBe(0);
  });

  it('filters by language and title, sorts by publication date with undated last, and paginates', async () => {
    expect(keys(await list({ language: 'kk,en' }))).toEqual(['001_12f8570693e90b5d.txt', '002_67de2c8af0dd1755.txt']);
    expect(keys(await list({ q: 'самара облыс' }))).toEqual(['001_12f8570693e90b5d.txt']);
    expect(keys(await list({ q: 'межрегиональн' }))).toEqual(['003_95d8b3d6152c2cac.txt']);
    expect(keys(await list({ q: 'ALTAI' }))).toEqual(['002_67de2c8af0dd1755.txt']);
    // A Kazakh title is found by its own letters and by their Russian look-alikes (a Russian keyboard has no Қ).
    expect(keys(await list({ q: 'Шығыс Қазақстан' }))).toEqual(['001_12f8570693e90b5d.txt']);
    expect(keys(await list({ q: 'ынтымактастыгы' }))).toEqual(['001_12f8570693e90b5d.txt']);
    // And by its file name.
    expect(keys(await list({ q: '002_67DE' }))).toEqual(['002_67de2c8af0dd1755.txt']);
    expect((await list({ q: '%' })).body.meta.total).toBe(0);
    expect(keys(await list({ sort: 'publishedOn' }))).toEqual(['003_95d8b3d6152c2cac.txt', '001_12f8570693e90b5d.txt', '002_67de2c8af0dd1755.txt']);
    expect(keys(await list({ sort: '-publishedOn' }))).toEqual(['001_12f8570693e90b5d.txt', '003_95d8b3d6152c2cac.txt', '002_67de2c8af0dd1755.txt']);
    expect(keys(await list({ sort: '-key', limit: 1, offset: 1 }))).toEqual(['002_67de2c8af0dd1755.txt']);
  });

  it('returns one article with its full text and every citation with the record it supports', async () => {
    const response = await request(server()).get('/api/v1/sources/003_95d8b3d6152c2cac.txt').set('Authorization', read).expect(200);
    expect(response.body).toMatchObject({ key: '003_95d8b3d6152c2cac.txt', text: VKO_TEXT, citationCount: 4 });
    // Citations written in the same millisecond have no defined order between them.
    expect(response.body.citations).toHaveLength(4);
    expect(response.body.citations).toEqual(
      expect.arrayContaining([
        { quote: 'было подписано 10 меморандумов', recordType: 'memorandum', recordId: ids.memorandum },
        { quote: 'ВКО и СКО укрепляют', recordType: 'visit', recordId: ids.visit },
        { quote: 'межрегиональное сотрудничество', recordType: 'contract', recordId: ids.contract },
        { quote: 'подписано 10', recordType: 'follow_up', recordId: ids.followUp },
      ]),
    );
    const uncited = await request(server()).get('/api/v1/sources/002_67de2c8af0dd1755.txt').set('Authorization', read).expect(200);
    expect(uncited.body).toMatchObject({ text: 'English text.', citations: [], publishedOn: null, publishedOnPrecision: 'unknown' });
  });

  it('answers 404 for an unknown key', async () => {
    const missing = await request(server()).get('/api/v1/sources/999_nope.txt').set('Authorization', read).expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body.detail).toMatch(/999_nope\.txt/);
    await request(server())
      .get(`/api/v1/sources/${'x'.repeat(300)}`)
      .set('Authorization', read)
      .expect(404);
  });

  it('refuses anonymous reads and changes by read-only keys', async () => {
    await request(server()).get('/api/v1/sources').expect(401);
    await request(server()).post('/api/v1/sources').set('Authorization', read).send({ title: 'x', text: 'y' }).expect(403);
    await request(server())
      .patch('/api/v1/sources/003_95d8b3d6152c2cac.txt')
      .set('Authorization', read)
      .set('If-Match', '"1"')
      .send({ title: 'x' })
      .expect(403);
  });

  it('rejects unknown query parameters and out-of-range pages', async () => {
    for (const query of ['colour=red', 'includeArchived=maybe', 'limit=101', 'limit=0', 'offset=-1', 'sort=title', 'language=de']) {
      await request(server()).get(`/api/v1/sources?${query}`).set('Authorization', read).expect(400);
    }
  });

  it('exports CSV with a BOM and the same filters', async () => {
    const response = await request(server()).get('/api/v1/sources?language=ru').set('Authorization', read).set('Accept', 'text/csv').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.text.charCodeAt(0)).toBe(0xfeff);
    const lines = response.text.slice(1).trim().split('\r\n');
    expect(lines).toEqual([
      'key,language,title,outlet,url,published_on,published_on_precision,sha256,citation_count',
      `003_95d8b3d6152c2cac.txt,ru,ВКО и СКО укрепляют межрегиональное сотрудничество,16news.kz,https://16news.kz/a,2016-06-10,day,${sha256Of(VKO_TEXT)},4`,
    ]);
  });
});
