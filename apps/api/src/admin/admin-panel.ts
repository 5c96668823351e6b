import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AdminUser, Language } from '@prisma/client';
import type { AdminJSOptions } from 'adminjs';
import compression from 'compression';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import formidable from 'express-formidable';
import fs from 'node:fs';
import path from 'node:path';
import { AdminUsersService } from '../auth/admin-users.service.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { AppConfig } from '../infrastructure/config/app-config.js';
import { DatabaseUrl } from '../infrastructure/database/database-url.js';
import { projectRoot } from '../infrastructure/database/project-root.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { CitationsService } from '../sources/citations.service.js';
import type { PanelUser } from './access.js';
import { STATUS_TONES } from '../domain/lifecycle.js';
import { ensureComponentBundle, prepareBundleEnvironment, registerComponents } from './bundle.js';
import { csrfDefence } from './csrf.js';
import { dashboardQuery } from './dashboard.js';
import { loginLimits, TOO_MANY_LOGINS } from './login-limits.js';
import { logout, logoutPage } from './logout.js';
import { PAGE_ACCESS_PATH, pageAccess, refusedPages, withRefusalMark } from './page-access.js';
import { assetRoutes, compressedAssetsDir, panelAssets, precompressAssets, withHashedAssetUrls, type PanelAsset } from './panel-assets.js';
import { PANEL_LANGUAGES } from './localize.js';
import { LANGUAGE_COOKIE, LANGUAGE_COOKIE_OPTIONS, PANEL_TEXTS, panelLocale } from './locales/index.js';
import { panelResources, RECORD_RESOURCES, type Dmmf } from './resources/index.js';
import { type ExportSource, XLSX_EXPORT_PATH, xlsxExport } from './xlsx-export.js';
import { createSessionMiddleware, SESSION_COOKIE, type SessionSetup } from './session.js';
import { panelResourceClass } from './prisma-resource.js';

export const ADMIN_ROOT = '/admin';

/** Inline, so browsers do not ask for /favicon.ico (a 404 in the console). */
const FAVICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#4268F6"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">K</text></svg>')}`;

type SessionRequest = Request & {
  session?: { adminUser?: PanelUser; destroy(callback: () => void): void; regenerate(callback: (error?: unknown) => void): void };
};

function regenerate(req: SessionRequest): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve())),
  );
}

/**
 * The AdminJS panel at /admin, mounted by app.factory.ts ahead of the JSON body parser (AdminJS parses its own
 * forms). Built here rather than with @adminjs/nestjs, which starts a file watcher outside production.
 */
