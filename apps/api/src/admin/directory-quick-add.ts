import type { Language } from '@prisma/client';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Actor } from '../domain/actor.js';
import { HOME_COUNTRY } from '../domain/region-access.service.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { flattenValidationErrors } from '../infrastructure/errors/validation-errors.js';
import { PartiesService } from '../parties/parties.service.js';
import { CreatePartyDto } from '../parties/party.dto.js';
import { PeopleService } from '../parties/people.service.js';
import { CreatePersonDto } from '../parties/person.dto.js';
import { actorOf, mayEditRecords, panelUserOf } from './access.js';
import { localizeRefusal, panelFieldLabels } from './field-messages.js';
import type { PanelContext } from './resources/common.js';

export type Payload = Record<string, unknown>;

/** The `json` field of a panel POST as an object; anything else (`null`, a list, a number) is refused as not JSON. */
export function jsonObject(value: unknown): Payload {
  const parsed: unknown = JSON.parse(typeof value === 'string' ? value : '{}');
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('The request is not a JSON object.');
  return parsed as Payload;
}

const LANGUAGE_SUFFIX: Record<Language, 'Kk' | 'Ru' | 'En'> = { kk: 'Kk', ru: 'Ru', en: 'En' };

/** The same validation as the REST API's ValidationPipe: unknown fields are refused, not dropped. */
export async function validated<T extends object>(type: new () => T, body: unknown): Promise<T> {
  const dto = plainToInstance(type, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw ProblemException.validation(flattenValidationErrors(errors));
  return dto;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/**
 * Where a new party goes when the form names no parent: a party abroad under its country's party (when the directory
 * has one), any other under the editor's region (the only place a region-bound editor may add it).
 */
async function parentOf(panel: PanelContext, body: Payload, countryCode: string | undefined, actor: Actor): Promise<string | undefined> {
  const chosen = text(body.parentId);
  if (chosen) return chosen;
  // A country stands under nothing; a party abroad under its country's party (the oldest one, should there be two).
  if (body.kind === 'country') return undefined;
  if (countryCode && countryCode !== HOME_COUNTRY) {
    const country = await panel.prisma.party.findFirst({
      where: { kind: 'country', countryCode, archivedAt: null },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    });
    return country?.id;
  }
  return actor.regionPartyId ?? undefined;
}

/**
 * The directory look-ups and additions a form makes without leaving it (the intake page and every record form):
 * near names of a name, the countries to choose from, a new party, a new person. Each creation goes through the
 * domain service, with its validation, region rules and history; none of them writes a record of the register.
 * `language` is the language the typed name is in (the article's on the intake page, the reader's in a form).
 */
export async function quickAdd(panel: PanelContext, op: string, body: Payload, language: Language, actor: Actor): Promise<Payload> {
  const name = text(body.name) ?? '';
  const nameField = `name${LANGUAGE_SUFFIX[language]}`;
  switch (op) {
    case 'similar':
      return { similar: await (body.kind === 'person' ? panel.get(PeopleService) : panel.get(PartiesService)).similarTo(name) };
    case 'countries':
      return {
        countries: await panel.prisma.party.findMany({
          // The home country is the form's default ("Kazakhstan, or under your region"), not a choice abroad.
          where: { kind: 'country', archivedAt: null, AND: [{ countryCode: { not: null } }, { countryCode: { not: HOME_COUNTRY } }] },
          select: { id: true, nameKk: true, nameRu: true, nameEn: true, countryCode: true },
          orderBy: { countryCode: 'asc' },
          take: 300,
        }),
      };
    case 'createParty': {
      const countryCode = text(body.countryCode)?.toUpperCase();
      const input = { kind: body.kind, [nameField]: name, countryCode, parentId: await parentOf(panel, body, countryCode, actor) };
      const party = await panel.get(PartiesService).create(await validated(CreatePartyDto, JSON.parse(JSON.stringify(input))), actor);
      return { created: { id: party.id, nameKk: party.nameKk, nameRu: party.nameRu, nameEn: party.nameEn, kind: party.kind } };
    }
    case 'createPerson': {
      // A person named without a party is taken to be of the editor's region, where a region-bound editor may add one.
      const partyId = text(body.partyId) ?? actor.regionPartyId ?? undefined;
      const person = await panel.get(PeopleService).create(await validated(CreatePersonDto, { [nameField]: name, ...(partyId ? { partyId } : {}) }), actor);
      return { created: { id: person.id, nameKk: person.nameKk, nameRu: person.nameRu, nameEn: person.nameEn, partyId: person.partyId } };
    }
    default:
      throw ProblemException.validation([{ field: 'op', message: `unknown operation ${op}` }]);
  }
}

/**
 * What a refused quick addition tells the form, in the reader's language: the field errors (one per field), or one
 * line when there are none. A region refusal carries the panel's forbiddenRegion notice, which answers 403.
 */
export async function quickAddRefusal(error: unknown, locale: Language, resourceId: string): Promise<Payload> {
  if (!(error instanceof ProblemException)) throw error;
  const { problem } = error;
  const refusal = localizeRefusal(problem, locale, await panelFieldLabels(locale, resourceId, 'Intake'));
  return problem.type === ProblemType.forbidden ? { refusal, notice: { message: 'forbiddenRegion', type: 'error' } } : { refusal };
}

/**
 * The `quickAdd` action of the Party and Person resources: what a record form's "new party / new person" calls
 * (POST only: `op` and `json`). Hidden from menus; editors and admins only, like every change.
 */
export function quickAddAction(panel: PanelContext): Partial<Action<ActionResponse>> {
  return {
    actionType: 'resource',
    isVisible: false,
    isAccessible: mayEditRecords,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      if (request.method !== 'post') return {};
      const payload = (request.payload ?? {}) as Payload;
      const user = panelUserOf(context)!;
      try {
        const body = jsonObject(payload.json);
        return await quickAdd(panel, typeof payload.op === 'string' ? payload.op : '', body, user.locale, actorOf(user));
      } catch (error) {
        if (error instanceof SyntaxError) return { refusal: { errors: [], message: 'The request is not JSON.' } };
        return await quickAddRefusal(error, user.locale, context.resource.id());
      }
    },
  };
}
