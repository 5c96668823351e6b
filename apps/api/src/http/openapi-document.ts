import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ALL_RECORD_TYPES } from '../domain/record-types.js';
import { refineContract } from './openapi-contract.js';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Kelisim API')
    .setDescription(
      'Register of interregional and cross-border cooperation: visits, memoranda, contracts and follow-ups.\n\n' +
        'Every /api/v1 route needs `Authorization: Bearer <api key>` (scope `read` for GET, `write` otherwise). ' +
        'Changes need `If-Match` with the record version from its ETag; status changes go through `/transitions`. ' +
        'Errors are `application/problem+json` (RFC 9457).',
    )
    .setVersion('1.0.0')
    .setLicense('Proprietary', 'https://example.kz/kelisim/license')
    .addServer('/', 'This server')
    .setOpenAPIVersion('3.1.0')
    // An API key is an opaque secret, not a JWT (Nest's default bearerFormat).
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque API key', description: 'An API key from `npm run cli -- api-key create`.' });
  // One tag per record type, from the registry, between the probes and the read-only resources.
  config.addTag('health', 'Liveness and readiness probes (no authentication).');
  for (const type of ALL_RECORD_TYPES) config.addTag(type.route, type.apiDescription);
  config.addTag('sources', 'Source articles the register cites (read-only).').addTag('reports', 'Summaries for managers.');
  config.addTag('changes', 'The change feed: every committed change, in commit order, from a cursor.');
  const document = SwaggerModule.createDocument(app, config.build(), {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  // Everything needs an API key except the probes, which say so explicitly.
  document.security = [{ bearer: [] }];
  for (const [path, operations] of Object.entries(document.paths)) {
    if (!path.startsWith('/health')) continue;
    for (const operation of Object.values(operations)) {
      if (operation && typeof operation === 'object' && 'responses' in operation) (operation as { security?: unknown[] }).security = [];
    }
  }
  return refineContract(document);
}

export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml' });
}
