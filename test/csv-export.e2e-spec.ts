// CSV exports stream from a keyset cursor: over real HTTP on loopback against real PostgreSQL, an export of thousands
// of rows reads the database only as the client reads the file, leaves /health/live answering, writes exactly the bytes
// the old in-memory export wrote, and stops when the client goes away.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { FOLLOW_UP_CSV_COLUMNS } from '../apps/api/src/follow-ups/follow-up.csv.js';
import type { FollowUpDto } from '../apps/api/src/follow-ups/follow-up.dto.js';
import type { CsvColumn, CsvValue } from '../apps/api/src/http/csv.js';
import { bearer, createParty } from './support/fixtures.js';
import { insertMemorandum } from './support/records.js';
import { pageOf } from './support/responses.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const ROWS = 5000;
/** Wide titles (about 1 KB a row in kk, ru and en), so the file is far larger than what socket buffers hold. */
const WIDE = 'Тапсырма бойынша жұмыс тобы құрылды және жоспар бекітілді '.repeat(3);

/** The export as main built it before it streamed (http/csv.ts then): the reference for identical output. */
function legacyCsv<T>(rows: T[], columns: CsvColumn<T>[]): string {
  const escape = (value: CsvValue): string => {
    if (value === null || value === undefined) return '';
    let text = Array.isArray(value) ? value.join('; ') : value instanceof Date ? value.toISOString() : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.map((column) => escape(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => escape(column.value(row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

describe('CSV export', () => {
  let t: TestApp;
  let read: string;
  let base: string;
  let memorandumId: string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    read = await bearer(t, 'read');
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const party = await createParty(t, { nameRu: 'Восточно-Казахстанская область' });
    memorandumId = (await insertMemorandum(t, { titleRu: 'Меморандум о сотрудничестве', partyIds: [party.id] })).id;
    // Every row dated, so that an undated row added later sorts after all of them (dueOn, undated last).
    await t.prisma.$executeRaw`
      INSERT INTO follow_up (id, title_kk, title_ru, title_en, memorandum_id, responsible_party_id, status, due_on, due_on_precision, updated_at)
      SELECT gen_random_uuid(), ${WIDE} || g, 'Поручение ' || g || ' ' || ${WIDE}, 'Follow-up ' || g || ' ' || ${WIDE},
             ${memorandumId}::uuid, ${party.id}::uuid,
             (ARRAY['planned', 'in_progress', 'done', 'cancelled'])[1 + g % 4]::"FollowUpStatus",
             DATE '2026-01-01' + (g % 400), 'day', now()
      FROM generate_series(1, ${ROWS}) g`;
  }, 60_000);
  afterAll(() => t.close());

  /** GET with Accept: text/csv over a real socket; `onFirstChunk` runs (and may pause or destroy) at the first bytes. */
  function exportCsv(path: string, onFirstChunk?: (response: http.IncomingMessage, request: http.ClientRequest) => void | Promise<void>) {
    const started = performance.now();
    return new Promise<{ text: string; firstByteMs: number; totalMs: number; chunks: number }>((resolve, reject) => {
      const outgoing = http.get(`${base}${path}`, { headers: { Authorization: read, Accept: 'text/csv' } }, (response) => {
        const chunks: Buffer[] = [];
        let firstByteMs = 0;
        response.on('data', (chunk: Buffer) => {
          if (!chunks.length) {
            firstByteMs = performance.now() - started;
            void onFirstChunk?.(response, outgoing);
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ text: Buffer.concat(chunks).toString('utf8'), firstByteMs, totalMs: performance.now() - started, chunks: chunks.length }),
        );
        response.on('error', reject);
      });
      outgoing.on('error', reject);
    });
  }

  it('reads the database as the client reads the file: a row added after the first bytes arrived is in it', async () => {
    const late = `Поздняя запись ${Math.random().toString(36).slice(2)}`;
    const result = await exportCsv('/api/v1/follow-ups', async (response) => {
      response.pause();
      await t.prisma.followUp.create({ data: { titleRu: late, memorandumId, searchText: late.toLowerCase() } });
      response.resume();
    });
    const lines = result.text.trimEnd().split('\r\n');
    console.log(
      `export of ${lines.length - 1} rows, ${(result.text.length / 1e6).toFixed(1)} M characters: first bytes after ${result.firstByteMs.toFixed(0)} ms, all after ${result.totalMs.toFixed(0)} ms, ${result.chunks} chunks`,
    );
    expect(lines[0].startsWith('\uFEFFid,status,overdue,')).toBe(true);
    expect(lines).toHaveLength(ROWS + 2);
    expect(lines[lines.length - 1]).toContain(late);
  });

  it('keeps /health/live answering while an export runs', async () => {
    const latencies: number[] = [];
    let done = false;
    const exporting = exportCsv('/api/v1/follow-ups?sort=-status').finally(() => (done = true));
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    while (!done) {
      const started = performance.now();
      await request(base).get('/health/live').expect(200);
      latencies.push(performance.now() - started);
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const result = await exporting;
    const worst = Math.max(...latencies);
    console.log(
      `/health/live polled ${latencies.length} times during a ${result.totalMs.toFixed(0)} ms export of ${(result.text.length / 1e6).toFixed(1)} M characters: worst ${worst.toFixed(0)} ms; heap (test and server together) peaked ${((heapPeak - heapBefore) / 1e6).toFixed(0)} MB above its start`,
    );
    expect(result.text.trimEnd().split('\r\n').length).toBeGreaterThan(ROWS);
    expect(latencies.length).toBeGreaterThan(1);
    // A generous bound for a loaded 2-core machine; the old export held the event loop for the whole file (17 s seen).
    expect(worst).toBeLessThan(2000);
  });

  it('writes the same bytes as the old in-memory export, with the same filters, order, offset and limit', async () => {
    const word = `csvword${Math.random().toString(36).slice(2, 8)}`;
    const titles = ['=HYPERLINK("http://evil")', '+1+1', '-5', '@SUM(A1)', 'ТОО "Восток"; филиал', 'строка 1\nстрока 2', 'a,b', "O'Brien", 'Қарағанды'];
    for (const [index, title] of titles.entries()) {
      await t.prisma.followUp.create({
        data: {
          titleRu: `${title} ${word}`,
          titleKk: index % 2 ? null : title,
          memorandumId,
          status: (['planned', 'done', 'cancelled'] as const)[index % 3],
          dueOn: index % 4 ? new Date(`2026-0${1 + (index % 3)}-01T00:00:00Z`) : null,
          searchText: `${title} ${word}`.toLowerCase(),
        },
      });
    }
    for (const query of [{ q: word }, { q: word, sort: '-status' }, { q: word, sort: 'dueOn', offset: 2, limit: 5 }, { q: word, status: 'done,cancelled' }]) {
      const page = pageOf<FollowUpDto>(
        await request(base)
          .get('/api/v1/follow-ups')
          .query({ limit: 100, ...query })
          .set('Authorization', read)
          .expect(200),
      );
      const csv = await request(base).get('/api/v1/follow-ups').query(query).set('Authorization', read).set('Accept', 'text/csv').buffer(true).expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.text).toBe(legacyCsv(page.data.slice(0, 'limit' in query ? query.limit : undefined), FOLLOW_UP_CSV_COLUMNS));
    }
  });

  it('stops reading when the client disconnects, and goes on serving', async () => {
    const aborted = new Promise<void>((resolve) => {
      const outgoing = http.get(`${base}/api/v1/follow-ups`, { headers: { Authorization: read, Accept: 'text/csv' } }, (response) => {
        response.once('data', () => {
          outgoing.destroy();
          resolve();
        });
      });
      outgoing.on('error', () => resolve());
    });
    await aborted;
    // No statement of the abandoned export keeps running or waiting once the server has seen the socket close.
    const database = t.database.name;
    let running = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 50 && running > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const rows = await t.prisma.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS count FROM pg_stat_activity
        WHERE datname = ${database} AND state <> 'idle' AND pid <> pg_backend_pid() AND query ILIKE '%follow_up%'`;
      running = rows[0].count;
    }
    expect(running).toBe(0);
    const next = await request(base).get('/api/v1/follow-ups').query({ limit: 1 }).set('Authorization', read).expect(200);
    expect(pageOf(next).meta.total).toBeGreaterThan(ROWS);
  });
});
