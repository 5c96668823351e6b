import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ProblemDetailsFilter } from './errors/problem-details.filter.js';
import { PrismaModule } from './prisma/prisma.module.js';

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
          },
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
