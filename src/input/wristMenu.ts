// When the wrist menu shows: the left palm turned towards the eyes while the visitor looks at it (as the Quest's own
// hand menu), or pinned open with the left controller's menu button (Y). Pure, no allocation: called every XR frame.
import {
  WRIST_CLOSE_GAZE_DEG,
  WRIST_CLOSE_PALM_DEG,
  WRIST_OPEN_GAZE_DEG,
  WRIST_OPEN_PALM_DEG,
  WRIST_REACH_M,
} from '../layout/constants.ts';

export interface XYZ {
  x: number;
  y: number;
  z: number;
}

/** Mutable, per session: whether the palm gesture holds the menu open, and whether the menu button pinned it. */
export interface WristMenuState {
  byPalm: boolean;
  pinned: boolean;
}

export const createWristMenuState = (): WristMenuState => ({ byPalm: false, pinned: false });

const cosDeg = (d: number): number => Math.cos((d * Math.PI) / 180);

/**
 * Updates `state.byPalm` from the palm (its centre and the unit normal out of it), the head and the head's unit
 * forward, all in one space. Returns whether the menu shows.
 */
export function updateWristMenu(state: WristMenuState, palm: XYZ | null, normal: XYZ | null, head: XYZ, forward: XYZ): boolean {
  if (!palm || !normal) {
    state.byPalm = false;
    return state.pinned;
  }
  const dx = head.x - palm.x;
  const dy = head.y - palm.y;
  const dz = head.z - palm.z;
  const d = Math.hypot(dx, dy, dz);
  if (d === 0 || d > WRIST_REACH_M) {
    state.byPalm = false;
    return state.pinned;
  }
  // The palm towards the eyes, and the eyes towards the palm.
  const facing = (normal.x * dx + normal.y * dy + normal.z * dz) / d;
  const looking = -(forward.x * dx + forward.y * dy + forward.z * dz) / d;
  state.byPalm = state.byPalm
    ? facing >= cosDeg(WRIST_CLOSE_PALM_DEG) && looking >= cosDeg(WRIST_CLOSE_GAZE_DEG)
    : facing >= cosDeg(WRIST_OPEN_PALM_DEG) && looking >= cosDeg(WRIST_OPEN_GAZE_DEG);
  return state.byPalm || state.pinned;
}
