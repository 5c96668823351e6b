import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MemorandumStatus, PartyKind, Sphere } from '@prisma/client';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { NameDto } from '../http/common.dto.js';
import { IdQuery, DateQuery } from '../http/fields.js';

export class RegionReportQueryDto {
  @IdQuery('Only records with a party in this region or under it.')
  region?: string;
}

/** A calendar year filter, as the reports and the panel's dashboard take it. */
function YearQuery(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1900, maximum: 2100, description }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1900),
    Max(2100),
  );
}

export class MemorandaReportQueryDto extends RegionReportQueryDto {
  @YearQuery('Only memoranda signed in this year.')
  year?: number;

  @DateQuery('Signed on or after.')
  from?: string;

  @DateQuery('Signed on or before.')
  to?: string;
}

export class FollowUpsReportQueryDto extends RegionReportQueryDto {
  @YearQuery('Only follow-ups due in this year (follow-ups with no due date are left out).')
  year?: number;
}

/** How many memoranda, and how many documents they stand for (the sum of `quantity`). */
export class MemorandumTallyDto {
  @ApiProperty({ type: 'integer', description: 'Number of memorandum records.' })
  count: number;

  @ApiProperty({ type: 'integer', description: 'Sum of their quantity: the documents they stand for.' })
  quantity: number;
}

export class StatusTallyDto extends MemorandumTallyDto {
  @ApiProperty({ enum: MemorandumStatus })
  status: MemorandumStatus;
}

export class PartyTallyDto extends MemorandumTallyDto {
  @ApiProperty({ format: 'uuid' })
  partyId: string;

  @ApiProperty({ enum: PartyKind })
  kind: PartyKind;

  @ApiProperty({ type: NameDto })
  name: NameDto;
}

export class SphereTallyDto extends MemorandumTallyDto {
  @ApiProperty({ enum: Sphere })
  sphere: Sphere;
}

export class YearTallyDto extends MemorandumTallyDto {
  @ApiProperty({ example: '2016', description: 'The year signed, or "unknown" for memoranda with no signing date.' })
  year: string;
}

export class MemorandaReportDto {
  @ApiProperty({ type: MemorandumTallyDto, description: 'Every non-archived memorandum the filters select.' })
  total: MemorandumTallyDto;

  @ApiProperty({ type: [StatusTallyDto], description: 'Every status, in lifecycle order, zeros included.' })
  byStatus: StatusTallyDto[];

  @ApiProperty({ type: [PartyTallyDto], description: 'A memorandum counts once for each of its parties. Most memoranda first.' })
  byParty: PartyTallyDto[];

  @ApiProperty({
    type: [PartyTallyDto],
    description:
      'Regions are parties of kind region or foreign_region; a memorandum counts for a region when any of its parties is the region or under it, so a memorandum of two regions counts under both. With a region filter, only that region and regions under it are listed. Most memoranda first.',
  })
  byRegion: PartyTallyDto[];

  @ApiProperty({ type: [SphereTallyDto], description: 'Every sphere, zeros included; a memorandum counts once for each of its spheres.' })
  bySphere: SphereTallyDto[];

  @ApiProperty({ type: [YearTallyDto], description: 'Years in order, "unknown" last.' })
  byYear: YearTallyDto[];
}

export class ResponsiblePartyTallyDto {
  @ApiProperty({ format: 'uuid' })
  partyId: string;

  @ApiProperty({ type: NameDto })
  name: NameDto;

  @ApiProperty({ type: 'integer', description: 'Open follow-ups (planned or in_progress) this party is responsible for.' })
  open: number;

  @ApiProperty({ type: 'integer', description: 'Of those, the overdue ones.' })
  overdue: number;
}

export class FollowUpsReportDto {
  @ApiProperty({ format: 'date', description: 'The day (UTC) overdue and due dates were judged against.' })
  asOf: string;

  @ApiProperty({ type: 'integer', description: 'Non-archived follow-ups in status planned or in_progress.' })
  open: number;

  @ApiProperty({ type: 'integer', description: 'Open follow-ups whose due period has ended.' })
  overdue: number;

  @ApiProperty({ type: 'integer', description: 'Open follow-ups, not yet overdue, whose due period ends within the next 30 days (today included).' })
  dueNext30Days: number;

  @ApiProperty({
    type: [ResponsiblePartyTallyDto],
    description: 'Parties with open follow-ups, most first. Follow-ups with no responsible party count in the totals only.',
  })
  byResponsibleParty: ResponsiblePartyTallyDto[];
}
