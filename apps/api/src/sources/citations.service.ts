import { Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import type { FieldError } from '../infrastructure/errors/problem.js';
import { unprocessable } from '../infrastructure/errors/problem.js';
import { formatDate } from '../domain/dates.js';
import {
  type AnyRecordType,
  CITATION_COLUMNS_SELECT,
  type CitationColumn,
  CITING_RECORD_TYPES,
  namedPartiesSql,
  recordTitles,
  snakeCase,
} from '../domain/record-types.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';

/**
 * Citations in the order they were made. The seed (and an intake) makes several in one transaction, where now() is
 * the same for all: the id breaks the tie, or the same record would be answered with its sources in varying order
 * (and with a varying ETag, which hashes the answer).
 */
const CITATION_ORDER = [{ createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.CitationOrderByWithRelationInput[];

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
  constructor(private readonly prisma: PrismaService) {}

  /** A record's citations with their articles (title, outlet, date), for the Sources block of its page. */
  async citationsOf(type: AnyRecordType, id: string) {
    if (!type.citationColumn) return [];
    const rows = await this.prisma.citation.findMany({
      where: { [type.citationColumn]: id },
      orderBy: CITATION_ORDER,
      select: {
        quote: true,
        article: { select: { id: true, key: true, title: true, outlet: true, url: true, publishedOn: true, publishedOnPrecision: true } },
      },
    });
    return rows.map((row) => ({ quote: row.quote, article: { ...row.article, publishedOn: formatDate(row.article.publishedOn) } }));
  }

  /** The parties named by the live records that cite an article (the `article` filter of the party list). */
  async partiesNamedIn(articleKey: string): Promise<string[]> {
    const named = CITING_RECORD_TYPES.map(
      (type) => Prisma.sql`
        SELECT p.party_id FROM citation c
        JOIN ${Prisma.raw(type.table)} r ON r.id = c.${Prisma.raw(snakeCase(type.citationColumn))} AND r.archived_at IS NULL
        CROSS JOIN LATERAL (${namedPartiesSql(type, 'r')}) p
        WHERE c.article_id = (SELECT id FROM source_article WHERE key = ${articleKey})`,
    );
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT party_id::text AS id FROM (${Prisma.join(named, ' UNION ALL ')}) named WHERE party_id IS NOT NULL`;
    return rows.map((row) => row.id);
  }

  /** The records quoting an article, each with its title and quote, in the order they were cited. */
  async citingRecords(articleId: string) {
    const citations = (await this.prisma.citation.findMany({
      where: { articleId },
      orderBy: CITATION_ORDER,
      select: { quote: true, ...CITATION_COLUMNS_SELECT },
    })) as unknown as (Record<CitationColumn, string | null> & { quote: string })[];
    const cited = citations.flatMap((citation) => {
      const type = CITING_RECORD_TYPES.find((candidate) => citation[candidate.citationColumn]);
      return type ? [{ type, id: citation[type.citationColumn]!, quote: citation.quote }] : [];
    });
    const titles = await recordTitles(
      this.prisma,
      cited.map(({ type, id }) => ({ entityType: type.entityType, id })),
    );
    return cited.flatMap(({ type, id, quote }) => {
      const record = titles.get(id);
      return record ? [{ entityType: type.entityType, resourceId: type.adminResource, record, quote }] : [];
    });
  }

  /** Replaces a record's citations; 422 when an article is unknown or a quote is not verbatim in it. */
  async replace(tx: Prisma.TransactionClient, target: CitationTarget, sources: SourceInput[], field = 'sources'): Promise<void> {
    const keys = [...new Set(sources.map((source) => source.article))];
    // Shared row locks hold the articles as read until commit: an archive or a text change waits, then sees these citations.
    if (keys.length) await tx.$queryRaw`SELECT 1 FROM source_article WHERE key = ANY(${keys}::text[]) FOR SHARE`;
    const articles = await tx.sourceArticle.findMany({ where: { key: { in: keys } }, select: { id: true, key: true, text: true, archivedAt: true } });
    const byKey = new Map(articles.map((article) => [article.key, article]));
    const errors: FieldError[] = [];
    sources.forEach((source, index) => {
      const article = byKey.get(source.article);
      if (!article) errors.push({ field: `${field}.${index}.article`, message: `no source article is named ${source.article}` });
      else if (article.archivedAt) errors.push({ field: `${field}.${index}.article`, message: `source ${source.article} is archived and cannot be cited` });
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

/** Prisma include for a record's citations, in a stable order (CITATION_ORDER). */
export const CITATIONS_INCLUDE = {
  orderBy: CITATION_ORDER,
  select: { quote: true, article: { select: { key: true } } },
} as const satisfies Prisma.Visit$citationsArgs;

export function toSourceViews(citations: { quote: string; article: { key: string } }[]): SourceView[] {
  return citations.map((citation) => ({ article: citation.article.key, quote: citation.quote }));
}

/** Citations as the audit trail compares them: one "article: quote" line each. */
export function citedPassages(citations: { quote: string; article: { key: string } }[]): string[] {
  return toSourceViews(citations).map((source) => `${source.article}: ${source.quote}`);
}
