import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '../config/app-config.js';
import { DatabaseUrl } from '../database/database-url.js';

@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(databaseUrl: DatabaseUrl, config: AppConfig) {
    super({ adapter: new PrismaPg({ connectionString: databaseUrl.value, max: config.DATABASE_POOL_SIZE }) });
  }

  /** After the HTTP server has closed (Nest runs destroy hooks before that), so requests in flight can finish. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
