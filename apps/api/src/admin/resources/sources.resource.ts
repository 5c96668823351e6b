import type { ActionContext, ActionRequest, ResourceOptions, ResourceWithOptions } from 'adminjs';
import { CITING_RECORD_TYPES } from '../../domain/record-types.js';
import { SourcesService } from '../../sources/sources.service.js';
import { listSearch, PANEL_HISTORY_ENTRIES, readOnlyActions } from '../service-actions.js';
import {
  citedRecordOf,
  commonProperties,
  filterOnly,
  hidden,
  NAV,
  type PanelContext,
  PRECISE_DATE,
  readOnlyResource,
  showOnly,
  TECHNICAL_SECTION,
} from './common.js';
import { sourceEditActions } from './source-edit.actions.js';
import { sourceIntakeActions } from './source-intake.actions.js';

const ARTICLE_OPTIONS = {
  navigation: NAV.sources,
  titleProperty: 'title',
  sort: { sortBy: 'publishedOn', direction: 'desc' },
  properties: {
    // The title's cell is the row's card on narrow screens, with the search's matches marked, as in the register.
    title: { components: { list: 'LocalizedTitle' } },
    text: { type: 'textarea', components: { show: 'ArticleText', edit: 'SourceTextEdit' } },
    citedByJson: { type: 'string', components: { show: 'ArticleCitations' }, ...showOnly },
    historyJson: commonProperties().historyJson,
    version: commonProperties().version,
    archivedAt: showOnly,
    sha256: hidden,
    id: hidden,
    // The file name and checksum are the loader's: admins read them in the technical section; staff know an article by
    // its title, outlet and date (the search box still finds a file name).
    key: hidden,
    technical: TECHNICAL_SECTION,
    createdById: hidden,
    createdByType: hidden,
    publishedOn: { type: 'date', components: PRECISE_DATE },
    q: { type: 'string', ...filterOnly },
    archived: commonProperties().archived,
    party: hidden,
    region: hidden,
  },
  listProperties: ['title', 'language', 'outlet', 'publishedOn'],
  filterProperties: ['title', 'language', 'outlet', 'publishedOn', 'archived'],
  showProperties: [
    'title',
    'language',
    'outlet',
    'url',
    'publishedOn',
    'citedByJson',
    'text',
    'historyJson',
    'version',
    'createdAt',
    'archivedAt',
    'technical',
  ],
  editProperties: ['title', 'outlet', 'url', 'publishedOn', 'publishedOnPrecision', 'language', 'text', 'version'],
} satisfies ResourceOptions;

export const articleEditProperties = () => ARTICLE_OPTIONS.editProperties;

/** The source articles, read-only, each page listing the records that quote it. */
export function articleResource(panel: PanelContext): ResourceWithOptions {
  // Archived sources leave the list (and the citation picker) unless the filter asks for them; search matches the
  // folded title and file name (searchText), with the register's kk/ru look-alike folding.
  const article = readOnlyResource(panel, 'SourceArticle', ARTICLE_OPTIONS, { hasArchive: true });
  article.options.actions = {
    ...readOnlyActions,
    // The drawer's title filter is the sources' search (title or file name, prisma-resource.ts).
    list: { ...(readOnlyActions!.list as object), custom: listSearch('title') },
    ...sourceIntakeActions(panel),
    show: {
      ...(readOnlyActions!.show as object),
      before: async (request: ActionRequest, context: ActionContext) => {
        if (context.record) context.record.params.citedByJson = JSON.stringify(await panel.citations.citingRecords(context.record.id()));
        if (context.record)
          context.record.params.historyJson = JSON.stringify(
            (await panel.get(SourcesService).historyOf(String(context.record.params.key), { limit: PANEL_HISTORY_ENTRIES })).data,
          );
        return request;
      },
    },
    ...sourceEditActions(panel),
  };
  return article;
}

const NO_RECORD_FILTERS = { archived: hidden, party: hidden, region: hidden, q: hidden };

export function citationResource(panel: PanelContext): ResourceWithOptions {
  return readOnlyResource(panel, 'Citation', {
    navigation: NAV.sources,
    properties: { quote: { type: 'textarea', isTitle: true }, ...NO_RECORD_FILTERS },
    // One column per record type that cites sources (the registry's citation columns), labelled by its resource.
    listProperties: ['article', 'quote', ...CITING_RECORD_TYPES.map(citedRecordOf)],
    filterProperties: ['article', ...CITING_RECORD_TYPES.map(citedRecordOf)],
  });
}

/** The register of status changes across every record type. */
export function statusChangeResource(panel: PanelContext): ResourceWithOptions {
  return readOnlyResource(panel, 'StatusChange', {
    navigation: NAV.sources,
    sort: { sortBy: 'createdAt', direction: 'desc' },
    properties: { comment: { type: 'textarea', isTitle: true }, ...NO_RECORD_FILTERS },
    listProperties: ['createdAt', 'entityType', 'fromStatus', 'toStatus', 'actorName', 'comment'],
    filterProperties: ['entityType', 'entityId', 'toStatus', 'actorName', 'createdAt'],
  });
}
