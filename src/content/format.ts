// How the seed writes things that the scene files store in parts. Pure.
import type { Bilingual, Milestone } from './schema.ts';

export type Lang = keyof Bilingual;
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** The era heading exactly as the seed writes it: "(1)2020—2021:…" in Chinese, "(1) 2020–2021: …" in English. */
export function headingText(m: Milestone, lang: Lang): string {
  return lang === 'zh' ? `(${m.number})${m.label.zh}:${m.title.zh}` : `(${m.number}) ${m.label.en}: ${m.title.en}`;
}

/** The marker in front of list item `i` (0-based). */
export function itemMarker(m: Milestone, lang: Lang, i: number): string {
  return m.listStyle[lang] === 'number' ? `${i + 1}.` : '•';
}

/** Big, language-neutral years for the panel header and the floor: "2020–2021", "2022", "2026 →". */
export function yearsText(m: Milestone): string {
  if (m.end === null) return `${m.start} →`;
  return m.end === m.start ? String(m.start) : `${m.start}–${m.end}`;
}

/** Which of zh / en a language choice shows, in reading order. */
export function shownLangs(choice: 'zh' | 'en' | 'both'): readonly Lang[] {
  return choice === 'both' ? LANGS : [choice];
}

/** Text in the chosen language(s), joined for one-line places such as the live region. */
export function pick(text: Bilingual, choice: 'zh' | 'en' | 'both', sep = ' / '): string {
  return shownLangs(choice)
    .map((l) => text[l])
    .join(sep);
}
