import { compileDirectory, extract, extractMentions, type DirectoryEntry, type Mention } from './extract-mentions.js';
import { REPORT_KINDS, recallReport, seedDirectory, totalOf, type ReportKind } from './recall-report.js';
import { scaleDecimal } from './amounts.js';

const directory: DirectoryEntry[] = seedDirectory();
const compiled = compileDirectory(directory);
const mentionsOf = (text: string, referenceYear?: number) => extract(text, compiled, { referenceYear });
const named = (text: string) => mentionsOf(text).map((m) => [m.text, m.partyId ?? m.personId]);
const valueOf = (text: string, referenceYear?: number) => mentionsOf(text, referenceYear).map((m) => [m.kind, m.text, m.value]);

describe('parties and people', () => {
  it('finds Russian names in any case, every word of an adjective + noun phrase inflected', () => {
    expect(named('делегация Самарской области')).toEqual([['Самарской области', 'region-samara']]);
    expect(named('аким Восточно-Казахстанской области')).toEqual([['Восточно-Казахстанской области', 'region-vko']]);
    expect(named('делегация Усть-Каменогорска в Томске')).toEqual([
      ['Усть-Каменогорска', 'city-oskemen'],
      ['Томске', 'city-tomsk'],
    ]);
    expect(named('экономика Восточного Казахстана')).toEqual([['Восточного Казахстана', 'region-vko']]);
  });

  it('finds Kazakh names with case and possessive suffixes, in either vowel harmony', () => {
    expect(named('Самара облысымен')).toEqual([['Самара облысымен', 'region-samara']]);
    expect(named('Шығыс Қазақстан облысының әкімі')).toEqual([['Шығыс Қазақстан облысының', 'region-vko']]);
    expect(named('Өскеменге барды, Қазақстанда')).toEqual([
      ['Өскеменге', 'city-oskemen'],
      ['Қазақстанда', 'country-kz'],
    ]);
    expect(named('Самара облысына')).toEqual([['Самара облысына', 'region-samara']]);
    // Back-vowel suffixes on a front-vowel word are no Kazakh form.
    expect(named('Өскеменға')).toEqual([]);
  });

  it('inflects only the last word of a Kazakh name', () => {
    expect(named('Шығыстың Қазақстан облысы')).not.toContainEqual(['Шығыстың Қазақстан облысы', 'region-vko']);
  });

  it('folds Latin i, І and other look-alikes, keeping offsets into the original', () => {
    const text = 'Солтүстiк Қазақстан облысының басшысы Ерiк Сұлтанов; Cолтүстік Қазақcтан';
    const mentions = mentionsOf(text);
    expect(mentions.map((m) => [m.text, m.partyId ?? m.personId])).toEqual([
      ['Солтүстiк Қазақстан облысының', 'region-sko'],
      ['Ерiк Сұлтанов', 'person-erik-sultanov'],
      ['Cолтүстік Қазақcтан', 'region-sko'],
    ]);
    for (const mention of mentions) expect(text.slice(mention.start, mention.end)).toBe(mention.text);
  });

  it('finds abbreviations as whole capitalised tokens, with a hyphenated or glued Kazakh suffix', () => {
    expect(named('ШҚО-ның кәсіпорындары, ВКО и СКО, БҚО-да, ЗКО, РФ')).toEqual([
      ['ШҚО-ның', 'region-vko'],
      ['ВКО', 'region-vko'],
      ['СКО', 'region-sko'],
      ['БҚО-да', 'region-bko'],
      ['ЗКО', 'region-bko'],
      ['РФ', 'country-ru'],
    ]);
    expect(named('СҚОның')).toEqual([['СҚОның', 'region-sko']]);
  });

  it('does not let a short alias match inside a longer word or in lower case', () => {
    expect(named('РФА, ВКОА, 16news.kz, скорость, рф, умзар')).toEqual([]);
    expect(named('глубокое озеро, семей в городе')).toEqual([]);
  });

  it('finds people by full name in either order and by surname alone, inflected', () => {
    expect(named('по словам акима Ерика Султанова')).toEqual([['Ерика Султанова', 'person-erik-sultanov']]);
    expect(named('Ахметов Даниал; Ахметовтың сөзі; Сапарбаев')).toEqual([
      ['Ахметов Даниал', 'person-danial-akhmetov'],
      ['Ахметовтың', 'person-danial-akhmetov'],
      ['Сапарбаев', 'person-berdibek-saparbayev'],
    ]);
    expect(named('сказал И.Абишев.')).toEqual([['Абишев', 'person-islam-abishev']]);
  });

  it('prefers the longest name: an organisation over the city or region inside it', () => {
    expect(named('«Петропавл трактор зауыты» ЖШС-ның директоры')).toEqual([['«Петропавл трактор зауыты» ЖШС-ның', 'org-ptz']]);
    expect(named('«Самара» инженерлік зертханасымен')).toEqual([['«Самара» инженерлік зертханасымен', 'org-samara-engineering-lab']]);
  });

  it('takes a quoted brand alone only in quotes (false-positive traps of the articles)', () => {
    expect(named('«Алтын Алтай» гала-концерті')).toEqual([]);
    expect(named('«Агропаркке» жеткізіп')).toEqual([['Агропаркке', 'org-agropark-samara']]);
    expect(named('Алтай Көлгінов')).toEqual([['Алтай Көлгінов', 'person-altai-kulginov']]);
  });

  it('reads words an OCR split (Ш ығыс, Ж ан Янды)', () => {
    expect(named('Ш ығыс Қазақстан мен Ж ан Янды')).toEqual([
      ['Ш ығыс Қазақстан', 'region-vko'],
      ['Ж ан Янды', 'person-jan-yan'],
    ]);
  });
});

