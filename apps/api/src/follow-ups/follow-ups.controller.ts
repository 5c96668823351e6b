import { Body, Param, Query, Req, StreamableFile, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { RECORD_TYPES } from '../domain/record-types.js';
import { HistoryDto, historyPage, HistoryQueryDto, TransitionDto } from '../http/common.dto.js';
import { UuidParam, ExternalIdParam } from '../http/openapi.js';
import { expectedVersion, IfMatch, IfNoneMatch, upsertPreconditions } from '../http/preconditions.js';
import { asReplacement } from '../http/replacement.js';
import {
  ArchiveRoute,
  CreateRoute,
  GetRoute,
  HistoryRoute,
  ListRoute,
  RestoreRoute,
  TransitionRoute,
  UpdateRoute,
  pageOrCsv,
  RecordController,
  UpsertRoute,
  upserted,
} from '../http/record-routes.js';
import { FOLLOW_UP_CSV_COLUMNS } from './follow-up.csv.js';
import { CreateFollowUpDto, FollowUpDto, FollowUpIncludeQueryDto, FollowUpListQueryDto, FollowUpPageDto, UpdateFollowUpDto } from './follow-up.dto.js';
import { FollowUpsService } from './follow-ups.service.js';

/** The REST door to follow-ups: each route translates HTTP to one call of the domain service. */
@RecordController(RECORD_TYPES.follow_up)
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @ListRoute(FollowUpPageDto, {
    summary: 'List promised next steps',
    description:
      'Sorted by due date (undated last) unless sort says otherwise. Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  list(@Query() query: FollowUpListQueryDto, @Req() request: Request): Promise<FollowUpPageDto | StreamableFile> {
    return pageOrCsv(request, 'follow-ups', FOLLOW_UP_CSV_COLUMNS, this.followUps, query);
  }

  @GetRoute(FollowUpDto, { summary: 'One follow-up with its citations, links and whether it is overdue' })
  get(@Param('id', UuidParam) id: string, @Query() query: FollowUpIncludeQueryDto): Promise<FollowUpDto> {
    return this.followUps.get(id, query.include);
  }

  @CreateRoute(FollowUpDto, { summary: 'Record a follow-up', description: 'It must be linked to at least one visit, memorandum or contract.' })
  create(@Body() body: CreateFollowUpDto, @CurrentActor() actor: Actor): Promise<FollowUpDto> {
    return this.followUps.create(body, actor);
  }

  @UpsertRoute(FollowUpDto, CreateFollowUpDto, 'a follow-up')
  async upsert(
    @Param('externalId', ExternalIdParam) externalId: string,
    @IfMatch() ifMatch: string | undefined,
    @IfNoneMatch() ifNoneMatch: string | undefined,
    @Body() body: CreateFollowUpDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FollowUpDto> {
    return upserted(
      RECORD_TYPES.follow_up,
      response,
      await this.followUps.upsertByExternalId(externalId, upsertPreconditions(ifMatch, ifNoneMatch), asReplacement(body), actor),
    );
  }

  @UpdateRoute(FollowUpDto, {
    summary: 'Change fields of a follow-up (not its status: see transitions)',
    description: 'Clearing every link (visit, memorandum, contract) is refused.',
  })
  update(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: UpdateFollowUpDto,
    @CurrentActor() actor: Actor,
  ): Promise<FollowUpDto> {
    return this.followUps.update(id, expectedVersion(ifMatch), body, actor);
  }

  @ArchiveRoute(FollowUpDto, { summary: 'Archive a follow-up (it stays readable with includeArchived=true)' })
  archive(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<FollowUpDto> {
    return this.followUps.archive(id, expectedVersion(ifMatch), actor);
  }

  @RestoreRoute(FollowUpDto, 'follow-up')
  restore(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<FollowUpDto> {
    return this.followUps.restore(id, expectedVersion(ifMatch), actor);
  }

  @TransitionRoute(FollowUpDto, 'follow_up', 'a follow-up')
  transition(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: TransitionDto,
    @CurrentActor() actor: Actor,
  ): Promise<FollowUpDto> {
    return this.followUps.transition(id, expectedVersion(ifMatch), body.to, body.comment, actor);
  }

  @HistoryRoute()
  async history(@Param('id', UuidParam) id: string, @Query() page: HistoryQueryDto): Promise<HistoryDto> {
    return historyPage(await this.followUps.historyOf(id, page), page);
  }
}
