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
import { VISIT_CSV_COLUMNS } from './visit.csv.js';
import { CreateVisitDto, UpdateVisitDto, VisitDto, VisitIncludeQueryDto, VisitListQueryDto, VisitPageDto } from './visit.dto.js';
import { VisitsService } from './visits.service.js';

@ApiTags('visits')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
@Controller('api/v1/visits')
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @ListRoute(VisitPageDto, {
    summary: 'List delegation visits',
    description: 'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  async list(@Query() query: VisitListQueryDto, @Req() request: Request): Promise<VisitPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.visits.list(query, { export: true });
      return csvFile('visits', page.data, VISIT_CSV_COLUMNS);
    }
    return this.visits.list(query);
  }

  @GetRoute(VisitDto, { summary: 'One visit with its parties, delegation head, citations and related record ids' })
  async get(@Param('id', UuidParam) id: string, @Query() query: VisitIncludeQueryDto, @Res({ passthrough: true }) response: Response): Promise<VisitDto> {
    const visit = await this.visits.get(id, query.include);
    setEtag(response, visit.version);
    return visit;
  }

  @CreateRoute(VisitDto, { summary: 'Record a visit' })
  async create(@Body() body: CreateVisitDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<VisitDto> {
    const visit = await this.visits.create(body, actor);
    setEtag(response, visit.version);
    response.setHeader('Location', `/api/v1/visits/${visit.id}`);
    return visit;
  }

  @UpdateRoute(VisitDto, { summary: 'Change fields of a visit (not its status: see transitions)' })
  async update(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateVisitDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitDto> {
    const visit = await this.visits.update(id, expectedVersion(ifMatch), body, actor);
    setEtag(response, visit.version);
    return visit;
  }

  @ArchiveRoute(VisitDto, { summary: 'Archive a visit (it stays readable with includeArchived=true)' })
  async archive(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitDto> {
    const visit = await this.visits.archive(id, expectedVersion(ifMatch), actor);
    setEtag(response, visit.version);
    return visit;
  }

  @RestoreRoute(VisitDto, 'visit')
  async restore(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitDto> {
    const visit = await this.visits.restore(id, expectedVersion(ifMatch), actor);
    setEtag(response, visit.version);
    return visit;
  }

  @TransitionRoute(VisitDto, 'visit', 'a visit')
  async transition(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: TransitionDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitDto> {
    const visit = await this.visits.transition(id, expectedVersion(ifMatch), body.to, body.comment, actor);
    setEtag(response, visit.version);
    return visit;
  }

  @HistoryRoute()
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.visits.historyOf(id) };
  }
}
