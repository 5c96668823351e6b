import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DatePrecision, MemorandumKind, MemorandumPartyRole, MemorandumStatus, Sphere } from '@prisma/client';
import { ArrayUnique, IsArray, IsEnum, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { RECORD_TYPES } from '../domain/record-types.js';
import { CitationsField, NameDto, NestedList, ListPageMetaDto, SourceDto, type SourceInputDto, TitledRecordDto, RecordFieldsDto } from '../http/common.dto.js';
import { ArticleQuery, IncludeQuery, IsCalendarDate, RecordListQueryDto, SortQuery, StatusQuery, EnumListQuery } from '../http/list-query.dto.js';
import {
  DateQuery,
  EmbeddedRecord,
  EmbeddedRecords,
  RelatedCount,
  RelatedIds,
  RelatedLinks,
  IdQuery,
  NullableDate,
  NullableId,
  NullableText,
  OptionalDate,
  OptionalId,
  OptionalPrecision,
  OptionalText,
} from '../http/fields.js';
import { ContractSummaryDto, FollowUpSummaryDto, VisitSummaryDto } from '../http/embedded.dto.js';
import { OneLanguageRequired, SchemaRule } from '../http/openapi-contract.js';

export const MEMORANDUM_SORT_FIELDS = ['signedOn', 'createdAt', 'updatedAt', 'quantity', 'status'] as const;

export class MemorandumPartyInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partyId: string;

  @ApiPropertyOptional({ enum: MemorandumPartyRole, default: MemorandumPartyRole.signatory })
  @IsOptional()
  @IsEnum(MemorandumPartyRole)
  role?: MemorandumPartyRole;
}

export class MemorandumSignatoryInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The party signed for, when not the person’s own.', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  partyId?: string | null;
}

/** Fields shared by create and update; every one optional here, requirements are enforced by the service. */
class MemorandumFieldsDto extends RecordFieldsDto {
  @ApiPropertyOptional({ enum: MemorandumKind, default: MemorandumKind.memorandum })
  @IsOptional()
  @IsEnum(MemorandumKind)
  kind?: MemorandumKind;

  @OptionalText(500, 'Title in Kazakh. At least one title is required.')
  titleKk?: string | null;

  @OptionalText(500)
  titleRu?: string | null;

  @OptionalText(500)
  titleEn?: string | null;

  @OptionalText(5000)
  summaryKk?: string | null;

  @OptionalText(5000)
  summaryRu?: string | null;

  @OptionalText(5000)
  summaryEn?: string | null;

  @OptionalDate('Stored as the first day of its period (see signedOnPrecision).')
  signedOn?: string | null;

  @OptionalPrecision('Defaults to day when signedOn is given, unknown otherwise.')
  signedOnPrecision?: DatePrecision;

