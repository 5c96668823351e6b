import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { ContractDto, CreateContractDto } from '../contracts/contract.dto.js';
import { CreateFollowUpDto, FollowUpDto } from '../follow-ups/follow-up.dto.js';
import { CreateMemorandumDto, MemorandumDto } from '../memoranda/memorandum.dto.js';
import { CreateVisitDto, VisitDto } from '../visits/visit.dto.js';
import { OneLanguageRequired } from '../http/openapi-contract.js';

export const MAX_DRAFT_FOLLOW_UPS = 20;

/**
 * What one press release reports, entered at once: each part is the body its own POST takes, and each must cite at
 * least one passage. Links between them are implied where the body leaves them out: the memorandum and the contract
 * were signed during the visit, the contract under the memorandum, and each follow-up was promised in the memorandum
 * (else the visit, else the contract).
 */
/** A follow-up of a draft: as POST /api/v1/follow-ups takes it, except that its link may be left out (it is implied). */
@OneLanguageRequired('title')
export class SourceFollowUpDto extends CreateFollowUpDto {}

export class SourceRecordsDto {
  @ApiPropertyOptional({ type: CreateVisitDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreateVisitDto)
  visit?: CreateVisitDto;

  @ApiPropertyOptional({ type: CreateMemorandumDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreateMemorandumDto)
  memorandum?: CreateMemorandumDto;

  @ApiPropertyOptional({ type: CreateContractDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreateContractDto)
  contract?: CreateContractDto;

  @ApiPropertyOptional({ type: [SourceFollowUpDto], maxItems: MAX_DRAFT_FOLLOW_UPS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DRAFT_FOLLOW_UPS)
  @ValidateNested({ each: true })
  @Type(() => CreateFollowUpDto)
  followUps?: CreateFollowUpDto[];
}

export class SourceRecordsCreatedDto {
  @ApiProperty({ type: VisitDto, nullable: true })
  visit: VisitDto | null;

  @ApiProperty({ type: MemorandumDto, nullable: true })
  memorandum: MemorandumDto | null;

  @ApiProperty({ type: ContractDto, nullable: true })
  contract: ContractDto | null;

  @ApiProperty({ type: [FollowUpDto] })
  followUps: FollowUpDto[];
}