describe('dates', () => {
  it.each([
    ['10.06.2016', '2016-06-10', 'day'],
    ['7.11.2018, 12:10', '2018-11-07', 'day'],
    ['9 июля 2016 года', '2016-07-09', 'day'],
    ['2016 жылдың 10 маусымында', '2016-06-10', 'day'],
    ['2019 жылы', '2019-01-01', 'year'],
    ['2016 года', '2016-01-01', 'year'],
    ['в 2016 году', '2016-01-01', 'year'],
    ['on 9 July 2016', '2016-07-09', 'day'],
    ['December 2016', '2016-12-01', 'month'],
  ])('reads «%s»', (text, date, precision) => {
    expect(mentionsOf(text).map((m) => m.value)).toEqual([{ date, precision }]);
  });

  it('takes the reference year for a date without one, else the nearest year stated before it', () => {
    expect(valueOf('9 июля', 2016)).toEqual([['date', '9 июля', { date: '2016-07-09', precision: 'day' }]]);
    expect(valueOf('маусым айында', 2016)).toEqual([['date', 'маусым айында', { date: '2016-06-01', precision: 'month' }]]);
    expect(valueOf('В 2010 году ... в декабре')).toEqual([
      ['date', 'В 2010 году', { date: '2010-01-01', precision: 'year' }],
      ['date', 'в декабре', { date: '2010-12-01', precision: 'month' }],
    ]);
    expect(valueOf('былтырғы жылдың желтоқсан айында', 2016)[0][2]).toEqual({ date: '2015-12-01', precision: 'month' });
    expect(valueOf('9 июля')).toEqual([]);
  });

  it('keeps the word guards on every alternative of a pattern, and knows «год» in every case', () => {
    expect(valueOf('в 2017 и 2018 годах')).toEqual([['date', '2018 годах', { date: '2018-01-01', precision: 'year' }]]);
    expect(valueOf('с 2016 годом')).toEqual([['date', 'с 2016 годом', { date: '2016-01-01', precision: 'year' }]]);
    // «in» inside «within» or «begin» is no preposition; the modal «may» is no month.
    expect(valueOf('Article 5 may apply in may', 2019)).toEqual([]);
    expect(valueOf('on 5 May', 2019)).toEqual([['date', '5 May', { date: '2019-05-05', precision: 'day' }]]);
    expect(valueOf('within 2018, begin May 2019')).toEqual([['date', 'May 2019', { date: '2019-05-01', precision: 'month' }]]);
  });

  it.each([
    ['желтоқсанда', '12'],
    ['қарашада', '11'],
    ['маусымда', '06'],
    ['шілдеде', '07'],
    ['қыркүйекте', '09'],
    ['қыркүйегінде', '09'],
    ['қарашасында', '11'],
    ['наурызға', '03'],
    ['қазанда', '10'],
    ['желтоқсанның', '12'],
    ['сәуірдегі', '04'],
  ])('reads a Kazakh month in a case form without «айында»: «%s»', (text, month) => {
    expect(valueOf(text, 2020)).toEqual([['date', text, { date: `2020-${month}-01`, precision: 'month' }]]);
  });

  it('takes no other word for a Kazakh month, and a capitalised «Қазан» for the city of Kazan', () => {
    // A bare nominative, a name and words that start like a month are no dates.
    expect(valueOf('желтоқсан, Наурызбай, тамызық, маусымдық', 2020)).toEqual([]);
    expect(valueOf('Форум Қазанда өтті. Қазаннан келді. 2018 жылы Қазанда болды.', 2020)).toEqual([
      ['date', '2018 жылы', { date: '2018-01-01', precision: 'year' }],
    ]);
    expect(valueOf('Делегация қазанда келеді, Қазан айында, 5 қазанда', 2020)).toEqual([
      ['date', 'қазанда', { date: '2020-10-01', precision: 'month' }],
      ['date', 'Қазан айында', { date: '2020-10-01', precision: 'month' }],
      ['date', '5 қазанда', { date: '2020-10-05', precision: 'day' }],
    ]);
    expect(valueOf('2016 жылдың қаңтар-тамыз айлары')[0]).toEqual(['date', '2016 жылдың қаңтар', { date: '2016-01-01', precision: 'month' }]);
  });

  const day = (date: string) => ({ date, precision: 'day' });
  it.each([
    ['с 5 по 7 ноября 2018 года', 'с 5', '2018-11-05', 'по 7 ноября 2018 года', '2018-11-07'],
    ['5–7 ноября 2018 года', '5', '2018-11-05', '7 ноября 2018 года', '2018-11-07'],
    ['2018 жылғы 5-7 қарашада', '2018 жылғы 5', '2018-11-05', '7 қарашада', '2018-11-07'],
    ['10-12 қыркүйекте', '10', '2019-09-10', '12 қыркүйекте', '2019-09-12'],
    ['с 30 ноября по 2 декабря 2018 года', 'с 30 ноября', '2018-11-30', 'по 2 декабря 2018 года', '2018-12-02'],
    ['30 ноября — 2 декабря', '30 ноября', '2019-11-30', '2 декабря', '2019-12-02'],
    ['30 қарашадан 2 желтоқсанға дейін', '30 қарашадан', '2019-11-30', '2 желтоқсанға', '2019-12-02'],
    ['2018 жылғы 30 қараша – 2 желтоқсан', '2018 жылғы 30 қараша', '2018-11-30', '2 желтоқсан', '2018-12-02'],
    ['November 5–7, 2018', 'November 5', '2018-11-05', '7, 2018', '2018-11-07'],
    ['5-7 November 2018', '5', '2018-11-05', '7 November 2018', '2018-11-07'],
  ])('reads the day range «%s» as two dates sharing the month and year', (text, first, firstDate, second, secondDate) => {
    const mentions = mentionsOf(`Визит: ${text}.`, 2019);
    expect(mentions.map((m) => [m.kind, m.text, m.value])).toEqual([
      ['date', first, day(firstDate)],
      ['date', second, day(secondDate)],
    ]);
    for (const mention of mentions) expect(`Визит: ${text}.`.slice(mention.start, mention.end)).toBe(mention.text);
  });

  it('reads a range of years as two years', () => {
    const year = (date: string) => ({ date, precision: 'year' });
    expect(valueOf('в 2017–2018 годах')).toEqual([
      ['date', 'в 2017', year('2017-01-01')],
      ['date', '2018 годах', year('2018-01-01')],
    ]);
    expect(valueOf('2016-2018 гг.')).toEqual([
      ['date', '2016', year('2016-01-01')],
      ['date', '2018 гг.', year('2018-01-01')],
    ]);
    expect(valueOf('2017-2018 жылдары')).toEqual([
      ['date', '2017', year('2017-01-01')],
      ['date', '2018 жылдары', year('2018-01-01')],
    ]);
  });

  it('reads a Russian month or day of the previous, this or the next year', () => {
    expect(valueOf('в декабре прошлого года', 2016)).toEqual([['date', 'в декабре прошлого года', { date: '2015-12-01', precision: 'month' }]]);
    expect(valueOf('9 июля следующего года', 2016)).toEqual([['date', '9 июля следующего года', day('2017-07-09')]]);
    expect(valueOf('в марте текущего года', 2016)).toEqual([['date', 'в марте текущего года', { date: '2016-03-01', precision: 'month' }]]);
  });

  it('reads no range that runs backwards', () => {
    expect(valueOf('12-10 қыркүйекте', 2019)).toEqual([['date', '10 қыркүйекте', day('2019-09-10')]]);
  });

  it('reads Russian month names in every case', () => {
    for (const [text, month] of [
      ['в январе', '01'],
      ['в мае', '05'],
      ['к маю', '05'],
      ['до сентября', '09'],
      ['с марта', '03'],
    ]) {
      expect(mentionsOf(text, 2020).map((m) => m.value)).toEqual([{ date: `2020-${month}-01`, precision: 'month' }]);
    }
  });
});

