import { Body, Get, Param, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { HistoryDto, historyPage, HistoryQueryDto } from '../http/common.dto.js';
import { ApiProblems } from '../http/openapi.js';
import { expectedVersion, IfMatch } from '../http/preconditions.js';
import { ArchiveRoute, CreateRoute, GetRoute, HistoryRoute, ListRoute, pageOrCsv, RecordController, RestoreRoute, UpdateRoute } from '../http/record-routes.js';
import { MentionsService } from './mentions.service.js';
import { SOURCE_CSV_COLUMNS } from './source.csv.js';
import { CreateSourceDto, MentionsDto, SourceArticleDto, SourceArticlePageDto, SourceListQueryDto, UpdateSourceDto } from './source.dto.js';
import { SourcesService } from './sources.service.js';

const KEY = ':key';
const KeyParam = () =>
  ApiParam({
    name: 'key',
    description: 'The source’s key (a seeded article’s file name, or the slug given on creation).',
    example: '003_95d8b3d6152c2cac.txt',
  });

/** The REST door to source articles: each route translates HTTP to one call of the domain service. */
@RecordController({ route: 'sources' })
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly mentionsOf: MentionsService,
  ) {}

  @ListRoute(SourceArticlePageDto, {
    summary: 'List source articles, without their text',
    description: 'q searches titles. Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  list(@Query() query: SourceListQueryDto, @Req() request: Request): Promise<SourceArticlePageDto | StreamableFile> {
    return pageOrCsv(request, 'sources', SOURCE_CSV_COLUMNS, this.sources, query);
  }

  @GetRoute(SourceArticleDto, { summary: 'One source article with its full text and every citation quoting it' }, KEY)
  @KeyParam()
  get(@Param('key') key: string): Promise<SourceArticleDto> {
    return this.sources.get(key);
  }

  @Get(`${KEY}/mentions`)
  @ApiOperation({
    summary: 'What the text names: parties, people, dates, amounts and counts of documents, with offsets into the text',
    description:
      'Found by rules, not by a model: the names and aliases of live parties and people in kk, ru and en with their case endings, ' +
      'dates in the forms press releases use, amounts with currency, counts of signed documents. A proposal for staff to confirm.',
  })
  @KeyParam()
  @ApiOkResponse({ type: MentionsDto })
  @ApiProblems(404)
  async mentions(@Param('key') key: string): Promise<MentionsDto> {
    return { data: await this.mentionsOf.mentionsIn(key) };
  }

  @CreateRoute(SourceArticleDto, {
    summary: 'Add a source article (a press release)',
    description:
      'The text is normalised once (Unicode NFC, LF line endings, no control characters) and stored byte for byte; sha256 is of the stored ' +
      'text. language is detected from the letters when not given. The same text again is a 409 whose `existing` names the source that has it. ' +
      'The response carries the new key (also in Location), which citations name in `sources[].article`.',
  })
  create(@Body() body: CreateSourceDto, @CurrentActor() actor: Actor): Promise<SourceArticleDto> {
    return this.sources.create(body, actor);
  }

  @UpdateRoute(
    SourceArticleDto,
    {
      summary: 'Correct a source’s title, outlet, link, date or language, or its text while nothing cites it',
      description:
        'A text change is refused with 409 once any citation quotes the source. An editor bound to a region may change a source they added ' +
        'or one cited by a record of their region.',
    },
    KEY,
  )
  @KeyParam()
  update(
    @Param('key') key: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: UpdateSourceDto,
    @CurrentActor() actor: Actor,
  ): Promise<SourceArticleDto> {
    return this.sources.update(key, expectedVersion(ifMatch), body, actor);
  }

  @ArchiveRoute(
    SourceArticleDto,
    {
      summary: 'Archive a source no live record cites',
      description:
        'Refused with 409 (`citationCount`) while live records quote it. An admin or API key may archive any such source; an editor only one ' +
        'they added that nothing quotes. Archived sources leave the list (includeArchived=true shows them) and can no longer be cited.',
    },
    KEY,
  )
  @KeyParam()
  archive(@Param('key') key: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<SourceArticleDto> {
    return this.sources.archive(key, expectedVersion(ifMatch), actor);
  }

  @RestoreRoute(SourceArticleDto, 'source', KEY)
  @KeyParam()
  restore(@Param('key') key: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<SourceArticleDto> {
    return this.sources.restore(key, expectedVersion(ifMatch), actor);
  }

  @HistoryRoute('Field edits, archive and restore, newest first', KEY)
  @KeyParam()
  async history(@Param('key') key: string, @Query() page: HistoryQueryDto): Promise<HistoryDto> {
    return historyPage(await this.sources.historyOf(key, page), page);
  }
}