  @ApiPropertyOptional({ enum: Sphere, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsEnum(Sphere, { each: true })
  spheres?: Sphere[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10000, default: 1, description: 'How many documents this record stands for.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  quantity?: number;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string | null;

  @OptionalId('The visit during which it was signed.')
  visitId?: string | null;

  @OptionalText(5000)
  note?: string | null;

  @NestedList(MemorandumPartyInputDto, 'Who agreed: at least one party on create; replaces all parties when given (never empty).', 1)
  parties?: MemorandumPartyInputDto[];

  @NestedList(MemorandumSignatoryInputDto, 'Replaces all signatories when given.')
  signatories?: MemorandumSignatoryInputDto[];

  @CitationsField()
  sources?: SourceInputDto[];
}

@OneLanguageRequired('title')
@SchemaRule({ required: ['parties'] })
export class CreateMemorandumDto extends MemorandumFieldsDto {
  @ApiPropertyOptional({
    enum: MemorandumStatus,
    description: 'Initial status; later changes go through transitions. When absent: signed if signedOn is given, else draft.',
  })
  @IsOptional()
  @IsEnum(MemorandumStatus)
  status?: MemorandumStatus;
}

export class UpdateMemorandumDto extends MemorandumFieldsDto {
  // Not in the document: PATCH takes no status; the refusal names the transitions route.
  @IsOptional()
  @IsIn([], { message: 'status cannot be changed with PATCH: use POST /api/v1/memoranda/{id}/transitions' })
  status?: string;
}

const MEMORANDUM_INCLUDES = ['visit', 'contracts', 'followUps'] as const;

export class MemorandumListQueryDto extends RecordListQueryDto {
  @SortQuery(MEMORANDUM_SORT_FIELDS, { default: '-signedOn' })
  sort?: string;

  @StatusQuery(MemorandumStatus, 'signed,in_progress')
  status?: MemorandumStatus[];

  @IdQuery('A party taking part, in any role.')
  party?: string;

  @IdQuery('A region: memoranda with a party in it or under it.')
  region?: string;

  @EnumListQuery('sphere', Sphere, 'Comma-separated spheres (any of them).', ['trade', 'industry'])
  sphere?: Sphere[];

  @DateQuery()
  signedFrom?: string;

  @DateQuery()
  signedTo?: string;

  @IdQuery('The visit it was signed during.')
  visit?: string;

  @ArticleQuery()
  article?: string;

  @IncludeQuery(MEMORANDUM_INCLUDES)
  include?: string[];
}

export class MemorandumIncludeQueryDto {
  @IncludeQuery(MEMORANDUM_INCLUDES)
  include?: string[];
}

export class MemorandumPartyDto {
  @ApiProperty({ format: 'uuid' })
  partyId: string;

  @ApiProperty({ enum: MemorandumPartyRole })
  role: MemorandumPartyRole;

  @ApiProperty({ type: NameDto })
  name: NameDto;
}

export class MemorandumSignatoryDto {
  @ApiProperty({ format: 'uuid' })
  personId: string;

  @NullableId()
  partyId: string | null;

  @ApiProperty({ type: NameDto })
  name: NameDto;
}

export class MemorandumDto extends TitledRecordDto {
  @ApiProperty({ enum: MemorandumKind })
  kind: MemorandumKind;

  @NullableText()
  summaryKk: string | null;

  @NullableText()
  summaryRu: string | null;

  @NullableText()
  summaryEn: string | null;

  @NullableDate()
  signedOn: string | null;

  @ApiProperty({ enum: DatePrecision })
  signedOnPrecision: DatePrecision;

  @ApiProperty({ enum: Sphere, isArray: true })
  spheres: Sphere[];

  @ApiProperty({ type: 'integer' })
  quantity: number;

  @NullableDate()
  validUntil: string | null;

  @NullableId()
  visitId: string | null;

  @ApiProperty({ enum: MemorandumStatus })
  status: MemorandumStatus;

  @ApiProperty({ enum: MemorandumStatus, isArray: true, description: 'Statuses this record may move to next.' })
  allowedTransitions: MemorandumStatus[];

  @NullableText()
  note: string | null;

  @ApiProperty({ type: [MemorandumPartyDto] })
  parties: MemorandumPartyDto[];

  @ApiProperty({ type: [MemorandumSignatoryDto] })
  signatories: MemorandumSignatoryDto[];

  @RelatedIds('Live contracts implementing it')
  contractIds: string[];

  @RelatedCount('contractIds')
  contractCount: number;

  @RelatedIds('Live follow-ups promised in it')
  followUpIds: string[];

  @RelatedCount('followUpIds')
  followUpCount: number;

  @ApiProperty({ type: [SourceDto] })
  sources: SourceDto[];

  @RelatedLinks(RECORD_TYPES.memorandum)
  links: Record<string, string>;

  @EmbeddedRecord(VisitSummaryDto, 'Embedded with ?include=visit.')
  visit?: VisitSummaryDto | null;

  @EmbeddedRecords(ContractSummaryDto, 'Embedded with ?include=contracts.')
  contracts?: ContractSummaryDto[];

  @EmbeddedRecords(FollowUpSummaryDto, 'Embedded with ?include=followUps.')
  followUps?: FollowUpSummaryDto[];
}

export class MemorandumPageDto {
  @ApiProperty({ type: [MemorandumDto] })
  data: MemorandumDto[];

  @ApiProperty({ type: ListPageMetaDto })
  meta: ListPageMetaDto;
}
