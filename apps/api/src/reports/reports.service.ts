import { Injectable } from '@nestjs/common';
import { type DatePrecision, type MemorandumStatus, type PartyKind, Prisma, Sphere } from '@prisma/client';
import { formatDate, periodEnd, todayUtc } from '../domain/dates.js';
import { statusesOf } from '../domain/lifecycle.js';
import { ALL_RECORD_TYPES, involvingSql, namingSelect, RECORD_TYPES, recordTitles, recordTypeOf } from '../domain/record-types.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { dueWithinWhere, OPEN_STATUSES, overdueWhere } from '../follow-ups/follow-up.where.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { NAME_SELECT, nameOf } from '../parties/record-ref.js';
import type {
  FollowUpsReportDto,
  MemorandaReportDto,
  MemorandaReportQueryDto,
  MemorandumTallyDto,
  PartyTallyDto,
  FollowUpsReportQueryDto,
} from './report.dto.js';

/** Days ahead that "due soon" looks. */
const DUE_SOON_DAYS = 30;
/** The memoranda report's groupings beside its total and status tally. */
const GROUPINGS = ['byParty', 'byRegion', 'bySphere', 'byYear'] as const;
type Grouping = (typeof GROUPINGS)[number] | 'byStatus';
/** Rows in the dashboard's short lists. */
const LIST_SIZE = 10;

interface TallyRow {
  count: number;
  quantity: number;
}

interface PartyTallyRow extends TallyRow {
  id: string;
  kind: PartyKind;
  name_kk: string | null;
  name_ru: string | null;
  name_en: string | null;
}

