// The extraction from the source articles is data (prisma/seed/data/*.yaml), reviewable in a diff. These classes are
// its schema: every file is validated against them when loaded, before anything is written.
import {
  ContractPartyRole,
  ContractStatus,
  DatePrecision,
  FollowUpStatus,
  Language,
  MemorandumKind,
  MemorandumPartyRole,
  MemorandumStatus,
  PartyKind,
  Sphere,
  VisitStatus,
} from '@prisma/client';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { flattenValidationErrors } from '../infrastructure/errors/validation-errors.js';
import { normalizeSourceText } from '../sources/intake/source-text.js';

const KEY = /^[a-z0-9-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SeedSource {
  @IsString()
  @IsNotEmpty()
  quote: string;
}

class Named {
  @Matches(KEY)
  key: string;

  @IsOptional() @IsString() nameKk: string | null;
  @IsOptional() @IsString() nameRu: string | null;
  @IsOptional() @IsString() nameEn: string | null;
}

export class SeedParty extends Named {
  @IsEnum(PartyKind) kind: PartyKind;
  @IsArray() @IsString({ each: true }) aliases: string[];
  @IsOptional() @Matches(/^[A-Z]{2}$/) countryCode: string | null;
  @IsOptional() @Matches(KEY) parent: string | null;
}

export class SeedPerson extends Named {
  @IsOptional() @IsString() positionKk: string | null;
  @IsOptional() @IsString() positionRu: string | null;
  @IsOptional() @IsString() positionEn: string | null;
  @IsOptional() @Matches(KEY) party: string | null;
}

class SeedRecord {
  @Matches(KEY) key: string;
  @IsOptional() @IsString() titleKk: string | null;
  @IsOptional() @IsString() titleRu: string | null;
  @IsOptional() @IsString() titleEn: string | null;
  @IsOptional() @IsString() note: string | null;

  @IsArray()
  @ArrayMinSize(1, { message: 'every record cites at least one passage' })
  @ValidateNested({ each: true })
  @Type(() => SeedSource)
  sources: SeedSource[];
}

export class SeedVisit extends SeedRecord {
  @IsOptional() @IsString() summaryKk: string | null;
  @IsOptional() @IsString() summaryRu: string | null;
  @IsOptional() @IsString() summaryEn: string | null;
  @Matches(KEY) visitingParty: string;
  @IsArray() @ArrayMinSize(1) @Matches(KEY, { each: true }) hosts: string[];
  @IsOptional() @Matches(KEY) delegationHead: string | null;
  @IsOptional() @Matches(DATE) startDate: string | null;
  @IsEnum(DatePrecision) startDatePrecision: DatePrecision;
  @IsOptional() @Matches(DATE) endDate: string | null;
  @IsEnum(DatePrecision) endDatePrecision: DatePrecision;
  @IsOptional() @IsString() place: string | null;
  @IsOptional() @IsString() occasion: string | null;
  @IsEnum(VisitStatus) status: VisitStatus;
  @IsOptional() @Matches(KEY) previousVisit: string | null;
}

class SeedMemorandumParty {
  @Matches(KEY) party: string;
  @IsEnum(MemorandumPartyRole) role: MemorandumPartyRole;
}

class SeedSignatory {
  @Matches(KEY) person: string;
  @IsOptional() @Matches(KEY) party?: string | null;
}

export class SeedMemorandum extends SeedRecord {
  @IsEnum(MemorandumKind) kind: MemorandumKind;
  @IsOptional() @IsString() summaryKk: string | null;
  @IsOptional() @IsString() summaryRu: string | null;
  @IsOptional() @IsString() summaryEn: string | null;
  @IsOptional() @Matches(DATE) signedOn: string | null;
  @IsEnum(DatePrecision) signedOnPrecision: DatePrecision;
  @IsArray() @IsEnum(Sphere, { each: true }) spheres: Sphere[];
  @IsInt() @Min(1) quantity: number;
  @IsOptional() @Matches(DATE) validUntil: string | null;
  @IsOptional() @Matches(KEY) visit: string | null;
  @IsEnum(MemorandumStatus) status: MemorandumStatus;
  @IsArray() @ValidateNested({ each: true }) @Type(() => SeedMemorandumParty) parties: SeedMemorandumParty[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => SeedSignatory) signatories?: SeedSignatory[];
}

class SeedContractParty {
  @Matches(KEY) party: string;
  @IsEnum(ContractPartyRole) role: ContractPartyRole;
}

export class SeedContract extends SeedRecord {
  @IsOptional() @IsString() subjectKk: string | null;
  @IsOptional() @IsString() subjectRu: string | null;
  @IsOptional() @IsString() subjectEn: string | null;
  @IsOptional() @Matches(/^\d+(\.\d{1,2})?$/) amount: string | null;
  @IsOptional() @Matches(/^[A-Z]{3}$/) currency: string | null;
  @IsInt() @Min(1) quantity: number;
  @IsOptional() @Matches(DATE) signedOn: string | null;
  @IsEnum(DatePrecision) signedOnPrecision: DatePrecision;
  @IsOptional() @Matches(KEY) memorandum: string | null;
  @IsOptional() @Matches(KEY) visit: string | null;
  @IsEnum(ContractStatus) status: ContractStatus;
  @IsArray() @ValidateNested({ each: true }) @Type(() => SeedContractParty) parties: SeedContractParty[];
}

export class SeedFollowUp extends SeedRecord {
  @IsOptional() @IsString() descriptionKk: string | null;
  @IsOptional() @IsString() descriptionRu: string | null;
  @IsOptional() @IsString() descriptionEn: string | null;
  @IsOptional() @Matches(DATE) dueOn: string | null;
  @IsEnum(DatePrecision) dueOnPrecision: DatePrecision;
  @IsOptional() @Matches(KEY) responsibleParty: string | null;
  @IsOptional() @Matches(KEY) responsiblePerson: string | null;
  @IsOptional() @Matches(KEY) visit: string | null;
  @IsOptional() @Matches(KEY) memorandum: string | null;
  @IsOptional() @Matches(KEY) contract: string | null;
  @IsEnum(FollowUpStatus) status: FollowUpStatus;
}

export class SeedArticleMeta {
  @Matches(/^[\w.-]+\.txt$/) key: string;
  @IsIn(Object.values(Language)) language: Language;
  @IsString() @IsNotEmpty() title: string;
  @IsOptional() @IsString() outlet: string | null;
  @IsOptional() @IsString() url: string | null;
  @IsOptional() @Matches(DATE) publishedOn: string | null;
  @IsEnum(DatePrecision) publishedOnPrecision: DatePrecision;
  @IsOptional() @IsString() note: string | null;
}

export class SeedArticleFile {
  @ValidateNested() @Type(() => SeedArticleMeta) article: SeedArticleMeta;
  @IsArray() @ValidateNested({ each: true }) @Type(() => SeedVisit) visits: SeedVisit[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => SeedMemorandum) memoranda: SeedMemorandum[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => SeedContract) contracts: SeedContract[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => SeedFollowUp) followUps: SeedFollowUp[];
}

export interface SeedData {
  parties: SeedParty[];
  people: SeedPerson[];
  articles: { meta: SeedArticleMeta; text: string; file: SeedArticleFile }[];
}

export class SeedDataError extends Error {}

function validated<T extends object>(cls: new () => T, plain: unknown, where: string): T {
  const instance = plainToInstance(cls, plain);
  const errors: ValidationError[] = validateSync(instance, { forbidUnknownValues: true, whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const lines = flattenValidationErrors(errors).map((error) => `  ${error.field}: ${error.message}`);
    throw new SeedDataError(`${where} does not match the seed schema:\n${lines.join('\n')}`);
  }
  return instance;
}

/** Loads and validates every seed file, and checks what a schema cannot: keys resolve, quotes are verbatim. */
export function loadSeedData(seedDir: string): SeedData {
  const read = (file: string): unknown => parse(fs.readFileSync(path.join(seedDir, file), 'utf8'));
  const parties = (read('data/parties.yaml') as unknown[]).map((p, i) => validated(SeedParty, p, `data/parties.yaml item ${i}`));
  const people = (read('data/people.yaml') as unknown[]).map((p, i) => validated(SeedPerson, p, `data/people.yaml item ${i}`));
  const articleFiles = fs
    .readdirSync(path.join(seedDir, 'data', 'articles'))
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  const articles = articleFiles.map((name) => {
    const file = validated(SeedArticleFile, read(`data/articles/${name}`), `data/articles/${name}`);
    // Normalised as every source is on intake, so a seeded article pasted again is recognised as the same text.
    const text = normalizeSourceText(fs.readFileSync(path.join(seedDir, 'articles', file.article.key), 'utf8'));
    return { meta: file.article, text, file };
  });
  checkIntegrity({ parties, people, articles });
  return { parties, people, articles };
}

function checkIntegrity(data: SeedData): void {
  const problems: string[] = [];
  const unique = (kind: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) problems.push(`${kind} key ${key} is used twice`);
      seen.add(key);
    }
    return seen;
  };
  const parties = unique(
    'party',
    data.parties.map((p) => p.key),
  );
  const people = unique(
    'person',
    data.people.map((p) => p.key),
  );
  const all = data.articles.map((a) => a.file);
  const visits = unique(
    'visit',
    all.flatMap((f) => f.visits.map((v) => v.key)),
  );
  const memoranda = unique(
    'memorandum',
    all.flatMap((f) => f.memoranda.map((m) => m.key)),
  );
  const contracts = unique(
    'contract',
    all.flatMap((f) => f.contracts.map((c) => c.key)),
  );
  unique(
    'follow-up',
    all.flatMap((f) => f.followUps.map((u) => u.key)),
  );
  const ref = (set: Set<string>, key: string | null | undefined, where: string) => {
    if (key && !set.has(key)) problems.push(`${where} refers to unknown ${key}`);
  };
  for (const party of data.parties) ref(parties, party.parent, `party ${party.key}`);
  for (const person of data.people) ref(parties, person.party, `person ${person.key}`);
  for (const { meta, text, file } of data.articles) {
    const cite = (record: SeedRecord) => {
      for (const source of record.sources) {
        if (!text.includes(source.quote)) problems.push(`${record.key}: quote not found verbatim in ${meta.key}: "${source.quote.slice(0, 60)}"`);
      }
    };
    for (const v of file.visits) {
      cite(v);
      ref(parties, v.visitingParty, v.key);
      v.hosts.forEach((host) => ref(parties, host, v.key));
      ref(people, v.delegationHead, v.key);
      ref(visits, v.previousVisit, v.key);
    }
    for (const m of file.memoranda) {
      cite(m);
      ref(visits, m.visit, m.key);
      m.parties.forEach((p) => ref(parties, p.party, m.key));
      (m.signatories ?? []).forEach((s) => {
        ref(people, s.person, m.key);
        ref(parties, s.party, m.key);
      });
    }
    for (const c of file.contracts) {
      cite(c);
      ref(memoranda, c.memorandum, c.key);
      ref(visits, c.visit, c.key);
      c.parties.forEach((p) => ref(parties, p.party, c.key));
      if ((c.amount === null) !== (c.currency === null)) problems.push(`${c.key}: amount and currency go together`);
    }
    for (const u of file.followUps) {
      cite(u);
      ref(parties, u.responsibleParty, u.key);
      ref(people, u.responsiblePerson, u.key);
      ref(visits, u.visit, u.key);
      ref(memoranda, u.memorandum, u.key);
      ref(contracts, u.contract, u.key);
      if (!u.visit && !u.memorandum && !u.contract) problems.push(`${u.key}: a follow-up links to a visit, memorandum or contract`);
    }
  }
  if (problems.length) throw new SeedDataError(`The seed data is inconsistent:\n  ${problems.join('\n  ')}`);
}
