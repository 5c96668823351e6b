import type { EntityType } from '@prisma/client';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { ActionContext, ActionRequest, ActionResponse, BaseRecord, RecordActionResponse, RecordJSON, ResourceOptions } from 'adminjs';
import type { Actor } from '../domain/actor.js';
import type { HistoryPage } from '../domain/history.service.js';
import { allowedTransitions, type LifecycleEntity } from '../domain/lifecycle.js';
import { flattenValidationErrors } from '../infrastructure/errors/validation-errors.js';
import { ProblemException, ProblemType, type FieldError } from '../infrastructure/errors/problem.js';
import { actorOf, isAdmin, mayEditRecords, mayRead, nobody, panelUserOf } from './access.js';
import { localizeFieldErrors, localizeMessage, panelFieldLabels } from './field-messages.js';
import { bulkActions } from './bulk-actions.js';
import { localizeRecord } from './localize.js';
import { CHANGED_MEANWHILE, editFieldsOf, formSnapshot, LOADED_PARAM, RELOADED_PARAM, reloadKeepingEdits } from './stale-edit.js';

type RecordJson = RecordJSON & Record<string, unknown>;

/** The shape every domain service shares (memoranda.service.ts is the reference). */
export interface DomainService {
  get(id: string): Promise<{ id: string; version: number; sources?: { article: string; quote: string }[] } & object>;
  create(input: never, actor: Actor): Promise<{ id: string }>;
  update(id: string, expectedVersion: number, input: never, actor: Actor): Promise<unknown>;
  archive(id: string, expectedVersion: number, actor: Actor): Promise<unknown>;
  restore(id: string, expectedVersion: number, actor: Actor): Promise<unknown>;
  transition?(id: string, expectedVersion: number, to: string, comment: string | undefined, actor: Actor): Promise<unknown>;
  historyOf(id: string, page?: { limit?: number; offset?: number }): Promise<HistoryPage>;
}

/**
 * The list filter its header's search box sets (components/list-search.jsx): the one the filter drawer searches with,
 * whose matches the list's titles mark.
 */
export const listSearch = (filter: string) => ({ searchKey: filter });

/** How many of the latest history entries a record's page shows. */
export const PANEL_HISTORY_ENTRIES = 100;

/** How a form field becomes a DTO field. */
export type FieldKind = 'text' | 'int' | 'decimal' | 'date' | 'enum' | 'enumArray' | 'stringArray' | 'id';

export interface FieldSpec {
  /** The AdminJS param (for references: the relation name the adapter uses, e.g. `visit`). */
  param: string;
  /** The DTO field, when named differently (e.g. `visitId`). */
  dto?: string;
  kind?: FieldKind;
}

export interface ServiceResourceSpec {
  entity: EntityType;
  lifecycle?: LifecycleEntity;
  service: DomainService;
  fields: FieldSpec[];
  createDto: new () => object;
  updateDto: new () => object;
  /** Virtual many-valued params derived from the record (party ids, related records), shown as reference links. */
  related?: (id: string, dto: Record<string, unknown>) => Promise<Record<string, string[]>>;
  /**
   * For an editor bound to a region: which of these records involve it (so edit/status/archive are offered). The
   * service checks again on every change; this only keeps the interface from offering what would be refused.
   */
  editableIds?: (actor: Actor, ids: string[]) => Promise<Set<string>>;
  /** The parties shown as `partyIds` (default: the DTO's `parties`). */
  partyIdsOf?: (dto: Record<string, unknown>) => string[];
  /** The record's citations with their articles (title, outlet, date), for the Sources block of its page. */
  citationsOf?: (id: string) => Promise<unknown[]>;
  /** Turns the virtual `partyIds` param into the DTO's fields (for records whose parties have no role to choose). */
  parties?: (ids: string[], current: Record<string, unknown> | undefined) => Record<string, unknown>;
  /**
   * Records whose parties each play a role: one reference list per role, so staff pick the role by the field they put
   * the party in. They become the DTO's `parties: [{ partyId, role }]`.
   */
  partyRoles?: PartyRoleSpec;
  /** Other reference lists the DTO takes as objects (memoranda's signatories). */
  lists?: ListSpec[];
  /** The form edits the record's citations (`sources.N.article`, `sources.N.quote`). */
  editableSources?: boolean;
  /** The names of the records a history page mentions by id (admin/history-names.ts), so it shows old → new names. */
  historyNames?: (entries: readonly unknown[]) => Promise<Record<string, unknown>>;
}

