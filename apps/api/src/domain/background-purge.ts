import type { Logger } from '@nestjs/common';

/**
 * A purge that runs in the background every so often (expired idempotency keys, old change events): never two
 * rounds at once, and a failure is logged and left to the next round, since the database may be away for a while.
 * The timer is unref'd, so a purge never keeps a process (a CLI task, a test) alive.
 */
export class BackgroundPurge {
  private timer?: NodeJS.Timeout;
  private running = false;

  /** `purge` returns how many rows it deleted; `what` names them in the log ("expired idempotency keys"). */
  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly purge: () => Promise<number>,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.runOnce(), everyMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const purged = await this.purge();
      if (purged) this.logger.log(`Purged ${purged} ${this.what}.`);
    } catch (error) {
      this.logger.warn(`Purging ${this.what} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
