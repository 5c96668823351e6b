// The mapping from database errors to problems, fed with errors that a real PostgreSQL, pg, the Prisma adapter and
// Prisma produce (no hand-made error objects): each trigger below is what happens in production.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support/database.js';
import { startThrowawayPostgres } from '../../../../../test/support/throwaway-postgres.js';
import { BoundedPool, type DatabaseBounds, runForRequest } from './bounded-pool.js';
import { classifyDatabaseError, databaseProblem } from './database-errors.js';

const BOUNDS: DatabaseBounds = {
  DATABASE_POOL_SIZE: 3,
  DATABASE_ACQUIRE_TIMEOUT_MS: 300,
  DATABASE_STATEMENT_TIMEOUT_MS: 500,
  DATABASE_LOCK_TIMEOUT_MS: 300,
  DATABASE_TRANSACTION_TIMEOUT_MS: 1000,
};

function prismaOn(url: string, bounds: Partial<DatabaseBounds> = {}): PrismaClient {
  const settings = { ...BOUNDS, ...bounds };
  return new PrismaClient({
    adapter: new PrismaPg(new BoundedPool(url, settings), { disposeExternalPool: true }),
    transactionOptions: { maxWait: settings.DATABASE_ACQUIRE_TIMEOUT_MS, timeout: settings.DATABASE_TRANSACTION_TIMEOUT_MS },
  });
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the database work to fail');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise and the function that settles it: lets one piece of work wait for another instead of for a guessed time. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/** Resolves once `parties` callers have arrived: both sides of a race hold their first lock before either goes on. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  const all = signal();
  return () => {
    arrived += 1;
    if (arrived === parties) all.fire();
    return all.promise;
  };
}

function problemOf(error: unknown) {
  const problem = databaseProblem(error);
  return problem && { status: problem.problem.status, type: problem.problem.type, retryAfter: problem.headers['Retry-After'] };
}