@Injectable()
export class AdminPanel implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AdminPanel');
  private building?: Promise<express.Router>;
  private session?: SessionSetup;

  constructor(
    private readonly config: AppConfig,
    private readonly databaseUrl: DatabaseUrl,
    private readonly prisma: PrismaService,
    private readonly regions: RegionAccessService,
    private readonly citations: CitationsService,
    private readonly adminUsers: AdminUsersService,
    private readonly reports: ReportsService,
    // The record types' domain services are looked up by the class each panel resource names (resources/).
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Express middleware for everything under /admin. */
  readonly handle: RequestHandler = (req, res, next) => {
    this.router()
      .then((router) => router(req, res, next))
      .catch(next);
  };

  /** Built at start-up, except in tests, where only the suites that open the panel pay for AdminJS. */
  async onModuleInit(): Promise<void> {
    if (this.config.NODE_ENV !== 'test') await this.router();
  }

  /** After the HTTP server has closed, so a request in flight can still save its session. */
  async onApplicationShutdown(): Promise<void> {
    await this.session?.close();
  }

  private router(): Promise<express.Router> {
    this.building ??= this.build();
    return this.building;
  }

  private async build(): Promise<express.Router> {
    prepareBundleEnvironment(this.config.ADMIN_BUNDLE);
    const { default: AdminJS, ComponentLoader, Router: AdminRouter } = await import('adminjs');
    const { default: AdminJSExpress } = await import('@adminjs/express');
    const Resource = await panelResourceClass();

    const componentLoader = new ComponentLoader();
    const components = registerComponents(componentLoader);

    const dmmf = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'apps', 'api', 'src', 'generated', 'dmmf.json'), 'utf8')) as Dmmf;
    const options: AdminJSOptions = {
      rootPath: ADMIN_ROOT,
      loginPath: `${ADMIN_ROOT}/login`,
      logoutPath: `${ADMIN_ROOT}/logout`,
      componentLoader,
      resources: panelResources({
        Resource,
        dmmf,
        prisma: this.prisma,
        regions: this.regions,
        citations: this.citations,
        get: (service) => this.moduleRef.get(service, { strict: false }),
      }),
      dashboard: {
        component: components.Dashboard,
        // The figures are ReportsService's, for the same filters as /api/v1/reports: the panel only renders them,
        // its statuses coloured by the tones the lists' badges have.
        handler: async (request: { query?: Record<string, unknown> }) => ({
          ...(await this.reports.dashboard(dashboardQuery(request.query ?? {}))),
          tones: STATUS_TONES,
        }),
      },
      branding: { companyName: 'Kelisim', withMadeWithLove: false, logo: false, favicon: FAVICON },
      locale: ((currentAdmin?: PanelUser) => panelLocale(currentAdmin?.locale ?? 'ru')) as unknown as AdminJSOptions['locale'],
    };
    const admin = new AdminJS(options);
    const componentBundle = await ensureComponentBundle(admin, this.config.ADMIN_BUNDLE, (message) => this.logger.log(message));
    const assets = panelAssets(AdminRouter.assets, this.config.ADMIN_BUNDLE, componentBundle);
    const compressedDir = compressedAssetsDir(componentBundle);
    // `npm run build` made them for production; otherwise the first start makes them in the background (zlib's
    // thread pool), and the scripts are compressed on the fly meanwhile.
    void precompressAssets(assets, compressedDir).then(
      (written) => written > 0 && this.logger.log(`Compressed ${written} panel script copies in ${compressedDir}`),
      (error: unknown) => this.logger.warn(`Could not store compressed panel scripts: ${String(error)}`),
    );

    this.session = createSessionMiddleware(this.config, this.databaseUrl.value);
    const router = express.Router();
    // Its scripts are megabytes of text: compressed (gzip or brotli, as the browser accepts), like its pages.
    router.use(compression());
    router.use(refuseCrossSiteChanges, rewritePages(assets), forbiddenAsStatus, unknownResourceAsNotFound(admin.resources.map((resource) => resource.id())));
    router.use(assetRoutes(assets, compressedDir));
    router.use(this.session.middleware);
    const csrf = csrfDefence(this.config);
    router.use(...csrf.middleware);
    router.get('/logout', logoutPage(csrf.tokenFor, `${ADMIN_ROOT}/logout`));
    router.post('/logout', formidable(), csrf.checkForm, logout(`${ADMIN_ROOT}/login`));
    // The form is parsed here (AdminJS's own parser then sees it parsed) so the limits can count per account.
    router.post(
      '/login',
      formidable(),
      csrf.checkForm,
      ...loginLimits(this.config, (_req, res) => {
        void admin
          .renderLogin({ action: `${ADMIN_ROOT}/login`, errorMessage: TOO_MANY_LOGINS })
          .then((page) => res.status(429).send(page))
          .catch((error: unknown) => res.status(500).end(String(error)));
      }),
    );
    router.use((req, res, next) => void this.refreshUser(req as SessionRequest, res, next).catch(next));
    router.get(XLSX_EXPORT_PATH, xlsxExport(admin, this.exportSources(), await import('adminjs')));
    const recordTypes = new Map(Object.values(RECORD_RESOURCES).map((definition) => [definition.type.adminResource, definition.type]));
    const userOf = (req: Request) => (req as SessionRequest).session?.adminUser;
    router.get(PAGE_ACCESS_PATH, pageAccess(admin, recordTypes, this.regions, userOf, ADMIN_ROOT));
    router.use(refusedPages(admin, recordTypes, this.regions, userOf));
    return AdminJSExpress.buildAuthenticatedRouter(
      admin,
      {
        authenticate: async (email: string, password: string, context?: { req: SessionRequest; res: Response }) => {
          const user = await this.adminUsers.verifyLogin(email ?? '', password ?? '');
          if (!user) return null;
          // A new session id on login, so an id planted before it (session fixation) is worthless.
          if (context?.req.session) await regenerate(context.req);
          // The login page cached its own language in the language cookie, which would then pass for the user's
          // choice and overwrite their saved language: the panel opens in the language saved for this user.
          context?.res.cookie(LANGUAGE_COOKIE, user.locale, LANGUAGE_COOKIE_OPTIONS);
          return panelUser(user);
        },
        cookieName: SESSION_COOKIE,
        cookiePassword: 'unused: the session middleware above is already in place',
      },
      router,
      // AdminJS adds its own session middleware, which never runs (ours above already set req.session). It gets a
      // store of its own so it does not warn about MemoryStore: sharing ours would let it replace our cookie settings.
      { resave: false, saveUninitialized: false, store: new UnusedStore() } as never,
    );
  }

  /** Each record type's spreadsheet export: its panel resource, domain service and CSV columns. */
  private exportSources(): Map<string, ExportSource> {
    return new Map(
      Object.values(RECORD_RESOURCES).map((definition) => [
        definition.type.adminResource,
        { service: this.moduleRef.get<unknown, ExportSource['service']>(definition.service, { strict: false }), columns: definition.columns },
      ]),
    );
  }

  /**
   * Reloads the logged-in user on every request, so a disabled account or a changed role takes effect at once,
   * and applies the language chosen in the panel (kept in a cookie by the language switch).
   */
  private async refreshUser(req: SessionRequest, res: Response, next: NextFunction): Promise<void> {
    const current = req.session?.adminUser;
    if (!current) return next();
    const user = await this.adminUsers.findById(current.id);
    if (!user || user.disabledAt) {
      req.session.destroy(() => res.redirect(`${ADMIN_ROOT}/login`));
      return;
    }
    const chosen = cookieOf(req, LANGUAGE_COOKIE);
    const locale = chosen && (PANEL_LANGUAGES as string[]).includes(chosen) ? (chosen as Language) : user.locale;
    if (locale !== user.locale) await this.prisma.adminUser.update({ where: { id: user.id }, data: { locale } });
    req.session.adminUser = panelUser({ ...user, locale });
    next();
  }
}

