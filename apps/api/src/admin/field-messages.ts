import type { Language } from '@prisma/client';
import { type FieldError, type ProblemDetails, ProblemType } from '../infrastructure/errors/problem.js';

/**
 * The server's refusals in the panel's languages. DTO validation (class-validator), the domain services and the source
 * upload say why they refuse in English, for the REST API's clients; the panel shows the same reasons under its fields,
 * so each rule here reads one English message and says it in Russian, Kazakh or English, with the field names it
 * captures shown by their panel label. A message no rule knows is shown as it is: English, never lost.
 *
 * The rules are in order of relevance: when one field has several messages (class-validator checks every constraint of
 * a property), the field shows the message of the earliest rule. test/admin/field-messages.e2e-spec.ts produces every
 * message below through the real DTOs, services and upload code, so a changed wording fails there.
 */

/** Words with `{name}` for the rule's named groups; groups named `field…` are field names, `fields` a list of them. */
type Words = Record<Language, string>;

export interface MessageRule {
  id: string;
  pattern: RegExp;
  words: Words;
}

/** A field's panel label in the reader's language, or undefined to show the name as it is. */
export type FieldLabels = (field: string) => string | undefined;

const F = String.raw`(?<field>[\w.-]+)`;
const N = String.raw`(?<n>-?[\d.,]+)`;
const ACCEPTED = String.raw`upload a \.txt, \.html, \.docx or \.pdf file, or paste the text`;
const rule = (id: string, pattern: string, words: Words): MessageRule => ({ id, pattern: new RegExp(`^${pattern}$`), words });

