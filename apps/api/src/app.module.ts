import { type DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ChangesModule } from './changes/changes.module.js';
import { ContractsModule } from './contracts/contracts.module.js';
import { DomainModule } from './domain/domain.module.js';
import { FollowUpsModule } from './follow-ups/follow-ups.module.js';
import { HealthModule } from './health/health.module.js';
import type { AppConfig } from './infrastructure/config/app-config.js';
import { IntakeModule } from './intake/intake.module.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { MemorandaModule } from './memoranda/memoranda.module.js';
import { PartiesModule } from './parties/parties.module.js';
import { ProblemsModule } from './problems/problems.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SeedModule } from './seed/seed.module.js';
import { SourcesModule } from './sources/sources.module.js';
import { VisitsModule } from './visits/visits.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config, databaseUrl),
        AuthModule,
        DomainModule,
        HealthModule,
        ProblemsModule,
        VisitsModule,
        MemorandaModule,
        ContractsModule,
        FollowUpsModule,
        PartiesModule,
        SourcesModule,
        IntakeModule,
        ReportsModule,
        ChangesModule,
        WebhooksModule,
        AdminModule,
        SeedModule,
      ],
    };
  }
}
