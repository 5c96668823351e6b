// The status the server gives a new record whose status is left empty (domain/lifecycle.ts: initialVisitStatus,
// initialSignedStatus), for forms to show before saving. test/admin/implied-status.spec.ts holds the two together.

const todayIso = () => new Date().toISOString().slice(0, 10);
const dayOf = (value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : '');

/** The last day a date stands for at its precision (2026-11 → 2026-11-30). */
export function lastDay(date, precision) {
  if (precision === 'year') return `${date.slice(0, 4)}-12-31`;
  if (precision === 'month') return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0)).toISOString().slice(0, 10);
  return date;
}

/**
 * `entity` is the record type (visit, memorandum, contract, follow_up); `dates` its dates by field name, each
 * `{ date: 'YYYY-MM-DD…', precision }`. A visit whose last known day has passed is completed; a memorandum or a
 * contract with a signing date is signed.
 */
export function impliedStatus(entity, dates, today = todayIso()) {
  const dated = (field) => (dayOf(dates[field]?.date) ? { date: dayOf(dates[field].date), precision: dates[field].precision || 'day' } : null);
  if (entity === 'visit') {
    const last = dated('endDate') ?? dated('startDate');
    return last && lastDay(last.date, last.precision) < today ? 'completed' : 'planned';
  }
  if (entity === 'follow_up') return 'planned';
  if (dated('signedOn')) return 'signed';
  return entity === 'contract' ? 'negotiating' : 'draft';
}
