import type { FollowUpStatus } from '@prisma/client';
import request from 'supertest';
import { bearer, createParty } from '../../../../test/support/fixtures.js';
import { dayFromToday, insertContract, insertMemorandum, monthFromThis } from '../../../../test/support/records.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { FollowUpsReportDto, MemorandaReportDto } from './report.dto.js';

const ZERO = { count: 0, quantity: 0 };

describe('/api/v1/reports', () => {
  let t: TestApp;
  let read: string;
  let kz: { id: string };
  let vko: { id: string };
  let oskemen: { id: string };
  let plant: { id: string };
  let sko: { id: string };
  let samara: { id: string };
  const server = () => t.app.getHttpServer();

  /*
   * Memoranda (parties → regions):
   *   m1 2016-06-10 signed      q10 industry, trade  VKO, SKO          → VKO, SKO
   *   m2 2017-05    draft       q1  trade            Oskemen, Samara   → VKO (via Oskemen), Samara
   *   m3 undated    in_progress q2  —                Plant, Oskemen    → VKO once (both under it)
   *   m4 archived                                    VKO               → not counted anywhere
   *   m5 2016       fulfilled   q3  culture          Samara            → Samara
   */
  beforeAll(async () => {
    t = await createTestApp();
    read = await bearer(t, 'read');
    kz = await createParty(t, { kind: 'country', nameRu: 'Казахстан' });
    vko = await createParty(t, { nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', parentId: kz.id });
    oskemen = await createParty(t, { kind: 'city', nameRu: 'Усть-Каменогорск', parentId: vko.id });
    plant = await createParty(t, { kind: 'organisation', nameRu: 'Металлургический завод', parentId: oskemen.id });
    sko = await createParty(t, { nameRu: 'Северо-Казахстанская область', parentId: kz.id });
    samara = await createParty(t, { nameRu: 'Самарская область' });
    await t.prisma.party.update({ where: { id: samara.id }, data: { kind: 'foreign_region', countryCode: 'RU' } });

    await insertMemorandum(t, {
      titleRu: 'm1',
      signedOn: '2016-06-10',
      status: 'signed',
      quantity: 10,
      spheres: ['industry', 'trade'],
      partyIds: [vko.id, sko.id],
    });
    const m2 = await insertMemorandum(t, {
      titleRu: 'm2',
      signedOn: '2017-05-01',
      signedOnPrecision: 'month',
      status: 'draft',
      quantity: 1,
      spheres: ['trade'],
      partyIds: [oskemen.id, samara.id],
    });
    await insertMemorandum(t, { titleRu: 'm3', status: 'in_progress', quantity: 2, partyIds: [plant.id, oskemen.id] });
    await insertMemorandum(t, {
      titleRu: 'm4',
      status: 'signed',
      quantity: 100,
      spheres: ['trade'],
      signedOn: '2016-01-01',
      partyIds: [vko.id],
      archived: true,
    });
    await insertMemorandum(t, {
      titleRu: 'm5',
      signedOn: '2016-01-01',
      signedOnPrecision: 'year',
      status: 'fulfilled',
      quantity: 3,
      spheres: ['culture'],
      partyIds: [samara.id],
    });

    /*
     * Follow-ups, all but f6 linked to a contract without parties so that only the responsible party places them:
     *   f1 planned      due yesterday        VKO     open, overdue
     *   f2 in_progress  due in 10 days       VKO     open, due soon
     *   f3 planned      due in 31 days       SKO     open
     *   f4 done         due yesterday        SKO     —
     *   f5 planned      due last month       Samara  open, overdue
     *   f6 planned      undated, m2's link   —       open (in VKO's region through m2's Oskemen)
     *   f7 archived     due yesterday        VKO     —
     *   f8 planned      due today            Samara  open, due soon
     *   f9 planned      due in 30 days       SKO     open, due soon
     *   f10 planned     due this month       SKO     open, due soon (its month ends within 30 days)
     */
    const contract = await insertContract(t, { titleRu: 'Без сторон' });
    const followUps: {
      titleRu: string;
      status: FollowUpStatus;
      dueOn?: string;
      dueOnPrecision?: 'month';
      responsiblePartyId?: string;
      memorandumId?: string;
      contractId?: null;
      archivedAt?: Date;
    }[] = [
      { titleRu: 'f1', status: 'planned', dueOn: dayFromToday(-1), responsiblePartyId: vko.id },
      { titleRu: 'f2', status: 'in_progress', dueOn: dayFromToday(10), responsiblePartyId: vko.id },
      { titleRu: 'f3', status: 'planned', dueOn: dayFromToday(31), responsiblePartyId: sko.id },
      { titleRu: 'f4', status: 'done', dueOn: dayFromToday(-1), responsiblePartyId: sko.id },
      { titleRu: 'f5', status: 'planned', dueOn: monthFromThis(-1), dueOnPrecision: 'month', responsiblePartyId: samara.id },
      { titleRu: 'f6', status: 'planned', memorandumId: m2.id, contractId: null },
      { titleRu: 'f7', status: 'planned', dueOn: dayFromToday(-1), responsiblePartyId: vko.id, archivedAt: new Date() },
      { titleRu: 'f8', status: 'planned', dueOn: dayFromToday(0), responsiblePartyId: samara.id },
      { titleRu: 'f9', status: 'planned', dueOn: dayFromToday(30), responsiblePartyId: sko.id },
      { titleRu: 'f10', status: 'planned', dueOn: monthFromThis(0), dueOnPrecision: 'month', responsiblePartyId: sko.id },
    ];
    for (const { dueOn, dueOnPrecision, ...followUp } of followUps) {
      await t.prisma.followUp.create({
        data: {
          contractId: contract.id,
          ...followUp,
          dueOn: dueOn ? new Date(`${dueOn}T00:00:00Z`) : null,
          dueOnPrecision: dueOn ? (dueOnPrecision ?? 'day') : 'unknown',
        },
      });
    }
  });
  afterAll(() => t.close());

  async function memoranda(query: Record<string, string | number> = {}): Promise<MemorandaReportDto> {
    return (await request(server()).get('/api/v1/reports/memoranda').query(query).set('Authorization', read).expect(200)).body as MemorandaReportDto;
  }

  async function followUps(query: Record<string, string> = {}): Promise<FollowUpsReportDto> {
    return (await request(server()).get('/api/v1/reports/follow-ups').query(query).set('Authorization', read).expect(200)).body as FollowUpsReportDto;
  }

  const tallies = (rows: { partyId: string; count: number; quantity: number }[]) =>
    Object.fromEntries(rows.map((row) => [row.partyId, { count: row.count, quantity: row.quantity }]));

  it('counts non-archived memoranda and their documents by status, party, region, sphere and year', async () => {
    const body = await memoranda();
    expect(body.total).toEqual({ count: 4, quantity: 16 });
    expect(body.byStatus).toEqual([
      { status: 'draft', count: 1, quantity: 1 },
      { status: 'signed', count: 1, quantity: 10 },
      { status: 'in_progress', count: 1, quantity: 2 },
      { status: 'stalled', ...ZERO },
      { status: 'fulfilled', count: 1, quantity: 3 },
      { status: 'terminated', ...ZERO },
      { status: 'expired', ...ZERO },
    ]);
    expect(tallies(body.byParty)).toEqual({
      [vko.id]: { count: 1, quantity: 10 },
      [sko.id]: { count: 1, quantity: 10 },
      [oskemen.id]: { count: 2, quantity: 3 },
      [samara.id]: { count: 2, quantity: 4 },
      [plant.id]: { count: 1, quantity: 2 },
    });
    expect(body.byParty.slice(0, 2).map((row: { partyId: string }) => row.partyId)).toEqual([samara.id, oskemen.id]);
    expect(body.byParty.find((row: { partyId: string }) => row.partyId === vko.id)).toMatchObject({
      kind: 'region',
      name: { ru: 'Восточно-Казахстанская область', kk: 'Шығыс Қазақстан облысы', en: null },
    });
    expect(body.byRegion).toEqual([
      { partyId: vko.id, kind: 'region', name: { ru: 'Восточно-Казахстанская область', kk: 'Шығыс Қазақстан облысы', en: null }, count: 3, quantity: 13 },
      { partyId: samara.id, kind: 'foreign_region', name: { ru: 'Самарская область', kk: null, en: null }, count: 2, quantity: 4 },
      { partyId: sko.id, kind: 'region', name: { ru: 'Северо-Казахстанская область', kk: null, en: null }, count: 1, quantity: 10 },
    ]);
    const spheres = Object.fromEntries(
      body.bySphere.map((row: { sphere: string; count: number; quantity: number }) => [row.sphere, { count: row.count, quantity: row.quantity }]),
    );
    expect(spheres).toMatchObject({
      industry: { count: 1, quantity: 10 },
      trade: { count: 2, quantity: 11 },
      culture: { count: 1, quantity: 3 },
      energy: ZERO,
    });
    expect(body.bySphere).toHaveLength(12);
    expect(body.byYear).toEqual([
      { year: '2016', count: 2, quantity: 13 },
      { year: '2017', count: 1, quantity: 1 },
      { year: 'unknown', count: 1, quantity: 2 },
    ]);
  });

  it('narrows the memoranda counts to a region, a year or a date range', async () => {
    const region = await memoranda({ region: vko.id });
    expect(region.total).toEqual({ count: 3, quantity: 13 });
    expect(region.byYear).toEqual([
      { year: '2016', count: 1, quantity: 10 },
      { year: '2017', count: 1, quantity: 1 },
      { year: 'unknown', count: 1, quantity: 2 },
    ]);
    expect((await memoranda({ region: oskemen.id })).total).toEqual({ count: 2, quantity: 3 });
    expect((await memoranda({ region: kz.id })).total).toEqual({ count: 3, quantity: 13 });
    expect((await memoranda({ region: '00000000-0000-4000-8000-000000000000' })).total).toEqual(ZERO);

    const year = await memoranda({ year: 2016 });
    expect(year.total).toEqual({ count: 2, quantity: 13 });
    expect(tallies(year.byRegion)).toEqual({
      [vko.id]: { count: 1, quantity: 10 },
      [sko.id]: { count: 1, quantity: 10 },
      [samara.id]: { count: 1, quantity: 3 },
    });

    const range = await memoranda({ from: '2016-06-01', to: '2017-12-31' });
    expect(range.total).toEqual({ count: 2, quantity: 11 });
    expect(range.byStatus.filter((row: { count: number }) => row.count > 0).map((row: { status: string }) => row.status)).toEqual(['draft', 'signed']);
    expect((await memoranda({ year: 2017, region: samara.id })).total).toEqual({ count: 1, quantity: 1 });
  });

  it('counts open, overdue and soon-due follow-ups, in total and per responsible party', async () => {
    const body = await followUps();
    expect(body).toEqual({
      asOf: dayFromToday(0),
      open: 8,
      overdue: 2,
      dueNext30Days: 4,
      byResponsibleParty: [
        { partyId: sko.id, name: { ru: 'Северо-Казахстанская область', kk: null, en: null }, open: 3, overdue: 0 },
        { partyId: vko.id, name: { ru: 'Восточно-Казахстанская область', kk: 'Шығыс Қазақстан облысы', en: null }, open: 2, overdue: 1 },
        { partyId: samara.id, name: { ru: 'Самарская область', kk: null, en: null }, open: 2, overdue: 1 },
      ],
    });
  });

  it('narrows the follow-up counts to a region, through responsible parties and linked records', async () => {
    const body = await followUps({ region: vko.id });
    expect(body).toMatchObject({ open: 3, overdue: 1, dueNext30Days: 1 });
    expect(body.byResponsibleParty).toEqual([expect.objectContaining({ partyId: vko.id, open: 2, overdue: 1 })]);
    expect(await followUps({ region: kz.id })).toMatchObject({ open: 6, overdue: 1, dueNext30Days: 3 });
  });

  it('narrows the follow-up counts to the year they are due in', async () => {
    // Every dated follow-up above is due within a month or so of today, so the years around this one share them out;
    // f6 has no due date and counts in no year.
    const thisYear = new Date().getUTCFullYear();
    const years = await Promise.all([thisYear - 1, thisYear, thisYear + 1].map((year) => followUps({ year: String(year) })));
    expect(years.reduce((sum, report) => sum + report.open, 0)).toBe(7);
    expect(years.reduce((sum, report) => sum + report.overdue, 0)).toBe(2);
    expect(await followUps({ year: String(thisYear + 5) })).toMatchObject({ open: 0, overdue: 0, dueNext30Days: 0, byResponsibleParty: [] });
  });

  it('rejects bad filters and needs a key', async () => {
    for (const query of ['year=16', 'year=abc', 'from=2016-13-01', 'to=yesterday', 'region=x', 'colour=red', 'limit=10']) {
      await request(server()).get(`/api/v1/reports/memoranda?${query}`).set('Authorization', read).expect(400);
    }
    for (const query of ['year=1899', 'year=abc', 'from=2016-01-01', 'region=x']) {
      await request(server()).get(`/api/v1/reports/follow-ups?${query}`).set('Authorization', read).expect(400);
    }
    await request(server()).get('/api/v1/reports/memoranda').expect(401);
  });
});
