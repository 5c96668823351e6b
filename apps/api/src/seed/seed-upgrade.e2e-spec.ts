import path from 'node:path';
import type { Actor } from '../domain/actor.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { FollowUpsService } from '../follow-ups/follow-ups.service.js';
import { MemorandaService } from '../memoranda/memoranda.service.js';
import { loadSeedData, type SeedData } from './seed-data.js';
import { SeedService } from './seed.service.js';

const SEED_DIR = path.join(process.cwd(), 'prisma', 'seed');
/** The seed data as it was on main before the corrections (511a957): a register seeded by the old version. */
const OLD_SEED_DIR = path.join(process.cwd(), 'test', 'fixtures', 'seed-before-corrections');
const STAFF: Actor = { type: 'user', id: null, name: 'staff', role: 'admin' };

/** Every seed key of the visits, memoranda, contracts and follow-ups a seed data tree has. */
function recordKeys(data: SeedData): Record<'visit' | 'memorandum' | 'contract' | 'followUp', string[]> {
  const files = data.articles.map((article) => article.file);
  return {
    visit: files.flatMap((f) => f.visits.map((v) => v.key)),
    memorandum: files.flatMap((f) => f.memoranda.map((m) => m.key)),
    contract: files.flatMap((f) => f.contracts.map((c) => c.key)),
    followUp: files.flatMap((f) => f.followUps.map((u) => u.key)),
  };
}

