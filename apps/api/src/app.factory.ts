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
import { validationExceptionFactory } from './infrastructure/errors/validation-errors.js';
import { InputHygienePipe } from './http/input-hygiene.pipe.js';
import { setupOpenApi } from './http/openapi-document.js';
import { apiRateLimit } from './http/rate-limit.js';

/** Builds the whole HTTP application; `main.ts` and the e2e tests share it, so tests run what production runs. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  boundHttpServer(app.getHttpServer(), config);
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(securityHeaders());
  // One gate for every route that uses the database; the probes and the API documentation stay outside it.
  const admission = new DatabaseAdmission(admissionSettings(config));
  // Ahead of the JSON body parser: AdminJS parses its own form posts.
  app.use(ADMIN_ROOT, admission.middleware, app.get(AdminPanel).handle);
  app.useBodyParser('json', { limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  // Behind the body parser, so a slow upload holds no turn; behind the rate limit, which refuses without the database.
  app.use('/api/v1', apiRateLimit(config), admission.middleware);
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
