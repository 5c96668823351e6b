import type { CsvColumn } from '../http/csv.js';
import type { VisitDto } from './visit.dto.js';

type Named = { name: { kk: string | null; ru: string | null; en: string | null } };
const displayName = (record: Named) => record.name.ru ?? record.name.kk ?? record.name.en;

export const VISIT_CSV_COLUMNS: CsvColumn<VisitDto>[] = [
  { header: 'id', value: (v) => v.id },
  { header: 'status', value: (v) => v.status },
  { header: 'title_kk', value: (v) => v.titleKk },
  { header: 'title_ru', value: (v) => v.titleRu },
  { header: 'title_en', value: (v) => v.titleEn },
  { header: 'start_date', value: (v) => v.startDate },
  { header: 'start_date_precision', value: (v) => v.startDatePrecision },
  { header: 'end_date', value: (v) => v.endDate },
  { header: 'end_date_precision', value: (v) => v.endDatePrecision },
  { header: 'visiting_party', value: (v) => displayName(v.visitingParty) },
  { header: 'hosts', value: (v) => v.hosts.map(displayName) },
  { header: 'delegation_head', value: (v) => (v.delegationHead ? displayName(v.delegationHead) : null) },
  { header: 'place', value: (v) => v.place },
  { header: 'occasion', value: (v) => v.occasion },
  { header: 'previous_visit_id', value: (v) => v.previousVisitId },
  { header: 'sources', value: (v) => v.sources.map((source) => source.article) },
  { header: 'version', value: (v) => v.version },
  { header: 'updated_at', value: (v) => v.updatedAt },
];
