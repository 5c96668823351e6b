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

  @ListRoute(MemorandumPageDto, {
    summary: 'List memoranda and agreements',
    description: 'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  async list(@Query() query: MemorandumListQueryDto, @Req() request: Request): Promise<MemorandumPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.memoranda.list(query, { export: true });
      return csvFile('memoranda', page.data, MEMORANDUM_CSV_COLUMNS);
    }
    return this.memoranda.list(query);
  }

  @GetRoute(MemorandumDto, { summary: 'One memorandum with its parties, signatories, citations and related record ids' })
  async get(
    @Param('id', UuidParam) id: string,
    @Query() query: MemorandumIncludeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MemorandumDto> {
    const memorandum = await this.memoranda.get(id, query.include);
    setEtag(response, memorandum.version);
    return memorandum;
  }

  @CreateRoute(MemorandumDto, { summary: 'Record a memorandum or agreement' })
  async create(@Body() body: CreateMemorandumDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<MemorandumDto> {
    const memorandum = await this.memoranda.create(body, actor);
    setEtag(response, memorandum.version);
    response.setHeader('Location', `/api/v1/memoranda/${memorandum.id}`);
    return memorandum;
  }

  @UpdateRoute(MemorandumDto, { summary: 'Change fields of a memorandum (not its status: see transitions)' })
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

  @ArchiveRoute(MemorandumDto, { summary: 'Archive a memorandum (it stays readable with includeArchived=true)' })
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

  @RestoreRoute(MemorandumDto, 'memorandum')
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

  @TransitionRoute(MemorandumDto, 'memorandum', 'a memorandum')
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

  @HistoryRoute()
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.memoranda.historyOf(id) };
  }
}
