import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PartyKind } from '@prisma/client';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsISO31661Alpha2, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { NameDto, ListPageMetaDto, VersionedRecordDto, RecordFieldsDto } from '../http/common.dto.js';
import { ArticleQuery, IncludeQuery, RecordListQueryDto, SortQuery, EnumListQuery } from '../http/list-query.dto.js';
import { RECORD_TYPES } from '../domain/record-types.js';
import { IdQuery, NullableId, NullableText, OptionalText, RelatedCount, RelatedIds, RelatedLinks } from '../http/fields.js';
import { RELATED_LIST_CAP } from '../domain/related-lists.js';
import { OneLanguageRequired } from '../http/openapi-contract.js';

export const PARTY_SORT_FIELDS = ['nameRu', 'nameKk', 'nameEn', 'createdAt', 'updatedAt', 'kind'] as const;
const COUNTRY_CODE = /^[A-Z]{2}$/;
const COUNTRY_MESSAGE = 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. KZ';

/** A related record named in a response: its id and its name in every language. */
export class RecordRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: NameDto })
  name: NameDto;
}

/** Fields shared by create and update; every one optional here, requirements are enforced by the service. */
class PartyFieldsDto extends RecordFieldsDto {
  @OptionalText(500, 'Name in Kazakh. At least one name is required.')
  nameKk?: string | null;

  @OptionalText(500)
  nameRu?: string | null;

  @OptionalText(500)
  nameEn?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description: 'Abbreviations and other spellings search also finds (ВКО, ШҚО, EKR), each up to 100 characters.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, example: 'KZ', description: 'ISO 3166-1 alpha-2, upper case.' })
  @IsOptional()
  @Matches(COUNTRY_CODE, { message: `countryCode ${COUNTRY_MESSAGE}` })
  @IsISO31661Alpha2({ message: 'countryCode is not an ISO 3166-1 alpha-2 country code' })
  countryCode?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The party this one belongs to (a region’s country, a city’s region). No cycles.',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

@OneLanguageRequired('name')
export class CreatePartyDto extends PartyFieldsDto {
  @ApiProperty({ enum: PartyKind })
  @IsEnum(PartyKind)
  kind: PartyKind;
}

export class UpdatePartyDto extends PartyFieldsDto {
  @ApiPropertyOptional({ enum: PartyKind })
  @IsOptional()
  @IsEnum(PartyKind)
  kind?: PartyKind;
}

export class PartyListQueryDto extends RecordListQueryDto {
  @SortQuery(PARTY_SORT_FIELDS, { default: 'nameRu' })
  sort?: string;

  @EnumListQuery('kind', PartyKind, 'Comma-separated kinds (any of them).', ['region', 'foreign_region'])
  kind?: PartyKind[];

  @IdQuery('Direct children of this party.')
  parent?: string;

  @ApiPropertyOptional({ example: 'KZ', description: 'ISO 3166-1 alpha-2 country code.' })
  @IsOptional()
  @Matches(COUNTRY_CODE, { message: `country ${COUNTRY_MESSAGE}` })
  country?: string;

  @IdQuery('A region: the region itself and every party under it.')
  region?: string;

  @ArticleQuery('Parties taking part in live records that cite this source article (file name).')
  article?: string;

  @IncludeQuery(['children'])
  include?: string[];
}

export class PartyIncludeQueryDto {
  @IncludeQuery(['children'])
  include?: string[];
}

export class PartyChildDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: PartyKind })
  kind: PartyKind;

  @ApiProperty({ type: NameDto })
  name: NameDto;
}

export class PartyDto extends VersionedRecordDto {
  @ApiProperty({ enum: PartyKind })
  kind: PartyKind;

  @NullableText()
  nameKk: string | null;

  @NullableText()
  nameRu: string | null;

  @NullableText()
  nameEn: string | null;

  @ApiProperty({ type: [String] })
  aliases: string[];

  @NullableText()
  countryCode: string | null;

  @NullableId()
  parentId: string | null;

  @ApiProperty({ type: RecordRefDto, nullable: true })
  parent: RecordRefDto | null;

  @RelatedIds('Live (not archived) parties directly under this one')
  childIds: string[];

  @RelatedCount('childIds')
  childCount: number;

  @RelatedLinks(RECORD_TYPES.party)
  links: Record<string, string>;

  @ApiPropertyOptional({
    type: [PartyChildDto],
    maxItems: RELATED_LIST_CAP,
    description: 'Embedded with ?include=children: the parties of childIds, in its order.',
  })
  children?: PartyChildDto[];
}

export class PartyPageDto {
  @ApiProperty({ type: [PartyDto] })
  data: PartyDto[];

  @ApiProperty({ type: ListPageMetaDto })
  meta: ListPageMetaDto;
}
