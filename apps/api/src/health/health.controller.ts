import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { ApiResponseSchemaHost } from '@nestjs/swagger';
import { ProblemDto } from '../http/openapi.js';
import { HealthCheck, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { AppConfig } from '../infrastructure/config/app-config.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';

type SchemaObject = ApiResponseSchemaHost['schema'];

/** What @nestjs/terminus answers: the state of each indicator, by name, as `info` (up), `error` (down) and `details` (all). */
const INDICATORS: SchemaObject = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] } }, required: ['status'], additionalProperties: true },
};
const HEALTH_RESULT: SchemaObject = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok', 'error', 'degraded', 'shutting_down'] }, info: INDICATORS, error: INDICATORS, details: INDICATORS },
  required: ['status', 'details'],
};

@ApiTags('health')
@ApiExtraModels(ProblemDto)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: PrismaHealthIndicator,
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependency is checked).' })
  @ApiOkResponse({ description: 'Up.', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'The service can serve requests: the database answers.' })
  @ApiOkResponse({ description: 'Ready: each indicator (`database`) and its state.', schema: HEALTH_RESULT })
  @ApiServiceUnavailableResponse({
    description: 'The database does not answer within DATABASE_HEALTH_TIMEOUT_MS.',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
  })
  ready() {
    // Bounded: a frozen database makes this a 503 in DATABASE_HEALTH_TIMEOUT_MS, never a hang.
    return this.health.check([() => this.database.pingCheck('database', this.prisma, { timeout: this.config.DATABASE_HEALTH_TIMEOUT_MS })]);
  }
}
