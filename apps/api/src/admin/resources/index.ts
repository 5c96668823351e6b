import type { EntityType, Language } from '@prisma/client';
import type { ResourceWithOptions } from 'adminjs';
import { type PanelContext, recordResource, type RecordResource } from './common.js';
import { contractResource } from './contract.resource.js';
import { followUpResource } from './follow-up.resource.js';
import { memorandumResource } from './memorandum.resource.js';
import { partyResource } from './party.resource.js';
import { personResource } from './person.resource.js';
import { articleResource, citationResource, statusChangeResource } from './sources.resource.js';
import { adminUserResource, apiKeyResource } from './staff.resource.js';
import { visitResource } from './visit.resource.js';

export type { Dmmf, PanelContext } from './common.js';

/** One panel resource per record type; the compiler refuses a record type without one. In menu order. */
export const RECORD_RESOURCES = {
  memorandum: memorandumResource,
  visit: visitResource,
  contract: contractResource,
  follow_up: followUpResource,
  party: partyResource,
  person: personResource,
} satisfies Record<EntityType, RecordResource>;

/**
 * The record types' words for the panel's texts in one language: section names, the names of one record (the record
 * type column of the status-change register and the dashboard), and field labels of their own.
 */
export function recordTexts(language: Language) {
  const resources = Object.values(RECORD_RESOURCES);
  return {
    names: Object.fromEntries(resources.map((resource) => [resource.type.adminResource, resource.texts[language].name])),
    entityType: Object.fromEntries(resources.map((resource) => [resource.type.entityType, resource.texts[language].one])),
    resources: Object.fromEntries(
      resources.flatMap((resource) => {
        const properties = resource.texts[language].properties;
        return properties ? [[resource.type.adminResource, { properties }]] : [];
      }),
    ),
  };
}

/** Every resource of the panel: the register and directory, then sources, then administration. */
export function panelResources(panel: PanelContext): ResourceWithOptions[] {
  return [
    ...Object.values(RECORD_RESOURCES).map((definition) => recordResource(panel, definition)),
    articleResource(panel),
    citationResource(panel),
    statusChangeResource(panel),
    adminUserResource(panel),
    apiKeyResource(panel),
  ];
}
