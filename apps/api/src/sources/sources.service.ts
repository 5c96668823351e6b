import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import { formatDate } from '../domain/dates.js';
import { CITATION_COLUMNS_SELECT, CITING_RECORD_TYPES, type CitingEntity } from '../domain/record-types.js';
import { searchPattern } from '../domain/search-text.js';
import { type Page, pageWindow, toOrderBy } from '../http/list-query.dto.js';
import { ProblemException } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { SOURCE_SORT_FIELDS, type SourceArticleDto, type SourceArticleSummaryDto, type SourceListQueryDto } from './source.dto.js';

/** Everything but the text, which can be long: lists never carry it. */
const SUMMARY_SELECT = {
  key: true,
  language: true,
  title: true,
  outlet: true,
  url: true,
  publishedOn: true,
  publishedOnPrecision: true,
  sha256: true,
  _count: { select: { citations: true } },
} satisfies Prisma.SourceArticleSelect;

type SummaryRecord = Prisma.SourceArticleGetPayload<{ select: typeof SUMMARY_SELECT }>;

/** The stored source articles, read-only: they are loaded by the seed, and citations must keep quoting them verbatim. */
@Injectable()
export class SourcesService {
  constructor(private readonly prisma: PrismaService) {}

  async list(query: SourceListQueryDto, options: { export?: boolean } = {}): Promise<Page<SourceArticleSummaryDto>> {
    const where = whereOf(query);
    const { limit, offset } = pageWindow(query, options.export);
    const [total, rows] = await Promise.all([
      this.prisma.sourceArticle.count({ where }),
      this.prisma.sourceArticle.findMany({
        where,
        select: SUMMARY_SELECT,
        orderBy: toOrderBy(query.sort, SOURCE_SORT_FIELDS, 'key', ['publishedOn']),
        take: limit,
        skip: offset,
      }),
    ]);
    return { data: rows.map(toSummary), meta: { total, limit, offset } };
  }

  async get(key: string): Promise<SourceArticleDto> {
    const article = await this.prisma.sourceArticle.findUnique({
      where: { key },
      select: {
        ...SUMMARY_SELECT,
        text: true,
        citations: {
          select: { quote: true, ...CITATION_COLUMNS_SELECT },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        },
      },
    });
    if (!article) throw ProblemException.notFound('Source article', key);
    return {
      ...toSummary(article),
      text: article.text,
      citations: article.citations.flatMap((citation) =>
        CITING_RECORD_TYPES.filter((type) => citation[type.citationColumn]).map((type) => ({
          quote: citation.quote,
          recordType: type.entityType as CitingEntity,
          recordId: citation[type.citationColumn]!,
        })),
      ),
    };
  }
}

function whereOf(query: SourceListQueryDto): Prisma.SourceArticleWhereInput {
  const and: Prisma.SourceArticleWhereInput[] = [];
  if (query.language?.length) and.push({ language: { in: query.language } });
  // Articles have no folded search column; ILIKE gives the case-insensitivity, searchPattern the LIKE escaping.
  if (query.q?.trim()) and.push({ title: { contains: searchPattern(query.q), mode: 'insensitive' } });
  return { AND: and };
}

function toSummary(article: SummaryRecord): SourceArticleSummaryDto {
  return {
    key: article.key,
    language: article.language,
    title: article.title,
    outlet: article.outlet,
    url: article.url,
    publishedOn: formatDate(article.publishedOn),
    publishedOnPrecision: article.publishedOnPrecision,
    sha256: article.sha256,
    citationCount: article._count.citations,
  };
}
