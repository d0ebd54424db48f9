// Which of a long corridor's words are worth drawing from where the visitor stands (pure).
//
// Past the fog's far distance (FOG_FAR_M) everything is drawn in the background colour, and a body line there is under
// two pixels high on a headset. Drawing it anyway is most of an XR frame in a corridor of 200 milestones: the GPU
// shades every glyph of every panel, for each eye. So a corridor longer than two reaches splits its words into
// stretches of one reach each, one text batch per stretch, and draws only the stretches within reach of the eyes: at
// most three, wherever the visitor stands. A stretch's members never change as the visitor walks (a batch repacks all
// its members on any change): walking only shows and hides whole batches.
//
// A corridor no longer than two reaches (IAMM's is about 52 m) stays one stretch: one batch, drawn from everywhere,
// exactly as before.
import { FOG_FAR_M } from './constants.ts';
import type { CorridorLayout } from './corridor.ts';

/** Text further along the corridor than this from the eyes is not drawn (metres). */
export const TEXT_REACH_M = FOG_FAR_M;

/** How a corridor's words are split into stretches along z. */
export interface TextStretches {
  /** How many stretches (1: the corridor is short enough to draw whole). */
  count: number;
  /** Length of a stretch along the corridor, metres (the whole corridor when count is 1). */
  length: number;
  /** The z where stretch 0 begins (the corridor's mouth); stretch i spans [mouth − (i+1)·length, mouth − i·length]. */
  mouth: number;
}

/** The stretches of a corridor (pure). */
export function textStretches(layout: Pick<CorridorLayout, 'zBack' | 'zFront'>, reach = TEXT_REACH_M): TextStretches {
  const mouth = Math.max(layout.zBack, layout.zFront);
  const span = Math.abs(layout.zBack - layout.zFront);
  if (!(reach > 0) || span <= 2 * reach) return { count: 1, length: Math.max(span, reach), mouth };
  return { count: Math.ceil(span / reach), length: reach, mouth };
}

/** The stretch a word at `z` belongs to; words beyond either end of the corridor go to the nearest stretch. */
export function stretchOf(s: TextStretches, z: number): number {
  if (s.count === 1) return 0;
  const i = Math.floor((s.mouth - z) / s.length);
  return Math.min(s.count - 1, Math.max(0, i));
}

/**
 * Whether stretch `index` has any part within `reach` of eyes at `z`. The first and last stretches reach beyond the
 * corridor's ends (stretchOf puts stray words there), so they are open towards them.
 */
export function stretchInReach(s: TextStretches, index: number, z: number, reach = TEXT_REACH_M): boolean {
  if (s.count === 1) return true;
  const near = index === 0 ? Number.POSITIVE_INFINITY : s.mouth - index * s.length;
  const far = index === s.count - 1 ? Number.NEGATIVE_INFINITY : s.mouth - (index + 1) * s.length;
  const gap = z > near ? z - near : z < far ? far - z : 0;
  return gap <= reach;
}

/**
 * Splits a list of words into stretches by their z, keeping their order (pure). `previous`: the split of a list this
 * one extends (a later step of the text's build); a stretch that gained nothing is handed back as the same array,
 * so its batch sees no change.
 */
export function splitIntoStretches<T extends { position: readonly [number, number, number] }>(
  s: TextStretches,
  items: readonly T[],
  previous?: readonly (readonly T[])[],
): (readonly T[])[] {
  const out: T[][] = Array.from({ length: s.count }, () => []);
  for (const item of items) out[stretchOf(s, item.position[2])]!.push(item);
  return out.map((stretch, i) => {
    const before = previous?.[i];
    return before && before.length === stretch.length && before.every((t, k) => t === stretch[k]) ? before : stretch;
  });
}
