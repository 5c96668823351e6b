import { jest } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import { compressedAssetsDir, panelAssets, precompressAssets } from '../../apps/api/src/admin/panel-assets.js';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { SeedService } from '../../apps/api/src/seed/seed.service.js';
import { loginAs, openPanel } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SEED_DIR = path.join(process.cwd(), 'prisma', 'seed');
const PASSWORD = 'panel-weight-password';
const ADMINJS_SCRIPTS = path.join(process.cwd(), 'node_modules', 'adminjs', 'lib', 'frontend', 'assets', 'scripts');
const MEGABYTE = 1024 * 1024;

jest.setTimeout(120_000);

/** What a page of the panel weighs on the wire, with the default settings (as `npm start` serves it). */
describe('the admin panel’s weight', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.get(SeedService).run(SEED_DIR);
    await testApp.app.get(AdminUsersService).create({ email: 'weight@kelisim.test', password: PASSWORD, role: 'admin', name: 'Weight', locale: 'ru' });
    ({ base, browser } = await openPanel(testApp));
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('a cold full load of a list transfers under 3 MB: minified bundles, compressed', async () => {
    const { context, page, errors } = await loginAs(browser, base, 'weight@kelisim.test', PASSWORD);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    let transferred = 0;
    cdp.on('Network.loadingFinished', (event) => (transferred += event.encodedDataLength));
    const started = Date.now();
    await page.goto(`${base}/admin/resources/Memorandum`);
    await page.getByTestId('record-title').first().waitFor();
    const readyMs = Date.now() - started;
    process.stdout.write(`Admin panel cold load of the memoranda list: ${(transferred / MEGABYTE).toFixed(2)} MB transferred, ready in ${readyMs} ms\n`);
    expect(transferred).toBeGreaterThan(0);
    expect(transferred).toBeLessThan(3 * MEGABYTE);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('loads its scripts by content-hashed URLs, cached for a year, compressed as the browser accepts', async () => {
    const page = await (await fetch(`${base}/admin/login`)).text();
    const scripts = [...page.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts).toHaveLength(4);
    for (const script of scripts) {
      expect(script).toMatch(/^\/admin\/frontend\/assets\/(global|design-system|app|components)\.bundle\.[0-9a-f]{16}\.js$/);
      const brotli = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'br' } });
      expect(brotli.status).toBe(200);
      expect(brotli.headers.get('content-encoding')).toBe('br');
      expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(brotli.headers.get('content-type')).toMatch(/javascript/);
      const gzip = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers.get('content-encoding')).toBe('gzip');
      // Both stored copies decode to the same script as the uncompressed answer.
      const identity = await (await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'identity' } })).text();
      expect(await brotli.text()).toBe(identity);
      expect(await gzip.text()).toBe(identity);
    }
    // AdminJS's minified bundle, though the tests run with NODE_ENV=test.
    const app = scripts.find((script) => script.includes('/app.bundle.'))!;
    expect(await (await fetch(`${base}${app}`)).text()).toBe(fs.readFileSync(path.join(ADMINJS_SCRIPTS, 'app-bundle.production.js'), 'utf8'));
    // The plain URL still answers (a page from before a deploy), revalidated on every use.
    const plain = await fetch(`${base}/admin/frontend/assets/app.bundle.js`);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=0');
    await plain.arrayBuffer();
  });
});

describe('the panel’s asset URLs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-assets-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const assetsOf = (content: string) => {
    fs.writeFileSync(path.join(dir, 'app-bundle.development.js'), `// development ${content}`);
    fs.writeFileSync(path.join(dir, 'app-bundle.production.js'), `// production ${content}`);
    fs.writeFileSync(path.join(dir, 'components.js'), `// components ${content}`);
    return (mode: 'production' | 'development') =>
      panelAssets([{ path: '/frontend/assets/app.bundle.js', src: path.join(dir, 'app-bundle.development.js') }], mode, path.join(dir, 'components.js'));
  };

  it('change when the content changes, and follow the chosen mode rather than NODE_ENV', () => {
    const before = assetsOf('one');
    const [app, components] = before('production');
    expect(app.file).toBe(path.join(dir, 'app-bundle.production.js'));
    expect(before('development')[0].file).toBe(path.join(dir, 'app-bundle.development.js'));
    expect(before('development')[0].hashedPath).not.toBe(app.hashedPath);
    const [appAfter, componentsAfter] = assetsOf('two')('production');
    expect(appAfter.hashedPath).not.toBe(app.hashedPath);
    expect(componentsAfter.hashedPath).not.toBe(components.hashedPath);
    expect(componentsAfter.path).toBe('/frontend/assets/components.bundle.js');
  });

  it('are compressed once per content: a second run writes nothing, a changed file gets new copies', async () => {
    const compressed = compressedAssetsDir(path.join(dir, 'components.js'));
    const assets = assetsOf('three')('production');
    await expect(precompressAssets(assets, compressed)).resolves.toBe(4);
    await expect(precompressAssets(assets, compressed)).resolves.toBe(0);
    const [app] = assets;
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(compressed, `${app.hash}.br`))).toString()).toBe('// production three');
    expect(zlib.gunzipSync(fs.readFileSync(path.join(compressed, `${app.hash}.gz`))).toString()).toBe('// production three');
    await expect(precompressAssets(assetsOf('four')('production'), compressed)).resolves.toBe(4);
    expect(fs.readdirSync(compressed).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
