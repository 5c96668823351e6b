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
import { PartiesService } from './parties.service.js';
import { PARTY_CSV_COLUMNS } from './party.csv.js';
import { CreatePartyDto, PartyDto, PartyIncludeQueryDto, PartyListQueryDto, PartyPageDto, UpdatePartyDto } from './party.dto.js';

@ApiTags('parties')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(ApiKeyGuard)
@UseInterceptors(IdempotencyInterceptor)
@Controller('api/v1/parties')
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  @ListRoute(PartyPageDto, {
    summary: 'List countries, regions, cities, organisations and agencies',
    description:
      'q searches names in kk, ru and en and aliases (ВКО finds the East Kazakhstan Region). ' +
      'Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  async list(@Query() query: PartyListQueryDto, @Req() request: Request): Promise<PartyPageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.parties.list(query, { export: true });
      return csvFile('parties', page.data, PARTY_CSV_COLUMNS);
    }
    return this.parties.list(query);
  }

  @GetRoute(PartyDto, { summary: 'One party with its parent and the ids of its live children' })
  async get(@Param('id', UuidParam) id: string, @Query() query: PartyIncludeQueryDto, @Res({ passthrough: true }) response: Response): Promise<PartyDto> {
    const party = await this.parties.get(id, query.include);
    setEtag(response, party.version);
    return party;
  }

  @CreateRoute(PartyDto, { summary: 'Record a party', description: 'An editor bound to a region may only create parties under that region.' })
  async create(@Body() body: CreatePartyDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<PartyDto> {
    const party = await this.parties.create(body, actor);
    setEtag(response, party.version);
    response.setHeader('Location', `/api/v1/parties/${party.id}`);
    return party;
  }

  @UpdateRoute(PartyDto, {
    summary: 'Change fields of a party',
    description: 'parentId may not be the party itself (400) or a party under it (422: the hierarchy must stay a tree).',
  })
  async update(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdatePartyDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartyDto> {
    const party = await this.parties.update(id, expectedVersion(ifMatch), body, actor);
    setEtag(response, party.version);
    return party;
  }

  @ArchiveRoute(PartyDto, {
    summary: 'Archive a party (it stays readable with includeArchived=true)',
    description:
      'Refused with 409 while live records still refer to the party: live child parties, people, visits (visiting or hosting), ' +
      'memoranda (as a party or signed for), contracts, follow-ups (responsible party) or enabled admin users bound to it as ' +
      'their region. The problem body counts them in `references`; reassign or archive them first. Archiving is meant for ' +
      'duplicates and mistakes, and a live record pointing at an archived party could not be saved again unchanged.',
  })
  async archive(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartyDto> {
    const party = await this.parties.archive(id, expectedVersion(ifMatch), actor);
    setEtag(response, party.version);
    return party;
  }

  @RestoreRoute(PartyDto, 'party')
  async restore(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartyDto> {
    const party = await this.parties.restore(id, expectedVersion(ifMatch), actor);
    setEtag(response, party.version);
    return party;
  }

  @HistoryRoute('Field edits, newest first')
  async history(@Param('id', UuidParam) id: string): Promise<HistoryDto> {
    return { data: await this.parties.historyOf(id) };
  }
}
