import type { TestApp } from './test-app.js';

/**
 * Waits until the change feed serves every event of this database: the feed (and its fan-out and purge) reads only
 * below the oldest transaction still running, and transaction ids are the cluster's, so a transaction of another
 * suite on the shared test cluster (a lock holder, a slow torture writer) holds this database's newest events back.
 * Without this, a spec reading the feed right after its writes saw nothing now and then on a loaded machine.
 */
export async function feedSettled(t: TestApp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ settled }] = await t.prisma.$queryRaw<{ settled: boolean }[]>`
      SELECT coalesce((SELECT xid FROM change_event ORDER BY xid DESC LIMIT 1) < pg_snapshot_xmin(pg_current_snapshot()), true) AS settled`;
    if (settled) return;
    if (Date.now() > deadline) throw new Error(`the change feed was held back by a running transaction for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
