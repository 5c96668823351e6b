import { Prisma } from '@prisma/client';
import { ValidateBy, type ValidationArguments } from 'class-validator';

/** The column is DECIMAL(20, 2). */
const MAX_INTEGER_DIGITS = 18;
const MAX_DECIMAL_PLACES = 2;
/** Any decimal of up to 15 significant digits survives the trip through a JSON number (an IEEE double) unchanged. */
const EXACT_JSON_DIGITS = 15;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Why a value cannot be a contract amount, or undefined when it can. */
export function amountProblem(value: unknown): string | undefined {
  let amount: Prisma.Decimal;
  if (typeof value === 'string') {
    if (!DECIMAL_TEXT.test(value)) return 'must be a decimal number such as "60000000.50"';
    amount = new Prisma.Decimal(value);
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    amount = new Prisma.Decimal(value);
    // JSON.parse has already rounded a longer number, so the value here may not be what the client sent.
    if (amount.sd(true) > EXACT_JSON_DIGITS) {
      return `has more than ${EXACT_JSON_DIGITS} digits, more than a JSON number carries exactly: send it as a string, e.g. "${amount.toFixed()}"`;
    }
  } else {
    return 'must be a number or a decimal string such as "60000000.50"';
  }
  if (amount.isNegative() && !amount.isZero()) return 'must not be negative';
  if (amount.decimalPlaces() > MAX_DECIMAL_PLACES) return `must have at most ${MAX_DECIMAL_PLACES} decimal places`;
  if (amount.trunc().abs().toFixed().length > MAX_INTEGER_DIGITS) return `must have at most ${MAX_INTEGER_DIGITS} digits before the decimal point`;
  return undefined;
}

/** Validates an amount sent as a JSON number or a decimal string (for amounts a double cannot hold exactly). */
export function IsAmount(): PropertyDecorator {
  return ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value: unknown) => amountProblem(value) === undefined,
      defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'amount'} ${amountProblem(args?.value)}`,
    },
  });
}

/** A validated amount as stored; null clears it. abs() only turns a -0 that passed validation into 0. */
export function toAmount(value: string | number | null | undefined): Prisma.Decimal | null {
  return value === null || value === undefined ? null : new Prisma.Decimal(value).abs();
}
