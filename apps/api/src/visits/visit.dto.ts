import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DatePrecision, VisitStatus } from '@prisma/client';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsIn, IsOptional, IsUUID } from 'class-validator';
import { RECORD_TYPES } from '../domain/record-types.js';
import { CitationsField, NameDto, ListPageMetaDto, SourceDto, type SourceInputDto, TitledRecordDto, RecordFieldsDto } from '../http/common.dto.js';
import { ArticleQuery, IncludeQuery, RecordListQueryDto, OptionalNotNull, SortQuery, StatusQuery } from '../http/list-query.dto.js';
import {
  DateQuery,
  EmbeddedRecord,
  EmbeddedRecords,
  IdList,
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
import { ContractSummaryDto, FollowUpSummaryDto, MemorandumSummaryDto, VisitSummaryDto } from '../http/embedded.dto.js';
import { OneLanguageRequired } from '../http/openapi-contract.js';

export const VISIT_SORT_FIELDS = ['startDate', 'createdAt', 'updatedAt', 'status'] as const;
export const VISIT_INCLUDES = ['memoranda', 'contracts', 'followUps', 'previousVisit'] as const;
const MAX_HOSTS = 50;

/** Fields shared by create and update; every one optional here, requirements are enforced by the service. */
class VisitFieldsDto extends RecordFieldsDto {
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

  @OptionalId('The person heading the delegation.')
  delegationHeadId?: string | null;

  @OptionalDate('Stored as the first day of its period (see startDatePrecision).')
  startDate?: string | null;

  @OptionalPrecision('Defaults to day when startDate is given, unknown otherwise.')
  startDatePrecision?: DatePrecision;

  @OptionalDate('Not before startDate.')
  endDate?: string | null;

  @OptionalPrecision('Defaults to day when endDate is given, unknown otherwise.')
  endDatePrecision?: DatePrecision;

  @OptionalText(500, 'Where the visit took place.')
  place?: string | null;

  @OptionalText(500, 'The event it was part of, e.g. a forum.')
  occasion?: string | null;

  @OptionalId('The earlier visit this one reciprocates or continues.')
  previousVisitId?: string | null;

  @OptionalText(5000)
  note?: string | null;

  @CitationsField()
  sources?: SourceInputDto[];
}

@OneLanguageRequired('title')
export class CreateVisitDto extends VisitFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'The party whose delegation travels.' })
  @IsUUID()
  visitingPartyId: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_HOSTS, description: 'The receiving parties.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOSTS)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  hostPartyIds: string[];

  @ApiPropertyOptional({
    enum: VisitStatus,
    description:
      'Initial status; later changes go through transitions. When absent: completed if the visit’s last known day (end, else start) has passed, else planned.',
  })
  @IsOptional()
  @IsEnum(VisitStatus)
  status?: VisitStatus;
}

export class UpdateVisitDto extends VisitFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Cannot be null.' })
  @OptionalNotNull()
  @IsUUID(undefined, { message: 'visitingPartyId must be a UUID: a visit always has a visiting party' })
  visitingPartyId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_HOSTS, description: 'Replaces all hosts when given.' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOSTS)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  hostPartyIds?: string[];

  // Not in the document: PATCH takes no status; the refusal names the transitions route.
  @IsOptional()
  @IsIn([], { message: 'status cannot be changed with PATCH: use POST /api/v1/visits/{id}/transitions' })
  status?: string;
}

export class VisitIncludeQueryDto {
  @IncludeQuery(VISIT_INCLUDES)
  include?: string[];
}

export class VisitListQueryDto extends RecordListQueryDto {
  @SortQuery(VISIT_SORT_FIELDS, { default: '-startDate' })
  sort?: string;

  @StatusQuery(VisitStatus, 'planned,completed')
  status?: VisitStatus[];

  @IdQuery('A party taking part, as visitor or host.')
  party?: string;

  @IdQuery('A region: visits whose visiting or host party is in it or under it.')
  region?: string;

  @DateQuery('Visits starting on or after this day.')
  from?: string;

  @DateQuery('Visits starting on or before this day.')
  to?: string;

  @IdQuery('Visits that reciprocate or continue this one (their previousVisitId).')
  previousVisit?: string;

  @ArticleQuery()
  article?: string;

  @IncludeQuery(VISIT_INCLUDES)
  include?: string[];
}

export class NamedRecordDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: NameDto })
  name: NameDto;
}

export class VisitHostDto {
  @ApiProperty({ format: 'uuid' })
  partyId: string;

  @ApiProperty({ type: NameDto })
  name: NameDto;
}

export class VisitDto extends TitledRecordDto {
  @NullableText()
  summaryKk: string | null;

  @NullableText()
  summaryRu: string | null;

  @NullableText()
  summaryEn: string | null;

  @ApiProperty({ format: 'uuid' })
  visitingPartyId: string;

  @ApiProperty({ type: NamedRecordDto })
  visitingParty: NamedRecordDto;

  @IdList()
  hostPartyIds: string[];

  @ApiProperty({ type: [VisitHostDto] })
  hosts: VisitHostDto[];

  @NullableId()
  delegationHeadId: string | null;

  @ApiProperty({ type: NamedRecordDto, nullable: true })
  delegationHead: NamedRecordDto | null;

  @NullableDate()
  startDate: string | null;

  @ApiProperty({ enum: DatePrecision })
  startDatePrecision: DatePrecision;

  @NullableDate()
  endDate: string | null;

  @ApiProperty({ enum: DatePrecision })
  endDatePrecision: DatePrecision;

  @NullableText()
  place: string | null;

  @NullableText()
  occasion: string | null;

  @ApiProperty({ enum: VisitStatus })
  status: VisitStatus;

  @ApiProperty({ enum: VisitStatus, isArray: true, description: 'Statuses this record may move to next.' })
  allowedTransitions: VisitStatus[];

  @NullableId()
  previousVisitId: string | null;

  @NullableText()
  note: string | null;

  @RelatedIds('Live memoranda signed during it')
  memorandumIds: string[];

  @RelatedCount('memorandumIds')
  memorandumCount: number;

  @RelatedIds('Live contracts signed during it')
  contractIds: string[];

  @RelatedCount('contractIds')
  contractCount: number;

  @RelatedIds('Live follow-ups promised at it')
  followUpIds: string[];

  @RelatedCount('followUpIds')
  followUpCount: number;

  @RelatedIds('Live visits that reciprocate or continue this one')
  laterVisitIds: string[];

  @RelatedCount('laterVisitIds')
  laterVisitCount: number;

  @ApiProperty({ type: [SourceDto] })
  sources: SourceDto[];

  @RelatedLinks(RECORD_TYPES.visit)
  links: Record<string, string>;

  @EmbeddedRecords(MemorandumSummaryDto, 'Embedded with ?include=memoranda.')
  memoranda?: MemorandumSummaryDto[];

  @EmbeddedRecords(ContractSummaryDto, 'Embedded with ?include=contracts.')
  contracts?: ContractSummaryDto[];

  @EmbeddedRecords(FollowUpSummaryDto, 'Embedded with ?include=followUps.')
  followUps?: FollowUpSummaryDto[];

  @EmbeddedRecord(VisitSummaryDto, 'Embedded with ?include=previousVisit.')
  previousVisit?: VisitSummaryDto | null;
}

export class VisitPageDto {
  @ApiProperty({ type: [VisitDto] })
  data: VisitDto[];

  @ApiProperty({ type: ListPageMetaDto })
  meta: ListPageMetaDto;
}
