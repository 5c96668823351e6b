import { HttpStatus } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Request, RequestHandler } from 'express';
import type { AnyRecordType } from '../domain/record-types.js';
import type { RegionAccessService } from '../domain/region-access.service.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { actorOf, type PanelUser } from './access.js';
import { CHANGING_ACTIONS, CHANGING_BULK_ACTIONS } from './service-actions.js';

/** Why the panel refuses to open a page: the user may not (403), or there is no such page (404). */
export type PageRefusal = 'forbidden' | 'notFound';

/**
 * Where the refusal travels from the server to the panel's client, which then shows its own page (RefusalGuard.jsx)
 * instead of AdminJS's: a meta tag of the page AdminJS renders. The name is spelled the same in RefusalGuard.jsx.
 */
export const REFUSAL_META = 'kelisim-refusal';

const STATUS: Record<PageRefusal, number> = { forbidden: 403, notFound: 404 };

/** The part of AdminJS a page's access is decided with (its resources and their decorated actions). */
interface PanelResources {
  resources: {
    id(): string;
    findOne(id: string): Promise<unknown>;
    decorate(): { actions: Record<string, PanelAction> };
  }[];
}

interface PanelAction {
  isResourceType(): boolean;
  isRecordType(): boolean;
  isBulkType(): boolean;
  isAccessible(currentAdmin?: never): boolean;
}

const OF_TYPE: Record<PageAddress['actionType'], (action: PanelAction) => boolean> = {
  resource: (action) => action.isResourceType(),
  record: (action) => action.isRecordType(),
  bulk: (action) => action.isBulkType(),
};

/** A page of a resource, as AdminJS's client routes name them: its list, one of its actions, a record's, a bulk one. */
interface PageAddress {
  resourceId: string;
  actionType: 'resource' | 'record' | 'bulk';
  actionName: string;
  recordId?: string;
  recordIds?: string[];
}

const PAGE = /^\/resources\/([^/]+)(?:\/actions\/([^/]+)|\/records\/([^/]+)\/([^/]+)|\/bulk\/([^/]+))?\/?$/;

/** An address that cannot name any page: refused as not found. */
const NO_PAGE: PageAddress = { resourceId: '', actionType: 'resource', actionName: '' };

/** The page a path inside the panel (without its root) names, with the bulk selection from its query. */
function pageAddress(path: string, recordIds: unknown): PageAddress | undefined {
  const match = PAGE.exec(path);
  if (!match) return undefined;
  let parts: (string | undefined)[];
  try {
    parts = match.map((part) => (part === undefined ? part : decodeURIComponent(part)));
  } catch {
    // A malformed escape (`%E0%A4%A`) names no page there is.
    return NO_PAGE;
  }
  const [, resourceId = '', resourceAction, recordId, recordAction = '', bulkAction] = parts;
  if (recordId !== undefined) return { resourceId, actionType: 'record', actionName: recordAction, recordId };
  if (bulkAction !== undefined) {
    const ids = typeof recordIds === 'string' ? recordIds.split(',').filter(Boolean) : [];
    return { resourceId, actionType: 'bulk', actionName: bulkAction, recordIds: ids };
  }
  return { resourceId, actionType: 'resource', actionName: resourceAction ?? 'list' };
}

/**
 * Decides whether the logged-in user may open a panel page, before AdminJS renders it: AdminJS renders every page
 * with 200 and lets its client say "no such action" (or fail on the record's API call), which reads like a broken
 * link. The role comes first and without looking at the record, so a refused page never tells whether a record
 * exists (a viewer learns nothing about staff accounts by guessing ids); then the record (404 when there is none,
 * the user may read the others of its kind), then a region-bound editor's region for a change, as hideOutOfRegion
 * and the domain services decide it.
 */
