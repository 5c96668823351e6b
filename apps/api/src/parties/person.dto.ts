import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageMetaDto, VersionedRecordDto } from '../http/common.dto.js';
import { ListQueryDto, SortQuery } from '../http/list-query.dto.js';
import { RecordRefDto } from './party.dto.js';
import { OptionalText, OptionalId } from '../http/fields.js';

export const PERSON_SORT_FIELDS = ['nameRu', 'createdAt', 'updatedAt'] as const;

/** Fields shared by create and update; every one optional here, requirements are enforced by the service. */
class PersonFieldsDto {
  @OptionalText(300, 'Name in Kazakh. At least one name is required.')
  nameKk?: string | null;

  @OptionalText(300)
  nameRu?: string | null;

  @OptionalText(300)
  nameEn?: string | null;

  @OptionalText(500, 'Position (office) in Kazakh.')
  positionKk?: string | null;

  @OptionalText(500)
  positionRu?: string | null;

  @OptionalText(500)
  positionEn?: string | null;

  @OptionalId('The party the person works for.')
  partyId?: string | null;
}

export class CreatePersonDto extends PersonFieldsDto {}

export class UpdatePersonDto extends PersonFieldsDto {}

export class PersonListQueryDto extends ListQueryDto {
  @SortQuery(PERSON_SORT_FIELDS, { default: 'nameRu' })
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'People of this party.' })
  @IsOptional()
  @IsUUID()
  party?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A region: people of the region or of a party under it.' })
  @IsOptional()
  @IsUUID()
  region?: string;
}

export class PersonDto extends VersionedRecordDto {
  @ApiProperty({ nullable: true, type: String })
  nameKk: string | null;

  @ApiProperty({ nullable: true, type: String })
  nameRu: string | null;

  @ApiProperty({ nullable: true, type: String })
  nameEn: string | null;

  @ApiProperty({ nullable: true, type: String })
  positionKk: string | null;

  @ApiProperty({ nullable: true, type: String })
  positionRu: string | null;

  @ApiProperty({ nullable: true, type: String })
  positionEn: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  partyId: string | null;

  @ApiProperty({ type: RecordRefDto, nullable: true })
  party: RecordRefDto | null;
}

export class PersonPageDto {
  @ApiProperty({ type: [PersonDto] })
  data: PersonDto[];

  @ApiProperty({ type: PageMetaDto })
  meta: PageMetaDto;
}
