// The intake page proposes each party's side of a contract from the words of its clause (components/contract-roles.js).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Mention = { kind: string; start: number; end: number; partyId?: string };
type Roles = { supplier: string[]; buyer: string[]; partner: string[] };
type Panel = { guessContractRoles(text: string, mentions: Mention[]): Roles };
const panelModule = pathToFileURL(path.resolve('apps/api/src/admin/components/contract-roles.js')).href;

/** Party mentions of the names in `text`, as the extractor gives them (offsets into the text). */
const mentionsOf = (text: string, names: Record<string, string>): Mention[] =>
  Object.entries(names).map(([name, partyId]) => ({ kind: 'party', start: text.indexOf(name), end: text.indexOf(name) + name.length, partyId }));

describe('contract roles guessed from the clause words', () => {
  let panel: Panel;
  beforeAll(async () => {
    panel = (await import(panelModule)) as Panel;
  });

  it.each([
    [
      'ru',
      'Поставщиком выступит ТОО «Павлодар Агро», покупателем — Омская область.',
      { 'Павлодар Агро': 'a', 'Омская область': 'b' },
      { supplier: ['a'], buyer: ['b'], partner: [] },
    ],
    [
      'ru, verbs',
      'ТОО «Павлодар Агро» поставит зерно; Омская область закупит его.',
      { 'Павлодар Агро': 'a', 'Омская область': 'b' },
      { supplier: ['a'], buyer: ['b'], partner: [] },
    ],
    [
      'kk',
      'Жеткізуші — Павлодар облысы, сатып алушы — Алтай өлкесі.',
      { 'Павлодар облысы': 'a', 'Алтай өлкесі': 'b' },
      { supplier: ['a'], buyer: ['b'], partner: [] },
    ],
    [
      'en',
      'The supplier is Pavlodar Agro, the buyer is Omsk Oblast.',
      { 'Pavlodar Agro': 'a', 'Omsk Oblast': 'b' },
      { supplier: ['a'], buyer: ['b'], partner: [] },
    ],
    // The subject («на поставку зерна», «жеткізу туралы») names no side: both are partners until the editor says.
    [
      'ru, subject only',
      'ТОО «Павлодар Агро» и Омская область заключили контракт на поставку зерна.',
      { 'Павлодар Агро': 'a', 'Омская область': 'b' },
      { supplier: [], buyer: [], partner: ['a', 'b'] },
    ],
    [
      'kk, subject only',
      'Павлодар облысы мен Алтай өлкесі ет жеткізу туралы келісімшарт жасасты.',
      { 'Павлодар облысы': 'a', 'Алтай өлкесі': 'b' },
      { supplier: [], buyer: [], partner: ['a', 'b'] },
    ],
  ])('%s: %s', (_case, text, names, expected) => {
    expect(panel.guessContractRoles(text, mentionsOf(text, names))).toEqual(expected);
  });

  it('names a party once, in its first role, and ignores people and unknown names', () => {
    const text = 'Поставщик — Павлодар Агро, покупатель — Павлодар Агро и Асаин Байханов.';
    const mentions: Mention[] = [
      { kind: 'party', start: 12, end: 25, partyId: 'a' },
      { kind: 'party', start: 40, end: 53, partyId: 'a' },
      { kind: 'person', start: 56, end: 70 },
      { kind: 'party', start: 0, end: 9 },
    ];
    expect(panel.guessContractRoles(text, mentions)).toEqual({ supplier: ['a'], buyer: [], partner: [] });
  });
});
