import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { HistoryDto } from '../http/common.dto.js';
import { csvFile, wantsCsv } from '../http/csv.js';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems, UuidParam } from '../http/openapi.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { PeopleService } from './people.service.js';
import { PERSON_CSV_COLUMNS } from './person.csv.js';
import { CreatePersonDto, PersonDto, PersonListQueryDto, PersonPageDto, UpdatePersonDto } from './person.dto.js';

@ApiTags('people')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
@Controller('api/v1/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiOperation({
    summary: 'List officials and business representatives',
    description: 'q searches names and positions, and the names of their parties. Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  @ApiOkResponse({ type: PersonPageDto })
  @ApiProduces('application/json', 'text/csv')
  @ApiProblems(400)
  async list(@Query() query: PersonListQueryDto, @Req() request: Request): Promise<PersonPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.people.list(query, { export: true });
      return csvFile('people', page.data, PERSON_CSV_COLUMNS);
    }
    return this.people.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One person with their party' })
  @ApiOkResponse({ type: PersonDto, headers: { ETag: { description: 'The record version, for If-Match.', schema: { type: 'string' } } } })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidParam) id: string, @Res({ passthrough: true }) response: Response): Promise<PersonDto> {
    const person = await this.people.get(id);
    setEtag(response, person.version);
    return person;
  }

  @Post()
  @ApiOperation({ summary: 'Record a person' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: PersonDto })
  @ApiProblems(400, 409, 413, 422)
  async create(@Body() body: CreatePersonDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<PersonDto> {
    const person = await this.people.create(body, actor);
    setEtag(response, person.version);
    response.setHeader('Location', `/api/v1/people/${person.id}`);
    return person;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change fields of a person' })
  @ApiIfMatch()
  @ApiOkResponse({ type: PersonDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
  async update(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdatePersonDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PersonDto> {
    const person = await this.people.update(id, expectedVersion(ifMatch), body, actor);
    setEtag(response, person.version);
    return person;
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Archive a person (they stay readable with includeArchived=true)',
    description:
      'Refused with 409 while live records name the person: visits they head, memoranda they signed, follow-ups they are ' +
      'responsible for. The problem body counts them in `references`; reassign or archive them first.',
  })
  @ApiIfMatch()
  @ApiOkResponse({ type: PersonDto })
  @ApiProblems(400, 404, 409, 412, 428)
  async archive(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PersonDto> {
    const person = await this.people.archive(id, expectedVersion(ifMatch), actor);
    setEtag(response, person.version);
    return person;
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bring back an archived person',
    description: 'Needs If-Match with the archived version. Refused with 409 when it is not archived, and with 422 when a record it points at has been archived since (restore that first).',
  })
  @ApiIfMatch()
  @ApiOkResponse({ type: PersonDto })
  @ApiProblems(400, 404, 409, 412, 422, 428)
  async restore(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PersonDto> {
    const person = await this.people.restore(id, expectedVersion(ifMatch), actor);
    setEtag(response, person.version);
    return person;
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Field edits, newest first' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiProblems(400, 404)
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.people.historyOf(id) };
  }
}
