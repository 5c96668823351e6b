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
import { CONTRACT_CSV_COLUMNS } from './contract.csv.js';
import { ContractDto, ContractIncludeQueryDto, ContractListQueryDto, ContractPageDto, CreateContractDto, UpdateContractDto } from './contract.dto.js';
import { ContractsService } from './contracts.service.js';

@ApiTags('contracts')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
@Controller('api/v1/contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @ListRoute(ContractPageDto, {
    summary: 'List business contracts',
    description: 'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  async list(@Query() query: ContractListQueryDto, @Req() request: Request): Promise<ContractPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.contracts.list(query, { export: true });
      return csvFile('contracts', page.data, CONTRACT_CSV_COLUMNS);
    }
    return this.contracts.list(query);
  }

  @GetRoute(ContractDto, { summary: 'One contract with its parties, amount, citations and related record ids' })
  async get(@Param('id', UuidParam) id: string, @Query() query: ContractIncludeQueryDto, @Res({ passthrough: true }) response: Response): Promise<ContractDto> {
    const contract = await this.contracts.get(id, query.include);
    setEtag(response, contract.version);
    return contract;
  }

  @CreateRoute(ContractDto, { summary: 'Record a contract' })
  async create(@Body() body: CreateContractDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<ContractDto> {
    const contract = await this.contracts.create(body, actor);
    setEtag(response, contract.version);
    response.setHeader('Location', `/api/v1/contracts/${contract.id}`);
    return contract;
  }

  @UpdateRoute(ContractDto, { summary: 'Change fields of a contract (not its status: see transitions)' })
  async update(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateContractDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractDto> {
    const contract = await this.contracts.update(id, expectedVersion(ifMatch), body, actor);
    setEtag(response, contract.version);
    return contract;
  }

  @ArchiveRoute(ContractDto, { summary: 'Archive a contract (it stays readable with includeArchived=true)' })
  async archive(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractDto> {
    const contract = await this.contracts.archive(id, expectedVersion(ifMatch), actor);
    setEtag(response, contract.version);
    return contract;
  }

  @RestoreRoute(ContractDto, 'contract')
  async restore(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractDto> {
    const contract = await this.contracts.restore(id, expectedVersion(ifMatch), actor);
    setEtag(response, contract.version);
    return contract;
  }

  @TransitionRoute(ContractDto, 'contract', 'a contract')
  async transition(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: TransitionDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractDto> {
    const contract = await this.contracts.transition(id, expectedVersion(ifMatch), body.to, body.comment, actor);
    setEtag(response, contract.version);
    return contract;
  }

  @HistoryRoute()
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.contracts.historyOf(id) };
  }
}
