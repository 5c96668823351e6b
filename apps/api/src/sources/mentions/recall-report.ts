// Recall of extractMentions over the seeded articles, measured against what the seed extraction (prisma/seed/data)
// records for each article: the parties and people its records reference, their dates, amounts and counts.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  compileDirectory,
  extract,
  type AmountValue,
  type CountValue,
  type DateValue,
  type DirectoryEntry,
  type Mention,
  type MentionKind,
} from './extract-mentions.js';

interface Named {
  key: string;
  nameKk?: string | null;
  nameRu?: string | null;
  nameEn?: string | null;
  aliases?: string[];
}
type Precision = DateValue['precision'] | 'unknown';
interface PartyRef {
  party: string;
}
interface ArticleFile {
  article: { key: string; publishedOn: string | null; publishedOnPrecision: Precision };
  visits: {
    visitingParty: string;
    hosts: string[];
    delegationHead: string | null;
    startDate: string | null;
    startDatePrecision: Precision;
    endDate: string | null;
    endDatePrecision: Precision;
  }[];
  memoranda: {
    parties: PartyRef[];
    signatories?: { person: string; party?: string | null }[];
    signedOn: string | null;
    signedOnPrecision: Precision;
    quantity: number;
  }[];
  contracts: { parties: PartyRef[]; signedOn: string | null; signedOnPrecision: Precision; amount: string | null; currency: string | null; quantity: number }[];
  followUps: { responsibleParty: string | null; responsiblePerson: string | null; dueOn: string | null; dueOnPrecision: Precision }[];
}

export const SEED_DIR = path.resolve(process.cwd(), 'prisma/seed');
const readYaml = <T>(file: string): T => parse(fs.readFileSync(path.join(SEED_DIR, file), 'utf8')) as T;

/** The directory the seed holds: each party's and person's key, with its names in every language and its aliases. */
export function seedDirectory(): DirectoryEntry[] {
  const entry = (kind: DirectoryEntry['kind'], item: Named): DirectoryEntry => ({
    kind,
    id: item.key,
    names: [item.nameKk, item.nameRu, item.nameEn, ...(item.aliases ?? [])].filter((name): name is string => !!name),
  });
  return [...readYaml<Named[]>('data/parties.yaml').map((p) => entry('party', p)), ...readYaml<Named[]>('data/people.yaml').map((p) => entry('person', p))];
}

export interface Expected {
  party: Set<string>;
  person: Set<string>;
  /** "YYYY-MM-DD/precision". */
  date: Set<string>;
  /** "amount currency". */
  amount: Set<string>;
  /** Distinct quantities above 1 (a memorandum or contract record standing for that many documents). */
  count: Set<string>;
}

export type ReportKind = keyof Expected;
export const REPORT_KINDS: ReportKind[] = ['party', 'person', 'date', 'amount', 'count'];

const normaliseAmount = (amount: string) => amount.replace(/\.0+$/, '');

/** Every party and person a record of the article references, and every date, amount and count it holds. */
export function expectedOf(file: ArticleFile): Expected {
  const expected: Expected = { party: new Set(), person: new Set(), date: new Set(), amount: new Set(), count: new Set() };
  const party = (key: string | null | undefined) => key && expected.party.add(key);
  const person = (key: string | null | undefined) => key && expected.person.add(key);
  const date = (value: string | null, precision: Precision) => value && precision !== 'unknown' && expected.date.add(`${value}/${precision}`);
  const count = (quantity: number) => quantity > 1 && expected.count.add(String(quantity));
  for (const visit of file.visits) {
    [visit.visitingParty, ...visit.hosts].forEach(party);
    person(visit.delegationHead);
    date(visit.startDate, visit.startDatePrecision);
    date(visit.endDate, visit.endDatePrecision);
  }
  for (const memorandum of file.memoranda) {
    memorandum.parties.forEach((p) => party(p.party));
    for (const signatory of memorandum.signatories ?? []) {
      person(signatory.person);
      party(signatory.party);
    }
    date(memorandum.signedOn, memorandum.signedOnPrecision);
    count(memorandum.quantity);
  }
  for (const contract of file.contracts) {
    contract.parties.forEach((p) => party(p.party));
    date(contract.signedOn, contract.signedOnPrecision);
    if (contract.amount && contract.currency) expected.amount.add(`${normaliseAmount(contract.amount)} ${contract.currency}`);
    count(contract.quantity);
  }
  for (const followUp of file.followUps) {
    party(followUp.responsibleParty);
    person(followUp.responsiblePerson);
    date(followUp.dueOn, followUp.dueOnPrecision);
  }
  return expected;
}

