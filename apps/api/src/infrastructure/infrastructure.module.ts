import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { createRequire } from 'node:module';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ProblemDetailsFilter } from './errors/problem-details.filter.js';
import { PrismaModule } from './prisma/prisma.module.js';

/** pino-pretty is a development dependency: absent from production installs. */
function prettyLogsAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** Shared plumbing every domain module relies on: configuration, database access, logging, error rendering. */
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: InfrastructureModule,
      imports: [
        ConfigModule.forRoot(config),
        PrismaModule.forRoot(databaseUrl),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
            // Readable lines in a developer's terminal; JSON for log collectors everywhere else.
            transport: config.NODE_ENV === 'development' && prettyLogsAvailable() ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
          },
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
