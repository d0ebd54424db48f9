// The boxes a milestone panel is made of, and the two signs: per milestone a frame (lit when focused), a plate and an
// accent bar, turned to face the corridor. The corridor shell draws them with its own boxes (one draw call); the
// panels' pointer target uses the same boxes, in the same order, for its instances.
import { ACCENT_BAR_M, PANEL_FRAME_M as FRAME_M, PLATE_DEPTH_M } from './constants.ts';
import type { CorridorLayout, Sign, Vec3 } from './corridor.ts';
import type { Box } from './zones.ts';
import { THEME } from '../theme.ts';

/** Boxes per milestone: frame, plate, accent bar. */
export const PARTS_PER_PANEL = 3;

/** The boxes in order (milestone i's frame is box i × PARTS_PER_PANEL), every frame unlit: focus lights one. */
export function panelBoxes(layout: CorridorLayout): Box[] {
  const boxes: Box[] = [];
  const flat = (centre: Vec3, size: Vec3, yaw: number, colour: string): Box => ({ centre, size, yaw, low: colour, high: colour });
  for (const s of layout.slots) {
    const c = Math.cos(s.yaw);
    const sn = Math.sin(s.yaw);
    // A point `d` metres behind the plate's face, along its normal.
    const behind = (d: number): Vec3 => [s.position[0] + d * sn, s.position[1], s.position[2] + d * c];
    boxes.push(flat(behind(-PLATE_DEPTH_M * 0.6), [s.width + 2 * FRAME_M, s.height + 2 * FRAME_M, PLATE_DEPTH_M * 0.5], s.yaw, THEME.wall));
    boxes.push(flat(s.position, [s.width, s.height, PLATE_DEPTH_M], s.yaw, THEME.panel));
    const barY = s.position[1] + s.height / 2 - ACCENT_BAR_M / 2;
    boxes.push(
      flat([s.position[0] + 0.002 * sn, barY, s.position[2] + 0.002 * c], [s.width, ACCENT_BAR_M, PLATE_DEPTH_M], s.yaw, s.accent),
    );
  }
  const sign = (g: Sign): Box => flat(g.position, [g.width, g.height, PLATE_DEPTH_M], g.yaw, THEME.panel);
  boxes.push(sign(layout.banner), sign(layout.closing));
  return boxes;
}

/** The box of the focused milestone's frame, or null when the focus is on no milestone. */
export function frameBox(layout: CorridorLayout, focusedId: string | null): number | null {
  const slot = layout.slots.findIndex((s) => s.id === focusedId);
  return slot < 0 ? null : slot * PARTS_PER_PANEL;
}
