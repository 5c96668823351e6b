import type { DatePrecision } from '@prisma/client';
import { ProblemException } from '../infrastructure/errors/problem.js';

/** A date as stored: the first day of its period, with the precision saying how much of it is known. */
export interface PreciseDate {
  date: Date | null;
  precision: DatePrecision;
}

/**
 * Normalises a date and its precision from input: month/year precision keep only the period's first day;
 * `unknown` needs no date; a date with no precision counts as an exact day.
 */
export function toPreciseDate(field: string, value: string | null | undefined, precision: DatePrecision | undefined): PreciseDate {
  if (value === null || value === undefined) {
    if (precision && precision !== 'unknown') {
      throw ProblemException.validation([{ field, message: `${field} is required when ${field}Precision is ${precision}` }]);
    }
    return { date: null, precision: 'unknown' };
  }
  const effective = precision ?? 'day';
  if (effective === 'unknown') {
    throw ProblemException.validation([{ field: `${field}Precision`, message: `${field}Precision cannot be unknown when ${field} is given` }]);
  }
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, effective === 'year' ? 0 : month - 1, effective === 'day' ? day : 1));
  // Date.UTC reads years 0–99 as 1900–1999; set the year itself so "0050" stays the year 50.
  date.setUTCFullYear(year);
  return { date, precision: effective };
}

export function formatDate(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

/** The day after a period ends: a follow-up due in June 2025 is overdue from 1 July 2025. */
export function periodEnd(date: Date, precision: DatePrecision): Date {
  const end = new Date(date);
  if (precision === 'year') end.setUTCFullYear(end.getUTCFullYear() + 1);
  else if (precision === 'month') end.setUTCMonth(end.getUTCMonth() + 1);
  else end.setUTCDate(end.getUTCDate() + 1);
  return end;
}

export function todayUtc(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * The new value of a date for PATCH, or undefined when neither the date nor its precision was sent. Sending only the
 * precision re-applies it to the stored date; sending only the date makes it exact unless a precision comes with it.
 */
export function changedDate(
  field: string,
  value: string | null | undefined,
  precision: DatePrecision | undefined,
  stored: PreciseDate,
): PreciseDate | undefined {
  if (value === undefined && precision === undefined) return undefined;
  return toPreciseDate(field, value !== undefined ? value : formatDate(stored.date), precision ?? (value === undefined ? stored.precision : undefined));
}

/** A precise date as its two columns (`signedOn`, `signedOnPrecision`), or none when it did not change. */
export function dateColumns<F extends string>(
  field: F,
  value: PreciseDate | undefined,
): Partial<Record<F, Date | null> & Record<`${F}Precision`, DatePrecision>> {
  return value ? ({ [field]: value.date, [`${field}Precision`]: value.precision } as Record<F, Date | null> & Record<`${F}Precision`, DatePrecision>) : {};
}
