// Folding for matching only: every function here maps one UTF-16 unit to one, so an offset into the folded text is an
// offset into the original text too (mentions slice the original).

/** Latin letters that Kazakh and Russian sites type in place of the Cyrillic ones they look like (after lower-casing). */
const LATIN_LOOK_ALIKES: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', k: 'к', m: 'м', t: 'т', b: 'в', h: 'н' };
const CYRILLIC = /[\u0400-\u04ff]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function lowerUnit(unit: string): string {
  const lower = unit.toLowerCase();
  // İ lower-cases to two units; keeping the unit keeps offsets aligned, and such letters do not occur in the names.
  const single = lower.length === 1 ? lower : unit;
  return single === 'ё' ? 'е' : single;
}

/**
 * Lower-cases, folds ё to е, and folds Latin look-alikes to Cyrillic inside words that also hold Cyrillic letters
 * («Солтүстiк» with a Latin i). Words written wholly in Latin stay Latin: they are English names (Daewoo Bus).
 */
export function foldText(text: string): string {
  const units = Array.from({ length: text.length }, (_, index) => lowerUnit(text[index]));
  let wordStart = 0;
  for (let index = 0; index <= text.length; index++) {
    if (index < text.length && LETTER_OR_DIGIT.test(text[index])) continue;
    if (index > wordStart && CYRILLIC.test(text.slice(wordStart, index))) {
      for (let unit = wordStart; unit < index; unit++) units[unit] = LATIN_LOOK_ALIKES[units[unit]] ?? units[unit];
    }
    wordStart = index + 1;
  }
  return units.join('');
}

export interface Token {
  start: number;
  end: number;
  /** Folded letters of the word; for a word an OCR split into fragments, the fragments' letters joined. */
  norm: string;
  /** The original spelling of the letters (without the spaces of an OCR split), to check capitals. */
  raw: string;
}

// One- and two-letter words that stand alone in Russian or Kazakh; any other fragment this short is a piece of a word
// that a scanned newspaper's OCR split (article 004: «Ш ығыс Қазақстан», «Ж ан Янды», «Ш әуеш ек»).
const SHORT_WORDS = new Set(
  (
    'а в и к о с у я ә е ' +
    'во до за из ко на не ни но об от по со то же бы ли ну мы вы он их ей им уж да ой из-за ' +
    'де ол ең ал әр еш ау ия иә ма ме ба бе па пе та те ғой ол' +
    ' of in on at to by an as is or and the'
  ).split(/\s+/),
);

function isFragment(norm: string): boolean {
  return /^\p{L}{1,2}$/u.test(norm) && !SHORT_WORDS.has(norm);
}

const VOWELS = /^[аәеиоөұүыіэюяё]$/;

/**
 * Which way an OCR fragment belongs: a capital or a single consonant begins a word (Ш ығыс, Ж ан, б ірқатар), so it is
 * glued to the next one; a lower-case vowel or two-letter fragment ends a word (дам ы ту, Ш әуеш ек) and is glued back.
 */
function gluesForward(token: Token): boolean {
  return token.raw.length === 1 && isFragment(token.norm) && (token.raw !== token.norm || !VOWELS.test(token.norm));
}

function gluesBack(token: Token): boolean {
  return isFragment(token.norm) && token.raw === token.norm && !gluesForward(token);
}

/** Words (runs of letters and digits; hyphens and quotes separate) with OCR fragments glued back to their word. */
export function tokenize(text: string, folded: string): Token[] {
  const tokens: Token[] = [];
  for (const match of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    const start = match.index;
    const word: Token = { start, end: start + match[0].length, norm: match[0], raw: text.slice(start, start + match[0].length) };
    const previous = tokens[tokens.length - 1];
    const glue =
      previous && /^ {1,2}$/.test(text.slice(previous.end, start)) && !/\p{N}/u.test(previous.norm + word.norm) && (gluesForward(previous) || gluesBack(word));
    if (glue) tokens[tokens.length - 1] = { start: previous.start, end: word.end, norm: previous.norm + word.norm, raw: previous.raw + word.raw };
    else tokens.push(word);
  }
  return tokens;
}

/** What may stand between two words of one name: spaces, hyphens, quotes (АО «УМЗ», «Петропавл трактор зауыты» БК»). */
export const NAME_GAP = /^[\s\-‐–—«»"'“”„‘’]{1,6}$/;
export const OPENING_QUOTES = '«"“„\'‘';
export const CLOSING_QUOTES = '»"”“\'’';
