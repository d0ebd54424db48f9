// The operator and team pages' own Chinese characters (their interface words that nothing else has) are in two
// extra Noto Sans SC subsets (build/exhibit.ts), so a visitor's first frame does not wait for them. Only those
// pages call this: it adds both to the "IAMM SC" family, each limited by unicode-range to its own characters, so
// the browser takes them from these subsets and every other character from the main ones.
import { pageFonts } from 'virtual:exhibit';
import { FACE_INFO } from '../text/faces.ts';

/** A CSS unicode-range for a set of characters: "U+4F4D, U+64CD, …". */
export function unicodeRange(chars: string): string {
  return [...new Set(chars)].map((ch) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}`).join(', ');
}

export function addPageFonts(): void {
  if (!pageFonts) return;
  const range = unicodeRange(pageFonts.chars);
  for (const f of ['scRegular', 'scBold'] as const) {
    try {
      const face = new FontFace('IAMM SC', `url("${pageFonts[f]}") format("woff")`, {
        weight: String(FACE_INFO[f].cssWeight),
        display: 'swap',
        unicodeRange: range,
      });
      document.fonts.add(face);
      void face.load().catch(() => undefined);
    } catch (err) {
      console.warn('The operator / team pages’ font could not be added; the system font is used for their own words.', err);
    }
  }
}
