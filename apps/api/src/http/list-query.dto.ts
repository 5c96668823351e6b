import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ProblemException } from '../infrastructure/errors/problem.js';
import { decodeSyncCursor, SYNC_SAFETY_LAG_MS } from '../domain/sync-order.js';
import {
  ArrayMaxSize,
  buildMessage,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsRFC3339,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** The cap on rows of one CSV export (Accept: text/csv), which ignores the page-size default. */
export const CSV_EXPORT_LIMIT = 10_000;

export const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
/** "a,b" or repeated ?x=a&x=b, trimmed, empties dropped. */
export const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : String(value).split(','))
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);

export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Optional in PATCH, but never null: for fields a record cannot be without (a visiting party, a quantity). */
export const OptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

/** A real calendar date as YYYY-MM-DD: 2019-02-30 is refused, not read as 2 March. */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: { validate: isCalendarDate, defaultMessage: buildMessage((prefix) => `${prefix}$property must be a date as YYYY-MM-DD`, options) },
    },
    options,
  );
}

/** One page of something long: a list, a record's history. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  offset?: number;
}

/** Query parameters every list endpoint takes. Unknown parameters are rejected (400) by the global ValidationPipe. */
export class ListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive search for a word or part of one over names, titles and summaries in kk, ru and en.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Include archived records.', default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeArchived?: boolean;
}

/** The most records one `?ids=` asks for: a page. */
export const MAX_IDS = MAX_PAGE_SIZE;

/**
 * The list parameters of a versioned record type: its lists can be synced from (`updatedSince`, `cursor`; README
 * "Syncing from the lists") and read by ids.
 */
export class RecordListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: `Records updated at or after this instant (RFC 3339), in sync order: by updatedAt, then id, ascending. The answer pages by \`cursor\` (\`meta.nextCursor\`, \`Link: rel="next"\`) and holds back rows of the last ${SYNC_SAFETY_LAG_MS} ms and of transactions still running, so that nothing can later appear behind a cursor. Archived records are included only with includeArchived=true.`,
    format: 'date-time',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsRFC3339({ message: 'updatedSince must be an RFC 3339 date-time, e.g. 2026-12-01T00:00:00Z' })
  updatedSince?: string;

  @ApiPropertyOptional({
    description: 'The `meta.nextCursor` of a page read in sync order: the records after it, in the same order. Opaque; not with offset.',
    example: 'MTc2NDc1NTIwMjExMy4zZjBjMmI0Ni0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDE',
  })
  @IsOptional()
  @IsString()
  @ValidateBy(
    { name: 'isSyncCursor', validator: { validate: (value: unknown) => typeof value === 'string' && decodeSyncCursor(value) !== null } },
    { message: 'cursor must be a cursor a list returned' },
  )
  cursor?: string;

  @ApiPropertyOptional({
    description: `Only these records: comma-separated ids, at most ${MAX_IDS}. Ids with no record (or filtered out) are simply absent.`,
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    maxItems: MAX_IDS,
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(MAX_IDS, { message: `ids must list at most ${MAX_IDS} ids` })
  @IsUUID('all', { each: true, message: 'ids must be a comma-separated list of UUIDs' })
  ids?: string[];

  @ApiPropertyOptional({ description: 'The record with this external id (at most one).', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalId?: string;
}

/** `sort` of a list: each field ascending or, with a leading `-`, descending. */
export function SortQuery(fields: readonly string[], options: { default: string; description?: string }): PropertyDecorator {
  const values = fields.flatMap((field) => [field, `-${field}`]);
  return applyDecorators(
    ApiPropertyOptional({ enum: values, default: options.default, ...(options.description ? { description: options.description } : {}) }),
    IsOptional(),
    IsIn(values, { message: `sort must be one of ${values.join(', ')}` }),
  );
}

/**
 * A list filter of comma-separated values of an enum, any of which matches (`?sphere=trade,industry`); repeating the
 * parameter works too. The document says `style: form, explode: false` for every array query parameter
 * (http/openapi-contract.ts).
 */
export function EnumListQuery(name: string, values: Record<string, string>, description: string, example: string[]): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, enum: Object.values(values), isArray: true, example }),
    IsOptional(),
    Transform(toList),
    IsEnum(values, { each: true, message: `${name} must be a comma-separated list of ${Object.values(values).join(', ')}` }),
  );
}

/** `status` of a list: a comma-separated list of the record's statuses, any of which matches. */
export function StatusQuery(statuses: Record<string, string>, example: string): PropertyDecorator {
  return EnumListQuery('status', statuses, 'Comma-separated statuses (any of them).', example.split(','));
}

/** `include` of one record or a list: the related records to embed, comma-separated. */
export function IncludeQuery(includes: readonly string[]): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: 'Comma-separated related records to embed.', enum: [...includes], isArray: true }),
    IsOptional(),
    Transform(toList),
    IsIn(includes as string[], { each: true, message: `include must be a comma-separated list of ${includes.join(', ')}` }),
  );
}

/** `article` of a list: records cited from this source article. */
export function ArticleQuery(description = 'Cited from this source article (file name).'): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ description }), IsOptional(), IsString(), MaxLength(200));
}

export interface Page<T> {
  data: T[];
  meta: { total: number; limit: number; offset: number; totalIsLowerBound?: true };
}

/** A page of a record list: `nextCursor` is a string when it was read in sync order, otherwise null. */
export type RecordPage<T> = Page<T> & { meta: { nextCursor: string | null } };

export type OrderBy = Record<string, 'asc' | 'desc' | { sort: 'asc' | 'desc'; nulls: 'last' }>;

/**
 * Parses `sort=-signedOn` into a Prisma orderBy, with id as a tie-breaker so pages never overlap. Fields listed in
 * `nullsLast` put empty values last in both directions: undated or unnamed rows never lead a page.
 */
export function toOrderBy(sort: string | undefined, allowed: readonly string[], fallback: string, nullsLast: readonly string[] = []): OrderBy[] {
  const value = sort ?? fallback;
  const descending = value.startsWith('-');
  const field = descending ? value.slice(1) : value;
  if (!allowed.includes(field)) {
    throw ProblemException.validation([{ field: 'sort', message: `sort must be one of ${allowed.flatMap((name) => [name, `-${name}`]).join(', ')}` }]);
  }
  const direction = descending ? 'desc' : 'asc';
  return [{ [field]: nullsLast.includes(field) ? { sort: direction, nulls: 'last' } : direction }, { id: 'asc' }];
}

/** The rows a list answers: a capped page, or up to CSV_EXPORT_LIMIT rows for an export. */
export function pageWindow(query: PageQueryDto, exporting = false): { limit: number; offset: number } {
  return { limit: query.limit ?? (exporting ? CSV_EXPORT_LIMIT : DEFAULT_PAGE_SIZE), offset: query.offset ?? 0 };
}
