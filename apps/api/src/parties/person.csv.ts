import type { CsvColumn } from '../http/csv.js';
import type { PersonDto } from './person.dto.js';
import { displayName } from './record-ref.js';

export const PERSON_CSV_COLUMNS: CsvColumn<PersonDto>[] = [
  { header: 'id', value: (p) => p.id },
  { header: 'name_kk', value: (p) => p.nameKk },
  { header: 'name_ru', value: (p) => p.nameRu },
  { header: 'name_en', value: (p) => p.nameEn },
  { header: 'position_kk', value: (p) => p.positionKk },
  { header: 'position_ru', value: (p) => p.positionRu },
  { header: 'position_en', value: (p) => p.positionEn },
  { header: 'party_id', value: (p) => p.partyId },
  { header: 'party', value: (p) => displayName(p.party?.name) },
  { header: 'version', value: (p) => p.version },
  { header: 'updated_at', value: (p) => p.updatedAt },
];
