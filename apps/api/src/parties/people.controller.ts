import { Body, Controller, Headers, Param, Query, Req, Res, StreamableFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { HistoryDto } from '../http/common.dto.js';
import { csvFile, wantsCsv } from '../http/csv.js';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { ApiProblems, UuidParam } from '../http/openapi.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { ArchiveRoute, CreateRoute, GetRoute, HistoryRoute, ListRoute, RestoreRoute, UpdateRoute } from '../http/record-routes.js';
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

  @ListRoute(PersonPageDto, {
    summary: 'List officials and business representatives',
    description:
      'q searches names and positions, and the names of their parties. Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  async list(@Query() query: PersonListQueryDto, @Req() request: Request): Promise<PersonPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.people.list(query, { export: true });
      return csvFile('people', page.data, PERSON_CSV_COLUMNS);
    }
    return this.people.list(query);
  }

  @GetRoute(PersonDto, { summary: 'One person with their party' })
  async get(@Param('id', UuidParam) id: string, @Res({ passthrough: true }) response: Response): Promise<PersonDto> {
    const person = await this.people.get(id);
    setEtag(response, person.version);
    return person;
  }

  @CreateRoute(PersonDto, { summary: 'Record a person' })
  async create(@Body() body: CreatePersonDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<PersonDto> {
    const person = await this.people.create(body, actor);
    setEtag(response, person.version);
    response.setHeader('Location', `/api/v1/people/${person.id}`);
    return person;
  }

  @UpdateRoute(PersonDto, { summary: 'Change fields of a person' })
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

  @ArchiveRoute(PersonDto, {
    summary: 'Archive a person (they stay readable with includeArchived=true)',
    description:
      'Refused with 409 while live records name the person: visits they head, memoranda they signed, follow-ups they are ' +
      'responsible for. The problem body counts them in `references`; reassign or archive them first.',
  })
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

  @RestoreRoute(PersonDto, 'person')
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

  @HistoryRoute('Field edits, newest first')
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.people.historyOf(id) };
  }
}
