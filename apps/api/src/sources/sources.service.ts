import { countCapped } from '../domain/capped-count.js';
import { HttpStatus, Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import type { Actor } from '../domain/actor.js';
import { changedDate, dateColumns, formatDate, toPreciseDate } from '../domain/dates.js';
import { diffFields, type FieldChanges, type HistoryPage, HistoryService } from '../domain/history.service.js';
import { recordStamps } from '../domain/record-helpers.js';
import { CITATION_COLUMNS_SELECT, CITING_RECORD_TYPES, type CitingEntity, delegateOf, recordsCiting } from '../domain/record-types.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { buildSearchText, searchTextMatches } from '../domain/search-text.js';
import { archivedRecord, type ExpectedVersion, notArchived, NothingChanged, staleVersion, unlessNothingChanged, versionMatches } from '../domain/versioning.js';
import { type OrderBy, type Page, pageWindow, toOrderBy } from '../http/list-query.dto.js';
import { keysetBatches } from '../domain/keyset-batches.js';
import { RELATED_LIST_CAP } from '../domain/related-lists.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { detectLanguage, normalizeSourceText, sha256Hex } from './intake/source-text.js';
import { newSourceKey } from './source-key.js';
import { citingRecordLinks } from './source.dto.js';
import {
  type CreateSourceDto,
  SOURCE_SORT_FIELDS,
  type SourceArticleDto,
  type SourceArticleSummaryDto,
  type SourceListQueryDto,
  type UpdateSourceDto,
} from './source.dto.js';

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
  version: true,
  createdAt: true,
  updatedAt: true,
  archivedAt: true,
  _count: { select: { citations: true } },
} satisfies Prisma.SourceArticleSelect;

/** What the audit trail compares: every field but the text itself, whose change shows as a new sha256. */
const AUDITED = ['title', 'language', 'outlet', 'url', 'publishedOn', 'publishedOnPrecision', 'sha256'] as const;

/** A source as a change needs it: its fields, who added it, and how many citations quote it (live records apart). */
const FOR_CHANGE_SELECT = {
  id: true,
  key: true,
  version: true,
  archivedAt: true,
  createdById: true,
  createdByType: true,
  title: true,
  language: true,
  outlet: true,
  url: true,
  publishedOn: true,
  publishedOnPrecision: true,
  sha256: true,
} satisfies Prisma.SourceArticleSelect;

type StoredSource = Prisma.SourceArticleGetPayload<{ select: typeof FOR_CHANGE_SELECT }>;

const LABEL = 'Source';

type SummaryRecord = Prisma.SourceArticleGetPayload<{ select: typeof SUMMARY_SELECT }>;

/**
 * The source articles: press releases staff and integrators add, and the seed's. A source is versioned with a history
 * like a record, but its text is sealed once anything quotes it: citations must keep matching it verbatim.
 */