export interface PartyRoleSpec {
  /** Param per role; the first is the role a party gets by default. */
  params: { param: string; role: string }[];
  /** A party may play one role only (memoranda); contracts allow a party once per role. */
  onePerParty?: boolean;
}

export interface ListSpec {
  param: string;
  /** The DTO field it becomes, and whose problems are shown on `param`. */
  dto: string;
  idsOf: (dto: Record<string, unknown>) => string[];
  toInput: (ids: string[], current: Record<string, unknown> | undefined) => unknown[];
}

type PartyRole = { partyId: string; role: string };

/** The version the edit form was loaded with travels in this param; a stale one is refused by the service. */
export const VERSION_PARAM = 'version';
/** Why a change without that version is refused (field-messages.ts has its words in each language). */
export const MISSING_VERSION = 'the form lacks the version it was loaded with';

/**
 * The version a form was loaded with. Without one the change is refused: saving "whatever is there now" is exactly
 * the lost update the version check exists to prevent. The problem joins `errors` when given, else it is thrown.
 */
function formVersion(params: Record<string, unknown>, errors?: FieldError[]): number {
  const version = Number(params[VERSION_PARAM]);
  if (Number.isInteger(version)) return version;
  const problem = { field: VERSION_PARAM, message: MISSING_VERSION };
  if (!errors) throw ProblemException.validation([problem]);
  errors.push(problem);
  return version;
}

/**
 * Record actions that go through a domain service: create, edit (with the version check), archive instead of delete,
 * and for lifecycle records a Change status action that offers only the allowed next statuses.
 */
