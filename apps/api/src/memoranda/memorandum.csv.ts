import type { CsvColumn } from '../http/csv.js';
import type { MemorandumDto } from './memorandum.dto.js';

export const MEMORANDUM_CSV_COLUMNS: CsvColumn<MemorandumDto>[] = [
  { header: 'id', value: (m) => m.id },
  { header: 'kind', value: (m) => m.kind },
  { header: 'status', value: (m) => m.status },
  { header: 'title_kk', value: (m) => m.titleKk },
  { header: 'title_ru', value: (m) => m.titleRu },
  { header: 'title_en', value: (m) => m.titleEn },
  { header: 'signed_on', value: (m) => m.signedOn },
  { header: 'signed_on_precision', value: (m) => m.signedOnPrecision },
  { header: 'quantity', value: (m) => m.quantity },
  { header: 'spheres', value: (m) => m.spheres },
  { header: 'parties', value: (m) => m.parties.map((party) => party.name.ru ?? party.name.kk ?? party.name.en) },
  { header: 'visit_id', value: (m) => m.visitId },
  { header: 'valid_until', value: (m) => m.validUntil },
  { header: 'sources', value: (m) => m.sources.map((source) => source.article) },
  { header: 'version', value: (m) => m.version },
  { header: 'updated_at', value: (m) => m.updatedAt },
];
