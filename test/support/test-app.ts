import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../apps/api/src/app.factory.js';
import { loadConfig } from '../../apps/api/src/infrastructure/config/app-config.js';
import { PrismaService } from '../../apps/api/src/infrastructure/prisma/prisma.service.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: NestExpressApplication;
  prisma: PrismaService;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real application on its own fresh database. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // The webhook and overdue loops write rows on their own: off unless a test is about them (WEBHOOK_WORKERS: 'true').
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_ON_START: 'false', DATA_DIR: '.data/test', WEBHOOK_WORKERS: 'false', ...env });
  const app = await createApp(config, database.url);
  await app.init();
  return {
    app,
    prisma: app.get(PrismaService),
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
