import type { Type } from '@nestjs/common';
import type { Language } from '@prisma/client';
import type { BaseResource, PropertyOptions, ResourceOptions, ResourceWithOptions } from 'adminjs';
import { STATUS_TONES } from '../../domain/lifecycle.js';
import type { AnyRecordType } from '../../domain/record-types.js';
import type { CsvColumn } from '../../http/csv.js';
import type { RegionAccessService } from '../../domain/region-access.service.js';
import type { PrismaService } from '../../infrastructure/prisma/prisma.service.js';
import type { CitationsService } from '../../sources/citations.service.js';
import type { PanelResourceArgs } from '../prisma-resource.js';
import { namesInHistory } from '../history-names.js';
import { DOMAIN_FILTER_KEYS, domainScope, type ScopeSpec } from '../scopes.js';
import { XLSX_EXPORT_ACTION } from '../xlsx-export.js';
import { readOnlyActions, serviceActions, type DomainService, type FieldSpec, type ServiceResourceSpec } from '../service-actions.js';

/** Prisma's full DMMF (apps/api/src/generated/dmmf.json): @adminjs/prisma needs ids, relations and enum values from it. */
export interface Dmmf {
  datamodel: { models: { name: string; fields: { name: string; kind?: string; type?: string }[] }[] };
}

export type ResourceClass = new (args: PanelResourceArgs) => BaseResource;

/** What a resource file may use: the adapter, the database for reads, and the domain services it delegates to. */
export interface PanelContext {
  Resource: ResourceClass;
  dmmf: Dmmf;
  prisma: PrismaService;
  regions: RegionAccessService;
  citations: CitationsService;
  /** The Nest provider of a class (a domain service), resolved from the application. */
  get<T>(service: Type<T>): T;
}

/**
 * A record type's panel resource: only how the panel shows and edits it. What the type is (model, lifecycle,
 * citations, which parties it involves) comes from the registry; every change goes through its domain service.
 */
/** What the panel calls a record type in one language: the section (plural), one record, its own field labels. */
export interface RecordTexts {
  name: string;
  one: string;
  /** Labels of its fields that differ from the panel's shared ones (locales/*.ts `properties`). */
  properties?: Record<string, string>;
  /** Labels of its statuses that the shared ones (locales/*.ts `labels.status`) do not have yet. */
  statuses?: Record<string, string>;
}

export interface RecordResource {
  type: AnyRecordType;
  /** Its words in every language of the panel. */
  texts: Record<Language, RecordTexts>;
  /** Its domain service (the class the REST controller uses too). */
  service: Type<unknown>;
  /** Its CSV export's columns (the REST list's), which the panel's spreadsheet export writes too. */
  columns: CsvColumn<unknown>[];
  /** Search in related records' names, and filters of its own. */
  scope?: Omit<ScopeSpec, 'type'>;
  /** Filter keys the panel handles itself beyond the shared ones. */
  extraFilterKeys?: string[];
  options(panel: PanelContext): ResourceOptions;
  /** Actions of its own beside the record actions every type has (the directory's quick additions). */
  extraActions?(panel: PanelContext): NonNullable<ResourceOptions['actions']>;
  /** How its forms map to the REST API's DTOs. */
  form(panel: PanelContext): Omit<ServiceResourceSpec, 'entity' | 'lifecycle' | 'service' | 'editableIds' | 'citationsOf'>;
}

export const NAV = {
  register: { name: 'register', icon: 'FileText' },
  directory: { name: 'directory', icon: 'Users' },
  sources: { name: 'sources', icon: 'BookOpen' },
  administration: { name: 'administration', icon: 'Settings' },
};

export const TITLE_FIELDS: FieldSpec[] = ['titleKk', 'titleRu', 'titleEn'].map((param) => ({ param }));
export const texts = (prefix: string): FieldSpec[] => ['Kk', 'Ru', 'En'].map((suffix) => ({ param: `${prefix}${suffix}` }));
export const ref = (param: string): FieldSpec => ({ param, dto: `${param}Id`, kind: 'id' });
export const date = (param: string): FieldSpec[] => [
  { param, kind: 'date' },
  { param: `${param}Precision`, kind: 'enum' },
];
/** The three language versions of a long text, as text areas. */
export const textAreas = (prefix: string): Record<string, PropertyOptions> =>
  Object.fromEntries(['Kk', 'Ru', 'En'].map((suffix) => [`${prefix}${suffix}`, { type: 'textarea' }]));

