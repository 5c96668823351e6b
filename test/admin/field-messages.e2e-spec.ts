import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Language } from '@prisma/client';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { jest } from '@jest/globals';
import JSZip from 'jszip';
import {
  MESSAGE_RULES,
  localizeFieldErrors,
  localizeMessage,
  messageRule,
  panelFieldLabels,
  type FieldLabels,
} from '../../apps/api/src/admin/field-messages.js';
import { MISSING_VERSION } from '../../apps/api/src/admin/service-actions.js';
import { AdminUsersService } from '../../apps/api/src/auth/admin-users.service.js';
import { ApiKeysService } from '../../apps/api/src/auth/api-keys.service.js';
import { CreateContractDto } from '../../apps/api/src/contracts/contract.dto.js';
import { ContractsService } from '../../apps/api/src/contracts/contracts.service.js';
import type { Actor } from '../../apps/api/src/domain/actor.js';
import { toPreciseDate } from '../../apps/api/src/domain/dates.js';
import { requireOneLanguage, requireParties } from '../../apps/api/src/domain/record-helpers.js';
import { ProblemException } from '../../apps/api/src/infrastructure/errors/problem.js';
import { flattenValidationErrors } from '../../apps/api/src/infrastructure/errors/validation-errors.js';
import { IntakeService } from '../../apps/api/src/intake/intake.service.js';
import { CreateMemorandumDto } from '../../apps/api/src/memoranda/memorandum.dto.js';
import { MemorandaService } from '../../apps/api/src/memoranda/memoranda.service.js';
import { CreatePartyDto } from '../../apps/api/src/parties/party.dto.js';
import { PartiesService } from '../../apps/api/src/parties/parties.service.js';
import { SourceTextError, acceptSourceText, extractUploadedText } from '../../apps/api/src/sources/intake/source-text.js';
import { CreateSourceDto } from '../../apps/api/src/sources/source.dto.js';
import { TransitionDto } from '../../apps/api/src/http/common.dto.js';
import { VisitsService } from '../../apps/api/src/visits/visits.service.js';
import { urlProblem } from '../../apps/api/src/webhooks/webhook-target.js';
import { WebhooksService } from '../../apps/api/src/webhooks/webhooks.service.js';
import { createArticle, createParty, createPerson } from '../support/fixtures.js';
import { panelLogin } from '../support/panel.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

const ADMIN: Actor = { type: 'user', id: null, name: 'Test admin', role: 'admin', regionPartyId: null };
const FIXTURES = path.resolve('apps/api/src/sources/intake/fixtures');
const TEXT = 'Акимат Карагандинской области и Новосибирская область подписали меморандум.';

/** The messages a refusal carries: a problem's field errors, or an upload's one message. */
async function refusal(run: () => unknown): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SourceTextError) return [error.message];
    if (error instanceof ProblemException) return [...(error.problem.errors ?? []).map((fieldError) => fieldError.message), error.problem.detail ?? ''];
    throw error;
  }
  throw new Error('Nothing was refused');
}

/** The messages of a body validated as the panel validates it (the REST API's ValidationPipe settings). */
async function dto(type: new () => object, body: object): Promise<string[]> {
  const errors = await validate(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true });
  return flattenValidationErrors(errors).map((error) => error.message);
}

const upload = (filename: string, bytes: Buffer | string) => refusal(() => extractUploadedText({ buffer: Buffer.from(bytes), filename }));

/** A zip whose directory declares one entry of `size` bytes: enough for the .docx reader's size check. */
function zipDeclaring(size: number): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  const entry = Buffer.alloc(46);
  entry.writeUInt32LE(0x02014b50, 0);
  entry.writeUInt32LE(size, 24);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, entry, end]);
}

/** A PDF encrypted with a user password (its /U matches no empty password): PDF.js asks for the password. */
const LOCKED_PDF = [
  '%PDF-1.4',
  '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj',
  `3 0 obj << /Filter /Standard /V 1 /R 2 /O <${'a'.repeat(64)}> /U <${'b'.repeat(64)}> /P -44 >> endobj`,
  `trailer << /Root 1 0 R /Encrypt 3 0 R /ID [<${'c'.repeat(32)}> <${'c'.repeat(32)}>] /Size 4 >>`,
  '%%EOF',
].join('\n');

