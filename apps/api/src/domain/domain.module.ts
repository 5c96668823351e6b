import { Global, Module } from '@nestjs/common';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { CitationsService } from '../sources/citations.service.js';
import { HistoryService } from './history.service.js';
import { IdempotencyService } from './idempotency.service.js';
import { RegionAccessService } from './region-access.service.js';

/** Rules every domain module shares: history, region permissions, citations, idempotency keys. */
@Global()
@Module({
  providers: [HistoryService, RegionAccessService, CitationsService, IdempotencyService, IdempotencyInterceptor],
  exports: [HistoryService, RegionAccessService, CitationsService, IdempotencyService, IdempotencyInterceptor],
})
export class DomainModule {}