export const hidden = { isVisible: false };
/** Dates that carry a precision (day, month, year, unknown) are shown only as precisely as they are known. */
export const PRECISE_DATE = { list: 'PreciseDate', show: 'PreciseDate' };
export const showOnly = { isVisible: { list: false, filter: false, show: true, edit: false } };
export const filterOnly = { isVisible: { list: false, filter: true, show: false, edit: false } };
const readOnlyInEdit = { isDisabled: true };
/** A page's technical values (seed key, id, file, checksum), a virtual property shown to admins only. */
export const TECHNICAL_SECTION = { type: 'string', components: { show: 'TechnicalSection' }, ...showOnly } as PropertyOptions;

/** Properties every domain record shows the same way. */
export function commonProperties(titleComponent = 'LocalizedTitle') {
  return {
    // The id and seed key are shown to admins only, in the technical section at the page's end (TechnicalSection).
    id: hidden,
    localizedTitle: {
      type: 'string',
      components: { list: titleComponent, show: titleComponent },
      isVisible: { list: true, show: false, edit: false, filter: false },
      // The one column AdminJS keeps below its desktop breakpoint; LocalizedTitle makes its cell the row's card there.
      isTitle: true,
    },
    searchText: hidden,
    seedKey: hidden,
    technical: TECHNICAL_SECTION,
    seedVersion: hidden,
    version: { type: 'number', isVisible: { list: false, filter: false, show: true, edit: true }, components: { edit: 'FormVersion' }, ...readOnlyInEdit },
    createdAt: showOnly,
    updatedAt: { isVisible: { list: true, filter: true, show: true, edit: false } },
    archivedAt: showOnly,
    q: { type: 'string', ...filterOnly },
    party: { type: 'reference', reference: 'Party', ...filterOnly },
    region: { type: 'reference', reference: 'Party', ...filterOnly },
    archived: { type: 'boolean', ...filterOnly },
    sourcesJson: { type: 'string', components: { show: 'RecordSources' }, ...showOnly },
    historyJson: { type: 'string', components: { show: 'RecordHistory' }, ...showOnly },
    partyIds: editableRefArray('Party'),
    note: { type: 'textarea', components: { show: 'NoteShow' } },
  } as Record<string, PropertyOptions>;
}

export const refArray = (reference: string) => ({ type: 'reference', reference, isArray: true, ...showOnly }) as PropertyOptions;
export const editableRefArray = (reference: string) =>
  ({ type: 'reference', reference, isArray: true, isVisible: { list: false, filter: false, show: true, edit: true } }) as PropertyOptions;
/** The record's citations as rows of article and quote in the edit form; its page shows them through `sourcesJson`. */
export const sourcesInForm = {
  type: 'string',
  components: { edit: 'SourcesEdit' },
  isVisible: { list: false, filter: false, show: false, edit: true },
} as PropertyOptions;

/** The citation's relation to a record of this type (`followUpId` → `followUp`). */
export const citedRecordOf = (type: { citationColumn: string }) => type.citationColumn.replace(/Id$/, '');

/** The DMMF model behind a resource. */
export function modelOf(panel: PanelContext, name: string) {
  const model = panel.dmmf.datamodel.models.find((candidate) => candidate.name === name);
  if (!model) throw new Error(`The DMMF has no model ${name}: run prisma generate.`);
  return model;
}

/** A read-only resource over a model, with the panel's list filters. */
export function readOnlyResource(panel: PanelContext, model: string, options: ResourceOptions, scope: ScopeSpec = { hasArchive: false }): ResourceWithOptions {
  return {
    resource: new panel.Resource({
      model: modelOf(panel, model),
      client: panel.prisma,
      clientModule: { Prisma: { dmmf: panel.dmmf } },
      extraFilterKeys: DOMAIN_FILTER_KEYS,
      scope: domainScope(panel.regions, scope),
    }),
    options: { ...options, actions: readOnlyActions },
  };
}

