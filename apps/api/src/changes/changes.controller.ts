import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EntityType } from '@prisma/client';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { ChangeFeedService, decodeCursor, expandTypeFilters } from '../domain/change-feed.service.js';
import { ApiProblems } from '../http/openapi.js';
import { ChangeFeedPageDto, ChangeFeedQueryDto, DEFAULT_FEED_PAGE } from './change.dto.js';

@ApiTags('changes')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 410, 429, 503)
@UseGuards(ApiKeyGuard)
@Controller('api/v1/changes')
export class ChangesController {
  constructor(private readonly feed: ChangeFeedService) {}

  @Get()
  @ApiOperation({
    summary: 'Every committed change of every record and source, in commit order, from a cursor',
    description:
      'Poll with `after` set to the `cursor` of the previous answer; `hasMore` says whether to read again at once. An event appears once its ' +
      'transaction and every transaction that started before it have finished, so a cursor never passes an event that commits later. ' +
      'Events are kept for CHANGE_FEED_RETENTION_DAYS; a cursor before what was deleted is a 410: re-sync from the lists.',
  })
  @ApiOkResponse({ type: ChangeFeedPageDto })
  async list(@Query() query: ChangeFeedQueryDto): Promise<ChangeFeedPageDto> {
    return this.feed.read({
      after: query.after === undefined ? undefined : (decodeCursor(query.after) ?? undefined),
      limit: query.limit ?? DEFAULT_FEED_PAGE,
      types: query.types && expandTypeFilters(query.types),
      recordTypes: query.recordType as EntityType[] | undefined,
    });
  }
}
