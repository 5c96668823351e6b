import type { RecordEntity } from '../../apps/api/src/domain/record-types.js';
import type { AnyRecordType } from '../../apps/api/src/domain/record-types.js';
import { createParty } from './fixtures.js';
import { insertMemorandum } from './records.js';
import type { TestApp } from './test-app.js';

/*
 * A valid request body for every record type, for the tests of the behaviour every record resource shares
 * (test/record-contract.e2e-spec.ts, the admin panel's tables). Typed against EntityType: a new record type in the
 * schema does not compile here until it has its bodies, and so cannot slip past the shared tests.
 */

/** The records bodies point at, created on first use and then shared by every body of the test file. */
export interface BodyFixtures {
  once<T>(name: string, create: () => Promise<T>): Promise<T>;
}

export function bodyFixtures(): BodyFixtures {
  const made = new Map<string, Promise<unknown>>();
  return {
    once<T>(name: string, create: () => Promise<T>): Promise<T> {
      if (!made.has(name)) made.set(name, create());
      return made.get(name) as Promise<T>;
    },
  };
}

export interface RecordBodies {
  /** A valid minimal create body; it creates (through `fixtures`) whatever records it must point at. */
  create(t: TestApp, fixtures: BodyFixtures): Promise<Record<string, unknown>>;
  /**
   * The fields that make a search for `text` (`?q=`) find the record, merged into a create or PATCH body. They replace
   * the create body's own title or name.
   */
  searchable(text: string): Record<string, unknown>;
  /**
   * A valid PATCH body that sets audited fields the create body leaves empty, so that history shows each going from
   * null to its value. Without one, the English title or name (by the type's `naming`).
   */
  update?: Record<string, unknown>;
}

const visitingParty = (t: TestApp, fixtures: BodyFixtures) =>
  fixtures.once('visiting party', () => createParty(t, { nameRu: 'Павлодарская область', nameEn: 'Pavlodar Region' }));
const hostParty = (t: TestApp, fixtures: BodyFixtures) => fixtures.once('host party', () => createParty(t, { nameRu: 'Омская область' }));
const memorandum = (t: TestApp, fixtures: BodyFixtures) => fixtures.once('memorandum', () => insertMemorandum(t, { titleRu: 'Опорный меморандум' }));

export const RECORD_BODIES = {
  visit: {
    async create(t, fixtures) {
      const [visiting, host] = await Promise.all([visitingParty(t, fixtures), hostParty(t, fixtures)]);
      return { titleRu: 'Визит делегации', visitingPartyId: visiting.id, hostPartyIds: [host.id] };
    },
    searchable: (text) => ({ titleRu: text }),
    update: { titleEn: 'Delegation visit', place: 'Павлодар' },
  },
  memorandum: {
    async create(t, fixtures) {
      return { titleRu: 'Меморандум о сотрудничестве', parties: [{ partyId: (await visitingParty(t, fixtures)).id }] };
    },
    searchable: (text) => ({ titleRu: text }),
    update: { titleEn: 'Cooperation memorandum', summaryRu: 'Уточнено' },
  },
  contract: {
    async create(t, fixtures) {
      return { titleRu: 'Контракт на поставку', parties: [{ partyId: (await hostParty(t, fixtures)).id, role: 'supplier' }] };
    },
    searchable: (text) => ({ titleRu: text }),
    update: { titleEn: 'Supply contract', subjectRu: 'Поставка вагонов' },
  },
  follow_up: {
    async create(t, fixtures) {
      return { titleRu: 'Провести ярмарку', memorandumId: (await memorandum(t, fixtures)).id };
    },
    searchable: (text) => ({ titleRu: text }),
    update: { titleEn: 'Hold a fair', note: 'Уточнено' },
  },
  party: {
    create: () => Promise.resolve({ kind: 'organisation', nameRu: 'Торговый дом' }),
    searchable: (text) => ({ nameRu: text }),
    update: { nameEn: 'Trade house', countryCode: 'KZ' },
  },
  person: {
    create: () => Promise.resolve({ nameRu: 'Ерик Султанов' }),
    searchable: (text) => ({ nameRu: text }),
    update: { nameEn: 'Yerik Sultanov', positionRu: 'Аким' },
  },
} satisfies Record<RecordEntity, RecordBodies>;

/** The bodies of a record type; throws for a type without bodies (which only a build that skips type checks lets by). */
export function bodiesOf(type: AnyRecordType): RecordBodies {
  const bodies: RecordBodies | undefined = (RECORD_BODIES as Partial<Record<RecordEntity, RecordBodies>>)[type.entityType];
  if (!bodies) throw new Error(`test/support/record-bodies.ts has no bodies for ${type.entityType}`);
  return bodies;
}

/** The type's PATCH body: its own, or the English title or name. */
export function updateBodyOf(type: AnyRecordType): Record<string, unknown> {
  return bodiesOf(type).update ?? (type.naming === 'title' ? { titleEn: 'Edited' } : { nameEn: 'Edited' });
}
