import { Module } from '@nestjs/common';
import { DomainModule } from '../domain/domain.module.js';
import { FollowUpsController } from './follow-ups.controller.js';
import { FollowUpsService } from './follow-ups.service.js';
import { OverdueAnnouncer } from './overdue-announcer.js';

@Module({
  imports: [DomainModule],
  controllers: [FollowUpsController],
  providers: [FollowUpsService, OverdueAnnouncer],
  exports: [FollowUpsService],
})
export class FollowUpsModule {}
