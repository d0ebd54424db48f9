// Which panel a pointer ray hits, without testing every panel: the panels' front faces as rectangles, bucketed by z
// along the corridor. A ray is clipped to the box around all panels, then only the buckets it crosses are visited,
// nearest first, and the walk stops once a bucket starts beyond the nearest hit. Controller rays, hand rays and the
// mouse ask this every frame; without it each asked every part of every panel (three instances per milestone).
import type { Vec3 } from './corridor.ts';
import { PANEL_FRAME_M, PANEL_HIT_CELL_M, PLATE_DEPTH_M } from './constants.ts';

type MutableVec3 = [number, number, number];

/** How far the bounding boxes reach beyond the faces they hold (metres). */
const BOX_PAD_M = 1e-4;

/** What a panel rectangle needs from a corridor slot. */
export interface PanelFace {
  /** Centre of the panel's face. */
  position: Vec3;
  /** Yaw of the panel's front. */
  yaw: number;
  width: number;
  height: number;
}

interface Rect {
  index: number;
  /** Centre of the front face (the plate's front, PLATE_DEPTH_M / 2 before the slot's face centre). */
  c: Vec3;
  /** Front normal and the face's right-hand direction (both horizontal). */
  n: Vec3;
  r: Vec3;
  halfW: number;
  halfH: number;
}

export interface PanelHitIndex {
  /** Rectangles per z bucket, bucket k covering [z0 + k·cell, z0 + (k+1)·cell), with the box around them. */
  readonly cells: readonly { readonly rects: readonly Rect[]; readonly min: Vec3; readonly max: Vec3 }[];
  readonly z0: number;
  readonly cell: number;
  /** The box around every rectangle. */
  readonly min: Vec3;
  readonly max: Vec3;
}

export interface PanelHit {
  /** The slot's index in the list given to panelHitIndex. */
  index: number;
  /** Distance along the (unit) ray. */
  distance: number;
  point: Vec3;
}

export function panelHitIndex(faces: readonly PanelFace[], cell = PANEL_HIT_CELL_M): PanelHitIndex {
  const rects: Rect[] = faces.map((f, index) => {
    const n: Vec3 = [Math.sin(f.yaw), 0, Math.cos(f.yaw)];
    const d = PLATE_DEPTH_M / 2;
    return {
      index,
      c: [f.position[0] + d * n[0], f.position[1], f.position[2] + d * n[2]],
      n,
      r: [Math.cos(f.yaw), 0, -Math.sin(f.yaw)],
      halfW: f.width / 2 + PANEL_FRAME_M,
      halfH: f.height / 2 + PANEL_FRAME_M,
    };
  });
  const min: MutableVec3 = [Infinity, Infinity, Infinity];
  const max: MutableVec3 = [-Infinity, -Infinity, -Infinity];
  // Padded by BOX_PAD_M: a panel on a wall is flat in x, and a ray's hit on it lies exactly on the box's face, where
  // rounding would otherwise put it just outside.
  const extent = (rc: Rect): { lo: Vec3; hi: Vec3 } => {
    const ex = Math.abs(rc.r[0]) * rc.halfW + BOX_PAD_M;
    const ey = rc.halfH + BOX_PAD_M;
    const ez = Math.abs(rc.r[2]) * rc.halfW + BOX_PAD_M;
    return { lo: [rc.c[0] - ex, rc.c[1] - ey, rc.c[2] - ez], hi: [rc.c[0] + ex, rc.c[1] + ey, rc.c[2] + ez] };
  };
  for (const rc of rects) {
    const { lo, hi } = extent(rc);
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, lo[a]!);
      max[a] = Math.max(max[a]!, hi[a]!);
    }
  }
  if (rects.length === 0) return { cells: [], z0: 0, cell, min: [0, 0, 0], max: [0, 0, 0] };
  const count = Math.max(1, Math.ceil((max[2] - min[2]) / cell));
  const cells = Array.from({ length: count }, () => ({
    rects: [] as Rect[],
    min: [Infinity, Infinity, Infinity] as MutableVec3,
    max: [-Infinity, -Infinity, -Infinity] as MutableVec3,
  }));
  const bucket = (z: number): number => Math.min(count - 1, Math.max(0, Math.floor((z - min[2]) / cell)));
  for (const rc of rects) {
    const { lo, hi } = extent(rc);
    for (let k = bucket(lo[2]); k <= bucket(hi[2]); k++) {
      const c = cells[k]!;
      c.rects.push(rc);
      for (let a = 0; a < 3; a++) {
        c.min[a] = Math.min(c.min[a]!, lo[a]!);
        c.max[a] = Math.max(c.max[a]!, hi[a]!);
      }
    }
  }
  return { cells, z0: min[2], cell, min, max };
}

