import type { CsvColumn } from '../http/csv.js';
import type { PartyDto } from './party.dto.js';
import { displayName } from './record-ref.js';

export const PARTY_CSV_COLUMNS: CsvColumn<PartyDto>[] = [
  { header: 'id', value: (p) => p.id },
  { header: 'kind', value: (p) => p.kind },
  { header: 'name_kk', value: (p) => p.nameKk },
  { header: 'name_ru', value: (p) => p.nameRu },
  { header: 'name_en', value: (p) => p.nameEn },
  { header: 'aliases', value: (p) => p.aliases },
  { header: 'country_code', value: (p) => p.countryCode },
  { header: 'parent_id', value: (p) => p.parentId },
  { header: 'parent', value: (p) => displayName(p.parent?.name) },
  { header: 'version', value: (p) => p.version },
  { header: 'updated_at', value: (p) => p.updatedAt },
];
