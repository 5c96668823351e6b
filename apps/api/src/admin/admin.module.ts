import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module.js';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { MemorandaModule } from '../memoranda/memoranda.module.js';
import { PartiesModule } from '../parties/parties.module.js';
import { VisitsModule } from '../visits/visits.module.js';
import { AdminPanel } from './admin-panel.js';

/** The staff panel at /admin (AdminJS), on the same domain services as the REST API. */
@Module({
  imports: [MemorandaModule, ContractsModule, VisitsModule, FollowUpsModule, PartiesModule],
  providers: [AdminPanel],
  exports: [AdminPanel],
})
export class AdminModule {}
