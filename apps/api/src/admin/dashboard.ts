import type { FollowUpsReportQueryDto } from '../reports/report.dto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The dashboard's filters from its URL (`?region=&year=`), as the reports take them. Typed into the address bar, so a
 * malformed region or year means "all" rather than an error page.
 */
export function dashboardQuery(raw: Record<string, unknown>): FollowUpsReportQueryDto {
  const region = typeof raw.region === 'string' && UUID.test(raw.region) ? raw.region : undefined;
  const year = typeof raw.year === 'string' && /^\d{4}$/.test(raw.year) ? Number(raw.year) : undefined;
  return { region, year: year !== undefined && year >= 1900 && year <= 2100 ? year : undefined };
}
