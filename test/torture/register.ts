import path from 'node:path';
import { ALL_RECORD_TYPES, delegateOf } from '../../apps/api/src/domain/record-types.js';
import { SeedService } from '../../apps/api/src/seed/seed.service.js';
import { bearer } from '../support/fixtures.js';
import { bodiesOf, bodyFixtures } from '../support/record-bodies.js';
import type { TestApp } from '../support/test-app.js';
import { call, describeReply, fieldsOf } from './http.js';

/**
 * The register loaded from the source articles (real records, sources, citations, history), plus one record of every
 * type the seed has none of, made through the API: something real for every route to aim at.
 */
export async function loadRegister(t: TestApp, base: string): Promise<void> {
  await t.app.get(SeedService).run(path.join(process.cwd(), 'prisma', 'seed'));
  const authorization = await bearer(t, 'write', 'register-loader');
  const fixtures = bodyFixtures();
  for (const type of ALL_RECORD_TYPES) {
    if (await delegateOf(t.prisma, type.model).count()) continue;
    const reply = await call(base, 'POST', `/api/v1/${type.route}`, { headers: { authorization }, body: await bodiesOf(type).create(t, fixtures) });
    if (reply.status !== 201) throw new Error(`Could not create a ${type.label}: ${describeReply('POST', `/api/v1/${type.route}`, reply)}`);
  }
}

/** A webhook subscription of this key (subscriptions are the key's own), to a port where nothing listens. */
export async function subscribeWebhook(base: string, authorization: string): Promise<string> {
  const reply = await call(base, 'POST', '/api/v1/webhooks', { headers: { authorization }, body: { url: 'http://127.0.0.1:9/kelisim-events', events: ['*'] } });
  if (reply.status !== 201) throw new Error(`Could not subscribe a webhook: ${describeReply('POST', '/api/v1/webhooks', reply)}`);
  return String(fieldsOf(reply).id);
}
