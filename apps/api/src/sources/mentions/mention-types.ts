import type { DatePrecision } from '@prisma/client';

export interface DirectoryEntry {
  kind: 'party' | 'person';
  id: string;
  /** nameKk, nameRu, nameEn and the aliases, nulls dropped. */
  names: string[];
}

export type MentionKind = 'party' | 'person' | 'date' | 'amount' | 'count';

/** A mention's date is never of unknown precision: it is what the text states. */
export type MentionDatePrecision = Exclude<DatePrecision, 'unknown'>;

export interface DateValue {
  /** YYYY-MM-DD, the first day of the month or year for coarser precision (as the schema stores dates). */
  date: string;
  precision: MentionDatePrecision;
}

/** The schema stores ISO 4217 codes (contract.currency CHAR(3)); these are the ones the articles' currency words name. */
export type MentionCurrency = 'KZT' | 'USD' | 'RUB' | 'EUR' | 'CNY';

export interface AmountValue {
  /** A decimal string without exponent, e.g. "60000000" or "3500000000". */
  amount: string;
  currency: MentionCurrency;
}

export interface CountValue {
  count: number;
  /** Set for "a number of agreements" (ряд, бірқатар, несколько): the seed records such plurals as at least 2. */
  atLeast?: true;
}

export interface Mention {
  kind: MentionKind;
  /** UTF-16 offsets into the text as given: text.slice(start, end) === mention.text. */
  start: number;
  end: number;
  text: string;
  partyId?: string;
  personId?: string;
  value?: DateValue | AmountValue | CountValue;
}

/** A mention before overlaps are resolved; `rank` breaks ties between candidates of the same length. */
export interface Candidate extends Omit<Mention, 'text'> {
  rank: number;
  /** A range of dates: it takes its whole span when resolving overlaps, and stands for these mentions in the result. */
  parts?: Candidate[];
}
