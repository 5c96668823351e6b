import { Prisma, type EntityType } from '@prisma/client';
import type { RegionAccessService } from '../domain/region-access.service.js';
import { formatDate } from '../domain/dates.js';
import { dueWithinWhere, overdueWhere } from '../follow-ups/follow-up.where.js';
import type { PrismaService } from '../infrastructure/prisma/prisma.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPCOMING_DAYS = 60;
const LIST_SIZE = 10;
const NAMES = { nameKk: true, nameRu: true, nameEn: true } as const;
const TITLES = { titleKk: true, titleRu: true, titleEn: true } as const;

/** Resource ids of the panel, by the audit trail's entity type. */
const RESOURCE_OF: Record<EntityType, string> = {
  visit: 'Visit',
  memorandum: 'Memorandum',
  contract: 'Contract',
  follow_up: 'FollowUp',
  party: 'Party',
  person: 'Person',
};

export interface DashboardQuery {
  region?: string;
  year?: string;
}

/** The managers' overview: memoranda by status and region, follow-ups due, recent changes; filterable by region and year. */
export async function dashboardData(prisma: PrismaService, regions: RegionAccessService, query: DashboardQuery) {
  const region = query.region && UUID.test(query.region) ? query.region : undefined;
  const year = query.year && /^\d{4}$/.test(query.year) ? Number(query.year) : undefined;
  const within = region ? await regions.partiesWithin(region) : undefined;

  const memorandumWhere: Prisma.MemorandumWhereInput = {
    archivedAt: null,
    ...(within ? { parties: { some: { partyId: { in: within } } } } : {}),
    ...(year ? { signedOn: { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) } } : {}),
  };
  const followUpWhere: Prisma.FollowUpWhereInput = {
    archivedAt: null,
    ...(within
      ? {
          OR: [
            { responsiblePartyId: { in: within } },
            { memorandum: { parties: { some: { partyId: { in: within } } } } },
            { contract: { parties: { some: { partyId: { in: within } } } } },
          ],
        }
      : {}),
    ...(year ? { dueOn: { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) } } : {}),
  };

  const [byStatus, byRegion, overdue, overdueCount, upcoming, upcomingCount, recent, regionParties, years] = await Promise.all([
    prisma.memorandum.groupBy({ by: ['status'], where: memorandumWhere, _count: { _all: true }, _sum: { quantity: true }, orderBy: { status: 'asc' } }),
    memorandaByRegion(prisma, within, year),
    prisma.followUp.findMany({
      where: { AND: [followUpWhere, overdueWhere()] },
      orderBy: { dueOn: 'asc' },
      take: LIST_SIZE,
      select: { id: true, ...TITLES, dueOn: true, dueOnPrecision: true, status: true, responsibleParty: { select: NAMES } },
    }),
    prisma.followUp.count({ where: { AND: [followUpWhere, overdueWhere()] } }),
    prisma.followUp.findMany({
      where: { AND: [followUpWhere, dueWithinWhere(UPCOMING_DAYS)] },
      orderBy: { dueOn: 'asc' },
      take: LIST_SIZE,
      select: { id: true, ...TITLES, dueOn: true, dueOnPrecision: true, status: true, responsibleParty: { select: NAMES } },
    }),
    prisma.followUp.count({ where: { AND: [followUpWhere, dueWithinWhere(UPCOMING_DAYS)] } }),
    within ? recentChangesWithin(prisma, within) : prisma.auditEntry.findMany({ orderBy: { createdAt: 'desc' }, take: LIST_SIZE }),
    prisma.party.findMany({ where: { kind: 'region', archivedAt: null }, select: { id: true, ...NAMES }, orderBy: { nameRu: 'asc' } }),
    prisma.$queryRaw<
      { year: number }[]
    >`SELECT DISTINCT extract(year FROM signed_on)::int AS year FROM memorandum WHERE signed_on IS NOT NULL AND archived_at IS NULL ORDER BY 1 DESC`,
  ]);

  const regionNames = new Map(regionParties.map((party) => [party.id, party]));

  return {
    filters: { region: region ?? null, year: year ?? null },
    regions: regionParties,
    years: years.map((row) => row.year),
    memoranda: {
      total: byStatus.reduce((sum, row) => sum + row._count._all, 0),
      quantity: byStatus.reduce((sum, row) => sum + (row._sum.quantity ?? 0), 0),
      byStatus: byStatus.map((row) => ({ status: row.status, count: row._count._all, quantity: row._sum.quantity ?? 0 })),
      byRegion: byRegion.map((row) => ({ ...row, name: regionNames.get(row.regionId) ?? null })),
    },
    followUps: {
      overdueCount,
      upcomingCount,
      upcomingDays: UPCOMING_DAYS,
      overdue: overdue.map(followUpView),
      upcoming: upcoming.map(followUpView),
    },
    recent: await describeChanges(prisma, recent),
  };
}

