// The create forms show the status a record will get from its dates (components/implied-status.js); the server
// decides it (domain/lifecycle.ts). This holds the two together over a table of dates around "today".
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DatePrecision } from '@prisma/client';
import { toPreciseDate } from '../../apps/api/src/domain/dates.js';
import { initialSignedStatus, initialVisitStatus } from '../../apps/api/src/domain/lifecycle.js';

type Dates = Record<string, { date: string; precision: DatePrecision }>;
type Panel = { impliedStatus(entity: string, dates: Dates, today?: string): string };
const panelModule = pathToFileURL(path.resolve('apps/api/src/admin/components/implied-status.js')).href;

const TODAY = '2026-12-03';
const DATES: [string, DatePrecision][] = [
  ['2026-12-02', 'day'],
  ['2026-12-03', 'day'],
  ['2026-12-04', 'day'],
  ['2026-11-01', 'month'],
  ['2026-12-01', 'month'],
  ['2025-01-01', 'year'],
  ['2026-01-01', 'year'],
  ['', 'unknown'],
];

describe('the status a create form shows is the one the server gives', () => {
  let panel: Panel;
  beforeAll(async () => {
    panel = (await import(panelModule)) as Panel;
  });
  const server = (field: string, [date, precision]: [string, DatePrecision]) => toPreciseDate(field, date || undefined, date ? precision : undefined);
  const today = new Date(`${TODAY}T00:00:00Z`);

  it.each(DATES.flatMap((start) => DATES.map((end) => [start, end] as const)))('a visit from %j to %j', (start, end) => {
    const dates = { startDate: { date: start[0], precision: start[1] }, endDate: { date: end[0], precision: end[1] } };
    expect(panel.impliedStatus('visit', dates, TODAY)).toBe(initialVisitStatus(server('startDate', start), server('endDate', end), today));
  });

  it.each(DATES.flatMap((signed) => (['memorandum', 'contract'] as const).map((entity) => [entity, signed] as const)))(
    'a %s signed on %j',
    (entity, signed) => {
      const expected = initialSignedStatus(server('signedOn', signed), entity === 'memorandum' ? 'draft' : 'negotiating');
      expect(panel.impliedStatus(entity, { signedOn: { date: signed[0], precision: signed[1] } }, TODAY)).toBe(expected);
    },
  );

  it('a follow-up starts planned', () => {
    expect(panel.impliedStatus('follow_up', { dueOn: { date: '2020-01-01', precision: 'day' } }, TODAY)).toBe('planned');
  });
});