/** Manager summaries. Everything is counted by the database (GROUP BY); no query loads the records themselves. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly regions: RegionAccessService,
  ) {}

  async memoranda(query: MemorandaReportQueryDto): Promise<MemorandaReportDto> {
    return this.memorandumTallies(query, GROUPINGS);
  }

  /**
   * The memoranda report's groupings, only those asked for (the dashboard shows two of five; each is a GROUP BY over
   * the whole selection). Every one starts from the same selection, so they always add up to the same memoranda.
   */
  private async memorandumTallies(query: MemorandaReportQueryDto, wanted: readonly Grouping[]): Promise<MemorandaReportDto> {
    const conditions: Prisma.Sql[] = [Prisma.sql`m.archived_at IS NULL`];
    if (query.year !== undefined) {
      conditions.push(Prisma.sql`m.signed_on >= ${`${query.year}-01-01`}::date AND m.signed_on < ${`${query.year + 1}-01-01`}::date`);
    }
    if (query.from) conditions.push(Prisma.sql`m.signed_on >= ${query.from}::date`);
    if (query.to) conditions.push(Prisma.sql`m.signed_on <= ${query.to}::date`);
    // With a region chosen, its rows are the only region rows: a memorandum it shares with another region counts under
    // the chosen one, not under the other (a manager who picked ВКО does not see СКО).
    const within = query.region ? await this.regions.partiesWithin(query.region) : undefined;
    if (within) conditions.push(involvingSql(RECORD_TYPES.memorandum, 'm', within));
    const regionRoots = within ? Prisma.sql`AND id = ANY(${within}::uuid[])` : Prisma.empty;
    const selected = Prisma.sql`selected AS (
      SELECT m.id, m.status, m.quantity, m.spheres, m.signed_on FROM memorandum m WHERE ${Prisma.join(conditions, ' AND ')}
    )`;
    const when = <T>(grouping: Grouping, rows: () => Promise<T[]>): Promise<T[]> => (wanted.includes(grouping) ? rows() : Promise.resolve([]));
    const [statusRows, partyRows, regionRows, sphereRows, yearRows] = await Promise.all([
      this.prisma.$queryRaw<(TallyRow & { status: MemorandumStatus })[]>`
        WITH ${selected}
        SELECT status::text AS status, count(*)::int AS count, sum(quantity)::int AS quantity FROM selected GROUP BY status`,
      when(
        'byParty',
        () => this.prisma.$queryRaw<PartyTallyRow[]>`
        WITH ${selected}
        SELECT p.id::text AS id, p.kind::text AS kind, p.name_kk, p.name_ru, p.name_en, count(*)::int AS count, sum(s.quantity)::int AS quantity
        FROM selected s
        JOIN memorandum_party mp ON mp.memorandum_id = s.id
        JOIN party p ON p.id = mp.party_id
        GROUP BY p.id
        ORDER BY count DESC, quantity DESC, p.name_ru NULLS LAST, p.id`,
      ),
      when(
        'byRegion',
        () => this.prisma.$queryRaw<PartyTallyRow[]>`
        WITH RECURSIVE ${selected},
        region_tree AS (
          SELECT id AS region_id, id AS party_id FROM party WHERE kind IN ('region', 'foreign_region') AND archived_at IS NULL ${regionRoots}
          UNION
          SELECT t.region_id, p.id FROM party p JOIN region_tree t ON p.parent_id = t.party_id
        ),
        -- A memorandum with several parties in one region counts once for it.
        in_region AS (
          SELECT DISTINCT t.region_id, s.id, s.quantity
          FROM region_tree t
          JOIN memorandum_party mp ON mp.party_id = t.party_id
          JOIN selected s ON s.id = mp.memorandum_id
        )
        SELECT p.id::text AS id, p.kind::text AS kind, p.name_kk, p.name_ru, p.name_en, count(*)::int AS count, sum(r.quantity)::int AS quantity
        FROM in_region r
        JOIN party p ON p.id = r.region_id
        GROUP BY p.id
        ORDER BY count DESC, quantity DESC, p.name_ru NULLS LAST, p.id`,
      ),
      when(
        'bySphere',
        () => this.prisma.$queryRaw<(TallyRow & { sphere: Sphere })[]>`
        WITH ${selected}
        SELECT sphere::text AS sphere, count(*)::int AS count, sum(s.quantity)::int AS quantity
        FROM selected s, unnest(s.spheres) AS sphere
        GROUP BY sphere`,
      ),
      when(
        'byYear',
        () => this.prisma.$queryRaw<(TallyRow & { year: number | null })[]>`
        WITH ${selected}
        SELECT EXTRACT(YEAR FROM signed_on)::int AS year, count(*)::int AS count, sum(quantity)::int AS quantity
        FROM selected
        GROUP BY 1
        ORDER BY 1 NULLS LAST`,
      ),
    ]);
    const byStatus = new Map(statusRows.map((row) => [row.status, row]));
    const bySphere = new Map(sphereRows.map((row) => [row.sphere, row]));
    return {
      total: statusRows.reduce<MemorandumTallyDto>((sum, row) => ({ count: sum.count + row.count, quantity: sum.quantity + row.quantity }), {
        count: 0,
        quantity: 0,
      }),
      byStatus: statusesOf('memorandum').map((status) => ({ status: status as MemorandumStatus, ...tally(byStatus.get(status as MemorandumStatus)) })),
      byParty: partyRows.map(toPartyTally),
      byRegion: regionRows.map(toPartyTally),
      bySphere: Object.values(Sphere).map((sphere) => ({ sphere, ...tally(bySphere.get(sphere)) })),
      byYear: yearRows.map((row) => ({ year: row.year === null ? 'unknown' : String(row.year), ...tally(row) })),
    };
  }

  async followUps(query: FollowUpsReportQueryDto): Promise<FollowUpsReportDto> {
    const today = todayUtc();
    const scope = await this.followUpScope(query);
    const where = (filter: Prisma.FollowUpWhereInput): Prisma.FollowUpWhereInput => ({ AND: [scope, filter] });
    const open: Prisma.FollowUpWhereInput = { status: { in: OPEN_STATUSES } };
    const overdue = overdueWhere(today);
    const withParty: Prisma.FollowUpWhereInput = { responsiblePartyId: { not: null } };
    const [openCount, [overdueCount, dueSoonCount], openByParty, overdueByParty] = await Promise.all([
      this.prisma.followUp.count({ where: where(open) }),
      this.dueCounts(scope, today),
      this.prisma.followUp.groupBy({ by: ['responsiblePartyId'], where: where({ AND: [open, withParty] }), _count: { _all: true } }),
      this.prisma.followUp.groupBy({ by: ['responsiblePartyId'], where: where({ AND: [overdue, withParty] }), _count: { _all: true } }),
    ]);
    const overdueOf = new Map(overdueByParty.map((row) => [row.responsiblePartyId, row._count._all]));
    const parties = await this.prisma.party.findMany({ where: { id: { in: openByParty.map((row) => row.responsiblePartyId!) } }, select: NAME_SELECT });
    const partyOf = new Map(parties.map((party) => [party.id, party]));
    const byResponsibleParty = openByParty
      .map((row) => {
        const party = partyOf.get(row.responsiblePartyId!)!;
        return { partyId: party.id, name: nameOf(party), open: row._count._all, overdue: overdueOf.get(party.id) ?? 0 };
      })
      .sort((a, b) => b.open - a.open || b.overdue - a.overdue || (a.name.ru ?? '').localeCompare(b.name.ru ?? '') || a.partyId.localeCompare(b.partyId));
    return { asOf: formatDate(today)!, open: openCount, overdue: overdueCount, dueNext30Days: dueSoonCount, byResponsibleParty };
  }

  /**
   * The managers' overview in the panel: the same figures as the two reports for the same region and year, the first
   * overdue and soon-due follow-ups those figures count, the latest changes in the region, and the filter choices.
   */
  async dashboard(query: FollowUpsReportQueryDto) {
    const today = todayUtc();
    const scope = await this.followUpScope(query);
    const [memoranda, [overdueCount, dueSoonCount], overdue, dueSoon, overdueAges, recent, regions, years] = await Promise.all([
      this.memorandumTallies(query, ['byStatus', 'byRegion', 'byYear']),
      this.dueCounts(scope, today),
      this.followUpsWhere({ AND: [scope, overdueWhere(today)] }),
      this.followUpsWhere({ AND: [scope, dueWithinWhere(DUE_SOON_DAYS, today)] }),
      // Only the due dates: the age buckets are counted from every overdue follow-up, the list shows the first ones.
      this.prisma.followUp.findMany({ where: { AND: [scope, overdueWhere(today)] }, select: { dueOn: true, dueOnPrecision: true } }),
      this.recentChanges(query.region),
      this.prisma.party.findMany({ where: { kind: 'region', archivedAt: null }, select: NAME_SELECT, orderBy: { nameRu: 'asc' } }),
      this.prisma.$queryRaw<{ year: number }[]>`
        SELECT DISTINCT extract(year FROM signed_on)::int AS year FROM memorandum WHERE signed_on IS NOT NULL AND archived_at IS NULL ORDER BY 1 DESC`,
    ]);
    const shownRegions = query.region ? regions.filter((region) => region.id === query.region) : regions;
    const byRegion = memoranda.byRegion.map(({ partyId, kind, name, count, quantity }) => ({
      regionId: partyId,
      kind,
      // Named as the panel names every record (nameKk, nameRu, nameEn), for its title helper.
      name: { nameKk: name.kk, nameRu: name.ru, nameEn: name.en },
      count,
      quantity,
    }));
    return {
      filters: { region: query.region ?? null, year: query.year ?? null },
      regions,
      years: years.map((row) => row.year),
      memoranda: {
        total: memoranda.total.count,
        quantity: memoranda.total.quantity,
        // Every status, zeros included: "0 stalled" is an answer too.
        byStatus: memoranda.byStatus,
        byRegion,
        // A memorandum of two regions counts under each: the region rows add up to this, which can exceed the total.
        byRegionSum: byRegion.reduce((sum, row) => sum + row.count, 0),
        byYear: memoranda.byYear,
      },
      followUps: {
        asOf: formatDate(today),
        overdueCount,
        upcomingCount: dueSoonCount,
        upcomingDays: DUE_SOON_DAYS,
        overdue: overdue.map((row) => ({ ...row, daysLate: daysLate(row, today) })),
        upcoming: dueSoon,
        overdueByAge: OVERDUE_AGES.map((bucket) => ({
          ...bucket,
          // The due dates a day-precise follow-up of this age has, for the list the bar opens (a month- or
          // year-precise one falls in by the first day of its period).
          dueOnFrom: bucket.to === null ? null : formatDate(addDays(today, -bucket.to)),
          dueOnTo: formatDate(addDays(today, -bucket.from)),
          count: overdueAges.filter((row) => {
            const days = daysLate(row, today);
            return days >= bucket.from && (bucket.to === null || days <= bucket.to);
          }).length,
        })),
        overdueByRegion: await this.overdueByRegion(scope, shownRegions, today),
      },
      recent,
    };
  }

  /** Overdue follow-ups in each region (the registry's rule: the region or a party under it takes part), most first. */
  private async overdueByRegion(
    scope: Prisma.FollowUpWhereInput,
    regions: { id: string; nameKk: string | null; nameRu: string | null; nameEn: string | null }[],
    today: Date,
  ) {
    const rows = await Promise.all(
      regions.map(async (region) => ({
        regionId: region.id,
        name: { nameKk: region.nameKk, nameRu: region.nameRu, nameEn: region.nameEn },
        count: await this.prisma.followUp.count({
          where: { AND: [scope, overdueWhere(today), await this.regions.whereInRegion(RECORD_TYPES.follow_up, region.id)] },
        }),
      })),
    );
    return rows.filter((row) => row.count > 0).sort((a, b) => b.count - a.count || (a.name.nameRu ?? '').localeCompare(b.name.nameRu ?? ''));
  }

  /** Overdue and due-soon follow-ups in the scope: the two figures the report and the dashboard share. */
  private dueCounts(scope: Prisma.FollowUpWhereInput, today = todayUtc()): Promise<[number, number]> {
    return Promise.all([
      this.prisma.followUp.count({ where: { AND: [scope, overdueWhere(today)] } }),
      this.prisma.followUp.count({ where: { AND: [scope, dueWithinWhere(DUE_SOON_DAYS, today)] } }),
    ]);
  }

  /** Non-archived follow-ups in the region (by the registry's rule) and due in the year, as the filters say. */
  private async followUpScope(query: FollowUpsReportQueryDto): Promise<Prisma.FollowUpWhereInput> {
    const scope: Prisma.FollowUpWhereInput[] = [{ archivedAt: null }];
    if (query.region) scope.push(await this.regions.whereInRegion(RECORD_TYPES.follow_up, query.region));
    if (query.year !== undefined) scope.push({ dueOn: { gte: new Date(Date.UTC(query.year, 0, 1)), lt: new Date(Date.UTC(query.year + 1, 0, 1)) } });
    return { AND: scope };
  }

  /** The first follow-ups due, for a short list (the figures above count all of them). */
  private async followUpsWhere(where: Prisma.FollowUpWhereInput) {
    const rows = await this.prisma.followUp.findMany({
      where,
      orderBy: { dueOn: 'asc' },
      take: LIST_SIZE,
      select: { ...namingSelect(RECORD_TYPES.follow_up), dueOn: true, dueOnPrecision: true, status: true, responsibleParty: { select: NAME_SELECT } },
    });
    return rows.map((row) => ({ ...row, dueOn: formatDate(row.dueOn) }));
  }

  /** The latest audit entries of records in the region (every record type's own rule), each with the record's title. */
  private async recentChanges(region: string | undefined) {
    let entries;
    if (region) {
      const within = await this.regions.partiesWithin(region);
      const involved = ALL_RECORD_TYPES.map((type) => Prisma.sql`SELECT r.id FROM ${Prisma.raw(type.table)} r WHERE ${involvingSql(type, 'r', within)}`);
      const rows = await this.prisma.$queryRaw<{ id: string }[]>`
        WITH involved AS (${Prisma.join(involved, ' UNION ALL ')})
        SELECT a.id::text AS id FROM audit_entry a
        WHERE a.entity_id IN (SELECT id FROM involved)
        ORDER BY a.created_at DESC
        LIMIT ${LIST_SIZE}`;
      entries = await this.prisma.auditEntry.findMany({ where: { id: { in: rows.map((row) => row.id) } }, orderBy: { createdAt: 'desc' } });
    } else {
      // Changes of records: a source added or corrected is not a change in the register of agreements.
      entries = await this.prisma.auditEntry.findMany({ where: { entityType: { not: 'source' } }, orderBy: { createdAt: 'desc' }, take: LIST_SIZE });
    }
    const records = entries.flatMap((entry) => (entry.entityType === 'source' ? [] : [{ ...entry, entityType: entry.entityType }]));
    const titles = await recordTitles(
      this.prisma,
      records.map((entry) => ({ entityType: entry.entityType, id: entry.entityId })),
    );
    return records.map((entry) => ({
      resourceId: recordTypeOf(entry.entityType).adminResource,
      entityType: entry.entityType,
      recordId: entry.entityId,
      record: titles.get(entry.entityId) ?? null,
      action: entry.action,
      // A status change says from what to what (the audit entry keeps both), for "Подписан → Выполняется".
      ...statusMove(entry.action === 'transition' ? entry.changes : null),
      actorName: entry.actorName,
      at: entry.createdAt.toISOString(),
    }));
  }
}

