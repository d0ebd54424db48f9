// Which characters each font face draws in the corridor, so the build can check that each face's
// subset has a glyph for them (vite-plugins/exhibit.ts). Pure: no DOM, no three.
import { LANGUAGES, type Exhibit } from '../content/schema.ts';
import { FACES, type Face } from '../text/faces.ts';
import type { FontMetrics } from '../text/metrics.ts';
import { corridorLayout, type CorridorLayout } from './corridor.ts';
import { HINT_KEYS, vrMenuLayout } from './menu.ts';
import type { Fonts } from './panel.ts';

/** Every run of text the corridor draws, with its face: panel blocks, the two signs, the floor labels (as src/scene/Texts.tsx draws them). */
export function layoutRuns(layout: CorridorLayout): Array<{ key: string; text: string; face: Face }> {
  return [
    ...layout.slots.flatMap((s) => s.text.blocks),
    ...layout.banner.blocks,
    ...layout.closing.blocks,
    ...layout.floorLabels,
  ].map(({ key, text, face }) => ({ key, text, face }));
}

/** Metrics without any advance: every character one em wide. Enough to find out what is drawn. */
const PLACEHOLDER: FontMetrics = { unitsPerEm: 1000, ascender: 880, descender: -120, lineGap: 0, advances: {}, fallbackAdvance: 1000 };

/**
 * The characters (code points, whitespace included) each face draws in the corridor and the VR menu, over every
 * language choice. Which text goes to which face does not depend on the widths of the characters
 * (only where lines break does), so this lays the corridor out with placeholder metrics; the build
 * uses it before the real metrics exist.
 */
export function drawnCharacters(exhibit: Exhibit): Record<Face, Set<string>> {
  const fonts = Object.fromEntries(FACES.map((face) => [face, PLACEHOLDER])) as Fonts;
  const out = Object.fromEntries(FACES.map((face) => [face, new Set<string>()])) as Record<Face, Set<string>>;
  for (const language of LANGUAGES) {
    const runs = [...layoutRuns(corridorLayout(exhibit, language, fonts)), ...vrMenuLayout(exhibit, language, HINT_KEYS, fonts).blocks];
    for (const { text, face } of runs) {
      for (const ch of text) if (ch !== '\n') out[face].add(ch);
    }
  }
  return out;
}
