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

/** The REST door to memoranda: each route translates HTTP to one call of the domain service. */
@RecordController(RECORD_TYPES.memorandum)
export class MemorandaController {
  constructor(private readonly memoranda: MemorandaService) {}

  @ListRoute(MemorandumPageDto, {
    summary: 'List memoranda and agreements',
    description: 'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  list(@Query() query: MemorandumListQueryDto, @Req() request: Request): Promise<MemorandumPageDto | StreamableFile> {
    return pageOrCsv(request, 'memoranda', MEMORANDUM_CSV_COLUMNS, this.memoranda, query);
  }

  @GetRoute(MemorandumDto, { summary: 'One memorandum with its parties, signatories, citations and related record ids' })
  get(@Param('id', UuidParam) id: string, @Query() query: MemorandumIncludeQueryDto): Promise<MemorandumDto> {
    return this.memoranda.get(id, query.include);
  }

  @CreateRoute(MemorandumDto, { summary: 'Record a memorandum or agreement' })
  create(@Body() body: CreateMemorandumDto, @CurrentActor() actor: Actor): Promise<MemorandumDto> {
    return this.memoranda.create(body, actor);
  }

  @UpsertRoute(MemorandumDto, CreateMemorandumDto, 'a memorandum')
  async upsert(
    @Param('externalId', ExternalIdParam) externalId: string,
    @IfMatch() ifMatch: string | undefined,
    @IfNoneMatch() ifNoneMatch: string | undefined,
    @Body() body: CreateMemorandumDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MemorandumDto> {
    return upserted(
      RECORD_TYPES.memorandum,
      response,
      await this.memoranda.upsertByExternalId(externalId, upsertPreconditions(ifMatch, ifNoneMatch), asReplacement(body), actor),
    );
  }

  @UpdateRoute(MemorandumDto, { summary: 'Change fields of a memorandum (not its status: see transitions)' })
  update(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: UpdateMemorandumDto,
    @CurrentActor() actor: Actor,
  ): Promise<MemorandumDto> {
    return this.memoranda.update(id, expectedVersion(ifMatch), body, actor);
  }

  @ArchiveRoute(MemorandumDto, { summary: 'Archive a memorandum (it stays readable with includeArchived=true)' })
  archive(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<MemorandumDto> {
    return this.memoranda.archive(id, expectedVersion(ifMatch), actor);
  }

  @RestoreRoute(MemorandumDto, 'memorandum')
  restore(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<MemorandumDto> {
    return this.memoranda.restore(id, expectedVersion(ifMatch), actor);
  }

  @TransitionRoute(MemorandumDto, 'memorandum', 'a memorandum')
  transition(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: TransitionDto,
    @CurrentActor() actor: Actor,
  ): Promise<MemorandumDto> {
    return this.memoranda.transition(id, expectedVersion(ifMatch), body.to, body.comment, actor);
  }

  @HistoryRoute()
  async history(@Param('id', UuidParam) id: string, @Query() page: HistoryQueryDto): Promise<HistoryDto> {
    return historyPage(await this.memoranda.historyOf(id, page), page);
  }
}
