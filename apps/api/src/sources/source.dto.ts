import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DatePrecision, Language } from '@prisma/client';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { PageMetaDto } from '../http/common.dto.js';
import { ListQueryDto, SortQuery, EnumListQuery } from '../http/list-query.dto.js';
import { CITING_RECORD_TYPES, type CitingEntity } from '../domain/record-types.js';
import { RELATED_LIST_CAP } from '../domain/related-lists.js';
import { NullableText, NullableDate, OptionalDate, OptionalPrecision, OptionalText } from '../http/fields.js';
import { MAX_TEXT_CHARS } from './intake/source-text.js';

export const SOURCE_SORT_FIELDS = ['key', 'publishedOn', 'createdAt'] as const;

/** What staff and integrators send about a press release besides its text, shared by create and update. */
class SourceFieldsDto {
  @ApiPropertyOptional({ enum: Language, description: 'kk, ru or en; detected from the letters of the text when not given.' })
  @IsOptional()
  @IsEnum(Language, { message: `language must be one of ${Object.values(Language).join(', ')}` })
  language?: Language;

  @OptionalText(200, 'The outlet that published it, e.g. 16news.kz.')
  outlet?: string | null;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, type: String, example: 'https://www.gov.kz/memleket/entities/pavlodar/press/news/details/1' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http or https address' })
  @MaxLength(2000)
  url?: string | null;

  @OptionalDate('When it was published, as precisely as known.')
  publishedOn?: string | null;

  @OptionalPrecision('How precisely publishedOn is known (day by default when a date is given).')
  publishedOnPrecision?: DatePrecision;
}

export class CreateSourceDto extends SourceFieldsDto {
  @ApiProperty({ maxLength: 500, description: 'The headline as published (or as the analyst writes it when there is none).' })
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(500)
  title: string;

  @ApiProperty({
    maxLength: MAX_TEXT_CHARS,
    description:
      'The full text. Normalised once (Unicode NFC, LF line endings, no control characters) and then stored byte for byte; ' +
      'citations quote it verbatim. The same text twice is a 409 naming the source that has it.',
  })
  @IsString()
  @IsNotEmpty({ message: 'text must not be empty' })
  @MaxLength(MAX_TEXT_CHARS)
  text: string;
}

export class UpdateSourceDto extends SourceFieldsDto {
  @OptionalText(500, 'The headline as published (or as the analyst writes it when there is none).')
  title?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEXT_CHARS, description: 'Only while nothing cites the source: a quoted text never changes.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'text must not be empty' })
  @MaxLength(MAX_TEXT_CHARS)
  text?: string;
}

export class SourceListQueryDto extends ListQueryDto {
  @SortQuery(SOURCE_SORT_FIELDS, { default: 'key', description: 'publishedOn sorts undated articles last either way.' })
  sort?: string;

  @EnumListQuery('language', Language, 'Comma-separated languages (any of them).', ['ru', 'kk'])
  language?: Language[];
}

export class SourceArticleSummaryDto {
  @ApiProperty({ example: '003_95d8b3d6152c2cac.txt', description: 'The article’s file name; citations name it.' })
  key: string;

  @ApiProperty({ enum: Language })
  language: Language;

  @ApiProperty()
  title: string;

  @NullableText()
  outlet: string | null;

  @NullableText()
  url: string | null;

  @NullableDate()
  publishedOn: string | null;

  @ApiProperty({ enum: DatePrecision })
  publishedOnPrecision: DatePrecision;

  @ApiProperty({ description: 'Hex SHA-256 of the UTF-8 text.' })
  sha256: string;

  @ApiProperty({ type: 'integer', description: 'How many citations quote this article.' })
  citationCount: number;

  @ApiProperty({ type: 'integer', description: 'Send it back in If-Match to change the source.' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  archivedAt: string | null;
}

export class SourceCitationDto {
  @ApiProperty()
  quote: string;

  @ApiProperty({ enum: CITING_RECORD_TYPES.map((type) => type.entityType) })
  recordType!: CitingEntity;

  @ApiProperty({ format: 'uuid' })
  recordId: string;
}

export class SourceArticleDto extends SourceArticleSummaryDto {
  @ApiProperty({ description: 'The full text the citations quote verbatim.' })
  text: string;

  @ApiProperty({
    type: [SourceCitationDto],
    maxItems: RELATED_LIST_CAP,
    description: `The first ${RELATED_LIST_CAP} citations, oldest first; citationCount says how many in all, links where to find every citing record.`,
  })
  citations: SourceCitationDto[];

  @ApiProperty({
    type: 'object',
    description: 'For each type of record that cites sources, the path of its list filtered to the records citing this one, paged.',
    properties: Object.fromEntries(
      CITING_RECORD_TYPES.map((type) => [type.route, { type: 'string', example: `/api/v1/${type.route}?article=003_95d8b3d6152c2cac.txt` }]),
    ),
    required: CITING_RECORD_TYPES.map((type) => type.route),
    additionalProperties: false,
  })
  links: Record<string, string>;
}

/** The list routes that give every record citing the source `key` (each type's `?article=` filter). */
export function citingRecordLinks(key: string): Record<string, string> {
  return Object.fromEntries(CITING_RECORD_TYPES.map((type) => [type.route, `/api/v1/${type.route}?article=${encodeURIComponent(key)}`]));
}

export class SourceArticlePageDto {
  @ApiProperty({ type: [SourceArticleSummaryDto] })
  data: SourceArticleSummaryDto[];

  @ApiProperty({ type: PageMetaDto })
  meta: PageMetaDto;
}

export const MENTION_KINDS = ['party', 'person', 'date', 'amount', 'count'] as const;

export class MentionDto {
  @ApiProperty({ enum: MENTION_KINDS })
  kind: (typeof MENTION_KINDS)[number];

  @ApiProperty({ type: 'integer', description: 'Offset of the first UTF-16 code unit in the stored text (JavaScript string index).' })
  start: number;

  @ApiProperty({ type: 'integer', description: 'Offset just past the mention: text.slice(start, end) is the mention.' })
  end: number;

  @ApiProperty({ description: 'The words as they stand in the text, inflected («Павлодарской области»).' })
  text: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The party named (kind party).' })
  partyId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The person named (kind person).' })
  personId?: string;

  @ApiPropertyOptional({
    description: 'date: { date: YYYY-MM-DD, precision: day | month | year }; amount: { amount: decimal string, currency }; count: { count }.',
    type: 'object',
    additionalProperties: true,
  })
  value?: object;
}

export class MentionsDto {
  @ApiProperty({ type: [MentionDto] })
  data: MentionDto[];
}