describe('database errors as problems', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = prismaOn(database.url);
    await prisma.$executeRaw`CREATE TABLE probe (id int PRIMARY KEY, v int NOT NULL)`;
    await prisma.$executeRaw`INSERT INTO probe VALUES (1, 0), (2, 0)`;
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  it('a transaction that finds no free connection in time is 503 database-busy', async () => {
    const single = prismaOn(database.url, { DATABASE_POOL_SIZE: 1 });
    try {
      // The holder keeps the only connection until both others have given up waiting for it.
      const holding = signal();
      const othersDone = signal();
      const holder = single.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        holding.fire();
        await othersDone.promise;
      });
      await holding.promise;
      const [transaction, statement] = await Promise.all([
        failure(single.$transaction(async (tx) => tx.$queryRaw`SELECT 1`)),
        failure(single.followUp.count()),
      ]).finally(othersDone.fire);
      await holder;
      expect(classifyDatabaseError(transaction)).toBe('busy');
      expect(classifyDatabaseError(statement)).toBe('busy');
      expect(problemOf(transaction)).toEqual({ status: 503, type: '/problems/database-busy', retryAfter: '2' });
    } finally {
      await single.$disconnect();
    }
  });

  it('a transaction that outlives its timeout (P2028) is 503 database-busy', async () => {
    const error = await failure(
      prisma.$transaction(async (tx) => {
        await pause(1200);
        await tx.followUp.count();
      }),
    );
    expect((error as { code?: string }).code).toBe('P2028');
    expect(problemOf(error)).toMatchObject({ status: 503, type: '/problems/database-busy' });
  });

  it('statement_timeout (57014) and lock_timeout (55P03) are 503 database-busy', async () => {
    const slow = await failure(prisma.$queryRaw`SELECT pg_sleep(1)::text`);
    expect(slow).toMatchObject({ code: 'P2010' });
    expect(problemOf(slow)).toMatchObject({ status: 503, type: '/problems/database-busy' });

    // The count starts only once the lock is held, and the lock is held until the count has failed: a fixed pause
    // here failed on a loaded machine (the count ran before the locker had its lock).
    const held = signal();
    const countDone = signal();
    const locker = prisma.$transaction(async (tx) => {
      await tx.$executeRaw`LOCK TABLE follow_up IN ACCESS EXCLUSIVE MODE`;
      held.fire();
      await countDone.promise;
    });
    await held.promise;
    const locked = await failure(prisma.followUp.count()).finally(countDone.fire);
    await locker;
    expect(classifyDatabaseError(locked)).toBe('busy');
    expect(JSON.stringify(locked)).toContain('55P03');
  });

  it('a deadlock (40P01) and a serialization failure (40001) are 409: retry', async () => {
    // Deadlocks are detected after deadlock_timeout (1 s): the lock wait must be allowed to last longer.
    const patient = prismaOn(database.url, { DATABASE_LOCK_TIMEOUT_MS: 4000, DATABASE_STATEMENT_TIMEOUT_MS: 5000 });
    try {
      // Each side takes its first row lock and waits for the other to have taken its own: then they cross.
      const bothLocked = barrier(2);
      const crossing = (first: number, second: number) =>
        patient.$transaction(
          async (tx) => {
            await tx.$executeRaw`UPDATE probe SET v = v + 1 WHERE id = ${first}`;
            await bothLocked();
            await tx.$executeRaw`UPDATE probe SET v = v + 1 WHERE id = ${second}`;
          },
          { timeout: 5000 },
        );
      const deadlock = (await Promise.allSettled([crossing(1, 2), crossing(2, 1)])).find((result) => result.status === 'rejected');
      expect(JSON.stringify((deadlock as PromiseRejectedResult).reason)).toContain('40P01');
      expect(problemOf((deadlock as PromiseRejectedResult).reason)).toMatchObject({ status: 409, type: '/problems/concurrent-change' });

      const bothRead = barrier(2);
      const racing = () =>
        patient.$transaction(
          async (tx) => {
            await tx.$queryRaw`SELECT v FROM probe WHERE id = 1`;
            await bothRead();
            await tx.$executeRaw`UPDATE probe SET v = v + 1 WHERE id = 1`;
          },
          { isolationLevel: 'Serializable', timeout: 5000 },
        );
      const serialization = (await Promise.allSettled([racing(), racing()])).find((result) => result.status === 'rejected');
      expect(classifyDatabaseError((serialization as PromiseRejectedResult).reason)).toBe('retry');
    } finally {
      await patient.$disconnect();
    }
  });

  it('a refused connection (ECONNREFUSED, P1001) is 503 database-unavailable', async () => {
    // Port 9 (discard) has nothing listening on loopback.
    const nowhere = prismaOn('postgresql://nobody:nothing@127.0.0.1:9/none');
    try {
      const statement = await failure(nowhere.followUp.count());
      const transaction = await failure(nowhere.$transaction(async (tx) => tx.followUp.count()));
      expect(problemOf(statement)).toEqual({ status: 503, type: '/problems/database-unavailable', retryAfter: '5' });
      expect(classifyDatabaseError(transaction)).toBe('unavailable');
    } finally {
      await nowhere.$disconnect();
    }
  });

  it('a terminated backend (57P01) is 503 database-unavailable', async () => {
    // The victim sleeps far longer than it takes to find it; it is terminated as soon as it shows up as active.
    const patient = prismaOn(database.url, { DATABASE_STATEMENT_TIMEOUT_MS: 30_000 });
    const admin = new BoundedPool(database.url, BOUNDS, 1);
    try {
      // A new client's first query loads Prisma's query compiler, seconds on a loaded machine: done before the race.
      await patient.$queryRaw`SELECT 1`;
      const victim = failure(patient.$queryRaw`SELECT pg_sleep(20)::text AS victim`);
      let terminated = 0;
      for (const deadline = Date.now() + 15_000; terminated === 0 && Date.now() < deadline;) {
        const { rows } = await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%AS victim%' AND state = 'active' AND pid <> pg_backend_pid() AND datname = current_database()",
        );
        terminated = rows.length;
        if (terminated === 0) await pause(25);
      }
      expect(terminated).toBe(1);
      expect(classifyDatabaseError(await victim)).toBe('unavailable');
    } finally {
      await admin.end();
      await patient.$disconnect();
    }
  });

  it('a transaction whose connection dies neither leaks the connection nor crashes the process when it times out', async () => {
    const single = prismaOn(database.url, { DATABASE_POOL_SIZE: 1 });
    const admin = new BoundedPool(database.url, BOUNDS, 1);
    try {
      const transaction = failure(
        single.$transaction(async (tx) => {
          const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          // Past the transaction's timeout: Prisma's timer rolls back on the dead connection.
          await pause(1300);
        }),
      );
      expect(classifyDatabaseError(await transaction)).toBe('busy');
      // The pool's only connection was given back and replaced: work goes on.
      await expect(single.followUp.count()).resolves.toBe(0);
    } finally {
      await admin.end();
      await single.$disconnect();
    }
  });

  it('a request whose client has gone starts no database work, and that is no bug', async () => {
    const gone = new AbortController();
    gone.abort();
    // Prisma's queries are lazy: awaited inside, as a request handler does, so they run on the request's behalf.
    const error = await failure(runForRequest(gone.signal, async () => await prisma.followUp.count()));
    expect(classifyDatabaseError(error)).toBe('abandoned');
    expect(problemOf(error)).toMatchObject({ status: 503 });
    // The same work for a request still being waited for runs as usual.
    await expect(runForRequest(new AbortController().signal, async () => await prisma.followUp.count())).resolves.toBe(0);
  });

  it('leaves other errors alone (a unique violation is not database trouble)', async () => {
    const duplicate = await failure(prisma.$executeRaw`INSERT INTO probe VALUES (1, 0)`);
    expect(classifyDatabaseError(duplicate)).toBeUndefined();
    expect(classifyDatabaseError(new Error('something else'))).toBeUndefined();
  });

  describe('on a server that freezes or stops', () => {
    it('a frozen server: a pooled connection times out (query_timeout), a new one cannot open; both 503, then it recovers', async () => {
      const server = await startThrowawayPostgres({ port: Number(process.env.TEST_THROWAWAY_PG_PORT ?? 54371) + 1 });
      const frozenPrisma = prismaOn(server.url());
      try {
        await frozenPrisma.$queryRaw`SELECT 1`;
        await server.freeze();
        let started = performance.now();
        const pooled = await failure(frozenPrisma.$queryRaw`SELECT 1`);
        const pooledMs = performance.now() - started;
        const opening = failure(frozenPrisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1`));
        started = performance.now();
        const fresh = await opening;
        const freshMs = performance.now() - started;
        await server.thaw();
        console.log(`frozen server: pooled connection failed after ${Math.round(pooledMs)} ms, a new one after ${Math.round(freshMs)} ms`);
        expect(String(pooled)).toContain('Query read timeout');
        expect(classifyDatabaseError(pooled)).toBe('unavailable');
        expect(classifyDatabaseError(fresh)).toBe('unavailable');
        // The connection that timed out was closed, not returned stuck to the pool: work goes on at once.
        await expect(frozenPrisma.$queryRaw`SELECT 1 AS one`).resolves.toEqual([{ one: 1 }]);

        await server.stop();
        const stopped = await failure(frozenPrisma.$queryRaw`SELECT 1`);
        expect(classifyDatabaseError(stopped)).toBe('unavailable');
        await server.start();
        await expect(frozenPrisma.$queryRaw`SELECT 1 AS one`).resolves.toEqual([{ one: 1 }]);
      } finally {
        await frozenPrisma.$disconnect();
        await server.destroy();
      }
    }, 60_000);
  });
});
