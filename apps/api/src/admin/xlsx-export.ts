import type { Language } from '@prisma/client';
import type { ActionRequest, BaseResource } from 'adminjs';
import type { Request, RequestHandler } from 'express';
import type { CsvColumn } from '../http/csv.js';
import { CSV_EXPORT_LIMIT } from '../http/list-query.dto.js';
import { type SheetTexts, XLSX_TYPE, xlsxOf } from '../http/xlsx.js';
import { ProblemException } from '../infrastructure/errors/problem.js';
import { mayRead, type PanelUser } from './access.js';
import { PANEL_TEXTS } from './locales/index.js';

/** Where the panel serves a list's spreadsheet: `/admin/export/<resource>?<the list's own query string>`. */
export const XLSX_EXPORT_PATH = '/export/:resourceId';

/**
 * The list's "Excel" button: a page (in the drawer, so it receives the list's filters in its URL) with the download
 * link. The file itself is not an AdminJS action response (those are JSON), but the route below.
 */
export const XLSX_EXPORT_ACTION = {
  actionType: 'resource' as const,
  icon: 'Download',
  showInDrawer: true,
  isAccessible: mayRead,
  component: 'ExportXlsx',
  handler: (request: ActionRequest) => Promise.resolve({ query: request.query ?? {} }),
};

/** What one record type's export reads: its domain service's records by id, and its CSV export's columns. */
export interface ExportSource {
  service: { dtosOf(ids: string[]): Promise<unknown[]> };
  columns: CsvColumn<unknown>[];
}

interface PanelAdmin {
  findResource(id: string): BaseResource;
}

interface AdminJSFilters {
  Filter: new (filters: Record<string, unknown>, resource: BaseResource) => unknown;
  flat: { unflatten<T>(value: unknown): T };
}

/** Ids read per round trip from the domain service. */
const BATCH = 500;

/**
 * The records the list shows for these filters and sort (the panel's own list query, so the sheet has exactly its
 * rows, in its order, up to the CSV export's cap), read through the domain service and written with the CSV export's
 * columns, in the reader's language.
 */
export function xlsxExport(admin: PanelAdmin, sources: Map<string, ExportSource>, adminjs: AdminJSFilters): RequestHandler {
  return (req, res, next) => {
    void (async () => {
      const user = (req as Request & { session?: { adminUser?: PanelUser } }).session?.adminUser;
      if (!user) return res.redirect('/admin/login');
      const resourceId = String(req.params.resourceId);
      const source = sources.get(resourceId);
      if (!source) throw ProblemException.notFound('Admin panel export', resourceId);
      const resource = admin.findResource(resourceId);
      const { filters = {}, sortBy, direction } = adminjs.flat.unflatten<{ filters?: Record<string, unknown>; sortBy?: string; direction?: string }>(req.query);
      const defaults = (resource.decorate().options.sort ?? {}) as { sortBy?: string; direction?: 'asc' | 'desc' };
      const sort = { sortBy: sortBy ?? defaults.sortBy, direction: direction === 'asc' || direction === 'desc' ? direction : defaults.direction };
      const records = await resource.find(new adminjs.Filter(filters, resource) as never, { limit: CSV_EXPORT_LIMIT, offset: 0, sort });
      const ids = records.map((record) => String(record.id()));
      const rows: unknown[] = [];
      for (let start = 0; start < ids.length; start += BATCH) rows.push(...(await source.service.dtosOf(ids.slice(start, start + BATCH))));
      const label = (PANEL_TEXTS[user.locale].labels as unknown as Record<string, unknown>)[resourceId];
      const file = await xlsxOf(typeof label === 'string' ? label : resourceId, source.columns, rows, sheetTexts(user.locale, resourceId));
      res
        .status(200)
        .type(XLSX_TYPE)
        .attachment(`${resourceId}-${new Date().toISOString().slice(0, 10)}.xlsx`)
        .send(file);
    })().catch(next);
  };
}

/** CSV headers that name a property by another word than their own (`parties` is the form's `partyIds`). */
const HEADER_PROPERTIES: Record<string, string> = { parties: 'partyIds', sources: 'sourcesJson' };

const camelCase = (header: string) => header.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/** The panel's own words for a sheet: the column's property label, an enum value's label (status, kind, sphere...). */
export function sheetTexts(language: Language, resourceId: string): SheetTexts {
  const texts = PANEL_TEXTS[language];
  const own = (texts.resources as Record<string, { properties?: Record<string, string> } | undefined>)[resourceId]?.properties ?? {};
  const shared = texts.properties as Record<string, string | undefined>;
  const labels = texts.labels as unknown as Record<string, Record<string, string> | undefined>;
  return {
    header: (column) => {
      const key = HEADER_PROPERTIES[column] ?? camelCase(column);
      return own[key] ?? shared[key] ?? shared[key.replace(/Id$/, '')] ?? column;
    },
    value: (column, value) => {
      const values = labels[camelCase(column)];
      return (typeof values === 'object' && values?.[value]) || value;
    },
  };
}