async function emptyDocx(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>',
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('Server refusals in the panel’s languages (field-messages.ts)', () => {
  let testApp: TestApp;
  let region: { id: string };
  let archivedParty: { id: string };
  let person: { id: string };
  let memorandumId: string;
  const produced = new Map<string, string[]>();
  /** The message a rule reads, among those its producer gave. */
  const messageOf = (id: string) => produced.get(id)!.find((message) => messageRule(message)?.id === id)!;

  beforeAll(async () => {
    testApp = await createTestApp();
    region = await createParty(testApp, { nameRu: 'Карагандинская область', kind: 'region' });
    archivedParty = await createParty(testApp, { nameRu: 'Упразднённый район', kind: 'region' });
    await testApp.prisma.party.update({ where: { id: archivedParty.id }, data: { archivedAt: new Date() } });
    person = await createPerson(testApp, { nameRu: 'Ермаганбет Булекпаев', partyId: region.id });
    await createArticle(testApp, '001_messages.txt', TEXT);
    await createArticle(testApp, '002_archived.txt', 'Архивный текст о визите.');
    await testApp.prisma.sourceArticle.update({ where: { key: '002_archived.txt' }, data: { archivedAt: new Date() } });

    const memoranda = testApp.app.get(MemorandaService);
    const parties = testApp.app.get(PartiesService);
    const users = testApp.app.get(AdminUsersService);
    const webhooks = () => testApp.app.get(WebhooksService);
    const party = [{ partyId: region.id }];
    const cite = (article: string, quote: string) => ({ titleRu: 'Меморандум', parties: party, sources: [{ article, quote }] });
    const visits = testApp.app.get(VisitsService);
    const guest = await createParty(testApp, { nameRu: 'Новосибирская область', kind: 'foreign_region' });
    const newVisit = (previousVisitId?: string) =>
      visits.create({ titleRu: 'Визит', visitingPartyId: guest.id, hostPartyIds: [region.id], ...(previousVisitId ? { previousVisitId } : {}) }, ADMIN);
    const visit = await newVisit();
    const nextVisit = await newVisit(visit.id);
    const existingParty = await parties.create({ kind: 'region', nameRu: 'Павлодарская область' }, ADMIN);
    const district = await parties.create({ kind: 'district', nameRu: 'Экибастуз', parentId: existingParty.id }, ADMIN);
    const memorandum = await memoranda.create({ titleRu: 'Меморандум', parties: party }, ADMIN);
    memorandumId = memorandum.id;
    await users.create({ email: 'kk.editor@kelisim.test', password: 'correct-horse-battery', role: 'admin', locale: 'kk' });
    await users.create({ email: 'taken@kelisim.test', password: 'correct-horse-battery', role: 'viewer', locale: 'ru' });

    // Every rule's message, made by the code that says it.
    const producers: Record<string, () => Promise<string[]>> = {
      required: () => dto(CreateSourceDto, { title: '', text: TEXT }),
      unknownField: () => dto(CreateMemorandumDto, { titleRu: 'М', colour: 'red' }),
      notString: () => dto(CreateMemorandumDto, { titleRu: 5 }),
      notInteger: () => dto(CreateMemorandumDto, { quantity: 'два' }),
      notUuid: () => dto(CreateMemorandumDto, { visitId: 'визит' }),
      notDate: () => dto(CreateMemorandumDto, { signedOn: '2024-13-45' }),
      notArray: () => dto(CreateMemorandumDto, { spheres: 'tourism' }),
      eachEmpty: () => dto(CreatePartyDto, { kind: 'region', nameRu: 'Х', aliases: [''] }),
      eachNotString: () => dto(CreatePartyDto, { kind: 'region', nameRu: 'Х', aliases: [5] }),
      eachTooLong: () => dto(CreatePartyDto, { kind: 'region', nameRu: 'Х', aliases: ['х'.repeat(101)] }),
      eachNotObject: () => dto(CreateMemorandumDto, { parties: [[]] }),
      eachNotOneOf: () => dto(CreateMemorandumDto, { spheres: ['astrology'] }),
      notOneOf: () => dto(CreateSourceDto, { title: 'Т', text: TEXT, language: 'xx' }),
      tooLong: () => dto(CreateMemorandumDto, { titleRu: 'М'.repeat(501) }),
      tooShort: () => refusal(() => users.create({ email: 'short@kelisim.test', password: 'short', role: 'viewer', locale: 'ru' })),
      tooSmall: () => dto(CreateMemorandumDto, { quantity: 0 }),
      tooLarge: () => dto(CreateMemorandumDto, { quantity: 10_001 }),
      tooManyItems: () => dto(CreateMemorandumDto, { parties: Array.from({ length: 51 }, () => ({ partyId: region.id })) }),
      notUrl: () => dto(CreateSourceDto, { title: 'Т', text: TEXT, url: 'ftp://example.kz/release' }),
      tooFewItems: () => refusal(() => webhooks().create(ADMIN, { url: 'https://crm.example.kz/hooks', events: [] })),
      webhookUrlForm: () => refusal(() => webhooks().create(ADMIN, { url: 'crm.example.kz', events: ['*'] })),
      webhookUrlScheme: () => Promise.resolve([urlProblem('http://crm.example.kz/hooks', { strict: true })!]),
      webhookUrlCredentials: () => refusal(() => webhooks().create(ADMIN, { url: 'https://user:pw@crm.example.kz/hooks', events: ['*'] })),
      webhookUrlFragment: () => refusal(() => webhooks().create(ADMIN, { url: 'https://crm.example.kz/hooks#x', events: ['*'] })),
      webhookUrlPrivate: () => Promise.resolve([urlProblem('https://10.0.0.7/hooks', { strict: true })!]),
      webhookEvents: () => refusal(() => webhooks().create(ADMIN, { url: 'https://crm.example.kz/hooks', events: ['memorandum.signed'] })),
      notEmail: () => refusal(() => users.create({ email: 'not-an-email', password: 'correct-horse-battery', role: 'viewer', locale: 'ru' })),
      countryCodeForm: () => dto(CreatePartyDto, { kind: 'foreign_region', nameRu: 'Х', countryCode: 'ru' }),
      countryCodeUnknown: () => dto(CreatePartyDto, { kind: 'foreign_region', nameRu: 'Х', countryCode: 'XX' }),
      currencyCode: () => dto(CreateContractDto, { amount: '100', currency: 'тенге' }),
      notAmount: () => dto(CreateContractDto, { amount: 'сто' }),
      negativeAmount: () => dto(CreateContractDto, { amount: '-5' }),
      decimalPlaces: () => dto(CreateContractDto, { amount: '1.234' }),
      integerDigits: () => dto(CreateContractDto, { amount: '1'.repeat(19) }),
      needsParty: () => refusal(() => requireParties([], 'memorandum')),
      atLeastOneOf: () => refusal(() => requireOneLanguage({}, 'title')),
      samePartyTwice: () => refusal(() => memoranda.create({ titleRu: 'М', parties: [...party, ...party] }, ADMIN)),
      samePersonTwice: () =>
        refusal(() => memoranda.create({ titleRu: 'М', parties: party, signatories: [{ personId: person.id }, { personId: person.id }] }, ADMIN)),
      requiredWhenSet: () =>
        refusal(() => testApp.app.get(ContractsService).create({ titleRu: 'К', parties: [{ partyId: region.id, role: 'partner' }], amount: '100' }, ADMIN)),
      nullWhenNull: () =>
        refusal(() => testApp.app.get(ContractsService).create({ titleRu: 'К', parties: [{ partyId: region.id, role: 'partner' }], currency: 'KZT' }, ADMIN)),
      requiredByPrecision: () => refusal(() => toPreciseDate('signedOn', null, 'month')),
      precisionUnknown: () => refusal(() => toPreciseDate('signedOn', '2024-05-01', 'unknown')),
      referenceArchived: () => refusal(() => memoranda.create({ titleRu: 'М', parties: [{ partyId: archivedParty.id }] }, ADMIN)),
      referenceMissing: () => refusal(() => memoranda.create({ titleRu: 'М', parties: [{ partyId: randomUUID() }] }, ADMIN)),
      regionMissing: () =>
        refusal(() =>
          users.create({ email: 'region@kelisim.test', password: 'correct-horse-battery', role: 'editor', regionPartyId: randomUUID(), locale: 'ru' }),
        ),
      ownPreviousVisit: () => refusal(() => testApp.app.get(VisitsService).update(visit.id, visit.version, { previousVisitId: visit.id }, ADMIN)),
      cannotBeNull: () => refusal(() => memoranda.update(memorandum.id, memorandum.version, { quantity: null } as never, ADMIN)),
      hostIsVisitor: () => refusal(() => visits.create({ titleRu: 'Визит', visitingPartyId: region.id, hostPartyIds: [region.id] }, ADMIN)),
      endBeforeStart: () => refusal(() => visits.update(visit.id, visit.version, { startDate: '2024-05-02', endDate: '2024-05-01' }, ADMIN)),
      visitCycle: () => refusal(() => visits.update(visit.id, visit.version, { previousVisitId: nextVisit.id }, ADMIN)),
      partyLoop: () => refusal(() => parties.update(existingParty.id, existingParty.version, { parentId: district.id }, ADMIN)),
      ownParent: () => refusal(() => parties.update(existingParty.id, existingParty.version, { parentId: existingParty.id }, ADMIN)),
      quoteNotInArticle: () => refusal(() => memoranda.create(cite('001_messages.txt', 'Этих слов в статье нет'), ADMIN)),
      unknownArticle: () => refusal(() => memoranda.create(cite('999_missing.txt', 'Цитата'), ADMIN)),
      archivedArticle: () => refusal(() => memoranda.create(cite('002_archived.txt', 'Архивный текст'), ADMIN)),
      intakeNothing: () => refusal(() => testApp.app.get(IntakeService).createFromSource('001_messages.txt', {}, ADMIN)),
      intakeNoQuote: () =>
        refusal(() => testApp.app.get(IntakeService).createFromSource('001_messages.txt', { memorandum: { titleRu: 'М', parties: party } }, ADMIN)),
      formVersion: () => Promise.resolve([MISSING_VERSION]),
      apiKeyName: () => refusal(() => testApp.app.get(ApiKeysService).create('имя с пробелами', 'read')),
      emailTaken: () => refusal(() => users.create({ email: 'taken@kelisim.test', password: 'correct-horse-battery', role: 'viewer', locale: 'ru' })),
      fileTooLarge: () => upload('release.txt', Buffer.alloc(5 * 1024 * 1024 + 1, 'a')),
      oldWordFile: () => upload('release.doc', 'text'),
      rtfFile: () => upload('release.rtf', '{\\rtf1 text}'),
      odtFile: () => upload('release.odt', 'text'),
      unsupportedType: () => upload('release.xyz', 'text'),
      unknownType: () => upload('release', 'text'),
      textTooLong: () => refusal(() => acceptSourceText('а'.repeat(500_001))),
      emptyText: () => refusal(() => acceptSourceText('   ')),
      emptyFile: () => upload('release.txt', ''),
      emptyPage: () => upload('release.html', '<html><body><script>x()</script></body></html>'),
      emptyDocx: async () => upload('release.docx', await emptyDocx()),
      pdfNoText: async () => upload('scan.pdf', await fs.readFile(path.join(FIXTURES, 'no-text-layer.pdf'))),
      notUtf8: () => upload('release.txt', Buffer.from([0x61, 0xc3, 0x28])),
      damagedUtf16: () => upload('release.txt', Buffer.from([0xff, 0xfe, 0x61])),
      notDeclaredCharset: () => upload('release.html', Buffer.concat([Buffer.from('<meta charset="shift_jis"><p>'), Buffer.from([0x81, 0x20])])),
      unknownCharset: () => upload('release.html', '<meta charset="klingon"><p>Текст</p>'),
      binaryFile: () => upload('release.txt', 'text\u0000with a NUL'),
      notDocx: () => upload('release.docx', 'not a zip at all'),
      docUnderDocxName: () => upload('release.docx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
      docxTooLarge: () => upload('release.docx', zipDeclaring(300 * 1024 * 1024)),
      pdfPassword: () => upload('locked.pdf', Buffer.from(LOCKED_PDF, 'latin1')),
      pdfDamaged: () => upload('release.pdf', '%PDF-1.4 not really a PDF'),
    };
    for (const [id, produce] of Object.entries(producers)) produced.set(id, await produce());
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('produces the message of every rule through the code that says it', () => {
    expect([...produced.keys()].sort()).toEqual(MESSAGE_RULES.map((rule) => rule.id).sort());
    const unmatched = [...produced].filter(([id, messages]) => !messages.some((message) => messageRule(message)?.id === id));
    expect(unmatched).toEqual([]);
  });

  /** Labels from every record type's words: each message is said where its field is shown. */
  async function anyLabels(locale: Language): Promise<FieldLabels> {
    const resources = ['Memorandum', 'Contract', 'Visit', 'FollowUp', 'Party', 'Person', 'SourceArticle', 'AdminUser', 'ApiKey'];
    const all = await Promise.all(resources.map((resource) => panelFieldLabels(locale, resource)));
    return (field) => all.map((labels) => labels(field)).find(Boolean);
  }

  const LANGUAGES: Language[] = ['ru', 'kk'];
  it.each(LANGUAGES)('says every message in %s, with field labels instead of field names', async (locale) => {
    const labels = await anyLabels(locale);
    const problems: string[] = [];
    for (const id of produced.keys()) {
      const message = messageOf(id);
      const said = localizeMessage(message, locale, labels);
      const rule = messageRule(message)!;
      if (said === message || said === localizeMessage(message, 'en', labels)) problems.push(`${id}: not translated: ${said}`);
      if (!/[\u0400-\u04ff]/.test(said)) problems.push(`${id}: no Cyrillic: ${said}`);
      // No DTO field names (titleRu, signedOnPrecision) and no English words beyond names of formats and programs.
      if (/\b[a-z]+[A-Z]\w*\b/.test(said)) problems.push(`${id}: a field key is left: ${said}`);
      const fields = Object.entries(rule.pattern.exec(message)!.groups ?? {}).filter(([name]) => name.startsWith('field'));
      // An unknown field has no label: its name is what was sent.
      for (const [, field] of fields)
        if (id !== 'unknownField' && said.includes(`«${field}»`)) problems.push(`${id}: field ${field} shown by its key: ${said}`);
    }
    expect(problems).toEqual([]);
    if (process.env.PRINT_MESSAGES)
      for (const id of produced.keys()) process.stdout.write(`${id}\t${messageOf(id)}\n\t${localizeMessage(messageOf(id), locale, labels)}\n`);
  });

  it('Kazakh is not the Russian text', () => {
    const same = [...produced.keys()].filter((id) => localizeMessage(messageOf(id), 'kk') === localizeMessage(messageOf(id), 'ru'));
    expect(same).toEqual([]);
  });

  it('names fields by their panel label and carries limits into the translation', async () => {
    const labels: FieldLabels = await panelFieldLabels('ru', 'Memorandum');
    const tooLong = messageOf('tooLong');
    expect(localizeMessage(tooLong, 'ru', labels)).toBe(`«${labels('titleRu')}»: не более 500 символов`);
    expect(localizeMessage(tooLong, 'kk', await panelFieldLabels('kk', 'Memorandum'))).toMatch(/500 таңбадан аспауы керек$/);
    expect(localizeMessage(messageOf('notInteger'), 'kk')).toMatch(/бүтін сан болуы керек$/);
    expect(localizeMessage(messageOf('textTooLong'), 'ru')).toMatch(/^Текст длиннее 500\s000 символов/);
  });

  it('a Kazakh user reads the panel’s refusals under the fields in Kazakh', async () => {
    const agent = await panelLogin(testApp, 'kk.editor@kelisim.test', 'correct-horse-battery');
    const before = await testApp.prisma.memorandum.findUniqueOrThrow({ where: { id: memorandumId } });
    const response = await agent
      .post(`/admin/api/resources/Memorandum/records/${memorandumId}/edit`)
      .field('version', String(before.version))
      .field('quantity', '0')
      .field('titleRu', 'М'.repeat(501));
    const labels = await panelFieldLabels('kk', 'Memorandum');
    expect(response.body.record.errors).toMatchObject({
      quantity: { message: `«${labels('quantity')}» 1 мәнінен кем болмауы керек` },
      titleRu: { message: `«${labels('titleRu')}» 500 таңбадан аспауы керек` },
    });
    expect(response.body.notice).toEqual({ message: 'thereWereValidationErrors', type: 'error' });
  });

  it('keeps a message it does not know, and shows one message per field: the most relevant', async () => {
    expect(localizeMessage('a refusal worded tomorrow', 'ru')).toBe('a refusal worded tomorrow');
    expect(localizeMessage('quoteRequired', 'kk')).toBe('quoteRequired');
    // A field with no label keeps its name; a field with several messages shows the most relevant one, once.
    const errors = await validate(plainToInstance(TransitionDto, { to: '' }));
    const shown = localizeFieldErrors(flattenValidationErrors(errors), 'ru');
    expect(shown).toEqual([{ field: 'to', message: 'Поле «to» обязательно для заполнения' }]);
    const twice = localizeFieldErrors(
      [
        { field: 'titleRu', message: 'titleRu must be shorter than or equal to 500 characters' },
        { field: 'titleRu', message: 'titleRu must be a string' },
        { field: 'note', message: 'a refusal worded tomorrow' },
      ],
      'ru',
    );
    expect(twice).toEqual([
      { field: 'titleRu', message: 'Поле «titleRu» должно быть текстом' },
      { field: 'note', message: 'a refusal worded tomorrow' },
    ]);
  });
});
