import { HttpStatus } from '@nestjs/common';
import type { ActionContext, ActionRequest, ActionResponse, RecordActionResponse, ResourceOptions } from 'adminjs';
import type { Actor } from '../../domain/actor.js';
import { ProblemException, ProblemType } from '../../infrastructure/errors/problem.js';
import { MentionsService } from '../../sources/mentions.service.js';
import { CreateSourceDto, UpdateSourceDto } from '../../sources/source.dto.js';
import { SourcesService } from '../../sources/sources.service.js';
import { localizedTitle } from '../localize.js';
import { isAdmin, mayEditRecords, mayRead, panelUserOf } from '../access.js';
import { type DomainService, serviceActions } from '../service-actions.js';
import { date, type PanelContext } from './common.js';

type Action = Record<string, unknown> & { handler: (request: ActionRequest, response: unknown, context: ActionContext) => Promise<RecordActionResponse> };

/**
 * `failure()` in service-actions.ts shows the detail of a problem it has no words for as the notice's message key.
 * The source's own refusals (cited, not yours, same text elsewhere) get the panel's words that way, in every language,
 * instead of the record types' "archived" and "not your region".
 */
const noticeOf = (message: string) => ProblemException.of(HttpStatus.CONFLICT, ProblemType.http, message);

function panelRefusal(error: unknown, change: 'edit' | 'archive'): unknown {
  if (!(error instanceof ProblemException)) return error;
  const { type, citationCount, existing } = error.problem;
  if (type === ProblemType.preconditionFailed) return noticeOf('sourceStale');
  if (type === ProblemType.forbidden) return noticeOf(change === 'edit' ? 'sourceEditForbidden' : 'sourceArchiveForbidden');
  if (type === ProblemType.stillReferenced && citationCount) return noticeOf(change === 'edit' ? 'sourceTextCited' : 'sourceCitedNoArchive');
  if (type === ProblemType.duplicate && existing) return noticeOf('sourceDuplicateText');
  return error;
}

/**
 * SourcesService addresses sources by key, AdminJS by the uuid `id`: this shape lets the shared record actions (the
 * version check, form parsing, failures) drive the sources service unchanged.
 */
function sourcesById(panel: PanelContext): DomainService {
  const sources = panel.get(SourcesService);
  const keyOf = async (id: string) => {
    const row = await panel.prisma.sourceArticle.findUnique({ where: { id }, select: { key: true } });
    if (!row) throw ProblemException.notFound('Source', id);
    return row.key;
  };
  const refusing =
    <A extends unknown[]>(change: 'edit' | 'archive', run: (key: string, ...args: A) => Promise<unknown>) =>
    async (id: string, ...args: A) => {
      try {
        return await run(await keyOf(id), ...args);
      } catch (error) {
        throw panelRefusal(error, change);
      }
    };
  return {
    get: async (id) => ({ ...(await sources.get(await keyOf(id))), id }),
    create: () => Promise.reject(new Error('Sources are added through the intake page.')),
    update: refusing('edit', (key, version: number, input: never, actor: Actor) => sources.update(key, version, input, actor)),
    archive: refusing('archive', (key, version: number, actor: Actor) => sources.archive(key, version, actor)),
    restore: refusing('archive', (key, version: number, actor: Actor) => sources.restore(key, version, actor)),
    historyOf: async (id, page) => sources.historyOf(await keyOf(id), page),
  };
}

/** Admins archive any source; an editor only one they added (the service decides again, and refuses while cited). */
const mayArchive = (context: ActionContext) => {
  const user = panelUserOf(context);
  return isAdmin(context) || (!!user && context.record?.params.createdById === user.id);
};

/** The form's text as loaded: sent back unchanged, it is no text change at all (the form trims what it sends). */
function withoutUnchangedText(request: ActionRequest, context: ActionContext): ActionRequest {
  if (request.payload && request.payload.text === context.record?.params.text) delete request.payload.text;
  return request;
}

/**
 * The source's record actions in the panel: edit, archive (delete) and restore through SourcesService with the version
 * the form was loaded with, and `mentions`, a GET that finds what the text names (parties, people, dates, amounts).
 */
export function sourceEditActions(panel: PanelContext): ResourceOptions['actions'] {
  const shared = serviceActions({
    entity: 'source',
    service: sourcesById(panel),
    fields: [{ param: 'title' }, { param: 'outlet' }, { param: 'url' }, ...date('publishedOn'), { param: 'language', kind: 'enum' }, { param: 'text' }],
    createDto: CreateSourceDto,
    updateDto: UpdateSourceDto,
    partyIdsOf: () => [],
  }) as Record<string, Action>;
  const edit = shared.edit;
  const archivable = (action: Action) => ({
    ...action,
    isAccessible: mayEditRecords,
    isVisible: (context: ActionContext) => mayArchive(context) && (action.isVisible as (context: ActionContext) => boolean)(context),
  });
  return {
    edit: {
      ...edit,
      before: withoutUnchangedText,
      // The form shows the text read-only once anything quotes it.
      after: async (response: RecordActionResponse) => {
        if (response.record?.id) response.record.params.citationCount = await panel.prisma.citation.count({ where: { articleId: response.record.id } });
        return response;
      },
    },
    delete: archivable(shared.delete),
    restore: archivable(shared.restore),
    mentions: mentionsAction(panel),
  };
}

function mentionsAction(panel: PanelContext) {
  return {
    actionType: 'record' as const,
    isAccessible: mayRead,
    isVisible: false,
    // Reads only, whatever the method: it never changes anything.
    handler: async (_request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const record = context.record!;
      const mentions = await panel.get(MentionsService).mentionsIn(String(record.params.key));
      const locale = panelUserOf(context)?.locale ?? 'ru';
      const ids = (field: 'partyId' | 'personId') => [...new Set(mentions.flatMap((mention) => (mention[field] ? [mention[field]] : [])))];
      const select = { id: true, nameKk: true, nameRu: true, nameEn: true };
      const [parties, people] = await Promise.all([
        panel.prisma.party.findMany({ where: { id: { in: ids('partyId') } }, select }),
        panel.prisma.person.findMany({ where: { id: { in: ids('personId') } }, select }),
      ]);
      const names = Object.fromEntries([...parties, ...people].map((row) => [row.id, localizedTitle(row, locale) ?? '']));
      return { record: record.toJSON(context.currentAdmin), mentions, names };
    },
  };
}
