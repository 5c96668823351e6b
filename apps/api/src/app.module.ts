import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from './health/health.module.js';
import type { AppConfig } from './infrastructure/config/app-config.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [InfrastructureModule.forRoot(config, databaseUrl), HealthModule],
    };
  }
}
