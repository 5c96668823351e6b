/*
 * A client's workflow, written against the types openapi-typescript (default options) generates from the live
 * document, with openapi-fetch: test/openapi-client.e2e-spec.ts type-checks it beside the generated `api.ts`. It must
 * compile with no casts and no `any`; the `@ts-expect-error` lines must be errors. The spec then runs `workflow`
 * against the live service: every call must succeed.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

type Visit = components['schemas']['VisitDto'];

// Lists answer JSON or, with Accept: text/csv, a CSV file: this client reads the JSON (openapi-fetch's media filter);
// the export below asks for text.
const clientOf = (baseUrl: string, authorization: string) =>
  createClient<paths, `${string}/${string}json`>({ baseUrl, headers: { Authorization: authorization } });
type Api = ReturnType<typeof clientOf>;

const ifMatch = (record: { version: number }) => ({ 'If-Match': `"${record.version}"` });

/** The data of a call that must have succeeded. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The ${what} call failed`);
  return value;
}

export async function workflow(baseUrl: string, authorization: string): Promise<string[]> {
  const api = clientOf(baseUrl, authorization);
  const seen: string[] = [];

  // Parties and people: list, search, create.
  const parties = must(
    (await api.GET('/api/v1/parties', { params: { query: { kind: ['region'], limit: 10, offset: 0, include: ['children'] } } })).data,
    'parties',
  );
  const total: number = parties.meta.total;
  seen.push(`${total}`);
  const found = must((await api.GET('/api/v1/parties', { params: { query: { q: 'Павлодар' } } })).data, 'search');
  for (const party of found.data) seen.push(party.parent?.name.ru ?? party.nameRu ?? party.id);
  const region = must((await api.POST('/api/v1/parties', { body: { kind: 'region', nameRu: 'Павлодарская область' } })).data, 'party');
  const host = must((await api.POST('/api/v1/parties', { body: { kind: 'foreign_region', nameEn: 'Omsk Oblast', parentId: null } })).data, 'host');
  const person = must((await api.POST('/api/v1/people', { body: { nameRu: 'Ерик Султанов', partyId: region.id } })).data, 'person');
  seen.push(person.party?.name.kk ?? '');

  // A visit, read back with its embeds.
  const created = await api.POST('/api/v1/visits', {
    body: { titleRu: 'Визит делегации', visitingPartyId: region.id, hostPartyIds: [host.id], delegationHeadId: person.id, startDate: '2099-05-01' },
    headers: { 'Idempotency-Key': 'visit-1' },
  });
  const visit: Visit = must(created.data, 'visit');
  const location: string | null = created.response.headers.get('Location');
  seen.push(location ?? '', visit.delegationHead?.name.en ?? 'no head');
  const read = must(
    (await api.GET('/api/v1/visits/{id}', { params: { path: { id: visit.id }, query: { include: ['memoranda', 'followUps', 'previousVisit'] } } })).data,
    'read',
  );
  for (const memorandum of read.memoranda ?? []) seen.push(memorandum.titleRu ?? memorandum.id);
  seen.push(read.previousVisit?.startDate ?? 'first visit');

  // A memorandum, a contract and a follow-up under them.
  const memorandum = must(
    (
      await api.POST('/api/v1/memoranda', {
        body: {
          titleKk: 'Ынтымақтастық туралы меморандум',
          parties: [{ partyId: region.id }, { partyId: host.id, role: 'signatory' }],
          visitId: visit.id,
          spheres: ['trade'],
        },
      })
    ).data,
    'memorandum',
  );
  const quantity: number = memorandum.quantity;
  seen.push(`${quantity}`);
  const contract = must(
    (
      await api.POST('/api/v1/contracts', {
        body: {
          titleEn: 'Supply contract',
          parties: [{ partyId: host.id, role: 'supplier' }],
          memorandumId: memorandum.id,
          amount: '1000.50',
          currency: 'KZT',
        },
      })
    ).data,
    'contract',
  );
  seen.push(contract.amount ?? 'no amount');
  const followUp = must(
    (await api.POST('/api/v1/follow-ups', { body: { titleRu: 'Провести ярмарку', memorandumId: memorandum.id, dueOn: '2099-09-01' } })).data,
    'follow-up',
  );
  const withLinks = must(
    (await api.GET('/api/v1/follow-ups/{id}', { params: { path: { id: followUp.id }, query: { include: ['memorandum', 'contract'] } } })).data,
    'follow-up',
  );
  seen.push(withLinks.memorandum?.titleKk ?? '', withLinks.contract?.currency ?? '', withLinks.responsibleParty?.name.ru ?? 'nobody');

  // Change, transition, archive, restore, history.
  const edited = must(
    (await api.PATCH('/api/v1/visits/{id}', { params: { path: { id: visit.id }, header: ifMatch(visit) }, body: { titleEn: 'Delegation visit', place: null } }))
      .data,
    'edit',
  );
  const done = must(
    (
      await api.POST('/api/v1/visits/{id}/transitions', {
        params: { path: { id: visit.id }, header: ifMatch(edited) },
        body: { to: 'cancelled', comment: 'Postponed' },
      })
    ).data,
    'transition',
  );
  const signed = must(
    (
      await api.POST('/api/v1/memoranda/{id}/transitions', {
        params: { path: { id: memorandum.id }, header: ifMatch(memorandum) },
        body: { to: 'signed' },
      })
    ).data,
    'memorandum transition',
  );
  seen.push(...signed.allowedTransitions);
  const summarised = must(
    (await api.PATCH('/api/v1/memoranda/{id}', { params: { path: { id: memorandum.id }, header: ifMatch(signed) }, body: { summaryRu: 'Уточнено' } })).data,
    'memorandum edit',
  );
  const repriced = must(
    (await api.PATCH('/api/v1/contracts/{id}', { params: { path: { id: contract.id }, header: ifMatch(contract) }, body: { amount: 2000, currency: 'USD' } }))
      .data,
    'contract edit',
  );
  seen.push(summarised.signedOnPrecision, repriced.amount ?? '');
  const archived = must((await api.DELETE('/api/v1/follow-ups/{id}', { params: { path: { id: followUp.id }, header: ifMatch(followUp) } })).data, 'archive');
  const restored = must(
    (await api.POST('/api/v1/follow-ups/{id}/restore', { params: { path: { id: followUp.id }, header: ifMatch(archived) } })).data,
    'restore',
  );
  seen.push(restored.archivedAt ?? 'live');
  const history = must((await api.GET('/api/v1/visits/{id}/history', { params: { path: { id: done.id } } })).data, 'history');
  for (const entry of history.data) seen.push(`${entry.action} ${entry.version ?? ''} ${entry.to ?? ''}`);

  // Lists with filters, and a CSV export.
  const memoranda = must(
    (await api.GET('/api/v1/memoranda', { params: { query: { status: ['signed', 'in_progress'], sphere: ['trade'], include: ['visit'], sort: '-signedOn' } } }))
      .data,
    'memoranda',
  );
  for (const row of memoranda.data) seen.push(row.visit?.startDate ?? '');
  const contracts = must((await api.GET('/api/v1/contracts', { params: { query: { currency: ['KZT'], status: ['signed'] } } })).data, 'contracts');
  seen.push(`${contracts.meta.limit}`);
  const followUps = must((await api.GET('/api/v1/follow-ups', { params: { query: { overdue: true, status: ['planned'] } } })).data, 'follow-ups');
  seen.push(`${followUps.meta.offset}`);
  const sources = must((await api.GET('/api/v1/sources', { params: { query: { language: ['ru', 'kk'] } } })).data, 'sources');
  seen.push(`${sources.meta.total}`);
  const csv = await api.GET('/api/v1/visits', { params: { query: { status: ['completed'] } }, headers: { Accept: 'text/csv' }, parseAs: 'text' });
  const file: string = must(csv.data, 'csv');
  seen.push(file);

  // A problem body is typed too.
  const refused = await api.POST('/api/v1/contracts/{id}/transitions', {
    params: { path: { id: contract.id }, header: ifMatch(contract) },
    body: { to: 'fulfilled' },
  });
  if (refused.error) seen.push(refused.error.type, refused.error.detail ?? '');
  return seen;
}

export async function refusedAtCompileTime(api: Api, regionId: string, hostId: string): Promise<void> {
  // @ts-expect-error a visit needs its visiting party
  await api.POST('/api/v1/visits', { body: { titleRu: 'Визит', hostPartyIds: [hostId] } });
  // @ts-expect-error a party needs its kind
  await api.POST('/api/v1/parties', { body: { nameRu: 'Торговый дом' } });
  // @ts-expect-error a memorandum needs a title in some language
  await api.POST('/api/v1/memoranda', { body: { parties: [{ partyId: regionId }] } });
  // @ts-expect-error a follow-up belongs to a visit, a memorandum or a contract
  await api.POST('/api/v1/follow-ups', { body: { titleRu: 'Провести ярмарку' } });
  // openapi-fetch infers the options' type, so an extra body field passes it unchecked: the body type itself must refuse it.
  const edit: components['schemas']['UpdateVisitDto'] = {
    titleEn: 'Visit',
    // @ts-expect-error status changes go through transitions, not PATCH
    status: 'completed',
  };
  await api.PATCH('/api/v1/visits/{id}', { params: { path: { id: regionId }, header: { 'If-Match': '"1"' } }, body: edit });
  // @ts-expect-error a visit cannot move to a memorandum's status
  await api.POST('/api/v1/visits/{id}/transitions', { params: { path: { id: regionId }, header: { 'If-Match': '"1"' } }, body: { to: 'signed' } });
  // @ts-expect-error status filters take the resource's statuses only
  await api.GET('/api/v1/visits', { params: { query: { status: ['draft'] } } });
}
