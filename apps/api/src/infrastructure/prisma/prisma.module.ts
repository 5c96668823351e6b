import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DatabaseUrl } from '../database/database-url.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({})
export class PrismaModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: PrismaModule,
      providers: [{ provide: DatabaseUrl, useValue: new DatabaseUrl(databaseUrl) }, PrismaService],
      exports: [PrismaService, DatabaseUrl],
    };
  }
}
