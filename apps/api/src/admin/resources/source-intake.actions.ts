import fs from 'node:fs/promises';
import type { Language } from '@prisma/client';
import type { ActionContext, ActionRequest, ActionResponse, ResourceOptions } from 'adminjs';
import { type FieldError, ProblemException, ProblemType } from '../../infrastructure/errors/problem.js';
import { SourceRecordsDto } from '../../intake/source-records.dto.js';
import { IntakeService } from '../../intake/intake.service.js';
import { MAX_UPLOAD_BYTES, SourceTextError, extractUploadedText } from '../../sources/intake/source-text.js';
import { MentionsService } from '../../sources/mentions.service.js';
import { CreateSourceDto } from '../../sources/source.dto.js';
import { SourcesService } from '../../sources/sources.service.js';
import { actorOf, mayEditRecords, panelUserOf } from '../access.js';
import { jsonObject, type Payload, quickAdd, validated } from '../directory-quick-add.js';
import { type FieldLabels, localizeFieldErrors, localizeRefusal, panelFieldLabels } from '../field-messages.js';
import type { PanelContext } from './common.js';

/** A file as express-formidable (formidable 1) hands it to AdminJS's payload: already on disk, in the temp folder. */
interface FormidableFile {
  path: string;
  name?: string;
  type?: string;
  size: number;
}

type Refusal = { errors: FieldError[]; message: string; existing?: { key: string; title: string; id?: string } };

const SOURCE_FIELDS = ['title', 'text', 'language', 'outlet', 'url', 'publishedOn', 'publishedOnPrecision'] as const;
const EMPTY_RECORD = { params: {}, populated: {}, errors: {}, baseError: null, title: '', recordActions: [], bulkActions: [] };

/**
 * What a refusal tells the form: field errors to show where they belong (in the user's language, one per field), and
 * one line for the top, left empty when the fields already say it all.
 */
async function refusalOf(error: unknown, context: ActionContext): Promise<Refusal> {
  const locale = panelUserOf(context)?.locale ?? 'ru';
  const labels = await intakeLabels(locale, context.resource.id());
  if (error instanceof SourceTextError) return { errors: localizeFieldErrors([{ field: error.field, message: error.message }], locale, labels), message: '' };
  if (!(error instanceof ProblemException)) throw error;
  const problem = error.problem as typeof error.problem & { existing?: { key: string; title: string } };
  return { ...localizeRefusal(problem, locale, labels), existing: problem.existing };
}

/** The record type of each card of the intake page, by the key its fields come under (`memorandum.quantity`). */
const CARD_RESOURCES: Record<string, string> = { visit: 'Visit', memorandum: 'Memorandum', contract: 'Contract', followUps: 'FollowUp' };

/** Field labels as the intake page shows them: a card's field by the page's word for it, else its record type's. */
async function intakeLabels(locale: Language, resourceId: string): Promise<FieldLabels> {
  const own = await panelFieldLabels(locale, resourceId, 'Intake');
  const cards = new Map(
    await Promise.all(Object.entries(CARD_RESOURCES).map(async ([card, resource]) => [card, await panelFieldLabels(locale, resource, 'Intake')] as const)),
  );
  return (field) => {
    const parts = field.split('.').filter((part) => !/^\d+$/.test(part));
    const card = parts.length > 1 ? cards.get(parts[0]) : undefined;
    return card ? card(parts[parts.length - 1]) : own(field);
  };
}

const isFile = (value: unknown): value is FormidableFile => !!value && typeof value === 'object' && typeof (value as FormidableFile).path === 'string';
const textOf = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** The text of an uploaded file, the size checked before it is read; formidable's temp file is removed either way. */
async function uploadedText(file: FormidableFile): Promise<string> {
  try {
    if (file.size > MAX_UPLOAD_BYTES) throw new SourceTextError('file', 'The file is larger than 5 MB; upload the article text alone (.txt or .docx).');
    return await extractUploadedText({ buffer: await fs.readFile(file.path), filename: file.name ?? '', mimetype: file.type });
  } finally {
    await fs.rm(file.path, { force: true });
  }
}

