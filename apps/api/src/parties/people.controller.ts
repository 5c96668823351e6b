import { Body, Param, Query, Req, StreamableFile, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { RECORD_TYPES } from '../domain/record-types.js';
import { HistoryDto, historyPage, HistoryQueryDto } from '../http/common.dto.js';
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
  UpdateRoute,
  pageOrCsv,
  RecordController,
  UpsertRoute,
  upserted,
} from '../http/record-routes.js';
import { PERSON_CSV_COLUMNS } from './person.csv.js';
import { CreatePersonDto, PersonDto, PersonListQueryDto, PersonPageDto, UpdatePersonDto } from './person.dto.js';
import { PeopleService } from './people.service.js';

/** The REST door to people: each route translates HTTP to one call of the domain service. */
@RecordController(RECORD_TYPES.person)
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @ListRoute(PersonPageDto, {
    summary: 'List officials and business representatives',
    description:
      'q searches names and positions, and the names of their parties. Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  list(@Query() query: PersonListQueryDto, @Req() request: Request): Promise<PersonPageDto | StreamableFile> {
    return pageOrCsv(request, 'people', PERSON_CSV_COLUMNS, this.people, query);
  }

  @GetRoute(PersonDto, { summary: 'One person with their party' })
  get(@Param('id', UuidParam) id: string): Promise<PersonDto> {
    return this.people.get(id);
  }

  @CreateRoute(PersonDto, { summary: 'Record a person' })
  create(@Body() body: CreatePersonDto, @CurrentActor() actor: Actor): Promise<PersonDto> {
    return this.people.create(body, actor);
  }

  @UpsertRoute(PersonDto, CreatePersonDto, 'a person')
  async upsert(
    @Param('externalId', ExternalIdParam) externalId: string,
    @IfMatch() ifMatch: string | undefined,
    @IfNoneMatch() ifNoneMatch: string | undefined,
    @Body() body: CreatePersonDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PersonDto> {
    return upserted(
      RECORD_TYPES.person,
      response,
      await this.people.upsertByExternalId(externalId, upsertPreconditions(ifMatch, ifNoneMatch), asReplacement(body), actor),
    );
  }

  @UpdateRoute(PersonDto, { summary: 'Change fields of a person' })
  update(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: UpdatePersonDto,
    @CurrentActor() actor: Actor,
  ): Promise<PersonDto> {
    return this.people.update(id, expectedVersion(ifMatch), body, actor);
  }

  @ArchiveRoute(PersonDto, {
    summary: 'Archive a person (they stay readable with includeArchived=true)',
    description:
      'Refused with 409 while live records name the person: visits they head, memoranda they signed, follow-ups they are ' +
      'responsible for. The problem body counts them in `references`; reassign or archive them first.',
  })
  archive(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<PersonDto> {
    return this.people.archive(id, expectedVersion(ifMatch), actor);
  }

  @RestoreRoute(PersonDto, 'person')
  restore(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<PersonDto> {
    return this.people.restore(id, expectedVersion(ifMatch), actor);
  }

  @HistoryRoute('Field edits, newest first')
  async history(@Param('id', UuidParam) id: string, @Query() page: HistoryQueryDto): Promise<HistoryDto> {
    return historyPage(await this.people.historyOf(id, page), page);
  }
}
