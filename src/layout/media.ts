// Where a panel's 3D model stands (pure): on a plinth on the floor beside its panel, on the visitor's right, so it
// never covers the panel's text; the model's largest side is MODEL_SIZE_M, centred above the plinth.
import type { CorridorLayout, PanelSlot, Vec3 } from './corridor.ts';
import { MODEL_GAP_M, MODEL_SIZE_M, PLINTH_DEPTH_M, PLINTH_HEIGHT_M, PLINTH_WIDTH_M } from './constants.ts';

export interface ModelPlace {
  key: string;
  /** The milestone's id (the model turns while the visitor is there). */
  id: string;
  /** The model's file (media/…). */
  file: string;
  /** Centre of the plinth's footprint on the floor (y = 0). */
  plinth: Vec3;
  /** Centre of the model's box: it is scaled to MODEL_SIZE_M and centred here. */
  centre: Vec3;
  /** The plinth faces the way its panel does. */
  yaw: number;
  size: number;
  plinthSize: readonly [number, number, number];
}

/** A point `x` metres along the panel (to the visitor's right) and `z` out from its face, at height y. */
function beside(slot: PanelSlot, x: number, y: number, z: number): Vec3 {
  const c = Math.cos(slot.yaw);
  const s = Math.sin(slot.yaw);
  return [slot.position[0] + x * c + z * s, y, slot.position[2] - x * s + z * c];
}

export function modelPlace(slot: PanelSlot): ModelPlace | null {
  const file = slot.text.model;
  if (!file) return null;
  const x = slot.width / 2 + MODEL_GAP_M + PLINTH_WIDTH_M / 2;
  const z = PLINTH_DEPTH_M / 2;
  return {
    key: `${slot.id}.model`,
    id: slot.id,
    file,
    plinth: beside(slot, x, 0, z),
    centre: beside(slot, x, PLINTH_HEIGHT_M + MODEL_SIZE_M / 2, z),
    yaw: slot.yaw,
    size: MODEL_SIZE_M,
    plinthSize: [PLINTH_WIDTH_M, PLINTH_HEIGHT_M, PLINTH_DEPTH_M],
  };
}

/** Every model of the corridor, where it stands. */
export function modelPlaces(layout: CorridorLayout): ModelPlace[] {
  return layout.slots.map(modelPlace).filter((p): p is ModelPlace => p !== null);
}
