import type { CsvColumn } from '../http/csv.js';
import type { ContractDto } from './contract.dto.js';

export const CONTRACT_CSV_COLUMNS: CsvColumn<ContractDto>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'status', value: (c) => c.status },
  { header: 'title_kk', value: (c) => c.titleKk },
  { header: 'title_ru', value: (c) => c.titleRu },
  { header: 'title_en', value: (c) => c.titleEn },
  { header: 'amount', value: (c) => c.amount, kind: 'number' },
  { header: 'currency', value: (c) => c.currency },
  { header: 'quantity', value: (c) => c.quantity },
  { header: 'signed_on', value: (c) => c.signedOn },
  { header: 'signed_on_precision', value: (c) => c.signedOnPrecision },
  { header: 'parties', value: (c) => c.parties.map((party) => `${party.name.ru ?? party.name.kk ?? party.name.en} (${party.role})`) },
  { header: 'memorandum_id', value: (c) => c.memorandumId },
  { header: 'visit_id', value: (c) => c.visitId },
  { header: 'sources', value: (c) => c.sources.map((source) => source.article) },
  { header: 'version', value: (c) => c.version },
  { header: 'updated_at', value: (c) => c.updatedAt },
];
