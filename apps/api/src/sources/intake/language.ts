import type { Language } from '@prisma/client';

/** What detectLanguage counted, for a form that shows staff why it suggested a language (and for tests). */
export interface LanguageDetection {
  language: Language;
  /** Letters of Cyrillic script, including Latin "i"/"I" written inside a Cyrillic word (see kazakhLetters). */
  cyrillicLetters: number;
  /** Letters of Latin script, apart from those "i"s. */
  latinLetters: number;
  /** ә ғ қ ң ө ұ ү һ і in either case, plus Latin "i"/"I" inside a Cyrillic word, which Kazakh sites type for "і". */
  kazakhLetters: number;
  /** Cyrillic words holding at least one of the kazakhLetters. */
  kazakhWords: number;
  /** Words from RUSSIAN_FUNCTION_WORDS. */
  russianFunctionWords: number;
}

// Measured on the seeded articles (prisma/seed/articles): Kazakh prose has 13–15% Kazakh-specific letters among its Cyrillic letters
// (55–63% of its words hold one); Russian prose has 0%, and a Russian text that names Kazakh places or firms ("Өскемен", "Сүтөнімі")
// stays near 1%. A title-length Kazakh sentence of some 30 letters may hold a single such letter (3%), so the bar sits below that.
const KAZAKH_LETTER_SHARE_FOR_KK = 0.02;

// A short Russian title naming a Kazakh firm can pass that bar ("Аким встретился с руководством «Сүтөнімі»": 7%). Russian
// prepositions and conjunctions that are not Kazakh words settle it: a Kazakh text has more words with Kazakh letters than these
// (the Kazakh seeds: 291–637 words against 1–9 of these, the latter mostly OCR fragments), a Russian one the other way round (59–92 of
// these against none). Left out on purpose: words that are also Kazakh ("не" what, "да" also, "о" that, "у" poison, "а").
const RUSSIAN_FUNCTION_WORDS = new Set([
  'и',
  'в',
  'во',
  'на',
  'с',
  'со',
  'по',
  'об',
  'от',
  'из',
  'к',
  'ко',
  'для',
  'что',
  'как',
  'также',
  'при',
  'между',
  'или',
]);

const KAZAKH_SPECIFIC = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/gu;
const WORD = /[\p{L}\p{M}]+/gu;
const CYRILLIC = /\p{Script=Cyrillic}/gu;
const LATIN = /\p{Script=Latin}/gu;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * The language of a source text, from its letters alone: mostly Latin letters → en; mostly Cyrillic → kk when Kazakh-specific letters
 * are a meaningful share of them (KAZAKH_LETTER_SHARE_FOR_KK) and outnumber the evidence for Russian, else ru. A text without letters
 * counts as Cyrillic without Kazakh letters: ru. A suggestion for staff to confirm, not a verdict: a short Kazakh sentence without any
 * Kazakh-specific letter ("Делегация Томск облысына барды") reads as ru, and Kazakh written in the Latin alphabet reads as en.
 */
export function explainLanguage(text: string): LanguageDetection {
  let cyrillicLetters = 0;
  let latinLetters = 0;
  let kazakhLetters = 0;
  let kazakhWords = 0;
  let russianFunctionWords = 0;
  for (const word of text.normalize('NFC').match(WORD) ?? []) {
    const cyrillic = count(word, CYRILLIC);
    const latin = count(word, LATIN);
    // "Өңiр", "келдi": a Latin i among Cyrillic letters is a Kazakh "і" typed on a keyboard without it. A word with other Latin letters
    // as well is a mixed brand name or a typo, and its Latin letters count as Latin.
    const latinIsKazakhI = cyrillic > 0 && latin > 0 && count(word, /[iI]/g) === latin;
    const kazakh = count(word, KAZAKH_SPECIFIC) + (latinIsKazakhI ? latin : 0);
    cyrillicLetters += cyrillic + (latinIsKazakhI ? latin : 0);
    latinLetters += latinIsKazakhI ? 0 : latin;
    kazakhLetters += kazakh;
    if (kazakh > 0) kazakhWords += 1;
    if (RUSSIAN_FUNCTION_WORDS.has(word.toLowerCase())) russianFunctionWords += 1;
  }
  const counts = { cyrillicLetters, latinLetters, kazakhLetters, kazakhWords, russianFunctionWords };
  if (latinLetters > cyrillicLetters) return { language: 'en', ...counts };
  const kazakhShare = cyrillicLetters === 0 ? 0 : kazakhLetters / cyrillicLetters;
  const kazakh = kazakhShare >= KAZAKH_LETTER_SHARE_FOR_KK && kazakhWords > russianFunctionWords;
  return { language: kazakh ? 'kk' : 'ru', ...counts };
}

/** The language of a source text: see explainLanguage. */
export function detectLanguage(text: string): Language {
  return explainLanguage(text).language;
}