@Injectable()
export class SourcesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly history: HistoryService,
    private readonly regions: RegionAccessService,
  ) {
    // An Idempotency-Key retry after a crash answers with the source that committed; the audit trail names it by id.
    history.registerReader('source', (id) => this.read({ id }, id));
  }

  async list(query: SourceListQueryDto): Promise<Page<SourceArticleSummaryDto>> {
    const where = whereOf(query);
    const { limit, offset } = pageWindow(query);
    const [counted, rows] = await Promise.all([
      countCapped(this.prisma.sourceArticle, where),
      this.prisma.sourceArticle.findMany({ where, select: SUMMARY_SELECT, orderBy: sourceOrder(query), take: limit, skip: offset }),
    ]);
    return { data: rows.map(toSummary), meta: { ...counted, limit, offset } };
  }

  /** Every source the query selects (up to the export cap), read in keyset batches as a CSV export writes them. */
  async *exportRows(query: SourceListQueryDto): AsyncGenerator<SourceArticleSummaryDto> {
    const { limit, offset } = pageWindow(query, true);
    const batches = keysetBatches('SourceArticle', { where: whereOf(query), orderBy: sourceOrder(query), limit, offset }, (args) =>
      this.prisma.sourceArticle.findMany({ ...args, select: { ...SUMMARY_SELECT, id: true } }),
    );
    for await (const rows of batches) yield* rows.map(toSummary);
  }

  async create(input: CreateSourceDto, actor: Actor): Promise<SourceArticleDto> {
    this.regions.assertMayChangeSources(actor);
    if (!input.title.trim()) throw ProblemException.validation([{ field: 'title', message: 'title must not be empty' }]);
    const text = intakeText(input.text);
    const sha256 = sha256Hex(text);
    const published = toPreciseDate('publishedOn', input.publishedOn, input.publishedOnPrecision);
    const title = input.title.trim();
    const key = await this.prisma.$transaction(async (tx) => {
      await this.refuseDuplicate(tx, sha256);
      const newKey = newSourceKey(input.title);
      const created = await tx.sourceArticle
        .create({
          data: {
            key: newKey,
            title,
            searchText: sourceSearchText(title, newKey),
            language: input.language ?? detectLanguage(text),
            outlet: input.outlet ?? null,
            url: input.url ?? null,
            publishedOn: published.date,
            publishedOnPrecision: published.precision,
            text,
            sha256,
            createdById: actor.id,
            createdByType: actor.type,
          },
          select: FOR_CHANGE_SELECT,
        })
        .catch((error: unknown) => this.duplicateOnRace(error, sha256));
      await this.recordChange(tx, created.id, 'create', 1, diffFields({}, snapshot(created), AUDITED), actor);
      return created.key;
    });
    return this.get(key);
  }

  /** Title, outlet, link, date and language may change at any time; the text only while no citation quotes it. */
  async update(key: string, expectedVersion: ExpectedVersion, input: UpdateSourceDto, actor: Actor): Promise<SourceArticleDto> {
    if (input.title === null || (input.title !== undefined && !input.title.trim())) {
      throw ProblemException.validation([{ field: 'title', message: 'title must not be empty' }]);
    }
    const change = this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, key, expectedVersion, actor, 'live');
      await this.regions.assertMayEditSource(actor, before, tx);
      const data: Prisma.SourceArticleUpdateManyMutationInput = {
        ...(input.title !== undefined && { title: input.title.trim(), searchText: sourceSearchText(input.title.trim(), key) }),
        ...(input.language !== undefined && { language: input.language }),
        ...(input.outlet !== undefined && { outlet: input.outlet }),
        ...(input.url !== undefined && { url: input.url }),
        ...dateColumns(
          'publishedOn',
          changedDate('publishedOn', input.publishedOn, input.publishedOnPrecision, { date: before.publishedOn, precision: before.publishedOnPrecision }),
        ),
      };
      if (input.text !== undefined) {
        const text = intakeText(input.text);
        const sha256 = sha256Hex(text);
        if (sha256 !== before.sha256) {
          await this.refuseWhileCited(tx, before, 'its text cannot change: the quotes must keep matching it verbatim');
          await this.refuseDuplicate(tx, sha256);
          Object.assign(data, { text, sha256 });
        }
      }
      const after = await this.writeAtVersion(tx, before, data);
      const changes = diffFields(snapshot(before), snapshot(after), AUDITED);
      if (Object.keys(changes).length === 0) throw new NothingChanged();
      await this.recordChange(tx, before.id, 'update', after.version, changes, actor);
    });
    await unlessNothingChanged(change);
    return this.get(key);
  }

  /** Archived sources leave lists and can no longer be cited; only a source no live record cites can be archived. */
  async archive(key: string, expectedVersion: ExpectedVersion, actor: Actor): Promise<SourceArticleDto> {
    await this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, key, expectedVersion, actor, 'live');
      this.regions.assertMayArchiveSource(actor, before);
      // An editor takes back only a source nothing quotes; an admin may also retire one quoted by archived records alone.
      const editor = actor.type === 'user' && actor.role !== 'admin';
      await this.refuseWhileCited(tx, before, 'it cannot be archived', editor ? 'any' : 'live');
      const archivedAt = new Date();
      await this.writeAtVersion(tx, before, { archivedAt });
      await this.recordChange(tx, before.id, 'archive', before.version + 1, { archivedAt: { from: null, to: archivedAt.toISOString() } }, actor);
    });
    return this.get(key);
  }

  async restore(key: string, expectedVersion: ExpectedVersion, actor: Actor): Promise<SourceArticleDto> {
    await this.prisma.$transaction(async (tx) => {
      const before = await this.loadForChange(tx, key, expectedVersion, actor, 'archived');
      this.regions.assertMayArchiveSource(actor, before);
      await this.writeAtVersion(tx, before, { archivedAt: null });
      await this.recordChange(tx, before.id, 'restore', before.version + 1, { archivedAt: { from: before.archivedAt!.toISOString(), to: null } }, actor);
    });
    return this.get(key);
  }

  async historyOf(key: string, page?: { limit?: number; offset?: number }): Promise<HistoryPage> {
    const source = await this.prisma.sourceArticle.findUnique({ where: { key }, select: { id: true } });
    if (!source) throw ProblemException.notFound(LABEL, key);
    return this.history.historyOf('source', source.id, page);
  }

  /** The source's stored text, for the mention finder. */
  async textOf(key: string): Promise<{ text: string; publishedOn: Date | null }> {
    const source = await this.prisma.sourceArticle.findUnique({ where: { key }, select: { text: true, publishedOn: true } });
    if (!source) throw ProblemException.notFound(LABEL, key);
    return source;
  }

  async get(key: string): Promise<SourceArticleDto> {
    return this.read({ key }, key);
  }

  private async read(where: Prisma.SourceArticleWhereUniqueInput, named: string): Promise<SourceArticleDto> {
    const article = await this.prisma.sourceArticle.findUnique({
      where,
      select: {
        ...SUMMARY_SELECT,
        text: true,
        // A much-quoted article would embed every citation: the first ones, the count, and a link per record type.
        citations: {
          select: { quote: true, ...CITATION_COLUMNS_SELECT },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: RELATED_LIST_CAP,
        },
      },
    });
    if (!article) throw ProblemException.notFound('Source article', named);
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
      links: citingRecordLinks(article.key),
    };
  }
  private async loadForChange(
    tx: Prisma.TransactionClient,
    key: string,
    expectedVersion: ExpectedVersion,
    actor: Actor,
    state: 'live' | 'archived',
  ): Promise<StoredSource> {
    this.regions.assertMayChangeSources(actor);
    // Locked for the transaction: a record citing the source meanwhile (FOR SHARE in CitationsService) waits or is waited for,
    // so "nothing cites it" stays true until this change commits.
    await tx.$queryRaw`SELECT 1 FROM source_article WHERE key = ${key} FOR UPDATE`;
    const source = await tx.sourceArticle.findUnique({ where: { key }, select: FOR_CHANGE_SELECT });
    if (!source) throw ProblemException.notFound(LABEL, key);
    if (state === 'live' && source.archivedAt) throw archivedRecord(LABEL, key);
    if (state === 'archived' && !source.archivedAt) throw notArchived(LABEL, key);
    if (!versionMatches(expectedVersion, source.version)) throw staleVersion(LABEL, key, expectedVersion, source.version);
    return source;
  }

  /** Writes `data` only at the version read (a concurrent writer turns this into 412) and returns the new state. */
  private async writeAtVersion(tx: Prisma.TransactionClient, before: StoredSource, data: object): Promise<StoredSource> {
    const { count } = await tx.sourceArticle.updateMany({ where: { id: before.id, version: before.version }, data: { ...data, version: { increment: 1 } } });
    const after = await tx.sourceArticle.findUnique({ where: { id: before.id }, select: FOR_CHANGE_SELECT });
    if (!after) throw ProblemException.notFound(LABEL, before.key);
    if (count === 0) throw staleVersion(LABEL, before.key, before.version, after.version);
    return after;
  }

  /** 409 while citations quote the source: any citation at all, or those of live records only. */
  private async refuseWhileCited(tx: Prisma.TransactionClient, source: StoredSource, consequence: string, which: 'any' | 'live' = 'any'): Promise<void> {
    const citing = await recordsCiting(tx, source.id);
    let cited = citing.reduce((sum, { ids }) => sum + ids.length, 0);
    if (which === 'live' && cited) {
      const live = await Promise.all(citing.map(({ type, ids }) => delegateOf(tx, type.model).count({ where: { id: { in: ids }, archivedAt: null } })));
      cited = live.reduce((sum, count) => sum + count, 0);
    }
    if (cited) {
      throw ProblemException.of(
        HttpStatus.CONFLICT,
        ProblemType.stillReferenced,
        `Source ${source.key} is quoted by ${cited} ${which === 'live' ? 'live ' : ''}citation${cited === 1 ? '' : 's'}, so ${consequence}.`,
        { citationCount: cited },
      );
    }
  }

  /** 409 naming the source that already has this text: the same press release is never stored twice. */
  private async refuseDuplicate(tx: Prisma.TransactionClient, sha256: string): Promise<void> {
    const existing = await tx.sourceArticle.findUnique({ where: { sha256 }, select: { key: true, title: true } });
    if (existing) throw duplicateText(existing);
  }

  /** Two requests with the same text racing past refuseDuplicate: the unique index decides, and the loser gets the same 409. */
  private async duplicateOnRace(error: unknown, sha256: string): Promise<never> {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const existing = await this.prisma.sourceArticle.findUnique({ where: { sha256 }, select: { key: true, title: true } });
      if (existing) throw duplicateText(existing);
    }
    throw error;
  }

  private async recordChange(
    tx: Prisma.TransactionClient,
    id: string,
    action: 'create' | 'update' | 'archive' | 'restore',
    version: number,
    changes: FieldChanges,
    actor: Actor,
  ) {
    await this.history.recordChange(tx, { entityType: 'source', entityId: id, action, version, changes, actor });
  }
}

