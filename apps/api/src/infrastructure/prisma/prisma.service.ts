import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '../config/app-config.js';
import { BoundedPool } from '../database/bounded-pool.js';
import { DatabaseUrl } from '../database/database-url.js';

const statementNames = new Map<string, string>();

/** A prepared statement's name: the same for the same text, different for any other (a digest of it). */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `kelisim_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

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
   * errors are pg's own, which database-errors.ts reads as it reads the adapter's. Each statement is prepared once per
   * connection under a name of its own: after that a read sends only its parameters, and PostgreSQL does not parse
   * and plan the kilobytes of SQL again (those writes were a third of node's CPU on one memorandum).
   */
  async rowsOf<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.pool.query({ name: statementName(sql), text: sql, values: params })).rows as T[];
  }

  /** After the HTTP server has closed (Nest runs destroy hooks before that), so requests in flight can finish. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
