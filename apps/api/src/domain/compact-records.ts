import type { Prisma } from '@prisma/client';
import { formatDate } from './dates.js';

/**
 * The short forms of related records that `?include=` embeds: enough to show a link's title and state without a
 * second request, and the same shape whichever resource embeds them.
 */
export type CompactRecord = Record<string, unknown>;

const TITLED = { id: true, titleKk: true, titleRu: true, titleEn: true, status: true } as const;
const VISIT_SELECT = { ...TITLED, startDate: true, startDatePrecision: true, visitingPartyId: true } satisfies Prisma.VisitSelect;
const MEMORANDUM_SELECT = { ...TITLED, kind: true, signedOn: true, signedOnPrecision: true } satisfies Prisma.MemorandumSelect;
const CONTRACT_SELECT = { ...TITLED, amount: true, currency: true } satisfies Prisma.ContractSelect;
const FOLLOW_UP_SELECT = { ...TITLED, dueOn: true, dueOnPrecision: true } satisfies Prisma.FollowUpSelect;

/** The related record `id` points to, or null when there is none. */
export function linked(records: Map<string, CompactRecord>, id: string | null | undefined): CompactRecord | null {
  return id ? (records.get(id) ?? null) : null;
}

export async function visitsById(client: Prisma.TransactionClient, ids: (string | null)[]): Promise<Map<string, CompactRecord>> {
  const visits = await client.visit.findMany({ where: { id: { in: present(ids) } }, select: VISIT_SELECT });
  return new Map(visits.map((visit) => [visit.id, { ...visit, startDate: formatDate(visit.startDate) }]));
}

export async function memorandaById(client: Prisma.TransactionClient, ids: (string | null)[]): Promise<Map<string, CompactRecord>> {
  const memoranda = await client.memorandum.findMany({ where: { id: { in: present(ids) } }, select: MEMORANDUM_SELECT });
  return new Map(memoranda.map((memorandum) => [memorandum.id, { ...memorandum, signedOn: formatDate(memorandum.signedOn) }]));
}

export async function contractsById(client: Prisma.TransactionClient, ids: (string | null)[]): Promise<Map<string, CompactRecord>> {
  const contracts = await client.contract.findMany({ where: { id: { in: present(ids) } }, select: CONTRACT_SELECT });
  return new Map(contracts.map((contract) => [contract.id, compactContract(contract)]));
}

export async function followUpsById(client: Prisma.TransactionClient, ids: (string | null)[]): Promise<Map<string, CompactRecord>> {
  const followUps = await client.followUp.findMany({ where: { id: { in: present(ids) } }, select: FOLLOW_UP_SELECT });
  return new Map(followUps.map((followUp) => [followUp.id, { ...followUp, dueOn: formatDate(followUp.dueOn) }]));
}

/** Amounts as exact two-decimal strings, as every contract response shows them. */
function compactContract<T extends { amount: Prisma.Decimal | null }>(contract: T): CompactRecord {
  return { ...contract, amount: contract.amount?.toFixed(2) ?? null };
}

function present(ids: (string | null)[]): string[] {
  return ids.filter((id): id is string => !!id);
}

/** One `?include=` embed: fills a field of each DTO from one batched query (no query per record). */
export type Embed<Dto> = (client: Prisma.TransactionClient, dtos: Dto[]) => Promise<void>;

/** Embeds the record each DTO links to by `idField` (a visit's previous visit, a follow-up's memorandum) as `field`. */
export function embedLinked<Dto>(
  field: keyof Dto & string,
  idField: keyof Dto & string,
  load: (client: Prisma.TransactionClient, ids: (string | null)[]) => Promise<Map<string, CompactRecord>>,
): Embed<Dto> {
  return async (client, dtos) => {
    const idOf = (dto: Dto) => (dto as Record<string, unknown>)[idField] as string | null;
    const records = await load(client, dtos.map(idOf));
    for (const dto of dtos) (dto as Record<string, unknown>)[field] = linked(records, idOf(dto));
  };
}

/**
 * Embeds the records of a related list (a memorandum's contracts) as `field`: those of `idsField`, the list's first
 * ids (domain/related-lists.ts), in its order, so an embed is capped as the ids are.
 */
export function embedListed<Dto>(
  field: keyof Dto & string,
  idsField: keyof Dto & string,
  load: (client: Prisma.TransactionClient, ids: (string | null)[]) => Promise<Map<string, CompactRecord>>,
): Embed<Dto> {
  return async (client, dtos) => {
    const idsOf = (dto: Dto) => (dto as Record<string, unknown>)[idsField] as string[];
    const records = await load(client, dtos.flatMap(idsOf));
    for (const dto of dtos) (dto as Record<string, unknown>)[field] = idsOf(dto).flatMap((id) => records.get(id) ?? []);
  };
}
