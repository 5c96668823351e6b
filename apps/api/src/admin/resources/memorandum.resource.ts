import { MEMORANDUM_CSV_COLUMNS } from '../../memoranda/memorandum.csv.js';
import { CreateMemorandumDto, UpdateMemorandumDto } from '../../memoranda/memorandum.dto.js';
import { MemorandaService } from '../../memoranda/memoranda.service.js';
import { RECORD_TYPES } from '../../domain/record-types.js';
import { searchTextMatches } from '../../domain/search-text.js';
import type { ListSpec } from '../service-actions.js';
import {
  commonProperties,
  date,
  editableRefArray,
  languages,
  NAV,
  PRECISE_DATE,
  RECORD_FORM_END,
  RECORD_PAGE_END,
  ref,
  refArray,
  type RecordResource,
  sourcesInForm,
  textAreas,
  texts,
  TITLE_FIELDS,
} from './common.js';

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

export const memorandumResource: RecordResource = {
  type: RECORD_TYPES.memorandum,
  service: MemorandaService,
  columns: MEMORANDUM_CSV_COLUMNS as RecordResource['columns'],
  texts: {
    ru: { name: 'Меморандумы', one: 'Меморандум', properties: { partyIds: 'Стороны-подписанты' } },
    kk: { name: 'Меморандумдар', one: 'Меморандум', properties: { partyIds: 'Қол қоюшы тараптар' } },
    en: { name: 'Memoranda', one: 'Memorandum', properties: { partyIds: 'Signatory parties' } },
  },
  scope: { searchRelated: (query) => [{ parties: { some: { party: searchTextMatches(query) } } }] },
  options: () => ({
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
      ...textAreas('summary'),
      signedOn: { type: 'date', components: PRECISE_DATE },
      validUntil: { type: 'date' },
      spheres: { isArray: true },
    },
    listProperties: ['localizedTitle', 'status', 'signedOn', 'quantity', 'visit', 'updatedAt'],
    filterProperties: ['q', 'status', 'kind', 'party', 'region', 'spheres', 'signedOn', 'visit', 'updatedAt', 'archived'],
    showProperties: [
      ...languages('title'),
      'kind',
      'status',
      'signedOn',
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
      ...languages('summary'),
      ...RECORD_PAGE_END,
    ],
    editProperties: [
      ...languages('title'),
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
      ...languages('summary'),
      ...RECORD_FORM_END,
    ],
  }),
  form: () => ({
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
    related: (_id, dto) => Promise.resolve({ contractIds: dto.contractIds as string[], followUpIds: dto.followUpIds as string[] }),
  }),
};
