import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DatePrecision, FollowUpStatus } from '@prisma/client';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsOptional } from 'class-validator';
import { CitationsField, ListPageMetaDto, SourceDto, type SourceInputDto, TitledRecordDto, RecordFieldsDto } from '../http/common.dto.js';
import { ArticleQuery, IncludeQuery, RecordListQueryDto, SortQuery, StatusQuery, toBoolean } from '../http/list-query.dto.js';
import { RecordRefDto } from '../parties/party.dto.js';
import {
  DateQuery,
  EmbeddedRecord,
  IdQuery,
  NullableDate,
  NullableId,
  NullableText,
  OptionalDate,
  OptionalId,
  OptionalPrecision,
  OptionalText,
} from '../http/fields.js';
import { ContractSummaryDto, MemorandumSummaryDto, VisitSummaryDto } from '../http/embedded.dto.js';
import { RECORD_TYPES } from '../domain/record-types.js';
import { OneLanguageRequired, SchemaRule, atLeastOneId } from '../http/openapi-contract.js';

export const FOLLOW_UP_SORT_FIELDS = ['dueOn', 'createdAt', 'updatedAt', 'status'] as const;
const FOLLOW_UP_INCLUDES = ['visit', 'memorandum', 'contract'];
/** What a follow-up belongs to (the registry's records it takes its parties through): at least one is required on create. */
export const FOLLOW_UP_LINKS = (RECORD_TYPES.follow_up.parties.through ?? []).map((link) => link.column);

/** Fields shared by create and update; every one optional here, requirements are enforced by the service. */
class FollowUpFieldsDto extends RecordFieldsDto {
  @OptionalText(500, 'Title in Kazakh. At least one title is required.')
  titleKk?: string | null;

  @OptionalText(500)
  titleRu?: string | null;

  @OptionalText(500)
  titleEn?: string | null;

  @OptionalText(5000)
  descriptionKk?: string | null;

  @OptionalText(5000)
  descriptionRu?: string | null;

  @OptionalText(5000)
  descriptionEn?: string | null;

  @OptionalDate('Stored as the first day of its period (see dueOnPrecision).')
  dueOn?: string | null;

  @OptionalPrecision('Defaults to day when dueOn is given, unknown otherwise.')
  dueOnPrecision?: DatePrecision;

  @OptionalId('The party that promised to act.')
  responsiblePartyId?: string | null;

  @OptionalId()
  responsiblePersonId?: string | null;

  @OptionalId('At least one of visitId, memorandumId, contractId is required.')
  visitId?: string | null;

  @OptionalId()
  memorandumId?: string | null;

  @OptionalId()
  contractId?: string | null;

  @OptionalText(5000)
  note?: string | null;

  @CitationsField()
  sources?: SourceInputDto[];
}

@OneLanguageRequired('title')
@SchemaRule(atLeastOneId(FOLLOW_UP_LINKS))
export class CreateFollowUpDto extends FollowUpFieldsDto {
  @ApiPropertyOptional({ enum: FollowUpStatus, default: FollowUpStatus.planned, description: 'Initial status; later changes go through transitions.' })
  @IsOptional()
  @IsEnum(FollowUpStatus)
  status?: FollowUpStatus;
}

export class UpdateFollowUpDto extends FollowUpFieldsDto {
  // Not in the document: PATCH takes no status; the refusal names the transitions route.
  @IsOptional()
  @IsIn([], { message: 'status cannot be changed with PATCH: use POST /api/v1/follow-ups/{id}/transitions' })
  status?: string;
}

export class FollowUpListQueryDto extends RecordListQueryDto {
  @SortQuery(FOLLOW_UP_SORT_FIELDS, { default: 'dueOn', description: 'dueOn sorts undated follow-ups last either way.' })
  sort?: string;

  @StatusQuery(FollowUpStatus, 'planned,in_progress')
  status?: FollowUpStatus[];

  @ApiPropertyOptional({ description: 'true: open (planned, in_progress) and past the end of the due period; false: everything else.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @DateQuery('Due on or after (compares the stored first day of the due period).')
  dueFrom?: string;

  @DateQuery()
  dueTo?: string;

  @IdQuery('The responsible party, or a party of the linked visit, memorandum or contract.')
  party?: string;

  @IdQuery('A region: follow-ups involving (as for party) the region or a party under it.')
  region?: string;

  @IdQuery()
  responsiblePerson?: string;

  @IdQuery()
  visit?: string;

  @IdQuery()
  memorandum?: string;

  @IdQuery()
  contract?: string;

  @ArticleQuery()
  article?: string;

  @IncludeQuery(FOLLOW_UP_INCLUDES)
  include?: string[];
}

export class FollowUpIncludeQueryDto {
  @IncludeQuery(FOLLOW_UP_INCLUDES)
  include?: string[];
}

export class FollowUpDto extends TitledRecordDto {
  @NullableText()
  descriptionKk: string | null;

  @NullableText()
  descriptionRu: string | null;

  @NullableText()
  descriptionEn: string | null;

  @NullableDate()
  dueOn: string | null;

  @ApiProperty({ enum: DatePrecision })
  dueOnPrecision: DatePrecision;

  @ApiProperty({ description: 'Open (planned or in_progress) and the due period has ended: due in June is overdue from 1 July.' })
  overdue: boolean;

  @NullableId()
  responsiblePartyId: string | null;

  @ApiProperty({ type: RecordRefDto, nullable: true })
  responsibleParty: RecordRefDto | null;

  @NullableId()
  responsiblePersonId: string | null;

  @ApiProperty({ type: RecordRefDto, nullable: true })
  responsiblePerson: RecordRefDto | null;

  @NullableId()
  visitId: string | null;

  @NullableId()
  memorandumId: string | null;

  @NullableId()
  contractId: string | null;

  @ApiProperty({ enum: FollowUpStatus })
  status: FollowUpStatus;

  @ApiProperty({ enum: FollowUpStatus, isArray: true, description: 'Statuses this record may move to next.' })
  allowedTransitions: FollowUpStatus[];

  @NullableText()
  note: string | null;

  @ApiProperty({ type: [SourceDto] })
  sources: SourceDto[];

  @EmbeddedRecord(VisitSummaryDto, 'Embedded with ?include=visit.')
  visit?: VisitSummaryDto | null;

  @EmbeddedRecord(MemorandumSummaryDto, 'Embedded with ?include=memorandum.')
  memorandum?: MemorandumSummaryDto | null;

  @EmbeddedRecord(ContractSummaryDto, 'Embedded with ?include=contract.')
  contract?: ContractSummaryDto | null;
}

export class FollowUpPageDto {
  @ApiProperty({ type: [FollowUpDto] })
  data: FollowUpDto[];

  @ApiProperty({ type: ListPageMetaDto })
  meta: ListPageMetaDto;
}
