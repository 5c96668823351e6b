import type { DatePrecision, FollowUpStatus, Prisma } from '@prisma/client';
import { periodEnd, todayUtc } from '../domain/dates.js';

/** Statuses in which a follow-up is still to be done, and so can be overdue. */
export const OPEN_STATUSES: FollowUpStatus[] = ['planned', 'in_progress'];

/** Open, with a due date whose period has ended: due in June 2025 is overdue from 2025-07-01, due on a day from the day after. */
export function isOverdue(followUp: { dueOn: Date | null; dueOnPrecision: DatePrecision; status: FollowUpStatus }, today = todayUtc()): boolean {
  return followUp.dueOn !== null && OPEN_STATUSES.includes(followUp.status) && periodEnd(followUp.dueOn, followUp.dueOnPrecision) <= today;
}

/*
 * The same rule as a database filter. A due date is stored as the first day of its period, so "its period has ended
 * by `day`" (periodEnd(dueOn) <= day) is "dueOn is before the start of `day`'s period of the same precision": one
 * plain comparison per precision, which the (status, due_on) index serves. `unknown` with a date (never written by the
 * API) counts as a day, as periodEnd does.
 */

function periodStart(day: Date, precision: 'month' | 'year'): Date {
  return new Date(Date.UTC(day.getUTCFullYear(), precision === 'year' ? 0 : day.getUTCMonth(), 1));
}

/** Due periods that ended on or before `day` (the day after the period is `day` or earlier). */
export function dueEndedBy(day: Date): Prisma.FollowUpWhereInput {
  return {
    OR: [
      { dueOnPrecision: { in: ['day', 'unknown'] }, dueOn: { lt: day } },
      { dueOnPrecision: 'month', dueOn: { lt: periodStart(day, 'month') } },
      { dueOnPrecision: 'year', dueOn: { lt: periodStart(day, 'year') } },
    ],
  };
}

/** Due periods still running on `day` or later: the exact complement of dueEndedBy among follow-ups with a due date. */
export function dueEndsAfter(day: Date): Prisma.FollowUpWhereInput {
  return {
    OR: [
      { dueOnPrecision: { in: ['day', 'unknown'] }, dueOn: { gte: day } },
      { dueOnPrecision: 'month', dueOn: { gte: periodStart(day, 'month') } },
      { dueOnPrecision: 'year', dueOn: { gte: periodStart(day, 'year') } },
    ],
  };
}

export function overdueWhere(today = todayUtc()): Prisma.FollowUpWhereInput {
  return { AND: [{ status: { in: OPEN_STATUSES } }, dueEndedBy(today)] };
}

/** Spelled out rather than NOT(overdue): SQL's NOT over a null due date is null, which would drop undated follow-ups. */
export function notOverdueWhere(today = todayUtc()): Prisma.FollowUpWhereInput {
  return { OR: [{ status: { notIn: OPEN_STATUSES } }, { dueOn: null }, dueEndsAfter(today)] };
}

/** Open and not yet overdue, with the due period's last day at most `days` days from today. */
export function dueWithinWhere(days: number, today = todayUtc()): Prisma.FollowUpWhereInput {
  const dayAfterLimit = new Date(today);
  dayAfterLimit.setUTCDate(dayAfterLimit.getUTCDate() + days + 1);
  return { AND: [{ status: { in: OPEN_STATUSES } }, dueEndsAfter(today), dueEndedBy(dayAfterLimit)] };
}
