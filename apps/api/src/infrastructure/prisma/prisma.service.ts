import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '../config/app-config.js';
import { BoundedPool } from '../database/bounded-pool.js';
import { DatabaseUrl } from '../database/database-url.js';

@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  /** Prisma's own pool, for the statements that need nothing of Prisma (rowsOf). */
  private readonly pool: BoundedPool;

  constructor(databaseUrl: DatabaseUrl, config: AppConfig) {
    const pool = new BoundedPool(databaseUrl.value, config);
    super({
      adapter: new PrismaPg(pool, { disposeExternalPool: true }),
      // The defaults of every interactive transaction ($transaction(async (tx) => ...)); one that names its own keeps them.
      transactionOptions: { maxWait: config.DATABASE_ACQUIRE_TIMEOUT_MS, timeout: config.DATABASE_TRANSACTION_TIMEOUT_MS },
    });
    this.pool = pool;
  }

  /**
   * The rows of one hand-written statement, sent by pg on the same pool as everything else (same bounds, timeouts and
   * abandoned-request check): what `$queryRawUnsafe` answers, without Prisma's client runtime around it, which was
   * the largest share of node's CPU on a hot read that is one statement (domain/versioned-records.ts JsonReads). Its
   * errors are pg's own, which database-errors.ts reads as it reads the adapter's.
   */
  async rowsOf<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  /** After the HTTP server has closed (Nest runs destroy hooks before that), so requests in flight can finish. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