describe('amounts', () => {
  it.each([
    ['60 млн. теңге', '60000000', 'KZT'],
    ['600 млн. АҚШ долларынан', '600000000', 'USD'],
    ['3,5 млрд.теңге', '3500000000', 'KZT'],
    ['1,2 миллиард рублей', '1200000000', 'RUB'],
    ['927 миллиард теңгенi', '927000000000', 'KZT'],
    ['$5 million', '5000000', 'USD'],
    ['5 млн долларов США', '5000000', 'USD'],
    ['1 000 000 тенге', '1000000', 'KZT'],
    ['150 тыс. евро', '150000', 'EUR'],
    ['2,75 мың юань', '2750', 'CNY'],
  ])('reads «%s»', (text, amount, currency) => {
    expect(mentionsOf(text).map((m) => [m.kind, m.text, m.value])).toEqual([['amount', text, { amount, currency }]]);
  });

  it('scales decimals exactly', () => {
    expect(scaleDecimal('3', '5', 9)).toBe('3500000000');
    expect(scaleDecimal('0', '125', 1)).toBe('1.25');
  });
});

describe('counts', () => {
  it.each([
    ['10 меморандумов', 10],
    ['Восемь соглашений', 8],
    ['три соглашения', 3],
    ['двух договоров', 2],
    ['2 меморандумға', 2],
    ['10 меморандум', 10],
    ['үш келісім', 3],
    ['екі меморандумға', 2],
    ['он екі келісімшарт', 12],
    ['он келісім', 10],
    ['он меморандумға', 10],
    ['он шарт', 10],
    ['восемь деловых договоров', 8],
    ['three agreements', 3],
  ])('reads «%s»', (text, count) => {
    expect(mentionsOf(text).map((m) => [m.kind, m.text, m.value])).toEqual([['count', text, { count }]]);
  });

  it('reads an unnumbered plural («бірқатар», «ряд») as at least two, the seed convention', () => {
    expect(valueOf('бірқатар құжаттарға')).toEqual([['count', 'бірқатар құжаттарға', { count: 2, atLeast: true }]]);
    expect(valueOf('бірнеше келісімге')).toEqual([['count', 'бірнеше келісімге', { count: 2, atLeast: true }]]);
    expect(valueOf('подписание ряда соглашений')).toEqual([['count', 'ряда соглашений', { count: 2, atLeast: true }]]);
  });

  it.each([
    ['также подписаны документы на создание', 'документы'],
    ['подписаны соглашения', 'соглашения'],
    ['заключили договора о сотрудничестве', 'договора'],
    ['подписанные меморандумы', 'меморандумы'],
    ['по заключенным договорам', 'договорам'],
    ['меморандумы были подписаны', 'меморандумы'],
    ['меморандумдар жасалды', 'меморандумдар'],
    ['келісімдерге қол қойылды', 'келісімдерге'],
    ['жасалған келісімшарттар', 'келісімшарттар'],
    ['agreements were signed', 'agreements'],
    ['signed memoranda', 'memoranda'],
  ])('reads an unnumbered plural next to a verb of signing as at least two: «%s»', (text, noun) => {
    expect(valueOf(text)).toEqual([['count', noun, { count: 2, atLeast: true }]]);
  });

  it('reads no count from a plural without signing, a singular, or a genitive singular', () => {
    const counts = (text: string) => mentionsOf(text).filter((m) => m.kind === 'count');
    for (const text of [
      'по вопросам договоров',
      'подписано соглашение',
      'подписание соглашения',
      'условия соглашения подписаны',
      'келісімге қол қойылды',
      'келіссөздер жасалды',
    ]) {
      expect([text, counts(text)]).toEqual([text, []]);
    }
    // A numbered plural keeps its number.
    expect(valueOf('подписаны 10 меморандумов')).toEqual([['count', '10 меморандумов', { count: 10 }]]);
  });

  it('counts only documents, and not years', () => {
    expect(mentionsOf('10 трактор, 2016 жылы келісім, он договорился').filter((m) => m.kind === 'count')).toEqual([]);
    // Russian «он» (he) is no Kazakh ten.
    expect(mentionsOf('Он договор подписал, а он меморандумы').filter((m) => m.kind === 'count')).toEqual([]);
  });
});

