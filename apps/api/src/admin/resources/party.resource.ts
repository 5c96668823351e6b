import { PARTY_CSV_COLUMNS } from '../../parties/party.csv.js';
import { RECORD_TYPES } from '../../domain/record-types.js';
import { quickAddAction } from '../directory-quick-add.js';
import { PartiesService } from '../../parties/parties.service.js';
import { CreatePartyDto, UpdatePartyDto } from '../../parties/party.dto.js';
import { commonProperties, DIRECTORY_PAGE_END, hidden, languages, NAV, ref, type RecordResource, refArray, texts } from './common.js';

export const partyResource: RecordResource = {
  type: RECORD_TYPES.party,
  service: PartiesService,
  columns: PARTY_CSV_COLUMNS as RecordResource['columns'],
  texts: {
    ru: { name: 'Стороны', one: 'Сторона' },
    kk: { name: 'Тараптар', one: 'Тарап' },
    en: { name: 'Parties', one: 'Party' },
  },
  options: () => ({
    navigation: NAV.directory,
    titleProperty: 'nameRu',
    sort: { sortBy: 'updatedAt', direction: 'desc' },
    properties: { ...commonProperties(), partyIds: hidden, sourcesJson: hidden, childIds: refArray('Party'), aliases: { isArray: true, type: 'string' } },
    listProperties: ['localizedTitle', 'kind', 'countryCode', 'parent', 'updatedAt'],
    filterProperties: ['q', 'kind', 'countryCode', 'parent', 'region', 'archived'],
    showProperties: [...languages('name'), 'kind', 'aliases', 'countryCode', 'parent', 'childIds', ...DIRECTORY_PAGE_END],
    editProperties: [...languages('name'), 'kind', 'aliases', 'countryCode', 'parent', 'version'],
  }),
  extraActions: (panel) => ({ quickAdd: quickAddAction(panel) }),
  form: () => ({
    createDto: CreatePartyDto,
    updateDto: UpdatePartyDto,
    fields: [...texts('name'), { param: 'kind', kind: 'enum' }, { param: 'aliases', kind: 'stringArray' }, { param: 'countryCode' }, ref('parent')],
    partyIdsOf: () => [],
    related: (_id, dto) => Promise.resolve({ childIds: (dto.childIds as string[] | undefined) ?? [] }),
  }),
};
