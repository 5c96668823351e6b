// Torture: invalid requests generated from the OpenAPI document the service serves, with read and write keys, on
// the seeded register. Not one may answer 5xx; every 4xx is application/problem+json; no generated write may be
// accepted; and a row checksum of every table is the same before and after. TORTURE_SEED replays a run.
import { bearer } from '../support/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { changedTables, tableChecksums } from './checksum.js';
import { latencies, recordFigure, scaled, seededRandom, tally, TORTURE_SEED } from './figures.js';
import { call, listen, type Reply } from './http.js';
import { invalidRequest, operationsOf, pick, readOpenApi, targetFor, targetsOf, type InvalidRequest } from './openapi-operations.js';
import { loadRegister, subscribeWebhook } from './register.js';

const SCENARIO = 'fuzz';
const REQUESTS = scaled(2_000, 12_000);
const IN_FLIGHT = 4;

describe('torture: a fuzz of invalid requests from the OpenAPI document', () => {
  let t: TestApp;
  let base: string;
  let read: string;
  let write: string;

  beforeAll(async () => {
    // The fuzz is about input, not about the per-key rate limit.
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '10000000' });
    base = await listen(t.app);
    await loadRegister(t, base);
    read = await bearer(t, 'read', 'fuzz-read');
    write = await bearer(t, 'write', 'fuzz-write');
    await subscribeWebhook(base, write);
  }, 120_000);
  afterAll(() => t?.close());

  it(`answers ${REQUESTS} invalid requests with 4xx problems, never a 5xx, and changes no row of any table`, async () => {
    const document = await readOpenApi(base);
    const operations = operationsOf(document);
    const targets = await targetsOf(base, operations, { read, write });
    const random = seededRandom(TORTURE_SEED);
    // Drawn up front, so that a seed gives the same requests whatever order they are answered in.
    const requests = Array.from({ length: REQUESTS }, () => {
      const operation = pick(random, operations);
      const key = operation.writes ? (random() < 0.85 ? write : read) : random() < 0.5 ? write : read;
      return { operation, request: invalidRequest(document, operation, targetFor(targets, operation, random), random, key) };
    });

    const before = await tableChecksums(t.database.url);
    const replies: Reply[] = new Array<Reply>(requests.length);
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < requests.length) {
          const index = next++;
          const { request } = requests[index];
          replies[index] = await call(base, request.method, request.path, { headers: request.headers, body: request.body, timeoutMs: 60_000 });
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const changed = changedTables(before, await tableChecksums(t.database.url));

    const failures: string[] = [];
    const serverErrors = replies.filter((reply) => reply.status >= 500 || reply.status === 0).length;
    let notProblems = 0;
    let acceptedWrites = 0;
    requests.forEach(({ operation, request }, index) => {
      const reply = replies[index];
      const problem = /^application\/problem\+json/.test(reply.headers.get('content-type') ?? '');
      const fail = (what: string) => failures.push(`${what}: ${explain(request, reply)}`);
      if (reply.status >= 500 || reply.status === 0) {
        fail('a server error or no answer');
      } else if (reply.status >= 400 && !problem) {
        fail('a 4xx that is not application/problem+json');
        notProblems++;
      } else if (operation.writes && reply.status < 400) {
        fail('an invalid write accepted');
        acceptedWrites++;
      }
    });

    recordFigure(SCENARIO, 'seed (TORTURE_SEED)', TORTURE_SEED);
    recordFigure(SCENARIO, 'requests', `${REQUESTS} over ${operations.length} operations, ${IN_FLIGHT} in flight, ${seconds.toFixed(1)} s`);
    recordFigure(SCENARIO, 'operations hit', new Set(requests.map(({ operation }) => operation.id)).size);
    recordFigure(SCENARIO, 'statuses', tally(replies.map((reply) => reply.status)));
    recordFigure(SCENARIO, '5xx or no answer', serverErrors);
    recordFigure(SCENARIO, '4xx not problem+json', notProblems);
    recordFigure(SCENARIO, 'invalid writes accepted', acceptedWrites);
    recordFigure(SCENARIO, 'latency', latencies(replies.map((reply) => reply.ms)));
    recordFigure(SCENARIO, 'tables changed', changed.length === 0 ? 'none' : changed.join(', '));

    const shown = failures.slice(0, 25);
    expect({ seed: TORTURE_SEED, failures: failures.length, first: shown }).toEqual({ seed: TORTURE_SEED, failures: 0, first: [] });
    expect(changed).toEqual([]);
  }, 600_000);
});

function explain(request: InvalidRequest, reply: Reply): string {
  const body =
    request.body === undefined ? '' : ` body ${request.body.length > 120 ? `${request.body.slice(0, 120)}… (${request.body.length} chars)` : request.body}`;
  return `[${request.kind}] ${request.method} ${request.path.slice(0, 160)}${body} → ${reply.status} ${reply.headers.get('content-type') ?? ''} ${reply.text.slice(0, 240)}`;
}
