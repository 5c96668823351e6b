// Counts of documents: a number (digits or a number word) before a document noun, «10 меморандумов», «үш келісім»,
// «Восемь соглашений», with up to two adjectives between them («восемь деловых договоров», «үш іскерлік келісім»).
import type { Candidate, CountValue } from './mention-types.js';
import { isKazakhSuffix, RU_ENDINGS, wordMatches, wordRule, type WordRule } from './suffixes.js';
import type { Token } from './text-folding.js';

/** Document nouns in their dictionary form; they inflect like names (stem + Russian ending, word + Kazakh suffixes). */
const DOCUMENT_NOUNS = [
  'меморандум',
  'соглашение',
  'договор',
  'контракт',
  'документ',
  'келісім',
  'келісімшарт',
  'құжат',
  'шарт',
  'memorandum',
  'memoranda',
  'agreement',
  'contract',
  'document',
].map(wordRule);

function numberWords(): Map<string, number> {
  const words = new Map<string, number>();
  const add = (value: number, forms: string) => forms.split(' ').forEach((form) => words.set(form, value));
  // Russian, with the case forms a count takes (двух меморандумов, трёх соглашений — ё is folded to е).
  add(1, 'один одна одно одного одной одному одним одну одном');
  add(2, 'два две двух двум двумя');
  add(3, 'три трех трем тремя');
  add(4, 'четыре четырех четырем четырьмя');
  add(8, 'восемь восьми восемью');
  const teens = 'один две три четыр пят шест сем восем девят'.split(' ');
  const russianInT = [
    ['пят', 5],
    ['шест', 6],
    ['сем', 7],
    ['девят', 9],
    ['десят', 10],
    ['двадцат', 20],
    ['тридцат', 30],
  ] as const;
  for (const [stem, value] of russianInT) add(value, `${stem}ь ${stem}и ${stem}ью`);
  teens.forEach((stem, index) => add(11 + index, `${stem}надцать ${stem}надцати ${stem}надцатью`));
  // Kazakh and English.
  'бір екі үш төрт бес алты жеті сегіз тоғыз он'.split(' ').forEach((word, index) => words.set(word, index + 1));
  add(20, 'жиырма');
  add(30, 'отыз');
  'one two three four five six seven eight nine ten eleven twelve'.split(' ').forEach((word, index) => words.set(word, index + 1));
  add(20, 'twenty');
  return words;
}
const NUMBER_WORDS = numberWords();
/** Tens that a unit may follow in Kazakh («он екі», 12). */
const KAZAKH_TENS = new Set(['он', 'жиырма', 'отыз']);
// «a number of» agreements: the seed records such an unnumbered plural as quantity 2, "at least two" (articles 004).
const SEVERAL = new Set(['бірқатар', 'бірнеше', 'ряд', 'ряда', 'несколько', 'нескольких', 'нескольким', 'несколькими', 'several']);
/** Adjective endings (ru, kk) of the words allowed between the number and the noun. */
const ADJECTIVE = /(ых|их|ого|его|ые|ие|ой|ую|лық|лік|дық|дік|тық|тік|лы|лі|ды|ді|al|ic|ial)$/;

function isDocumentNoun(text: string): boolean {
  return DOCUMENT_NOUNS.some((noun) => wordMatches(noun, text));
}

const KAZAKH_NOUNS = new Set(['келісім', 'келісімшарт', 'құжат', 'шарт']);

/** A document noun written the Kazakh way: a Kazakh word (келісім, шарт) or a loanword with a suffix Russian has not (меморандумға). */
function isKazakhNoun(text: string): boolean {
  return DOCUMENT_NOUNS.some((noun) => {
    if (noun.latin || !text.startsWith(noun.norm)) return false;
    const suffix = text.slice(noun.norm.length);
    return isKazakhSuffix(suffix, noun.harmonies) && (KAZAKH_NOUNS.has(noun.norm) || !RU_ENDINGS.has(suffix));
  });
}

// Plural case endings of the Russian document nouns after their stem (меморандум-ы, соглашен-ий, договор-ами); «а»
// and «ия» (договора, соглашения) are also the genitive singular, so they count only after a plural verb.
const RU_PLURAL = new Set(['ы', 'ов', 'ам', 'ами', 'ах', 'ий', 'иям', 'иями', 'иях']);
const RU_PLURAL_OR_GENITIVE = new Set(['а', 'ия']);

/** 'plural', 'ambiguous' (a plural only if the verb says so) or null: the document noun as a plural form. */
function pluralForm(rule: WordRule, text: string): 'plural' | 'ambiguous' | null {
  if (!wordMatches(rule, text)) return null;
  if (rule.latin) return text === 'memoranda' || (text !== rule.norm && rule.norm !== 'memoranda') ? 'plural' : null;
  const kazakh = text.slice(rule.norm.length);
  if (text.startsWith(rule.norm) && /^[лдт][ае]р/.test(kazakh) && isKazakhSuffix(kazakh, rule.harmonies)) return 'plural';
  if (rule.ruStem === null || !text.startsWith(rule.ruStem)) return null;
  const ending = text.slice(rule.ruStem.length);
  return RU_PLURAL.has(ending) ? 'plural' : RU_PLURAL_OR_GENITIVE.has(ending) ? 'ambiguous' : null;
}

