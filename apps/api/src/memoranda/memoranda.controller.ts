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
import { MEMORANDUM_CSV_COLUMNS } from './memorandum.csv.js';
import {
  CreateMemorandumDto,
  MemorandumDto,
  MemorandumIncludeQueryDto,
  MemorandumListQueryDto,
  MemorandumPageDto,
  UpdateMemorandumDto,
} from './memorandum.dto.js';
import { MemorandaService } from './memoranda.service.js';

@ApiTags('memoranda')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
@Controller('api/v1/memoranda')
export class MemorandaController {
  constructor(private readonly memoranda: MemorandaService) {}

  @Get()
  @ApiOperation({ summary: 'List memoranda and agreements', description: 'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.' })
  @ApiOkResponse({ type: MemorandumPageDto })
  @ApiProduces('application/json', 'text/csv')
  @ApiProblems(400)
  async list(@Query() query: MemorandumListQueryDto, @Req() request: Request): Promise<MemorandumPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.memoranda.list(query, { export: true });
      return csvFile('memoranda', page.data, MEMORANDUM_CSV_COLUMNS);
    }
    return this.memoranda.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One memorandum with its parties, signatories, citations and related record ids' })
  @ApiOkResponse({ type: MemorandumDto, headers: { ETag: { description: 'The record version, for If-Match.', schema: { type: 'string' } } } })
  @ApiProblems(400, 404)
  async get(
    @Param('id', UuidParam) id: string,
    @Query() query: MemorandumIncludeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MemorandumDto> {
    const memorandum = await this.memoranda.get(id, query.include);
    setEtag(response, memorandum.version);
    return memorandum;
  }

  @Post()
  @ApiOperation({ summary: 'Record a memorandum or agreement' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: MemorandumDto })
  @ApiProblems(400, 409, 413, 422)
  async create(
    @Body() body: CreateMemorandumDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MemorandumDto> {
    const memorandum = await this.memoranda.create(body, actor);
    setEtag(response, memorandum.version);
    response.setHeader('Location', `/api/v1/memoranda/${memorandum.id}`);
    return memorandum;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change fields of a memorandum (not its status: see transitions)' })
  @ApiIfMatch()
  @ApiOkResponse({ type: MemorandumDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
  async update(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateMemorandumDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MemorandumDto> {
    const memorandum = await this.memoranda.update(id, expectedVersion(ifMatch), body, actor);
    setEtag(response, memorandum.version);
    return memorandum;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Archive a memorandum (it stays readable with includeArchived=true)' })
  @ApiIfMatch()
  @ApiOkResponse({ type: MemorandumDto })
  @ApiProblems(400, 404, 409, 412, 428)
  async archive(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MemorandumDto> {
    const memorandum = await this.memoranda.archive(id, expectedVersion(ifMatch), actor);
    setEtag(response, memorandum.version);
    return memorandum;
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bring back an archived memorandum',
    description: 'Needs If-Match with the archived version. Refused with 409 when it is not archived, and with 422 when a record it points at has been archived since (restore that first).',
  })
  @ApiIfMatch()
  @ApiOkResponse({ type: MemorandumDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
  async restore(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MemorandumDto> {
    const memorandum = await this.memoranda.restore(id, expectedVersion(ifMatch), actor);
    setEtag(response, memorandum.version);
    return memorandum;
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the status of a memorandum',
    description: describeLifecycle('memorandum'),
  })
  @ApiIfMatch()
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: MemorandumDto })
  @ApiProblems(400, 404, 409, 412, 428)
  async transition(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: TransitionDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MemorandumDto> {
    const memorandum = await this.memoranda.transition(id, expectedVersion(ifMatch), body.to, body.comment, actor);
    setEtag(response, memorandum.version);
    return memorandum;
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Status changes and field edits, newest first' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiProblems(400, 404)
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.memoranda.historyOf(id) };
  }
}
