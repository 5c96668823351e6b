import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ContractPartyRole, ContractStatus, DatePrecision } from '@prisma/client';
import { Transform } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { RECORD_TYPES } from '../domain/record-types.js';
import { CitationsField, NameDto, NestedList, ListPageMetaDto, SourceDto, type SourceInputDto, TitledRecordDto, RecordFieldsDto } from '../http/common.dto.js';
import { ArticleQuery, IncludeQuery, RecordListQueryDto, OptionalNotNull, SortQuery, StatusQuery, toList } from '../http/list-query.dto.js';
import { IsAmount } from './amount.js';
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
import { FollowUpSummaryDto, MemorandumSummaryDto, VisitSummaryDto } from '../http/embedded.dto.js';
import { OneLanguageRequired, SchemaRule } from '../http/openapi-contract.js';

export const CONTRACT_SORT_FIELDS = ['signedOn', 'amount', 'createdAt', 'updatedAt', 'status'] as const;
export const CONTRACT_INCLUDES = ['memorandum', 'visit', 'followUps'] as const;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const CURRENCY_MESSAGE = 'must be an ISO 4217 code of 3 upper-case letters, e.g. KZT';

export class ContractPartyInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partyId: string;

  @ApiProperty({ enum: ContractPartyRole })
  @IsEnum(ContractPartyRole)
  role: ContractPartyRole;
}

/** Fields shared by create and update; every one optional here, requirements are enforced by the service. */
class ContractFieldsDto extends RecordFieldsDto {
  @OptionalText(500, 'Title in Kazakh. At least one title is required.')
  titleKk?: string | null;

  @OptionalText(500)
  titleRu?: string | null;

  @OptionalText(500)
  titleEn?: string | null;

  @OptionalText(5000, 'What is supplied or done under the contract.')
  subjectKk?: string | null;

  @OptionalText(5000)
  subjectRu?: string | null;

  @OptionalText(5000)
  subjectEn?: string | null;

  @ApiPropertyOptional({
    // OpenAPI 3.0 allows `nullable` only beside a type, so null rides on the string branch.
    oneOf: [
      { type: 'string', pattern: '^\\d{1,18}(\\.\\d{1,2})?$', nullable: true },
      { type: 'number', minimum: 0 },
    ],
    example: '60000000.50',
    description: 'At least 0, at most 2 decimal places and 18 digits before the point. Send amounts of more than 15 digits as a string.',
  })
  @IsOptional()
  @IsAmount()
  amount?: string | number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    pattern: CURRENCY_PATTERN.source,
    example: 'KZT',
    description: 'ISO 4217; required with amount, null without.',
  })
  @IsOptional()
  @Matches(CURRENCY_PATTERN, { message: `currency ${CURRENCY_MESSAGE}` })
  currency?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10000, default: 1, description: 'How many contracts this record stands for.' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(10000)
  quantity?: number;

  @OptionalDate('Stored as the first day of its period (see signedOnPrecision).')
  signedOn?: string | null;

  @OptionalPrecision('Defaults to day when signedOn is given, unknown otherwise.')
  signedOnPrecision?: DatePrecision;

  @OptionalId('The memorandum it implements.')
  memorandumId?: string | null;

  @OptionalId('The visit during which it was signed.')
  visitId?: string | null;

  @OptionalText(5000)
  note?: string | null;

  @NestedList(ContractPartyInputDto, 'At least one party on create; replaces all parties when given (never empty). A party may appear once per role.', 1)
  parties?: ContractPartyInputDto[];

  @CitationsField()
  sources?: SourceInputDto[];
}

@OneLanguageRequired('title')
@SchemaRule({ required: ['parties'] })
export class CreateContractDto extends ContractFieldsDto {
  @ApiPropertyOptional({
    enum: ContractStatus,
    description: 'Initial status; later changes go through transitions. When absent: signed if signedOn is given, else negotiating.',
  })
  @IsOptional()
  @IsEnum(ContractStatus)
  status?: ContractStatus;
}

