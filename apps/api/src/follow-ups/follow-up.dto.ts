import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DatePrecision, FollowUpStatus } from '@prisma/client';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsOptional, IsUUID } from 'class-validator';
import { CitationsField, PageMetaDto, SourceDto, type SourceInputDto, TitledRecordDto } from '../http/common.dto.js';
import { ArticleQuery, IncludeQuery, IsCalendarDate, ListQueryDto, SortQuery, StatusQuery, toBoolean } from '../http/list-query.dto.js';
import { RecordRefDto } from '../parties/party.dto.js';
import { OptionalText, OptionalId, OptionalDate, OptionalPrecision } from '../http/fields.js';

export const FOLLOW_UP_SORT_FIELDS = ['dueOn', 'createdAt', 'updatedAt', 'status'] as const;
const FOLLOW_UP_INCLUDES = ['visit', 'memorandum', 'contract'];

/** Fields shared by create and update; every one optional here, requirements are enforced by the service. */
class FollowUpFieldsDto {
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

export class CreateFollowUpDto extends FollowUpFieldsDto {
  @ApiPropertyOptional({ enum: FollowUpStatus, default: FollowUpStatus.planned, description: 'Initial status; later changes go through transitions.' })
  @IsOptional()
  @IsEnum(FollowUpStatus)
  status?: FollowUpStatus;
}

export class UpdateFollowUpDto extends FollowUpFieldsDto {
  @ApiPropertyOptional({ type: String, deprecated: true, description: 'Not accepted: change status with POST /api/v1/follow-ups/{id}/transitions.' })
  @IsOptional()
  @IsIn([], { message: 'status cannot be changed with PATCH: use POST /api/v1/follow-ups/{id}/transitions' })
  status?: string;
}

export class FollowUpListQueryDto extends ListQueryDto {
  @SortQuery(FOLLOW_UP_SORT_FIELDS, { default: 'dueOn', description: 'dueOn sorts undated follow-ups last either way.' })
  sort?: string;

  @StatusQuery(FollowUpStatus, 'planned,in_progress')
  status?: FollowUpStatus[];

  @ApiPropertyOptional({ description: 'true: open (planned, in_progress) and past the end of the due period; false: everything else.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'Due on or after (compares the stored first day of the due period).' })
  @IsOptional()
  @IsCalendarDate()
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueTo?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The responsible party, or a party of the linked visit, memorandum or contract.' })
  @IsOptional()
  @IsUUID()
  party?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A region: follow-ups involving (as for party) the region or a party under it.' })
  @IsOptional()
  @IsUUID()
  region?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  responsiblePerson?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  visit?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  memorandum?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
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
  @ApiProperty({ nullable: true, type: String })
  descriptionKk: string | null;

  @ApiProperty({ nullable: true, type: String })
  descriptionRu: string | null;

  @ApiProperty({ nullable: true, type: String })
  descriptionEn: string | null;

  @ApiProperty({ format: 'date', nullable: true, type: String })
  dueOn: string | null;

  @ApiProperty({ enum: DatePrecision })
  dueOnPrecision: DatePrecision;

  @ApiProperty({ description: 'Open (planned or in_progress) and the due period has ended: due in June is overdue from 1 July.' })
  overdue: boolean;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  responsiblePartyId: string | null;

  @ApiProperty({ type: RecordRefDto, nullable: true })
  responsibleParty: RecordRefDto | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  responsiblePersonId: string | null;

  @ApiProperty({ type: RecordRefDto, nullable: true })
  responsiblePerson: RecordRefDto | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  visitId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  memorandumId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  contractId: string | null;

  @ApiProperty({ enum: FollowUpStatus })
  status: FollowUpStatus;

  @ApiProperty({ enum: FollowUpStatus, isArray: true, description: 'Statuses this record may move to next.' })
  allowedTransitions: FollowUpStatus[];

  @ApiProperty({ nullable: true, type: String })
  note: string | null;

  @ApiProperty({ type: [SourceDto] })
  sources: SourceDto[];

  @ApiPropertyOptional({ description: 'Embedded with ?include=visit.', type: 'object', additionalProperties: true, nullable: true })
  visit?: Record<string, unknown> | null;

  @ApiPropertyOptional({ description: 'Embedded with ?include=memorandum.', type: 'object', additionalProperties: true, nullable: true })
  memorandum?: Record<string, unknown> | null;

  @ApiPropertyOptional({ description: 'Embedded with ?include=contract.', type: 'object', additionalProperties: true, nullable: true })
  contract?: Record<string, unknown> | null;
}

export class FollowUpPageDto {
  @ApiProperty({ type: [FollowUpDto] })
  data: FollowUpDto[];

  @ApiProperty({ type: PageMetaDto })
  meta: PageMetaDto;
}