/** The store of AdminJS's own (never reached) session middleware. */
class UnusedStore extends session.Store {
  override get(_sid: string, callback: (error: unknown, session?: null) => void): void {
    callback(null, null);
  }

  override set(_sid: string, _session: unknown, callback?: (error?: unknown) => void): void {
    callback?.();
  }

  override destroy(_sid: string, callback?: (error?: unknown) => void): void {
    callback?.();
  }
}

function panelUser(user: AdminUser): PanelUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    regionPartyId: user.regionPartyId,
    locale: user.locale,
    // Shown under the user's email in the top bar.
    title: PANEL_TEXTS[user.locale].labels.role[user.role],
  };
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The notices of a refused change: AdminJS's own (`isAccessible`) and the panel's (region, role, source rules). */
const REFUSAL_NOTICES = new Set(['forbiddenError', 'anyForbiddenError', 'forbiddenRegion', 'sourceEditForbidden', 'sourceArchiveForbidden']);

/**
 * AdminJS answers a refused action with 200 and an error notice, and the panel's own refusals (another region's
 * record, a source someone else added) came back the same way; say 403, so that a request made around the interface
 * is plainly refused. The body stays as it was: the panel's client (components/refusals.js) still shows the notice.
 */
function forbiddenAsStatus(_req: Request, res: Response, next: NextFunction): void {
  const json = res.json.bind(res);
  res.json = (body?: { notice?: { type?: string; message?: string } }) => {
    if (body?.notice?.type === 'error' && REFUSAL_NOTICES.has(body.notice.message ?? '')) res.status(403);
    return json(body);
  };
  next();
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A change to the panel must come from the panel's own pages: a browser says where a request comes from in
 * Sec-Fetch-Site and Origin, and a page on another site (a form, a script) gets 403 before anything runs. The
 * session cookie is SameSite=Lax, which still sends it on cross-site top-level GETs; no GET changes anything.
 */
export function refuseCrossSiteChanges(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) return next();
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  // "null" is what a browser sends for the panel's own forms under Referrer-Policy: no-referrer (helmet's default);
  // such requests carry Sec-Fetch-Site, which decides.
  const foreignOrigin = typeof origin === 'string' && origin !== 'null' && hostOf(origin) !== req.headers.host;
  if ((typeof site === 'string' && site !== 'same-origin' && site !== 'none') || foreignOrigin) {
    return next(ProblemException.of(403, ProblemType.forbidden, 'Changes to the panel are accepted only from the panel itself.'));
  }
  next();
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * AdminJS throws a plain Error (a 500) for a resource id it does not know, as typed into a URL: answer 404. Its pages
 * get the panel's own "not found" page instead (page-access.ts).
 */
function unknownResourceAsNotFound(resourceIds: string[]): RequestHandler {
  const known = new Set(resourceIds);
  return (req, _res, next) => {
    const id = /^\/api\/resources\/([^/]+)/.exec(req.path)?.[1];
    next(id !== undefined && !known.has(decodeURIComponent(id)) ? ProblemException.notFound('Admin panel resource', decodeURIComponent(id)) : undefined);
  };
}

/**
 * The panel's pages as AdminJS renders them, with three changes: its link to a Google Fonts stylesheet (offline it
 * fails and breaks the CSP) is dropped, as the system font is used; its scripts are loaded by their content-hashed
 * URLs, which browsers may keep for good; and a page refused to the user says so (page-access.ts).
 */
function rewritePages(assets: PanelAsset[]): RequestHandler {
  return (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const page = typeof body === 'string' && !String(res.get('Content-Type') ?? '').includes('json');
      if (!page) return send(body);
      const rewritten = withHashedAssetUrls(body.replace(/<link[^>]*fonts\.googleapis\.com[^>]*>/g, ''), ADMIN_ROOT, assets);
      return send(withRefusalMark(rewritten, res.locals.panelRefusal));
    };
    next();
  };
}
