import { createHash } from 'node:crypto';
import type { ApiScope, PartyKind } from '@prisma/client';
import { ApiKeysService } from '../../apps/api/src/auth/api-keys.service.js';
import { ALL_RECORD_TYPES } from '../../apps/api/src/domain/record-types.js';
import { buildSearchText } from '../../apps/api/src/domain/search-text.js';
import { sourceSearchText } from '../../apps/api/src/sources/sources.service.js';
import type { TestApp } from './test-app.js';

/** A fresh API key for the test app, as `Authorization` header value. */
export async function bearer(testApp: TestApp, scope: ApiScope, name = `test-${scope}-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
  const { secret } = await testApp.app.get(ApiKeysService).create(name, scope);
  return `Bearer ${secret}`;
}

export interface PartyFixture {
  id: string;
}

/** Inserts a party directly: fixtures for tests of other resources, not a way around the parties service. */
export async function createParty(
  testApp: TestApp,
  fields: { nameRu?: string; nameKk?: string; nameEn?: string; kind?: PartyKind; parentId?: string; aliases?: string[]; countryCode?: string },
): Promise<PartyFixture> {
  return testApp.prisma.party.create({
    data: {
      kind: fields.kind ?? 'region',
      nameRu: fields.nameRu ?? null,
      nameKk: fields.nameKk ?? null,
      nameEn: fields.nameEn ?? null,
      aliases: fields.aliases ?? [],
      parentId: fields.parentId ?? null,
      countryCode: fields.countryCode ?? null,
      searchText: buildSearchText(fields.nameKk, fields.nameRu, fields.nameEn, fields.aliases ?? []),
    },
    select: { id: true },
  });
}

export async function createPerson(testApp: TestApp, fields: { nameRu: string; partyId?: string }): Promise<{ id: string }> {
  return testApp.prisma.person.create({
    data: { nameRu: fields.nameRu, partyId: fields.partyId ?? null, searchText: buildSearchText(fields.nameRu) },
    select: { id: true },
  });
}

export async function createArticle(testApp: TestApp, key: string, text: string): Promise<void> {
  await testApp.prisma.sourceArticle.create({
    data: { key, language: 'ru', title: key, text, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), searchText: sourceSearchText(key, key) },
  });
}

/**
 * Row counts of every domain table: a rejected request must leave them all unchanged. Each record type's table is
 * keyed by its `collection` (`visits`, `followUps`, …) and each join table it owns by its Prisma delegate
 * (`visitHost`, `memorandumSignatory`, …), read from the registry so that a new record type is counted too.
 */
export async function domainRowCounts(testApp: TestApp): Promise<Record<string, number>> {
  const p = testApp.prisma;
  const tables: [string, Promise<number>][] = [
    ...ALL_RECORD_TYPES.flatMap((type) => [
      [type.collection, countRows(testApp, type.model)] as [string, Promise<number>],
      ...type.ownedJoins.map((join): [string, Promise<number>] => [join, countRows(testApp, join)]),
    ]),
    ['sources', p.sourceArticle.count()],
    ['citations', p.citation.count()],
    ['audit', p.auditEntry.count()],
    ['statusChanges', p.statusChange.count()],
    ['changeEvents', p.changeEvent.count()],
  ];
  const counts = await Promise.all(tables.map(([, count]) => count));
  return Object.fromEntries(tables.map(([name], index) => [name, counts[index]]));
}

/** Prisma's delegates share no type: a table named by the registry is counted through this one cast. */
function countRows(testApp: TestApp, delegate: string): Promise<number> {
  return (testApp.prisma as unknown as Record<string, { count(): Promise<number> }>)[delegate].count();
}