/**
 * Memoranda per region (a region counts those of its own and of the parties under it), with the same filters as
 * the rest of the dashboard, in one statement: the register may hold tens of thousands of memoranda.
 */
function memorandaByRegion(prisma: PrismaService, within: string[] | undefined, year: number | undefined) {
  const inYear = year ? Prisma.sql`AND m.signed_on >= ${new Date(Date.UTC(year, 0, 1))} AND m.signed_on < ${new Date(Date.UTC(year + 1, 0, 1))}` : Prisma.empty;
  const inRegion = within
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM memorandum_party own WHERE own.memorandum_id = m.id AND own.party_id = ANY(${within}::uuid[]))`
    : Prisma.empty;
  return prisma.$queryRaw<{ regionId: string; count: number; quantity: number }[]>`
    WITH RECURSIVE tree AS (
      SELECT id AS region_id, id FROM party WHERE kind = 'region' AND archived_at IS NULL
      UNION
      SELECT t.region_id, p.id FROM party p JOIN tree t ON p.parent_id = t.id
    )
    SELECT region_id::text AS "regionId", count(*)::int AS count, sum(quantity)::int AS quantity
    FROM (
      SELECT DISTINCT t.region_id, m.id, m.quantity
      FROM tree t
      JOIN memorandum_party mp ON mp.party_id = t.id
      JOIN memorandum m ON m.id = mp.memorandum_id
      WHERE m.archived_at IS NULL ${inYear} ${inRegion}
    ) AS involved
    GROUP BY region_id
    ORDER BY count DESC`;
}

/** The latest changes to records that involve one of these parties (the region and the parties under it). */
async function recentChangesWithin(prisma: PrismaService, within: string[]) {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH involved AS (
      SELECT memorandum_id AS id FROM memorandum_party WHERE party_id = ANY(${within}::uuid[])
      UNION SELECT contract_id FROM contract_party WHERE party_id = ANY(${within}::uuid[])
      UNION SELECT id FROM visit WHERE visiting_party_id = ANY(${within}::uuid[])
      UNION SELECT visit_id FROM visit_host WHERE party_id = ANY(${within}::uuid[])
      UNION SELECT unnest(${within}::uuid[])
    )
    SELECT a.id::text AS id FROM audit_entry a
    WHERE a.entity_id IN (
      SELECT id FROM involved
      UNION SELECT f.id FROM follow_up f
      WHERE f.responsible_party_id = ANY(${within}::uuid[]) OR f.memorandum_id IN (SELECT id FROM involved)
         OR f.contract_id IN (SELECT id FROM involved) OR f.visit_id IN (SELECT id FROM involved)
    )
    ORDER BY a.created_at DESC
    LIMIT ${LIST_SIZE}`;
  return prisma.auditEntry.findMany({ where: { id: { in: rows.map((row) => row.id) } }, orderBy: { createdAt: 'desc' } });
}

function followUpView(
  row: { id: string; dueOn: Date | null; dueOnPrecision: string; status: string; responsibleParty: object | null } & Record<string, unknown>,
) {
  return { ...row, dueOn: formatDate(row.dueOn) };
}

/** Recent audit entries with the changed record's title, for links from the dashboard. */
async function describeChanges(
  prisma: PrismaService,
  entries: { entityType: EntityType; entityId: string; action: string; actorName: string; createdAt: Date }[],
) {
  const idsOf = (type: EntityType) => entries.filter((entry) => entry.entityType === type).map((entry) => entry.entityId);
  const [visits, memoranda, contracts, followUps, parties, people] = await Promise.all([
    prisma.visit.findMany({ where: { id: { in: idsOf('visit') } }, select: { id: true, ...TITLES } }),
    prisma.memorandum.findMany({ where: { id: { in: idsOf('memorandum') } }, select: { id: true, ...TITLES } }),
    prisma.contract.findMany({ where: { id: { in: idsOf('contract') } }, select: { id: true, ...TITLES } }),
    prisma.followUp.findMany({ where: { id: { in: idsOf('follow_up') } }, select: { id: true, ...TITLES } }),
    prisma.party.findMany({ where: { id: { in: idsOf('party') } }, select: { id: true, ...NAMES } }),
    prisma.person.findMany({ where: { id: { in: idsOf('person') } }, select: { id: true, ...NAMES } }),
  ]);
  const byId = new Map<string, object>([...visits, ...memoranda, ...contracts, ...followUps, ...parties, ...people].map((row) => [row.id, row]));
  return entries.map((entry) => ({
    resourceId: RESOURCE_OF[entry.entityType],
    entityType: entry.entityType,
    recordId: entry.entityId,
    record: byId.get(entry.entityId) ?? null,
    action: entry.action,
    actorName: entry.actorName,
    at: entry.createdAt.toISOString(),
  }));
}
