import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { DatePrecision, Language } from '@prisma/client';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional } from 'class-validator';
import { PageMetaDto } from '../http/common.dto.js';
import { ListQueryDto, SortQuery, toList } from '../http/list-query.dto.js';
import { CITING_RECORD_TYPES, type CitingEntity } from '../domain/record-types.js';
import { NullableText, NullableDate } from '../http/fields.js';

export const SOURCE_SORT_FIELDS = ['key', 'publishedOn'] as const;

/** Articles are never archived, so the list takes no includeArchived. */
export class SourceListQueryDto extends OmitType(ListQueryDto, ['includeArchived'] as const) {
  @SortQuery(SOURCE_SORT_FIELDS, { default: 'key', description: 'publishedOn sorts undated articles last either way.' })
  sort?: string;

  @ApiPropertyOptional({ description: 'Comma-separated languages.', example: 'ru,kk' })
  @IsOptional()
  @Transform(toList)
  @IsEnum(Language, { each: true, message: `language must be a comma-separated list of ${Object.values(Language).join(', ')}` })
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

  @ApiProperty({ description: 'How many citations quote this article.' })
  citationCount: number;
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

  @ApiProperty({ type: [SourceCitationDto] })
  citations: SourceCitationDto[];
}

export class SourceArticlePageDto {
  @ApiProperty({ type: [SourceArticleSummaryDto] })
  data: SourceArticleSummaryDto[];

  @ApiProperty({ type: PageMetaDto })
  meta: PageMetaDto;
}
