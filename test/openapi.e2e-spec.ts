// The OpenAPI document is generated from the code; this lints it with Redocly's recommended rules (redocly.yaml) and
// fails on any error or warning.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ALL_RECORD_TYPES } from '../apps/api/src/domain/record-types.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('OpenAPI document', () => {
  let t: TestApp;
  let document: {
    paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    components: { securitySchemes: object };
  };

  beforeAll(async () => {
    t = await createTestApp();
    document = (await request(t.app.getHttpServer()).get('/api/openapi.json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('passes the Redocly linter with no errors and no warnings', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-openapi-')), 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(document));
    const result = spawnSync(
      process.execPath,
      [
        path.join(process.cwd(), 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'),
        'lint',
        file,
        '--format=json',
        '--config',
        path.join(process.cwd(), 'redocly.yaml'),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        timeout: 60_000,
      },
    );
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
      totals: { errors: number; warnings: number };
    };
    expect(report.problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('describes every resource of the API, its security scheme and its error responses', () => {
    for (const resource of [...ALL_RECORD_TYPES.map((type) => type.route), 'sources', 'reports/memoranda', 'reports/follow-ups']) {
      expect(Object.keys(document.paths)).toContain(`/api/v1/${resource}`);
    }
    // Every record type has its tag, in the registry's order after the probes.
    expect((document as unknown as { tags: { name: string }[] }).tags.map((tag) => tag.name)).toEqual([
      'health',
      ...ALL_RECORD_TYPES.map((type) => type.route),
      'sources',
      'reports',
      'changes',
    ]);
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    for (const [route, operations] of Object.entries(document.paths)) {
      if (!route.startsWith('/api/v1')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        // Every API route uses the database, so each may answer 503 when it is busy or down.
        expect({ route, method, has401: '401' in operation.responses, has503: '503' in operation.responses }).toEqual({
          route,
          method,
          has401: true,
          has503: true,
        });
      }
    }
  });

  it('documents on every POST the Idempotency-Key it takes and the 409 with Retry-After while that key is in use', () => {
    const posts = Object.entries(document.paths).filter(([route, operations]) => route.startsWith('/api/v1') && operations.post);
    expect(posts.length).toBeGreaterThan(0);
    for (const [route, { post }] of posts) {
      const operation = post as unknown as {
        parameters?: { name: string; in: string }[];
        responses: Record<string, { headers?: object; description: string }>;
      };
      expect({ route, header: operation.parameters?.some((parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key') }).toEqual({
        route,
        header: true,
      });
      expect({ route, retryAfter: Object.keys(operation.responses['409']?.headers ?? {}).includes('Retry-After') }).toEqual({ route, retryAfter: true });
      expect(operation.responses['409'].description).toContain('Idempotency-Key');
    }
  });

  it('serves the interactive documentation', async () => {
    const page = await request(t.app.getHttpServer()).get('/api/docs').expect(200);
    expect(page.text).toContain('swagger-ui');
  });
});
