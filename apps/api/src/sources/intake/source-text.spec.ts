import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse } from 'yaml';

import { projectRoot } from '../../infrastructure/database/project-root.js';
import {
  MAX_TEXT_CHARS,
  MAX_UPLOAD_BYTES,
  SourceTextError,
  acceptSourceText,
  detectLanguage,
  explainLanguage,
  extractUploadedText,
  normalizeSourceText,
  sha256Hex,
} from './source-text.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));
const upload = (filename: string, content: Buffer | string, mimetype?: string) =>
  extractUploadedText({ buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), filename, mimetype });

async function uploadError(filename: string, content: Buffer | string, mimetype?: string): Promise<SourceTextError> {
  const error: unknown = await upload(filename, content, mimetype).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof SourceTextError)) throw new Error(`expected a SourceTextError, got ${String(error)}`);
  return error;
}

describe('normalizeSourceText', () => {
  it('composes decomposed Kazakh and Russian letters (NFD → NFC)', () => {
    const decomposed = 'Өңір, Қазақстан, ёлка, й'.normalize('NFD');
    expect(decomposed).not.toBe('Өңір, Қазақстан, ёлка, й');
    expect(normalizeSourceText(decomposed)).toBe('Өңір, Қазақстан, ёлка, й');
  });

  it('turns CRLF and lone CR into LF', () => {
    expect(normalizeSourceText('бір\r\nекі\rүш\n\rтөрт')).toBe('бір\nекі\nүш\n\nтөрт');
  });

  it('removes NUL and other invisible controls but keeps tabs, and turns form feed and vertical tab into line breaks', () => {
    expect(normalizeSourceText('a\u0000b\u0007c\u001Bd\u007Fe\tf')).toBe('abcde\tf');
    expect(normalizeSourceText('end of page\fNext page\u000Bline')).toBe('end of page\nNext page\nline');
  });

  it('composes a letter with its mark once a control between them is gone (one pass is enough)', () => {
    expect(normalizeSourceText('и\u0000\u0306')).toBe('й');
  });

  it('removes the BOM at the start and the blank lines before the text, keeping the first line’s indentation', () => {
    expect(normalizeSourceText('\uFEFF\n  \n\t\n  Кеше облыс әкімі')).toBe('  Кеше облыс әкімі');
    expect(normalizeSourceText('\n\uFEFF\u00A0\nмәтін')).toBe('мәтін');
  });

  it('trims whitespace at the end of the text only: internal whitespace and trailing spaces of lines stay', () => {
    expect(normalizeSourceText('Тарбағатай  \nаймағы   парткомы\n\n\n \t \n')).toBe('Тарбағатай  \nаймағы   парткомы');
  });

  it('keeps the Latin "i" that Kazakh sites type for "і" and every other letter as it is', () => {
    const text = 'Өңiр басшысы Даниал Ахметов Солтүстiк Қазақстан облысына келдi.';
    expect(normalizeSourceText(text)).toBe(text);
  });

  it('replaces lone surrogates so the stored text and its UTF-8 hash agree', () => {
    expect(normalizeSourceText('a\uD800b')).toBe('a\uFFFDb');
  });

  it('is idempotent on tricky input and on the seeded articles', () => {
    const alphabet = ['a', 'і', 'i', '\u0306', '\u0301', 'и', '\r', '\n', '\t', ' ', '\u00A0', '\u0000', '\u000C', '\uFEFF', '\uD800', 'Ө', '\u2028'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 2000; run++) {
      const raw = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const once = normalizeSourceText(raw);
      expect(normalizeSourceText(once)).toBe(once);
    }
    for (const { text } of seededArticles()) {
      const once = normalizeSourceText(text);
      expect(normalizeSourceText(once)).toBe(once);
    }
  });
});

describe('sha256Hex', () => {
  it('hashes the UTF-8 bytes', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('әкім')).toBe(sha256Hex(Buffer.from('әкім', 'utf8').toString('utf8')));
    expect(sha256Hex('é'.normalize('NFC'))).not.toBe(sha256Hex('é'.normalize('NFD')));
  });
});