describe('mentions', () => {
  const text = 'В 2016 году ВКО и Самарская область подписали 10 меморандумов на 60 млн. тенге (Даниал Ахметов).';
  const mentions: Mention[] = extractMentions(text, directory);

  it('are sorted, sliced exactly and never overlap', () => {
    expect(mentions.map((m) => m.kind)).toEqual(['date', 'party', 'party', 'count', 'amount', 'person']);
    mentions.forEach((mention, index) => {
      expect(text.slice(mention.start, mention.end)).toBe(mention.text);
      if (index) expect(mention.start).toBeGreaterThanOrEqual(mentions[index - 1].end);
    });
  });

  it('compile a directory of thousands of names once and read a megabyte quickly', () => {
    const many: DirectoryEntry[] = Array.from({ length: 3000 }, (_, i) => ({
      kind: 'party',
      id: `p${i}`,
      names: [`Тестовая${i} область`, `Сынақ${i} облысы`],
    }));
    const big = compileDirectory([...directory, ...many]);
    const article = 'Восемь соглашений подписаны Тестовая17 областью и Сынақ42 облысымен в Усть-Каменогорске 9 июля 2016 года. ';
    const started = Date.now();
    const found = extract(article.repeat(Math.ceil(1_000_000 / article.length)), big);
    expect(found.filter((m) => m.partyId === 'p17').length).toBeGreaterThan(9000);
    expect(Date.now() - started).toBeLessThan(20000);
  });
});

