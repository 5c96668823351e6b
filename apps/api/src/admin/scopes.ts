import { searchPattern } from '../domain/search-text.js';
import type { RegionAccessService } from '../domain/region-access.service.js';
import type { ExtraFilters, ScopeBuilder } from './prisma-resource.js';

type Where = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keys of the panel's own list filters, handled by `domainScope`. */
export const DOMAIN_FILTER_KEYS = ['q', 'party', 'region', 'archived'];

export interface ScopeSpec {
  /** Records in which any of these parties takes part, in whatever role the model has. */
  involving?: (partyIds: string[]) => Where;
  /** Related records whose folded searchText the search also matches (e.g. the parties' names). */
  searchRelated?: (pattern: string) => Where[];
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
    if (filters.q?.trim()) {
      const pattern = searchPattern(filters.q);
      and.push({ OR: [{ searchText: { contains: pattern } }, ...(spec.searchRelated?.(pattern) ?? [])] });
    }
    // Filter values come from the URL: a malformed id matches nothing rather than failing the query.
    const ids = (id: string) => (UUID.test(id) ? [id] : []);
    if (filters.party && spec.involving) and.push(spec.involving(ids(filters.party)));
    if (filters.region && spec.involving) and.push(spec.involving(UUID.test(filters.region) ? await regions.partiesWithin(filters.region) : []));
    if (spec.extra) and.push(...spec.extra(filters));
    return and;
  };
}

export const partyNameMatches = (pattern: string) => ({ searchText: { contains: pattern } });