function seededArticles(): { key: string; language: string; text: string }[] {
  const seed = path.join(projectRoot(), 'prisma', 'seed');
  return fs
    .readdirSync(path.join(seed, 'data', 'articles'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => {
      const { article } = parse(fs.readFileSync(path.join(seed, 'data', 'articles', name), 'utf8')) as { article: { key: string; language: string } };
      return { key: article.key, language: article.language, text: fs.readFileSync(path.join(seed, 'articles', article.key), 'utf8') };
    });
}

describe('detectLanguage', () => {
  it('gets the five seeded articles right', () => {
    const articles = seededArticles();
    expect(articles).toHaveLength(5);
    for (const { key, language, text } of articles) expect({ key, language: detectLanguage(text) }).toEqual({ key, language });
  });

  it.each([
    ['kk', 'Шығыс Қазақстан облысының делегациясы Солтүстік Қазақстан облысында болды'],
    ['kk', 'Ынтымақтастық туралы меморандум'],
    ['kk', 'Тараптар екі өңір арасындағы сауданы дамыту туралы келісімге қол қойды.'],
    ['kk', 'Өңiр басшысы Солтүстiк облысына келдi'],
    ['kk', 'ӨҢIР БАСШЫСЫ СОЛТҮСТIК ОБЛЫСЫНА КЕЛДI'],
    ['kk', 'Облыс әкімі'],
    ['ru', 'ВКО и СКО укрепляют межрегиональное сотрудничество'],
    ['ru', 'Аким встретился с руководством ТОО «Сүтөнімі»'],
    ['ru', 'Делегация посетила Өскемен и Семей'],
    ['ru', 'Подписано соглашение'],
    ['en', 'East Kazakhstan and Tomsk Region sign a cooperation memorandum'],
    ['en', 'Memorandum signed with the akimat of Өскемен'],
  ])('%s: %s', (language, sentence) => {
    expect(detectLanguage(sentence)).toBe(language);
  });

  it('counts a Latin "i" inside a Cyrillic word as Kazakh "і", but not the letters of a Latin word', () => {
    expect(explainLanguage('келдi iPhone')).toMatchObject({ cyrillicLetters: 5, kazakhLetters: 1, latinLetters: 6 });
  });

  it('falls back to ru for a text without letters', () => {
    expect(detectLanguage('12.06.2016 — 14:00')).toBe('ru');
  });
});

describe('extractUploadedText: plain text', () => {
  it('reads UTF-8 with and without a BOM', async () => {
    await expect(upload('a.txt', 'Қол қойылды.\r\n')).resolves.toBe('Қол қойылды.\r\n');
    await expect(upload('a.TXT', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Қол қойылды.')]))).resolves.toBe('Қол қойылды.');
  });

  it('reads UTF-16 LE and BE with a BOM', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Өскемен', 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    await expect(upload('a.txt', le)).resolves.toBe('Өскемен');
    await expect(upload('a.txt', be)).resolves.toBe('Өскемен');
  });

  it('uses the content type when the name has no extension', async () => {
    await expect(upload('article', 'мәтін', 'text/plain; charset=utf-8')).resolves.toBe('мәтін');
  });

  it('refuses invalid UTF-8 (a Windows-1251 file) with advice', async () => {
    const cp1251 = Buffer.from([0xc2, 0xce, 0xca, 0x20, 0xe8, 0x20, 0xd1, 0xca, 0xce]); // "ВОК и СКО" in Windows-1251
    const error = await uploadError('a.txt', cp1251);
    expect(error.field).toBe('file');
    expect(error.message).toMatch(/not valid UTF-8 text; save it as UTF-8/);
  });

  it('refuses binary junk named .txt', async () => {
    const zeros = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64)]);
    await expect(uploadError('photo.txt', zeros)).resolves.toMatchObject({ field: 'file', message: expect.stringMatching(/does not look like text/) });
    const controls = Buffer.from(Array.from({ length: 200 }, (_, index) => (index % 3 === 0 ? 0x01 : 0x41)));
    await expect(uploadError('data.txt', controls)).resolves.toMatchObject({ message: expect.stringMatching(/does not look like text/) });
    await expect(uploadError('memorandum.txt', fixture('memorandum.docx'))).resolves.toMatchObject({ field: 'file' });
  });

  it('refuses an empty file and a file of blank lines', async () => {
    await expect(uploadError('a.txt', '')).resolves.toMatchObject({ message: 'The file is empty; nothing to store.' });
    await expect(uploadError('a.txt', '\uFEFF \r\n\t\n')).resolves.toMatchObject({ message: 'The file is empty; nothing to store.' });
  });

  it('refuses files over the size limit and texts over the length limit', async () => {
    await expect(uploadError('a.txt', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x61))).resolves.toMatchObject({ message: expect.stringMatching(/larger than 5 MB/) });
    await expect(upload('a.txt', Buffer.alloc(MAX_TEXT_CHARS, 0x61))).resolves.toHaveLength(MAX_TEXT_CHARS);
    await expect(uploadError('a.txt', Buffer.alloc(MAX_TEXT_CHARS + 1, 0x61))).resolves.toMatchObject({
      message: expect.stringMatching(/longer than 500,000/),
    });
  });

  it('refuses other file types, with advice for the common ones', async () => {
    await expect(uploadError('old.doc', 'x')).resolves.toMatchObject({ message: expect.stringMatching(/save it as "Word Document \(\.docx\)"/) });
    await expect(uploadError('photo.jpg', 'x')).resolves.toMatchObject({
      message: 'Files of type .jpg cannot be read; upload a .txt, .html, .docx or .pdf file, or paste the text.',
    });
    await expect(uploadError('article', 'x', 'application/octet-stream')).resolves.toMatchObject({ field: 'file' });
  });
});

