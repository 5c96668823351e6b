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
import { CONTRACT_CSV_COLUMNS } from './contract.csv.js';
import { ContractDto, ContractIncludeQueryDto, ContractListQueryDto, ContractPageDto, CreateContractDto, UpdateContractDto } from './contract.dto.js';
import { ContractsService } from './contracts.service.js';

/** The REST door to contracts: each route translates HTTP to one call of the domain service. */
@RecordController(RECORD_TYPES.contract)
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @ListRoute(ContractPageDto, {
    summary: 'List business contracts',
    description: 'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  list(@Query() query: ContractListQueryDto, @Req() request: Request): Promise<ContractPageDto | StreamableFile> {
    return pageOrCsv(request, 'contracts', CONTRACT_CSV_COLUMNS, this.contracts, query);
  }

  @GetRoute(ContractDto, { summary: 'One contract with its parties, amount, citations and related record ids' })
  get(@Param('id', UuidParam) id: string, @Query() query: ContractIncludeQueryDto): Promise<ContractDto> {
    return this.contracts.get(id, query.include);
  }

  @CreateRoute(ContractDto, { summary: 'Record a contract' })
  create(@Body() body: CreateContractDto, @CurrentActor() actor: Actor): Promise<ContractDto> {
    return this.contracts.create(body, actor);
  }

  @UpsertRoute(ContractDto, CreateContractDto, 'a contract')
  async upsert(
    @Param('externalId', ExternalIdParam) externalId: string,
    @IfMatch() ifMatch: string | undefined,
    @IfNoneMatch() ifNoneMatch: string | undefined,
    @Body() body: CreateContractDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractDto> {
    return upserted(
      RECORD_TYPES.contract,
      response,
      await this.contracts.upsertByExternalId(externalId, upsertPreconditions(ifMatch, ifNoneMatch), asReplacement(body), actor),
    );
  }

  @UpdateRoute(ContractDto, { summary: 'Change fields of a contract (not its status: see transitions)' })
  update(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: UpdateContractDto,
    @CurrentActor() actor: Actor,
  ): Promise<ContractDto> {
    return this.contracts.update(id, expectedVersion(ifMatch), body, actor);
  }

  @ArchiveRoute(ContractDto, { summary: 'Archive a contract (it stays readable with includeArchived=true)' })
  archive(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<ContractDto> {
    return this.contracts.archive(id, expectedVersion(ifMatch), actor);
  }

  @RestoreRoute(ContractDto, 'contract')
  restore(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<ContractDto> {
    return this.contracts.restore(id, expectedVersion(ifMatch), actor);
  }

  @TransitionRoute(ContractDto, 'contract', 'a contract')
  transition(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: TransitionDto,
    @CurrentActor() actor: Actor,
  ): Promise<ContractDto> {
    return this.contracts.transition(id, expectedVersion(ifMatch), body.to, body.comment, actor);
  }

  @HistoryRoute()
  async history(@Param('id', UuidParam) id: string, @Query() page: HistoryQueryDto): Promise<HistoryDto> {
    return historyPage(await this.contracts.historyOf(id, page), page);
  }
}
