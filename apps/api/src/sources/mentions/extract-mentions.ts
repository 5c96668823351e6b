// A rule-based reader of what a press-release text names: parties and people of the directory (inflected, in kk, ru
// and en), dates, sums of money and counts of documents. No model: suffix tables, month and number words, patterns.
import { findAmounts } from './amounts.js';
import { findCounts } from './counts.js';
import { findDates } from './dates.js';
import type { Candidate, DirectoryEntry, Mention } from './mention-types.js';
import { compileDirectory, findNames, type CompiledDirectory } from './names.js';
import { foldText, tokenize } from './text-folding.js';

export type { AmountValue, CountValue, DateValue, DirectoryEntry, Mention, MentionCurrency, MentionKind } from './mention-types.js';
export { compileDirectory, type CompiledDirectory } from './names.js';

export interface ExtractOptions {
  /** The year a date without one («9 июля», «маусым айында») belongs to, e.g. the article's publication year. */
  referenceYear?: number;
}

/** Keeps the longest candidates that do not overlap (ties: the better-ranked, then the earlier), sorted by start. */
function withoutOverlaps(text: string, candidates: Candidate[]): Mention[] {
  const ordered = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || b.rank - a.rank || a.start - b.start);
  // One flag per UTF-16 unit: a candidate is checked against its own span only, so a megabyte of mentions stays linear.
  const occupied = new Uint8Array(text.length);
  const taken: Candidate[] = [];
  for (const candidate of ordered) {
    if (occupied.subarray(candidate.start, candidate.end).includes(1)) continue;
    occupied.fill(1, candidate.start, candidate.end);
    taken.push(candidate);
  }
  return taken
    .flatMap((candidate) => candidate.parts ?? [candidate])
    .sort((a, b) => a.start - b.start)
    .map(({ rank: _rank, parts: _parts, ...mention }) => {
      const { start, end } = withQuotes(text, mention.start, mention.end);
      return { ...mention, start, end, text: text.slice(start, end) };
    });
}

/** A name that opens or closes a quote inside the mention (ТОО «Эмиль, ПАМЖЗ» АҚ) takes the other quote mark too. */
function withQuotes(text: string, start: number, end: number): { start: number; end: number } {
  const inside = text.slice(start, end);
  const opens = (inside.match(/[«“]/g) ?? []).length;
  const closes = (inside.match(/[»”]/g) ?? []).length;
  if (closes > opens && '«“'.includes(text[start - 1] ?? '')) return { start: start - 1, end };
  if (opens > closes && '»”'.includes(text[end] ?? '')) return { start, end: end + 1 };
  if (opens === closes && (inside.match(/"/g) ?? []).length % 2 === 1 && text[end] === '"') return { start, end: end + 1 };
  return { start, end };
}

/** Extraction with a directory compiled once (compileDirectory) and reused across texts. */
export function extract(text: string, compiled: CompiledDirectory, options: ExtractOptions = {}): Mention[] {
  const folded = foldText(text);
  const tokens = tokenize(text, folded);
  const candidates = [
    ...findNames(text, tokens, compiled),
    ...findDates(text, folded, options.referenceYear),
    ...findAmounts(folded),
    ...findCounts(text, tokens),
  ];
  return withoutOverlaps(text, candidates);
}

export function extractMentions(text: string, directory: DirectoryEntry[], options: ExtractOptions = {}): Mention[] {
  return extract(text, compileDirectory(directory), options);
}