describe('extractUploadedText: HTML', () => {
  const page = `<!doctype html><html><head><title>Жаңалықтар</title><style>p { color: red }</style>
    <script>var tracker = "<p>не текст</p>";</script></head>
    <body><h1>Ынтымақтастық туралы меморандум</h1>
    <p>Тараптар &laquo;Green&nbsp;park&raquo; демалыс орнында кездесті &amp; келісті.</p>
    <p>Бірінші жол<br>екінші жол</p><script>document.write('ads')</script>
    <p><a href="https://example.kz/x">Толығырақ</a> <img src="x.png" alt="сурет"></p></body></html>`;

  it('keeps the text with headings as written, paragraphs and <br> as line breaks, and entities decoded', async () => {
    await expect(upload('news.html', page)).resolves.toBe(
      'Ынтымақтастық туралы меморандум\n\nТараптар «Green\u00A0park» демалыс орнында кездесті & келісті.\n\nБірінші жол\nекінші жол\n\nТолығырақ',
    );
  });

  it('drops scripts and styles', async () => {
    const text = await upload('news.htm', page);
    expect(text).not.toMatch(/tracker|ads|color|не текст|Жаңалықтар/);
  });

  it('reads a page that declares windows-1251', async () => {
    const head = Buffer.from('<html><head><meta charset="windows-1251"></head><body><p>', 'latin1');
    const body = Buffer.from([0xc2, 0xca, 0xce]); // "ВКО"
    await expect(upload('old.html', Buffer.concat([head, body, Buffer.from('</p></body></html>', 'latin1')]))).resolves.toBe('ВКО');
  });

  it('refuses a page with no text', async () => {
    await expect(uploadError('empty.html', '<html><body><script>x()</script><img src="a.png"></body></html>')).resolves.toMatchObject({
      message: expect.stringMatching(/no text once its markup is removed/),
    });
  });
});

describe('extractUploadedText: Word .docx', () => {
  it('reads the paragraphs of a real .docx, Latin "i" included', async () => {
    const text = await upload('memorandum.docx', fixture('memorandum.docx'));
    expect(normalizeSourceText(text)).toBe(
      'Ынтымақтастық туралы меморандум\n\nШығыс Қазақстан облысы мен Томск облысы өңiрлiк ынтымақтастық туралы келiсiмге қол қойды.\n\nСтороны договорились о взаимном сотрудничестве.',
    );
    expect(detectLanguage(text)).toBe('kk');
  });

  it('refuses a damaged .docx and an old .doc renamed .docx', async () => {
    const damaged = fixture('memorandum.docx').subarray(0, 2000);
    await expect(uploadError('memorandum.docx', damaged)).resolves.toMatchObject({ message: expect.stringMatching(/could not be read as a Word document/) });
    const oldWord = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expect(uploadError('memorandum.docx', oldWord)).resolves.toMatchObject({ message: expect.stringMatching(/old Word document \(\.doc\)/) });
  });
});

describe('extractUploadedText: PDF', () => {
  it('reads the Cyrillic text layer of a real PDF, page by page, with paragraph gaps', async () => {
    const text = await upload('agreement.pdf', fixture('agreement.pdf'));
    expect(normalizeSourceText(text)).toBe(
      [
        'Шығыс Қазақстан облысының делегациясы Өскеменде болды.',
        '',
        'Тараптар сауда және ауыл шаруашылығы салаларындағы ынтымақтастық туралы',
        'меморандумға қол қойды.',
        '',
        'Стороны подписали меморандум о сотрудничестве.',
      ].join('\n'),
    );
  });

  it('leaves the upload buffer usable (PDF.js gets a copy)', async () => {
    const buffer = fixture('agreement.pdf');
    await upload('agreement.pdf', buffer);
    expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses a PDF without a text layer and a damaged PDF', async () => {
    await expect(uploadError('scan.pdf', fixture('no-text-layer.pdf'))).resolves.toMatchObject({ message: expect.stringMatching(/no text layer/) });
    await expect(uploadError('broken.pdf', Buffer.from('%PDF-1.7\nnot really a pdf'))).resolves.toMatchObject({
      message: expect.stringMatching(/could not be read as a PDF/),
    });
  });
});

describe('acceptSourceText', () => {
  it('returns the stored form of pasted text, and refuses empty or overlong text on the given field', () => {
    expect(acceptSourceText('\r\nмәтін  \r\n')).toBe('мәтін');
    expect(() => acceptSourceText(' \n\u0000 ')).toThrow(new SourceTextError('text', 'The text is empty; nothing to store.'));
    expect(() => acceptSourceText('a'.repeat(MAX_TEXT_CHARS + 1))).toThrow(/longer than/);
  });
});
