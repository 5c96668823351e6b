// The panel as production serves it: the compiled service with NODE_ENV=production, started the way the Docker
// image starts it, serving the component bundle that `npm run build` pre-built (no bundling, no file watcher).
import { jest } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, screenshot } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const MAIN = path.join(process.cwd(), 'dist', 'apps', 'api', 'src', 'main.js');
const PREBUILT_BUNDLE = path.join(process.cwd(), 'dist', 'admin-bundle', 'production', 'bundle.js');
const ADMINJS_SCRIPTS = path.join(process.cwd(), 'node_modules', 'adminjs', 'lib', 'frontend', 'assets', 'scripts');
const EMAIL = 'first.admin@kelisim.test';
const PASSWORD = 'production-admin-password';

jest.setTimeout(120_000);

describe('the admin panel in production mode', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-production-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  let database: TestDatabase;
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';
  let browser: Browser;

  beforeAll(async () => {
    database = await createTestDatabase();
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: 'a-production-session-secret-of-forty-characters',
        // Plain HTTP in the test; behind TLS in production the default (Secure) applies.
        COOKIE_SECURE: 'false',
        ADMIN_EMAIL: EMAIL,
        ADMIN_PASSWORD: PASSWORD,
        LOG_LEVEL: 'info',
        SEED_ON_START: 'true',
        ADMIN_JS_TMP_DIR: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The service exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`The service was not ready in time:\n${output}`);
      const ready = await fetch(`${base}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the pre-built component bundle without bundling at start-up', async () => {
    expect(output).not.toContain('Bundling the admin panel components');
    const response = await fetch(`${base}/admin/frontend/assets/components.bundle.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    // The plain URL is revalidated; the pages load the content-hashed one, cached for good (admin-weight.e2e-spec.ts).
    expect(response.headers.get('cache-control')).toBe('public, max-age=0');
    expect(await response.text()).toBe(fs.readFileSync(PREBUILT_BUNDLE, 'utf8'));
    // AdminJS's own production bundles, not the development ones.
    const app = await (await fetch(`${base}/admin/frontend/assets/app.bundle.js`)).text();
    expect(app).toBe(fs.readFileSync(path.join(ADMINJS_SCRIPTS, 'app-bundle.production.js'), 'utf8'));
    expect(app).not.toBe(fs.readFileSync(path.join(ADMINJS_SCRIPTS, 'app-bundle.development.js'), 'utf8'));
    expect(await (await fetch(`${base}/admin/login`)).text()).not.toContain('fonts.googleapis.com');
  });

  it('the first admin from ADMIN_EMAIL signs in and the pages load without console errors', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/admin/login`);
    await page.fill('input[name=email]', EMAIL);
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('button')]);
    // The seeded register: five articles' memoranda on the dashboard.
    await page.getByTestId('dashboard-by-status').getByText('Подписан').first().waitFor();
    await page.goto(`${base}/admin/resources/Memorandum`);
    await page.getByTestId('record-title').first().waitFor();
    await page.getByTestId('record-title').first().click();
    await page.getByTestId('record-sources').waitFor();
    await screenshot(page, 'admin-production-memorandum.png', 2000);
    expect(errors).toEqual([]);
    const [cookie] = (await context.cookies()).filter((candidate) => candidate.name === 'kelisim.sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await context.close();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
