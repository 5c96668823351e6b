import { randomBytes } from 'node:crypto';

/*
 * A new source's key: a readable slug of its title in Latin letters plus a random suffix, e.g.
 * `pavlodar-oblysynyn-delegaciyasy-omby-oblysynda-4f9a2c`. It is assigned once and never changes (citations and links
 * name it), so it does not follow later edits of the title or the text.
 */

// Kazakh and Russian Cyrillic to Latin, close to the Kazakh 2021 Latin alphabet where it can be typed on any keyboard.
const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', ә: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', і: 'i',
  к: 'k', қ: 'q', л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ұ: 'u',
  ү: 'u', ф: 'f', х: 'kh', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
}; // prettier-ignore

const SLUG_WORDS = 6;
const SUFFIX_BYTES = 3;

export function slugOf(title: string): string {
  const latin = [...title.toLowerCase()].map((letter) => CYRILLIC_TO_LATIN[letter] ?? letter).join('');
  const words = latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.slice(0, SLUG_WORDS).join('-').slice(0, 60).replace(/-$/, '') || 'source';
}

export function newSourceKey(title: string): string {
  return `${slugOf(title)}-${randomBytes(SUFFIX_BYTES).toString('hex')}`;
}
