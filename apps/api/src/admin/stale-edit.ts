import type { ActionContext, BaseRecord, RecordJSON } from 'adminjs';

/*
 * "Reload the record, keep my changes": when an edit is refused because someone saved the record since the form was
 * loaded, the form is re-read at the current version and the user's own edits are put back on it for review, so a
 * second "Save" neither fails again nor silently undoes the other person's change.
 *
 * What the user edited is what differs between the form as it was loaded (a snapshot sent with it, LOADED_PARAM) and
 * the form as submitted. A field both people changed keeps the user's value and is marked, so they can compare.
 */

/** The form's values as loaded, travelling with the form (JSON of the edit fields' flat params). */
export const LOADED_PARAM = 'loadedJson';
/** The re-read record with the user's edits, for the form to take over (components/FormVersion.jsx). */
export const RELOADED_PARAM = 'reloadedJson';
/** The field message of a field that the other person changed too (its words are in locales/*.ts). */
export const CHANGED_MEANWHILE = 'changedMeanwhile';

type FlatParams = Record<string, unknown>;

/** The edit form's fields (their flat params are `field` and `field.N…`), without the version it travels with. */
export function editFieldsOf(context: ActionContext): string[] {
  const properties = context.resource.decorate().options.editProperties ?? [];
  return properties.filter((name) => name !== 'version');
}

/** What the form shows of a field, comparable between a loaded record and a submitted form (all strings there). */
function valuesOf(params: FlatParams, field: string): string {
  const entries = Object.entries(params)
    .filter(([key]) => key === field || key.startsWith(`${field}.`))
    .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : value] as const)
    // An empty value and an absent one read the same in a form (and an emptied list is `[]`).
    .filter(([, value]) => value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean)]);
  return JSON.stringify(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** The snapshot of a loaded edit form, as LOADED_PARAM carries it. */
export function formSnapshot(params: FlatParams, fields: readonly string[]): string {
  const snapshot: FlatParams = {};
  for (const [key, value] of Object.entries(params)) {
    if (fields.some((field) => key === field || key.startsWith(`${field}.`))) snapshot[key] = value instanceof Date ? value.toISOString() : value;
  }
  return JSON.stringify(snapshot);
}

function parseSnapshot(value: unknown): FlatParams | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as FlatParams) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The record as stored now, with the fields the user edited set to their values, populated and ready for the form.
 * `reload` reads the current record with what the form needs beyond its row (the domain params of service-actions).
 * Without a snapshot of the loaded form (a form from before this was built) nothing can be told apart: the form is
 * re-read and the user's values are kept for every field that differs from the stored record.
 */
export async function reloadKeepingEdits(
  context: ActionContext,
  submitted: FlatParams,
  reload: () => Promise<BaseRecord>,
): Promise<{ record: RecordJSON; changedMeanwhile: string[] }> {
  const fields = editFieldsOf(context);
  const current = await reload();
  const stored = current.params;
  const loaded = parseSnapshot(submitted[LOADED_PARAM]) ?? stored;
  const params: FlatParams = { ...stored };
  const changedMeanwhile: string[] = [];
  for (const field of fields) {
    const mine = valuesOf(submitted, field);
    if (mine === valuesOf(loaded, field)) continue;
    if (valuesOf(loaded, field) !== valuesOf(stored, field) && mine !== valuesOf(stored, field)) changedMeanwhile.push(field);
    for (const key of Object.keys(params)) if (key === field || key.startsWith(`${field}.`)) delete params[key];
    for (const [key, value] of Object.entries(submitted)) if (key === field || key.startsWith(`${field}.`)) params[key] = value;
  }
  params[LOADED_PARAM] = formSnapshot(stored, fields);
  const { BaseRecord: Record, populator } = await import('adminjs');
  const merged = new Record(params, context.resource);
  // The references the user picked need their titles as much as the stored ones.
  await populator([merged], context);
  return { record: merged.toJSON(context.currentAdmin), changedMeanwhile };
}
