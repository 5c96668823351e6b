import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '../config/app-config.js';
import { BoundedPool } from '../database/bounded-pool.js';
import { DatabaseUrl } from '../database/database-url.js';

@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(databaseUrl: DatabaseUrl, config: AppConfig) {
    super({
      adapter: new PrismaPg(new BoundedPool(databaseUrl.value, config), { disposeExternalPool: true }),
      // The defaults of every interactive transaction ($transaction(async (tx) => ...)); one that names its own keeps them.
      transactionOptions: { maxWait: config.DATABASE_ACQUIRE_TIMEOUT_MS, timeout: config.DATABASE_TRANSACTION_TIMEOUT_MS },
    });
  }

  /** After the HTTP server has closed (Nest runs destroy hooks before that), so requests in flight can finish. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
