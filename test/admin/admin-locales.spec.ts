import { en } from '../../apps/api/src/admin/locales/en.js';
import { PANEL_TEXTS } from '../../apps/api/src/admin/locales/index.js';
import { kk } from '../../apps/api/src/admin/locales/kk.js';
import { ru } from '../../apps/api/src/admin/locales/ru.js';
import type { PanelContext } from '../../apps/api/src/admin/resources/common.js';
import { RECORD_RESOURCES } from '../../apps/api/src/admin/resources/index.js';
import { ALL_RECORD_TYPES } from '../../apps/api/src/domain/record-types.js';
import {
  AdminRole,
  ContractStatus,
  DatePrecision,
  EntityType,
  FollowUpStatus,
  MemorandumKind,
  MemorandumStatus,
  PartyKind,
  Sphere,
  VisitStatus,
} from '@prisma/client';

function keys(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('admin panel texts', () => {
  it('has the same keys in Russian, Kazakh and English', () => {
    expect(keys(ru).sort()).toEqual(keys(en).sort());
    expect(keys(kk).sort()).toEqual(keys(en).sort());
  });

  it('labels every value of the enums the panel shows', () => {
    const labelled = {
      status: [MemorandumStatus, ContractStatus, VisitStatus, FollowUpStatus],
      kind: [MemorandumKind, PartyKind],
      spheres: [Sphere],
      signedOnPrecision: [DatePrecision],
      role: [AdminRole],
      entityType: [EntityType],
    } as const;
    for (const texts of Object.values(PANEL_TEXTS)) {
      for (const [label, enums] of Object.entries(labelled)) {
        const translated = (texts.labels as unknown as Record<string, Record<string, string>>)[label];
        for (const values of enums) for (const value of Object.values(values)) expect(translated[value as string]).toBeTruthy();
      }
    }
  });

  // A record type's words live in its panel resource (resources/*.resource.ts): a new type with no name, or a field
  // shown with no label, fails here rather than showing staff its technical name.
  it('names every record type and labels every field its pages, forms and filters show, in every language', () => {
    const missing: string[] = [];
    for (const [language, texts] of Object.entries(PANEL_TEXTS)) {
      const labels = texts.labels as Record<string, unknown>;
      for (const type of ALL_RECORD_TYPES) {
        if (!labels[type.adminResource]) missing.push(`${language}: labels.${type.adminResource}`);
        if (!(labels.entityType as Record<string, string>)[type.entityType]) missing.push(`${language}: labels.entityType.${type.entityType}`);
        for (const status of Object.keys(type.lifecycle ?? {})) {
          if (!(labels.status as Record<string, string>)[status]) missing.push(`${language}: labels.status.${status}`);
        }
      }
      for (const resource of Object.values(RECORD_RESOURCES)) {
        const options = resource.options({} as PanelContext);
        const shown = [
          ...(options.listProperties ?? []),
          ...(options.showProperties ?? []),
          ...(options.editProperties ?? []),
          ...(options.filterProperties ?? []),
        ];
        const own = (texts.resources as Record<string, { properties?: Record<string, string> }>)[resource.type.adminResource]?.properties ?? {};
        for (const property of new Set(shown)) {
          if (!own[property] && !(texts.properties as Record<string, string>)[property])
            missing.push(`${language}: ${resource.type.adminResource}.${property}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