export const MESSAGE_RULES: MessageRule[] = [
  // Validation of the form's fields (class-validator's own wording, and the DTOs' custom messages).
  rule('required', `${F} (?:should not|must not) be empty`, {
    ru: 'Поле «{field}» обязательно для заполнения',
    kk: '«{field}» — міндетті өріс',
    en: '{field} is required',
  }),
  rule('unknownField', `${F} is not a known field`, {
    ru: 'Поле «{field}» не предусмотрено формой',
    kk: '«{field}» — белгісіз өріс',
    en: '{field} is not a known field',
  }),
  rule('notString', `${F} must be a string`, { ru: 'Поле «{field}» должно быть текстом', kk: '«{field}» мәтін болуы керек', en: '{field} must be text' }),
  rule('notInteger', `${F} must be an integer number`, {
    ru: 'Поле «{field}» должно быть целым числом',
    kk: '«{field}» бүтін сан болуы керек',
    en: '{field} must be a whole number',
  }),
  rule('notUuid', `${F} must be a UUID`, {
    ru: '«{field}»: выберите запись из списка (нужен её идентификатор)',
    kk: '«{field}»: жазбаны тізімнен таңдаңыз (оның идентификаторы керек)',
    en: '{field}: choose a record from the list (its id is needed)',
  }),
  rule('notDate', `${F} must be a date as YYYY-MM-DD`, {
    ru: 'Поле «{field}» должно быть датой в виде ГГГГ-ММ-ДД',
    kk: '«{field}» ЖЖЖЖ-АА-КК түріндегі күн болуы керек',
    en: '{field} must be a date as YYYY-MM-DD',
  }),
  rule('notArray', `${F} must be an array`, { ru: 'Поле «{field}» должно быть списком', kk: '«{field}» тізім болуы керек', en: '{field} must be a list' }),
  rule('eachNotObject', `each value in ${F} must be an object`, {
    ru: '«{field}»: каждый элемент списка должен быть записью',
    kk: '«{field}»: тізімнің әр элементі жазба болуы керек',
    en: '{field}: every item of the list must be a record',
  }),
  rule('eachEmpty', `each value in ${F} should not be empty`, {
    ru: '«{field}»: пустые значения не допускаются',
    kk: '«{field}»: бос мәндерге жол берілмейді',
    en: '{field}: no value may be empty',
  }),
  rule('eachNotString', `each value in ${F} must be a string`, {
    ru: '«{field}»: каждое значение должно быть текстом',
    kk: '«{field}»: әр мән мәтін болуы керек',
    en: '{field}: every value must be text',
  }),
  rule('eachTooLong', `each value in ${F} must be shorter than or equal to ${N} characters`, {
    ru: '«{field}»: каждое значение — не более {n} символов',
    kk: '«{field}»: әр мән {n} таңбадан аспауы керек',
    en: '{field}: every value must be at most {n} characters',
  }),
  rule('eachNotOneOf', `each value in ${F} must be one of the following values: (?<values>.+)`, {
    ru: '«{field}»: каждое значение должно быть одним из: {values}',
    kk: '«{field}»: әр мән мыналардың бірі болуы керек: {values}',
    en: '{field}: every value must be one of {values}',
  }),
  rule('notOneOf', `${F} must be one of (?:the following values: )?(?<values>.+)`, {
    ru: 'Поле «{field}» должно быть одним из значений: {values}',
    kk: '«{field}» мына мәндердің бірі болуы керек: {values}',
    en: '{field} must be one of {values}',
  }),
  rule('tooLong', `${F} must be (?:shorter than or equal to|at most) ${N} characters`, {
    ru: '«{field}»: не более {n} символов',
    kk: '«{field}» {n} таңбадан аспауы керек',
    en: '{field} must be at most {n} characters',
  }),
  rule('tooShort', `${F} must be (?:longer than or equal to|at least) ${N} characters`, {
    ru: '«{field}»: не менее {n} символов',
    kk: '«{field}» кемінде {n} таңбадан тұруы керек',
    en: '{field} must be at least {n} characters',
  }),
  rule('tooSmall', `${F} must not be less than ${N}`, {
    ru: 'Значение поля «{field}» не может быть меньше {n}',
    kk: '«{field}» {n} мәнінен кем болмауы керек',
    en: '{field} must not be less than {n}',
  }),
  rule('tooLarge', `${F} must not be greater than ${N}`, {
    ru: 'Значение поля «{field}» не может быть больше {n}',
    kk: '«{field}» {n} мәнінен аспауы керек',
    en: '{field} must not be greater than {n}',
  }),
  rule('tooManyItems', `${F} must contain no more than ${N} elements`, {
    ru: '«{field}»: не более {n} элементов',
    kk: '«{field}» {n} элементтен аспауы керек',
    en: '{field} must have at most {n} items',
  }),
  rule('tooFewItems', `${F} must contain at least ${N} elements`, {
    ru: '«{field}»: выберите хотя бы {n}',
    kk: '«{field}»: кемінде {n} таңдаңыз',
    en: '{field}: choose at least {n}',
  }),
  // Webhook subscriptions (webhooks/webhook-target.ts, webhook-events.ts).
  rule('webhookUrlForm', String.raw`${F} must be an absolute http\(s\) URL`, {
    ru: '«{field}»: нужен полный адрес, начиная с https://',
    kk: '«{field}»: https:// деп басталатын толық мекенжай керек',
    en: '{field} must be a full address starting with https://',
  }),
  rule('webhookUrlScheme', `${F} must be an (?:https|http or https) URL`, {
    ru: '«{field}»: адрес должен начинаться с https://',
    kk: '«{field}»: мекенжай https:// деп басталуы керек',
    en: '{field} must start with https://',
  }),
  rule('webhookUrlCredentials', `${F} must not contain a user name or password`, {
    ru: '«{field}»: адрес не должен содержать имя пользователя или пароль',
    kk: '«{field}»: мекенжайда пайдаланушы аты немесе құпиясөз болмауы керек',
    en: '{field} must not contain a user name or password',
  }),
  rule('webhookUrlFragment', `${F} must not have a fragment`, {
    ru: '«{field}»: уберите из адреса часть после #',
    kk: '«{field}»: мекенжайдан # белгісінен кейінгі бөлікті алып тастаңыз',
    en: '{field} must not have a #fragment',
  }),
  rule('webhookUrlPrivate', `${F} must not point at a private, loopback or link-local address`, {
    ru: '«{field}»: адрес во внутренней сети не допускается',
    kk: '«{field}»: ішкі желідегі мекенжайға рұқсат жоқ',
    en: '{field} must not point at a private, loopback or link-local address',
  }),
  rule('webhookEvents', String.raw`each value in ${F} must be an event type, <recordType>\.\*, \*\.<verb> or \*`, {
    ru: '«{field}»: выберите события из списка',
    kk: '«{field}»: оқиғаларды тізімнен таңдаңыз',
    en: '{field}: choose events from the list',
  }),
  rule('notUrl', `${F} must be an http or https address`, {
    ru: 'Поле «{field}» должно быть адресом http или https',
    kk: '«{field}» http немесе https мекенжайы болуы керек',
    en: '{field} must be an http or https address',
  }),
  rule('countryCodeForm', `${F} must be an ISO 3166-1 alpha-2 code in upper case, e.g. KZ`, {
    ru: '«{field}»: двухбуквенный код страны по ISO 3166-1 заглавными буквами, например KZ',
    kk: '«{field}» ISO 3166-1 бойынша бас әріптермен жазылған екі әріпті ел коды болуы керек, мысалы KZ',
    en: '{field} must be an ISO 3166-1 alpha-2 code in upper case, e.g. KZ',
  }),
  rule('countryCodeUnknown', `${F} is not an ISO 3166-1 alpha-2 country code`, {
    ru: '«{field}»: такого кода страны по ISO 3166-1 нет',
    kk: '«{field}»: ISO 3166-1 бойынша мұндай ел коды жоқ',
    en: '{field} is not an ISO 3166-1 alpha-2 country code',
  }),
  rule('currencyCode', `${F} must be an ISO 4217 code of 3 upper-case letters, e.g. KZT`, {
    ru: '«{field}»: трёхбуквенный код валюты по ISO 4217 заглавными буквами, например KZT',
    kk: '«{field}» ISO 4217 бойынша бас әріптермен жазылған үш әріпті валюта коды болуы керек, мысалы KZT',
    en: '{field} must be an ISO 4217 code of 3 upper-case letters, e.g. KZT',
  }),
  rule('notAmount', `${F} must be (?:a decimal number|a number or a decimal string) such as "(?<example>[^"]+)"`, {
    ru: 'Поле «{field}» должно быть числом, например {example}',
    kk: '«{field}» сан болуы керек, мысалы {example}',
    en: '{field} must be a number such as {example}',
  }),
  rule('negativeAmount', `${F} must not be negative`, {
    ru: 'Значение поля «{field}» не может быть отрицательным',
    kk: '«{field}» теріс сан болмауы керек',
    en: '{field} must not be negative',
  }),
  rule('decimalPlaces', `${F} must have at most ${N} decimal places`, {
    ru: '«{field}»: не более {n} знаков после запятой',
    kk: '«{field}»: үтірден кейін {n} таңбадан аспауы керек',
    en: '{field} must have at most {n} decimal places',
  }),
  rule('integerDigits', `${F} must have at most ${N} digits before the decimal point`, {
    ru: '«{field}»: не более {n} цифр до запятой',
    kk: '«{field}»: үтірге дейін {n} цифрдан аспауы керек',
    en: '{field} must have at most {n} digits before the decimal point',
  }),
  rule('notEmail', `${F} must be an email address`, {
    ru: 'Поле «{field}» должно быть адресом электронной почты',
    kk: '«{field}» электрондық пошта мекенжайы болуы керек',
    en: '{field} must be an email address',
  }),
  rule('apiKeyName', `${F} must be 1-${N} letters, digits, dots, dashes, underscores or @`, {
    ru: '«{field}»: от 1 до {n} знаков — буквы, цифры, точки, дефисы, подчёркивания или @',
    kk: '«{field}»: 1–{n} таңба — әріптер, цифрлар, нүктелер, сызықшалар, астын сызулар немесе @',
    en: '{field} must be 1-{n} letters, digits, dots, dashes, underscores or @',
  }),
  // The domain services' refusals.
  rule('needsParty', 'a (?<what>[\\w ]+) needs at least one party: list who agreed in parties', {
    ru: 'Нужна хотя бы одна сторона: укажите, кто договорился',
    kk: 'Кемінде бір тарап керек: кім келіскенін көрсетіңіз',
    en: 'At least one party is needed: list who agreed',
  }),
  rule('atLeastOneOf', 'at least one of (?<fields>[\\w, ]+) is required', {
    ru: 'Заполните хотя бы одно из полей: {fields}',
    kk: 'Мына өрістердің кемінде біреуін толтырыңыз: {fields}',
    en: 'Fill in at least one of: {fields}',
  }),
  rule('samePartyTwice', 'parties must not list the same party twice(?: in the same role)?', {
    ru: 'Одна и та же сторона указана дважды',
    kk: 'Бір тарап екі рет көрсетілген',
    en: 'The same party is listed twice',
  }),
  rule('samePersonTwice', 'signatories must not list the same person twice', {
    ru: 'Одно и то же лицо указано дважды',
    kk: 'Бір адам екі рет көрсетілген',
    en: 'The same person is listed twice',
  }),
  rule('requiredWhenSet', `${F} is required when (?<field2>[\\w.-]+) is set`, {
    ru: 'Поле «{field}» обязательно, когда заполнено поле «{field2}»',
    kk: '«{field2}» көрсетілгенде «{field}» міндетті өріс',
    en: '{field} is required when {field2} is given',
  }),
  rule('nullWhenNull', `${F} must be null when (?<field2>[\\w.-]+) is null`, {
    ru: 'Поле «{field}» должно быть пустым, когда не заполнено поле «{field2}»',
    kk: '«{field2}» көрсетілмесе, «{field}» бос болуы керек',
    en: '{field} must be empty when {field2} is empty',
  }),
  rule('requiredByPrecision', `${F} is required when (?<field2>[\\w.-]+) is (?:day|month|year)`, {
    ru: 'Поле «{field}» обязательно, когда выбрано поле «{field2}»',
    kk: '«{field2}» таңдалғанда «{field}» міндетті өріс',
    en: '{field} is required when {field2} is given',
  }),
  rule('precisionUnknown', `${F} cannot be unknown when (?<field2>[\\w.-]+) is given`, {
    ru: 'Поле «{field}» не может иметь значение «неизвестно», когда заполнено поле «{field2}»',
    kk: '«{field2}» көрсетілгенде «{field}» «белгісіз» бола алмайды',
    en: '{field} cannot be unknown when {field2} is given',
  }),
  rule('cannotBeNull', '(?<fields>[\\w, ]+?) and (?<field2>\\w+) cannot be null', {
    ru: 'Эти поля нельзя оставить пустыми: {fields}, «{field2}»',
    kk: 'Бұл өрістерді бос қалдыруға болмайды: {fields}, «{field2}»',
    en: 'These fields cannot be left empty: {fields}, {field2}',
  }),
  rule('hostIsVisitor', `${F} must not include the visiting party`, {
    ru: '«{field}»: приезжающая сторона не может быть и принимающей',
    kk: '«{field}»: келген тарап қабылдаушы тарап бола алмайды',
    en: '{field} must not include the visiting party',
  }),
  rule('endBeforeStart', `${F} must not be before (?<field2>[\\w.-]+)`, {
    ru: 'Значение поля «{field}» не может быть раньше значения поля «{field2}»',
    kk: '«{field}» «{field2}» өрісіндегі күннен бұрын болмауы керек',
    en: '{field} must not be before {field2}',
  }),
  rule('referenceArchived', '(?:party|person|visit|memorandum|contract) [0-9a-f-]{36} is archived', {
    ru: 'Выбранная запись в архиве: выберите другую',
    kk: 'Таңдалған жазба мұрағатта: басқасын таңдаңыз',
    en: 'The chosen record is archived: choose another',
  }),
  rule('referenceMissing', '(?:party|person|visit|memorandum|contract) [0-9a-f-]{36} does not exist', {
    ru: 'Выбранной записи нет: выберите другую',
    kk: 'Таңдалған жазба жоқ: басқасын таңдаңыз',
    en: 'The chosen record does not exist: choose another',
  }),
  rule('ownPreviousVisit', 'a visit cannot be its own previous visit', {
    ru: 'Визит не может быть предыдущим для самого себя',
    kk: 'Сапар өзінің алдыңғы сапары бола алмайды',
    en: 'A visit cannot be its own previous visit',
  }),
  rule('ownParent', 'a party cannot be its own parent', {
    ru: 'Сторона не может входить в саму себя',
    kk: 'Тарап өзінің құрамына кіре алмайды',
    en: 'A party cannot be its own parent',
  }),
  rule('visitCycle', 'visit [0-9a-f-]{36} follows this visit already: linking them would make a cycle', {
    ru: 'Выбранный визит уже следует за этим: получился бы замкнутый круг',
    kk: 'Таңдалған сапар осы сапардан кейін келеді: тұйық шеңбер пайда болар еді',
    en: 'The chosen visit already follows this one: linking them would make a cycle',
  }),
  rule('partyLoop', 'party [0-9a-f-]{36} is under party [0-9a-f-]{36}, so it cannot be its parent \\(the hierarchy would loop\\)', {
    ru: 'Выбранная сторона сама входит в эту: получился бы замкнутый круг',
    kk: 'Таңдалған тарап осы тараптың құрамында: тұйық шеңбер пайда болар еді',
    en: 'The chosen party is itself under this one: the hierarchy would loop',
  }),
  rule('quoteNotInArticle', 'the quote is not found verbatim in (?<article>.+)', {
    ru: 'Цитата не найдена дословно в источнике {article}',
    kk: 'Дәйексөз {article} дереккөзінде сөзбе-сөз табылмады',
    en: 'The quote is not found word for word in {article}',
  }),
  rule('unknownArticle', 'no source article is named (?<article>.+)', {
    ru: 'Источника {article} нет',
    kk: '{article} деген дереккөз жоқ',
    en: 'There is no source {article}',
  }),
  rule('archivedArticle', 'source (?<article>.+) is archived and cannot be cited', {
    ru: 'Источник {article} в архиве, его нельзя цитировать',
    kk: '{article} дереккөзі мұрағатта, оған сілтеме жасауға болмайды',
    en: 'Source {article} is archived and cannot be cited',
  }),
  rule('intakeNothing', 'send at least one of visit, memorandum, contract, followUps', {
    ru: 'Добавьте хотя бы одну запись: визит, меморандум, контракт или поручение',
    kk: 'Кемінде бір жазба қосыңыз: сапар, меморандум, келісімшарт немесе тапсырма',
    en: 'Add at least one record: a visit, memorandum, contract or follow-up',
  }),
  rule('intakeNoQuote', 'cite the passage of (?<article>.+) this record rests on', {
    ru: 'Выделите в тексте {article} фрагмент, на котором основана эта запись',
    kk: 'Бұл жазба негізделген {article} мәтініндегі үзіндіні белгілеңіз',
    en: 'Quote the passage of {article} this record rests on',
  }),
  rule('formVersion', 'the form lacks the version it was loaded with', {
    ru: 'В форме нет версии записи: откройте запись заново',
    kk: 'Пішінде жазба нұсқасы жоқ: жазбаны қайта ашыңыз',
    en: 'The form lacks the record’s version: open the record again',
  }),
  rule('regionMissing', 'party [0-9a-f-]{36} does not exist or is archived', {
    ru: 'Такого региона нет или он в архиве: выберите другой',
    kk: 'Мұндай өңір жоқ немесе ол мұрағатта: басқасын таңдаңыз',
    en: 'The region does not exist or is archived: choose another',
  }),
  rule('emailTaken', 'A user with email (?<email>\\S+) already exists\\.', {
    ru: 'Пользователь с адресом {email} уже есть.',
    kk: '{email} мекенжайы бар пайдаланушы бұрыннан бар.',
    en: 'A user with email {email} already exists.',
  }),
  // The source upload's refusals (sources/intake/*).
  rule('fileTooLarge', String.raw`The file is larger than ${N} MB; upload the article text alone \(\.txt or \.docx\)\.`, {
    ru: 'Файл больше {n} МБ: загрузите только текст статьи (.txt или .docx).',
    kk: 'Файл {n} МБ-тан үлкен: мақаланың мәтінін ғана жүктеңіз (.txt немесе .docx).',
    en: 'The file is larger than {n} MB; upload the article text alone (.txt or .docx).',
  }),
  rule('oldWordFile', String.raw`Old Word documents \(\.doc\) cannot be read; .+`, {
    ru: 'Старые документы Word (.doc) не читаются: откройте файл в Word и сохраните как «Документ Word (.docx)», затем попробуйте снова.',
    kk: 'Ескі Word құжаттары (.doc) оқылмайды: файлды Word-та ашып, «Word құжаты (.docx)» ретінде сақтаңыз да, қайталап көріңіз.',
    en: 'Old Word documents (.doc) cannot be read; open it in Word and save it as "Word Document (.docx)", then try again.',
  }),
  rule('rtfFile', 'RTF files cannot be read; .+', {
    ru: 'Файлы RTF не читаются: откройте файл в Word и сохраните как .docx или как обычный текст (.txt, UTF-8).',
    kk: 'RTF файлдары оқылмайды: файлды Word-та ашып, .docx немесе қарапайым мәтін (.txt, UTF-8) ретінде сақтаңыз.',
    en: 'RTF files cannot be read; open it in Word and save it as .docx, or save it as plain text (.txt, UTF-8).',
  }),
  rule('odtFile', String.raw`OpenDocument files \(\.odt\) cannot be read; .+`, {
    ru: 'Файлы OpenDocument (.odt) не читаются: в LibreOffice выберите Файл → Сохранить как → Word (.docx), затем попробуйте снова.',
    kk: 'OpenDocument файлдары (.odt) оқылмайды: LibreOffice-те Файл → Басқаша сақтау → Word (.docx) таңдап, қайталап көріңіз.',
    en: 'OpenDocument files (.odt) cannot be read; in LibreOffice use File → Save as → Word (.docx), then try again.',
  }),
  rule('unsupportedType', String.raw`Files of type \.(?<ext>\S+) cannot be read; ${ACCEPTED}\.`, {
    ru: 'Файлы типа .{ext} не читаются: загрузите файл .txt, .html, .docx или .pdf либо вставьте текст.',
    kk: '.{ext} түріндегі файлдар оқылмайды: .txt, .html, .docx немесе .pdf файлын жүктеңіз не мәтінді қойыңыз.',
    en: 'Files of type .{ext} cannot be read; upload a .txt, .html, .docx or .pdf file, or paste the text.',
  }),
  rule('unknownType', String.raw`The file's type cannot be told from its name; ${ACCEPTED}\.`, {
    ru: 'По имени файла не понять его тип: загрузите файл .txt, .html, .docx или .pdf либо вставьте текст.',
    kk: 'Файлдың түрін атауынан анықтау мүмкін емес: .txt, .html, .docx немесе .pdf файлын жүктеңіз не мәтінді қойыңыз.',
    en: 'The file’s type cannot be told from its name; upload a .txt, .html, .docx or .pdf file, or paste the text.',
  }),
  rule('textTooLong', `The text is longer than ${N} characters; a source article is a single press release or news item\\.`, {
    ru: 'Текст длиннее {n} символов: источник — это один пресс-релиз или одна новость.',
    kk: 'Мәтін {n} таңбадан ұзын: дереккөз — бір баспасөз релизі немесе бір жаңалық.',
    en: 'The text is longer than {n} characters; a source article is a single press release or news item.',
  }),
  rule('emptyText', 'The text is empty; nothing to store\\.', {
    ru: 'Текст пуст: сохранять нечего.',
    kk: 'Мәтін бос: сақтайтын ештеңе жоқ.',
    en: 'The text is empty; nothing to store.',
  }),
  rule('emptyFile', 'The file is empty; nothing to store\\.', {
    ru: 'Файл пуст: сохранять нечего.',
    kk: 'Файл бос: сақтайтын ештеңе жоқ.',
    en: 'The file is empty; nothing to store.',
  }),
  rule('emptyPage', 'The page has no text once its markup is removed; nothing to store\\.', {
    ru: 'Без разметки на странице не остаётся текста: сохранять нечего.',
    kk: 'Белгілеуді алып тастағанда бетте мәтін қалмайды: сақтайтын ештеңе жоқ.',
    en: 'The page has no text once its markup is removed; nothing to store.',
  }),
  rule('emptyDocx', 'The Word document has no text; nothing to store\\.', {
    ru: 'В документе Word нет текста: сохранять нечего.',
    kk: 'Word құжатында мәтін жоқ: сақтайтын ештеңе жоқ.',
    en: 'The Word document has no text; nothing to store.',
  }),
  rule('pdfNoText', String.raw`The PDF has no text layer \(it is probably a scan or a picture\); .+`, {
    ru: 'В PDF нет текстового слоя (вероятно, это скан или изображение): загрузите PDF с выделяемым текстом или вставьте текст.',
    kk: 'PDF файлында мәтін қабаты жоқ (бұл сканерленген құжат не сурет болуы мүмкін): мәтінін белгілеуге болатын PDF жүктеңіз не мәтінді қойыңыз.',
    en: 'The PDF has no text layer (it is probably a scan or a picture); upload a PDF with selectable text, or paste the text.',
  }),
  rule('notUtf8', 'The file is not valid UTF-8 text; save it as UTF-8 and try again .+', {
    ru: 'Файл не в кодировке UTF-8: сохраните его в UTF-8 и попробуйте снова (в Блокноте: Файл → Сохранить как → Кодировка: UTF-8; в Word: Сохранить как → Обычный текст → Юникод (UTF-8)).',
    kk: 'Файл UTF-8 кодтауында емес: оны UTF-8 түрінде сақтап, қайталап көріңіз (Блокнотта: Файл → Басқаша сақтау → Кодтау: UTF-8; Word-та: Басқаша сақтау → Қарапайым мәтін → Юникод (UTF-8)).',
    en: 'The file is not valid UTF-8 text; save it as UTF-8 and try again (in Notepad: File → Save as → Encoding: UTF-8; in Word: Save as → Plain text → Unicode (UTF-8)).',
  }),
  rule('damagedUtf16', 'The file claims to be UTF-16 text but is damaged; save it as UTF-8 and try again\\.', {
    ru: 'Файл помечен как текст UTF-16, но повреждён: сохраните его в UTF-8 и попробуйте снова.',
    kk: 'Файл UTF-16 мәтіні ретінде белгіленген, бірақ зақымдалған: оны UTF-8 түрінде сақтап, қайталап көріңіз.',
    en: 'The file claims to be UTF-16 text but is damaged; save it as UTF-8 and try again.',
  }),
  rule('notDeclaredCharset', 'The file is not valid (?<charset>\\S+) text as it declares; save it as UTF-8 and try again\\.', {
    ru: 'Файл не соответствует объявленной в нём кодировке {charset}: сохраните его в UTF-8 и попробуйте снова.',
    kk: 'Файл өзінде көрсетілген {charset} кодтауына сәйкес емес: оны UTF-8 түрінде сақтап, қайталап көріңіз.',
    en: 'The file is not valid {charset} text as it declares; save it as UTF-8 and try again.',
  }),
  rule('unknownCharset', 'The page declares a character set this service does not know \\((?<charset>[^)]*)\\); save it as UTF-8 and try again\\.', {
    ru: 'Страница объявляет неизвестную кодировку ({charset}): сохраните её в UTF-8 и попробуйте снова.',
    kk: 'Бетте белгісіз кодтау көрсетілген ({charset}): оны UTF-8 түрінде сақтап, қайталап көріңіз.',
    en: 'The page declares a character set this service does not know ({charset}); save it as UTF-8 and try again.',
  }),
  rule('binaryFile', 'The file does not look like text \\(it holds binary data\\); .+', {
    ru: 'Файл не похож на текст (в нём двоичные данные): загрузите файл .txt, .html, .docx или .pdf.',
    kk: 'Файл мәтінге ұқсамайды (ішінде екілік деректер бар): .txt, .html, .docx немесе .pdf файлын жүктеңіз.',
    en: 'The file does not look like text (it holds binary data); upload a .txt, .html, .docx or .pdf file.',
  }),
  rule('notDocx', 'The file could not be read as a Word document \\(\\.docx\\); .+', {
    ru: 'Файл не читается как документ Word (.docx): откройте его в Word и сохраните заново как .docx или загрузите текст как .txt.',
    kk: 'Файлды Word құжаты (.docx) ретінде оқу мүмкін болмады: оны Word-та ашып, .docx ретінде қайта сақтаңыз не мәтінін .txt ретінде жүктеңіз.',
    en: 'The file could not be read as a Word document (.docx); open it in Word, save it again as .docx, or upload the text as .txt.',
  }),
  rule('docUnderDocxName', 'This is an old Word document \\(\\.doc\\) under a \\.docx name; .+', {
    ru: 'Это старый документ Word (.doc) с расширением .docx: откройте его в Word и сохраните как «Документ Word (.docx)», затем попробуйте снова.',
    kk: 'Бұл .docx атауымен сақталған ескі Word құжаты (.doc): оны Word-та ашып, «Word құжаты (.docx)» ретінде сақтаңыз да, қайталап көріңіз.',
    en: 'This is an old Word document (.doc) under a .docx name; open it in Word and save it as "Word Document (.docx)", then try again.',
  }),
  rule('docxTooLarge', `The Word document unpacks to more than ${N} MB; upload its text as \\.txt instead\\.`, {
    ru: 'Документ Word в распакованном виде больше {n} МБ: загрузите его текст как .txt.',
    kk: 'Word құжаты ашылғанда {n} МБ-тан асады: оның мәтінін .txt ретінде жүктеңіз.',
    en: 'The Word document unpacks to more than {n} MB; upload its text as .txt instead.',
  }),
  rule('pdfPassword', 'The PDF is protected by a password; save a copy without the password and try again\\.', {
    ru: 'PDF защищён паролем: сохраните копию без пароля и попробуйте снова.',
    kk: 'PDF құпиясөзбен қорғалған: оның құпиясөзсіз көшірмесін сақтап, қайталап көріңіз.',
    en: 'The PDF is protected by a password; save a copy without the password and try again.',
  }),
  rule('pdfDamaged', 'The file could not be read as a PDF \\(it may be damaged\\); .+', {
    ru: 'Файл не читается как PDF (возможно, он повреждён): откройте его и сохраните заново как PDF или загрузите текст как .txt или .docx.',
    kk: 'Файлды PDF ретінде оқу мүмкін болмады (зақымдалған болуы мүмкін): оны ашып, PDF ретінде қайта сақтаңыз не мәтінін .txt немесе .docx ретінде жүктеңіз.',
    en: 'The file could not be read as a PDF (it may be damaged); open it, save it again as PDF, or upload the text as .txt or .docx.',
  }),
];

