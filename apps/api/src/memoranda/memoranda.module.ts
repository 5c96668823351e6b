import { Module } from '@nestjs/common';
import { DomainModule } from '../domain/domain.module.js';
import { MemorandaController } from './memoranda.controller.js';
import { MemorandaService } from './memoranda.service.js';

@Module({
  imports: [DomainModule],
  controllers: [MemorandaController],
  providers: [MemorandaService],
  exports: [MemorandaService],
})
export class MemorandaModule {}