function documentPlural(text: string): 'plural' | 'ambiguous' | null {
  const forms = DOCUMENT_NOUNS.map((noun) => pluralForm(noun, text));
  return forms.includes('plural') ? 'plural' : forms.includes('ambiguous') ? 'ambiguous' : null;
}

/** Plural verbs and participles of signing before the noun: «подписаны документы», «заключенным договорам», «жасалған келісімдер», "signed agreements". */
const SIGNED_BEFORE = /^(?:подписан(?:ы|ные|ных|ным|ными)|подписали|заключ(?:ены|или|енные|енных|енным|енными)|жасалған|қойылған|жасасқан|signed|concluded)$/;
/** Signing after the noun: «меморандумы подписаны», «меморандумдар жасалды», «келісімдерге қол қойылды», "agreements were signed". */
const SIGNED_AFTER = /^(?:подписаны|подписали|заключены|заключили|жасал\p{L}*|жасас\p{L}*|жасады|signed|concluded)$/u;
const AUXILIARY = new Set(['были', 'were', 'been', 'have', 'had']);

function signedAfter(tokens: Token[], index: number): boolean {
  let next = index + 1;
  while (tokens[next] && AUXILIARY.has(tokens[next].norm) && next < index + 3) next++;
  const word = tokens[next]?.norm ?? '';
  return SIGNED_AFTER.test(word) || (word === 'қол' && /^қой/.test(tokens[next + 1]?.norm ?? ''));
}

/**
 * An unnumbered plural of a document noun next to a verb of signing states at least two documents («также подписаны
 * документы на создание совместных предприятий», «меморандумдар жасалды»): the seed records such a plural as quantity
 * 2, "at least two", as it does «ряд меморандумов». Without the verb a plural is often no count of signed documents
 * («по вопросам договоров»), so it is not read.
 */
function findSignedPlurals(tokens: Token[]): Candidate[] {
  const candidates: Candidate[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const form = documentPlural(tokens[index].norm);
    if (!form) continue;
    let before = index - 1;
    while (before >= 0 && before > index - 3 && ADJECTIVE.test(tokens[before].norm) && !SIGNED_BEFORE.test(tokens[before].norm)) before--;
    const verbBefore = before >= 0 && SIGNED_BEFORE.test(tokens[before].norm);
    if (verbBefore || (form === 'plural' && signedAfter(tokens, index))) {
      candidates.push({ kind: 'count', start: tokens[index].start, end: tokens[index].end, value: { count: 2, atLeast: true }, rank: 0 });
    }
  }
  return candidates;
}

function readNumber(tokens: Token[], index: number): { value: CountValue; next: number } | null {
  const { norm } = tokens[index];
  if (/^\d{1,3}$/.test(norm) && Number(norm) > 0) return { value: { count: Number(norm) }, next: index + 1 };
  if (SEVERAL.has(norm)) return { value: { count: 2, atLeast: true }, next: index + 1 };
  const value = NUMBER_WORDS.get(norm);
  if (value === undefined) return null;
  const unit = tokens[index + 1] && NUMBER_WORDS.get(tokens[index + 1].norm);
  if (KAZAKH_TENS.has(norm) && unit && unit < 10) return { value: { count: value + unit }, next: index + 2 };
  return { value: { count: value }, next: index + 1 };
}

export function findCounts(text: string, tokens: Token[]): Candidate[] {
  const candidates: Candidate[] = findSignedPlurals(tokens);
  const spaced = (a: Token, b: Token) => /^\s+$/.test(text.slice(a.end, b.start));
  for (let index = 0; index < tokens.length; index++) {
    const number = readNumber(tokens, index);
    if (!number) continue;
    let next = number.next;
    for (let adjectives = 0; adjectives <= 2 && tokens[next] && spaced(tokens[next - 1], tokens[next]); adjectives++, next++) {
      const noun = tokens[next];
      // An OCR split inside the noun («келіс імдерге») is read across one space.
      const joined = tokens[next + 1] && text.slice(noun.end, tokens[next + 1].start) === ' ' ? noun.norm + tokens[next + 1].norm : '';
      const end = isDocumentNoun(noun.norm) ? noun.end : joined && isDocumentNoun(joined) ? tokens[next + 1].end : -1;
      // Kazakh «он» (ten) is Russian «он» (he): «он договор подписал». Alone it counts before a Kazakh noun only.
      if (end >= 0 && tokens[index].norm === 'он' && number.next === index + 1 && !isKazakhNoun(end === noun.end ? noun.norm : joined)) break;
      if (end >= 0) {
        candidates.push({ kind: 'count', start: tokens[index].start, end, value: number.value, rank: 0 });
        break;
      }
      if (!ADJECTIVE.test(noun.norm)) break;
    }
  }
  return candidates;
}
