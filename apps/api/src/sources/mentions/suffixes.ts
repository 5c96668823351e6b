// Inflection tables. A directory name is in its dictionary form; the text inflects it. Russian changes the word's
// ending (Самарская → Самарской), so a Russian word matches as its stem plus an ending from RU_ENDINGS. Kazakh keeps
// the word and appends suffixes (облысы → облысының), so a Kazakh word matches as the whole word plus a suffix chain
// from kazakhSuffixes(). Both are closed lists: a stem followed by anything else («Казахстанской» after «Казахстан»)
// is another word, which is what keeps short stems from matching inside longer words.

/** Russian noun and adjective case endings (all genders and numbers), "" for the dictionary form itself. */
export const RU_ENDINGS = new Set(
  (
    ' а я о е и ы у ю ь й ой ей ом ем ём ам ям ах ях ов ев ью ою ею ами ями ' +
    'ая яя ое ее ые ие ый ий ого его ому ему ым им ую юю ых их ыми ими ' +
    'ия ии ию ием иям иях иями'
  ).split(' '),
);

/** Dictionary-form endings stripped to get a Russian stem; adjective endings first, being longer. */
const RU_DICTIONARY_ENDINGS = ['ая', 'яя', 'ое', 'ее', 'ый', 'ий', 'ой', 'ые', 'ие', 'ие', 'ь', 'й', 'а', 'я', 'о', 'е', 'ы', 'и'];

/** The part of a Russian word every case form starts with: Самарская → самарск, область → област, Сергей → серге. */
export function russianStem(word: string): string {
  // Words of four letters or fewer keep their ending: stripping it would leave stems (Орал → Ора) that too many words share.
  if (word.length <= 4) return word;
  const ending = RU_DICTIONARY_ENDINGS.find((candidate) => word.endsWith(candidate) && word.length - candidate.length >= 3);
  return ending ? word.slice(0, -ending.length) : word;
}

const BACK_VOWELS = 'аоұы';
const FRONT_VOWELS = 'әеөүіэ';
// у, и, ю, я are back or front by the word they are in (Russian loanwords), so a stem ending on them takes either.
const ANY_VOWELS = 'уиюяё';

type Harmony = 'back' | 'front';

/** Kazakh suffixes agree with the stem's last vowel (vowel harmony); abbreviations and loanwords may take either. */
export function harmoniesOf(word: string): Harmony[] {
  // After a final к/г a suffix starts with к/г and is front (Агропаркке), after қ/ғ back, whatever the loanword's vowel.
  const vowel = vowelHarmonyOf(word);
  if (/[кг]$/.test(word) && !vowel.includes('front')) return [...vowel, 'front'];
  if (/[қғ]$/.test(word) && !vowel.includes('back')) return [...vowel, 'back'];
  return vowel;
}

function vowelHarmonyOf(word: string): Harmony[] {
  for (let index = word.length - 1; index >= 0; index--) {
    if (BACK_VOWELS.includes(word[index])) return ['back'];
    if (FRONT_VOWELS.includes(word[index])) return ['front'];
    if (ANY_VOWELS.includes(word[index])) break;
  }
  return ['back', 'front'];
}

// Each slot lists the back-vowel forms, then the front-vowel ones. The initial consonant alternates with the stem's last
// sound (buffer consonants: -ның/-дың/-тың, -ға/-қа/-на, -да/-та/-нда); all alternants are accepted, because loanwords
// and abbreviations (ШҚО-ның, ЖШС-ның) do not follow the rule, and a suffix that fits no stem is never written anyway.
const KK_SLOTS: Record<Harmony, { plural: string[]; possessive: string[]; ending: string[] }> = {
  back: {
    plural: ['лар', 'дар', 'тар'],
    possessive: ['ы', 'сы', 'ым', 'ың', 'ымыз', 'ыңыз', 'мыз'],
    ending: ['ның', 'дың', 'тың', 'ға', 'қа', 'а', 'на', 'ны', 'ды', 'ты', 'н', 'да', 'та', 'нда', 'дан', 'тан', 'нан', 'дағы', 'тағы', 'ндағы', 'дай'],
  },
  front: {
    plural: ['лер', 'дер', 'тер'],
    possessive: ['і', 'сі', 'ім', 'ің', 'іміз', 'іңіз', 'міз'],
    ending: ['нің', 'дің', 'тің', 'ге', 'ке', 'е', 'не', 'ні', 'ді', 'ті', 'н', 'де', 'те', 'нде', 'ден', 'тен', 'нен', 'дегі', 'тегі', 'ндегі', 'дей'],
  },
};
// The instrumental case does not follow vowel harmony (Азаровпен, Самара облысымен).
const KK_INSTRUMENTAL = ['мен', 'бен', 'пен', 'ымен', 'імен'];

function buildKazakhSuffixes(harmony: Harmony): Set<string> {
  const { plural, possessive, ending } = KK_SLOTS[harmony];
  const endings = ['', ...ending, ...KK_INSTRUMENTAL];
  const suffixes = new Set<string>();
  for (const first of ['', ...plural]) for (const second of ['', ...possessive]) for (const third of endings) suffixes.add(first + second + third);
  return suffixes;
}

const KK_SUFFIXES: Record<Harmony, Set<string>> = { back: buildKazakhSuffixes('back'), front: buildKazakhSuffixes('front') };

export function isKazakhSuffix(suffix: string, harmonies: Harmony[]): boolean {
  return harmonies.some((harmony) => KK_SUFFIXES[harmony].has(suffix));
}

export const EN_ENDINGS = new Set(['', 's', 'es']);

/** Letters only Kazakh uses: a name holding one is Kazakh and takes no Russian endings. */
export const KAZAKH_LETTERS = /[әғқңөұүһі]/;
export const LATIN = /^[a-z0-9]+$/;

/** How one word of a name matches a text word; prepared once per directory. */
export interface WordRule {
  norm: string;
  ruStem: string | null;
  harmonies: Harmony[];
  kazakh: boolean;
  latin: boolean;
}

export function wordRule(norm: string): WordRule {
  const latin = LATIN.test(norm);
  const kazakh = KAZAKH_LETTERS.test(norm);
  return { norm, ruStem: latin || kazakh ? null : russianStem(norm), harmonies: harmoniesOf(norm), kazakh, latin };
}

/** The prefix every matching text word starts with (the index key of a name). */
export function indexKey(rule: WordRule): string {
  return rule.ruStem ?? rule.norm;
}

/**
 * Whether a text word is a form of the name word. `inflectKazakh` is false for a non-final word of a Kazakh name: in a
 * Kazakh noun phrase only the last word takes the case suffix (Шығыс Қазақстан облысының).
 */
export function wordMatches(rule: WordRule, text: string, inflectKazakh = true): boolean {
  if (text === rule.norm) return true;
  if (rule.latin) return text.startsWith(rule.norm) && EN_ENDINGS.has(text.slice(rule.norm.length));
  if (inflectKazakh && text.startsWith(rule.norm) && isKazakhSuffix(text.slice(rule.norm.length), rule.harmonies)) return true;
  return rule.ruStem !== null && text.startsWith(rule.ruStem) && RU_ENDINGS.has(text.slice(rule.ruStem.length));
}
