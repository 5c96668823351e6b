import { countCapped } from '../domain/capped-count.js';
import type { BaseRecord, BaseResource, Filter } from 'adminjs';

/**
 * Columns that never leave the server: not in any record the panel sends (list, show, edit, search, references),
 * and not usable as a filter (a filter on a hash is an oracle for it).
 */
export const SECRET_FIELDS = ['passwordHash', 'secretHash', 'secret'];

/** Filter values the panel handles itself rather than the adapter (search, region, overdue...). */
export type ExtraFilters = Record<string, string>;

/** Extra Prisma `where` conditions for a list, from the panel's own filters. */
export type ScopeBuilder = (extra: ExtraFilters) => Promise<Record<string, unknown>[]>;

export interface PanelResourceArgs {
  model: unknown;
  client: unknown;
  clientModule: unknown;
  /** Filter keys handled by `scope` rather than by the adapter; `q` also receives the title filter. */
  extraFilterKeys?: string[];
  scope?: ScopeBuilder;
}

interface AdapterInternals {
  model: { fields: unknown[] };
  manager: { count(args: object): Promise<number>; findMany(args: object): Promise<Record<string, unknown>[]> };
  buildSortBy(sort: object): object;
  prepareReturnValues(row: Record<string, unknown>): Record<string, unknown>;
}

type SortParams = { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } };

function withoutSecrets(record: BaseRecord): BaseRecord {
  for (const field of SECRET_FIELDS) delete record.params[field];
  // 64-bit ids (webhook deliveries, change events) as decimal strings: JSON has no BigInt.
  for (const [field, value] of Object.entries(record.params)) if (typeof value === 'bigint') record.params[field] = value.toString();
  return record;
}

/**
 * A filter or id typed into the URL that cannot match (`quantity=abc`, a malformed uuid) finds nothing rather than
 * failing with a 500.
 */
async function orNothing<T>(query: Promise<T>, nothing: T): Promise<T> {
  try {
    return await query;
  } catch (error) {
    const { name, message } = (error ?? {}) as Error;
    if (name === 'PrismaClientValidationError' || /invalid input syntax for type uuid/.test(message ?? '')) return nothing;
    throw error;
  }
}

/** A filter value from the URL: AdminJS gives strings, or `{ from, to }` for ranges, which these filters do not take. */
function filterText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * @adminjs/prisma's resource made read-only, with filters that fit the domain: case-insensitive text filters, the
 * title filter (AdminJS's search and reference pickers use it) routed to the folded `searchText` column, and the
 * panel's own filters. Writes throw: every change goes through a domain service (service-actions.ts), because the
 * adapter saves by id alone, bypassing version checks, permissions and history.
 *
 * Built after a dynamic import: AdminJS reads ADMIN_JS_TMP_DIR and NODE_ENV when it is first imported.
 */
export async function panelResourceClass(): Promise<new (args: PanelResourceArgs) => BaseResource> {
  const { Resource, convertFilter } = await import('@adminjs/prisma');
  const { BaseRecord: Record_ } = await import('adminjs');

  class PanelPrismaResource extends Resource {
    private readonly extraFilterKeys: string[];
    private readonly scope?: ScopeBuilder;

    constructor(args: PanelResourceArgs) {
      super(args as never);
      this.extraFilterKeys = args.extraFilterKeys ?? [];
      this.scope = args.scope;
    }

    /** Capped as the API's lists are (domain/capped-count.ts): the pager then reaches the first 10,000 matches. */
    override async count(filter: Filter): Promise<number> {
      return orNothing(
        countCapped(this.internals().manager, await this.whereOf(filter)).then((counted) => counted.total),
        0,
      );
    }

    override async find(filter: Filter, params: SortParams = {}): Promise<BaseRecord[]> {
      const self = this.internals();
      const { limit = 10, offset = 0, sort = {} } = params;
      const rows = await orNothing(
        self.manager.findMany({ where: await this.whereOf(filter), skip: Math.max(0, offset), take: limit, orderBy: self.buildSortBy(sort) }),
        [],
      );
      return rows.map((row) => withoutSecrets(new Record_(self.prepareReturnValues(row), this)));
    }

    override async findOne(id: string): Promise<BaseRecord | null> {
      const record = await orNothing(super.findOne(id), null);
      return record && withoutSecrets(record);
    }

    override async findMany(ids: (string | number)[]): Promise<BaseRecord[]> {
      return (await orNothing(super.findMany(ids), [])).map(withoutSecrets);
    }

    override create(): Promise<never> {
      return Promise.reject(new Error(`${this.id()} records are created through the domain services only.`));
    }

    override update(): Promise<never> {
      return Promise.reject(new Error(`${this.id()} records are changed through the domain services only.`));
    }

    override delete(): Promise<never> {
      return Promise.reject(new Error(`${this.id()} records are archived through the domain services, never deleted.`));
    }

    private internals(): AdapterInternals {
      return this as unknown as AdapterInternals;
    }

    private async whereOf(filter: Filter | undefined): Promise<Record<string, unknown>> {
      const extra: ExtraFilters = {};
      const own: Filter['filters'] = {};
      const titlePath = this.decorate().titleProperty()?.propertyPath;
      for (const [key, value] of Object.entries(filter?.filters ?? {})) {
        if (SECRET_FIELDS.includes(key)) continue;
        if (this.extraFilterKeys.includes(key)) extra[key] = filterText(value.value);
        else if (key === titlePath && this.extraFilterKeys.includes('q')) extra.q = filterText(value.value);
        else if (value.property) own[key] = value;
      }
      const and: Record<string, unknown>[] = [];
      const columns = convertFilter(this.internals().model.fields as never, { filters: own } as Filter) as Record<string, unknown>;
      for (const [key, condition] of Object.entries(columns)) {
        const property = this.property(key) as { column?: { isList?: boolean } } | null;
        // A list column (spheres, aliases) matches when it contains the value.
        if (property?.column?.isList && condition && typeof condition === 'object' && 'equals' in condition) {
          and.push({ [key]: { has: condition.equals } });
        } else if (condition && typeof condition === 'object' && 'contains' in condition) {
          and.push({ [key]: { ...condition, mode: 'insensitive' } });
        } else {
          and.push({ [key]: condition });
        }
      }
      if (this.scope) and.push(...(await this.scope(extra)));
      return { AND: and };
    }
  }
  return PanelPrismaResource;
}
