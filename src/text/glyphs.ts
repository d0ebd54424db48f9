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

/** The language a content path's string is in (its last key when that is one of `languages` or "en"), or null. */
function pathLanguage(path: string, languages: readonly string[]): string | null {
  const key = /\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/.exec(path)?.[1];
  return key !== undefined && (key === 'en' || languages.includes(key)) ? key : null;
}

/** Whether a content path's string is set in Noto Sans: text in English or any other non-Chinese language of the exhibit. */
export function latinPathOf(languages: readonly string[]): (path: string) => boolean {
  return (path) => {
    const l = pathLanguage(path, languages);
    return l !== null && !/^zh(?:-|$)/i.test(l);
  };
}

/**
 * Whether a content path's string is set in Noto Sans SC: every string of an exhibit with Chinese among its languages
 * (IAMM: Chinese paragraphs hold Latin words too); otherwise none of the texts in its languages (only shared strings).
 */
export function scPathOf(languages: readonly string[]): (path: string) => boolean {
  if (languages.some((l) => /^zh(?:-|$)/i.test(l))) return () => true;
  return (path) => pathLanguage(path, languages) === null;
}

/**
 * Which npm font package draws a character Noto Sans and Noto Sans SC cannot, for the build's message
 * (Noto Sans covers Latin, Greek and Cyrillic; Noto Sans SC, Chinese).
 */
export function fontPackageFor(char: string): string | null {
  const scripts: Array<[RegExp, string]> = [
    [/\p{Script=Arabic}/u, '@expo-google-fonts/noto-sans-arabic'],
    [/\p{Script=Hebrew}/u, '@expo-google-fonts/noto-sans-hebrew'],
    [/\p{Script=Hiragana}|\p{Script=Katakana}/u, '@expo-google-fonts/noto-sans-jp'],
    [/\p{Script=Hangul}/u, '@expo-google-fonts/noto-sans-kr'],
    [/\p{Script=Devanagari}/u, '@expo-google-fonts/noto-sans-devanagari'],
    [/\p{Script=Thai}/u, '@expo-google-fonts/noto-sans-thai'],
    [/\p{Script=Armenian}/u, '@expo-google-fonts/noto-sans-armenian'],
    [/\p{Script=Georgian}/u, '@expo-google-fonts/noto-sans-georgian'],
    [/\p{Script=Ethiopic}/u, '@expo-google-fonts/noto-sans-ethiopic'],
    [/\p{Script=Bengali}/u, '@expo-google-fonts/noto-sans-bengali'],
    [/\p{Script=Tamil}/u, '@expo-google-fonts/noto-sans-tamil'],
    [
      /\p{Script=Han}/u,
      "@expo-google-fonts/noto-sans-tc (traditional Chinese; or write the exhibit's language as zh to set it in Noto Sans SC)",
    ],
    [/\p{Extended_Pictographic}/u, '@expo-google-fonts/noto-emoji'],
    [/[\u2200-\u22ff\u2a00-\u2aff]/u, '@expo-google-fonts/noto-sans-math'],
  ];
  for (const [re, pkg] of scripts) if (re.test(char)) return pkg;
  return '@expo-google-fonts/noto-sans-symbols or @expo-google-fonts/noto-sans-symbols-2';
}

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
export function collectCharacters(exhibit: Exhibit, include: (path: string) => boolean = () => true): Set<string> {
  const chars = new Set<string>(Array.from(BASE_CHARACTERS));
  walkStrings(exhibit, (text, path) => {
    if (include(path)) for (const ch of text) chars.add(ch);
  });
  return chars;
}

/** Every character of every English string in the exhibit (`*.en`; or those `include` names), plus LATIN_BASE_CHARACTERS. */
export function collectEnglishCharacters(exhibit: Exhibit, include: (path: string) => boolean = isEnglishPath): Set<string> {
  const chars = new Set<string>(Array.from(LATIN_BASE_CHARACTERS));
  walkStrings(exhibit, (text, path) => {
    if (include(path)) for (const ch of text) chars.add(ch);
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
