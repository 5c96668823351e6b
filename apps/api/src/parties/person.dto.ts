import { ApiProperty } from '@nestjs/swagger';

import { ListPageMetaDto, VersionedRecordDto, RecordFieldsDto } from '../http/common.dto.js';
import { RecordListQueryDto, SortQuery } from '../http/list-query.dto.js';
import { RecordRefDto } from './party.dto.js';
import { IdQuery, NullableId, NullableText, OptionalId, OptionalText } from '../http/fields.js';
import { OneLanguageRequired } from '../http/openapi-contract.js';

export const PERSON_SORT_FIELDS = ['nameRu', 'createdAt', 'updatedAt'] as const;

/** Fields shared by create and update; every one optional here, requirements are enforced by the service. */
class PersonFieldsDto extends RecordFieldsDto {
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

@OneLanguageRequired('name')
export class CreatePersonDto extends PersonFieldsDto {}

export class UpdatePersonDto extends PersonFieldsDto {}

export class PersonListQueryDto extends RecordListQueryDto {
  @SortQuery(PERSON_SORT_FIELDS, { default: 'nameRu' })
  sort?: string;

  @IdQuery('People of this party.')
  party?: string;

  @IdQuery('A region: people of the region or of a party under it.')
  region?: string;
}

export class PersonDto extends VersionedRecordDto {
  @NullableText()
  nameKk: string | null;

  @NullableText()
  nameRu: string | null;

  @NullableText()
  nameEn: string | null;

  @NullableText()
  positionKk: string | null;

  @NullableText()
  positionRu: string | null;

  @NullableText()
  positionEn: string | null;

  @NullableId()
  partyId: string | null;

  @ApiProperty({ type: RecordRefDto, nullable: true })
  party: RecordRefDto | null;
}

export class PersonPageDto {
  @ApiProperty({ type: [PersonDto] })
  data: PersonDto[];

  @ApiProperty({ type: ListPageMetaDto })
  meta: ListPageMetaDto;
}
