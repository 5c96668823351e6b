import { en } from '../../apps/api/src/admin/locales/en.js';
import { kk } from '../../apps/api/src/admin/locales/kk.js';
import { ru } from '../../apps/api/src/admin/locales/ru.js';
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
      precision: [DatePrecision],
      role: [AdminRole],
      entityType: [EntityType],
    } as const;
    for (const texts of [ru, kk, en]) {
      for (const [label, enums] of Object.entries(labelled)) {
        const translated = texts.labels[label as keyof typeof texts.labels] as Record<string, string>;
        for (const values of enums) for (const value of Object.values(values)) expect(translated[value as string]).toBeTruthy();
      }
    }
  });
});
