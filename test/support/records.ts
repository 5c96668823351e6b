import type { MemorandumStatus, Prisma, Sphere } from '@prisma/client';
import type { TestApp } from './test-app.js';

/*
 * Linked records for follow-up, source and report tests, inserted directly: these tests are about follow-ups and
 * summaries, not about the visit, memorandum and contract services.
 */

export async function insertVisit(t: TestApp, fields: { titleRu: string; visitingPartyId: string; hostIds?: string[] }): Promise<{ id: string }> {
  return t.prisma.visit.create({
    data: {
      titleRu: fields.titleRu,
      visitingPartyId: fields.visitingPartyId,
      hosts: { create: (fields.hostIds ?? []).map((partyId) => ({ partyId })) },
    },
    select: { id: true },
  });
}

export async function insertMemorandum(
  t: TestApp,
  fields: {
    titleRu: string;
    partyIds?: string[];
    status?: MemorandumStatus;
    quantity?: number;
    spheres?: Sphere[];
    signedOn?: string;
    signedOnPrecision?: 'day' | 'month' | 'year';
    archived?: boolean;
  },
): Promise<{ id: string }> {
  return t.prisma.memorandum.create({
    data: {
      titleRu: fields.titleRu,
      status: fields.status ?? 'draft',
      quantity: fields.quantity ?? 1,
      spheres: fields.spheres ?? [],
      signedOn: fields.signedOn ? new Date(`${fields.signedOn}T00:00:00Z`) : null,
      signedOnPrecision: fields.signedOn ? (fields.signedOnPrecision ?? 'day') : 'unknown',
      archivedAt: fields.archived ? new Date() : null,
      parties: { create: (fields.partyIds ?? []).map((partyId) => ({ partyId })) },
    },
    select: { id: true },
  });
}

export async function insertContract(
  t: TestApp,
  fields: { titleRu: string; parties?: { partyId: string; role: 'supplier' | 'buyer' | 'partner' }[] },
): Promise<{ id: string }> {
  return t.prisma.contract.create({
    data: { titleRu: fields.titleRu, parties: { create: fields.parties ?? [] } },
    select: { id: true },
  });
}

export async function insertCitation(
  t: TestApp,
  articleKey: string,
  quote: string,
  target: Omit<Prisma.CitationUncheckedCreateInput, 'articleId' | 'quote'>,
): Promise<void> {
  const article = await t.prisma.sourceArticle.findUniqueOrThrow({ where: { key: articleKey }, select: { id: true } });
  await t.prisma.citation.create({ data: { ...target, articleId: article.id, quote } });
}

/** A calendar day relative to today (UTC), as YYYY-MM-DD. */
export function dayFromToday(days: number): string {
  const date = new Date();
  date.setUTCHours(0, 0, 0, 0);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The first day of a month relative to this one (UTC), as YYYY-MM-DD. */
export function monthFromThis(months: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1)).toISOString().slice(0, 10);
}

/** 1 January of a year relative to this one (UTC), as YYYY-MM-DD. */
export function yearFromThis(years: number): string {
  return `${new Date().getUTCFullYear() + years}-01-01`;
}
