import request from 'supertest';
import { bearer, createParty } from '../../../../test/support/fixtures.js';
import { feedSettled } from '../../../../test/support/change-feed.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { OverdueAnnouncer } from './overdue-announcer.js';

/** A date `days` from today (UTC), as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

describe('follow_up.overdue', () => {
  let t: TestApp;
  let write: string;
  let memorandumId: string;
  const server = () => t.app.getHttpServer();
  const announcer = () => t.app.get(OverdueAnnouncer);

  beforeAll(async () => {
    // The job's loop is off (WEBHOOK_WORKERS false): the test runs its rounds itself.
    t = await createTestApp();
    write = await bearer(t, 'write');
    const party = await createParty(t, { nameEn: 'Overdue Counterpart LLP', kind: 'organisation' });
    const memorandum = await request(server())
      .post('/api/v1/memoranda')
      .set('Authorization', write)
      .send({ titleEn: 'Promises', parties: [{ partyId: party.id }] })
      .expect(201);
    memorandumId = memorandum.body.id as string;
  });
  afterAll(() => t.close());

  const createFollowUp = async (fields: Record<string, unknown>) =>
    (
      await request(server())
        .post('/api/v1/follow-ups')
        .set('Authorization', write)
        .send({ titleEn: 'A promise', memorandumId, ...fields })
        .expect(201)
    ).body as { id: string; version: number };
  const overdueEvents = () => t.prisma.changeEvent.findMany({ where: { type: 'follow_up.overdue' }, orderBy: { id: 'asc' } });

  it('announces each open follow-up whose due period has ended, once, also with two rounds racing', async () => {
    const lastWeek = await createFollowUp({ dueOn: dayFromToday(-7), dueOnPrecision: 'day' });
    const yesterdayInProgress = await createFollowUp({ dueOn: dayFromToday(-1), dueOnPrecision: 'day', status: 'in_progress' });
    await createFollowUp({ dueOn: dayFromToday(0), dueOnPrecision: 'day' }); // due today: not yet
    await createFollowUp({ dueOn: dayFromToday(30), dueOnPrecision: 'day' });
    await createFollowUp({ dueOn: dayFromToday(-7), dueOnPrecision: 'day', status: 'done' });
    await createFollowUp({ dueOn: dayFromToday(-7), dueOnPrecision: 'day', status: 'cancelled' });
    await createFollowUp({ titleEn: 'Undated' });
    const archived = await createFollowUp({ dueOn: dayFromToday(-7), dueOnPrecision: 'day' });
    await request(server()).delete(`/api/v1/follow-ups/${archived.id}`).set('Authorization', write).set('If-Match', '"1"').expect(200);

    const rounds = await Promise.all([announcer().announceAll(), announcer().announceAll(), announcer().announceAll()]);
    expect(rounds.reduce((sum, count) => sum + count, 0)).toBe(2);
    const events = await overdueEvents();
    expect(events.map((event) => event.recordId).sort()).toEqual([lastWeek.id, yesterdayInProgress.id].sort());
    expect(events[0]).toMatchObject({ recordType: 'follow_up', version: 1, actor: { type: 'system', id: null, name: 'overdue-check' } });
    expect(events.find((event) => event.recordId === lastWeek.id)?.changes).toEqual({
      overdue: { from: false, to: true },
      dueOn: { from: dayFromToday(-7), to: dayFromToday(-7) },
    });
    // The feed serves it like any other event, and its type is a filter.
    await feedSettled(t);
    const feed = await request(server()).get('/api/v1/changes').query({ types: 'follow_up.overdue' }).set('Authorization', write).expect(200);
    expect(feed.body.data).toHaveLength(2);

    expect(await announcer().announceAll()).toBe(0);
    // The record itself did not change: no version, no history entry, no updatedAt.
    const read = await request(server()).get(`/api/v1/follow-ups/${lastWeek.id}`).set('Authorization', write).expect(200);
    expect(read.body.version).toBe(1);
  });

  it('announces again when the due date is moved and that one passes too, and a month only once it has ended', async () => {
    const moved = await createFollowUp({ dueOn: dayFromToday(-3), dueOnPrecision: 'day' });
    expect(await announcer().announceAll()).toBe(1);
    await request(server())
      .patch(`/api/v1/follow-ups/${moved.id}`)
      .set('Authorization', write)
      .set('If-Match', '"1"')
      .send({ dueOn: dayFromToday(-2) })
      .expect(200);
    expect(await announcer().announceAll()).toBe(1);
    expect((await overdueEvents()).filter((event) => event.recordId === moved.id).map((event) => event.version)).toEqual([1, 2]);

    const month = new Date();
    const lastMonth = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    const thisMonth = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1)).toISOString().slice(0, 10);
    const dueLastMonth = await createFollowUp({ dueOn: lastMonth, dueOnPrecision: 'month' });
    await createFollowUp({ dueOn: thisMonth, dueOnPrecision: 'month' });
    expect(await announcer().announceAll()).toBe(1);
    expect((await overdueEvents()).at(-1)?.recordId).toBe(dueLastMonth.id);
  });
});
