import 'reflect-metadata';
import path from 'node:path';
import { createApp } from './app.factory.js';
import { AdminUsersService } from './auth/admin-users.service.js';
import { SeedService } from './seed/seed.service.js';
import { ConfigError, loadConfig } from './infrastructure/config/app-config.js';
import { provideDatabase } from './infrastructure/database/database-provider.js';
import { EmbeddedPostgresError } from './infrastructure/database/embedded-postgres.js';
import { applyMigrations } from './infrastructure/database/migrations.js';
import { CYRILLIC_TRIGRAMS_WARNING, cyrillicTrigramsWork } from './infrastructure/database/character-classes.js';
import { projectRoot } from './infrastructure/database/project-root.js';

const say = (message: string) => process.stdout.write(`[kelisim] ${message}\n`);

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const root = projectRoot();
  const database = await provideDatabase(config, root, say);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received, shutting down.`);
    await app?.close().catch((error: unknown) => say(`Error while closing the app: ${String(error)}`));
    await database.stop().catch((error: unknown) => say(`Error while stopping the database: ${String(error)}`));
    process.exit(0);
  };
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  try {
    await applyMigrations(database.url, root);
    say('Database migrations are applied.');
    if (!(await cyrillicTrigramsWork(database.url))) say(CYRILLIC_TRIGRAMS_WARNING);
    app = await createApp(config, database.url);
    await app.get(AdminUsersService).ensureInitialAdmin(path.resolve(root, config.DATA_DIR), say);
    if (config.SEED_ON_START && (await app.get(SeedService).isEmpty())) {
      const counts = await app.get(SeedService).run();
      say(`Loaded the register from the source articles (${counts.created} records).`);
    }
    await app.listen(config.PORT, config.HOST);
    say(`Kelisim is listening on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.stop().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof EmbeddedPostgresError;
  process.stderr.write(`[kelisim] Start-up failed: ${expected ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