export function serviceActions(spec: ServiceResourceSpec): ResourceOptions['actions'] {
  return {
    list: { isAccessible: mayRead, custom: listSearch('q'), after: [localizeListResponse, hideOutOfRegion(spec)] },
    search: { isAccessible: mayRead, after: localizeListResponse },
    show: {
      isAccessible: mayRead,
      before: async (request: ActionRequest, context: ActionContext) => {
        if (context.record) await attachDomainParams(spec, context.record, context, { history: true });
        return request;
      },
      after: [localizeRecordResponse, hideOutOfRegion(spec)],
    },
    new: {
      isAccessible: mayEditRecords,
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
        if (request.method !== 'post') return {};
        const user = panelUserOf(context)!;
        const params = formParams(request);
        try {
          const input = await toInput(spec, params, 'create', undefined);
          const created = await spec.service.create(input as never, actorOf(user));
          return {
            redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: created.id, actionName: 'show' }),
            notice: { message: 'successfullyCreated', type: 'success' },
            record: { id: created.id, params: {}, populated: {}, errors: {}, baseError: null, title: '', recordActions: [], bulkActions: [] } as never,
          };
        } catch (error) {
          return failure(spec, error, { id: '', params, populated: {} }, context);
        }
      },
    },
    edit: {
      isAccessible: mayEditRecords,
      // An archived record refuses every change; it offers Restore instead.
      isVisible: (context: ActionContext) => !context.record?.params.archivedAt,
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
        const record = context.record!;
        const user = panelUserOf(context)!;
        if (request.method !== 'post') {
          await attachDomainParams(spec, record, context, { history: false });
          record.params[LOADED_PARAM] = formSnapshot(record.params, editFieldsOf(context));
          return { record: localizeRecord(record.toJSON(context.currentAdmin), user.locale) };
        }
        const params = formParams(request);
        try {
          const version = formVersion(params);
          const current = (await spec.service.get(record.id())) as unknown as Record<string, unknown>;
          const input = await toInput(spec, params, 'update', current);
          await spec.service.update(record.id(), version, input as never, actorOf(user));
          return {
            redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: record.id(), actionName: 'show' }),
            notice: { message: 'successfullyUpdated', type: 'success' },
            record: record.toJSON(context.currentAdmin),
          };
        } catch (error) {
          const refused = await failure(spec, error, { ...record.toJSON(context.currentAdmin), params }, context);
          return isStaleVersion(error) ? offerReload(spec, refused, params, context) : refused;
        }
      },
    },
    delete: {
      isAccessible: isAdmin,
      icon: 'Archive',
      // A page with a button that POSTs: AdminJS calls a guarded action with GET, and a GET must change nothing.
      component: 'ConfirmRecordAction',
      showInDrawer: false,
      custom: { message: 'confirmArchive' },
      isVisible: (context: ActionContext) => !context.record?.params.archivedAt,
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
        const record = context.record!;
        const user = panelUserOf(context)!;
        if (request.method !== 'post') return { record: localizeRecord(record.toJSON(context.currentAdmin), user.locale) };
        try {
          // The version the page showed, when it sent one; the stored one for a bare POST.
          const params = formParams(request);
          const version = params[VERSION_PARAM] === undefined ? Number(record.params.version) : formVersion(params);
          await spec.service.archive(record.id(), version, actorOf(user));
          return {
            record: record.toJSON(context.currentAdmin),
            redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }),
            notice: { message: 'successfullyArchived', type: 'success' },
          };
        } catch (error) {
          return failure(spec, error, record.toJSON(context.currentAdmin) as RecordJson, context);
        }
      },
    },
    bulkDelete: { isAccessible: nobody, isVisible: false },
    ...bulkActions(spec),
    restore: restoreAction(spec),
    ...(spec.lifecycle ? { changeStatus: changeStatusAction(spec) } : {}),
  };
}

/**
 * Brings an archived record back. It has a page with a button (ConfirmRecordAction) rather than being a plain action
 * button: AdminJS calls such buttons with GET, and a GET must never change anything.
 */
function restoreAction(spec: ServiceResourceSpec) {
  return {
    actionType: 'record' as const,
    icon: 'RotateCcw',
    component: 'ConfirmRecordAction',
    showInDrawer: false,
    custom: { texts: 'RestoreRecord', testId: 'restore' },
    isAccessible: isAdmin,
    isVisible: (context: ActionContext) => !!context.record?.params.archivedAt,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const record = context.record!;
      const user = panelUserOf(context)!;
      if (request.method !== 'post') return { record: localizeRecord(record.toJSON(context.currentAdmin), user.locale) };
      const params = formParams(request);
      try {
        const version = formVersion(params);
        await spec.service.restore(record.id(), version, actorOf(user));
        return {
          redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: record.id(), actionName: 'show' }),
          notice: { message: 'successfullyRestored', type: 'success' },
          record: record.toJSON(context.currentAdmin),
        };
      } catch (error) {
        const refused = await failure(spec, error, record.toJSON(context.currentAdmin) as RecordJson, context);
        // Restored by someone else meanwhile: "archived and cannot be changed" would say the opposite of the truth.
        if ((error as ProblemException).problem.type === ProblemType.notArchived) refused.notice = { message: 'recordNotArchived', type: 'error' };
        return refused;
      }
    },
  };
}

