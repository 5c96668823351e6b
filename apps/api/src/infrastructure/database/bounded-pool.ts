import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';

/** The settings that bound every wait on the database; README "Under load and outages" describes them. */
export type DatabaseBounds = Pick<
  AppConfig,
  'DATABASE_POOL_SIZE' | 'DATABASE_ACQUIRE_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS' | 'DATABASE_LOCK_TIMEOUT_MS' | 'DATABASE_TRANSACTION_TIMEOUT_MS'
>;

/**
 * How much longer than `statement_timeout` the client itself waits for an answer. The server cancels a slow
 * statement by itself; only a server that does not answer at all (frozen, or the network gone) reaches this.
 */
export const QUERY_TIMEOUT_MARGIN_MS = 1000;

/** How much longer than a transaction may last the server lets a transaction sit idle before it ends the session. */
export const IDLE_IN_TRANSACTION_MARGIN_MS = 5000;

/** The message pg gives a query whose answer did not arrive within `query_timeout`. */
export const QUERY_READ_TIMEOUT_MESSAGE = 'Query read timeout';

/** The pool options: a bounded wait for a connection and server-side limits sent with every new connection. */
export function boundedPoolConfig(connectionString: string, bounds: DatabaseBounds, max = bounds.DATABASE_POOL_SIZE): pg.PoolConfig {
  return {
    connectionString,
    max,
    // Both the wait for a free pooled connection and the opening of a new one (a frozen server accepts TCP
    // connections but never answers the start-up message).
    connectionTimeoutMillis: bounds.DATABASE_ACQUIRE_TIMEOUT_MS,
    statement_timeout: bounds.DATABASE_STATEMENT_TIMEOUT_MS,
    lock_timeout: bounds.DATABASE_LOCK_TIMEOUT_MS,
    // A transaction left open by a client that stopped talking holds its locks. Longer than Prisma's own
    // transaction timeout, which rolls back cleanly first; this is the server's safety net behind it.
    idle_in_transaction_session_timeout: bounds.DATABASE_TRANSACTION_TIMEOUT_MS + IDLE_IN_TRANSACTION_MARGIN_MS,
    query_timeout: bounds.DATABASE_STATEMENT_TIMEOUT_MS + QUERY_TIMEOUT_MARGIN_MS,
    // Notices a peer that vanished (a dropped network, a host gone) on idle connections.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    idleTimeoutMillis: 30_000,
    Client: DroppingStuckClient,
  };
}

/**
 * Two repairs of what happens when a connection dies inside a transaction (the server restarted or frozen, the
 * session killed), both measured in database-errors.spec.ts:
 *
 * - After a query read timeout pg keeps the connection and queues the next statement behind the one that never
 *   answered: a transaction's ROLLBACK would never be sent, and the connection would go back to the pool still
 *   inside that transaction. Such a connection is closed instead; the server rolls its transaction back.
 * - Prisma releases a transaction's connection only after its COMMIT or ROLLBACK succeeds, and rolls back a timed-out
 *   transaction from a timer without catching the failure: a ROLLBACK on a dead connection would leak the connection
 *   and crash the process with an unhandled rejection. A ROLLBACK on a connection that is gone has nothing left to
 *   undo (PostgreSQL aborts the transaction of a session that ends), so it is reported as done.
 */
class DroppingStuckClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one override for all of pg.Client#query's overloads, whose result types differ
  override query(...args: unknown[]): any {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, ...results: unknown[]) => {
        this.dropIfStuck(error);
        (last as (...callbackArgs: unknown[]) => void)(error, ...results);
      };
      return (super.query as (...queryArgs: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...queryArgs: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      this.dropIfStuck(error);
      if (isRollback(args[0]) && this.isGone()) return { command: 'ROLLBACK', rowCount: 0, rows: [], fields: [] };
      throw error;
    });
  }

  private dropIfStuck(error: unknown): void {
    if (error instanceof Error && error.message === QUERY_READ_TIMEOUT_MESSAGE) this.connectionStream().destroy();
  }

  private isGone(): boolean {
    const stream = this.connectionStream();
    return stream.destroyed || !stream.writable;
  }

  private connectionStream(): { destroy(): void; destroyed: boolean; writable: boolean } {
    return (this as unknown as { connection: { stream: { destroy(): void; destroyed: boolean; writable: boolean } } }).connection.stream;
  }
}

function isRollback(query: unknown): boolean {
  const text = typeof query === 'string' ? query : (query as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' && text.trim().toUpperCase() === 'ROLLBACK';
}

/** Thrown instead of starting database work for a request whose client has gone. */
export class AbandonedRequestError extends Error {
  constructor() {
    super('The client has gone; no further database work is started for its request.');
  }
}

const currentRequest = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` (and everything it starts) on behalf of a request that `signal` reports abandoned. */
export function runForRequest<T>(signal: AbortSignal, work: () => T): T {
  return currentRequest.run(signal, work);
}

/**
 * The pool behind Prisma. Every statement outside a transaction and every transaction takes a connection through
 * `connect()`, so a request whose client has gone starts no further work there; a transaction already under way
 * runs to its end (or its timeout), so that it commits or rolls back cleanly.
 */
export class BoundedPool extends pg.Pool {
  constructor(connectionString: string, bounds: DatabaseBounds, max?: number) {
    super(boundedPoolConfig(connectionString, bounds, max));
    // An idle connection that the server closes (a restart, pg_terminate_backend) must not crash the process; the
    // pool drops it and the next request opens a new one.
    this.on('error', () => undefined);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    if (currentRequest.getStore()?.aborted) {
      const error = new AbandonedRequestError();
      if (!callback) return Promise.reject(error);
      process.nextTick(() => callback(error, undefined, () => undefined));
      return;
    }
    if (callback) return super.connect(callback);
    return super.connect().then(releasedWhenItEnds);
  }
}

/**
 * A checked-out connection that ends (see DroppingStuckClient: Prisma may never release it) goes back to the pool,
 * which discards it, so that an outage does not shrink the pool for good. Releasing twice is harmless.
 */
function releasedWhenItEnds(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  let released = false;
  const onEnd = () => client.release(new Error('The connection ended while it was checked out.'));
  client.once('end', onEnd);
  client.release = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener('end', onEnd);
    release(error);
  };
  return client;
}
