import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module.js';
import { AdminPanel } from './admin-panel.js';

/**
 * The staff panel at /admin (AdminJS), on the same domain services as the REST API. The record types' services come
 * from their own modules through the ModuleRef (each panel resource names its service), so a new record type needs no
 * import here.
 */
@Module({
  imports: [ReportsModule],
  providers: [AdminPanel],
  exports: [AdminPanel],
})
export class AdminModule {}