function changeStatusAction(spec: ServiceResourceSpec) {
  const lifecycle = spec.lifecycle!;
  return {
    actionType: 'record' as const,
    icon: 'RefreshCw',
    component: 'ChangeStatus',
    showInDrawer: false,
    isAccessible: mayEditRecords,
    isVisible: (context: ActionContext) =>
      !context.record?.params.archivedAt && allowedTransitions(lifecycle, String(context.record?.params.status ?? '')).length > 0,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const record = context.record!;
      const user = panelUserOf(context)!;
      if (request.method !== 'post') {
        await attachDomainParams(spec, record, context, { history: false });
        return { record: localizeRecord(record.toJSON(context.currentAdmin), user.locale) };
      }
      const params = formParams(request);
      try {
        const to = typeof params.to === 'string' ? params.to : '';
        const comment = typeof params.comment === 'string' ? params.comment.trim() : '';
        const errors: FieldError[] = [];
        if (!to) errors.push({ field: 'to', message: 'statusRequired' });
        if (!comment) errors.push({ field: 'comment', message: 'commentRequired' });
        if (comment.length > 2000) errors.push({ field: 'comment', message: 'comment must be at most 2000 characters' });
        const version = formVersion(params, errors);
        if (errors.length) throw ProblemException.validation(errors);
        await spec.service.transition!(record.id(), version, to, comment, actorOf(user));
        return {
          redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: record.id(), actionName: 'show' }),
          notice: { message: 'statusChanged', type: 'success' },
          record: record.toJSON(context.currentAdmin),
        };
      } catch (error) {
        return failure(spec, error, { ...record.toJSON(context.currentAdmin), params: { ...record.params, ...params } }, context);
      }
    },
  };
}

/** Adds what the show/edit pages need beyond the row: party and related ids, sources, history, allowed statuses. */
export async function attachDomainParams(spec: ServiceResourceSpec, record: BaseRecord, context: ActionContext, options: { history: boolean }): Promise<void> {
  const dto = (await spec.service.get(record.id())) as unknown as Record<string, unknown>;
  const params = record.params;
  const related: Record<string, string[]> = {};
  if (spec.partyRoles) {
    const parties = (dto.parties as PartyRole[] | undefined) ?? [];
    for (const { param, role } of spec.partyRoles.params) related[param] = parties.filter((party) => party.role === role).map((party) => party.partyId);
  } else {
    const parties = spec.partyIdsOf ? spec.partyIdsOf(dto) : ((dto.parties as { partyId: string }[] | undefined) ?? []).map((party) => party.partyId);
    related.partyIds = [...new Set(parties)];
  }
  for (const list of spec.lists ?? []) related[list.param] = list.idsOf(dto);
  Object.assign(related, spec.related ? await spec.related(record.id(), dto) : {});
  for (const [param, ids] of Object.entries(related)) ids.forEach((id, index) => (params[`${param}.${index}`] = id));
  if (spec.lifecycle) {
    const targets = params.archivedAt ? [] : allowedTransitions(spec.lifecycle, String(params.status));
    targets.forEach((status, index) => (params[`allowedTransitions.${index}`] = status));
  }
  params.version = dto.version;
  if (dto.sources && spec.citationsOf) params.sourcesJson = JSON.stringify(await spec.citationsOf(record.id()));
  // The page shows the latest entries; the API pages through all of them (GET .../history?offset=).
  if (options.history) {
    const entries = (await spec.service.historyOf(record.id(), { limit: PANEL_HISTORY_ENTRIES })).data;
    params.historyJson = JSON.stringify(entries);
    if (spec.historyNames) params.historyNamesJson = JSON.stringify(await spec.historyNames(entries));
  }
  // AdminJS populated the row's references before this ran; the party and related ids are links too.
  const { populator } = await import('adminjs');
  await populator([record], context);
}

function formParams(request: ActionRequest): Record<string, unknown> {
  return { ...(request.payload ?? {}) };
}

