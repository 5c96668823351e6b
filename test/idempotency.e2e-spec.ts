// Idempotency keys that survive crashes. A request is stopped at an exact point inside the database (a trigger makes
// one statement wait for an advisory lock the test holds), and the process running it is killed there with SIGKILL:
// after its business transaction committed but before its response was stored, or before anything committed. Then a
// retry must neither wait forever, nor create the record twice, nor lose the one that was committed. Also: the claim
// timeout and Retry-After, a slow request whose claim a retry took over, canonical JSON, expiry and purge, and what
// the migration makes of rows written before it.
import pg from 'pg';
import request from 'supertest';
import { IdempotencyService } from '../apps/api/src/domain/idempotency.service.js';
import { createEmptyDatabase, migrationAt, type TestDatabase } from './support/database.js';
import { bearer, createParty } from './support/fixtures.js';
import { etagAt, problemOf, problemType, recordOf } from './support/responses.js';
import { startServiceProcess } from './support/service-process.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const CLAIM_TIMEOUT = 5;
const BOUNDS = { IDEMPOTENCY_CLAIM_TIMEOUT: String(CLAIM_TIMEOUT), IDEMPOTENCY_TTL: '600', RATE_LIMIT_PER_MINUTE: '100000' };
const GATE_LOCK = 4242;
const MEMORANDA = '/api/v1/memoranda';

