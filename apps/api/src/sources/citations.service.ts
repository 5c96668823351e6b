import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import type { FieldError } from '../infrastructure/errors/problem.js';
import { unprocessable } from '../infrastructure/errors/problem.js';
import type { CitationColumn } from '../domain/record-types.js';

export interface SourceInput {
  article: string;
  quote: string;
}

/** The record a citation belongs to: exactly one of the citation columns of the record-type registry. */
export type CitationTarget = Partial<Record<CitationColumn, string>>;

export interface SourceView {
  article: string;
  quote: string;
}

/** Citations tie a record to the exact passage of a stored article that supports it. */
@Injectable()
export class CitationsService {
  /** Replaces a record's citations; 422 when an article is unknown or a quote is not verbatim in it. */
  async replace(tx: Prisma.TransactionClient, target: CitationTarget, sources: SourceInput[], field = 'sources'): Promise<void> {
    const keys = [...new Set(sources.map((source) => source.article))];
    const articles = await tx.sourceArticle.findMany({ where: { key: { in: keys } }, select: { id: true, key: true, text: true } });
    const byKey = new Map(articles.map((article) => [article.key, article]));
    const errors: FieldError[] = [];
    sources.forEach((source, index) => {
      const article = byKey.get(source.article);
      if (!article) errors.push({ field: `${field}.${index}.article`, message: `no source article is named ${source.article}` });
      else if (!article.text.includes(source.quote)) {
        errors.push({ field: `${field}.${index}.quote`, message: `the quote is not found verbatim in ${source.article}` });
      }
    });
    if (errors.length) {
      throw unprocessable(errors, 'A citation does not match its article.');
    }
    await tx.citation.deleteMany({ where: target });
    if (sources.length) {
      await tx.citation.createMany({
        data: sources.map((source) => ({ ...target, articleId: byKey.get(source.article)!.id, quote: source.quote })),
      });
    }
  }
}

/** Prisma include for a record's citations, in a stable order. */
export const CITATIONS_INCLUDE = {
  orderBy: { createdAt: 'asc' },
  select: { quote: true, article: { select: { key: true } } },
} as const satisfies Prisma.Visit$citationsArgs;

export function toSourceViews(citations: { quote: string; article: { key: string } }[]): SourceView[] {
  return citations.map((citation) => ({ article: citation.article.key, quote: citation.quote }));
}

/** Citations as the audit trail compares them: one "article: quote" line each. */
export function citedPassages(citations: { quote: string; article: { key: string } }[]): string[] {
  return toSourceViews(citations).map((source) => `${source.article}: ${source.quote}`);
}