/** Form params (flat, all strings) to the DTO the REST API takes, validated by the same class-validator rules. */
async function toInput(spec: ServiceResourceSpec, params: Record<string, unknown>, mode: 'create' | 'update', current: Record<string, unknown> | undefined) {
  // Loaded by the panel at start-up (AdminJS must not be imported before its environment is set): a cached import.
  const { flat } = await import('adminjs');
  const form = new FormParams(params, (values, path) => flat.get(values as Parameters<typeof flat.get>[0], path) as unknown);
  const input: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const value = valueOf(form, field);
    if (value === undefined) continue;
    input[field.dto ?? field.param] = value;
  }
  const panelErrors: FieldError[] = [];
  if (spec.partyRoles) {
    const parties = partiesOf(spec.partyRoles, form, current, panelErrors);
    if (parties) input.parties = parties;
  } else if (spec.parties && form.has('partyIds')) {
    Object.assign(input, spec.parties(form.ids('partyIds'), current));
  }
  for (const list of spec.lists ?? []) {
    if (form.has(list.param)) input[list.dto] = list.toInput(form.ids(list.param), current);
  }
  if (spec.editableSources && form.has('sources')) input.sources = sourcesOf(form, panelErrors);
  if (panelErrors.length) throw ProblemException.validation(panelErrors);
  if (mode === 'create' && typeof params.status === 'string' && params.status) input.status = params.status;
  const dto = plainToInstance(mode === 'create' ? spec.createDto : spec.updateDto, input);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw ProblemException.validation(flattenValidationErrors(errors));
  return dto;
}

/**
 * The parties from the per-role lists. A list the form did not send keeps the parties already in that role, so a
 * request that changes one role leaves the others alone; nothing sent at all leaves the parties untouched.
 */
function partiesOf(spec: PartyRoleSpec, form: FormParams, current: Record<string, unknown> | undefined, errors: FieldError[]): PartyRole[] | undefined {
  if (!spec.params.some(({ param }) => form.has(param))) return undefined;
  const recorded = (current?.parties as PartyRole[] | undefined) ?? [];
  const parties: PartyRole[] = [];
  for (const { param, role } of spec.params) {
    const ids = form.has(param) ? form.ids(param) : recorded.filter((party) => party.role === role).map((party) => party.partyId);
    for (const partyId of ids) {
      const taken = parties.find((party) => party.partyId === partyId && (spec.onePerParty || party.role === role));
      if (taken) {
        if (!errors.some((error) => error.field === param))
          errors.push({ field: param, message: taken.role === role ? 'partyListedTwice' : 'partyInTwoRoles' });
        continue;
      }
      parties.push({ partyId, role });
    }
  }
  return parties;
}

/** `sources.N.article` / `sources.N.quote` rows; an emptied list (`sources` = '') removes every citation. */
function sourcesOf(form: FormParams, errors: FieldError[]): { article: string; quote: string }[] {
  const sources = form.rows('sources').map((row) => ({ article: trimmed(row.article), quote: trimmed(row.quote) }));
  // Errors name the row's position in what is sent, which is how the form numbers them too.
  sources.forEach((source, index) => {
    if (!source.article) errors.push({ field: `sources.${index}.article`, message: 'articleRequired' });
    if (!source.quote) errors.push({ field: `sources.${index}.quote`, message: 'quoteRequired' });
  });
  return sources;
}

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function valueOf(form: FormParams, field: FieldSpec): unknown {
  const kind = field.kind ?? 'text';
  if (kind === 'enumArray' || kind === 'stringArray') return form.has(field.param) ? form.ids(field.param) : undefined;
  if (!form.hasOwn(field.param)) return undefined;
  const raw = form.value(field.param);
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return null;
  const text = (typeof raw === 'string' ? raw : JSON.stringify(raw)).trim();
  switch (kind) {
    case 'int':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'date': {
      // The date picker sends an ISO timestamp at midnight UTC; the domain stores dates.
      const match = /^(\d{4}-\d{2}-\d{2})/.exec(text);
      return match ? match[1] : text;
    }
    default:
      return text;
  }
}

