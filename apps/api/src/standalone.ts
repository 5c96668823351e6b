import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { type AppConfig, ConfigError, loadConfig } from './infrastructure/config/app-config.js';
import { provideDatabase } from './infrastructure/database/database-provider.js';
import { EmbeddedPostgresError } from './infrastructure/database/embedded-postgres.js';
import { applyMigrations } from './infrastructure/database/migrations.js';
import { projectRoot } from './infrastructure/database/project-root.js';

/**
 * Runs a command-line task (seed, CLI) with the same services as the server, on the same database: DATABASE_URL, or
 * the embedded server (reused if `npm start` is running it, otherwise started and stopped around the task).
 * `rootModule` is as much of the application as the task needs: the CLI's key and user commands boot only the
 * infrastructure and auth modules, not the panel and every domain module (seconds of imports and set-up).
 */
export async function runStandalone(
  rootModule: (config: AppConfig, databaseUrl: string) => DynamicModule,
  task: (app: INestApplicationContext, config: AppConfig) => Promise<void>,
): Promise<void> {
  const log = (message: string) => process.stderr.write(`[kelisim] ${message}\n`);
  try {
    const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
    const root = projectRoot();
    const database = await provideDatabase(config, root, log);
    try {
      await applyMigrations(database.url, root);
      const app = await NestFactory.createApplicationContext(rootModule(config, database.url), { logger: ['error', 'warn'] });
      try {
        await task(app, config);
      } finally {
        await app.close();
      }
    } finally {
      await database.stop();
    }
  } catch (error) {
    const expected = error instanceof ConfigError || error instanceof EmbeddedPostgresError || isProblem(error);
    log(`Failed: ${expected ? describe(error) : error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  }
}

function isProblem(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'problem' in error;
}

function describe(error: unknown): string {
  if (isProblem(error)) {
    const problem = (error as { problem: { detail?: string; errors?: { field: string; message: string }[] } }).problem;
    return [problem.detail, ...(problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)].filter(Boolean).join('\n  ');
  }
  return (error as Error).message;
}
