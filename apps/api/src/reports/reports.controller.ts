import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { ApiProblems } from '../http/openapi.js';
import { FollowUpsReportDto, FollowUpsReportQueryDto, MemorandaReportDto, MemorandaReportQueryDto } from './report.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 429, 503)
@UseGuards(ApiKeyGuard)
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('memoranda')
  @ApiOperation({
    summary: 'Memoranda counted by status, party, region, sphere and year',
    description:
      'Counts non-archived memoranda and sums their quantity (the documents each stands for). ' +
      'year, from and to filter on the signing date (memoranda with no date are left out by any of them); region keeps memoranda with a party in the region or under it.',
  })
  @ApiOkResponse({ type: MemorandaReportDto })
  async memoranda(@Query() query: MemorandaReportQueryDto): Promise<MemorandaReportDto> {
    return this.reports.memoranda(query);
  }

  @Get('follow-ups')
  @ApiOperation({
    summary: 'Open, overdue and soon-due follow-ups, in total and per responsible party',
    description:
      'region keeps follow-ups whose responsible party, or a party of the linked visit, memorandum or contract, is in the region or under it; year keeps those due in that year.',
  })
  @ApiOkResponse({ type: FollowUpsReportDto })
  async followUps(@Query() query: FollowUpsReportQueryDto): Promise<FollowUpsReportDto> {
    return this.reports.followUps(query);
  }
}
