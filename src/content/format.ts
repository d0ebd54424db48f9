// How the seed writes things that the scene files store in parts. Pure.
import type { Text, Milestone } from './schema.ts';
import { DEFAULT_LANGUAGES } from './languages.ts';

/** A language tag of the exhibit's content: "zh", "en", "fr"… */
export type Lang = string;
/** IAMM's languages, in reading order. */
export const LANGS: readonly Lang[] = DEFAULT_LANGUAGES;

/** A text in `lang`; English, then the first language it has, when it has none in `lang` (never undefined). */
export function say(text: Text | undefined, lang: Lang): string {
  if (!text) return '';
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** Whether a language tag is Chinese (typeset with Noto Sans SC, Chinese punctuation and line breaking). */
export const isChinese = (lang: Lang): boolean => /^zh(?:-|$)/i.test(lang);

/** The era heading exactly as the seed writes it: "(1)2020—2021:…" in Chinese, "(1) 2020–2021: …" in English; an event's title. */
export function headingText(m: Milestone, lang: Lang): string {
  if (m.number === undefined) return say(m.title, lang);
  return isChinese(lang)
    ? `(${m.number})${say(m.label, lang)}:${say(m.title, lang)}`
    : `(${m.number}) ${say(m.label, lang)}: ${say(m.title, lang)}`;
}

/** The marker in front of list item `i` (0-based). */
export function itemMarker(m: Milestone, lang: Lang, i: number): string {
  return m.listStyle[lang] === 'number' ? `${i + 1}.` : '•';
}

/** A year, language-neutral: "2022", "−490" (BCE as a minus sign). */
export function yearText(y: number): string {
  return y < 0 ? `\u2212${-y}` : String(y);
}

/** Big, language-neutral years for the panel header and the floor: "2020–2021", "2022", "2026 →". */
export function yearsText(m: Pick<Milestone, 'start' | 'end'>): string {
  if (m.end === null) return `${yearText(m.start)} →`;
  if (m.end === m.start) return yearText(m.start);
  // A range with a BCE year gets spaces round its dash, so "−3300 – −1200" does not read as one number.
  return m.start < 0 || m.end < 0 ? `${yearText(m.start)} – ${yearText(m.end)}` : `${yearText(m.start)}–${yearText(m.end)}`;
}

/** Which of the exhibit's languages a language choice shows, in reading order. */
export function shownLangs(choice: string, languages: readonly Lang[] = LANGS): readonly Lang[] {
  return choice === 'both' ? languages : [choice];
}

/** Text in the chosen language(s), joined for one-line places such as the live region. */
export function pick(text: Text, choice: string, sep = ' / ', languages: readonly Lang[] = LANGS): string {
  let langs = choice === 'both' ? languages.filter((l) => text[l] !== undefined) : [choice];
  if (langs.length === 0) langs = Object.keys(text);
  return [...new Set(langs.map((l) => say(text, l)))].join(sep);
}

/** What a language switch shows for a choice, in the choice's own language ("中文", "English", "Français", "中文 + English"). */
export function languageLabel(
  exhibit: {
    languages?: readonly string[] | undefined;
    languageNames?: Record<string, string> | undefined;
    ui: { langZh: Text; langEn: Text; langBoth: Text };
  },
  choice: string,
): string {
  const languages = exhibit.languages ?? LANGS;
  const name = (tag: string): string =>
    tag === 'zh' ? say(exhibit.ui.langZh, 'zh') : tag === 'en' ? say(exhibit.ui.langEn, 'en') : (exhibit.languageNames?.[tag] ?? tag);
  if (choice !== 'both') return name(choice);
  const [a, b] = languages;
  if (a === 'zh' && b === 'en') return say(exhibit.ui.langBoth, 'zh');
  return `${name(a ?? '')} + ${name(b ?? '')}`;
}

/** The language a choice's label is written in: the choice itself, or the first language for 'both'. */
export function labelLanguage(choice: string, languages: readonly string[] = LANGS): string {
  return choice === 'both' ? (languages[0] ?? 'en') : choice;
}
