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
import { VISIT_CSV_COLUMNS } from './visit.csv.js';
import { CreateVisitDto, UpdateVisitDto, VisitDto, VisitIncludeQueryDto, VisitListQueryDto, VisitPageDto } from './visit.dto.js';
import { VisitsService } from './visits.service.js';

/** The REST door to visits: each route translates HTTP to one call of the domain service. */
@RecordController(RECORD_TYPES.visit)
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @ListRoute(VisitPageDto, {
    summary: 'List delegation visits',
    description: 'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  list(@Query() query: VisitListQueryDto, @Req() request: Request): Promise<VisitPageDto | StreamableFile> {
    return pageOrCsv(request, 'visits', VISIT_CSV_COLUMNS, this.visits, query);
  }

  @GetRoute(VisitDto, { summary: 'One visit with its parties, delegation head, citations and related record ids' })
  get(@Param('id', UuidParam) id: string, @Query() query: VisitIncludeQueryDto): Promise<VisitDto> {
    return this.visits.get(id, query.include);
  }

  @CreateRoute(VisitDto, { summary: 'Record a visit' })
  create(@Body() body: CreateVisitDto, @CurrentActor() actor: Actor): Promise<VisitDto> {
    return this.visits.create(body, actor);
  }

  @UpsertRoute(VisitDto, CreateVisitDto, 'a visit')
  async upsert(
    @Param('externalId', ExternalIdParam) externalId: string,
    @IfMatch() ifMatch: string | undefined,
    @IfNoneMatch() ifNoneMatch: string | undefined,
    @Body() body: CreateVisitDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitDto> {
    return upserted(
      RECORD_TYPES.visit,
      response,
      await this.visits.upsertByExternalId(externalId, upsertPreconditions(ifMatch, ifNoneMatch), asReplacement(body), actor),
    );
  }

  @UpdateRoute(VisitDto, { summary: 'Change fields of a visit (not its status: see transitions)' })
  update(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: UpdateVisitDto,
    @CurrentActor() actor: Actor,
  ): Promise<VisitDto> {
    return this.visits.update(id, expectedVersion(ifMatch), body, actor);
  }

  @ArchiveRoute(VisitDto, { summary: 'Archive a visit (it stays readable with includeArchived=true)' })
  archive(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<VisitDto> {
    return this.visits.archive(id, expectedVersion(ifMatch), actor);
  }

  @RestoreRoute(VisitDto, 'visit')
  restore(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<VisitDto> {
    return this.visits.restore(id, expectedVersion(ifMatch), actor);
  }

  @TransitionRoute(VisitDto, 'visit', 'a visit')
  transition(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: TransitionDto,
    @CurrentActor() actor: Actor,
  ): Promise<VisitDto> {
    return this.visits.transition(id, expectedVersion(ifMatch), body.to, body.comment, actor);
  }

  @HistoryRoute()
  async history(@Param('id', UuidParam) id: string, @Query() page: HistoryQueryDto): Promise<HistoryDto> {
    return historyPage(await this.visits.historyOf(id, page), page);
  }
}
