import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, NODE_ENV: 'development', EMBEDDED_PG_PORT: 54329, SEED_ON_START: true });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('admits as many requests at once as the pool has connections, unless told otherwise', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '4' }).maxConcurrentRequests).toBe(4);
    expect(loadConfig({ DATABASE_POOL_SIZE: '4', MAX_CONCURRENT_REQUESTS: '8' }).maxConcurrentRequests).toBe(8);
  });

  it('parses numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', SEED_ON_START: 'false', CORS_ORIGINS: 'https://a.kz, https://b.kz' });
    expect(config.PORT).toBe(8080);
    expect(config.SEED_ON_START).toBe(false);
    expect(config.corsOrigins).toEqual(['https://a.kz', 'https://b.kz']);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty": PORT must be an integer number/],
    [{ PORT: '70000' }, /PORT="70000": PORT must not be greater than 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL="mysql:\/\/x": DATABASE_URL must be a postgres/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV="staging"/],
    [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD=\(hidden\): ADMIN_PASSWORD must be at least 12 characters/],
    [{ ADMIN_EMAIL: 'admin@example.kz' }, /ADMIN_EMAIL is set but ADMIN_PASSWORD is not/],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET is required when NODE_ENV=production/],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '10' }, /DATABASE_STATEMENT_TIMEOUT_MS="10": DATABASE_STATEMENT_TIMEOUT_MS must not be less than 100/],
    [{ HEADERS_TIMEOUT_SECONDS: '90' }, /HEADERS_TIMEOUT_SECONDS must not exceed REQUEST_TIMEOUT_SECONDS/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
