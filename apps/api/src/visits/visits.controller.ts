import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { describeLifecycle } from '../domain/lifecycle.js';
import { HistoryDto, TransitionDto } from '../http/common.dto.js';
import { csvFile, wantsCsv } from '../http/csv.js';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems, UuidParam } from '../http/openapi.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
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

  @Get()
  @ApiOperation({ summary: 'List delegation visits', description: 'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.' })
  @ApiOkResponse({ type: VisitPageDto })
  @ApiProduces('application/json', 'text/csv')
  @ApiProblems(400)
  async list(@Query() query: VisitListQueryDto, @Req() request: Request): Promise<VisitPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.visits.list(query, { export: true });
      return csvFile('visits', page.data, VISIT_CSV_COLUMNS);
    }
    return this.visits.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One visit with its parties, delegation head, citations and related record ids' })
  @ApiOkResponse({ type: VisitDto, headers: { ETag: { description: 'The record version, for If-Match.', schema: { type: 'string' } } } })
  @ApiProblems(400, 404)
  async get(
    @Param('id', UuidParam) id: string,
    @Query() query: VisitIncludeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitDto> {
    const visit = await this.visits.get(id, query.include);
    setEtag(response, visit.version);
    return visit;
  }

  @Post()
  @ApiOperation({ summary: 'Record a visit' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: VisitDto })
  @ApiProblems(400, 409, 413, 422)
  async create(
    @Body() body: CreateVisitDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VisitDto> {
    const visit = await this.visits.create(body, actor);
    setEtag(response, visit.version);
    response.setHeader('Location', `/api/v1/visits/${visit.id}`);
    return visit;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change fields of a visit (not its status: see transitions)' })
  @ApiIfMatch()
  @ApiOkResponse({ type: VisitDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
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

  @Delete(':id')
  @ApiOperation({ summary: 'Archive a visit (it stays readable with includeArchived=true)' })
  @ApiIfMatch()
  @ApiOkResponse({ type: VisitDto })
  @ApiProblems(400, 404, 409, 412, 428)
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

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bring back an archived visit',
    description: 'Needs If-Match with the archived version. Refused with 409 when it is not archived, and with 422 when a record it points at has been archived since (restore that first).',
  })
  @ApiIfMatch()
  @ApiOkResponse({ type: VisitDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
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

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the status of a visit',
    description: describeLifecycle('visit'),
  })
  @ApiIfMatch()
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: VisitDto })
  @ApiProblems(400, 404, 409, 412, 428)
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

  @Get(':id/history')
  @ApiOperation({ summary: 'Status changes and field edits, newest first' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiProblems(400, 404)
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.visits.historyOf(id) };
  }
}
