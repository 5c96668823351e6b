import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { LIFECYCLES } from '../domain/lifecycle.js';
import { HistoryDto, TransitionDto } from '../http/common.dto.js';
import { csvFile, wantsCsv } from '../http/csv.js';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems, UuidParam } from '../http/openapi.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { FOLLOW_UP_CSV_COLUMNS } from './follow-up.csv.js';
import { CreateFollowUpDto, FollowUpDto, FollowUpIncludeQueryDto, FollowUpListQueryDto, FollowUpPageDto, UpdateFollowUpDto } from './follow-up.dto.js';
import { FollowUpsService } from './follow-ups.service.js';

/** The OpenAPI text of the lifecycle, written from the one transition table so the two cannot drift apart. */
const LIFECYCLE_TEXT = Object.entries(LIFECYCLES.follow_up)
  .map(([from, to]) => (to.length ? `${from} → ${to.join(' | ')}` : `${from} is final`))
  .join('; ');

@ApiTags('follow-ups')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
@Controller('api/v1/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Get()
  @ApiOperation({
    summary: 'List promised next steps',
    description: 'Sorted by due date (undated last) unless sort says otherwise. Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  @ApiOkResponse({ type: FollowUpPageDto })
  @ApiProduces('application/json', 'text/csv')
  @ApiProblems(400)
  async list(@Query() query: FollowUpListQueryDto, @Req() request: Request): Promise<FollowUpPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.followUps.list(query, { export: true });
      return csvFile('follow-ups', page.data, FOLLOW_UP_CSV_COLUMNS);
    }
    return this.followUps.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One follow-up with its citations, links and whether it is overdue' })
  @ApiOkResponse({ type: FollowUpDto, headers: { ETag: { description: 'The record version, for If-Match.', schema: { type: 'string' } } } })
  @ApiProblems(400, 404)
  async get(
    @Param('id', UuidParam) id: string,
    @Query() query: FollowUpIncludeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FollowUpDto> {
    const followUp = await this.followUps.get(id, query.include);
    setEtag(response, followUp.version);
    return followUp;
  }

  @Post()
  @ApiOperation({ summary: 'Record a follow-up', description: 'It must be linked to at least one visit, memorandum or contract.' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: FollowUpDto })
  @ApiProblems(400, 409, 413, 422)
  async create(@Body() body: CreateFollowUpDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<FollowUpDto> {
    const followUp = await this.followUps.create(body, actor);
    setEtag(response, followUp.version);
    response.setHeader('Location', `/api/v1/follow-ups/${followUp.id}`);
    return followUp;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change fields of a follow-up (not its status: see transitions)', description: 'Clearing every link (visit, memorandum, contract) is refused.' })
  @ApiIfMatch()
  @ApiOkResponse({ type: FollowUpDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
  async update(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateFollowUpDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FollowUpDto> {
    const followUp = await this.followUps.update(id, expectedVersion(ifMatch), body, actor);
    setEtag(response, followUp.version);
    return followUp;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Archive a follow-up (it stays readable with includeArchived=true)' })
  @ApiIfMatch()
  @ApiOkResponse({ type: FollowUpDto })
  @ApiProblems(400, 404, 409, 412, 428)
  async archive(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FollowUpDto> {
    const followUp = await this.followUps.archive(id, expectedVersion(ifMatch), actor);
    setEtag(response, followUp.version);
    return followUp;
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bring back an archived follow-up',
    description: 'Needs If-Match with the archived version. Refused with 409 when it is not archived, and with 422 when a record it points at has been archived since (restore that first).',
  })
  @ApiIfMatch()
  @ApiOkResponse({ type: FollowUpDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
  async restore(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FollowUpDto> {
    const followUp = await this.followUps.restore(id, expectedVersion(ifMatch), actor);
    setEtag(response, followUp.version);
    return followUp;
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the status of a follow-up', description: `${LIFECYCLE_TEXT}.` })
  @ApiIfMatch()
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: FollowUpDto })
  @ApiProblems(400, 404, 409, 412, 428)
  async transition(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: TransitionDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FollowUpDto> {
    const followUp = await this.followUps.transition(id, expectedVersion(ifMatch), body.to, body.comment, actor);
    setEtag(response, followUp.version);
    return followUp;
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Status changes and field edits, newest first' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiProblems(400, 404)
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.followUps.historyOf(id) };
  }
}