// Recall against the seed extraction. These items of the seed are not stated in the article texts (the analyst
// inferred them from background facts); they count as expected all the same, so the floor below cannot be 0.90 where
// they weigh: there it is the best recall the text allows.
//   001 date 2010-09-07/day: the VII Forum "a month ago"; the day comes from a glossary, not the text.
//   001 date 2010-10-01/month: the trip, a month after the forum; no month is written.
//   001 count 6: "eight" agreements minus the two recorded separately; the text says eight.
//   002 party city-petropavl and date 2018-11-09/day: the XV Forum's city and day, from background facts.
// (001 count 2, the joint-venture documents, is stated: «подписаны документы», a plural after a verb of signing.)
const NOT_STATED: Record<string, Partial<Record<ReportKind, number>>> = {
  '001_12f8570693e90b5d': { date: 2, count: 1 },
  '002_67de2c8af0dd1755': { party: 1, date: 1 },
};
const FLOOR = 0.9;
const floorOf = (expected: number, notStated: number) => Math.min(FLOOR, (expected - notStated) / expected);

// Directory entries the articles do name though no seed record references them (checked by reading the texts); a
// party or person mention counts as correct when its entry is the seed's or one of these.
const ALSO_NAMED: Record<string, string[]> = {
  '000_2c613842bf8fbb02': [
    'agency-sko-entrepreneurship-tourism',
    'person-evgeny-glotov',
    'person-maksat-musapirbekov',
    'person-asemkan-doskozhanov',
    'org-daewoo-bus-kz',
    'city-oskemen',
    'city-semey',
    'country-kz',
  ],
  '001_12f8570693e90b5d': ['org-kazzinc', 'org-umz', 'org-uk-tmk'],
  '002_67de2c8af0dd1755': ['person-dmitry-azarov', 'city-oral', 'city-saratov', 'region-orenburg'],
  '003_95d8b3d6152c2cac': ['person-danial-akhmetov'],
  '004_61eb6d7927535e5f': ['country-kz', 'country-cn', 'city-oskemen', 'district-glubokoe', 'city-urumqi'],
};

