import { Module } from '@nestjs/common';
import { DomainModule } from '../domain/domain.module.js';
import { ChangesController } from './changes.controller.js';

@Module({
  imports: [DomainModule],
  controllers: [ChangesController],
})
export class ChangesModule {}
