import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { formatDate, periodEnd, todayUtc, toPreciseDate } from './dates.js';

const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** The problem toPreciseDate throws, or a failure if it throws nothing or something else. */
function problemOf(run: () => unknown): ProblemException['problem'] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    return (error as ProblemException).problem;
  }
  throw new Error('expected a ProblemException');
}

describe('toPreciseDate', () => {
  it('keeps an exact day as given, at UTC midnight', () => {
    expect(toPreciseDate('dueOn', '2025-06-17', 'day')).toEqual({ date: utc('2025-06-17'), precision: 'day' });
  });

  it('reads a date without precision as an exact day', () => {
    expect(toPreciseDate('dueOn', '2025-06-17', undefined)).toEqual({ date: utc('2025-06-17'), precision: 'day' });
  });

  it('keeps only the first day of the month for month precision', () => {
    expect(toPreciseDate('dueOn', '2025-06-17', 'month')).toEqual({ date: utc('2025-06-01'), precision: 'month' });
    expect(toPreciseDate('dueOn', '2025-12-31', 'month')).toEqual({ date: utc('2025-12-01'), precision: 'month' });
    expect(toPreciseDate('dueOn', '2024-02-29', 'month')).toEqual({ date: utc('2024-02-01'), precision: 'month' });
  });

  it('keeps only 1 January for year precision', () => {
    expect(toPreciseDate('dueOn', '2025-06-17', 'year')).toEqual({ date: utc('2025-01-01'), precision: 'year' });
    expect(toPreciseDate('dueOn', '2025-12-31', 'year')).toEqual({ date: utc('2025-01-01'), precision: 'year' });
  });

  it('keeps leap days and month ends of an exact day', () => {
    expect(formatDate(toPreciseDate('dueOn', '2024-02-29', 'day').date)).toBe('2024-02-29');
    expect(formatDate(toPreciseDate('dueOn', '2025-02-28', 'day').date)).toBe('2025-02-28');
    expect(formatDate(toPreciseDate('dueOn', '2025-12-31', 'day').date)).toBe('2025-12-31');
    expect(formatDate(toPreciseDate('dueOn', '2025-01-01', 'day').date)).toBe('2025-01-01');
  });

  it('gives no date and unknown precision when the value is missing and so is the precision', () => {
    expect(toPreciseDate('dueOn', null, undefined)).toEqual({ date: null, precision: 'unknown' });
    expect(toPreciseDate('dueOn', undefined, undefined)).toEqual({ date: null, precision: 'unknown' });
    expect(toPreciseDate('dueOn', null, 'unknown')).toEqual({ date: null, precision: 'unknown' });
  });

  it.each(['day', 'month', 'year'] as const)('refuses a missing value with %s precision: 400 naming the date field', (precision) => {
    for (const value of [null, undefined]) {
      const problem = problemOf(() => toPreciseDate('signedOn', value, precision));
      expect(problem).toMatchObject({ status: HttpStatus.BAD_REQUEST, type: ProblemType.validation });
      expect(problem.errors).toEqual([{ field: 'signedOn', message: `signedOn is required when signedOnPrecision is ${precision}` }]);
    }
  });

  it('refuses a value with unknown precision: 400 naming the precision field', () => {
    const problem = problemOf(() => toPreciseDate('dueOn', '2025-06-17', 'unknown'));
    expect(problem).toMatchObject({ status: HttpStatus.BAD_REQUEST, type: ProblemType.validation });
    expect(problem.errors).toEqual([{ field: 'dueOnPrecision', message: 'dueOnPrecision cannot be unknown when dueOn is given' }]);
  });

  // The DTOs (IsCalendarDate) accept any four-digit year, but Date.UTC reads years 0-99 as 1900-1999:
  // 0050-06-01 is stored as 1950-06-01. Fails until toPreciseDate builds the date with setUTCFullYear (or the DTOs
  // refuse such years).
  it('keeps a year below 100 as given instead of moving it to the 1900s', () => {
    expect(formatDate(toPreciseDate('dueOn', '0050-06-01', 'day').date)).toBe('0050-06-01');
  });
});

