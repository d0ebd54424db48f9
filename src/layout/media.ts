// Where a panel's 3D model stands (pure): in front of the band the panel keeps clear for it (src/layout/panel.ts),
// under the picture or video and above the text, so it never covers the panel's text; its largest side is
// MODEL_SIZE_M, and it stands MODEL_STANDOFF_M out from the panel's face, clear of it as it turns.
import type { CorridorLayout, PanelSlot, Vec3 } from './corridor.ts';
import { MODEL_SIZE_M, MODEL_STANDOFF_M } from './constants.ts';

export interface ModelPlace {
  key: string;
  /** The milestone's id (the model turns while the visitor is there). */
  id: string;
  /** The model's file (media/…). */
  file: string;
  /** Centre of the model's box: it is scaled to `size` and centred here. */
  centre: Vec3;
  /** It faces the way its panel does. */
  yaw: number;
  size: number;
}

export function modelPlace(slot: PanelSlot): ModelPlace | null {
  const band = slot.text.pictures.find((p) => p.kind === 'model');
  if (!band) return null;
  const x = band.x + band.width / 2;
  const y = slot.position[1] + slot.height / 2 + band.y - band.height / 2;
  const z = MODEL_STANDOFF_M;
  const c = Math.cos(slot.yaw);
  const s = Math.sin(slot.yaw);
  return {
    key: `${slot.id}.model`,
    id: slot.id,
    file: band.file,
    centre: [slot.position[0] + x * c + z * s, y, slot.position[2] - x * s + z * c],
    yaw: slot.yaw,
    size: Math.min(MODEL_SIZE_M, band.height),
  };
}

/** Every model of the corridor, where it stands. */
export function modelPlaces(layout: CorridorLayout): ModelPlace[] {
  return layout.slots.map(modelPlace).filter((p): p is ModelPlace => p !== null);
}
