import type { DatePrecision, FollowUpStatus, Prisma } from '@prisma/client';
import { todayUtc, toPreciseDate } from '../domain/dates.js';
import { dueEndedBy, dueEndsAfter, dueWithinWhere, isOverdue, notOverdueWhere, OPEN_STATUSES, overdueWhere } from './follow-up.where.js';

interface Row {
  dueOn: Date | null;
  dueOnPrecision: DatePrecision;
  status: FollowUpStatus;
}

const STATUSES: FollowUpStatus[] = ['planned', 'in_progress', 'done', 'cancelled'];

const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

function addDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setUTCDate(next.getUTCDate() + days);
  return next;
}

/** A follow-up as the API stores it: the due date normalised to the first day of its period. */
function stored(dueOn: string | null, precision: DatePrecision, status: FollowUpStatus = 'planned'): Row {
  const due = toPreciseDate('dueOn', dueOn, dueOn === null ? undefined : precision);
  return { dueOn: due.date, dueOnPrecision: due.precision, status };
}

/*
 * A tiny interpreter of the Prisma where objects these builders produce, with SQL's treatment of NULL: a comparison
 * with a null column is not true. Any operator or field it does not know fails the test rather than being ignored.
 */
function same(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

function compare(value: unknown, operator: string, operand: unknown): boolean {
  if (value === null) return false;
  switch (operator) {
    case 'equals':
      return same(value, operand);
    case 'in':
      return (operand as unknown[]).some((item) => same(value, item));
    case 'notIn':
      return !(operand as unknown[]).some((item) => same(value, item));
    case 'lt':
      return (value as Date).getTime() < (operand as Date).getTime();
    case 'lte':
      return (value as Date).getTime() <= (operand as Date).getTime();
    case 'gt':
      return (value as Date).getTime() > (operand as Date).getTime();
    case 'gte':
      return (value as Date).getTime() >= (operand as Date).getTime();
    default:
      throw new Error(`the test interpreter does not know the operator ${operator}`);
  }
}

function matches(row: Row, where: Prisma.FollowUpWhereInput): boolean {
  return Object.entries(where).every(([key, condition]) => {
    if (key === 'AND') return (condition as Prisma.FollowUpWhereInput[]).every((part) => matches(row, part));
    if (key === 'OR') return (condition as Prisma.FollowUpWhereInput[]).some((part) => matches(row, part));
    if (!(key in row)) throw new Error(`the test interpreter does not know the field ${key}`);
    const value = row[key as keyof Row];
    if (condition === null) return value === null;
    if (typeof condition !== 'object' || condition instanceof Date) return compare(value, 'equals', condition);
    return Object.entries(condition as object).every(([operator, operand]) => compare(value, operator, operand));
  });
}

describe('the test interpreter', () => {
  const row = stored('2025-06-17', 'day', 'planned');

  it('applies the operators the builders use', () => {
    expect(matches(row, { status: 'planned' })).toBe(true);
    expect(matches(row, { status: 'done' })).toBe(false);
    expect(matches(row, { status: { in: ['done', 'planned'] } })).toBe(true);
    expect(matches(row, { status: { notIn: ['done', 'planned'] } })).toBe(false);
    expect(matches(row, { dueOn: { lt: utc('2025-06-18') } })).toBe(true);
    expect(matches(row, { dueOn: { lt: utc('2025-06-17') } })).toBe(false);
    expect(matches(row, { dueOn: { gte: utc('2025-06-17') } })).toBe(true);
    expect(matches(row, { dueOn: { gte: utc('2025-06-18') } })).toBe(false);
    expect(matches(row, { OR: [{ status: 'done' }, { dueOnPrecision: 'day' }] })).toBe(true);
    expect(matches(row, { AND: [{ status: 'planned' }, { dueOnPrecision: 'month' }] })).toBe(false);
  });

  it('treats comparisons with a null due date as not true, as SQL does', () => {
    const undated = stored(null, 'unknown');
    expect(matches(undated, { dueOn: { lt: utc('2999-01-01') } })).toBe(false);
    expect(matches(undated, { dueOn: { gte: utc('1900-01-01') } })).toBe(false);
    expect(matches(undated, { dueOn: null })).toBe(true);
    expect(matches(row, { dueOn: null })).toBe(false);
  });

  it('refuses operators it does not know', () => {
    expect(() => matches(row, { dueOn: { not: null } })).toThrow('operator not');
  });
});

describe('isOverdue', () => {
  it('is overdue from the day after a due day, not on it', () => {
    const followUp = stored('2025-06-30', 'day');
    expect(isOverdue(followUp, utc('2025-06-29'))).toBe(false);
    expect(isOverdue(followUp, utc('2025-06-30'))).toBe(false);
    expect(isOverdue(followUp, utc('2025-07-01'))).toBe(true);
    expect(isOverdue(followUp, utc('2026-01-01'))).toBe(true);
  });

  it('is overdue from the first of the next month for a due month, not during it', () => {
    const followUp = stored('2025-06-10', 'month');
    expect(isOverdue(followUp, utc('2025-06-01'))).toBe(false);
    expect(isOverdue(followUp, utc('2025-06-30'))).toBe(false);
    expect(isOverdue(followUp, utc('2025-07-01'))).toBe(true);
  });

  it('is overdue from 1 January of the next year for a due year', () => {
    const followUp = stored('2025-06-10', 'year');
    expect(isOverdue(followUp, utc('2025-12-31'))).toBe(false);
    expect(isOverdue(followUp, utc('2026-01-01'))).toBe(true);
  });

  it('handles leap years and February', () => {
    expect(isOverdue(stored('2024-02-28', 'day'), utc('2024-02-29'))).toBe(true);
    expect(isOverdue(stored('2024-02-29', 'day'), utc('2024-02-29'))).toBe(false);
    expect(isOverdue(stored('2024-02-29', 'day'), utc('2024-03-01'))).toBe(true);
    expect(isOverdue(stored('2024-02-01', 'month'), utc('2024-02-29'))).toBe(false);
    expect(isOverdue(stored('2024-02-01', 'month'), utc('2024-03-01'))).toBe(true);
    expect(isOverdue(stored('2025-02-01', 'month'), utc('2025-02-28'))).toBe(false);
    expect(isOverdue(stored('2025-02-01', 'month'), utc('2025-03-01'))).toBe(true);
  });

  it('is never overdue without a due date', () => {
    expect(isOverdue(stored(null, 'unknown'), utc('2999-01-01'))).toBe(false);
  });

  it('counts a date with unknown precision (never written by the API) as a day', () => {
    const followUp: Row = { dueOn: utc('2025-06-30'), dueOnPrecision: 'unknown', status: 'planned' };
    expect(isOverdue(followUp, utc('2025-06-30'))).toBe(false);
    expect(isOverdue(followUp, utc('2025-07-01'))).toBe(true);
  });

  it('is overdue only while open: planned or in progress, not done or cancelled', () => {
    expect(OPEN_STATUSES).toEqual(['planned', 'in_progress']);
    const long = utc('2030-01-01');
    expect(isOverdue(stored('2025-06-30', 'day', 'planned'), long)).toBe(true);
    expect(isOverdue(stored('2025-06-30', 'day', 'in_progress'), long)).toBe(true);
    expect(isOverdue(stored('2025-06-30', 'day', 'done'), long)).toBe(false);
    expect(isOverdue(stored('2025-06-30', 'day', 'cancelled'), long)).toBe(false);
  });

  it('measures against the current UTC day by default', () => {
    const today = todayUtc();
    const day = (offset: number): Row => ({ dueOn: addDays(today, offset), dueOnPrecision: 'day', status: 'planned' });
    expect(isOverdue(day(-1))).toBe(true);
    expect(isOverdue(day(0))).toBe(false);
    expect(isOverdue(day(1))).toBe(false);
  });
});

describe('dueWithinWhere', () => {
  const today = utc('2025-06-15');
  const within = (row: Row, days: number, day = today) => matches(row, dueWithinWhere(days, day));

  it('takes due days from today to today + days, both included', () => {
    expect(within(stored('2025-06-14', 'day'), 30)).toBe(false);
    expect(within(stored('2025-06-15', 'day'), 30)).toBe(true);
    expect(within(stored('2025-07-15', 'day'), 30)).toBe(true);
    expect(within(stored('2025-07-16', 'day'), 30)).toBe(false);
  });

  it('takes a due month or year when its last day is in the window and it is not yet overdue', () => {
    expect(within(stored('2025-05-01', 'month'), 30)).toBe(false);
    expect(within(stored('2025-06-01', 'month'), 30)).toBe(true);
    expect(within(stored('2025-07-01', 'month'), 30)).toBe(false);
    expect(within(stored('2025-07-01', 'month'), 46)).toBe(true);
    // 2025-06-15 + 199 days is 2025-12-31, the last day of 2025.
    expect(within(stored('2025-01-01', 'year'), 198)).toBe(false);
    expect(within(stored('2025-01-01', 'year'), 199)).toBe(true);
  });

  it('with 0 days takes only what ends today', () => {
    const lastOfJune = utc('2025-06-30');
    expect(within(stored('2025-06-30', 'day'), 0, lastOfJune)).toBe(true);
    expect(within(stored('2025-06-01', 'month'), 0, lastOfJune)).toBe(true);
    expect(within(stored('2025-07-01', 'day'), 0, lastOfJune)).toBe(false);
    expect(within(stored('2025-06-29', 'day'), 0, lastOfJune)).toBe(false);
  });

  it('leaves out closed and undated follow-ups', () => {
    expect(within(stored('2025-06-20', 'day', 'done'), 30)).toBe(false);
    expect(within(stored('2025-06-20', 'day', 'cancelled'), 30)).toBe(false);
    expect(within(stored('2025-06-20', 'day', 'in_progress'), 30)).toBe(true);
    expect(within(stored(null, 'unknown'), 30)).toBe(false);
  });
});

/*
 * The database filters must say exactly what isOverdue says. Sample follow-ups: every day from late 2023 to early
 * 2026 with each precision (normalised as the API stores them), an unknown precision with a date, and undated ones;
 * each in every status. Checked against days around month, year and leap-day boundaries.
 */
describe('the where builders agree with isOverdue', () => {
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (let day = utc('2023-11-25'); day <= utc('2026-02-05'); day = addDays(day, 1)) {
    const iso = day.toISOString().slice(0, 10);
    for (const status of STATUSES) {
      for (const precision of ['day', 'month', 'year'] as const) {
        const row = stored(iso, precision, status);
        const key = `${row.dueOn!.toISOString()} ${row.dueOnPrecision} ${row.status}`;
        if (!seen.has(key)) rows.push(row);
        seen.add(key);
      }
      rows.push({ dueOn: day, dueOnPrecision: 'unknown', status });
    }
  }
  for (const status of STATUSES) rows.push(stored(null, 'unknown', status));

  const days = [
    '2023-12-31',
    '2024-01-01',
    '2024-02-28',
    '2024-02-29',
    '2024-03-01',
    '2024-12-31',
    '2025-01-01',
    '2025-02-28',
    '2025-03-01',
    '2025-06-15',
    '2025-06-30',
    '2025-07-01',
    '2025-12-31',
    '2026-01-01',
  ].map(utc);
  const cases = days.map((day): [string, Date] => [day.toISOString().slice(0, 10), day]);

  it('has samples of every kind', () => {
    expect(rows.filter((row) => row.dueOnPrecision === 'month').length).toBe(28 * STATUSES.length);
    expect(rows.filter((row) => row.dueOnPrecision === 'year').length).toBe(4 * STATUSES.length);
    expect(rows.filter((row) => row.dueOn === null).length).toBe(STATUSES.length);
    // Both outcomes occur on every day checked, so agreement is not reached by both sides saying "no".
    for (const day of days) {
      const overdue = rows.filter((row) => isOverdue(row, day)).length;
      expect(overdue).toBeGreaterThan(0);
      expect(overdue).toBeLessThan(rows.length);
    }
  });

  it.each(cases)('overdueWhere and notOverdueWhere on %s', (_label, day) => {
    const disagreements = rows.filter((row) => matches(row, overdueWhere(day)) !== isOverdue(row, day));
    expect(disagreements).toEqual([]);
    const notComplement = rows.filter((row) => matches(row, notOverdueWhere(day)) === matches(row, overdueWhere(day)));
    expect(notComplement).toEqual([]);
  });

  it.each(cases)('dueEndedBy and dueEndsAfter on %s', (_label, day) => {
    const undated = rows.filter((row) => row.dueOn === null);
    expect(undated.filter((row) => matches(row, dueEndedBy(day)) || matches(row, dueEndsAfter(day)))).toEqual([]);
    // These two ignore the status: they say whether the due period has ended, as isOverdue does for an open follow-up.
    const dated = rows.filter((row) => row.dueOn !== null);
    const hasEnded = (row: Row) => isOverdue({ ...row, status: 'planned' }, day);
    expect(dated.filter((row) => matches(row, dueEndedBy(day)) !== hasEnded(row))).toEqual([]);
    expect(dated.filter((row) => matches(row, dueEndsAfter(day)) === hasEnded(row))).toEqual([]);
  });

  it.each(cases)('dueWithinWhere on %s', (_label, day) => {
    for (const window of [0, 1, 7, 30, 31, 365]) {
      // Due within the window: not overdue today, but overdue on the day after the window's last day.
      const expected = (row: Row) => row.dueOn !== null && !isOverdue(row, day) && isOverdue(row, addDays(day, window + 1));
      const where = dueWithinWhere(window, day);
      const disagreements = rows.filter((row) => matches(row, where) !== expected(row));
      expect({ window, disagreements }).toEqual({ window, disagreements: [] });
      expect(rows.some((row) => matches(row, where))).toBe(true);
    }
  });

  it('default to the current UTC day', () => {
    const today = todayUtc();
    const yesterday: Row = { dueOn: addDays(today, -1), dueOnPrecision: 'day', status: 'planned' };
    const dueToday: Row = { dueOn: today, dueOnPrecision: 'day', status: 'planned' };
    expect(matches(yesterday, overdueWhere())).toBe(true);
    expect(matches(dueToday, overdueWhere())).toBe(false);
    expect(matches(dueToday, notOverdueWhere())).toBe(true);
    expect(matches(dueToday, dueWithinWhere(0))).toBe(true);
    expect(matches(yesterday, dueWithinWhere(30))).toBe(false);
  });
});
