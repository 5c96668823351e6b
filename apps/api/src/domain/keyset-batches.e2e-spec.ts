// Keyset batches against real PostgreSQL: for every order a list can have (each sort field, both directions, NULLs
// last or where PostgreSQL puts them, enums in their declared order, ties broken by id), the batches joined are
// exactly the rows one findMany returns, with the same offset and limit; and a consumer that stops stops the reading.
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { insertMemorandum } from '../../../../test/support/records.js';
import { FOLLOW_UP_SORT_FIELDS } from '../follow-ups/follow-up.dto.js';
import { CONTRACT_SORT_FIELDS } from '../contracts/contract.dto.js';
import { type OrderBy, toOrderBy } from '../http/list-query.dto.js';
import { keysetBatches } from './keyset-batches.js';

const ROWS = 41;

describe('keysetBatches', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const { id } = await insertMemorandum(t, { titleRu: 'Меморандум' });
    // Few distinct values so that every batch boundary falls inside a run of ties; every fifth due date unknown;
    // created_at shared by pairs of rows.
    await t.prisma.$executeRaw`
      INSERT INTO follow_up (id, title_ru, memorandum_id, status, due_on, due_on_precision, created_at, updated_at)
      SELECT gen_random_uuid(), 'Поручение ' || g, ${id}::uuid,
             (ARRAY['planned', 'in_progress', 'done', 'cancelled'])[1 + g % 4]::"FollowUpStatus",
             CASE WHEN g % 5 = 0 THEN NULL ELSE DATE '2026-01-01' + (g % 3) END,
             CASE WHEN g % 5 = 0 THEN 'unknown' ELSE 'day' END::"DatePrecision",
             TIMESTAMPTZ '2026-01-01' + (g / 2) * interval '1 second', now()
      FROM generate_series(1, ${ROWS}) g`;
    await t.prisma.$executeRaw`
      INSERT INTO contract (id, title_ru, amount, currency, updated_at)
      SELECT gen_random_uuid(), 'Контракт ' || g, CASE WHEN g % 4 = 0 THEN NULL ELSE (g % 3) * 1000.5 END,
             CASE WHEN g % 4 = 0 THEN NULL ELSE 'KZT' END, now()
      FROM generate_series(1, ${ROWS}) g`;
  });
  afterAll(() => t.close());

  const followUps = (args: { where: object; orderBy: OrderBy[]; take: number; skip: number }) => t.prisma.followUp.findMany(args);
  const contracts = (args: { where: object; orderBy: OrderBy[]; take: number; skip: number }) => t.prisma.contract.findMany(args);

  async function joined<Row extends Record<string, unknown>>(batches: AsyncGenerator<Row[]>): Promise<{ ids: unknown[]; sizes: number[] }> {
    const ids: unknown[] = [];
    const sizes: number[] = [];
    for await (const batch of batches) {
      sizes.push(batch.length);
      ids.push(...batch.map((row) => row.id));
    }
    return { ids, sizes };
  }

  const orders = (fields: readonly string[], nullsLast: string[]) =>
    fields.flatMap((field) => [field, `-${field}`]).map((sort) => [sort, toOrderBy(sort, fields, fields[0], nullsLast)] as const);
  /** NULLs where PostgreSQL puts them without NULLS LAST: last ascending, first descending. */
  const plainOrders: [string, OrderBy[]][] = [
    ['dueOn asc (plain)', [{ dueOn: 'asc' }, { id: 'asc' }]],
    ['dueOn desc (plain)', [{ dueOn: 'desc' }, { id: 'asc' }]],
  ];

  it.each([...orders(FOLLOW_UP_SORT_FIELDS, ['dueOn']), ...plainOrders])('reads follow-ups by %s as one findMany would', async (_sort, orderBy) => {
    const expected = await t.prisma.followUp.findMany({ where: {}, orderBy, select: { id: true } });
    expect(expected).toHaveLength(ROWS);
    const { ids, sizes } = await joined(keysetBatches('FollowUp', { where: {}, orderBy, offset: 0, limit: 10_000, batchSize: 4 }, followUps));
    expect(ids).toEqual(expected.map((row) => row.id));
    expect(sizes).toEqual([...Array<number>(10).fill(4), 1]);
  });

  it.each(orders(CONTRACT_SORT_FIELDS, ['signedOn', 'amount']))(
    'reads contracts by %s (decimals, NULLs last) as one findMany would',
    async (_sort, orderBy) => {
      const expected = await t.prisma.contract.findMany({ orderBy, select: { id: true } });
      const { ids } = await joined(keysetBatches('Contract', { where: {}, orderBy, offset: 0, limit: 10_000, batchSize: 3 }, contracts));
      expect(ids).toEqual(expected.map((row) => row.id));
    },
  );

  it('keeps the filter, the offset and the limit', async () => {
    const orderBy = toOrderBy('-status', FOLLOW_UP_SORT_FIELDS, 'dueOn', ['dueOn']);
    const where = { status: { in: ['planned', 'done'] as ('planned' | 'done')[] } };
    const expected = await t.prisma.followUp.findMany({ where, orderBy, skip: 3, take: 13, select: { id: true } });
    const { ids, sizes } = await joined(keysetBatches('FollowUp', { where, orderBy, offset: 3, limit: 13, batchSize: 5 }, followUps));
    expect(ids).toEqual(expected.map((row) => row.id));
    expect(sizes).toEqual([5, 5, 3]);
  });

  it('reads nothing more once the consumer stops', async () => {
    let statements = 0;
    const counting = (args: Parameters<typeof followUps>[0]) => {
      statements += 1;
      return followUps(args);
    };
    const orderBy = toOrderBy(undefined, FOLLOW_UP_SORT_FIELDS, 'dueOn', ['dueOn']);
    for await (const batch of keysetBatches('FollowUp', { where: {}, orderBy, offset: 0, limit: 10_000, batchSize: 4 }, counting)) {
      expect(batch).toHaveLength(4);
      break;
    }
    expect(statements).toBe(1);
  });

  it('refuses an order without id as its tie-breaker, which could skip or repeat rows', async () => {
    const batches = keysetBatches('FollowUp', { where: {}, orderBy: [{ dueOn: 'asc' }], offset: 0, limit: 10, batchSize: 2 }, followUps);
    await expect(joined(batches)).rejects.toThrow(/then id/);
  });
});
