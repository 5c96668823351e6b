// The list titles mark the search's matches (components/search-highlight.js) folded as the server searches them
// (domain/search-text.ts): the two foldings must agree, or a found record would show no mark (or a wrong one).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fold, KAZAKH_LOOKALIKES } from '../../apps/api/src/domain/search-text.js';

type Part = { text: string; match: boolean };
type Panel = { foldQuery(query: string): string; highlightParts(text: string, query: string): Part[] };
const panelModule = pathToFileURL(path.resolve('apps/api/src/admin/components/search-highlight.js')).href;

const marked = (parts: Part[]) => parts.filter((part) => part.match).map((part) => part.text);

describe('search matches marked in list titles', () => {
  let panel: Panel;
  beforeAll(async () => {
    panel = (await import(panelModule)) as Panel;
  });

  it('folds a query exactly as the server folds searches', () => {
    const samples = [
      'ЫНТЫМАҚТАСТЫҚ',
      'Шығыс Қазақстан облысы',
      'Партнёрство  в\tсфере  туризма ',
      'Әріптестік, Өскемен, Ұлытау, Үкімет, Іле, Һ',
      `  ${Object.keys(KAZAKH_LOOKALIKES).join('').toUpperCase()}${Object.keys(KAZAKH_LOOKALIKES).join('')}  `,
      'Memorandum of Understanding ЁЛКА',
    ];
    for (const sample of samples) expect({ sample, folded: panel.foldQuery(sample) }).toEqual({ sample, folded: fold(sample) });
  });

  it.each([
    ['Туризм саласындағы ынтымақтастық туралы', 'ынтымактастык', ['ынтымақтастық']],
    ['Партнёрство в сфере туризма', 'партнерств', ['Партнёрств']],
    ['Шығыс Қазақстан облысы', 'ШЫГЫС казакстан', ['Шығыс Қазақстан']],
    // A run of spaces in the title is one space to the search, as in the stored search text.
    ['Шығыс   Қазақстан', 'шығыс қазақстан', ['Шығыс   Қазақстан']],
    ['ВКО и СКО: СКО', 'ско', ['СКО', 'СКО']],
    ['Туризм', 'угль', []],
    ['Туризм', '   ', []],
  ])('%s, searched for %j, marks %j', (title, query, expected) => {
    const parts = panel.highlightParts(title, query);
    expect(marked(parts)).toEqual(expected);
    // The parts are the whole title, in order.
    expect(parts.map((part) => part.text).join('')).toBe(title);
  });
});