/** Where clipToBox leaves the interval it found (one ray at a time: a hit test allocates nothing on its way). */
const span = new Float64Array(2);

/** Whether the ray meets the box [min, max] between near and far (slab test); the interval it is inside is left in `span`. */
function clipToBox(o: Vec3, d: Vec3, min: Vec3, max: Vec3, near: number, far: number): boolean {
  let t0 = near;
  let t1 = far;
  for (let a = 0; a < 3; a++) {
    const oa = o[a]!;
    const da = d[a]!;
    if (Math.abs(da) < 1e-12) {
      if (oa < min[a]! || oa > max[a]!) return false;
      continue;
    }
    const ta = (min[a]! - oa) / da;
    const tb = (max[a]! - oa) / da;
    t0 = Math.max(t0, Math.min(ta, tb));
    t1 = Math.min(t1, Math.max(ta, tb));
    if (t0 > t1) return false;
  }
  span[0] = t0;
  span[1] = t1;
  return true;
}

const NO_OPTIONS = {};

/** The z bucket of `index` holding z (clamped to the buckets there are). */
function bucketOf(index: PanelHitIndex, z: number): number {
  return Math.min(index.cells.length - 1, Math.max(0, Math.floor((z - index.z0) / index.cell)));
}

function hitRect(rc: Rect, o: Vec3, d: Vec3, near: number, far: number, frontOnly: boolean): number | null {
  const denom = d[0] * rc.n[0] + d[1] * rc.n[1] + d[2] * rc.n[2];
  if (Math.abs(denom) < 1e-9 || (frontOnly && denom > 0)) return null;
  const t = ((rc.c[0] - o[0]) * rc.n[0] + (rc.c[1] - o[1]) * rc.n[1] + (rc.c[2] - o[2]) * rc.n[2]) / denom;
  if (t < near || t > far) return null;
  const px = o[0] + d[0] * t - rc.c[0];
  const py = o[1] + d[1] * t - rc.c[1];
  const pz = o[2] + d[2] * t - rc.c[2];
  if (Math.abs(px * rc.r[0] + pz * rc.r[2]) > rc.halfW || Math.abs(py) > rc.halfH) return null;
  return t;
}

/**
 * The nearest panel face a ray from `origin` along the unit vector `dir` meets between `near` and `far`, or null.
 * Both sides of a face count, as a box's faces do for three's raycaster; with `options.frontOnly`, only a ray that
 * meets a face from the front (a guide pointing at a line).
 */
export function hitPanel(
  index: PanelHitIndex,
  origin: Vec3,
  dir: Vec3,
  near = 0,
  far = Infinity,
  options: {
    /** Counts the rectangles tested (the unit test checks it does not grow with the milestones). */
    stats?: { tested: number };
    frontOnly?: boolean;
  } = NO_OPTIONS,
): PanelHit | null {
  const { stats, frontOnly = false } = options;
  if (index.cells.length === 0 || !clipToBox(origin, dir, index.min, index.max, near, far)) return null;
  const t0 = span[0]!;
  const t1 = span[1]!;
  const kFirst = bucketOf(index, origin[2] + dir[2] * t0);
  const kLast = bucketOf(index, origin[2] + dir[2] * t1);
  const step = kLast >= kFirst ? 1 : -1;
  let best: Rect | null = null;
  let bestT = t1;
  for (let c = kFirst; ; c += step) {
    // Where the ray enters this bucket: once that is beyond the nearest hit, no later bucket holds a nearer one.
    if (best && c !== kFirst && Math.abs(dir[2]) > 1e-12) {
      const edge = index.z0 + (step > 0 ? c : c + 1) * index.cell;
      if ((edge - origin[2]) / dir[2] > bestT) break;
    }
    const cell = index.cells[c]!;
    // A ray down the middle of the corridor crosses every bucket and meets none of their panels: skip them whole.
    if (cell.rects.length > 0 && clipToBox(origin, dir, cell.min, cell.max, t0, bestT)) {
      for (const rc of cell.rects) {
        if (stats) stats.tested++;
        const t = hitRect(rc, origin, dir, t0, bestT, frontOnly);
        if (t !== null && (!best || t < bestT)) {
          best = rc;
          bestT = t;
        }
      }
    }
    if (c === kLast) break;
  }
  if (!best) return null;
  const t = bestT;
  return { index: best.index, distance: t, point: [origin[0] + dir[0] * t, origin[1] + dir[1] * t, origin[2] + dir[2] * t] };
}
