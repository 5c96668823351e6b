import type { CsvColumn } from '../http/csv.js';
import { displayName } from '../parties/record-ref.js';
import type { FollowUpDto } from './follow-up.dto.js';

export const FOLLOW_UP_CSV_COLUMNS: CsvColumn<FollowUpDto>[] = [
  { header: 'id', value: (f) => f.id },
  { header: 'status', value: (f) => f.status },
  { header: 'overdue', value: (f) => f.overdue },
  { header: 'title_kk', value: (f) => f.titleKk },
  { header: 'title_ru', value: (f) => f.titleRu },
  { header: 'title_en', value: (f) => f.titleEn },
  { header: 'due_on', value: (f) => f.dueOn },
  { header: 'due_on_precision', value: (f) => f.dueOnPrecision },
  { header: 'responsible_party', value: (f) => displayName(f.responsibleParty?.name) },
  { header: 'responsible_person', value: (f) => displayName(f.responsiblePerson?.name) },
  { header: 'visit_id', value: (f) => f.visitId },
  { header: 'memorandum_id', value: (f) => f.memorandumId },
  { header: 'contract_id', value: (f) => f.contractId },
  { header: 'sources', value: (f) => f.sources.map((source) => source.article) },
  { header: 'version', value: (f) => f.version },
  { header: 'updated_at', value: (f) => f.updatedAt },
];