/**
 * A submitted form, read with AdminJS's own `flat` helpers: AdminJS sends arrays and nested rows flattened
 * (`spheres.0`, `sources.1.quote`), and an emptied array as the bare key with an empty string (`spheres` = '').
 */
class FormParams {
  constructor(
    private readonly params: Record<string, unknown>,
    private readonly get: (params: Record<string, unknown>, path: string) => unknown,
  ) {}

  /** The form sent this field, flattened or not. */
  has(name: string): boolean {
    return this.get(this.params, name) !== undefined;
  }

  /** The form sent this plain field itself. */
  hasOwn(name: string): boolean {
    return name in this.params;
  }

  value(name: string): unknown {
    return this.params[name];
  }

  /** A flattened list of ids or values, in index order, without the blanks of removed rows. */
  ids(name: string): string[] {
    const value = this.get(this.params, name);
    return Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined && item !== '').map(String) : [];
  }

  /** A flattened list of rows (objects), in index order. */
  rows(name: string): Record<string, unknown>[] {
    const value = this.get(this.params, name);
    return Array.isArray(value) ? value.filter((row): row is Record<string, unknown> => !!row && typeof row === 'object') : [];
  }
}

/**
 * A refused change: the form stays as the user filled it, with the reason (stale version, region, validation). The
 * server's English reasons are shown under the fields in the user's language (field-messages.ts), one per field.
 */
async function failure(spec: ServiceResourceSpec, error: unknown, record: Record<string, unknown>, context: ActionContext): Promise<RecordActionResponse> {
  if (!(error instanceof ProblemException)) throw error;
  const problem = error.problem;
  const byDto = new Map(spec.fields.map((field) => [field.dto ?? field.param, field.param]));
  for (const list of spec.lists ?? []) byDto.set(list.dto, list.param);
  byDto.set('parties', spec.partyRoles?.params[0].param ?? 'partyIds');
  const locale = panelUserOf(context)?.locale ?? 'ru';
  const panelLabels = await panelFieldLabels(locale, context.resource.id());
  // A DTO field is labelled like the form field it comes from (`visitId` as `visit`).
  const labels = (field: string) => panelLabels(field) ?? panelLabels(byDto.get(field) ?? field);
  const errors: Record<string, { message: string }> = {};
  for (const fieldError of localizeFieldErrors(problem.errors ?? [], locale, labels)) {
    const source = /^sources\.\d+\.(article|quote)$/.exec(fieldError.field);
    if (source) {
      // The citation rows show their own errors; the service's 422s (unknown article, quote not in it) get words in
      // the reader's language instead of the API's English.
      const message = problem.status === 422 ? (source[1] === 'quote' ? 'quoteNotInArticle' : 'unknownArticle') : fieldError.message;
      errors[fieldError.field] = { message };
      errors.sources ??= { message: 'sourcesInvalid' };
      continue;
    }
    const top = fieldError.field.split('.')[0];
    const param = byDto.get(top) ?? top;
    // One message per field: the first (most relevant) of a list's items, not all of them run together.
    errors[param] ??= { message: fieldError.message };
  }
  const message =
    problem.type === ProblemType.preconditionFailed
      ? 'staleVersion'
      : problem.type === ProblemType.forbidden
        ? 'forbiddenRegion'
        : problem.type === ProblemType.invalidTransition
          ? 'invalidTransition'
          : problem.type === ProblemType.archived
            ? 'recordArchived'
            : Object.keys(errors).length
              ? 'thereWereValidationErrors'
              : localizeMessage(problem.detail ?? 'thereWereValidationErrors', locale, labels);
  return {
    record: { ...record, errors, baseError: { message: problem.detail ?? '', type: problem.type } } as never,
    notice: { message, type: 'error' },
  };
}

function isStaleVersion(error: unknown): boolean {
  return error instanceof ProblemException && error.problem.type === ProblemType.preconditionFailed;
}

