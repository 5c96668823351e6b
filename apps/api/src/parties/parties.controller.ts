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
import { PARTY_CSV_COLUMNS } from './party.csv.js';
import { CreatePartyDto, PartyDto, PartyIncludeQueryDto, PartyListQueryDto, PartyPageDto, UpdatePartyDto } from './party.dto.js';
import { PartiesService } from './parties.service.js';

/** The REST door to parties: each route translates HTTP to one call of the domain service. */
@RecordController(RECORD_TYPES.party)
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  @ListRoute(PartyPageDto, {
    summary: 'List countries, regions, cities, organisations and agencies',
    description:
      'q searches names in kk, ru and en and aliases (ВКО finds the East Kazakhstan Region). ' +
      'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  list(@Query() query: PartyListQueryDto, @Req() request: Request): Promise<PartyPageDto | StreamableFile> {
    return pageOrCsv(request, 'parties', PARTY_CSV_COLUMNS, this.parties, query);
  }

  @GetRoute(PartyDto, { summary: 'One party with its parent and the ids of its live children' })
  get(@Param('id', UuidParam) id: string, @Query() query: PartyIncludeQueryDto): Promise<PartyDto> {
    return this.parties.get(id, query.include);
  }

  @CreateRoute(PartyDto, { summary: 'Record a party', description: 'An editor bound to a region may only create parties under that region.' })
  create(@Body() body: CreatePartyDto, @CurrentActor() actor: Actor): Promise<PartyDto> {
    return this.parties.create(body, actor);
  }

  @UpsertRoute(PartyDto, CreatePartyDto, 'a party')
  async upsert(
    @Param('externalId', ExternalIdParam) externalId: string,
    @IfMatch() ifMatch: string | undefined,
    @IfNoneMatch() ifNoneMatch: string | undefined,
    @Body() body: CreatePartyDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartyDto> {
    return upserted(
      RECORD_TYPES.party,
      response,
      await this.parties.upsertByExternalId(externalId, upsertPreconditions(ifMatch, ifNoneMatch), asReplacement(body), actor),
    );
  }

  @UpdateRoute(PartyDto, {
    summary: 'Change fields of a party',
    description: 'parentId may not be the party itself (400) or a party under it (422: the hierarchy must stay a tree).',
  })
  update(
    @Param('id', UuidParam) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: UpdatePartyDto,
    @CurrentActor() actor: Actor,
  ): Promise<PartyDto> {
    return this.parties.update(id, expectedVersion(ifMatch), body, actor);
  }

  @ArchiveRoute(PartyDto, {
    summary: 'Archive a party (it stays readable with includeArchived=true)',
    description:
      'Refused with 409 while live records still refer to the party: live child parties, people, visits (visiting or hosting), ' +
      'memoranda (as a party or signed for), contracts, follow-ups (responsible party) or enabled admin users bound to it as ' +
      'their region. The problem body counts them in `references`; reassign or archive them first. Archiving is meant for ' +
      'duplicates and mistakes, and a live record pointing at an archived party could not be saved again unchanged.',
  })
  archive(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<PartyDto> {
    return this.parties.archive(id, expectedVersion(ifMatch), actor);
  }

  @RestoreRoute(PartyDto, 'party')
  restore(@Param('id', UuidParam) id: string, @IfMatch() ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<PartyDto> {
    return this.parties.restore(id, expectedVersion(ifMatch), actor);
  }

  @HistoryRoute('Field edits, newest first')
  async history(@Param('id', UuidParam) id: string, @Query() page: HistoryQueryDto): Promise<HistoryDto> {
    return historyPage(await this.parties.historyOf(id, page), page);
  }
}
