import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? ['true', '1', 'yes'].includes(value.toLowerCase())
      ? true
      : ['false', '0', 'no'].includes(value.toLowerCase())
        ? false
        : value
    : value;
const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export const ADMIN_BUNDLES = ['production', 'development'] as const;
export type AdminBundle = (typeof ADMIN_BUNDLES)[number];

/** Every environment variable the service reads. `.env.example` documents each one. */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /**
   * Which AdminJS bundles the panel serves: the minified production ones (`npm start`, tests) or the readable
   * development ones (`npm run dev`), whatever NODE_ENV says.
   */
  @IsIn(ADMIN_BUNDLES)
  ADMIN_BUNDLE: AdminBundle = 'production';

  @Transform(toInteger)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** External PostgreSQL. When unset, an embedded server is started with its data under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// connection string' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @Transform(toInteger)
  @Min(1024)
  @Max(65535)
  @IsInt()
  EMBEDDED_PG_PORT = 54329;

  @Transform(toInteger)
  @Min(1)
  @Max(100)
  @IsInt()
  DATABASE_POOL_SIZE = 10;

  // Bounded waits and back-pressure: every wait on the database ends, and load beyond it is a 503 (README "Under load and outages").
  /** How long a request waits for a pooled connection (and for a new one to open) before a 503. */
  @Transform(toInteger)
  @Min(100)
  @Max(60_000)
  @IsInt()
  DATABASE_ACQUIRE_TIMEOUT_MS = 3000;

  /** PostgreSQL's statement_timeout for the service's connections. */
  @Transform(toInteger)
  @Min(100)
  @Max(600_000)
  @IsInt()
  DATABASE_STATEMENT_TIMEOUT_MS = 3000;

  /** PostgreSQL's lock_timeout: how long a statement waits for a row or table lock. */
  @Transform(toInteger)
  @Min(100)
  @Max(600_000)
  @IsInt()
  DATABASE_LOCK_TIMEOUT_MS = 2000;

  /** The longest a transaction may last (Prisma's interactive transaction timeout; also idle_in_transaction_session_timeout). */
  @Transform(toInteger)
  @Min(100)
  @Max(600_000)
  @IsInt()
  DATABASE_TRANSACTION_TIMEOUT_MS = 15_000;

  /** How long /health/ready waits for the database before it answers 503. */
  @Transform(toInteger)
  @Min(100)
  @Max(60_000)
  @IsInt()
  DATABASE_HEALTH_TIMEOUT_MS = 2000;

  /** Requests to /api/v1 and /admin served at once; more wait in a queue. Defaults to DATABASE_POOL_SIZE. */
  @Transform(toInteger)
  @IsOptional()
  @Min(1)
  @Max(10_000)
  @IsInt()
  MAX_CONCURRENT_REQUESTS?: number;

  /** Requests that may wait for a turn; beyond it a request is answered 503 at once. */
  @Transform(toInteger)
  @Min(0)
  @Max(100_000)
  @IsInt()
  ADMISSION_QUEUE_LIMIT = 100;

  /** How long a request waits for a turn before a 503. */
  @Transform(toInteger)
  @Min(1)
  @Max(60_000)
  @IsInt()
  ADMISSION_QUEUE_TIMEOUT_MS = 3000;

  /** Node's headersTimeout: a client must send its request headers within this. */
  @Transform(toInteger)
  @Min(1)
  @Max(300)
  @IsInt()
  HEADERS_TIMEOUT_SECONDS = 20;

  /** Node's requestTimeout: a client must send its whole request (headers and body) within this. */
  @Transform(toInteger)
  @Min(1)
  @Max(3600)
  @IsInt()
  REQUEST_TIMEOUT_SECONDS = 60;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * The address clients reach the service at (no trailing slash). Problem types are absolute URIs under it
   * (`<PUBLIC_URL>/problems/archived`), each a page describing the problem. Default: http://localhost:<PORT>.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*[^/?#\s])?$/, { message: 'PUBLIC_URL must be an http(s) URL without a trailing slash, query or fragment' })
  PUBLIC_URL?: string;

  /** Comma-separated origins allowed to call the API from a browser; empty allows none. */
  @IsString()
  CORS_ORIGINS = '';

  @Transform(toInteger)
  @Min(1)
  @IsInt()
  RATE_LIMIT_PER_MINUTE = 300;

  // Login and authentication limits (per instance, in memory).
  /** Failed panel logins allowed per account in 15 minutes; after them the account's logins are refused until the window ends. */
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  LOGIN_FAILURES_PER_ACCOUNT = 10;

  /** Failed panel logins allowed per client address in 15 minutes (an office behind one NAT shares it). */
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  LOGIN_FAILURES_PER_ADDRESS = 200;

  /** API requests with a missing, unknown or revoked key allowed per client address per minute; then 429 without a database lookup. */
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  AUTH_FAILURES_PER_MINUTE = 30;

  /** Open connections allowed per client address; 0 turns the cap off (behind a proxy every client shares its address). */
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  MAX_CONNECTIONS_PER_ADDRESS = 256;

  @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT = '1mb';

  @Transform(toBoolean)
  @IsBoolean()
  SEED_ON_START = true;

  // Idempotency-Key: how long a claim may stay in progress before a retry may answer or take it, and how long a
  // stored response is replayed before the key is purged and may be used again.
  @Transform(toInteger)
  @Min(1)
  @Max(3600)
  @IsInt()
  IDEMPOTENCY_CLAIM_TIMEOUT = 60;

  @Transform(toInteger)
  @Min(1)
  @Max(30 * 86400)
  @IsInt()
  IDEMPOTENCY_TTL = 86400;

  /** How long the change feed (GET /api/v1/changes) keeps events; a cursor older than what was purged is a 410. */
  @Transform(toInteger)
  @Min(1)
  @Max(3650)
  @IsInt()
  CHANGE_FEED_RETENTION_DAYS = 90;

  // Webhooks (README "Webhooks"): the loops that fan the feed out into deliveries, send them and announce overdue
  // follow-ups. Every instance may run them: rows are claimed with FOR UPDATE SKIP LOCKED, so each event goes out once.
  /** Run the webhook and overdue loops in this instance (false for an instance that only serves requests). */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_WORKERS = true;

  /** How often an idle instance looks for new events and due deliveries. */
  @Transform(toInteger)
  @Min(10)
  @Max(60_000)
  @IsInt()
  WEBHOOK_POLL_INTERVAL_MS = 1000;

  /** A receiver must answer within this, or the attempt counts as failed. */
  @Transform(toInteger)
  @Min(100)
  @Max(60_000)
  @IsInt()
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** The first retry waits about this long; each further one twice as long (with jitter), up to WEBHOOK_RETRY_MAX_MS. */
  @Transform(toInteger)
  @Min(10)
  @Max(3_600_000)
  @IsInt()
  WEBHOOK_RETRY_BASE_MS = 10_000;

  @Transform(toInteger)
  @Min(10)
  @Max(86_400_000)
  @IsInt()
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  /** How long after the event a delivery is retried before it is marked failed. */
  @Transform(toInteger)
  @Min(1)
  @Max(7 * 86400)
  @IsInt()
  WEBHOOK_RETRY_WINDOW_SECONDS = 86_400;

  /** How long delivered and failed webhook deliveries stay in the delivery log before they are purged. */
  @Transform(toInteger)
  @Min(1)
  @Max(3650)
  @IsInt()
  WEBHOOK_DELIVERY_RETENTION_DAYS = 30;

  /** How often the overdue job looks for follow-ups whose due date has passed. */
  @Transform(toInteger)
  @Min(10)
  @Max(86_400_000)
  @IsInt()
  OVERDUE_CHECK_INTERVAL_MS = 60_000;

  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Signs admin panel session cookies. Required in production; elsewhere one is generated under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET?: string;

  /** Send the admin session cookie over HTTPS only. Defaults to true in production. */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  COOKIE_SECURE?: boolean;

  /** The first admin, created on a start with no users. Without them a random password is generated and printed once. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get maxConcurrentRequests(): number {
    return this.MAX_CONCURRENT_REQUESTS ?? this.DATABASE_POOL_SIZE;
  }

  get publicUrl(): string {
    return this.PUBLIC_URL ?? `http://localhost:${this.PORT}`;
  }

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new AppConfig())
      .concat(['DATABASE_URL', 'SESSION_SECRET', 'COOKIE_SECURE', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'MAX_CONCURRENT_REQUESTS'])
      .filter((name) => env[name] !== undefined)
      .map((name) => [name, env[name]]),
  );
  const config = plainToInstance(AppConfig, known, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const shown = error.property.includes('PASSWORD') || error.property.includes('SECRET') ? '(hidden)' : JSON.stringify(known[error.property]);
      return `  ${error.property}=${shown}: ${Object.values(error.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  if (config.HEADERS_TIMEOUT_SECONDS > config.REQUEST_TIMEOUT_SECONDS) {
    throw new ConfigError('Invalid configuration: HEADERS_TIMEOUT_SECONDS must not exceed REQUEST_TIMEOUT_SECONDS.');
  }
  if (config.ADMIN_EMAIL && !config.ADMIN_PASSWORD) throw new ConfigError('Invalid configuration: ADMIN_EMAIL is set but ADMIN_PASSWORD is not.');
  if (config.IDEMPOTENCY_TTL <= config.IDEMPOTENCY_CLAIM_TIMEOUT) {
    // Else a key would expire, and be taken again, while the request that claimed it may still be running.
    throw new ConfigError('Invalid configuration: IDEMPOTENCY_TTL must be longer than IDEMPOTENCY_CLAIM_TIMEOUT.');
  }
  if (config.isProduction && !config.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET is required when NODE_ENV=production (at least 32 random characters).');
  }
  return config;
}