/** Whether the mentions state an expected item; a date is compared at its precision (see the brief in the spec). */
export function isFound(kind: ReportKind, item: string, mentions: Mention[]): boolean {
  const of = (mentionKind: MentionKind) => mentions.filter((mention) => mention.kind === mentionKind);
  switch (kind) {
    case 'party':
      return of('party').some((mention) => mention.partyId === item);
    case 'person':
      return of('person').some((mention) => mention.personId === item);
    case 'amount':
      return of('amount').some((mention) => {
        const value = mention.value as AmountValue;
        return `${normaliseAmount(value.amount)} ${value.currency}` === item;
      });
    case 'count':
      return of('count').some((mention) => String((mention.value as CountValue).count) === item);
    case 'date': {
      const [date, precision] = item.split('/');
      return of('date').some((mention) => {
        const value = mention.value as DateValue;
        if (precision === 'year') return value.precision === 'year' && value.date.slice(0, 4) === date.slice(0, 4);
        if (precision === 'month') return value.precision !== 'year' && value.date.slice(0, 7) === date.slice(0, 7);
        return value.precision === 'day' && value.date === date;
      });
    }
  }
}

export interface ArticleResult {
  article: string;
  mentions: Mention[];
  expected: Expected;
  missed: { kind: ReportKind; item: string }[];
  tally: Record<ReportKind, { expected: number; found: number }>;
}

export interface RecallReport {
  articles: ArticleResult[];
  pooled: Record<ReportKind, { expected: number; found: number }>;
  table: string;
}

const ratio = ({ expected, found }: { expected: number; found: number }) => (expected ? found / expected : 1);
const cell = (tally: { expected: number; found: number }) => (tally.expected ? `${tally.found}/${tally.expected} ${ratio(tally).toFixed(2)}` : '—');

export function totalOf(tally: Record<ReportKind, { expected: number; found: number }>): { expected: number; found: number } {
  return REPORT_KINDS.reduce((sum, kind) => ({ expected: sum.expected + tally[kind].expected, found: sum.found + tally[kind].found }), {
    expected: 0,
    found: 0,
  });
}

/** Runs the extractor over every seeded article and tallies recall per article and kind, with a printable table. */
export function recallReport(): RecallReport {
  const compiled = compileDirectory(seedDirectory());
  const files = fs
    .readdirSync(path.join(SEED_DIR, 'data/articles'))
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  const pooled = Object.fromEntries(REPORT_KINDS.map((kind) => [kind, { expected: 0, found: 0 }])) as RecallReport['pooled'];
  const articles = files.map((name): ArticleResult => {
    const file = readYaml<ArticleFile>(`data/articles/${name}`);
    const text = fs.readFileSync(path.join(SEED_DIR, 'articles', file.article.key), 'utf8');
    const referenceYear =
      file.article.publishedOn && file.article.publishedOnPrecision !== 'unknown' ? Number(file.article.publishedOn.slice(0, 4)) : undefined;
    const mentions = extract(text, compiled, { referenceYear });
    const expected = expectedOf(file);
    const missed: ArticleResult['missed'] = [];
    const tally = Object.fromEntries(REPORT_KINDS.map((kind) => [kind, { expected: 0, found: 0 }])) as ArticleResult['tally'];
    for (const kind of REPORT_KINDS) {
      for (const item of expected[kind]) {
        const found = isFound(kind, item, mentions);
        tally[kind].expected++;
        pooled[kind].expected++;
        if (!found) missed.push({ kind, item });
        tally[kind].found += Number(found);
        pooled[kind].found += Number(found);
      }
    }
    return { article: file.article.key.replace(/\.txt$/, ''), mentions, expected, missed, tally };
  });
  const header = ['article', ...REPORT_KINDS, 'all'];
  const rows = [
    ...articles.map((a) => [a.article, ...REPORT_KINDS.map((kind) => cell(a.tally[kind])), cell(totalOf(a.tally))]),
    ['pooled', ...REPORT_KINDS.map((kind) => cell(pooled[kind])), cell(totalOf(pooled))],
  ];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row: string[]) => row.map((value, column) => value.padEnd(widths[column])).join('  ');
  const misses = articles.flatMap((a) => a.missed.map((miss) => `  ${a.article} ${miss.kind} ${miss.item}`));
  const table = [line(header), ...rows.map(line), 'missed (found/expected is per distinct item):', ...misses].join('\n');
  return { articles, pooled, table };
}
