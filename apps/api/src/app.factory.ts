import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ADMIN_ROOT, AdminPanel } from './admin/admin-panel.js';
import { securityHeaders } from './admin/security.js';
import { AppModule } from './app.module.js';
import type { AppConfig } from './infrastructure/config/app-config.js';
import { admissionSettings, DatabaseAdmission } from './infrastructure/database/database-admission.js';
import { boundHttpServer } from './infrastructure/http-server.js';
import { PROBLEM_BASE } from './infrastructure/errors/problem.js';
import { validationExceptionFactory } from './infrastructure/errors/validation-errors.js';
import { InputHygienePipe } from './http/input-hygiene.pipe.js';
import { jsonBodiesOnly } from './http/request-shape.js';
import { setupOpenApi } from './http/openapi-document.js';
import { RecentlyAuthenticatedKeys } from './auth/recently-authenticated-keys.js';
import { capConnectionsPerAddress } from './http/connection-limits.js';
import { apiRateLimits } from './http/rate-limit.js';

/** Builds the whole HTTP application; `main.ts` and the e2e tests share it, so tests run what production runs. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  boundHttpServer(app.getHttpServer(), config);
  capConnectionsPerAddress(app.getHttpServer(), config.MAX_CONNECTIONS_PER_ADDRESS);
  app.set('trust proxy', config.TRUST_PROXY);
  // Records carry ETags of their own (version and digest, http/record-headers.ts); Express's automatic weak ETag on
  // every other body (lists, errors) would be a header the API does not document or mean.
  app.set('etag', false);
  app.getHttpAdapter().getInstance().locals[PROBLEM_BASE] = config.publicUrl;
  app.use(securityHeaders());
  // One gate for every route that uses the database; the probes and the API documentation stay outside it.
  const admission = new DatabaseAdmission(admissionSettings(config));
  // Ahead of the JSON body parser: AdminJS parses its own form posts.
  app.use(ADMIN_ROOT, admission.middleware, app.get(AdminPanel).handle);
  app.use('/api/v1', jsonBodiesOnly());
  app.useBodyParser('json', { limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  // Behind the body parser, so a slow upload holds no turn; behind the rate limits, which refuse without the database.
  app.use('/api/v1', ...apiRateLimits(config, app.get(RecentlyAuthenticatedKeys)), admission.middleware);
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'Idempotency-Replayed'],
  });
  app.useGlobalPipes(
    new InputHygienePipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  setupOpenApi(app);
  return app;
}
