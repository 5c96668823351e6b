import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { FieldChange, HistoryPage } from '../domain/history.service.js';
import { EXTERNAL_ID_PATTERN } from '../domain/record-helpers.js';
import { OptionalNotNull, PageQueryDto, pageWindow } from './list-query.dto.js';
import { NullableText } from './fields.js';

/** The most items a nested list in a request body (parties, signatories, citations) may hold. */
export const MAX_NESTED_ITEMS = 50;

/**
 * An optional list of nested objects that replaces the record's list when given. `[]` empties it; `null` is refused
 * rather than read as "leave it", so a client cannot mistake one for the other.
 */
export function NestedList(itemType: new () => object, description: string, minItems?: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [itemType], maxItems: MAX_NESTED_ITEMS, ...(minItems ? { minItems } : {}), description }),
    OptionalNotNull(),
    IsArray(),
    ArrayMaxSize(MAX_NESTED_ITEMS),
    // ValidateNested lets an array inside the list through unchecked (`parties: [[]]` reached the service: a 500).
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => itemType),
  );
}

export class SourceInputDto {
  @ApiProperty({ description: 'Source key: a seeded article’s file name or the key POST /api/v1/sources gave.', example: '003_95d8b3d6152c2cac.txt' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  article: string;

  @ApiProperty({ description: 'A passage quoted verbatim from the article.', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  quote: string;
}

/** The `sources` field of every cited record's create and update bodies. */
export const CitationsField = () => NestedList(SourceInputDto, 'Replaces all citations when given; [] removes them all.');

const EXTERNAL_ID_DESCRIPTION =
  'The id another system gives the record (1 to 200 printable ASCII characters, no spaces), unique per record type: PUT /api/v1/<resource>/by-external-id/{externalId} upserts by it.';

/** The fields every versioned record's create and update bodies share. */
export class RecordFieldsDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 200,
    pattern: EXTERNAL_ID_PATTERN.source,
    description: `${EXTERNAL_ID_DESCRIPTION} null clears it.`,
  })
  @IsOptional()
  @IsString()
  @Matches(EXTERNAL_ID_PATTERN, { message: 'externalId must be 1 to 200 printable ASCII characters without spaces' })
  externalId?: string | null;
}

/** What every versioned record returns: its id, its version (the ETag) and its timestamps. */
export class VersionedRecordDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ nullable: true, type: String, description: EXTERNAL_ID_DESCRIPTION })
  externalId: string | null;

  @ApiProperty({ type: 'integer', description: 'Send it back in If-Match to change the record.' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  archivedAt: string | null;
}

/** A versioned record with a title in each language (visits, memoranda, contracts, follow-ups). */
export class TitledRecordDto extends VersionedRecordDto {
  @NullableText()
  titleKk: string | null;

  @NullableText()
  titleRu: string | null;

  @NullableText()
  titleEn: string | null;
}

export class SourceDto {
  @ApiProperty({ example: '003_95d8b3d6152c2cac.txt' })
  article: string;

  @ApiProperty()
  quote: string;
}

export class TransitionDto {
  @ApiProperty({ description: 'The target status; GET the record to see `allowedTransitions`.' })
  @IsString()
  @IsNotEmpty()
  to: string;

  @ApiPropertyOptional({ description: 'Why the status changes; kept in the history.', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

/** The changed fields of an edit, as history entries and change-feed events carry them. */
export const FIELD_CHANGES_PROPERTY: ApiPropertyOptions = {
  description:
    'Changed fields: `{ field: { from, to } }`; a list of members (`parties`, `hosts`, `signatories`) says who joined and who left: `{ parties: { added: [{ party, role }], removed: [...] } }`.',
  type: 'object',
  additionalProperties: {
    oneOf: [
      { type: 'object', properties: { from: {}, to: {} }, required: ['from', 'to'] },
      {
        type: 'object',
        properties: {
          added: { type: 'array', items: { type: 'object', additionalProperties: true } },
          removed: { type: 'array', items: { type: 'object', additionalProperties: true } },
        },
        required: ['added', 'removed'],
      },
    ],
  },
};

export class HistoryActorDto {
  @ApiProperty({ enum: ['user', 'api_key', 'system'] })
  type: string;

  @NullableText()
  id: string | null;

  @ApiProperty()
  name: string;
}

export class HistoryEntryDto {
  @ApiProperty({ enum: ['status', 'edit'] })
  kind: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: HistoryActorDto })
  actor: HistoryActorDto;

  @ApiProperty({ enum: ['create', 'update', 'archive', 'restore', 'transition'] })
  action: string;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'The record’s version after the change (absent only on status changes recorded before versions were kept with them).',
  })
  version?: number;

  @ApiPropertyOptional({ description: 'Status before a status change.' })
  from?: string;

  @ApiPropertyOptional({ description: 'Status after a status change.' })
  to?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  comment?: string | null;

  @ApiPropertyOptional(FIELD_CHANGES_PROPERTY)
  changes?: Record<string, FieldChange>;
}

export class PageMetaDto {
  @ApiProperty({
    type: 'integer',
    description: 'How many records match: exact up to 10,000; beyond that 10,000, with `totalIsLowerBound` set.',
  })
  total: number;

  @ApiProperty({ type: 'integer' })
  limit: number;

  @ApiProperty({ type: 'integer' })
  offset: number;

  @ApiPropertyOptional({
    type: Boolean,
    enum: [true],
    description: 'Present (true) when more than 10,000 records match: `total` is then 10,000, a lower bound. Page on with `offset`.',
  })
  totalIsLowerBound?: true;
}

/** The meta of a record list's page: also where a sync read goes on (README "Syncing from the lists"). */
export class ListPageMetaDto extends PageMetaDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Read with updatedSince or cursor: the cursor after the last record of this page (or the position read from, when the page is empty); send it as `cursor` for the next page, and keep the last one to sync again later. Otherwise null.',
  })
  nextCursor: string | null;
}

/** One page of a record's history (newest first; 20 entries unless `limit` says otherwise). */
export class HistoryQueryDto extends PageQueryDto {}

export class HistoryDto {
  @ApiProperty({ type: [HistoryEntryDto] })
  data: HistoryEntryDto[];

  @ApiProperty({ type: PageMetaDto })
  meta: PageMetaDto;
}

/** A history page as the routes answer it. */
export function historyPage(page: HistoryPage, query: HistoryQueryDto): HistoryDto {
  return { data: page.data, meta: { total: page.total, ...pageWindow(query) } };
}

/** A name or title in the three languages of the register. */
export class NameDto {
  @NullableText()
  kk: string | null;

  @NullableText()
  ru: string | null;

  @NullableText()
  en: string | null;
}
