import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AdminBundle } from '../infrastructure/config/app-config.js';
import { projectRoot } from '../infrastructure/database/project-root.js';

/** The panel's own React components, bundled by AdminJS into components.bundle.js. */
export const COMPONENT_NAMES = [
  'Dashboard',
  'ChangeStatus',
  'RecordHistory',
  'RecordSources',
  'LocalizedTitle',
  'ArticleText',
  'ArticleCitations',
  'CreateApiKey',
  'CreateWebhook',
  'SourcesEdit',
  'ConfirmRecordAction',
  'PreciseDate',
  'Amount',
  'SourceTextEdit',
  'NewSource',
  'SourceIntake',
  'ReferenceWithNew',
  'StatusOnCreate',
  'FormVersion',
  'BulkRecordAction',
  'StatusBadge',
  // The lists' spreadsheet export.
  'ExportXlsx',
  'TechnicalSection',
  'NoteShow',
] as const;

/** AdminJS's own components the panel replaces (each receives the original as `OriginalComponent`), and by what. */
const OVERRIDES: Record<string, string> = {
  ActionHeader: 'RecordTitleHeader',
  DefaultEditProperty: 'SelectPlaceholder',
  DefaultReferenceEditProperty: 'SelectPlaceholder',
  DefaultFilterProperty: 'FilterSelect',
  DefaultReferenceFilterProperty: 'FilterSelect',
  DefaultBooleanFilterProperty: 'FilterSelect',
  DefaultArrayShowProperty: 'ArrayShow',
  DefaultReferenceListProperty: 'ReferenceInList',
  // Dates and timestamps as the panel writes them (components/formats.js), the picker in the reader's language.
  DefaultDatetimeListProperty: 'DateValue',
  DefaultDatetimeShowProperty: 'DateValue',
  DefaultDatetimeEditProperty: 'DateEdit',
  DefaultDatetimeFilterProperty: 'DateFilter',
  Login: 'Login',
  // Notices belong to the page they were given on (PageNotices.jsx).
  NoticeBox: 'PageNotices',
  // A page the user may not open (or that does not exist) shows the panel's refusal instead (page-access.ts).
  ResourceRoute: 'RefusalGuard',
  ResourceActionRoute: 'RefusalGuard',
  RecordActionRoute: 'RefusalGuard',
  BulkActionRoute: 'RefusalGuard',
};

export function componentsDir(): string {
  return path.join(projectRoot(), 'apps', 'api', 'src', 'admin', 'components');
}

type ComponentName = (typeof COMPONENT_NAMES)[number];

/** Registers the panel's components; the server and `npm run build` register the same ones, so the bundles match. */
export function registerComponents(loader: {
  add(name: string, file: string): string;
  override(name: string, file: string): string;
}): Record<ComponentName, string> {
  for (const [name, file] of Object.entries(OVERRIDES)) loader.override(name, path.join(componentsDir(), `${file}.jsx`));
  return Object.fromEntries(COMPONENT_NAMES.map((name) => [name, loader.add(name, path.join(componentsDir(), `${name}.jsx`))])) as Record<
    ComponentName,
    string
  >;
}

/**
 * Where AdminJS writes its component bundle. AdminJS reads ADMIN_JS_TMP_DIR when it is first imported, so this runs
 * before any import of adminjs. It lives under dist/, so a production image that copies dist/ ships the pre-built bundle.
 */
export function prepareBundleEnvironment(mode: AdminBundle): string {
  // One folder per mode: production bundles are minified, and `npm run build` pre-builds that one.
  process.env.ADMIN_JS_TMP_DIR ||= path.join(projectRoot(), 'dist', 'admin-bundle', mode);
  // AdminJS would otherwise bundle on every production start; ensureComponentBundle decides instead.
  process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
  return process.env.ADMIN_JS_TMP_DIR;
}

interface Bundler {
  componentsBundler: { createEntry(args: { content: string; dir?: string }): Promise<void>; build(): Promise<void> };
  generateUserComponentEntry(admin: unknown, dir: string): string;
}

/**
 * Builds components.bundle.js unless the one on disk was built from exactly these components in this mode
 * (`npm run build` pre-builds it, so production starts do not bundle). Never watches files.
 */
export async function ensureComponentBundle(admin: unknown, mode: AdminBundle, log: (message: string) => void = () => undefined): Promise<string> {
  const dir = prepareBundleEnvironment(mode);
  // A subpath without type declarations.
  const specifier = 'adminjs/bundler';
  const bundler = (await import(specifier)) as Bundler;
  const entry = bundler.generateUserComponentEntry(admin, dir);
  const stamp = stampOf(entry, mode);
  const bundle = path.join(dir, 'bundle.js');
  const stampFile = path.join(dir, 'bundle.stamp');
  if (read(stampFile) === stamp && fs.existsSync(bundle)) return bundle;
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'bundle.lock');
  await withLock(lock, async () => {
    if (read(stampFile) === stamp && fs.existsSync(bundle)) return;
    log('Bundling the admin panel components...');
    await bundler.componentsBundler.createEntry({ content: entry, dir });
    await bundler.componentsBundler.build();
    fs.writeFileSync(stampFile, stamp);
  });
  return bundle;
}

function stampOf(entry: string, mode: AdminBundle): string {
  const hash = createHash('sha256').update(mode).update(entry);
  for (const file of fs.readdirSync(componentsDir()).sort()) hash.update(file).update(fs.readFileSync(path.join(componentsDir(), file)));
  return hash.digest('hex');
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Several processes (jest workers, app instances) may start at once: one bundles, the others wait for it. */
async function withLock(lock: string, work: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000 || Date.now() > deadline) fs.rmSync(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await work();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
