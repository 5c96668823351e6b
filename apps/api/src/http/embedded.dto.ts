import { ApiProperty } from '@nestjs/swagger';
import { ContractStatus, DatePrecision, FollowUpStatus, MemorandumKind, MemorandumStatus, VisitStatus } from '@prisma/client';
import { NullableDate, NullableText } from './fields.js';

/*
 * The short forms of related records that `?include=` embeds (domain/compact-records.ts selects them): one schema per
 * kind of record, the same whichever resource embeds it.
 */

class CompactTitledDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @NullableText()
  titleKk: string | null;

  @NullableText()
  titleRu: string | null;

  @NullableText()
  titleEn: string | null;
}

export class VisitSummaryDto extends CompactTitledDto {
  @ApiProperty({ enum: VisitStatus })
  status: VisitStatus;

  @NullableDate()
  startDate: string | null;

  @ApiProperty({ enum: DatePrecision })
  startDatePrecision: DatePrecision;

  @ApiProperty({ format: 'uuid' })
  visitingPartyId: string;
}

export class MemorandumSummaryDto extends CompactTitledDto {
  @ApiProperty({ enum: MemorandumStatus })
  status: MemorandumStatus;

  @ApiProperty({ enum: MemorandumKind })
  kind: MemorandumKind;

  @NullableDate()
  signedOn: string | null;

  @ApiProperty({ enum: DatePrecision })
  signedOnPrecision: DatePrecision;
}

export class ContractSummaryDto extends CompactTitledDto {
  @ApiProperty({ enum: ContractStatus })
  status: ContractStatus;

  @ApiProperty({ nullable: true, type: String, example: '60000000.50', description: 'A decimal string with 2 decimal places, exact.' })
  amount: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'KZT' })
  currency: string | null;
}

export class FollowUpSummaryDto extends CompactTitledDto {
  @ApiProperty({ enum: FollowUpStatus })
  status: FollowUpStatus;

  @NullableDate()
  dueOn: string | null;

  @ApiProperty({ enum: DatePrecision })
  dueOnPrecision: DatePrecision;
}