let counter = 0;
const unique = (label: string) => `${label}-${(counter += 1)}-${Math.random().toString(36).slice(2, 8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A pause held open inside the database: while the gate is closed, the statements its triggers fire on wait for an
 * advisory lock that this connection holds, so a request can be held at an exact point.
 */
class Gate {
  private readonly triggers: { name: string; table: string }[] = [];

  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<Gate> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS test_gate_closed (closed boolean)');
    await client.query(`CREATE OR REPLACE FUNCTION test_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM test_gate_closed) THEN PERFORM pg_advisory_xact_lock_shared(${GATE_LOCK}); END IF;
        RETURN NEW;
      END $$`);
    return new Gate(client);
  }

  /** Closes the gate on `event` (`BEFORE INSERT`, `BEFORE UPDATE`) of `table` for the rows matching `when`. */
  async close(event: string, table: string, when = 'true'): Promise<void> {
    if (!this.triggers.length) {
      await this.client.query(`SELECT pg_advisory_lock(${GATE_LOCK})`);
      await this.client.query('INSERT INTO test_gate_closed VALUES (true)');
    }
    const name = `test_gate_${this.triggers.length}`;
    await this.client.query(`CREATE TRIGGER ${name} ${event} ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION test_gate()`);
    this.triggers.push({ name, table });
  }

  /** The backends of the statements waiting at the gate, once `count` do. */
  async waiting(count: number): Promise<number[]> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { rows } = await this.client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
      );
      if (rows.length >= count) return rows.map((row) => row.pid);
      await sleep(25);
    }
    throw new Error(`Fewer than ${count} statements reached the gate within 30 s.`);
  }

  /** Ends a waiting statement's connection unanswered, as if the statement had never been sent. */
  async terminate(pid: number): Promise<void> {
    await this.client.query('SELECT pg_terminate_backend($1, 10000)', [pid]);
  }

  /** Later statements pass; those already waiting go on waiting until `release`. */
  async letThrough(): Promise<void> {
    await this.client.query('DELETE FROM test_gate_closed');
  }

  async release(): Promise<void> {
    await this.letThrough();
    await this.client.query(`SELECT pg_advisory_unlock(${GATE_LOCK})`);
    for (const { name, table } of this.triggers.splice(0)) await this.client.query(`DROP TRIGGER ${name} ON ${table}`);
  }

  end(): Promise<void> {
    return this.client.end();
  }
}

describe('Idempotency-Key after a crash', () => {
  let t: TestApp;
  let gate: Gate;
  let write: string;
  let partyId: string;
  const server = () => t.app.getHttpServer();

  const memorandumBody = (label: string) => ({ titleRu: unique(label), parties: [{ partyId, role: 'signatory' }], summaryRu: 'О торговле' });
  const post = (key: string, body: object) => request(server()).post(MEMORANDA).set('Authorization', write).set('Idempotency-Key', key).send(body);
  const memorandaTitled = (titleRu: string) => t.prisma.memorandum.findMany({ where: { titleRu }, select: { id: true } });
  const claimOf = (key: string) => t.prisma.idempotencyRecord.findFirstOrThrow({ where: { key } });

  /** Sleeps until the claim is older than the claim timeout, by the database's clock (which decides). */
  async function untilStale(key: string): Promise<void> {
    const [{ seconds }] = await t.prisma.$queryRaw<{ seconds: number }[]>`
      SELECT greatest(0, extract(epoch FROM claimed_at + make_interval(secs => ${CLAIM_TIMEOUT}::int) - now()))::float8 AS seconds
      FROM idempotency_record WHERE key = ${key}`;
    await sleep(seconds * 1000 + 200);
  }

  function expectInUse(response: request.Response): void {
    expect(response.status).toBe(409);
    expect(problemOf(response).type).toBe(problemType('idempotency-in-progress'));
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(CLAIM_TIMEOUT);
  }

  // One service process, two requests in flight, one SIGKILL: the first request had committed its memorandum and was
  // storing its response, the second had written its memorandum and its stamp in a transaction not yet committed.
  const afterCommit = { key: unique('after-commit'), body: { titleRu: '' } };
  const beforeCommit = { key: unique('before-commit'), body: { titleRu: '' } };
  let atTheGate: { committed: { id: string }[]; afterCommitClaim: unknown; uncommitted: number; beforeCommitClaim: unknown };
  let answersOfTheKilled: string[];

  beforeAll(async () => {
    t = await createTestApp(BOUNDS);
    gate = await Gate.open(t.database.url);
    write = await bearer(t, 'write');
    partyId = (await createParty(t, { nameRu: 'Павлодарская область' })).id;
    afterCommit.body = memorandumBody('after-commit');
    beforeCommit.body = memorandumBody('before-commit');

    // The statement that stores the first one's response (its stamp keeps status 0), and the second one's history
    // entry, which comes after the record and the stamp in the same transaction.
    await gate.close('BEFORE UPDATE', 'idempotency_record', `NEW.response_status <> 0 AND NEW.key = '${afterCommit.key}'`);
    await gate.close('BEFORE INSERT', 'audit_entry', `NEW.changes::text LIKE '%${beforeCommit.body.titleRu}%'`);
    const service = await startServiceProcess(t.database.url, BOUNDS);
    const send = (body: object, key?: string) =>
      fetch(`${service.url}${MEMORANDA}`, {
        method: 'POST',
        headers: { Authorization: write, 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
        body: JSON.stringify(body),
      });
    // A first request warms the new process up, so that the claims below are young when their retries come.
    expect((await send(memorandumBody('warm-up'))).status).toBe(201);
    const inFlight = [afterCommit, beforeCommit].map(({ key, body }) =>
      send(body, key).then(
        (response) => `answered ${response.status}`,
        () => 'no answer',
      ),
    );
    const pids = await gate.waiting(2);
    atTheGate = {
      committed: await memorandaTitled(afterCommit.body.titleRu),
      afterCommitClaim: await claimOf(afterCommit.key),
      uncommitted: (await memorandaTitled(beforeCommit.body.titleRu)).length,
      beforeCommitClaim: await claimOf(beforeCommit.key),
    };
    await service.kill();
    // The waiting statements had reached the database before the kill; a process that died a moment earlier would
    // never have sent them, so their connections are ended unanswered (the open transaction rolls back).
    for (const pid of pids) await gate.terminate(pid);
    await gate.release();
    answersOfTheKilled = await Promise.all(inFlight);
  });
  afterAll(async () => {
    await gate.end();
    await t.close();
  });

  it('died unanswered: one after its memorandum and the stamp of it committed together, one before anything committed', () => {
    expect(answersOfTheKilled).toEqual(['no answer', 'no answer']);
    expect(atTheGate.committed).toHaveLength(1);
    expect(atTheGate.afterCommitClaim).toMatchObject({
      responseStatus: 0,
      writtenRecords: [{ type: 'memorandum', id: atTheGate.committed[0].id, action: 'create' }],
    });
    expect(atTheGate.uncommitted).toBe(0);
    expect(atTheGate.beforeCommitClaim).toMatchObject({ responseStatus: 0, writtenRecords: [] });
  });

  it('within the claim timeout, a retry of either is a 409 with Retry-After and creates nothing', async () => {
    expectInUse(await post(afterCommit.key, afterCommit.body));
    expectInUse(await post(beforeCommit.key, beforeCommit.body));
    expect(await memorandaTitled(afterCommit.body.titleRu)).toHaveLength(1);
    expect(await memorandaTitled(beforeCommit.body.titleRu)).toHaveLength(0);
  });

  it('after the timeout, concurrent retries of the one that committed all get its record as it is now, and no second one', async () => {
    const { key, body } = afterCommit;
    const committedId = atTheGate.committed[0].id;
    await untilStale(key);
    const answers = await Promise.all([post(key, body), post(key, body), post(key, body)]);
    const current = await request(server()).get(`${MEMORANDA}/${committedId}`).set('Authorization', write).expect(200);
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(answer.headers['idempotency-replayed']).toBe('true');
      expect(answer.headers.location).toBe(`${MEMORANDA}/${committedId}`);
      expect(answer.headers.etag).toMatch(etagAt(1));
      expect(answer.body).toEqual(current.body);
    }
    expect(await memorandaTitled(body.titleRu)).toHaveLength(1);
    // The answer is stored now: later retries replay it.
    expect(await claimOf(key)).toMatchObject({ responseStatus: 201, claimToken: null });
    expect(recordOf(await post(key, body).expect(201)).id).toBe(committedId);
  });

  it('after the timeout, exactly one of several concurrent retries of the one that did not commit runs it', async () => {
    const { key, body } = beforeCommit;
    await untilStale(key);
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(key, body)));
    const created = await memorandaTitled(body.titleRu);
    expect(created).toHaveLength(1);
    expect(answers.map((answer) => answer.status).every((status) => status === 201 || status === 409)).toBe(true);
    expect(answers.filter((answer) => answer.status === 201 && answer.headers['idempotency-replayed'] === undefined)).toHaveLength(1);
    for (const answer of answers.filter((each) => each.status === 201)) expect(recordOf(answer).id).toBe(created[0].id);
    for (const answer of answers.filter((each) => each.status === 409)) expectInUse(answer);
    const later = await post(key, body).expect(201);
    expect([later.headers['idempotency-replayed'], recordOf(later).id]).toEqual(['true', created[0].id]);
  });

  it('a request still running past the timeout loses its claim to a retry, and then commits nothing', async () => {
    const key = unique('slow');
    const body = memorandumBody('slow');
    await gate.close('BEFORE INSERT', 'memorandum', `NEW.title_ru = '${body.titleRu}'`);
    const slow = post(key, body).then((response) => response);
    await gate.waiting(1);
    expectInUse(await post(key, body));
    // The claim is made older than the timeout rather than waited out: held that long, the original's transaction
    // would pass Prisma's transaction timeout (5 s), which would end it anyway. The slow part could as well be
    // outside the transaction, where nothing else would stop it.
    await t.prisma.$executeRaw`
      UPDATE idempotency_record SET claimed_at = claimed_at - make_interval(secs => ${CLAIM_TIMEOUT}::int) WHERE key = ${key}`;
    await gate.letThrough();
    const retry = await post(key, body).expect(201);
    expect(retry.headers['idempotency-replayed']).toBeUndefined();
    await gate.release();
    const original = await slow;
    expect(original.status).toBe(409);
    expect(problemOf(original).type).toBe(problemType('idempotency-in-progress'));
    expect(await memorandaTitled(body.titleRu)).toEqual([{ id: recordOf(retry).id }]);
  });

  it('a press release whose answer could not be stored (its connection was killed) is answered again from the records it wrote', async () => {
    const marker = unique('x');
    const text = `Стороны подписали меморандум ${marker}. Стороны договорились провести ярмарку и форум.`;
    const source = await request(server()).post('/api/v1/sources').set('Authorization', write).send({ title: marker, text }).expect(201);
    const cite = (quote: string) => [{ article: (source.body as { key: string }).key, quote }];
    const draft = {
      memorandum: { titleRu: unique('Меморандум'), parties: [{ partyId }], sources: cite(`Стороны подписали меморандум ${marker}`) },
      followUps: [
        { titleRu: unique('Ярмарка'), sources: cite('провести ярмарку') },
        { titleRu: unique('Форум'), sources: cite('форум') },
      ],
    };
    const key = unique('intake');
    const enter = () =>
      request(server())
        .post(`/api/v1/sources/${(source.body as { key: string }).key}/records`)
        .set('Authorization', write)
        .set('Idempotency-Key', key)
        .send(draft);
    await gate.close('BEFORE UPDATE', 'idempotency_record', `NEW.response_status <> 0 AND NEW.key = '${key}'`);
    const first = enter().then((response) => response);
    const [pid] = await gate.waiting(1);
    await gate.terminate(pid);
    await gate.release();
    // The client got its answer; the key kept only the records written, still held by the request's token.
    const answered = await first;
    expect(answered.status).toBe(201);
    expect(await claimOf(key)).toMatchObject({ responseStatus: 0, writtenRecords: [{ type: 'memorandum' }, { type: 'follow_up' }, { type: 'follow_up' }] });
    await t.prisma.$executeRaw`
      UPDATE idempotency_record SET claimed_at = claimed_at - make_interval(secs => ${CLAIM_TIMEOUT}::int) WHERE key = ${key}`;
    const retry = await enter().expect(201);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    // Each part as it is now: the memorandum lists the follow-ups, which the first answer, read before they were
    // written, did not.
    const memorandum = (answered.body as { memorandum: { id: string } }).memorandum;
    const now = await request(server()).get(`${MEMORANDA}/${memorandum.id}`).set('Authorization', write).expect(200);
    expect(retry.body).toEqual({ ...(answered.body as object), memorandum: now.body });
    expect(await memorandaTitled(draft.memorandum.titleRu)).toHaveLength(1);
    expect(await t.prisma.followUp.count({ where: { titleRu: { in: draft.followUps.map((followUp) => followUp.titleRu) } } })).toBe(2);
  });

  it('fingerprints the request as canonical JSON: the same body with its keys in another order is a replay, another body a 422', async () => {
    const key = unique('canonical');
    const titleRu = unique('Меморандум');
    const first = await post(key, { titleRu, parties: [{ partyId, role: 'signatory' }], summaryRu: 'О торговле' }).expect(201);
    const reordered = await post(key, { summaryRu: 'О торговле', parties: [{ role: 'signatory', partyId }], titleRu }).expect(201);
    expect(reordered.headers['idempotency-replayed']).toBe('true');
    expect(reordered.body).toEqual(first.body);
    const other = await post(key, { titleRu, parties: [{ partyId, role: 'signatory' }], summaryRu: 'О культуре' }).expect(422);
    expect(problemOf(other).type).toBe(problemType('idempotency-key-reuse'));
    expect(await memorandaTitled(titleRu)).toHaveLength(1);
  });

  it('refuses a body that has no canonical form (a lone surrogate) with a 400 that claims and writes nothing', async () => {
    const key = unique('surrogate');
    const response = await post(key, { titleRu: `Меморандум \ud800 ${unique('x')}`, parties: [{ partyId }] }).expect(400);
    expect(problemOf(response).type).toBe(problemType('validation-error'));
    expect(await t.prisma.idempotencyRecord.count({ where: { key } })).toBe(0);
  });
});

describe('Idempotency-Key expiry', () => {
  let t: TestApp;
  let write: string;
  let partyId: string;
  beforeAll(async () => {
    t = await createTestApp({ IDEMPOTENCY_CLAIM_TIMEOUT: '1', IDEMPOTENCY_TTL: '2' });
    write = await bearer(t, 'write');
    partyId = (await createParty(t, { nameRu: 'Омская область' })).id;
  });
  afterAll(() => t.close());

  const post = (key: string, titleRu: string) =>
    request(t.app.getHttpServer())
      .post(MEMORANDA)
      .set('Authorization', write)
      .set('Idempotency-Key', key)
      .send({ titleRu, parties: [{ partyId }] });
  const rowOf = (key: string) => t.prisma.idempotencyRecord.findFirst({ where: { key } });
  async function untilExpired(key: string): Promise<void> {
    const { expiresAt } = (await rowOf(key))!;
    const [{ now }] = await t.prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    await sleep(Math.max(0, expiresAt.getTime() - now.getTime()) + 200);
  }

  it('replays a response for the TTL; after it the key may be used again, even with another body', async () => {
    const key = unique('ttl');
    const first = await post(key, unique('Первый')).expect(201);
    expect((await post(key, (first.body as { titleRu: string }).titleRu).expect(201)).headers['idempotency-replayed']).toBe('true');
    await untilExpired(key);
    const again = await post(key, unique('Второй')).expect(201);
    expect(again.headers['idempotency-replayed']).toBeUndefined();
    expect(recordOf(again).id).not.toBe(recordOf(first).id);
  });

  it('purges expired keys on a timer, and only those', async () => {
    const expiring = unique('purged');
    await post(expiring, unique('Меморандум')).expect(201);
    await untilExpired(expiring);
    const deadline = Date.now() + 15_000;
    while ((await rowOf(expiring)) && Date.now() < deadline) await sleep(200);
    expect(await rowOf(expiring)).toBeNull();

    const fresh = unique('kept');
    await post(fresh, unique('Меморандум')).expect(201);
    await t.app.get(IdempotencyService).purgeExpired();
    expect(await rowOf(fresh)).not.toBeNull();
  });
});

describe('the idempotency migration on rows written before it', () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());

  it('gives every row 24 hours from its first use, and in-progress rows a holder that a retry may replace after the bound', async () => {
    database = await createEmptyDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const migration = migrationAt(client, '_idempotency_claims');
      await migration.applyBefore();
      const {
        rows: [{ id: apiKeyId }],
      } = await client.query<{ id: string }>(
        `INSERT INTO api_key (id, name, prefix, secret_hash) VALUES (gen_random_uuid(), 'old', 'kel_old', repeat('c', 64)) RETURNING id`,
      );
      await client.query(
        `INSERT INTO idempotency_record (api_key_id, key, method, path, request_hash, response_status, response_body, created_at)
         VALUES ($1, 'stuck', 'POST', '/api/v1/memoranda', repeat('a', 64), 0, '{}', now() - interval '2 hours'),
                ($1, 'answered', 'POST', '/api/v1/memoranda', repeat('b', 64), 201, '{"id": "x"}', now() - interval '2 hours')`,
        [apiKeyId],
      );
      await migration.apply();
      const { rows } = await client.query<{ key: string; held: boolean; claimedAtCreation: boolean; dayLong: boolean; written: unknown }>(
        `SELECT key, claim_token IS NOT NULL AS held, claimed_at = created_at AS "claimedAtCreation",
           expires_at = created_at + interval '1 day' AS "dayLong", written_records AS written
         FROM idempotency_record ORDER BY key`,
      );
      expect(rows).toEqual([
        { key: 'answered', held: false, claimedAtCreation: true, dayLong: true, written: [] },
        { key: 'stuck', held: true, claimedAtCreation: true, dayLong: true, written: [] },
      ]);
    } finally {
      await client.end();
    }
  });
});
