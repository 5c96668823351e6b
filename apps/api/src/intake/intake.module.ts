import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module.js';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { MemorandaModule } from '../memoranda/memoranda.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { VisitsModule } from '../visits/visits.module.js';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';

/** Entering a press release: its records at once, each through its own service. */
@Module({
  imports: [SourcesModule, VisitsModule, MemorandaModule, ContractsModule, FollowUpsModule],
  controllers: [IntakeController],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
