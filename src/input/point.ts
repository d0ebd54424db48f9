// A live guide pointing at a line of a panel for everyone: which element a press names, from a click's hit point (the
// desktop's Alt+click or point mode) or from the right controller's ray (VR: a grip press), and what a grip press does
// with it. Pure: no three, no DOM, no allocation on the ray's way (it runs in the XR frame loop on a press).
import { PLATE_DEPTH_M } from '../layout/constants.ts';
import type { PanelSlot, Vec3 } from '../layout/corridor.ts';
import { elementAt, panelLocal } from '../layout/elements.ts';
import type { XYZ } from './wristMenu.ts';

type Slot = Pick<PanelSlot, 'id' | 'position' | 'yaw' | 'width' | 'height' | 'text'>;

/** The element (src/layout/elements.ts id) under a world point on a panel's face, or null (the years, the heading, a margin). */
export function elementAtPoint(slot: Slot, point: Vec3): string | null {
  const local = panelLocal(slot, point);
  return elementAt(slot.text, slot.id, local.x, local.y);
}

/**
 * The element a ray names: on the nearest panel face the ray meets from the front, inside the panel, the element under
 * that point (null: the ray meets no panel, or a part of one that names no line). `dir` need not be of unit length.
 */
export function elementOnRay(slots: readonly Slot[], origin: XYZ, dir: XYZ): string | null {
  let best: Slot | null = null;
  let bestT = Infinity;
  let bestX = 0;
  let bestY = 0;
  const face = PLATE_DEPTH_M / 2;
  for (const slot of slots) {
    const c = Math.cos(slot.yaw);
    const s = Math.sin(slot.yaw);
    // Into the panel's frame (x right of centre, z out of the face): the inverse of panelWorld's turn.
    const ox = origin.x - slot.position[0];
    const oz = origin.z - slot.position[2];
    const lz = ox * s + oz * c;
    const dz = dir.x * s + dir.z * c;
    // From in front of the face, towards it.
    if (lz <= face || dz >= 0) continue;
    const t = (face - lz) / dz;
    if (t >= bestT) continue;
    const x = ox * c - oz * s + t * (dir.x * c - dir.z * s);
    const y = origin.y + t * dir.y - slot.position[1] - slot.height / 2;
    if (Math.abs(x) > slot.width / 2 || y > 0 || y < -slot.height) continue;
    best = slot;
    bestT = t;
    bestX = x;
    bestY = y;
  }
  return best ? elementAt(best.text, best.id, bestX, bestY) : null;
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