describe('formatDate', () => {
  it('gives the UTC calendar day as YYYY-MM-DD', () => {
    expect(formatDate(utc('2025-06-01'))).toBe('2025-06-01');
    expect(formatDate(new Date('2025-06-01T23:59:59.999Z'))).toBe('2025-06-01');
    expect(formatDate(new Date('2025-06-01T23:30:00-05:00'))).toBe('2025-06-02');
  });

  it('gives null for no date', () => {
    expect(formatDate(null)).toBeNull();
  });

  it('round-trips what toPreciseDate stores', () => {
    for (const value of ['2024-02-29', '2025-12-31', '1999-01-01']) {
      expect(formatDate(toPreciseDate('dueOn', value, 'day').date)).toBe(value);
    }
  });
});

describe('periodEnd (the day after the period)', () => {
  it.each([
    ['2025-06-17', '2025-06-18'],
    ['2025-06-30', '2025-07-01'],
    ['2025-12-31', '2026-01-01'],
    ['2024-02-28', '2024-02-29'],
    ['2024-02-29', '2024-03-01'],
    ['2025-02-28', '2025-03-01'],
  ])('is the next day for a day: %s → %s', (date, end) => {
    expect(periodEnd(utc(date), 'day')).toEqual(utc(end));
  });

  it('counts unknown precision as a day', () => {
    expect(periodEnd(utc('2025-06-30'), 'unknown')).toEqual(utc('2025-07-01'));
  });

  it.each([
    ['2025-06-01', '2025-07-01'],
    ['2025-01-01', '2025-02-01'],
    ['2025-02-01', '2025-03-01'],
    ['2024-02-01', '2024-03-01'],
    ['2025-12-01', '2026-01-01'],
  ])('is the first of the next month for a month: %s → %s', (date, end) => {
    expect(periodEnd(utc(date), 'month')).toEqual(utc(end));
  });

  it.each([
    ['2025-01-01', '2026-01-01'],
    ['2024-01-01', '2025-01-01'],
    ['1999-01-01', '2000-01-01'],
  ])('is 1 January of the next year for a year: %s → %s', (date, end) => {
    expect(periodEnd(utc(date), 'year')).toEqual(utc(end));
  });

  it('does not change the date it is given', () => {
    const date = utc('2025-06-30');
    periodEnd(date, 'month');
    periodEnd(date, 'year');
    periodEnd(date, 'day');
    expect(date).toEqual(utc('2025-06-30'));
  });
});

describe('todayUtc', () => {
  it('is the UTC calendar day of the moment given, at midnight', () => {
    expect(todayUtc(new Date('2025-06-17T15:42:07.123Z'))).toEqual(utc('2025-06-17'));
    expect(todayUtc(new Date('2025-06-17T00:00:00.000Z'))).toEqual(utc('2025-06-17'));
    expect(todayUtc(new Date('2025-06-17T23:59:59.999Z'))).toEqual(utc('2025-06-17'));
  });

  it('takes the UTC day, not the local one, for moments given with an offset', () => {
    expect(todayUtc(new Date('2025-06-30T23:30:00-05:00'))).toEqual(utc('2025-07-01'));
    expect(todayUtc(new Date('2026-01-01T01:00:00+05:00'))).toEqual(utc('2025-12-31'));
  });

  it('defaults to the current UTC day', () => {
    const before = todayUtc(new Date());
    const today = todayUtc();
    const after = todayUtc(new Date());
    expect([before.getTime(), after.getTime()]).toContain(today.getTime());
    expect(today.getUTCHours() + today.getUTCMinutes() + today.getUTCSeconds() + today.getUTCMilliseconds()).toBe(0);
  });
});