/** The panel resource of a record type: the registry's facts, the resource file's presentation, the domain service's rules. */
export function recordResource(panel: PanelContext, definition: RecordResource): ResourceWithOptions {
  const { type } = definition;
  return {
    resource: new panel.Resource({
      model: modelOf(panel, type.adminResource),
      client: panel.prisma,
      clientModule: { Prisma: { dmmf: panel.dmmf } },
      extraFilterKeys: [...DOMAIN_FILTER_KEYS, ...(definition.extraFilterKeys ?? [])],
      scope: domainScope(panel.regions, { ...definition.scope, type }),
    }),
    options: {
      ...withStatus(type, withQuickAdd(panel, type.adminResource, definition.options(panel))),
      actions: {
        ...serviceActions({
          ...definition.form(panel),
          entity: type.entityType,
          lifecycle: type.lifecycle ? (type.entityType as ServiceResourceSpec['lifecycle']) : undefined,
          service: panel.get(definition.service) as DomainService,
          editableIds: (actor, ids) => panel.regions.editableIds(actor, type, ids),
          citationsOf: (id) => panel.citations.citationsOf(type, id),
          historyNames: (entries) => namesInHistory(panel.prisma, entries),
        }),
        ...definition.extraActions?.(panel),
        exportXlsx: XLSX_EXPORT_ACTION,
      },
    },
  };
}

/**
 * A record type with a lifecycle gets its status on the create form, after the titles, preset to what the dates
 * imply (the server's default when it is left empty). The edit form has none: changes go through "Change status".
 * Lists and record pages show it as a badge coloured by its tone (domain/lifecycle.ts).
 */
function withStatus(type: AnyRecordType, options: ResourceOptions): ResourceOptions {
  if (!type.lifecycle || !options.editProperties) return options;
  const editProperties = options.editProperties.filter((name) => name !== 'status');
  const afterTitles = editProperties.filter((name) => /^title(Kk|Ru|En)$/.test(name)).length;
  editProperties.splice(afterTitles, 0, 'status');
  const status = {
    ...options.properties?.status,
    components: { ...options.properties?.status?.components, list: 'StatusBadge', show: 'StatusBadge', edit: 'StatusOnCreate' },
    custom: { entity: type.entityType, statuses: Object.keys(type.lifecycle), tones: STATUS_TONES },
  };
  return { ...options, editProperties, properties: { ...options.properties, status } };
}

/** The directory's resources, which a form can add to without leaving it (their `quickAdd` action). */
const QUICK_ADD_RESOURCES = new Set(['Party', 'Person']);

/**
 * Every field of a form that picks a party or a person (a relation of the model, or a list of ids declared as a
 * reference) gets "+ new" beside it: a record form never sends staff to another screen to add a missing one.
 */
function withQuickAdd(panel: PanelContext, model: string, options: ResourceOptions): ResourceOptions {
  const properties = { ...options.properties };
  const relations = new Map(
    modelOf(panel, model)
      .fields.filter((field) => field.kind === 'object')
      .map((field) => [field.name, field.type]),
  );
  for (const name of options.editProperties ?? []) {
    const reference = (properties[name] as { reference?: string } | undefined)?.reference ?? relations.get(name);
    if (!reference || !QUICK_ADD_RESOURCES.has(reference)) continue;
    properties[name] = { ...properties[name], components: { ...properties[name]?.components, edit: 'ReferenceWithNew' } };
  }
  return { ...options, properties };
}

/** The kk/ru/en params of a text: `languages('title')` is titleKk, titleRu, titleEn. */
export const languages = (prefix: string): string[] => ['Kk', 'Ru', 'En'].map((suffix) => `${prefix}${suffix}`);
/** What every cited record's page ends with: its sources, history and bookkeeping. */
export const RECORD_PAGE_END = ['note', 'sourcesJson', 'historyJson', 'version', 'updatedAt', 'createdAt', 'archivedAt', 'technical'];
/** What every directory record's page ends with (parties and people cite no sources). */
export const DIRECTORY_PAGE_END = ['historyJson', 'version', 'updatedAt', 'createdAt', 'archivedAt', 'technical'];
/** What every cited record's form ends with: its note, citations and the version it was loaded with. */
export const RECORD_FORM_END = ['note', 'sources', 'version'];
