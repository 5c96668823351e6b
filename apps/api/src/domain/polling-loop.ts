import type { Logger } from '@nestjs/common';

/**
 * A background job that runs in rounds (webhook deliveries, the overdue check): one round at a time, the next right
 * away when a round says there is more to do, else after `everyMs`. A failed round is logged and the loop goes on,
 * since the database may be away for a while. stop() waits for the round under way, so a shutdown never leaves a
 * statement running on a pool that is about to close. The timer is unref'd: a loop never keeps a process alive.
 */
export class PollingLoop {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopped = true;

  /** `round` returns true when it stopped short with more to do. */
  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly round: () => Promise<boolean>,
  ) {}

  start(everyMs: number): void {
    this.stopped = false;
    const next = (delayMs: number) => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.current = this.runOnce().then((more) => next(more ? 0 : everyMs));
      }, delayMs).unref();
    };
    next(everyMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private async runOnce(): Promise<boolean> {
    try {
      return await this.round();
    } catch (error) {
      if (!this.stopped) this.logger.warn(`${this.what} failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
