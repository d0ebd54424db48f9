// Desktop framing: where the camera stands, how it tilts and how wide it sees, so that the focused panel is
// whole on screen and clear of every page control (toolbar, dock, strip, notices), on any viewport. Pure.
//
// The camera looks straight at the panel (the panel's yaw), eyes at eye height, pitched so the panel sits in the
// middle of the free part of the screen; it stands as near as the panel still fits (bigger text), never beyond the
// far wall; only where even that is not enough (a narrow phone) does the field of view open up.
import { BASE_FOV_DEG, EYE_HEIGHT_M, FRAME_MARGIN_PX, MAX_FOV_DEG } from './constants.ts';
import type { FramingTarget, Vec3 } from './corridor.ts';

/** A rectangle on the page, CSS pixels. */
export interface ScreenRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Viewport {
  width: number;
  height: number;
}

export interface Framing {
  position: Vec3;
  yaw: number;
  pitch: number;
  /** Vertical field of view, degrees. */
  fovDeg: number;
  distance: number;
  /** CSS pixels per metre on the panel's face (at its centre). */
  pxPerMetre: number;
  /** The panel's smallest reading text on screen, CSS pixels (em size). */
  textPx: number;
  /** The panel is whole on screen and clear of the page's controls. */
  fits: boolean;
}

/**
 * The part of the viewport no page control covers: controls along the top push its top edge down, those along the
 * bottom push its bottom edge up (the page keeps its controls in bands at the top and bottom).
 */
export function freeArea(viewport: Viewport, controls: readonly ScreenRect[]): ScreenRect {
  let top = 0;
  let bottom = viewport.height;
  for (const r of controls) {
    if (r.right <= 0 || r.left >= viewport.width || r.bottom <= r.top || r.right <= r.left) continue;
    if ((r.top + r.bottom) / 2 < viewport.height / 2) top = Math.max(top, r.bottom);
    else bottom = Math.min(bottom, r.top);
  }
  if (bottom - top < viewport.height * 0.25) return { left: 0, top: 0, right: viewport.width, bottom: viewport.height };
  return { left: 0, top, right: viewport.width, bottom };
}

const DEG = Math.PI / 180;

/** Where a point at (lateral x, height above the eyes y, distance ahead d) lands on screen, for a camera pitched by `pitch`. */
function project(x: number, y: number, d: number, pitch: number, tanV: number, vp: Viewport): [number, number] {
  const c = Math.cos(pitch);
  const s = Math.sin(pitch);
  const ahead = d * c + y * s;
  const up = y * c - d * s;
  const ndcX = x / (ahead * tanV * (vp.width / vp.height));
  const ndcY = up / (ahead * tanV);
  return [((ndcX + 1) / 2) * vp.width, ((1 - ndcY) / 2) * vp.height];
}

interface Trial {
  pitch: number;
  fits: boolean;
}

/** At distance d and field of view fov: the pitch that centres the panel in the free area, and whether it fits there. */
function trial(t: FramingTarget, d: number, fovDeg: number, vp: Viewport, free: ScreenRect, eyeHeight: number): Trial {
  const tanV = Math.tan((fovDeg * DEG) / 2);
  const yTop = t.centre[1] + t.height / 2 - eyeHeight;
  const yBottom = t.centre[1] - t.height / 2 - eyeHeight;
  const mid = (free.top + free.bottom) / 2;
  // Pitching up moves everything down the screen: bisect for the pitch that puts the panel's middle at `mid`.
  let lo = -1.2;
  let hi = 1.2;
  for (let i = 0; i < 40; i++) {
    const p = (lo + hi) / 2;
    const centreY = (project(0, yTop, d, p, tanV, vp)[1] + project(0, yBottom, d, p, tanV, vp)[1]) / 2;
    if (centreY < mid) lo = p;
    else hi = p;
  }
  const pitch = (lo + hi) / 2;
  const m = FRAME_MARGIN_PX;
  let fits = true;
  for (const x of [-t.width / 2, t.width / 2]) {
    for (const y of [yTop, yBottom]) {
      const [sx, sy] = project(x, y, d, pitch, tanV, vp);
      if (!(sx >= free.left + m && sx <= free.right - m && sy >= free.top + m && sy <= free.bottom - m)) fits = false;
    }
  }
  return { pitch, fits };
}

/** The narrowest field of view (at least `baseFovDeg`) in which every target fits from its furthest standing spot. */
export function fieldOfView(
  targets: readonly FramingTarget[],
  vp: Viewport,
  free: ScreenRect,
  baseFovDeg = BASE_FOV_DEG,
  eyeHeight = EYE_HEIGHT_M,
): number {
  let fov = baseFovDeg;
  for (const t of targets) {
    if (trial(t, t.maxDistance, fov, vp, free, eyeHeight).fits) continue;
    let lo = fov;
    let hi = MAX_FOV_DEG;
    if (!trial(t, t.maxDistance, hi, vp, free, eyeHeight).fits) {
      fov = hi;
      continue;
    }
    for (let i = 0; i < 30; i++) {
      const f = (lo + hi) / 2;
      if (trial(t, t.maxDistance, f, vp, free, eyeHeight).fits) hi = f;
      else lo = f;
    }
    fov = hi;
  }
  return fov;
}

/** Frame one target with a given field of view: the nearest standing spot from which it fits. */
export function framePanel(t: FramingTarget, vp: Viewport, free: ScreenRect, fovDeg: number, eyeHeight = EYE_HEIGHT_M): Framing {
  let d = t.maxDistance;
  let best = trial(t, d, fovDeg, vp, free, eyeHeight);
  const near = trial(t, t.minDistance, fovDeg, vp, free, eyeHeight);
  if (near.fits) {
    d = t.minDistance;
    best = near;
  } else if (best.fits) {
    let lo = t.minDistance;
    let hi = t.maxDistance;
    for (let i = 0; i < 30; i++) {
      const mid = (lo + hi) / 2;
      const r = trial(t, mid, fovDeg, vp, free, eyeHeight);
      if (r.fits) {
        hi = mid;
        best = r;
      } else lo = mid;
    }
    d = hi;
    best = trial(t, d, fovDeg, vp, free, eyeHeight);
  }
  // The panel's normal: the way its front faces (a camera with the panel's yaw looks straight at it).
  const nx = Math.sin(t.yaw);
  const nz = Math.cos(t.yaw);
  const ahead = d * Math.cos(best.pitch) + (t.centre[1] - eyeHeight) * Math.sin(best.pitch);
  const pxPerMetre = vp.height / (2 * ahead * Math.tan((fovDeg * DEG) / 2));
  return {
    position: [t.centre[0] + nx * d, eyeHeight, t.centre[2] + nz * d],
    yaw: t.yaw,
    pitch: best.pitch,
    fovDeg,
    distance: d,
    pxPerMetre,
    textPx: t.textM * pxPerMetre,
    fits: best.fits,
  };
}
