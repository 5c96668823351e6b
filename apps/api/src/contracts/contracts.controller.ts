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

  @Get()
  @ApiOperation({ summary: 'List business contracts', description: 'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.' })
  @ApiOkResponse({ type: ContractPageDto })
  @ApiProduces('application/json', 'text/csv')
  @ApiProblems(400)
  async list(@Query() query: ContractListQueryDto, @Req() request: Request): Promise<ContractPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.contracts.list(query, { export: true });
      return csvFile('contracts', page.data, CONTRACT_CSV_COLUMNS);
    }
    return this.contracts.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One contract with its parties, amount, citations and related record ids' })
  @ApiOkResponse({ type: ContractDto, headers: { ETag: { description: 'The record version, for If-Match.', schema: { type: 'string' } } } })
  @ApiProblems(400, 404)
  async get(
    @Param('id', UuidParam) id: string,
    @Query() query: ContractIncludeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractDto> {
    const contract = await this.contracts.get(id, query.include);
    setEtag(response, contract.version);
    return contract;
  }

  @Post()
  @ApiOperation({ summary: 'Record a contract' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ContractDto })
  @ApiProblems(400, 409, 413, 422)
  async create(
    @Body() body: CreateContractDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractDto> {
    const contract = await this.contracts.create(body, actor);
    setEtag(response, contract.version);
    response.setHeader('Location', `/api/v1/contracts/${contract.id}`);
    return contract;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change fields of a contract (not its status: see transitions)' })
  @ApiIfMatch()
  @ApiOkResponse({ type: ContractDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
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

  @Delete(':id')
  @ApiOperation({ summary: 'Archive a contract (it stays readable with includeArchived=true)' })
  @ApiIfMatch()
  @ApiOkResponse({ type: ContractDto })
  @ApiProblems(400, 404, 409, 412, 428)
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

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bring back an archived contract',
    description: 'Needs If-Match with the archived version. Refused with 409 when it is not archived, and with 422 when a record it points at has been archived since (restore that first).',
  })
  @ApiIfMatch()
  @ApiOkResponse({ type: ContractDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
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

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the status of a contract',
    description: describeLifecycle('contract'),
  })
  @ApiIfMatch()
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ContractDto })
  @ApiProblems(400, 404, 409, 412, 428)
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

  @Get(':id/history')
  @ApiOperation({ summary: 'Status changes and field edits, newest first' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiProblems(400, 404)
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.contracts.historyOf(id) };
  }
}
