// Which characters each font face draws in the corridor, so the build can check that each face's
// subset has a glyph for them (build/exhibit.ts). Pure: no DOM, no three.
import type { Exhibit } from '../content/schema.ts';
import { LANGUAGES } from '../content/languages.ts';
import { FACES, type Face } from '../text/faces.ts';
import type { FontMetrics } from '../text/metrics.ts';
import { corridorLayout, type CorridorLayout } from './corridor.ts';
import type { Tour } from '../content/tours.ts';
import { BOARD_ENTRANCE_WIDTH_M } from './constants.ts';
import { CAPTION_SIZES, captionBoardLayout, HINT_KEYS, wristMenuLayout, type MenuExtras } from './menu.ts';
import type { Fonts } from './panel.ts';

/** Every run of text the corridor draws, with its face: panel blocks, the two signs, the floor and wall labels (as src/scene/Texts.tsx draws them). */
export function layoutRuns(layout: CorridorLayout): Array<{ key: string; text: string; face: Face }> {
  return [
    ...layout.slots.flatMap((s) => s.text.blocks),
    ...layout.banner.blocks,
    ...layout.closing.blocks,
    ...layout.floorLabels,
    ...layout.wallLabels,
  ].map(({ key, text, face }) => ({ key, text, face }));
}

/** Metrics without any advance: every character one em wide. Enough to find out what is drawn. */
const PLACEHOLDER: FontMetrics = { unitsPerEm: 1000, ascender: 880, descender: -120, lineGap: 0, advances: {}, fallbackAdvance: 1000 };

/**
 * The characters (code points, whitespace included) each face draws in the corridor and the VR interface (wrist menu, caption board), over every
 * language choice. Which text goes to which face does not depend on the widths of the characters
 * (only where lines break does), so this lays the corridor out with placeholder metrics; the build
 * uses it before the real metrics exist.
 */
export function drawnCharacters(exhibit: Exhibit, tours: readonly Tour[] = []): Record<Face, Set<string>> {
  const fonts = Object.fromEntries(FACES.map((face) => [face, PLACEHOLDER])) as Fonts;
  const out = Object.fromEntries(FACES.map((face) => [face, new Set<string>()])) as Record<Face, Set<string>>;
  for (const language of LANGUAGES) {
    // The wrist menu and the caption board as they can look: idle, and during each tour at each stop (progress
    // "Stop n / N", caption, led), with a guide's countdown of any single digit and every caption size.
    const menus = [wristMenuLayout(exhibit, language, fonts, { canTour: tours.length > 0 })];
    const boards = [captionBoardLayout(exhibit, language, HINT_KEYS, fonts, BOARD_ENTRANCE_WIDTH_M)];
    const both = (extras: MenuExtras): void => {
      menus.push(wristMenuLayout(exhibit, language, fonts, extras));
      boards.push(captionBoardLayout(exhibit, language, [], fonts, BOARD_ENTRANCE_WIDTH_M, extras));
    };
    for (let digit = 0; digit <= 9; digit++) both({ countdown: digit });
    // A live guide's hold and the booth-screen sharing notice.
    both({ held: true, sharing: true, canShare: true });
    for (const tour of tours) {
      tour.stops.forEach((stop, stopIndex) => {
        for (const captionSize of CAPTION_SIZES) {
          const shown = {
            status: 'playing' as const,
            stopIndex,
            stopCount: tour.stops.length,
            caption: stop.caption,
            led: stopIndex % 2 === 0,
          };
          both({ canTour: true, tour: shown, captionSize });
          both({ tour: { ...shown, status: 'paused', led: !shown.led } });
        }
      });
    }
    const runs = [
      ...layoutRuns(corridorLayout(exhibit, language, fonts)),
      // A touch screen's entrance hint.
      ...layoutRuns(corridorLayout(exhibit, language, fonts, { touch: true })),
      ...menus.flatMap((m) => m.blocks),
      ...boards.flatMap((b) => b?.blocks ?? []),
    ];
    for (const { text, face } of runs) {
      for (const ch of text) if (ch !== '\n') out[face].add(ch);
    }
  }
  return out;
}
