import type { CsvColumn } from '../http/csv.js';
import type { SourceArticleSummaryDto } from './source.dto.js';

export const SOURCE_CSV_COLUMNS: CsvColumn<SourceArticleSummaryDto>[] = [
  { header: 'key', value: (s) => s.key },
  { header: 'language', value: (s) => s.language },
  { header: 'title', value: (s) => s.title },
  { header: 'outlet', value: (s) => s.outlet },
  { header: 'url', value: (s) => s.url },
  { header: 'published_on', value: (s) => s.publishedOn },
  { header: 'published_on_precision', value: (s) => s.publishedOnPrecision },
  { header: 'sha256', value: (s) => s.sha256 },
  { header: 'citation_count', value: (s) => s.citationCount },
];
