import { Injectable } from '@nestjs/common';
import { type MemorandumStatus, type PartyKind, Prisma, Sphere } from '@prisma/client';
import { formatDate, todayUtc } from '../domain/dates.js';
import { statusesOf } from '../domain/lifecycle.js';
import { RegionAccessService } from '../domain/region-access.service.js';
import { dueWithinWhere, involvingParties, OPEN_STATUSES, overdueWhere } from '../follow-ups/follow-up.where.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { NAME_SELECT, nameOf } from '../parties/record-ref.js';
import type { FollowUpsReportDto, MemorandaReportDto, MemorandaReportQueryDto, MemorandumTallyDto, PartyTallyDto, RegionReportQueryDto } from './report.dto.js';

/** Days ahead that "due soon" looks. */
const DUE_SOON_DAYS = 30;

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
    const conditions: Prisma.Sql[] = [Prisma.sql`m.archived_at IS NULL`];
    if (query.year !== undefined) {
      conditions.push(Prisma.sql`m.signed_on >= ${`${query.year}-01-01`}::date AND m.signed_on < ${`${query.year + 1}-01-01`}::date`);
    }
    if (query.from) conditions.push(Prisma.sql`m.signed_on >= ${query.from}::date`);
    if (query.to) conditions.push(Prisma.sql`m.signed_on <= ${query.to}::date`);
    if (query.region) {
      const parties = await this.regions.partiesWithin(query.region);
      conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM memorandum_party mp WHERE mp.memorandum_id = m.id AND mp.party_id = ANY(${parties}::uuid[]))`);
    }
    // Every query starts from the same selection, so the groupings always add up to the same memoranda.
    const selected = Prisma.sql`selected AS (
      SELECT m.id, m.status, m.quantity, m.spheres, m.signed_on FROM memorandum m WHERE ${Prisma.join(conditions, ' AND ')}
    )`;
    const [statusRows, partyRows, regionRows, sphereRows, yearRows] = await Promise.all([
      this.prisma.$queryRaw<(TallyRow & { status: MemorandumStatus })[]>`
        WITH ${selected}
        SELECT status::text AS status, count(*)::int AS count, sum(quantity)::int AS quantity FROM selected GROUP BY status`,
      this.prisma.$queryRaw<PartyTallyRow[]>`
        WITH ${selected}
        SELECT p.id::text AS id, p.kind::text AS kind, p.name_kk, p.name_ru, p.name_en, count(*)::int AS count, sum(s.quantity)::int AS quantity
        FROM selected s
        JOIN memorandum_party mp ON mp.memorandum_id = s.id
        JOIN party p ON p.id = mp.party_id
        GROUP BY p.id
        ORDER BY count DESC, quantity DESC, p.name_ru NULLS LAST, p.id`,
      this.prisma.$queryRaw<PartyTallyRow[]>`
        WITH RECURSIVE ${selected},
        region_tree AS (
          SELECT id AS region_id, id AS party_id FROM party WHERE kind IN ('region', 'foreign_region') AND archived_at IS NULL
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
      this.prisma.$queryRaw<(TallyRow & { sphere: Sphere })[]>`
        WITH ${selected}
        SELECT sphere::text AS sphere, count(*)::int AS count, sum(s.quantity)::int AS quantity
        FROM selected s, unnest(s.spheres) AS sphere
        GROUP BY sphere`,
      this.prisma.$queryRaw<(TallyRow & { year: number | null })[]>`
        WITH ${selected}
        SELECT EXTRACT(YEAR FROM signed_on)::int AS year, count(*)::int AS count, sum(quantity)::int AS quantity
        FROM selected
        GROUP BY 1
        ORDER BY 1 NULLS LAST`,
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

  async followUps(query: RegionReportQueryDto): Promise<FollowUpsReportDto> {
    const today = todayUtc();
    const scope: Prisma.FollowUpWhereInput[] = [{ archivedAt: null }];
    if (query.region) scope.push(involvingParties(await this.regions.partiesWithin(query.region)));
    const where = (filter: Prisma.FollowUpWhereInput): Prisma.FollowUpWhereInput => ({ AND: [...scope, filter] });
    const open: Prisma.FollowUpWhereInput = { status: { in: OPEN_STATUSES } };
    const overdue = overdueWhere(today);
    const withParty: Prisma.FollowUpWhereInput = { responsiblePartyId: { not: null } };
    const [openCount, overdueCount, dueSoonCount, openByParty, overdueByParty] = await Promise.all([
      this.prisma.followUp.count({ where: where(open) }),
      this.prisma.followUp.count({ where: where(overdue) }),
      this.prisma.followUp.count({ where: where(dueWithinWhere(DUE_SOON_DAYS, today)) }),
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
}

function tally(row: TallyRow | undefined): MemorandumTallyDto {
  return { count: row?.count ?? 0, quantity: row?.quantity ?? 0 };
}

function toPartyTally(row: PartyTallyRow): PartyTallyDto {
  return { partyId: row.id, kind: row.kind, name: nameOf({ nameKk: row.name_kk, nameRu: row.name_ru, nameEn: row.name_en }), ...tally(row) };
}
