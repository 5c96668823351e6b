// Finding directory names in a tokenized text. Each name becomes one or more variants (word lists); variants are indexed
// by the prefix every form of their first word starts with, so a text word looks up only the variants that could start
// there (at most one map lookup per prefix length of the word), instead of running one pattern per name over the text.
import type { Candidate, DirectoryEntry } from './mention-types.js';
import { wordMatches, wordRule, indexKey, isKazakhSuffix, harmoniesOf, KAZAKH_LETTERS, type WordRule } from './suffixes.js';
import { CLOSING_QUOTES, foldText, NAME_GAP, OPENING_QUOTES, type Token } from './text-folding.js';

interface Variant {
  entry: DirectoryEntry;
  words: WordRule[];
  /** Kazakh names inflect their last word only. */
  kazakh: boolean;
  /** A one-word variant must be a proper noun in the text (capitalised): «глубокое» is an adjective, «Глубокое» the district. */
  capitalised: boolean;
  /** An abbreviation (ШҚО, РФ, УМЗ) matches only in capitals, as a whole token or with a lower-case Kazakh suffix. */
  abbreviation: boolean;
  /** The «…» part of an organisation's name alone is a brand only in quotes (bare «Алтай», «Самара» are other names). */
  quoted: boolean;
  rank: number;
}

export interface CompiledDirectory {
  byKey: Map<string, Variant[]>;
}

const ABBREVIATION = /^[\p{Lu}\p{N}]{2,6}$/u;
const QUOTED_PART = /[«"“]([^«»"“”]+)[»"”]/gu;
/** One-word names shorter than this match only as abbreviations or exactly: short stems occur inside other words. */
const MIN_INFLECTED_LENGTH = 4;

// Variant ranks break ties between candidates of the same span: the full name beats a quoted brand or a bare surname.
const RANK_FULL = 3;
const RANK_QUOTED = 2;
const RANK_REORDERED = 2;
const RANK_SURNAME = 1;

function words(name: string): string[] {
  return (foldText(name).match(/[\p{L}\p{N}]+/gu) ?? []).filter(Boolean);
}

function makeVariant(entry: DirectoryEntry, name: string, original: string, rank: number, quoted = false): Variant | null {
  const folded = words(name);
  if (!folded.length) return null;
  const single = folded.length === 1;
  return {
    entry,
    words: folded.map(wordRule),
    kazakh: KAZAKH_LETTERS.test(folded.join(' ')),
    capitalised: single,
    abbreviation: single && ABBREVIATION.test(original.trim()),
    quoted,
    rank,
  };
}

function variantsOf(entry: DirectoryEntry): Variant[] {
  const variants: (Variant | null)[] = [];
  for (const name of entry.names) {
    variants.push(makeVariant(entry, name, name, RANK_FULL));
    for (const match of name.matchAll(QUOTED_PART)) {
      if (match[1].trim() !== name.trim()) variants.push(makeVariant(entry, match[1], match[1], RANK_QUOTED, true));
    }
    const parts = name.trim().split(/\s+/);
    if (entry.kind === 'person' && parts.length === 2) {
      // People are also named "Surname Name" and, once introduced, by the surname alone (Ахметов, И.Абишев).
      variants.push(makeVariant(entry, `${parts[1]} ${parts[0]}`, name, RANK_REORDERED));
      if (parts[1].length >= MIN_INFLECTED_LENGTH + 1) variants.push(makeVariant(entry, parts[1], parts[1], RANK_SURNAME));
    }
  }
  return variants.filter((variant): variant is Variant => variant !== null);
}

export function compileDirectory(directory: DirectoryEntry[]): CompiledDirectory {
  const byKey = new Map<string, Variant[]>();
  const seen = new Set<string>();
  for (const entry of directory) {
    for (const variant of variantsOf(entry)) {
      const signature = `${entry.id}|${variant.words.map((word) => word.norm).join(' ')}|${variant.quoted}|${variant.abbreviation}`;
      if (seen.has(signature)) continue;
      seen.add(signature);
      const key = indexKey(variant.words[0]);
      byKey.set(key, [...(byKey.get(key) ?? []), variant]);
    }
  }
  return { byKey };
}

const isUpper = (text: string) => text === text.toUpperCase() && text !== text.toLowerCase();
const isCapitalised = (text: string) => isUpper(text[0]);

function singleWordMatches(variant: Variant, token: Token): boolean {
  const [rule] = variant.words;
  if (variant.abbreviation) {
    // ШҚО, ШҚО-ның (the suffix is a token of its own) or ШҚОның; never шқо in lower case, never ШҚОА.
    const head = token.raw.slice(0, rule.norm.length);
    const tail = token.raw.slice(rule.norm.length);
    return (
      token.norm.startsWith(rule.norm) &&
      isUpper(head) &&
      (tail === '' || (tail === tail.toLowerCase() && isKazakhSuffix(tail.toLowerCase(), ['back', 'front'])))
    );
  }
  if (!isCapitalised(token.raw)) return false;
  if (rule.norm.length < MIN_INFLECTED_LENGTH) return token.norm === rule.norm;
  return wordMatches(rule, token.norm);
}

/** The token index after the variant matched at `first`, or -1. */
function matchAt(variant: Variant, text: string, tokens: Token[], first: number): number {
  if (variant.words.length === 1) return singleWordMatches(variant, tokens[first]) ? first + 1 : -1;
  let index = first;
  for (let position = 0; position < variant.words.length; position++, index++) {
    const token = tokens[index];
    if (!token) return -1;
    if (position > 0 && !NAME_GAP.test(text.slice(tokens[index - 1].end, token.start))) return -1;
    const last = position === variant.words.length - 1;
    if (!wordMatches(variant.words[position], token.norm, last || !variant.kazakh)) return -1;
  }
  return index;
}

/** Kazakh writes the case suffix of an abbreviation or a quoted name after a hyphen: ШҚО-ның, «ПАМЖЗ» АҚ-да. */
function hyphenatedSuffixEnd(text: string, tokens: Token[], next: number): number {
  const token = tokens[next];
  if (!token || text.slice(tokens[next - 1].end, token.start) !== '-') return tokens[next - 1].end;
  return token.raw === token.raw.toLowerCase() && isKazakhSuffix(token.norm, harmoniesOf(tokens[next - 1].norm)) ? token.end : tokens[next - 1].end;
}

function inQuotes(text: string, start: number, end: number): boolean {
  return OPENING_QUOTES.includes(text[start - 1] ?? '') && CLOSING_QUOTES.includes(text[end] ?? '');
}

export function findNames(text: string, tokens: Token[], compiled: CompiledDirectory): Candidate[] {
  const candidates: Candidate[] = [];
  for (let first = 0; first < tokens.length; first++) {
    const { norm } = tokens[first];
    for (let length = norm.length; length >= 2; length--) {
      for (const variant of compiled.byKey.get(norm.slice(0, length)) ?? []) {
        const next = matchAt(variant, text, tokens, first);
        if (next < 0) continue;
        const start = tokens[first].start;
        const end = hyphenatedSuffixEnd(text, tokens, next);
        if (variant.quoted && !inQuotes(text, start, tokens[next - 1].end)) continue;
        const { kind, id } = variant.entry;
        candidates.push({ kind, start, end, rank: variant.rank, ...(kind === 'party' ? { partyId: id } : { personId: id }) });
      }
    }
  }
  return candidates;
}