/** Screen 1: a new source from pasted text or a file; on success straight to screen 2 for it. */
function newSourceAction(panel: PanelContext) {
  return {
    actionType: 'resource' as const,
    component: 'NewSource',
    showInDrawer: false,
    isAccessible: mayEditRecords,
    isVisible: mayEditRecords,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      if (request.method !== 'post') return {};
      const payload = (request.payload ?? {}) as Payload;
      const file = isFile(payload.file) && payload.file.size > 0 ? payload.file : undefined;
      try {
        const body: Payload = {};
        for (const field of SOURCE_FIELDS) {
          const value = textOf(payload[field]);
          if (value !== undefined) body[field] = field === 'text' ? payload[field] : value.trim();
        }
        // "auto" is the form's word for "detect it from the letters", which is what leaving it out means to the service.
        if (body.language === 'auto') delete body.language;
        if (file) body.text = await uploadedText(file);
        const created = await panel.get(SourcesService).create(await validated(CreateSourceDto, body), actorOf(panelUserOf(context)!));
        const { id } = await panel.prisma.sourceArticle.findUniqueOrThrow({ where: { key: created.key }, select: { id: true } });
        return {
          redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: id, actionName: 'intake' }),
          notice: { message: 'sourceCreated', type: 'success' },
          record: { ...EMPTY_RECORD, id },
        };
      } catch (error) {
        if (file) await fs.rm(file.path, { force: true });
        const refusal = await refusalOf(error, context);
        if (refusal.existing) {
          const existing = await panel.prisma.sourceArticle.findUnique({ where: { key: refusal.existing.key }, select: { id: true } });
          refusal.existing.id = existing?.id;
        }
        return { refusal, notice: { message: refusal.existing ? 'sourceDuplicate' : 'thereWereValidationErrors', type: 'error' } };
      }
    },
  };
}

/** The names of the parties and people the mentions name, in all three languages, for the cards' chips. */
async function directoryNames(panel: PanelContext, mentions: { partyId?: string; personId?: string }[]) {
  const partyIds = [...new Set(mentions.flatMap((mention) => (mention.partyId ? [mention.partyId] : [])))];
  const personIds = [...new Set(mentions.flatMap((mention) => (mention.personId ? [mention.personId] : [])))];
  const select = { id: true, nameKk: true, nameRu: true, nameEn: true };
  const [parties, people] = await Promise.all([
    panel.prisma.party.findMany({ where: { id: { in: partyIds } }, select: { ...select, kind: true } }),
    panel.prisma.person.findMany({ where: { id: { in: personIds } }, select: { ...select, partyId: true } }),
  ]);
  return { parties, people };
}

/**
 * Screen 2: the source's text with its mentions, and the records it reports entered from it at once. The page POSTs
 * `op` (a quick look-up or creation of a party or person) or the records as `records` (JSON of SourceRecordsDto).
 */
function intakeAction(panel: PanelContext) {
  return {
    actionType: 'record' as const,
    component: 'SourceIntake',
    icon: 'Edit3',
    showInDrawer: false,
    isAccessible: mayEditRecords,
    isVisible: (context: ActionContext) => mayEditRecords(context) && !context.record?.params.archivedAt,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const record = context.record!;
      const key = String(record.params.key);
      const language = record.params.language as Language;
      const json = record.toJSON(context.currentAdmin);
      if (request.method !== 'post') {
        const mentions = await panel.get(MentionsService).mentionsIn(key);
        json.params = { ...json.params, intakeJson: JSON.stringify({ mentions, ...(await directoryNames(panel, mentions)) }) };
        return { record: json };
      }
      const payload = (request.payload ?? {}) as Payload;
      try {
        const body = jsonObject(payload.json);
        const op = typeof payload.op === 'string' ? payload.op : 'save';
        if (op !== 'save') return { record: json, ...(await quickAdd(panel, op, body, language, actorOf(panelUserOf(context)!))) };
        const dto = await validated(SourceRecordsDto, body);
        await panel.get(IntakeService).createFromSource(key, dto, actorOf(panelUserOf(context)!));
        return {
          record: json,
          redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: record.id(), actionName: 'show' }),
          notice: { message: 'intakeSaved', type: 'success' },
        };
      } catch (error) {
        if (error instanceof SyntaxError)
          return {
            record: json,
            refusal: { errors: [], message: 'The request is not JSON.' },
            notice: { message: 'thereWereValidationErrors', type: 'error' },
          };
        const refusal = await refusalOf(error, context);
        const forbidden = error instanceof ProblemException && error.problem.type === ProblemType.forbidden;
        return { record: json, refusal, notice: { message: forbidden ? 'forbiddenRegion' : 'thereWereValidationErrors', type: 'error' } };
      }
    },
  };
}

/** The core loop's actions on the SourceArticle resource: new source (screen 1) and enter its records (screen 2). */
export function sourceIntakeActions(panel: PanelContext): NonNullable<ResourceOptions['actions']> {
  return { new: newSourceAction(panel), intake: intakeAction(panel) };
}
