import type { ApiScope } from '@prisma/client';
import { ApiKeysService } from '../../apps/api/src/auth/api-keys.service.js';
import { buildSearchText } from '../../apps/api/src/domain/search-text.js';
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
  fields: { nameRu?: string; nameKk?: string; nameEn?: string; kind?: 'country' | 'region' | 'city' | 'organisation'; parentId?: string; aliases?: string[] },
): Promise<PartyFixture> {
  return testApp.prisma.party.create({
    data: {
      kind: fields.kind ?? 'region',
      nameRu: fields.nameRu ?? null,
      nameKk: fields.nameKk ?? null,
      nameEn: fields.nameEn ?? null,
      aliases: fields.aliases ?? [],
      parentId: fields.parentId ?? null,
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
    data: { key, language: 'ru', title: key, text, sha256: '0'.repeat(64) },
  });
}

/** Row counts of every domain table: a rejected request must leave them all unchanged. */
export async function domainRowCounts(testApp: TestApp): Promise<Record<string, number>> {
  const p = testApp.prisma;
  const [
    visits,
    memoranda,
    contracts,
    followUps,
    parties,
    people,
    citations,
    audit,
    statusChanges,
    memorandumParties,
    visitHosts,
    contractParties,
    signatories,
  ] = await Promise.all([
    p.visit.count(),
    p.memorandum.count(),
    p.contract.count(),
    p.followUp.count(),
    p.party.count(),
    p.person.count(),
    p.citation.count(),
    p.auditEntry.count(),
    p.statusChange.count(),
    p.memorandumParty.count(),
    p.visitHost.count(),
    p.contractParty.count(),
    p.memorandumSignatory.count(),
  ]);
  return {
    visits,
    memoranda,
    contracts,
    followUps,
    parties,
    people,
    citations,
    audit,
    statusChanges,
    memorandumParties,
    visitHosts,
    contractParties,
    signatories,
  };
}