describe('recall and precision over the seeded articles', () => {
  const report = recallReport();
  const precision = report.articles.map((article) => {
    const names = article.mentions.filter((m) => m.kind === 'party' || m.kind === 'person');
    const correctIds = new Set([...article.expected.party, ...article.expected.person, ...(ALSO_NAMED[article.article] ?? [])]);
    const correct = names.filter((m) => correctIds.has(m.partyId ?? m.personId ?? ''));
    const inSeed = names.filter((m) => article.expected.party.has(m.partyId ?? '') || article.expected.person.has(m.personId ?? ''));
    return { article: article.article, mentions: names.length, correct: correct.length, inSeed: inSeed.length };
  });

  beforeAll(() => {
    const lines = precision.map(
      (p) => `${p.article}  ${p.correct}/${p.mentions} ${(p.correct / p.mentions).toFixed(2)} correct, ${p.inSeed}/${p.mentions} of the seed's own`,
    );
    console.log(`${report.table}\nparty/person mention precision:\n${lines.join('\n')}`);
  });

  it.each(REPORT_KINDS)('pooled recall of %s mentions is at least 0.90, or all the texts allow', (kind) => {
    const notStated = Object.values(NOT_STATED).reduce((sum, article) => sum + (article[kind] ?? 0), 0);
    const tally = report.pooled[kind];
    expect(tally.found / tally.expected).toBeGreaterThanOrEqual(floorOf(tally.expected, notStated));
  });

  it('recall per article (all kinds) is at least 0.90, or all the text allows', () => {
    for (const article of report.articles) {
      const total = totalOf(article.tally);
      const notStated = Object.values(NOT_STATED[article.article] ?? {}).reduce((sum, n) => sum + n, 0);
      expect([article.article, total.found / total.expected]).toEqual([article.article, expect.any(Number)]);
      expect(total.found / total.expected).toBeGreaterThanOrEqual(floorOf(total.expected, notStated));
    }
  });

  it('names parties and people correctly (precision at least 0.95 per article)', () => {
    for (const p of precision) expect(p.correct / p.mentions).toBeGreaterThanOrEqual(0.95);
  });
});
