// Sums of money: a number, an optional multiplier and a currency word or sign, over the folded text.
import type { AmountValue, Candidate, MentionCurrency } from './mention-types.js';

const L = '\\p{L}';
/** Powers of ten by multiplier word (ru and kk spellings, with and without the abbreviating dot, and English). */
const MULTIPLIERS: { pattern: string; zeros: number }[] = [
  { pattern: `тыс(?:яч${L}*)?\\.?|мың${L}*|thousand`, zeros: 3 },
  { pattern: `млн\\.?|миллион${L}*|million|mln\\.?`, zeros: 6 },
  { pattern: `млрд\\.?|миллиард${L}*|billion|bn`, zeros: 9 },
  { pattern: `трлн\\.?|триллион${L}*|trillion`, zeros: 12 },
];
/** Currency words and signs; a bare «доллар» is the US dollar, as in every article that names one. */
const CURRENCIES: { pattern: string; currency: MentionCurrency }[] = [
  { pattern: `теңге${L}*|тенге|тг\\.?|₸|kzt|tenge`, currency: 'KZT' },
  { pattern: `(?:ақш\\s+)?доллар${L}*(?:\\s+сша)?|долл\\.|\\$|usd|(?:us\\s+)?dollars?`, currency: 'USD' },
  { pattern: `рубл${L}*|руб\\.|₽|rub|roubles?|rubles?`, currency: 'RUB' },
  { pattern: `евро|€|eur|euros?`, currency: 'EUR' },
  { pattern: `юан${L}*|юань|cny|yuan`, currency: 'CNY' },
];
const SIGNS: Record<string, MentionCurrency> = { $: 'USD', '€': 'EUR', '₽': 'RUB', '₸': 'KZT' };

const NUMBER = '(\\d{1,3}(?:[ \\u00a0]\\d{3})+|\\d+)(?:[.,](\\d+))?';
const MULTIPLIER = `(${MULTIPLIERS.map((m) => m.pattern).join('|')})`;
const CURRENCY = `(${CURRENCIES.map((c) => c.pattern).join('|')})`;
const AMOUNT_AFTER_NUMBER = new RegExp(`(?<![\\p{L}\\p{N}.,])${NUMBER}\\s*(?:${MULTIPLIER}\\s*)?${CURRENCY}(?![\\p{L}\\p{N}])`, 'gu');
const AMOUNT_AFTER_SIGN = new RegExp(`([$€₽₸])\\s*${NUMBER}(?:\\s*${MULTIPLIER})?(?![\\p{L}\\p{N}])`, 'gu');

function zerosOf(multiplier: string | undefined): number {
  if (!multiplier) return 0;
  return MULTIPLIERS.find((m) => new RegExp(`^(?:${m.pattern})$`, 'u').test(multiplier))?.zeros ?? 0;
}

function currencyOf(word: string): MentionCurrency {
  return CURRENCIES.find((c) => new RegExp(`^(?:${c.pattern})$`, 'u').test(word))?.currency ?? 'KZT';
}

/** «3,5» × 10⁹ as a decimal string ("3500000000"), exactly: no floating point. */
export function scaleDecimal(integer: string, fraction: string, zeros: number): string {
  const digits = (integer.replace(/\D/g, '') + fraction).replace(/^0+(?=\d)/, '');
  const exponent = zeros - fraction.length;
  if (exponent >= 0) return digits === '0' ? '0' : digits + '0'.repeat(exponent);
  const padded = digits.padStart(-exponent + 1, '0');
  const whole = padded.slice(0, exponent).replace(/^0+(?=\d)/, '');
  const decimals = padded.slice(exponent).replace(/0+$/, '');
  return decimals ? `${whole}.${decimals}` : whole;
}

export function findAmounts(folded: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (const match of folded.matchAll(AMOUNT_AFTER_NUMBER)) {
    const value: AmountValue = { amount: scaleDecimal(match[1], match[2] ?? '', zerosOf(match[3])), currency: currencyOf(match[4]) };
    candidates.push({ kind: 'amount', start: match.index, end: match.index + match[0].length, value, rank: 0 });
  }
  for (const match of folded.matchAll(AMOUNT_AFTER_SIGN)) {
    const value: AmountValue = { amount: scaleDecimal(match[2], match[3] ?? '', zerosOf(match[4])), currency: SIGNS[match[1]] };
    candidates.push({ kind: 'amount', start: match.index, end: match.index + match[0].length, value, rank: 0 });
  }
  return candidates;
}