describe('upgrading a register seeded by the version before the corrections', () => {
  let t: TestApp;
  let oldData: SeedData;
  let newData: SeedData;
  let staffFollowUpId: string;

  const bySeedKey = {
    memorandum: (seedKey: string) => t.prisma.memorandum.findUniqueOrThrow({ where: { seedKey } }),
    followUp: (seedKey: string) => t.prisma.followUp.findUniqueOrThrow({ where: { seedKey } }),
    contract: (seedKey: string) => t.prisma.contract.findUniqueOrThrow({ where: { seedKey } }),
    visit: (seedKey: string) => t.prisma.visit.findUniqueOrThrow({ where: { seedKey } }),
  };

  beforeAll(async () => {
    t = await createTestApp();
    oldData = loadSeedData(OLD_SEED_DIR);
    newData = loadSeedData(SEED_DIR);
    await t.app.get(SeedService).run(OLD_SEED_DIR);

    // Staff edit a record the new version corrects (the 004 agreements, quantity 1 → 2) and one it drops (a 002 road plan).
    const agreements = await bySeedKey.memorandum('a004-agr-vko-tarbagatai');
    await t.app.get(MemorandaService).update(agreements.id, agreements.version, { titleEn: 'Agreements with Tarbagatai (checked by staff)' }, STAFF);
    const road = await bySeedKey.followUp('a002-fu-road-to-samara-border');
    await t.app.get(FollowUpsService).update(road.id, road.version, { note: 'Staff keep this one: the border road matters to the Samara desk.' }, STAFF);
    // Staff's own record points at a seeded record the new version drops (the joint-venture documents as a memorandum).
    const ventures = await bySeedKey.memorandum('a001-agr-joint-ventures');
    staffFollowUpId = (
      await t.prisma.followUp.create({
        data: { titleEn: 'Ask Tomsk about the joint ventures', memorandumId: ventures.id, status: 'planned', dueOnPrecision: 'unknown', version: 1 },
      })
    ).id;
  }, 180_000);
  afterAll(() => t.close());

  it('lands the corrections in place, retires what the new data drops, and keeps what staff edited or still use', async () => {
    const auditBefore = await t.prisma.auditEntry.count();
    const counts = await t.app.get(SeedService).run(SEED_DIR);
    const oldKeys = recordKeys(oldData);
    const newKeys = recordKeys(newData);
    const dropped = (Object.keys(oldKeys) as (keyof typeof oldKeys)[]).flatMap((model) => oldKeys[model].filter((key) => !newKeys[model].includes(key)));
    expect([...dropped].sort()).toEqual(
      [
        'a001-agr-joint-ventures',
        'a001-agr-oskemen-siberian-cities',
        'a002-fu-oral-saratov-highway',
        'a002-fu-road-to-orenburg-border',
        'a002-fu-road-to-samara-border',
        'a002-fu-road-to-southern-russia',
        'a003-fu-import-substitution',
      ].sort(),
    );
    // Two records kept as staff edited them (the 004 agreements, the Samara road); one kept because staff's follow-up
    // points at it (the joint ventures); the other five dropped records retired.
    expect(counts).toMatchObject({ keptStaffEdits: 2, keptReferenced: 1, retired: 5 });
    expect(counts.created).toBe(
      (Object.keys(newKeys) as (keyof typeof newKeys)[]).reduce((sum, model) => sum + newKeys[model].filter((key) => !oldKeys[model].includes(key)).length, 0),
    );
    expect(counts.updated).toBeGreaterThan(10);
    expect(await t.prisma.auditEntry.count()).toBeGreaterThan(auditBefore);

    // Corrections landed in place: same rows, new values, a new version that is the seed's.
    const memoranda = await bySeedKey.memorandum('a003-memo-10-memoranda');
    expect(memoranda).toMatchObject({ version: 2, seedVersion: 2, quantity: 10 });
    expect((await t.prisma.memorandumParty.findMany({ where: { memorandumId: memoranda.id } })).map((p) => p.role)).toEqual(['participant', 'participant']);
    expect(await bySeedKey.contract('a001-contract-business-agreements-8')).toMatchObject({ quantity: 6, signedOnPrecision: 'month' });
    expect(await bySeedKey.visit('a002-visit-bko-to-samara')).toMatchObject({ startDate: new Date('2018-11-01T00:00:00Z'), startDatePrecision: 'month' });
    for (const city of ['tomsk', 'novosibirsk', 'barnaul'])
      expect(await bySeedKey.memorandum(`a001-agr-oskemen-${city}`)).toMatchObject({ quantity: 1, archivedAt: null });

    // Staff edits survive, even where the new version would correct the record.
    const agreements = await bySeedKey.memorandum('a004-agr-vko-tarbagatai');
    expect(agreements).toMatchObject({ titleEn: 'Agreements with Tarbagatai (checked by staff)', quantity: 1, archivedAt: null });
    const road = await bySeedKey.followUp('a002-fu-road-to-samara-border');
    expect(road).toMatchObject({ archivedAt: null, note: 'Staff keep this one: the border road matters to the Samara desk.' });
    expect(await bySeedKey.memorandum('a001-agr-joint-ventures')).toMatchObject({ archivedAt: null });
    expect(await t.prisma.followUp.findUniqueOrThrow({ where: { id: staffFollowUpId } })).toMatchObject({ archivedAt: null });

    // Retired: archived, as a version of the seed's, with an archive entry by "seed" in the history.
    for (const key of ['a001-agr-oskemen-siberian-cities']) {
      const retired = await bySeedKey.memorandum(key);
      expect(retired.archivedAt).not.toBeNull();
      expect(retired.version).toBe(retired.seedVersion);
      expect(await t.prisma.auditEntry.count({ where: { entityId: retired.id, action: 'archive', actorName: 'seed' } })).toBe(1);
    }
    for (const key of ['a002-fu-oral-saratov-highway', 'a002-fu-road-to-orenburg-border', 'a002-fu-road-to-southern-russia', 'a003-fu-import-substitution']) {
      expect((await bySeedKey.followUp(key)).archivedAt).not.toBeNull();
    }

    // Nothing duplicated: the live seeded records are the new data's, plus the two dropped ones kept above.
    const live = { archivedAt: null, NOT: { seedKey: null } };
    expect(await t.prisma.visit.count({ where: live })).toBe(newKeys.visit.length);
    expect(await t.prisma.contract.count({ where: live })).toBe(newKeys.contract.length);
    expect(await t.prisma.memorandum.count({ where: live })).toBe(newKeys.memorandum.length + 1);
    expect(await t.prisma.followUp.count({ where: live })).toBe(newKeys.followUp.length + 1);
    expect(await t.prisma.party.count({ where: live })).toBe(newData.parties.length);
  });

  it('changes nothing on the next run, and retires the kept record once staff no longer point at it', async () => {
    const again = await t.app.get(SeedService).run(SEED_DIR);
    expect(again).toMatchObject({ created: 0, updated: 0, retired: 0, keptStaffEdits: 2, keptReferenced: 1 });

    await t.prisma.followUp.update({ where: { id: staffFollowUpId }, data: { archivedAt: new Date(), version: 2 } });
    const after = await t.app.get(SeedService).run(SEED_DIR);
    expect(after).toMatchObject({ created: 0, updated: 0, retired: 1, keptStaffEdits: 2, keptReferenced: 0 });
    expect((await bySeedKey.memorandum('a001-agr-joint-ventures')).archivedAt).not.toBeNull();
  });

  it('brings a retired record back when the seed data has its key again (seeding the old data over the new)', async () => {
    const counts = await t.app.get(SeedService).run(OLD_SEED_DIR);
    expect(counts.retired).toBeGreaterThan(0);
    const restored = await bySeedKey.memorandum('a001-agr-oskemen-siberian-cities');
    expect(restored).toMatchObject({ archivedAt: null, quantity: 3 });
    expect(restored.version).toBe(restored.seedVersion);
    expect(await bySeedKey.memorandum('a001-agr-oskemen-tomsk')).toMatchObject({ archivedAt: expect.any(Date) });
  });
});
