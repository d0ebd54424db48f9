// Which characters the exhibit can draw, so the font subset holds a glyph for each of them
// (troika-three-text would otherwise fetch a fallback font from a CDN). Pure: no node, no DOM.
import type { Exhibit } from '../content/schema.ts';

/** Printable ASCII: digits, Latin letters, punctuation and the space. */
export const ASCII_PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

/** CJK punctuation the content may use, and marks of the typesetting (list bullets, quotes, arrows). */
export const CJK_PUNCTUATION = '，。、；：？！“”‘’（）《》「」『』【】—–…·→';

/** Characters the scene draws around the content: years and ticks ("2020–2021", "+5"), list bullets, no-break space. */
export const SCENE_CHARACTERS = '0123456789–—+•\u00a0';

/** Every character that is always in the Noto Sans SC subsets, whatever the content says. */
export const BASE_CHARACTERS = ASCII_PRINTABLE + CJK_PUNCTUATION + SCENE_CHARACTERS;

/**
 * Every character that is always in the Noto Sans (Latin) subsets: ASCII, the marks of the typesetting
 * that language-neutral runs draw (years "2020–2021", "2026 →", list markers "•", "1."), and the
 * punctuation English text uses ("IAMM’s", “quotes”, "…").
 */
export const LATIN_BASE_CHARACTERS = ASCII_PRINTABLE + SCENE_CHARACTERS + '‘’“”…·→';

/** Whether a content path (as walkStrings gives it) is the English half of a bilingual text, e.g. `content.intro.en`. */
export const isEnglishPath = (path: string): boolean => path.endsWith('.en');

/** Calls `visit` for every string in `value` with its path, e.g. `content.milestones[2].items[0].zh`. */
export function walkStrings(value: unknown, visit: (text: string, path: string) => void, path = ''): void {
  if (typeof value === 'string') {
    visit(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walkStrings(item, visit, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walkStrings(item, visit, path ? `${path}.${key}` : key);
  }
}

/**
 * Every character (code point) of every string in the exhibit, found by walking the whole object
 * (so fields added to the schema later are covered), plus BASE_CHARACTERS.
 */
export function collectCharacters(exhibit: Exhibit): Set<string> {
  const chars = new Set<string>(Array.from(BASE_CHARACTERS));
  walkStrings(exhibit, (text) => {
    for (const ch of text) chars.add(ch);
  });
  return chars;
}

/** Every character of every English string in the exhibit (`*.en`), plus LATIN_BASE_CHARACTERS. */
export function collectEnglishCharacters(exhibit: Exhibit): Set<string> {
  const chars = new Set<string>(Array.from(LATIN_BASE_CHARACTERS));
  walkStrings(exhibit, (text, path) => {
    if (isEnglishPath(path)) for (const ch of text) chars.add(ch);
  });
  return chars;
}

/** "U+4E2D" for "中", "U+1F600" for "😀". */
export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface MissingCharacter {
  char: string;
  /** "U+XXXX". */
  code: string;
  /** Content paths of the strings holding the character, e.g. `content.milestones[2].items[0].zh`. Empty for built-in characters. */
  paths: string[];
}

/**
 * For each missing character, its code point and every content path where it occurs.
 * `rootLabels` names the top-level keys, e.g. `{ content: 'scenes/milestones.yaml' }` turns
 * `content.milestones[2].items[0].zh` into `scenes/milestones.yaml milestones[2].items[0].zh`.
 * `include` limits the paths to the strings that matter (e.g. only English ones for a Latin font).
 */
export function describeMissing(
  exhibit: Exhibit | undefined,
  missingChars: Iterable<string>,
  rootLabels: Record<string, string> = {},
  include: (path: string) => boolean = () => true,
): MissingCharacter[] {
  const wanted = new Map<string, string[]>();
  for (const ch of missingChars) for (const cp of ch) if (!wanted.has(cp)) wanted.set(cp, []);
  if (exhibit) {
    walkStrings(exhibit, (text, path) => {
      if (!include(path)) return;
      const root = /^[^.[]+/.exec(path)?.[0] ?? '';
      const label = rootLabels[root];
      const shown = label !== undefined ? `${label} ${path.slice(root.length).replace(/^\./, '')}` : path;
      for (const ch of new Set(text)) wanted.get(ch)?.push(shown);
    });
  }
  return [...wanted].map(([char, paths]) => ({ char, code: codePointLabel(char), paths }));
}

/** One line per missing character: `"😀" U+1F600 in content.milestones[2].items[0].zh, …`. */
export function formatMissing(missing: MissingCharacter[]): string {
  return missing
    .map(({ char, code, paths }) => {
      const shown = /\p{C}|\p{Z}/u.test(char) ? '' : `"${char}" `;
      const where = paths.length
        ? `in ${paths.slice(0, 8).join(', ')}${paths.length > 8 ? `, … (${paths.length} places)` : ''}`
        : '(not in the content: one of the built-in characters)';
      return `  ${shown}${code} ${where}`;
    })
    .join('\n');
}