/** The rule that reads this English message, if any. */
export function messageRule(message: string): MessageRule | undefined {
  return MESSAGE_RULES.find((candidate) => candidate.pattern.test(message));
}

/**
 * A field path's label: the whole path's, else its last named part's (`memorandum.sources.0.quote` → `quote`); with
 * no label at all, that last part as it is.
 */
function labelOf(field: string, labels: FieldLabels | undefined): string {
  const last =
    field
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .pop() ?? field;
  return labels?.(field) ?? labels?.(last) ?? last;
}

/** Numbers as the language writes them: 500,000 → «500 000» in Russian and Kazakh. */
function numberIn(value: string, locale: Language): string {
  const plain = value.replace(/,/g, '');
  return /^-?\d+$/.test(plain) && plain.length > 4 ? Number(plain).toLocaleString(locale === 'kk' ? 'kk-KZ' : locale) : value;
}

/** One English message in the reader's language; a message no rule knows (or a panel message key) comes back as it is. */
export function localizeMessage(message: string, locale: Language, labels?: FieldLabels): string {
  for (const candidate of MESSAGE_RULES) {
    const match = candidate.pattern.exec(message);
    if (!match) continue;
    const groups = match.groups ?? {};
    return candidate.words[locale].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = groups[name];
      if (value === undefined) return whole;
      if (name === 'fields')
        return value
          .split(/,\s*/)
          .map((field) => `«${labelOf(field, labels)}»`)
          .join(', ');
      if (name.startsWith('field')) return labelOf(value, labels);
      return name === 'n' ? numberIn(value, locale) : value;
    });
  }
  return message;
}

