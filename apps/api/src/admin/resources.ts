import type { ActionContext, ActionRequest, PropertyOptions, ResourceOptions, ResourceWithOptions } from 'adminjs';
import { CreateContractDto, UpdateContractDto } from '../contracts/contract.dto.js';
import type { ContractsService } from '../contracts/contracts.service.js';
import { formatDate } from '../domain/dates.js';
import type { RegionAccessService } from '../domain/region-access.service.js';
import { CreateFollowUpDto, UpdateFollowUpDto } from '../follow-ups/follow-up.dto.js';
import { overdueWhere } from '../follow-ups/follow-up.where.js';
import type { FollowUpsService } from '../follow-ups/follow-ups.service.js';
import type { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { CreateMemorandumDto, UpdateMemorandumDto } from '../memoranda/memorandum.dto.js';
import type { MemorandaService } from '../memoranda/memoranda.service.js';
import { CreatePartyDto, UpdatePartyDto } from '../parties/party.dto.js';
import type { PartiesService } from '../parties/parties.service.js';
import type { PeopleService } from '../parties/people.service.js';
import { CreatePersonDto, UpdatePersonDto } from '../parties/person.dto.js';
import { CreateVisitDto, UpdateVisitDto } from '../visits/visit.dto.js';
import type { VisitsService } from '../visits/visits.service.js';
import { apiKeyActions, adminUserActions } from './staff-actions.js';
import type { PanelResourceArgs } from './prisma-resource.js';
import { DOMAIN_FILTER_KEYS, domainScope, partyNameMatches, type ScopeSpec } from './scopes.js';
import { readOnlyActions, serviceActions, type DomainService, type FieldSpec, type ListSpec, type ServiceResourceSpec } from './service-actions.js';

/** Prisma's full DMMF (apps/api/src/generated/dmmf.json): @adminjs/prisma needs ids, relations and enum values from it. */
export interface Dmmf {
  datamodel: { models: { name: string; fields: { name: string }[] }[] };
}

export interface PanelServices {
  dmmf: Dmmf;
  prisma: PrismaService;
  regions: RegionAccessService;
  memoranda: MemorandaService;
  contracts: ContractsService;
  visits: VisitsService;
  parties: PartiesService;
  people: PeopleService;
  followUps: FollowUpsService;
  apiKeys: import('../auth/api-keys.service.js').ApiKeysService;
  adminUsers: import('../auth/admin-users.service.js').AdminUsersService;
}

type ResourceClass = new (args: PanelResourceArgs) => ResourceWithOptions['resource'];

const NAV = {
  register: { name: 'register', icon: 'FileText' },
  directory: { name: 'directory', icon: 'Users' },
  sources: { name: 'sources', icon: 'BookOpen' },
  administration: { name: 'administration', icon: 'Settings' },
};

const TITLE_FIELDS: FieldSpec[] = ['titleKk', 'titleRu', 'titleEn'].map((param) => ({ param }));
const texts = (prefix: string): FieldSpec[] => ['Kk', 'Ru', 'En'].map((suffix) => ({ param: `${prefix}${suffix}` }));
const ref = (param: string): FieldSpec => ({ param, dto: `${param}Id`, kind: 'id' });
const date = (param: string): FieldSpec[] => [
  { param, kind: 'date' },
  { param: `${param}Precision`, kind: 'enum' },
];

const hidden = { isVisible: false };
/** Dates that carry a precision (day, month, year, unknown) are shown only as precisely as they are known. */
const PRECISE_DATE = { list: 'PreciseDate', show: 'PreciseDate' };
const showOnly = { isVisible: { list: false, filter: false, show: true, edit: false } };
const filterOnly = { isVisible: { list: false, filter: true, show: false, edit: false } };
const readOnlyInEdit = { isDisabled: true };

/** Properties every domain record shows the same way. */
function commonProperties(titleComponent = 'LocalizedTitle') {
  return {
    id: { isVisible: { list: false, filter: false, show: true, edit: false } },
    localizedTitle: {
      type: 'string',
      components: { list: titleComponent, show: titleComponent },
      isVisible: { list: true, show: false, edit: false, filter: false },
    },
    searchText: hidden,
    seedKey: showOnly,
    seedVersion: hidden,
    version: { type: 'number', isVisible: { list: false, filter: false, show: true, edit: true }, ...readOnlyInEdit },
    createdAt: showOnly,
    updatedAt: { isVisible: { list: true, filter: true, show: true, edit: false } },
    archivedAt: showOnly,
    q: { type: 'string', ...filterOnly },
    party: { type: 'reference', reference: 'Party', ...filterOnly },
    region: { type: 'reference', reference: 'Party', ...filterOnly },
    archived: { type: 'boolean', ...filterOnly },
    sourcesJson: { type: 'string', components: { show: 'RecordSources' }, ...showOnly },
    historyJson: { type: 'string', components: { show: 'RecordHistory' }, ...showOnly },
    partyIds: { type: 'reference', reference: 'Party', isArray: true, isVisible: { list: false, filter: false, show: true, edit: true } },
    note: { type: 'textarea' },
  } as Record<string, PropertyOptions>;
}

const refArray = (reference: string) => ({ type: 'reference', reference, isArray: true, ...showOnly }) as PropertyOptions;
const editableRefArray = (reference: string) =>
  ({ type: 'reference', reference, isArray: true, isVisible: { list: false, filter: false, show: true, edit: true } }) as PropertyOptions;
/** The record's citations as rows of article and quote in the edit form; its page shows them through `sourcesJson`. */
const sourcesInForm = {
  type: 'string',
  components: { edit: 'SourcesEdit' },
  isVisible: { list: false, filter: false, show: false, edit: true },
} as PropertyOptions;

/** Memoranda's signatories: the people who signed; the party each signed for is kept when the list is edited. */
const SIGNATORIES: ListSpec = {
  param: 'signatoryIds',
  dto: 'signatories',
  idsOf: (dto) => ((dto.signatories as { personId: string }[] | undefined) ?? []).map((signatory) => signatory.personId),
  toInput: (ids, current) => {
    const partyOf = new Map(((current?.signatories as { personId: string; partyId: string | null }[] | undefined) ?? []).map((s) => [s.personId, s.partyId]));
    return ids.map((personId) => ({ personId, partyId: partyOf.get(personId) ?? null }));
  },
};

function domainResource(
  Resource: ResourceClass,
  services: PanelServices,
  model: string,
  scope: ScopeSpec,
  options: ResourceOptions,
  spec: ServiceResourceSpec | undefined,
  extraFilterKeys: string[] = [],
): ResourceWithOptions {
  const { prisma, regions } = services;
  return {
    resource: new Resource({
      model: modelOf(services, model),
      client: prisma,
      clientModule: { Prisma: { dmmf: services.dmmf } },
      extraFilterKeys: [...DOMAIN_FILTER_KEYS, ...extraFilterKeys],
      scope: domainScope(regions, scope),
    }),
    options: {
      ...options,
      actions: spec
        ? serviceActions({
            ...spec,
            editableIds: scope.involving ? editableIdsOf(services, model, scope.involving) : undefined,
            citationsOf: (id) => citationsOf(services, spec.entity, id),
          })
        : readOnlyActions,
    },
  };
}

/** A record's citations with their articles, so its page can quote them and link to the article. */
async function citationsOf(services: PanelServices, entity: string, id: string) {
  const key = `${entity.replace(/_(\w)/g, (_match, letter: string) => letter.toUpperCase())}Id`;
  const rows = await services.prisma.citation.findMany({
    where: { [key]: id },
    orderBy: { createdAt: 'asc' },
    select: { quote: true, article: { select: { id: true, key: true, title: true, outlet: true, url: true, publishedOn: true, publishedOnPrecision: true } } },
  });
  return rows.map((row) => ({ quote: row.quote, article: { ...row.article, publishedOn: formatDate(row.article.publishedOn) } }));
}

/** The records quoting an article, each with its quote. */
async function citingRecords(services: PanelServices, articleId: string) {
  const titled = { select: { id: true, ...TITLE_SELECT } };
  const rows = await services.prisma.citation.findMany({
    where: { articleId },
    orderBy: { createdAt: 'asc' },
    select: { quote: true, visit: titled, memorandum: titled, contract: titled, followUp: titled },
  });
  return rows.flatMap((row) => {
    const [entityType, resourceId, record] = row.memorandum
      ? (['memorandum', 'Memorandum', row.memorandum] as const)
      : row.contract
        ? (['contract', 'Contract', row.contract] as const)
        : row.visit
          ? (['visit', 'Visit', row.visit] as const)
          : (['follow_up', 'FollowUp', row.followUp] as const);
    return record ? [{ entityType, resourceId, record, quote: row.quote }] : [];
  });
}

const TITLE_SELECT = { titleKk: true, titleRu: true, titleEn: true } as const;

/** Which of the given records involve the region or a party under it (the rule RegionAccessService applies). */
function editableIdsOf(services: PanelServices, model: string, involving: NonNullable<ScopeSpec['involving']>) {
  const delegate = (services.prisma as unknown as Record<string, { findMany(args: object): Promise<{ id: string }[]> }>)[
    model[0].toLowerCase() + model.slice(1)
  ];
  return async (regionPartyId: string, ids: string[]) => {
    if (!ids.length) return new Set<string>();
    const within = await services.regions.partiesWithin(regionPartyId);
    const rows = await delegate.findMany({ where: { AND: [{ id: { in: ids } }, involving(within)] }, select: { id: true } });
    return new Set(rows.map((row) => row.id));
  };
}

export function panelResources(Resource: ResourceClass, services: PanelServices): ResourceWithOptions[] {
  const { prisma } = services;
  const idsOf = async (rows: Promise<{ id: string }[]>) => (await rows).map((row) => row.id);
  const live = { archivedAt: null };

  const memorandum = domainResource(
    Resource,
    services,
    'Memorandum',
    {
      involving: (ids) => ({ parties: { some: { partyId: { in: ids } } } }),
      searchRelated: (pattern) => [{ parties: { some: { party: partyNameMatches(pattern) } } }],
    },
    {
      navigation: NAV.register,
      titleProperty: 'titleRu',
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      properties: {
        ...commonProperties(),
        participantPartyIds: editableRefArray('Party'),
        coordinatorPartyIds: editableRefArray('Party'),
        signatoryIds: editableRefArray('Person'),
        sources: sourcesInForm,
        contractIds: refArray('Contract'),
        followUpIds: refArray('FollowUp'),
        summaryKk: { type: 'textarea' },
        summaryRu: { type: 'textarea' },
        summaryEn: { type: 'textarea' },
        signedOn: { type: 'date', components: PRECISE_DATE },
        validUntil: { type: 'date' },
        spheres: { isArray: true },
      },
      listProperties: ['localizedTitle', 'status', 'signedOn', 'quantity', 'visit', 'updatedAt'],
      filterProperties: ['q', 'status', 'kind', 'party', 'region', 'spheres', 'signedOn', 'visit', 'updatedAt', 'archived'],
      showProperties: [
        'titleKk',
        'titleRu',
        'titleEn',
        'kind',
        'status',
        'signedOn',
        'signedOnPrecision',
        'validUntil',
        'quantity',
        'spheres',
        'partyIds',
        'participantPartyIds',
        'coordinatorPartyIds',
        'signatoryIds',
        'visit',
        'contractIds',
        'followUpIds',
        'summaryKk',
        'summaryRu',
        'summaryEn',
        'note',
        'sourcesJson',
        'historyJson',
        'version',
        'updatedAt',
        'createdAt',
        'archivedAt',
        'seedKey',
        'id',
      ],
      editProperties: [
        'titleKk',
        'titleRu',
        'titleEn',
        'kind',
        'signedOn',
        'signedOnPrecision',
        'validUntil',
        'quantity',
        'spheres',
        'partyIds',
        'participantPartyIds',
        'coordinatorPartyIds',
        'signatoryIds',
        'visit',
        'summaryKk',
        'summaryRu',
        'summaryEn',
        'note',
        'sources',
        'version',
      ],
    },
    {
      entity: 'memorandum',
      lifecycle: 'memorandum',
      service: services.memoranda as unknown as DomainService,
      createDto: CreateMemorandumDto,
      updateDto: UpdateMemorandumDto,
      fields: [
        { param: 'kind', kind: 'enum' },
        ...TITLE_FIELDS,
        ...texts('summary'),
        ...date('signedOn'),
        { param: 'validUntil', kind: 'date' },
        { param: 'spheres', kind: 'enumArray' },
        { param: 'quantity', kind: 'int' },
        ref('visit'),
        { param: 'note' },
      ],
      partyRoles: {
        params: [
          { param: 'partyIds', role: 'signatory' },
          { param: 'participantPartyIds', role: 'participant' },
          { param: 'coordinatorPartyIds', role: 'coordinator' },
        ],
        onePerParty: true,
      },
      lists: [SIGNATORIES],
      editableSources: true,
      related: async (_id, dto) => ({ contractIds: dto.contractIds as string[], followUpIds: dto.followUpIds as string[] }),
    },
  );

  const contract = domainResource(
    Resource,
    services,
    'Contract',
    {
      involving: (ids) => ({ parties: { some: { partyId: { in: ids } } } }),
      searchRelated: (pattern) => [{ parties: { some: { party: partyNameMatches(pattern) } } }],
    },
    {
      navigation: NAV.register,
      titleProperty: 'titleRu',
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      properties: {
        ...commonProperties(),
        supplierPartyIds: editableRefArray('Party'),
        buyerPartyIds: editableRefArray('Party'),
        sources: sourcesInForm,
        followUpIds: refArray('FollowUp'),
        subjectKk: { type: 'textarea' },
        subjectRu: { type: 'textarea' },
        subjectEn: { type: 'textarea' },
        signedOn: { type: 'date', components: PRECISE_DATE },
        amount: { components: { list: 'Amount', show: 'Amount' } },
      },
      listProperties: ['localizedTitle', 'status', 'signedOn', 'amount', 'memorandum', 'updatedAt'],
      filterProperties: ['q', 'status', 'party', 'region', 'currency', 'signedOn', 'memorandum', 'visit', 'updatedAt', 'archived'],
      showProperties: [
        'titleKk',
        'titleRu',
        'titleEn',
        'status',
        'signedOn',
        'signedOnPrecision',
        'amount',
        'currency',
        'quantity',
        'supplierPartyIds',
        'buyerPartyIds',
        'partyIds',
        'memorandum',
        'visit',
        'followUpIds',
        'subjectKk',
        'subjectRu',
        'subjectEn',
        'note',
        'sourcesJson',
        'historyJson',
        'version',
        'updatedAt',
        'createdAt',
        'archivedAt',
        'seedKey',
        'id',
      ],
      editProperties: [
        'titleKk',
        'titleRu',
        'titleEn',
        'signedOn',
        'signedOnPrecision',
        'amount',
        'currency',
        'quantity',
        'supplierPartyIds',
        'buyerPartyIds',
        'partyIds',
        'memorandum',
        'visit',
        'subjectKk',
        'subjectRu',
        'subjectEn',
        'note',
        'sources',
        'version',
      ],
    },
    {
      entity: 'contract',
      lifecycle: 'contract',
      service: services.contracts as unknown as DomainService,
      createDto: CreateContractDto,
      updateDto: UpdateContractDto,
      fields: [
        ...TITLE_FIELDS,
        ...texts('subject'),
        { param: 'amount', kind: 'decimal' },
        { param: 'currency' },
        { param: 'quantity', kind: 'int' },
        ...date('signedOn'),
        ref('memorandum'),
        ref('visit'),
        { param: 'note' },
      ],
      // The first role is the default: `partyIds` has always meant partners here.
      partyRoles: {
        params: [
          { param: 'partyIds', role: 'partner' },
          { param: 'supplierPartyIds', role: 'supplier' },
          { param: 'buyerPartyIds', role: 'buyer' },
        ],
      },
      editableSources: true,
      related: async (_id, dto) => ({ followUpIds: dto.followUpIds as string[] }),
    },
  );

  const visit = domainResource(
    Resource,
    services,
    'Visit',
    {
      involving: (ids) => ({ OR: [{ visitingPartyId: { in: ids } }, { hosts: { some: { partyId: { in: ids } } } }] }),
      searchRelated: (pattern) => [{ visitingParty: partyNameMatches(pattern) }, { hosts: { some: { party: partyNameMatches(pattern) } } }],
    },
    {
      navigation: NAV.register,
      titleProperty: 'titleRu',
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      properties: {
        ...commonProperties(),
        partyIds: {
          type: 'reference',
          reference: 'Party',
          isArray: true,
          isVisible: { list: false, filter: false, show: true, edit: true },
        } as PropertyOptions,
        memorandumIds: refArray('Memorandum'),
        contractIds: refArray('Contract'),
        followUpIds: refArray('FollowUp'),
        sources: sourcesInForm,
        summaryKk: { type: 'textarea' },
        summaryRu: { type: 'textarea' },
        summaryEn: { type: 'textarea' },
        startDate: { type: 'date', components: PRECISE_DATE },
        endDate: { type: 'date', components: PRECISE_DATE },
      },
      translations: {
        ru: { properties: { partyIds: 'Принимающие стороны' } },
        kk: { properties: { partyIds: 'Қабылдаушы тараптар' } },
        en: { properties: { partyIds: 'Host parties' } },
      },
      listProperties: ['localizedTitle', 'status', 'startDate', 'visitingParty', 'place', 'updatedAt'],
      filterProperties: ['q', 'status', 'party', 'region', 'visitingParty', 'startDate', 'updatedAt', 'archived'],
      showProperties: [
        'titleKk',
        'titleRu',
        'titleEn',
        'status',
        'visitingParty',
        'partyIds',
        'delegationHead',
        'startDate',
        'startDatePrecision',
        'endDate',
        'endDatePrecision',
        'place',
        'occasion',
        'previousVisit',
        'memorandumIds',
        'contractIds',
        'followUpIds',
        'summaryKk',
        'summaryRu',
        'summaryEn',
        'note',
        'sourcesJson',
        'historyJson',
        'version',
        'updatedAt',
        'createdAt',
        'archivedAt',
        'seedKey',
        'id',
      ],
      editProperties: [
        'titleKk',
        'titleRu',
        'titleEn',
        'visitingParty',
        'partyIds',
        'delegationHead',
        'startDate',
        'startDatePrecision',
        'endDate',
        'endDatePrecision',
        'place',
        'occasion',
        'previousVisit',
        'summaryKk',
        'summaryRu',
        'summaryEn',
        'note',
        'sources',
        'version',
      ],
    },
    {
      entity: 'visit',
      lifecycle: 'visit',
      service: services.visits as unknown as DomainService,
      createDto: CreateVisitDto,
      updateDto: UpdateVisitDto,
      fields: [
        ...TITLE_FIELDS,
        ...texts('summary'),
        ref('visitingParty'),
        ref('delegationHead'),
        ...date('startDate'),
        ...date('endDate'),
        { param: 'place' },
        { param: 'occasion' },
        ref('previousVisit'),
        { param: 'note' },
      ],
      partyIdsOf: (dto) => (dto.hostPartyIds as string[] | undefined) ?? [],
      parties: (ids) => ({ hostPartyIds: ids }),
      editableSources: true,
      related: async (id) => ({
        memorandumIds: await idsOf(prisma.memorandum.findMany({ where: { visitId: id, ...live }, select: { id: true } })),
        contractIds: await idsOf(prisma.contract.findMany({ where: { visitId: id, ...live }, select: { id: true } })),
        followUpIds: await idsOf(prisma.followUp.findMany({ where: { visitId: id, ...live }, select: { id: true } })),
      }),
    },
  );

  const followUp = domainResource(
    Resource,
    services,
    'FollowUp',
    {
      involving: (ids) => ({
        OR: [
          { responsiblePartyId: { in: ids } },
          { visit: { OR: [{ visitingPartyId: { in: ids } }, { hosts: { some: { partyId: { in: ids } } } }] } },
          { memorandum: { parties: { some: { partyId: { in: ids } } } } },
          { contract: { parties: { some: { partyId: { in: ids } } } } },
        ],
      }),
      searchRelated: (pattern) => [{ responsibleParty: partyNameMatches(pattern) }],
      extra: (filters) => (filters.overdue === 'true' ? [overdueWhere() as Record<string, unknown>] : []),
    },
    {
      navigation: NAV.register,
      titleProperty: 'titleRu',
      sort: { sortBy: 'dueOn', direction: 'asc' },
      properties: {
        ...commonProperties(),
        partyIds: hidden,
        overdue: { type: 'boolean', ...filterOnly },
        sources: sourcesInForm,
        descriptionKk: { type: 'textarea' },
        descriptionRu: { type: 'textarea' },
        descriptionEn: { type: 'textarea' },
        dueOn: { type: 'date', components: PRECISE_DATE },
      },
      listProperties: ['localizedTitle', 'status', 'dueOn', 'responsibleParty', 'memorandum', 'updatedAt'],
      filterProperties: ['q', 'status', 'overdue', 'party', 'region', 'responsibleParty', 'dueOn', 'memorandum', 'contract', 'visit', 'archived'],
      showProperties: [
        'titleKk',
        'titleRu',
        'titleEn',
        'status',
        'dueOn',
        'dueOnPrecision',
        'responsibleParty',
        'responsiblePerson',
        'visit',
        'memorandum',
        'contract',
        'descriptionKk',
        'descriptionRu',
        'descriptionEn',
        'note',
        'sourcesJson',
        'historyJson',
        'version',
        'updatedAt',
        'createdAt',
        'archivedAt',
        'seedKey',
        'id',
      ],
      editProperties: [
        'titleKk',
        'titleRu',
        'titleEn',
        'dueOn',
        'dueOnPrecision',
        'responsibleParty',
        'responsiblePerson',
        'visit',
        'memorandum',
        'contract',
        'descriptionKk',
        'descriptionRu',
        'descriptionEn',
        'note',
        'sources',
        'version',
      ],
    },
    {
      entity: 'follow_up',
      lifecycle: 'follow_up',
      service: services.followUps as unknown as DomainService,
      createDto: CreateFollowUpDto,
      updateDto: UpdateFollowUpDto,
      fields: [
        ...TITLE_FIELDS,
        ...texts('description'),
        ...date('dueOn'),
        ref('responsibleParty'),
        ref('responsiblePerson'),
        ref('visit'),
        ref('memorandum'),
        ref('contract'),
        { param: 'note' },
      ],
      partyIdsOf: () => [],
      editableSources: true,
    },
    ['overdue'],
  );

  const party = domainResource(
    Resource,
    services,
    'Party',
    { involving: (ids) => ({ id: { in: ids } }) },
    {
      navigation: NAV.directory,
      titleProperty: 'nameRu',
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      properties: { ...commonProperties(), partyIds: hidden, sourcesJson: hidden, childIds: refArray('Party'), aliases: { isArray: true, type: 'string' } },
      listProperties: ['localizedTitle', 'kind', 'countryCode', 'parent', 'updatedAt'],
      filterProperties: ['q', 'kind', 'countryCode', 'parent', 'region', 'archived'],
      showProperties: [
        'nameKk',
        'nameRu',
        'nameEn',
        'kind',
        'aliases',
        'countryCode',
        'parent',
        'childIds',
        'historyJson',
        'version',
        'updatedAt',
        'createdAt',
        'archivedAt',
        'seedKey',
        'id',
      ],
      editProperties: ['nameKk', 'nameRu', 'nameEn', 'kind', 'aliases', 'countryCode', 'parent', 'version'],
    },
    {
      entity: 'party',
      service: services.parties as unknown as DomainService,
      createDto: CreatePartyDto,
      updateDto: UpdatePartyDto,
      fields: [...texts('name'), { param: 'kind', kind: 'enum' }, { param: 'aliases', kind: 'stringArray' }, { param: 'countryCode' }, ref('parent')],
      partyIdsOf: () => [],
      related: async (_id, dto) => ({ childIds: (dto.childIds as string[] | undefined) ?? [] }),
    },
  );

  const person = domainResource(
    Resource,
    services,
    'Person',
    { involving: (ids) => ({ partyId: { in: ids } }), searchRelated: (pattern) => [{ party: partyNameMatches(pattern) }] },
    {
      navigation: NAV.directory,
      titleProperty: 'nameRu',
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      properties: { ...commonProperties(), partyIds: hidden, sourcesJson: hidden },
      listProperties: ['localizedTitle', 'positionRu', 'party', 'updatedAt'],
      filterProperties: ['q', 'party', 'region', 'archived'],
      showProperties: [
        'nameKk',
        'nameRu',
        'nameEn',
        'positionKk',
        'positionRu',
        'positionEn',
        'party',
        'historyJson',
        'version',
        'updatedAt',
        'createdAt',
        'archivedAt',
        'seedKey',
        'id',
      ],
      editProperties: ['nameKk', 'nameRu', 'nameEn', 'positionKk', 'positionRu', 'positionEn', 'party', 'version'],
    },
    {
      entity: 'person',
      service: services.people as unknown as DomainService,
      createDto: CreatePersonDto,
      updateDto: UpdatePersonDto,
      fields: [...texts('name'), ...texts('position'), ref('party')],
      partyIdsOf: () => [],
    },
  );

  const article = domainResource(
    Resource,
    services,
    'SourceArticle',
    { hasArchive: false },
    {
      navigation: NAV.sources,
      titleProperty: 'title',
      sort: { sortBy: 'publishedOn', direction: 'desc' },
      properties: {
        text: { type: 'textarea', components: { show: 'ArticleText' } },
        citedByJson: { type: 'string', components: { show: 'ArticleCitations' }, ...showOnly },
        sha256: showOnly,
        id: showOnly,
        publishedOn: { type: 'date', components: PRECISE_DATE },
        q: { type: 'string', ...filterOnly },
        archived: hidden,
        party: hidden,
        region: hidden,
      },
      listProperties: ['title', 'key', 'language', 'outlet', 'publishedOn'],
      filterProperties: ['title', 'key', 'language', 'outlet', 'publishedOn'],
      showProperties: ['title', 'key', 'language', 'outlet', 'url', 'publishedOn', 'publishedOnPrecision', 'citedByJson', 'text', 'sha256', 'createdAt'],
    },
    undefined,
  );
  article.options.actions = {
    ...readOnlyActions,
    show: {
      ...(readOnlyActions!.show as object),
      before: async (request: ActionRequest, context: ActionContext) => {
        if (context.record) context.record.params.citedByJson = JSON.stringify(await citingRecords(services, context.record.id()));
        return request;
      },
    },
  };

  const citation = domainResource(
    Resource,
    services,
    'Citation',
    { hasArchive: false },
    {
      navigation: NAV.sources,
      properties: { quote: { type: 'textarea', isTitle: true }, archived: hidden, party: hidden, region: hidden, q: hidden },
      listProperties: ['article', 'quote', 'memorandum', 'visit', 'contract', 'followUp'],
      filterProperties: ['article', 'memorandum', 'visit', 'contract', 'followUp'],
    },
    undefined,
  );

  const statusChange = domainResource(
    Resource,
    services,
    'StatusChange',
    { hasArchive: false },
    {
      navigation: NAV.sources,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      properties: { comment: { type: 'textarea', isTitle: true }, archived: hidden, party: hidden, region: hidden, q: hidden },
      listProperties: ['createdAt', 'entityType', 'fromStatus', 'toStatus', 'actorName', 'comment'],
      filterProperties: ['entityType', 'entityId', 'toStatus', 'actorName', 'createdAt'],
    },
    undefined,
  );

  const staff = adminUserActions(services.adminUsers, prisma);
  const adminUser = {
    resource: new Resource({ model: modelOf(services, 'AdminUser'), client: prisma, clientModule: { Prisma: { dmmf: services.dmmf } } }),
    options: {
      navigation: NAV.administration,
      titleProperty: 'email',
      properties: {
        passwordHash: hidden,
        password: { type: 'password', isVisible: { list: false, filter: false, show: false, edit: true } },
        id: showOnly,
        regionParty: { reference: 'Party' },
      },
      listProperties: ['email', 'name', 'role', 'regionParty', 'locale', 'lastLoginAt', 'disabledAt'],
      filterProperties: ['email', 'name', 'role', 'regionParty'],
      showProperties: ['email', 'name', 'role', 'regionParty', 'locale', 'lastLoginAt', 'disabledAt', 'createdAt', 'updatedAt', 'id'],
      editProperties: ['email', 'name', 'password', 'role', 'regionParty', 'locale', 'disabledAt'],
      actions: staff,
    },
  } as ResourceWithOptions;

  const apiKey = {
    resource: new Resource({ model: modelOf(services, 'ApiKey'), client: prisma, clientModule: { Prisma: { dmmf: services.dmmf } } }),
    options: {
      navigation: NAV.administration,
      titleProperty: 'name',
      properties: {
        secretHash: hidden,
        id: showOnly,
        scopes: { isArray: true },
        scope: {
          type: 'string',
          availableValues: [
            { value: 'read', label: 'read' },
            { value: 'write', label: 'write' },
          ],
          isVisible: { list: false, filter: false, show: false, edit: true },
        },
      },
      listProperties: ['name', 'prefix', 'scopes', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt'],
      filterProperties: ['name', 'prefix', 'createdBy'],
      showProperties: ['name', 'prefix', 'scopes', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt', 'id'],
      editProperties: ['name', 'scope'],
      actions: apiKeyActions(services.apiKeys),
    },
  } as ResourceWithOptions;

  return [memorandum, visit, contract, followUp, party, person, article, citation, statusChange, adminUser, apiKey];
}

function modelOf(services: PanelServices, name: string) {
  const model = services.dmmf.datamodel.models.find((candidate) => candidate.name === name);
  if (!model) throw new Error(`The DMMF has no model ${name}: run prisma generate.`);
  return model;
}
