import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { LRUCache } from 'lru-cache';
import path from 'node:path';
import type { AppConfig } from '../infrastructure/config/app-config.js';
import { BoundedPool } from '../infrastructure/database/bounded-pool.js';

export const SESSION_COOKIE = 'kelisim.sid';
const SESSION_TTL_SECONDS = 8 * 60 * 60;
/**
 * A rolling session's expiry is written to its row at most this often: each panel page makes several reads, and
 * writing the row on every one of them was an UPDATE per read. A session idle for the whole TTL may so end up to this
 * much earlier than its cookie says.
 */
export const SESSION_TOUCH_INTERVAL_MS = 5 * 60_000;

/**
 * The secret that signs session cookies: SESSION_SECRET, else one generated on first start and kept in
 * DATA_DIR/session-secret (0600) so that restarts and other instances sharing DATA_DIR keep sessions valid.
 */
export function sessionSecret(config: AppConfig): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  const file = path.resolve(config.DATA_DIR, 'session-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    // `wx` fails if another instance won the race; then its secret is the one to use.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
  fs.chmodSync(file, 0o600);
  return secret;
}

export interface SessionSetup {
  middleware: ReturnType<typeof session>;
  close(): Promise<void>;
}

/** Lets a session's expiry through to the store once per SESSION_TOUCH_INTERVAL_MS in this instance; saves are not held back. */
function throttleTouches(store: session.Store): void {
  const touch = store.touch?.bind(store);
  if (!touch) return;
  const touched = new LRUCache<string, true>({ max: 10_000, ttl: SESSION_TOUCH_INTERVAL_MS });
  store.touch = (sid, data, callback) => {
    if (touched.has(sid)) return callback?.();
    touched.set(sid, true);
    touch(sid, data, callback);
  };
}

/**
 * Sessions live in PostgreSQL (the `session` table, created by the migrations, never by connect-pg-simple), so every
 * app instance behind a load balancer sees the same logins.
 */
export function createSessionMiddleware(config: AppConfig, databaseUrl: string): SessionSetup {
  const PgStore = connectPgSimple(session);
  // The same bounded waits as the service's own pool: a frozen database must not hang the panel on its session.
  const pool = new BoundedPool(databaseUrl, config, 3);
  const store = new PgStore({ pool, tableName: 'session', createTableIfMissing: false, ttl: SESSION_TTL_SECONDS, pruneSessionInterval: 15 * 60 });
  throttleTouches(store);
  const middleware = session({
    store,
    name: SESSION_COOKIE,
    secret: sessionSecret(config),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.TRUST_PROXY,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.COOKIE_SECURE ?? config.isProduction,
      path: '/admin',
      maxAge: SESSION_TTL_SECONDS * 1000,
    },
  });
  return {
    middleware,
    async close() {
      store.close();
      await pool.end();
    },
  };
}