export class UpdateContractDto extends ContractFieldsDto {
  // Not in the document: PATCH takes no status; the refusal names the transitions route.
  @IsOptional()
  @IsIn([], { message: 'status cannot be changed with PATCH: use POST /api/v1/contracts/{id}/transitions' })
  status?: string;
}

export class ContractIncludeQueryDto {
  @IncludeQuery(CONTRACT_INCLUDES)
  include?: string[];
}

export class ContractListQueryDto extends RecordListQueryDto {
  @SortQuery(CONTRACT_SORT_FIELDS, { default: '-signedOn' })
  sort?: string;

  @StatusQuery(ContractStatus, 'signed,in_execution')
  status?: ContractStatus[];

  @IdQuery('A party taking part, in any role.')
  party?: string;

  @IdQuery('A region: contracts with a party in it or under it.')
  region?: string;

  @DateQuery()
  signedFrom?: string;

  @DateQuery()
  signedTo?: string;

  @IdQuery('The memorandum it implements.')
  memorandum?: string;

  @IdQuery('The visit it was signed during.')
  visit?: string;

  @ApiPropertyOptional({
    description: 'Comma-separated ISO 4217 codes (any of them); any three upper-case letters are accepted.',
    type: 'array',
    items: { type: 'string', pattern: CURRENCY_PATTERN.source },
    example: ['KZT', 'RUB'],
  })
  @IsOptional()
  @Transform(toList)
  @Matches(CURRENCY_PATTERN, { each: true, message: `currency must be a comma-separated list of codes that each ${CURRENCY_MESSAGE}` })
  currency?: string[];

  @ArticleQuery()
  article?: string;

  @IncludeQuery(CONTRACT_INCLUDES)
  include?: string[];
}

export class ContractPartyDto {
  @ApiProperty({ format: 'uuid' })
  partyId: string;

  @ApiProperty({ enum: ContractPartyRole })
  role: ContractPartyRole;

  @ApiProperty({ type: NameDto })
  name: NameDto;
}

export class ContractDto extends TitledRecordDto {
  @NullableText()
  subjectKk: string | null;

  @NullableText()
  subjectRu: string | null;

  @NullableText()
  subjectEn: string | null;

  @ApiProperty({ nullable: true, type: String, example: '60000000.50', description: 'A decimal string with 2 decimal places, exact.' })
  amount: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'KZT' })
  currency: string | null;

  @ApiProperty({ type: 'integer' })
  quantity: number;

  @NullableDate()
  signedOn: string | null;

  @ApiProperty({ enum: DatePrecision })
  signedOnPrecision: DatePrecision;

  @NullableId()
  memorandumId: string | null;

  @NullableId()
  visitId: string | null;

  @ApiProperty({ enum: ContractStatus })
  status: ContractStatus;

  @ApiProperty({ enum: ContractStatus, isArray: true, description: 'Statuses this record may move to next.' })
  allowedTransitions: ContractStatus[];

  @NullableText()
  note: string | null;

  @ApiProperty({ type: [ContractPartyDto] })
  parties: ContractPartyDto[];

  @RelatedIds('Live follow-ups promised under it')
  followUpIds: string[];

  @RelatedCount('followUpIds')
  followUpCount: number;

  @ApiProperty({ type: [SourceDto] })
  sources: SourceDto[];

  @RelatedLinks(RECORD_TYPES.contract)
  links: Record<string, string>;

  @EmbeddedRecord(MemorandumSummaryDto, 'Embedded with ?include=memorandum.')
  memorandum?: MemorandumSummaryDto | null;

  @EmbeddedRecord(VisitSummaryDto, 'Embedded with ?include=visit.')
  visit?: VisitSummaryDto | null;

  @EmbeddedRecords(FollowUpSummaryDto, 'Embedded with ?include=followUps.')
  followUps?: FollowUpSummaryDto[];
}

export class ContractPageDto {
  @ApiProperty({ type: [ContractDto] })
  data: ContractDto[];

  @ApiProperty({ type: ListPageMetaDto })
  meta: ListPageMetaDto;
}