function duplicateText(existing: { key: string; title: string }): ProblemException {
  return ProblemException.of(
    HttpStatus.CONFLICT,
    ProblemType.duplicate,
    `This text is already stored as source ${existing.key} («${existing.title}»): cite that one instead of adding it again.`,
    { existing },
  );
}

function sourceOrder(query: SourceListQueryDto): OrderBy[] {
  return toOrderBy(query.sort, SOURCE_SORT_FIELDS, 'key', ['publishedOn']);
}

/** The folded text a source is found by: its title and its key, as the panel's search box and the API's `q` match it. */
export function sourceSearchText(title: string, key: string): string {
  return buildSearchText(title, key);
}

function whereOf(query: SourceListQueryDto): Prisma.SourceArticleWhereInput {
  const and: Prisma.SourceArticleWhereInput[] = [];
  if (!query.includeArchived) and.push({ archivedAt: null });
  if (query.language?.length) and.push({ language: { in: query.language } });
  if (query.q?.trim()) and.push(searchTextMatches(query.q));
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
    version: article.version,
    ...recordStamps(article),
  };
}

/** The text as stored: normalised once, and not empty once normalised (a text of only control characters is). */
function intakeText(raw: string): string {
  const text = normalizeSourceText(raw);
  if (!text.trim()) throw ProblemException.validation([{ field: 'text', message: 'text must not be empty' }]);
  return text;
}

function snapshot(source: Omit<StoredSource, 'id'>): Record<string, unknown> {
  return { ...source, publishedOn: formatDate(source.publishedOn) };
}
