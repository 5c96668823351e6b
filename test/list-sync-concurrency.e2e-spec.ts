// A sync from a list while the register is written concurrently misses nothing (README "Syncing from the lists"):
// writers create and change parties through the API, and a slow writer keeps transactions open while others commit
// after it started, so rows commit out of the order of their updatedAt. A reader pages in sync order all the while.
// At the end every record changed after the reader's starting point has been seen at its latest version, and no
// (record, version) was delivered twice.
import request from 'supertest';
import { SYNC_SAFETY_LAG_MS } from '../apps/api/src/domain/sync-order.js';
import { bearer } from './support/fixtures.js';
import type { RecordBody } from './support/responses.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const WRITERS = 4;
const WRITES_PER_WRITER = 25;
const SLOW_TRANSACTIONS = 6;
const PAGE = 7;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SyncPage {
  data: RecordBody[];
  meta: { nextCursor: string };
}

describe('a sync from a list written concurrently', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
  });
  afterAll(() => t.close());

  it('sees every record changed after its starting point at its latest version, and nothing twice', async () => {
    const createParty = async (name: string) =>
      (
        (await request(server()).post('/api/v1/parties').set('Authorization', write).send({ nameRu: name, kind: 'organisation' }).expect(201))
          .body as RecordBody
      ).id;
    // Records from before the starting point, some of which the writers change.
    const existing: string[] = [];
    for (let i = 0; i < 10; i += 1) existing.push(await createParty(`Старая организация ${i}`));
    await sleep(SYNC_SAFETY_LAG_MS + 200);
    const since = new Date().toISOString();

    let writing = true;
    const seen = new Map<string, number>();
    const delivered = new Set<string>();
    const duplicates: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    async function readOnce(): Promise<boolean> {
      const query = cursor ? `cursor=${cursor}` : `updatedSince=${since}`;
      const response = await request(server()).get(`/api/v1/parties?${query}&limit=${PAGE}`).set('Authorization', read).expect(200);
      const page = response.body as SyncPage;
      pages += 1;
      for (const row of page.data) {
        const key = `${row.id}@${row.version}`;
        if (delivered.has(key)) duplicates.push(key);
        delivered.add(key);
        seen.set(row.id, Math.max(seen.get(row.id) ?? 0, row.version));
      }
      cursor = page.meta.nextCursor;
      return response.headers.link !== undefined;
    }
    const reader = (async () => {
      while (writing) if (!(await readOnce())) await sleep(20);
    })();

    const pool = [...existing];
    const writers = Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < WRITES_PER_WRITER; i += 1) {
        if (i % 2 === 0) {
          pool.push(await createParty(`Организация ${writer}-${i}`));
        } else {
          const id = pool[(writer * 7 + i * 13) % pool.length];
          const response = await request(server())
            .patch(`/api/v1/parties/${id}`)
            .set('Authorization', write)
            .set('If-Match', '*')
            .send({ nameEn: `Organisation ${writer}-${i}` });
          // If-Match: * still loses to a writer that changed the record between its read and its write (412).
          expect([200, 412]).toContain(response.status);
        }
      }
    });
    // A writer whose transactions stay open while the others commit: its rows carry the start of its transaction,
    // older than rows the reader may already have passed when it commits.
    const slow = (async () => {
      for (let i = 0; i < SLOW_TRANSACTIONS; i += 1) {
        await t.prisma.$transaction(async (tx) => {
          await tx.party.update({ where: { id: existing[i] }, data: { nameKk: `Баяу ${i}`, version: { increment: 1 } } });
          await sleep(300);
        });
      }
    })();
    await Promise.all([...writers, slow]);
    writing = false;
    await reader;

    // Writers have stopped: re-sync from the high-water mark once the watermark has passed their last writes.
    await sleep(SYNC_SAFETY_LAG_MS + 200);
    while (await readOnce());

    const changed = await t.prisma.party.findMany({ where: { updatedAt: { gte: new Date(since) } }, select: { id: true, version: true } });
    expect(changed.length).toBeGreaterThan(WRITERS * (WRITES_PER_WRITER / 2));
    const missed = changed
      .filter((record) => seen.get(record.id) !== record.version)
      .map((record) => `${record.id}@${record.version} seen at ${seen.get(record.id)}`);
    expect(missed).toEqual([]);
    expect(duplicates).toEqual([]);
    // Nothing from before the starting point that nobody changed.
    const untouched = existing.filter((id) => !changed.some((record) => record.id === id));
    expect(untouched.filter((id) => seen.has(id))).toEqual([]);
    expect(pages).toBeGreaterThan(5);
  });
});
