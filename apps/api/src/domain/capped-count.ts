/**
 * How many matching rows a list counts exactly. Counting every match of a broad filter over a national register was
 * nearly all of a list's database time; beyond this many a client learns only that there are at least this many
 * (`meta.totalIsLowerBound`), and pages on with `offset` or narrows the filter.
 */
export const COUNT_CAP = 10_000;

/** A list's `meta` total: exact up to COUNT_CAP, otherwise COUNT_CAP flagged as a lower bound. */
export interface CappedTotal {
  total: number;
  totalIsLowerBound?: true;
}

/**
 * Counts the rows `where` selects, stopping at one past COUNT_CAP: Prisma puts the LIMIT inside the count
 * (`SELECT count(*) FROM (SELECT ... LIMIT n)`), so a broad filter reads at most that many index entries. With a
 * LIMIT, Prisma also orders that subquery, by the id unless told otherwise, which made PostgreSQL walk the primary key
 * and test every row (1.2M follow-ups: 132 ms for the overdue count, 3.4 s for a search few memoranda match). Given
 * the page's own order where an index serves it, the count walks that index (19 ms and 0.9 s); in an order no index
 * serves it would sort every match first, so the caller leaves `orderBy` out there.
 */
export async function countCapped(
  delegate: { count(args: { where?: object; orderBy?: object[]; take?: number }): Promise<number> },
  where: object,
  orderBy?: object[],
): Promise<CappedTotal> {
  return cappedTotal(await delegate.count({ where, ...(orderBy && { orderBy }), take: COUNT_CAP + 1 }));
}

/** The meta total of a count taken with a LIMIT of COUNT_CAP + 1. */
export function cappedTotal(counted: number): CappedTotal {
  return counted > COUNT_CAP ? { total: COUNT_CAP, totalIsLowerBound: true } : { total: counted };
}
