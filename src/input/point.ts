// A live guide pointing at a line of a panel for everyone: which element a press names, from a click's hit point (the
// desktop's Alt+click or point mode) or from the right controller's ray (VR: a grip press), and what a grip press does
// with it. Pure: no three, no DOM (it runs in the XR frame loop, on a press only).
import type { PanelSlot, Vec3 } from '../layout/corridor.ts';
import { elementAt, panelLocal } from '../layout/elements.ts';
import { hitPanel, panelHitIndex, type PanelHitIndex } from '../layout/panelHits.ts';
import type { XYZ } from './wristMenu.ts';

type Slot = Pick<PanelSlot, 'id' | 'position' | 'yaw' | 'width' | 'height' | 'text'>;

/** The element (src/layout/elements.ts id) under a world point on a panel's face, or null (the years, the heading, a margin). */
export function elementAtPoint(slot: Slot, point: Vec3): string | null {
  const local = panelLocal(slot, point);
  return elementAt(slot.text, slot.id, local.x, local.y);
}

const indexes = new WeakMap<readonly Slot[], PanelHitIndex>();

/**
 * The element a ray names: on the nearest panel face the ray meets from the front (the pointer's own hit test,
 * src/layout/panelHits.ts), the element under that point (null: the ray meets no panel, or a part of one that names no
 * line: the years, a margin, the frame). `dir` need not be of unit length.
 */
export function elementOnRay(slots: readonly Slot[], origin: XYZ, dir: XYZ): string | null {
  let index = indexes.get(slots);
  if (!index) indexes.set(slots, (index = panelHitIndex(slots)));
  const n = Math.hypot(dir.x, dir.y, dir.z) || 1;
  const hit = hitPanel(index, [origin.x, origin.y, origin.z], [dir.x / n, dir.y / n, dir.z / n], 0, Infinity, { frontOnly: true });
  const slot = hit && slots[hit.index];
  return slot ? elementAtPoint(slot, hit.point) : null;
}

/**
 * What a grip press points at, given what is highlighted now and the element its ray names: that element, or nothing
 * (clear) when the ray names nothing or the element already highlighted. A press is a toggle.
 */
export const gripTarget = (current: string | null, hit: string | null): string | null => (hit === current ? null : hit);

/** The XR origin in the world (src/scene/XRRig.tsx places it): where it stands and its turn about +y. */
export interface OriginPose {
  x: number;
  y: number;
  z: number;
  yaw: number;
}

/**
 * A target-ray pose (a column-major 4×4 matrix in the origin's reference space, as XRRigidTransform.matrix) as a ray
 * in the world: its start into `outOrigin`, its unit direction (the pose's -z) into `outDir`.
 */
export function rayInWorld(matrix: ArrayLike<number>, origin: OriginPose, outOrigin: XYZ, outDir: XYZ): void {
  const c = Math.cos(origin.yaw);
  const s = Math.sin(origin.yaw);
  const px = matrix[12] ?? 0;
  const py = matrix[13] ?? 0;
  const pz = matrix[14] ?? 0;
  const fx = -(matrix[8] ?? 0);
  const fy = -(matrix[9] ?? 0);
  const fz = -(matrix[10] ?? 1);
  outOrigin.x = origin.x + px * c + pz * s;
  outOrigin.y = origin.y + py;
  outOrigin.z = origin.z - px * s + pz * c;
  const n = Math.hypot(fx, fy, fz) || 1;
  outDir.x = (fx * c + fz * s) / n;
  outDir.y = fy / n;
  outDir.z = (-fx * s + fz * c) / n;
}