/** How relevant a message is among a field's several: the earlier its rule, the more; unknown messages last. */
function rank(message: string): number {
  const index = MESSAGE_RULES.findIndex((candidate) => candidate.pattern.test(message));
  return index === -1 ? MESSAGE_RULES.length : index;
}

/** The field errors in the reader's language, one per field (its most relevant message), in the order fields came. */
export function localizeFieldErrors(errors: readonly FieldError[], locale: Language, labels?: FieldLabels): FieldError[] {
  const chosen = new Map<string, FieldError>();
  for (const error of errors) {
    const current = chosen.get(error.field);
    if (!current || rank(error.message) < rank(current.message)) chosen.set(error.field, error);
  }
  return [...chosen.values()].map((error) => ({ ...error, message: localizeMessage(error.message, locale, labels) }));
}

/**
 * A refusal as a form shows it: the field errors in the reader's language (one per field), and one line for the top
 * only when no field says it. A region refusal gets no line: it has its own notice (forbiddenRegion).
 */
export function localizeRefusal(problem: ProblemDetails, locale: Language, labels?: FieldLabels): { errors: FieldError[]; message: string } {
  const errors = localizeFieldErrors(problem.errors ?? [], locale, labels);
  const message = errors.length || problem.type === ProblemType.forbidden ? '' : localizeMessage(problem.detail ?? problem.title, locale, labels);
  return { errors, message };
}

/**
 * The panel's labels of one resource's fields in a language: a component's own words first when it shows the fields
 * itself (the intake page), then the resource's, then the shared ones. The texts are imported when first needed:
 * locales/index.ts imports the resources, which import the actions that use this module.
 */
export async function panelFieldLabels(locale: Language, resourceId?: string, component?: string): Promise<FieldLabels> {
  const { PANEL_TEXTS } = await import('./locales/index.js');
  const texts = PANEL_TEXTS[locale];
  type Words = Record<string, string | undefined> | undefined;
  const own = resourceId ? (texts.resources as Record<string, { properties?: Words } | undefined>)[resourceId]?.properties : undefined;
  const words = component ? (texts.components as unknown as Record<string, Words>)[component] : undefined;
  const shared = texts.properties as Words;
  return (field) => words?.[field] ?? own?.[field] ?? shared?.[field];
}