/** How long overdue follow-ups have been overdue, in days, for the dashboard's age chart (`to` null: open-ended). */
const OVERDUE_AGES = [
  { bucket: '1-30', from: 1, to: 30 },
  { bucket: '31-90', from: 31, to: 90 },
  { bucket: '91-365', from: 91, to: 365 },
  { bucket: '366+', from: 366, to: null },
] as const;

const DAY_MS = 86_400_000;

function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

/**
 * Days since the due period ended, counting the first overdue day as 1: due on 1 June, on 2 June it is 1 day late; due
 * in June (month precision), on 1 July it is 1 day late. The same periodEnd the overdue rule uses.
 */
export function daysLate(row: { dueOn: Date | string | null; dueOnPrecision: DatePrecision }, today: Date): number {
  if (row.dueOn === null) return 0;
  return Math.round((today.getTime() - periodEnd(new Date(row.dueOn), row.dueOnPrecision).getTime()) / DAY_MS) + 1;
}

function statusMove(changes: Prisma.JsonValue): { fromStatus: string | null; toStatus: string | null } {
  const status = (changes as { status?: { from?: unknown; to?: unknown } } | null)?.status;
  return { fromStatus: typeof status?.from === 'string' ? status.from : null, toStatus: typeof status?.to === 'string' ? status.to : null };
}

function tally(row: TallyRow | undefined): MemorandumTallyDto {
  return { count: row?.count ?? 0, quantity: row?.quantity ?? 0 };
}

function toPartyTally(row: PartyTallyRow): PartyTallyDto {
  return { partyId: row.id, kind: row.kind, name: nameOf({ nameKk: row.name_kk, nameRu: row.name_ru, nameEn: row.name_en }), ...tally(row) };
}
