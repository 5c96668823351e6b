import { Body, Controller, Headers, Param, Query, Req, Res, StreamableFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { HistoryDto, TransitionDto } from '../http/common.dto.js';
import { csvFile, wantsCsv } from '../http/csv.js';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { ApiProblems, UuidParam } from '../http/openapi.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { ArchiveRoute, CreateRoute, GetRoute, HistoryRoute, ListRoute, RestoreRoute, TransitionRoute, UpdateRoute } from '../http/record-routes.js';
import { FOLLOW_UP_CSV_COLUMNS } from './follow-up.csv.js';
import { CreateFollowUpDto, FollowUpDto, FollowUpIncludeQueryDto, FollowUpListQueryDto, FollowUpPageDto, UpdateFollowUpDto } from './follow-up.dto.js';
import { FollowUpsService } from './follow-ups.service.js';

@ApiTags('follow-ups')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
@Controller('api/v1/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @ListRoute(FollowUpPageDto, {
    summary: 'List promised next steps',
    description:
      'Sorted by due date (undated last) unless sort says otherwise. Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  async list(@Query() query: FollowUpListQueryDto, @Req() request: Request): Promise<FollowUpPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.followUps.list(query, { export: true });
      return csvFile('follow-ups', page.data, FOLLOW_UP_CSV_COLUMNS);
    }
    return this.followUps.list(query);
  }

  @GetRoute(FollowUpDto, { summary: 'One follow-up with its citations, links and whether it is overdue' })
  async get(@Param('id', UuidParam) id: string, @Query() query: FollowUpIncludeQueryDto, @Res({ passthrough: true }) response: Response): Promise<FollowUpDto> {
    const followUp = await this.followUps.get(id, query.include);
    setEtag(response, followUp.version);
    return followUp;
  }

  @CreateRoute(FollowUpDto, { summary: 'Record a follow-up', description: 'It must be linked to at least one visit, memorandum or contract.' })
  async create(@Body() body: CreateFollowUpDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<FollowUpDto> {
    const followUp = await this.followUps.create(body, actor);
    setEtag(response, followUp.version);
    response.setHeader('Location', `/api/v1/follow-ups/${followUp.id}`);
    return followUp;
  }

  @UpdateRoute(FollowUpDto, {
    summary: 'Change fields of a follow-up (not its status: see transitions)',
    description: 'Clearing every link (visit, memorandum, contract) is refused.',
  })
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

  @ArchiveRoute(FollowUpDto, { summary: 'Archive a follow-up (it stays readable with includeArchived=true)' })
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

  @RestoreRoute(FollowUpDto, 'follow-up')
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

  @TransitionRoute(FollowUpDto, 'follow_up', 'a follow-up')
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

  @HistoryRoute()
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.followUps.historyOf(id) };
  }
}
