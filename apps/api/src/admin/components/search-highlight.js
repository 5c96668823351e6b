// Where a list's search query appears in a text, folded as the server folds both when it searches
// (domain/search-text.ts): any case, ё as е, and the Kazakh letters a Russian keyboard lacks as their look-alikes, so
// «ынтымактастык» is found, and marked, in «ынтымақтастық». test/admin/search-highlight.spec.ts holds the two foldings
// to the same answers.
const KAZAKH_LOOKALIKES = { қ: 'к', ғ: 'г', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', ә: 'а', і: 'и', һ: 'х' };

const foldLetter = (letter) => {
  const lower = letter.toLocaleLowerCase('und');
  return lower === 'ё' ? 'е' : (KAZAKH_LOOKALIKES[lower] ?? lower);
};

// The text folded, with where each folded character came from: a run of white space counts as one space, as it does
// in the stored search text.
function foldWithOrigins(text) {
  let folded = '';
  const origins = [];
  let index = 0;
  for (const letter of text) {
    if (/\s/.test(letter)) {
      if (!folded.endsWith(' ')) {
        folded += ' ';
        origins.push({ start: index, end: index + letter.length });
      } else {
        origins[origins.length - 1].end = index + letter.length;
      }
    } else {
      for (const part of foldLetter(letter)) {
        folded += part;
        origins.push({ start: index, end: index + letter.length });
      }
    }
    index += letter.length;
  }
  return { folded, origins };
}

export const foldQuery = (query) => foldWithOrigins(String(query ?? '')).folded.trim();

// The [start, end) ranges of the text where the query matches, without overlaps, in order.
export function searchMatches(text, query) {
  const needle = foldQuery(query);
  if (!text || !needle) return [];
  const { folded, origins } = foldWithOrigins(text);
  const ranges = [];
  for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + needle.length)) {
    ranges.push({ start: origins[at].start, end: origins[at + needle.length - 1].end });
  }
  return ranges;
}

// The text cut into the parts to show plain and the parts to mark.
export function highlightParts(text, query) {
  const parts = [];
  let from = 0;
  for (const { start, end } of searchMatches(text, query)) {
    if (start > from) parts.push({ text: text.slice(from, start), match: false });
    parts.push({ text: text.slice(start, end), match: true });
    from = end;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}
