import path from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ProvidedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL, started (or reused) with its data under DATA_DIR. */
export async function provideDatabase(config: AppConfig, root: string, log: (message: string) => void): Promise<ProvidedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: () => Promise.resolve() };
  const server = await startEmbeddedPostgres({
    dataDir: path.resolve(root, config.DATA_DIR, 'postgres'),
    port: config.EMBEDDED_PG_PORT,
    database: 'kelisim',
    log,
  });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}
