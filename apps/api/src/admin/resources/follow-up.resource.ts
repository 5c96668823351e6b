import { FOLLOW_UP_CSV_COLUMNS } from '../../follow-ups/follow-up.csv.js';
import { RECORD_TYPES } from '../../domain/record-types.js';
import { CreateFollowUpDto, UpdateFollowUpDto } from '../../follow-ups/follow-up.dto.js';
import { overdueWhere } from '../../follow-ups/follow-up.where.js';
import { FollowUpsService } from '../../follow-ups/follow-ups.service.js';
import { searchTextMatches } from '../../domain/search-text.js';
import {
  commonProperties,
  date,
  filterOnly,
  hidden,
  languages,
  NAV,
  PRECISE_DATE,
  RECORD_FORM_END,
  RECORD_PAGE_END,
  ref,
  type RecordResource,
  sourcesInForm,
  textAreas,
  texts,
  TITLE_FIELDS,
} from './common.js';

export const followUpResource: RecordResource = {
  type: RECORD_TYPES.follow_up,
  service: FollowUpsService,
  columns: FOLLOW_UP_CSV_COLUMNS as RecordResource['columns'],
  texts: {
    ru: { name: 'Поручения', one: 'Поручение' },
    kk: { name: 'Тапсырмалар', one: 'Тапсырма' },
    en: { name: 'Follow-ups', one: 'Follow-up' },
  },
  scope: {
    searchRelated: (query) => [{ responsibleParty: searchTextMatches(query) }],
    extra: (filters) => (filters.overdue === 'true' ? [overdueWhere()] : []),
  },
  extraFilterKeys: ['overdue'],
  options: () => ({
    navigation: NAV.register,
    titleProperty: 'titleRu',
    sort: { sortBy: 'dueOn', direction: 'asc' },
    properties: {
      ...commonProperties(),
      partyIds: hidden,
      overdue: { type: 'boolean', ...filterOnly },
      sources: sourcesInForm,
      ...textAreas('description'),
      dueOn: { type: 'date', components: PRECISE_DATE },
    },
    listProperties: ['localizedTitle', 'status', 'dueOn', 'responsibleParty', 'memorandum', 'updatedAt'],
    filterProperties: ['q', 'status', 'overdue', 'party', 'region', 'responsibleParty', 'dueOn', 'memorandum', 'contract', 'visit', 'archived'],
    showProperties: [
      ...languages('title'),
      'status',
      'dueOn',
      'responsibleParty',
      'responsiblePerson',
      'visit',
      'memorandum',
      'contract',
      ...languages('description'),
      ...RECORD_PAGE_END,
    ],
    editProperties: [
      ...languages('title'),
      'dueOn',
      'dueOnPrecision',
      'responsibleParty',
      'responsiblePerson',
      'visit',
      'memorandum',
      'contract',
      ...languages('description'),
      ...RECORD_FORM_END,
    ],
  }),
  form: () => ({
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
  }),
};
