import type { ActionContext, ActionRequest } from 'adminjs';
import { statusesOf } from '../domain/lifecycle.js';
import { ProblemException, ProblemType, type FieldError } from '../infrastructure/errors/problem.js';
import { actorOf, isAdmin, mayEditRecords, panelUserOf } from './access.js';
import { localizeFieldErrors, localizeMessage, panelFieldLabels } from './field-messages.js';
import { localizeRecord } from './localize.js';
import type { ServiceResourceSpec } from './service-actions.js';

/*
 * Work on many records at once from a list: a status change with one reason for all of them, and (for admins) an
 * archive. Each record goes through its domain service on its own, with the same rules as one at a time (lifecycle,
 * region, version), and the answer says what happened to each: "7 moved, 1 refused: stale".
 */

/** How many records one bulk action takes: a list page at most, so that one click never runs for minutes. */
export const MAX_BULK_RECORDS = 100;
/** Each record's version as the list showed it travels as `versions.<id>`: no change is made blind. */
const VERSION_PREFIX = 'versions.';

export type BulkOutcome = { id: string; title: string; done: boolean; reason?: string };

/** Why one record was refused, in the words the panel has for it (locales/*.ts `messages`). */
async function reasonOf(error: unknown, context: ActionContext): Promise<string> {
  if (!(error instanceof ProblemException)) throw error;
  const { problem } = error;
  const keys: Partial<Record<string, string>> = {
    [ProblemType.preconditionFailed]: 'bulkStale',
    [ProblemType.forbidden]: 'bulkForbidden',
    [ProblemType.invalidTransition]: 'bulkInvalidTransition',
    [ProblemType.archived]: 'bulkArchived',
    [ProblemType.notFound]: 'bulkNotFound',
  };
  const key = keys[problem.type];
  if (key) return key;
  const locale = panelUserOf(context)?.locale ?? 'ru';
  const labels = await panelFieldLabels(locale, context.resource.id());
  const [first] = localizeFieldErrors(problem.errors ?? [], locale, labels);
  return first?.message ?? localizeMessage(problem.detail ?? 'thereWereValidationErrors', locale, labels);
}

function payloadOf(request: ActionRequest): Record<string, unknown> {
  return { ...(request.payload ?? {}) };
}

/** The GET of a bulk action: the selected records as the list shows them, each with its version. */
function listed(context: ActionContext) {
  const locale = panelUserOf(context)?.locale ?? 'ru';
  return { records: (context.records ?? []).map((record) => localizeRecord(record.toJSON(context.currentAdmin), locale)) };
}

/**
 * For a region-bound editor, which of the selected records are of their region; another region's are refused before
 * anything else, as the interface offers them no checkbox (the service would refuse them too, after the version).
 */
async function editableOf(spec: ServiceResourceSpec, context: ActionContext): Promise<Set<string> | undefined> {
  const user = panelUserOf(context)!;
  if (!spec.editableIds || user.role !== 'editor' || !user.regionPartyId) return undefined;
  return spec.editableIds(
    actorOf(user),
    (context.records ?? []).map((record) => String(record.id())),
  );
}

/** None of the selected records is the user's to change: refused as a whole (403), as one record's change would be. */
async function noneEditable(spec: ServiceResourceSpec, context: ActionContext) {
  const editable = await editableOf(spec, context);
  return editable && editable.size === 0 ? { ...listed(context), notice: { message: 'forbiddenRegion', type: 'error' } } : undefined;
}

/** More records than one bulk action takes: refused as a whole, before any of them is changed. */
function tooMany(context: ActionContext) {
  return (context.records ?? []).length > MAX_BULK_RECORDS
    ? { ...listed(context), notice: { message: 'bulkTooMany', type: 'error', options: { max: MAX_BULK_RECORDS } } }
    : undefined;
}

/** Runs `change` for every selected record in turn and answers with each one's outcome and a summary notice. */
async function eachRecord(
  spec: ServiceResourceSpec,
  request: ActionRequest,
  context: ActionContext,
  doneMessage: string,
  change: (id: string, version: number) => Promise<unknown>,
) {
  const payload = payloadOf(request);
  const outcomes: BulkOutcome[] = [];
  const locale = panelUserOf(context)?.locale ?? 'ru';
  const refusedAsAWhole = tooMany(context);
  if (refusedAsAWhole) return refusedAsAWhole;
  const records = context.records ?? [];
  const editable = await editableOf(spec, context);
  for (const record of records) {
    const id = String(record.id());
    const title = localizeRecord(record.toJSON(context.currentAdmin), locale).title;
    if (editable && !editable.has(id)) {
      outcomes.push({ id, title, done: false, reason: 'bulkForbidden' });
      continue;
    }
    const version = Number(payload[`${VERSION_PREFIX}${id}`]);
    if (!Number.isInteger(version)) {
      outcomes.push({ id, title, done: false, reason: 'bulkNoVersion' });
      continue;
    }
    try {
      await change(id, version);
      outcomes.push({ id, title, done: true });
    } catch (error) {
      outcomes.push({ id, title, done: false, reason: await reasonOf(error, context) });
    }
  }
  const done = outcomes.filter((outcome) => outcome.done).length;
  const refused = outcomes.length - done;
  const message = refused ? 'bulkPartly' : doneMessage;
  return { records: listed(context).records, outcomes, notice: { message, type: refused ? 'error' : 'success', options: { done, refused } } };
}

/** The bulk actions of a record type with a domain service: a status change for lifecycle records, an archive. */
export function bulkActions(spec: ServiceResourceSpec) {
  const { service, lifecycle } = spec;
  return {
    ...(lifecycle
      ? {
          bulkChangeStatus: {
            actionType: 'bulk' as const,
            icon: 'RefreshCw',
            component: 'BulkRecordAction',
            showInDrawer: false,
            custom: { mode: 'status', statuses: statusesOf(lifecycle) },
            isAccessible: mayEditRecords,
            handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
              if (request.method !== 'post') return listed(context);
              const refusal = await noneEditable(spec, context);
              if (refusal) return refusal;
              const payload = payloadOf(request);
              const to = typeof payload.to === 'string' ? payload.to : '';
              const comment = typeof payload.comment === 'string' ? payload.comment.trim() : '';
              const errors: FieldError[] = [];
              if (!to) errors.push({ field: 'to', message: 'statusRequired' });
              if (!comment) errors.push({ field: 'comment', message: 'commentRequired' });
              if (comment.length > 2000) errors.push({ field: 'comment', message: 'comment must be at most 2000 characters' });
              if (errors.length) {
                const locale = panelUserOf(context)?.locale ?? 'ru';
                return { ...listed(context), errors: Object.fromEntries(localizeFieldErrors(errors, locale).map((e) => [e.field, { message: e.message }])) };
              }
              const actor = actorOf(panelUserOf(context)!);
              return eachRecord(spec, request, context, 'bulkMoved', (id, version) => service.transition!(id, version, to, comment, actor));
            },
          },
        }
      : {}),
    bulkArchive: {
      actionType: 'bulk' as const,
      icon: 'Archive',
      component: 'BulkRecordAction',
      showInDrawer: false,
      custom: { mode: 'archive' },
      isAccessible: isAdmin,
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
        if (request.method !== 'post') return listed(context);
        const actor = actorOf(panelUserOf(context)!);
        return eachRecord(spec, request, context, 'bulkArchivedDone', (id, version) => service.archive(id, version, actor));
      },
    },
  };
}
