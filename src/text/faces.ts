// The four font faces the exhibit draws with, and which one a run of text uses. Pure: no node, no DOM.
//
// Chinese runs (and mixed paragraphs written in Chinese) use Noto Sans SC; English runs and
// language-neutral runs (years, list markers "•" and "1.") use Noto Sans. Noto Sans SC's curly
// quotes and apostrophe are full-width, so English set in it reads "IAMM’ s" with gaps; Noto Sans
// has proportional ones (and better Latin overall).
//
// The subsets are built at build time (build/fonts.ts) and reach the app through
// `virtual:exhibit` as `fonts: Record<Face, string>` and `metrics: Record<Face, FontMetrics>`.

export const FACES = ['scRegular', 'scBold', 'latinRegular', 'latinBold'] as const;
export type Face = (typeof FACES)[number];

export type FontWeight = 'regular' | 'bold';
/** BCP 47 tag of a run of text ('zh-Hans', 'en', 'fr'…); '' for language-neutral text (numbers, list markers). */
export type TextLang = string;

export interface FaceInfo {
  /** 'sc': Noto Sans SC; 'latin': Noto Sans. */
  script: 'sc' | 'latin';
  weight: FontWeight;
  /** CSS font-weight. */
  cssWeight: 400 | 700;
  /** Name of the source font, for messages. */
  fontName: string;
  /** Stem of the emitted asset's file name. */
  file: string;
}

export const FACE_INFO: Record<Face, FaceInfo> = {
  scRegular: { script: 'sc', weight: 'regular', cssWeight: 400, fontName: 'Noto Sans SC Regular', file: 'iamm-sc-regular' },
  scBold: { script: 'sc', weight: 'bold', cssWeight: 700, fontName: 'Noto Sans SC Bold', file: 'iamm-sc-bold' },
  latinRegular: { script: 'latin', weight: 'regular', cssWeight: 400, fontName: 'Noto Sans Regular', file: 'iamm-latin-regular' },
  latinBold: { script: 'latin', weight: 'bold', cssWeight: 700, fontName: 'Noto Sans Bold', file: 'iamm-latin-bold' },
};

/** The face of a run: Chinese -> Noto Sans SC; any other language (Latin, Greek, Cyrillic) and language-neutral -> Noto Sans. */
export function faceFor(lang: TextLang, weight: FontWeight): Face {
  if (/^zh(?:-|$)/i.test(lang)) return weight === 'bold' ? 'scBold' : 'scRegular';
  return weight === 'bold' ? 'latinBold' : 'latinRegular';
}

/** The Noto Sans SC face of the same weight as a Latin face. */
export function scFaceOf(face: Face): Face {
  return FACE_INFO[face].weight === 'bold' ? 'scBold' : 'scRegular';
}

/**
 * Characters Noto Sans has no glyph for that the Latin faces may still draw: the build copies their
 * glyphs (and advances) from Noto Sans SC of the same weight into the Latin subsets. "→" is in the
 * years of an open-ended era ("2026 →") and in the English closing line. Any other character an
 * English or neutral run needs and Noto Sans lacks fails the build (replace it, or add it here).
 */
export const LATIN_FROM_SC = '→';
