import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { AppConfig } from '../infrastructure/config/app-config.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';

@ApiTags('health')
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
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'The service can serve requests: the database answers.' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer within DATABASE_HEALTH_TIMEOUT_MS (application/problem+json).' })
  ready() {
    // Bounded: a frozen database makes this a 503 in DATABASE_HEALTH_TIMEOUT_MS, never a hang.
    return this.health.check([() => this.database.pingCheck('database', this.prisma, { timeout: this.config.DATABASE_HEALTH_TIMEOUT_MS })]);
  }
}
