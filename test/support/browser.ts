import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { expect } from '@jest/globals';
import { CSRF_COOKIE, CSRF_HEADER } from '../../apps/api/src/admin/csrf.js';
import type { TestApp } from './test-app.js';

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots land here (git-ignored), to be looked at, not compared. */
export const ARTIFACTS = path.resolve('test-artifacts');

export interface PanelSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen in this session. */
  errors: string[];
}

/** The test app listening on a free port, and a headless chromium to drive its panel. */
export async function openPanel(testApp: TestApp): Promise<{ base: string; browser: Browser }> {
  await testApp.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return { base, browser };
}

/** A fresh browser session logged in through the login form (in a time zone of its own, say, when asked). */
export async function loginAs(browser: Browser, base: string, email: string, password: string, options: BrowserContextOptions = {}): Promise<PanelSession> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ru-RU', ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${base}/admin/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button')]);
  // The panel's client sends the CSRF token cookie back in a header by itself; requests a test makes through
  // page.request do not, so the context sends it too (a test of refusals then meets the rule it is about).
  const token = (await context.cookies()).find((cookie) => cookie.name === CSRF_COOKIE)?.value;
  if (!token) throw new Error('The panel set no CSRF token after login');
  await context.setExtraHTTPHeaders({ [CSRF_HEADER]: decodeURIComponent(token) });
  return { context, page, errors };
}

/** A link or button whose whole text is this. */
export function button(page: Page, text: string): Locator {
  return page
    .locator('a, button')
    .filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .first();
}

/** Clicks a record form's "Сохранить" (the panel in Russian). */
export async function saveForm(page: Page): Promise<void> {
  await page
    .locator('button')
    .filter({ hasText: /^Сохранить$/ })
    .first()
    .click();
}

/** Waits until the locator's texts are exactly these (in this order, or in any order when asked). */
export async function expectTexts(locator: Locator, texts: string[], options: { anyOrder?: boolean } = {}): Promise<void> {
  const normal = (values: string[]) => (options.anyOrder ? [...values].sort() : values);
  const expected = normal(texts);
  const deadline = Date.now() + 10_000;
  let actual: string[] = [];
  while (Date.now() < deadline) {
    actual = normal((await locator.allInnerTexts()).map((text) => text.trim()));
    if (JSON.stringify(actual) === JSON.stringify(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(actual).toEqual(expected);
}

/** A full-page screenshot; AdminJS scrolls inside its layout, so a tall window shows the whole page. */
export async function screenshot(page: Page, name: string, height = 1000): Promise<void> {
  const size = page.viewportSize();
  if (height !== size?.height) await page.setViewportSize({ width: size?.width ?? 1400, height });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  if (size && height !== size.height) await page.setViewportSize(size);
}