/**
 * A stale edit: the refusal carries the record as stored now with the user's edits put back (admin/stale-edit.ts),
 * which the form takes over; fields the other person changed too are marked for the user to compare.
 */
async function offerReload(
  spec: ServiceResourceSpec,
  refused: RecordActionResponse,
  params: Record<string, unknown>,
  context: ActionContext,
): Promise<RecordActionResponse> {
  const { record, changedMeanwhile } = await reloadKeepingEdits(context, params, async () => {
    const current = await context.resource.findOne(context.record!.id());
    await attachDomainParams(spec, current!, context, { history: false });
    return current!;
  });
  const errors = Object.fromEntries(changedMeanwhile.map((field) => [field, { message: CHANGED_MEANWHILE }]));
  const reloaded = localizeRecord({ ...record, errors }, panelUserOf(context)?.locale ?? 'ru');
  return {
    record: { ...refused.record, params: { ...refused.record.params, [RELOADED_PARAM]: JSON.stringify(reloaded) } },
    // An error: nothing was saved, whatever the form now shows.
    notice: { message: 'staleVersionReloaded', type: 'error' },
  };
}

/**
 * What the loader and integrity checks use (the seed key, an article's checksum): admins read them in a record's
 * technical section; staff's pages neither show them nor carry them. The id and an article's key stay: links and the
 * "cite this article" form need them.
 */
const ADMIN_ONLY_PARAMS = ['seedKey', 'sha256'];

/** A record as the reader gets it: values in their language, without what only admins read. */
function forReader(record: RecordJson, context: ActionContext): RecordJson {
  const user = panelUserOf(context);
  const localized = localizeRecord(record, user?.locale ?? 'ru');
  if (user?.role === 'admin') return localized;
  const params = { ...localized.params };
  for (const param of ADMIN_ONLY_PARAMS) delete params[param];
  return { ...localized, params };
}

function localizeListResponse(response: ActionResponse, _request: ActionRequest, context: ActionContext): ActionResponse {
  if (response.records) response.records = (response.records as RecordJson[]).map((record) => forReader(record, context));
  return response;
}

function localizeRecordResponse(response: ActionResponse, _request: ActionRequest, context: ActionContext): ActionResponse {
  if (response.record) response.record = forReader(response.record as RecordJson, context);
  return response;
}

export const CHANGING_ACTIONS = ['edit', 'delete', 'changeStatus', 'restore'];
export const CHANGING_BULK_ACTIONS = ['bulkChangeStatus', 'bulkArchive'];

/** Drops edit, archive and status actions from records outside a region-bound editor's region. */
function hideOutOfRegion(spec: ServiceResourceSpec) {
  return async (response: ActionResponse, _request: ActionRequest, context: ActionContext): Promise<ActionResponse> => {
    const user = panelUserOf(context);
    if (!spec.editableIds || user?.role !== 'editor' || !user.regionPartyId) return response;
    const records = (response.records ?? (response.record ? [response.record] : [])) as RecordJson[];
    const editable = await spec.editableIds(
      actorOf(user),
      records.map((record) => String(record.id)),
    );
    for (const record of records) {
      if (editable.has(String(record.id))) continue;
      record.recordActions = record.recordActions.filter((action) => !CHANGING_ACTIONS.includes(action.name));
      // No checkbox either: a bulk change would only be refused for it.
      record.bulkActions = record.bulkActions.filter((action) => !CHANGING_BULK_ACTIONS.includes(action.name));
    }
    return response;
  };
}

export const readOnlyActions: ResourceOptions['actions'] = {
  list: { isAccessible: mayRead, after: localizeListResponse },
  search: { isAccessible: mayRead, after: localizeListResponse },
  show: { isAccessible: mayRead, after: localizeRecordResponse },
  new: { isAccessible: nobody, isVisible: false },
  edit: { isAccessible: nobody, isVisible: false },
  delete: { isAccessible: nobody, isVisible: false },
  bulkDelete: { isAccessible: nobody, isVisible: false },
};
