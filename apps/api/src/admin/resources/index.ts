import type { Language } from '@prisma/client';
import type { RecordEntity } from '../../domain/record-types.js';
import type { ResourceWithOptions } from 'adminjs';
import { CITING_RECORD_TYPES } from '../../domain/record-types.js';
import { citedRecordOf, type PanelContext, recordResource, type RecordResource } from './common.js';
import { contractResource } from './contract.resource.js';
import { followUpResource } from './follow-up.resource.js';
import { memorandumResource } from './memorandum.resource.js';
import { partyResource } from './party.resource.js';
import { personResource } from './person.resource.js';
import { articleResource, articleEditProperties, citationResource, statusChangeResource } from './sources.resource.js';
import { adminUserResource, apiKeyResource } from './staff.resource.js';
import { visitResource } from './visit.resource.js';
import { webhookDeliveryResource, webhookSubscriptionResource } from './webhooks.resource.js';

export type { Dmmf, PanelContext } from './common.js';

/** One panel resource per record type; the compiler refuses a record type without one. In menu order. */
export const RECORD_RESOURCES = {
  memorandum: memorandumResource,
  visit: visitResource,
  contract: contractResource,
  follow_up: followUpResource,
  party: partyResource,
  person: personResource,
} satisfies Record<RecordEntity, RecordResource>;

/**
 * The record types' words for the panel's texts in one language: section names, the names of one record (the record
 * type column of the status-change register and the dashboard), and field labels of their own.
 */
export function recordTexts(language: Language) {
  const resources = Object.values(RECORD_RESOURCES);
  const ones = Object.fromEntries(resources.map((resource) => [resource.type.entityType, resource.texts[language].one]));
  // The citation register names the cited record by its relation (`followUp`), one column per citing type.
  const citedRecords = Object.fromEntries(CITING_RECORD_TYPES.map((type) => [citedRecordOf(type), ones[type.entityType]]));
  return {
    names: Object.fromEntries(resources.map((resource) => [resource.type.adminResource, resource.texts[language].name])),
    entityType: ones,
    statuses: Object.assign({}, ...resources.map((resource) => resource.texts[language].statuses ?? {})) as Record<string, string>,
    resources: {
      ...Object.fromEntries(
        resources.flatMap((resource) => {
          const properties = resource.texts[language].properties;
          return properties ? [[resource.type.adminResource, { properties }]] : [];
        }),
      ),
      Citation: { properties: citedRecords },
    },
  };
}

/**
 * Fields of dates whose precision the panel labels (day, month, year, unknown): every `*Precision` a form edits. A
 * record page shows none of them: its dates read as precisely as they are known («июнь 2016»).
 */
export const PRECISION_FIELDS = [
  ...new Set([
    ...Object.values(RECORD_RESOURCES).flatMap((resource) => resource.options({} as PanelContext).editProperties ?? []),
    ...(articleEditProperties() ?? []),
  ]),
].filter((field) => field.endsWith('Precision'));

/** Every resource of the panel: the register and directory, then sources, then administration. */
export function panelResources(panel: PanelContext): ResourceWithOptions[] {
  return [
    ...Object.values(RECORD_RESOURCES).map((definition) => recordResource(panel, definition)),
    articleResource(panel),
    citationResource(panel),
    statusChangeResource(panel),
    adminUserResource(panel),
    apiKeyResource(panel),
    webhookSubscriptionResource(panel),
    webhookDeliveryResource(panel),
  ];
}
