import { PERSON_CSV_COLUMNS } from '../../parties/person.csv.js';
import { RECORD_TYPES } from '../../domain/record-types.js';
import { quickAddAction } from '../directory-quick-add.js';
import { PeopleService } from '../../parties/people.service.js';
import { CreatePersonDto, UpdatePersonDto } from '../../parties/person.dto.js';
import { searchTextMatches } from '../../domain/search-text.js';
import { commonProperties, DIRECTORY_PAGE_END, hidden, languages, NAV, ref, type RecordResource, texts } from './common.js';

export const personResource: RecordResource = {
  type: RECORD_TYPES.person,
  service: PeopleService,
  columns: PERSON_CSV_COLUMNS as RecordResource['columns'],
  texts: {
    // A person has a name, not a title (the shared labels are the parties' «Название»).
    ru: { name: 'Люди', one: 'Человек', properties: { localizedTitle: 'Имя', nameKk: 'Имя (каз.)', nameRu: 'Имя (рус.)', nameEn: 'Имя (англ.)' } },
    kk: {
      name: 'Адамдар',
      one: 'Адам',
      properties: { localizedTitle: 'Аты-жөні', nameKk: 'Аты-жөні (қаз.)', nameRu: 'Аты-жөні (орыс.)', nameEn: 'Аты-жөні (ағыл.)' },
    },
    en: { name: 'People', one: 'Person', properties: { localizedTitle: 'Name', nameKk: 'Name (Kazakh)', nameRu: 'Name (Russian)', nameEn: 'Name (English)' } },
  },
  scope: { searchRelated: (query) => [{ party: searchTextMatches(query) }] },
  options: () => ({
    navigation: NAV.directory,
    titleProperty: 'nameRu',
    sort: { sortBy: 'updatedAt', direction: 'desc' },
    properties: { ...commonProperties(), partyIds: hidden, sourcesJson: hidden },
    listProperties: ['localizedTitle', 'positionRu', 'party', 'updatedAt'],
    filterProperties: ['q', 'party', 'region', 'archived'],
    showProperties: [...languages('name'), ...languages('position'), 'party', ...DIRECTORY_PAGE_END],
    editProperties: [...languages('name'), ...languages('position'), 'party', 'version'],
  }),
  extraActions: (panel) => ({ quickAdd: quickAddAction(panel) }),
  form: () => ({
    createDto: CreatePersonDto,
    updateDto: UpdatePersonDto,
    fields: [...texts('name'), ...texts('position'), ref('party')],
    partyIdsOf: () => [],
  }),
};
