import { Prisma } from '@prisma/client';
import pg from 'pg';
import request from 'supertest';
import { withDatabase } from '../../../../test/support/database-url.js';
import { bearer, createParty } from '../../../../test/support/fixtures.js';
import { feedSettled } from '../../../../test/support/change-feed.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { Actor } from '../domain/actor.js';
import { ChangeFeedService, decodeCursor, encodeCursor, feedStatement } from '../domain/change-feed.service.js';

interface FeedEvent {
  id: number;
  cursor: string;
  type: string;
  recordType: string;
  recordId: string;
  recordKey: string | null;
  version: number;
  actor: { type: string; name: string };
  changes: Record<string, unknown>;
}

const RACE_ACTOR: Actor = { type: 'system', id: null, name: 'race' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('/api/v1/changes', () => {
  let t: TestApp;
  let write: string;
  let read: string;
  let counterpart: { id: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    write = await bearer(t, 'write');
    read = await bearer(t, 'read');
    counterpart = await createParty(t, { nameEn: 'Counterpart Trading LLP', kind: 'organisation' });
  });
  afterAll(() => t.close());

  const feed = (query: Record<string, string | number> = {}, auth = read) => request(server()).get('/api/v1/changes').query(query).set('Authorization', auth);

  /** Every event after `after` matching the query, page by page; the last cursor. */
  async function readAll(query: Record<string, string | number> = {}, after?: string): Promise<{ events: FeedEvent[]; cursor: string }> {
    const events: FeedEvent[] = [];
    let cursor = after;
    for (;;) {
      const response = await feed({ ...query, ...(cursor ? { after: cursor } : {}) }).expect(200);
      events.push(...(response.body.data as FeedEvent[]));
      cursor = response.body.cursor as string;
      if (!response.body.hasMore) return { events, cursor };
    }
  }

  const headCursor = async () => {
    await feedSettled(t);
    return (await readAll()).cursor;
  };
  const eventCount = () => t.prisma.changeEvent.count();

  it('appends one event per change of a memorandum, a party and a source, in commit order, with type, version, actor and changes', async () => {
    const start = await headCursor();
    const memorandum = await request(server())
      .post('/api/v1/memoranda')
      .set('Authorization', write)
      .send({ titleEn: 'Feed memorandum', parties: [{ partyId: counterpart.id }] })
      .expect(201);
    const id = memorandum.body.id as string;
    await request(server()).patch(`/api/v1/memoranda/${id}`).set('Authorization', write).set('If-Match', '"1"').send({ titleEn: 'Renamed' }).expect(200);
    await request(server()).post(`/api/v1/memoranda/${id}/transitions`).set('Authorization', write).set('If-Match', '"2"').send({ to: 'signed' }).expect(200);
    await request(server()).delete(`/api/v1/memoranda/${id}`).set('Authorization', write).set('If-Match', '"3"').expect(200);
    await request(server()).post(`/api/v1/memoranda/${id}/restore`).set('Authorization', write).set('If-Match', '"4"').expect(200);
    const party = await request(server()).post('/api/v1/parties').set('Authorization', write).send({ kind: 'city', nameRu: 'Семей' }).expect(201);
    const source = await request(server())
      .post('/api/v1/sources')
      .set('Authorization', write)
      .send({ title: 'Feed source', text: 'В Семее подписали меморандум о сотрудничестве.' })
      .expect(201);

    await feedSettled(t);
    const { events } = await readAll({}, start);
    expect(events.slice(0, 6).map((event) => [event.type, event.recordId, event.version])).toEqual([
      ['memorandum.created', id, 1],
      ['memorandum.updated', id, 2],
      ['memorandum.status_changed', id, 3],
      ['memorandum.archived', id, 4],
      ['memorandum.restored', id, 5],
      ['party.created', party.body.id, 1],
    ]);
    expect(events).toHaveLength(7);
    expect(events[6]).toMatchObject({ type: 'source.created', recordType: 'source', recordKey: source.body.key, version: 1 });
    expect(events[0].recordKey).toBeNull();
    expect(events[1]).toMatchObject({ recordType: 'memorandum', actor: { type: 'api_key' }, changes: { titleEn: { from: 'Feed memorandum', to: 'Renamed' } } });
    expect(events[2].changes).toEqual({ status: { from: 'draft', to: 'signed' } });
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    expect(events.every((event) => decodeCursor(event.cursor) !== null)).toBe(true);
  });

  it('pages with limit and cursor, and filters by types (with wildcards) and recordType', async () => {
    const start = await headCursor();
    for (const name of ['Астана', 'Алматы', 'Шымкент']) {
      await request(server()).post('/api/v1/parties').set('Authorization', write).send({ kind: 'city', nameRu: name }).expect(201);
    }
    await request(server())
      .post('/api/v1/memoranda')
      .set('Authorization', write)
      .send({ titleEn: 'Filtered', parties: [{ partyId: counterpart.id }] })
      .expect(201);

    await feedSettled(t);
    const first = await feed({ after: start, limit: 2 }).expect(200);
    expect((first.body.data as FeedEvent[]).map((event) => event.type)).toEqual(['party.created', 'party.created']);
    expect(first.body).toMatchObject({ hasMore: true, cursor: first.body.data[1].cursor });
    const rest = await feed({ after: first.body.cursor, limit: 2 }).expect(200);
    expect((rest.body.data as FeedEvent[]).map((event) => event.type)).toEqual(['party.created', 'memorandum.created']);
    // Caught up: the cursor stays where it is.
    const idle = await feed({ after: rest.body.cursor }).expect(200);
    expect(idle.body).toEqual({ data: [], cursor: rest.body.cursor, hasMore: false });

    expect((await readAll({ types: 'memorandum.*' }, start)).events.map((event) => event.type)).toEqual(['memorandum.created']);
    expect((await readAll({ types: '*.created', recordType: 'party' }, start)).events).toHaveLength(3);
    expect((await readAll({ types: 'party.created,memorandum.archived' }, start)).events).toHaveLength(3);
    expect((await readAll({ recordType: 'memorandum,source' }, start)).events.map((event) => event.type)).toEqual(['memorandum.created']);
    // A filter that matched nothing still moves the cursor past what it examined.
    const none = await feed({ after: start, types: 'visit.*' }).expect(200);
    expect(none.body).toEqual({ data: [], cursor: rest.body.cursor, hasMore: false });
  });

  it('appends nothing for a refused change (400, 409, 412)', async () => {
    const memorandum = await request(server())
      .post('/api/v1/memoranda')
      .set('Authorization', write)
      .send({ titleEn: 'Refusals', parties: [{ partyId: counterpart.id }] })
      .expect(201);
    const id = memorandum.body.id as string;
    const before = await eventCount();
    await request(server()).post('/api/v1/memoranda').set('Authorization', write).send({ titleEn: 'x', quantity: 0 }).expect(400);
    await request(server())
      .post(`/api/v1/memoranda/${id}/transitions`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ to: 'fulfilled' })
      .expect(409);
    await request(server()).patch(`/api/v1/memoranda/${id}`).set('Authorization', write).set('If-Match', '"7"').send({ titleEn: 'Stale' }).expect(412);
    await request(server()).post(`/api/v1/memoranda/${id}/restore`).set('Authorization', write).set('If-Match', '"1"').expect(409);
    expect(await eventCount()).toBe(before);
  });

  it('refuses a malformed cursor or filter with 400, and needs an API key', async () => {
    for (const after of [
      'nope!',
      encodeCursor({ xid: '1', id: '2' }).slice(0, -1) + '$',
      Buffer.from('1.2.3').toString('base64url'),
      Buffer.from('01.2').toString('base64url'),
    ]) {
      const response = await feed({ after }).expect(400);
      expect(response.body.errors).toEqual([{ field: 'after', message: 'after must be a cursor the feed returned' }]);
    }
    await feed({ types: 'memorandum.signed' }).expect(400);
    await feed({ recordType: 'planet' }).expect(400);
    await feed({ limit: 0 }).expect(400);
    await feed({ limit: 1001 }).expect(400);
    await request(server()).get('/api/v1/changes').expect(401);
  });

  it('answers 410 for a cursor before events the retention purge deleted', async () => {
    await feedSettled(t);
    const old = (await feed({ limit: 1 }).expect(200)).body.cursor as string;
    const head = await headCursor();
    // Everything so far is older than the retention: the purge deletes it and moves the horizon past it.
    await t.prisma.$executeRaw`UPDATE change_event SET occurred_at = now() - interval '91 days'`;
    const purged = await t.app.get(ChangeFeedService).purgeExpired();
    expect(purged).toBeGreaterThan(0);
    expect(await eventCount()).toBe(0);
    const gone = await feed({ after: old }).expect(410);
    expect(gone.body).toMatchObject({ status: 410, type: expect.stringMatching(/\/problems\/cursor-expired$/) });
    // A cursor no transaction of this database has reached yet (another database's, or one restored from an older backup).
    await feed({ after: encodeCursor({ xid: '900000000000', id: '1' }) }).expect(410);
    // A cursor at the horizon (the last event seen before the purge) lost nothing; a fresh read starts there.
    await feed({ after: head }).expect(200);
    expect((await feed().expect(200)).body).toEqual({ data: [], cursor: head, hasMore: false });
  });

  it('never skips or repeats an event while writers commit out of the order they started in', async () => {
    const changeFeed = t.app.get(ChangeFeedService);
    const start = await headCursor();
    const recordId = counterpart.id;
    let stop = false;
    const started = Date.now();

    /** A transaction appending `count` events, optionally holding itself open (pg_sleep) after the first. */
    const writeTx = (count: number, holdMs = 0) =>
      t.prisma.$transaction(
        async (tx: Prisma.TransactionClient) => {
          for (let index = 0; index < count; index += 1) {
            await changeFeed.append(tx, { entityType: 'party', entityId: recordId, action: 'update', version: index + 1, changes: {}, actor: RACE_ACTOR });
            if (index === 0 && holdMs) await tx.$executeRaw`SELECT pg_sleep(${holdMs / 1000}::float8)`;
          }
        },
        { timeout: 10_000 },
      );

    // Quick writers: many small transactions, committing while the slow ones hold theirs open.
    const quickWriter = async () => {
      for (let round = 0; round < 150; round += 1) await writeTx(1 + (round % 8));
    };
    // Slow writers: each takes its id early, then waits while later ids commit.
    const slowWriter = async () => {
      for (let round = 0; round < 12; round += 1) await writeTx(3, 50 + ((round * 37) % 150));
    };
    // Two transactions where the first to start commits last.
    const crossed = async () => {
      for (let round = 0; round < 10; round += 1) {
        let releaseFirst!: () => void;
        const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
        let secondStarted!: () => void;
        const secondMayStart = new Promise<void>((resolve) => (secondStarted = resolve));
        const first = t.prisma.$transaction(async (tx: Prisma.TransactionClient) => {
          await changeFeed.append(tx, { entityType: 'party', entityId: recordId, action: 'update', version: 1, changes: {}, actor: RACE_ACTOR });
          secondStarted();
          await firstMayCommit;
        });
        await secondMayStart;
        await writeTx(2);
        releaseFirst();
        await first;
      }
    };

    // Real business writes through the API, among them.
    const httpWriter = async () => {
      for (let round = 0; round < 40; round += 1) {
        await request(server())
          .post('/api/v1/parties')
          .set('Authorization', write)
          .send({ kind: 'organisation', nameEn: `Race ${round}` })
          .expect(201);
      }
    };

    const seen: FeedEvent[] = [];
    const polls = { safe: 0, naive: 0 };
    // Once the writers are done: the last of their events in feed order, which the reader reads up to. It cannot stop
    // at its first empty page after the writers: a transaction of another suite on the same cluster (they share one
    // PostgreSQL) holds the feed back until it ends, as any long transaction does, so the rest arrives later.
    let lastWritten: number | null = null;
    const readerDeadline = { at: Infinity };
    const reader = async () => {
      let cursor = start;
      const received = new Set<number>();
      for (;;) {
        const response = await feed({ after: cursor, limit: 500 }).expect(200);
        polls.safe += 1;
        for (const event of response.body.data as FeedEvent[]) {
          seen.push(event);
          received.add(event.id);
        }
        cursor = response.body.cursor;
        if (lastWritten !== null && (received.has(lastWritten) || Date.now() > readerDeadline.at)) return;
        if (!response.body.hasMore) await sleep(5);
      }
    };
    // The classic pitfall, for contrast: id > last id seen. It must miss some, or this test proves nothing.
    const naiveSeen = new Set<number>();
    const startId = Number((await t.prisma.$queryRaw<{ max: bigint | null }[]>`SELECT max(id) AS max FROM change_event`)[0].max ?? 0);
    const naiveReader = async () => {
      let last = startId;
      while (!stop) {
        const rows = await t.prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM change_event WHERE id > ${last} ORDER BY id LIMIT 500`;
        polls.naive += 1;
        for (const row of rows) naiveSeen.add(Number(row.id));
        if (rows.length) last = Number(rows[rows.length - 1].id);
        await sleep(3);
      }
    };

    const readers = [reader(), naiveReader()];
    await Promise.all([quickWriter(), quickWriter(), quickWriter(), slowWriter(), slowWriter(), crossed(), httpWriter()]);
    // A bystander: a transaction in another database of the cluster, open across the last writes. It holds the feed
    // back (xids are cluster-wide) until it commits a second after the writers are done; the reader must wait for it.
    const bystander = new pg.Client({ connectionString: withDatabase(process.env.KELISIM_TEST_SERVER_URL!, 'postgres') });
    await bystander.connect();
    await bystander.query('BEGIN');
    await bystander.query('SELECT pg_current_xact_id()');
    await Promise.all([writeTx(5), writeTx(5), writeTx(5)]);
    setTimeout(() => void bystander.query('COMMIT').finally(() => bystander.end()), 1_000);
    stop = true;
    const [last] = await t.prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM change_event WHERE id > ${startId} ORDER BY xid DESC, id DESC LIMIT 1`;
    readerDeadline.at = Date.now() + 45_000;
    lastWritten = Number(last.id);
    await Promise.all(readers);
    const seconds = (Date.now() - started) / 1000;

    const written = (await t.prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM change_event WHERE id > ${startId} ORDER BY id`).map((row) => Number(row.id));
    const seenIds = seen.map((event) => event.id);
    const unique = new Set(seenIds);
    const missed = written.filter((id) => !unique.has(id));
    const naiveMissed = written.filter((id) => !naiveSeen.has(id));
    // Out of id order: commits overtook each other, as the slow and crossed writers make them.
    const overtaken = seenIds.filter((id, index) => index > 0 && id < seenIds[index - 1]).length;
    console.log(
      `change feed race: ${written.length} events from 7 writers in ${seconds.toFixed(1)} s; reader polls ${polls.safe}, ` +
        `missed ${missed.length}, duplicated ${seenIds.length - unique.size}, out of id order ${overtaken}; naive id reader missed ${naiveMissed.length}`,
    );
    expect(written.length).toBeGreaterThanOrEqual(2000);
    expect(missed).toEqual([]);
    expect(seenIds.length).toBe(unique.size);
    expect(seenIds.length).toBe(written.length);
    expect(overtaken).toBeGreaterThan(0);
    expect(naiveMissed.length).toBeGreaterThan(0);
    expect(seen.filter((event) => event.type === 'party.created')).toHaveLength(40);
  }, 90_000);

  it('reads a page in one statement that walks the (xid, id) index, filtered or not', async () => {
    await t.prisma.$executeRaw`ANALYZE change_event`;
    for (const [types, recordTypes] of [
      [null, null],
      [['memorandum.created'], ['memorandum' as const]],
    ] as const) {
      const statement = feedStatement({ xid: '0', id: '0' }, 101, types ? [...types] : null, recordTypes ? [...recordTypes] : null);
      const [{ 'QUERY PLAN': plan }] = await t.prisma.$queryRaw<{ 'QUERY PLAN': unknown }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${statement}`);
      const nodes: { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string }[] = [];
      const walk = (node: Record<string, unknown>) => {
        nodes.push(node as (typeof nodes)[number]);
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      walk((plan as { Plan: Record<string, unknown> }[])[0].Plan);
      // Never a sequential scan of the events: both scans (the page, the last event) go through the (xid, id) index,
      // ordered or as a bitmap, whichever the planner finds cheaper for the rows after the cursor.
      expect(nodes.filter((node) => node['Relation Name'] === 'change_event' && node['Node Type'] === 'Seq Scan')).toEqual([]);
      expect(nodes.filter((node) => node['Index Name'] === 'change_event_xid_id_idx').length).toBeGreaterThanOrEqual(2);
    }
  });
});