export async function pageRefusal(
  admin: PanelResources,
  recordTypes: ReadonlyMap<string, AnyRecordType>,
  regions: RegionAccessService,
  user: PanelUser,
  page: PageAddress,
): Promise<PageRefusal | undefined> {
  const resource = admin.resources.find((candidate) => candidate.id() === page.resourceId);
  const action = resource?.decorate().actions[page.actionName];
  if (!resource || !action || !OF_TYPE[page.actionType](action)) return 'notFound';
  if (!action.isAccessible(user as never)) return 'forbidden';
  if (page.recordId !== undefined && !(await resource.findOne(page.recordId))) return 'notFound';
  const type = recordTypes.get(page.resourceId);
  if (!type) return undefined;
  if (page.recordId !== undefined && CHANGING_ACTIONS.includes(page.actionName)) {
    const editable = await regions.editableIds(actorOf(user), type, [page.recordId]);
    if (!editable.has(page.recordId)) return 'forbidden';
  }
  // As bulk-actions.ts refuses it: a selection with none of the editor's records (some of them are handled one by one).
  if (page.recordIds?.length && CHANGING_BULK_ACTIONS.includes(page.actionName)) {
    // Records are named by UUIDs: anything else in the address names none (and would be a database error).
    const editable = await regions.editableIds(
      actorOf(user),
      type,
      page.recordIds.filter((id) => isUUID(id)),
    );
    if (editable.size === 0) return 'forbidden';
  }
  return undefined;
}

/**
 * Answers a page the user may not open with 403 (a missing one with 404) and marks it for the client, which shows the
 * refusal inside the panel's layout; AdminJS still renders the page, so the sidebar and top bar are there. Requests
 * without a session pass on to AdminJS, which sends them to the login page.
 */
export function refusedPages(
  admin: PanelResources,
  recordTypes: ReadonlyMap<string, AnyRecordType>,
  regions: RegionAccessService,
  userOf: (req: Request) => PanelUser | undefined,
): RequestHandler {
  return (req, res, next) => {
    const page = req.method === 'GET' ? pageAddress(req.path, req.query.recordIds) : undefined;
    const user = userOf(req);
    if (!page || !user) return next();
    pageRefusal(admin, recordTypes, regions, user, page)
      .then((refusal) => {
        if (refusal) {
          res.status(STATUS[refusal]);
          res.locals.panelRefusal = refusal;
        }
        next();
      })
      .catch(next);
  };
}

/** Where the panel's client asks about a page it navigates to without loading it: `?path=/admin/resources/…`. */
export const PAGE_ACCESS_PATH = '/page-access';

/** Stands for the panel's own origin when an address is resolved: another origin in it (`//host/…`) is not the panel. */
const PANEL_ORIGIN = 'http://panel.invalid';

/** Longer than any panel address (a bulk selection of a list page's ids included). */
const MAX_PAGE_PATH = 8_000;

/**
 * The same decision for a page the client reaches inside the panel (a link, the browser's back and forward), where
 * no page is loaded for refusedPages to mark: `{ refusal: "forbidden" | "notFound" | null }` for the given address.
 * Addresses that are not a resource's page (the dashboard, custom pages) are nobody's to refuse: `null`.
 */
export function pageAccess(
  admin: PanelResources,
  recordTypes: ReadonlyMap<string, AnyRecordType>,
  regions: RegionAccessService,
  userOf: (req: Request) => PanelUser | undefined,
  root: string,
): RequestHandler {
  return (req, res, next) => {
    const user = userOf(req);
    if (!user) return next(ProblemException.of(HttpStatus.UNAUTHORIZED, ProblemType.unauthorized, 'Log in to the panel first.'));
    const address = typeof req.query.path === 'string' ? req.query.path : '';
    // Checked as the browser would resolve it: `/admin/../api/v1` is not in the panel.
    const url = new URL(address, PANEL_ORIGIN);
    if (url.origin !== PANEL_ORIGIN || !(url.pathname === root || url.pathname.startsWith(`${root}/`)) || address.length > MAX_PAGE_PATH) {
      const detail = `The query parameter path must be an address in the panel (${root}/…) of at most ${MAX_PAGE_PATH} characters.`;
      return next(ProblemException.validation([{ field: 'path', message: detail }], detail));
    }
    const page = pageAddress(url.pathname.slice(root.length), url.searchParams.get('recordIds') ?? undefined);
    const decided = page ? pageRefusal(admin, recordTypes, regions, user, page) : Promise.resolve(undefined);
    decided.then((refusal) => res.set('Cache-Control', 'no-store').json({ refusal: refusal ?? null }), next);
  };
}

/** The page with the refusal's meta tag, when the request was refused (see REFUSAL_META). */
export function withRefusalMark(page: string, refusal: unknown): string {
  if (refusal !== 'forbidden' && refusal !== 'notFound') return page;
  return page.replace(/<head>/i, (head) => `${head}<meta name="${REFUSAL_META}" content="${refusal}">`);
}
