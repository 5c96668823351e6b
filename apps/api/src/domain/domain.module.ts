import { Global, Module } from '@nestjs/common';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { CitationsService } from '../sources/citations.service.js';
import { ChangeFeedService } from './change-feed.service.js';
import { HistoryService } from './history.service.js';
import { IdempotencyService } from './idempotency.service.js';
import { RegionAccessService } from './region-access.service.js';

/** Rules every domain module shares: history and the change feed, region permissions, citations, idempotency keys. */
@Global()
@Module({
  providers: [ChangeFeedService, HistoryService, RegionAccessService, CitationsService, IdempotencyService, IdempotencyInterceptor],
  exports: [ChangeFeedService, HistoryService, RegionAccessService, CitationsService, IdempotencyService, IdempotencyInterceptor],
})
export class DomainModule {}
