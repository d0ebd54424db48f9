// Horizontal font metrics for measuring text without a renderer (pure: no DOM, no three).
//
// The numbers come from the subset fonts built at build time (build/fonts.ts) and reach
// the app through `virtual:exhibit` (`metrics[face]`, one per face of src/text/faces.ts). The subsets carry no
// GPOS/GSUB (no kerning, no ligatures), so troika-three-text lays a line out as exactly the sum
// of these advances: `measure` agrees with what is drawn.

export interface FontMetrics {
  /** Font units per em (1000 for Noto Sans SC and Noto Sans). */
  unitsPerEm: number;
  /** Ascender in font units, as troika uses it (OS/2 sTypoAscender, else hhea). */
  ascender: number;
  /** Descender in font units, negative (OS/2 sTypoDescender, else hhea). */
  descender: number;
  /** Line gap in font units (OS/2 sTypoLineGap, else hhea). */
  lineGap: number;
  /** Advance width of every character in the subset, in font units, keyed by the character (one code point). */
  advances: Record<string, number>;
  /** Advance assumed for a character that is not in `advances` (font units; a full em, so never too narrow for CJK). */
  fallbackAdvance: number;
}

/**
 * The same metrics without the advances equal to `fallbackAdvance` (for Noto Sans SC most of them: a full em):
 * what the build ships to the page. advanceOf and the line breaker give every character the same advance from both.
 */
export function shippedMetrics(metrics: FontMetrics): FontMetrics {
  const advances = Object.fromEntries(Object.entries(metrics.advances).filter(([, a]) => a !== metrics.fallbackAdvance));
  return { ...metrics, advances };
}

/** Advance of one character (a single code point) in font units. */
export function advanceOf(char: string, metrics: FontMetrics): number {
  if (char === '\n' || char === '\r') return 0;
  return metrics.advances[char] ?? metrics.fallbackAdvance;
}

/** Sum of the advances of `text` in font units (a single line; newlines count as zero). */
export function measureUnits(text: string, metrics: FontMetrics): number {
  let units = 0;
  for (const ch of text) units += advanceOf(ch, metrics);
  return units;
}

/**
 * Width of `text` drawn at `fontSize`, in the unit of `fontSize` (metres if fontSize is in metres).
 * For text with newlines, the width of its widest line.
 */
export function measure(text: string, fontSize: number, metrics: FontMetrics): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, measureUnits(line, metrics));
  return (widest * fontSize) / metrics.unitsPerEm;
}

/** Default line height troika uses ('normal'): (ascender - descender + lineGap) / unitsPerEm, in ems. */
export function normalLineHeight(metrics: FontMetrics): number {
  return (metrics.ascender - metrics.descender + metrics.lineGap) / metrics.unitsPerEm;
}
