import { type AnyRecordType, involving } from '../domain/record-types.js';
import { searchTextMatches } from '../domain/search-text.js';
import type { RegionAccessService } from '../domain/region-access.service.js';
import type { ExtraFilters, ScopeBuilder } from './prisma-resource.js';

type Where = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keys of the panel's own list filters, handled by `domainScope`. */
export const DOMAIN_FILTER_KEYS = ['q', 'party', 'region', 'archived'];

export interface ScopeSpec {
  /** The record type, whose registry entry says which parties a record involves (for the party and region filters). */
  type?: AnyRecordType;
  /** Related records whose folded searchText the search also matches (e.g. the parties' names), for the query. */
  searchRelated?: (query: string) => Where[];
  hasArchive?: boolean;
  /** Model-specific filters, e.g. overdue follow-ups. */
  extra?: (filters: ExtraFilters) => Where[];
}

/**
 * The list filters every domain resource shares, with the REST API's meanings: `q` searches the folded searchText
 * (and related parties' names) case-insensitively in kk/ru/en, `party`/`region` match any side, archived records
 * are hidden unless asked for.
 */
export function domainScope(regions: RegionAccessService, spec: ScopeSpec): ScopeBuilder {
  return async (filters) => {
    const and: Where[] = [];
    if (spec.hasArchive !== false && filters.archived !== 'true') and.push({ archivedAt: null });
    if (filters.q?.trim()) and.push({ OR: [searchTextMatches(filters.q), ...(spec.searchRelated?.(filters.q) ?? [])] });
    // Filter values come from the URL: a malformed id matches nothing rather than failing the query.
    const ids = (id: string) => (UUID.test(id) ? [id] : []);
    const { type } = spec;
    if (filters.party && type) and.push(involving(type, ids(filters.party)) as Where);
    if (filters.region && type) and.push((UUID.test(filters.region) ? await regions.whereInRegion(type, filters.region) : involving(type, [])) as Where);
    if (spec.extra) and.push(...spec.extra(filters));
    return and;
  };
}
