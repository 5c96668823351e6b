// The command-line tool as a user runs it (the compiled entry point), against a real database.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { AUTHENTICATION_CACHE_MS } from '../apps/api/src/auth/api-keys.service.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const CLI = path.join(process.cwd(), 'dist', 'apps', 'api', 'src', 'cli.js');

describe('npm run cli', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  function cli(...args: string[]) {
    const result = spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('creates an API key that works, prints it once on the last line, and revokes it', async () => {
    const created = cli('api-key', 'create', '--name', 'portal', '--scope', 'read');
    expect(created.status).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^klsm_/);
    const stored = await t.prisma.apiKey.findUniqueOrThrow({ where: { name: 'portal' } });
    expect(stored.secretHash).not.toContain(key);
    expect(stored.scopes).toEqual(['read']);

    const server = t.app.getHttpServer();
    await request(server).get('/api/v1/memoranda').set('Authorization', `Bearer ${key}`).expect(200);
    await request(server).post('/api/v1/memoranda').set('Authorization', `Bearer ${key}`).send({ titleRu: 'x' }).expect(403);
    expect((await t.prisma.apiKey.findUniqueOrThrow({ where: { name: 'portal' } })).lastUsedAt).not.toBeNull();

    expect(cli('api-key', 'revoke', 'portal').status).toBe(0);
    // The server trusts a key it read for at most AUTHENTICATION_CACHE_MS: revoked from another process, it is refused by then.
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < AUTHENTICATION_CACHE_MS + 2_000) {
      status = (await request(server).get('/api/v1/memoranda').set('Authorization', `Bearer ${key}`)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(401);
    expect(cli('api-key', 'list').stdout).toMatch(/portal\tread\t.*revoked/);
  });

  it('refuses a duplicate name, a bad scope and an unknown command without writing', async () => {
    expect(cli('api-key', 'create', '--name', 'dup', '--scope', 'write').status).toBe(0);
    const duplicate = cli('api-key', 'create', '--name', 'dup', '--scope', 'write');
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
    const badScope = cli('api-key', 'create', '--name', 'x', '--scope', 'admin');
    expect(badScope.status).toBe(2);
    expect(badScope.stderr).toMatch(/--scope must be one of read, write/);
    expect(cli('frobnicate').status).toBe(2);
    expect(await t.prisma.apiKey.count({ where: { name: { in: ['x'] } } })).toBe(0);
  });

  it('creates admin panel users with argon2 hashes and checks their input', async () => {
    const created = cli('user', 'create', '--email', 'Staff@Example.kz', '--password', 'correct horse battery', '--role', 'editor');
    expect(created.status).toBe(0);
    const user = await t.prisma.adminUser.findUniqueOrThrow({ where: { email: 'staff@example.kz' } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.role).toBe('editor');
    const weak = cli('user', 'create', '--email', 'weak@example.kz', '--password', 'short', '--role', 'viewer');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/password must be at least 12 characters/);
    const badRegion = cli(
      'user',
      'create',
      '--email',
      'r@example.kz',
      '--password',
      'long enough password',
      '--role',
      'editor',
      '--region',
      '00000000-0000-4000-8000-000000000000',
    );
    expect(badRegion.status).toBe(1);
    expect(await t.prisma.adminUser.count()).toBe(1);
  });
});
