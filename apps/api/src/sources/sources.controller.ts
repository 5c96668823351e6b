import { Controller, Get, Param, Query, Req, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { csvFile, wantsCsv } from '../http/csv.js';
import { ApiProblems } from '../http/openapi.js';
import { SOURCE_CSV_COLUMNS } from './source.csv.js';
import { SourceArticleDto, SourceArticlePageDto, SourceListQueryDto } from './source.dto.js';
import { SourcesService } from './sources.service.js';

@ApiTags('sources')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(ApiKeyGuard)
@Controller('api/v1/sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @ApiOperation({
    summary: 'List source articles, without their text',
    description: 'q searches titles. Send Accept: text/csv for a CSV export (UTF-8 with BOM) with the same filters, up to 10,000 rows.',
  })
  @ApiOkResponse({ type: SourceArticlePageDto })
  @ApiProduces('application/json', 'text/csv')
  @ApiProblems(400)
  async list(@Query() query: SourceListQueryDto, @Req() request: Request): Promise<SourceArticlePageDto | StreamableFile> {
    if (wantsCsv(request)) {
      const page = await this.sources.list(query, { export: true });
      return csvFile('sources', page.data, SOURCE_CSV_COLUMNS);
    }
    return this.sources.list(query);
  }

  @Get(':key')
  @ApiOperation({ summary: 'One source article with its full text and every citation quoting it' })
  @ApiParam({ name: 'key', description: 'The article’s file name.', example: '003_95d8b3d6152c2cac.txt' })
  @ApiOkResponse({ type: SourceArticleDto })
  @ApiProblems(404)
  async get(@Param('key') key: string): Promise<SourceArticleDto> {
    return this.sources.get(key);
  }
}
