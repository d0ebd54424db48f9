// How the visitor's viewpoint moves: walking, looking, and the eased glide to a standing spot. Pure,
// mutated in place once per frame (no allocation in the frame loop); the desktop camera and, in VR,
// the XR origin are placed from it.
import { clamp, type Bounds, type Pose } from '../../layout/corridor.ts';

/** Everything that moves the visitor, shared by the desktop viewer and the VR rig; mutated per frame. */
export interface Rig {
  /** Desktop: the eyes. In VR: the XR origin (the visitor's feet), the head moving freely above it. */
  view: Viewpoint;
  /** The head relative to the origin, from the headset (VR only). */
  head: HeadInOrigin & { y: number };
  inXR: boolean;
  /** Seated mode: metres the origin is lifted so a seated head is at standing eye height. */
  lift: number;
  /** A live guide holds the group here: walking and teleport do nothing; looking and turning still work. */
  held: boolean;
}

/** No walking (a guide's hold). */
export const NO_MOVE: Readonly<MoveInput> = { forward: 0, right: 0 };

export interface Glide {
  fromX: number;
  fromZ: number;
  fromYaw: number;
  fromPitch: number;
  to: Pose;
  /** Seconds since the glide began. */
  t: number;
  duration: number;
}

export interface Viewpoint {
  x: number;
  /** Eye height above the floor. */
  y: number;
  z: number;
  /** Rotation about +y; 0 looks down -z. */
  yaw: number;
  /** Rotation about the camera's x axis; positive looks up. */
  pitch: number;
  glide: Glide | null;
}

/** Walking input in the viewer's frame: forward (+) / back (-), right (+) / left (-), each -1..1. */
export interface MoveInput {
  forward: number;
  right: number;
}

export const MAX_PITCH_RAD = 1.25;

export function viewpointAt(p: Pose): Viewpoint {
  return { x: p.position[0], y: p.position[1], z: p.position[2], yaw: p.yaw, pitch: 0, glide: null };
}

/** Smooth start and stop, so a glide never jerks (comfort). */
export function easeInOutCubic(t: number): number {
  return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
}

/** The signed smallest turn from angle a to angle b, in (-π, π]. */
export function angleDelta(a: number, b: number): number {
  let d = (b - a) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

/** Begin a glide to a pose (level unless the pose has a pitch); with duration 0 (reduced motion) it is a cut. */
export function startGlide(v: Viewpoint, to: Pose, duration: number): void {
  if (duration <= 0) {
    v.x = to.position[0];
    v.z = to.position[2];
    v.yaw = to.yaw;
    v.pitch = to.pitch ?? 0;
    v.glide = null;
    return;
  }
  v.glide = { fromX: v.x, fromZ: v.z, fromYaw: v.yaw, fromPitch: v.pitch, to, t: 0, duration };
}

export function look(v: Viewpoint, dYaw: number, dPitch: number): void {
  v.glide = null;
  v.yaw += dYaw;
  v.pitch = clamp(v.pitch + dPitch, -MAX_PITCH_RAD, MAX_PITCH_RAD);
}

/**
 * Advance one frame. Walking cancels a glide (the visitor always wins). Returns true while the
 * viewpoint is still changing, so a demand-driven frame loop knows to draw another frame.
 */
export function stepViewpoint(v: Viewpoint, move: MoveInput, speed: number, dt: number, bounds: Bounds): boolean {
  const walking = move.forward !== 0 || move.right !== 0;
  if (walking) {
    v.glide = null;
    const len = Math.hypot(move.forward, move.right);
    const f = (move.forward / Math.max(1, len)) * speed * dt;
    const r = (move.right / Math.max(1, len)) * speed * dt;
    const s = Math.sin(v.yaw);
    const c = Math.cos(v.yaw);
    v.x += -s * f + c * r;
    v.z += -c * f - s * r;
  } else if (v.glide) {
    const g = v.glide;
    g.t = Math.min(g.duration, g.t + dt);
    const k = easeInOutCubic(g.t / g.duration);
    v.x = g.fromX + (g.to.position[0] - g.fromX) * k;
    v.z = g.fromZ + (g.to.position[2] - g.fromZ) * k;
    v.yaw = g.fromYaw + angleDelta(g.fromYaw, g.to.yaw) * k;
    v.pitch = g.fromPitch + ((g.to.pitch ?? 0) - g.fromPitch) * k;
    if (g.t >= g.duration) v.glide = null;
  }
  // Per axis, not clampToBounds: this runs every frame and must not allocate.
  v.x = clamp(v.x, bounds.xMin, bounds.xMax);
  v.z = clamp(v.z, bounds.zMin, bounds.zMax);
  return walking || v.glide !== null;
}

/**
 * In VR the viewpoint is the XR origin (the visitor's feet in the room) and the head moves freely above it.
 * `head` is the head's pose relative to the origin, as the headset reports it.
 */
export interface HeadInOrigin {
  x: number;
  z: number;
  /** The head's own yaw relative to the origin. */
  yaw: number;
}

/**
 * Place the origin so that the head ends up at `to` (x, z), facing `to.yaw`: the VR version of a cut to a
 * standing spot (and of a teleport, which keeps the current facing).
 */
export function placeHead(v: Viewpoint, head: HeadInOrigin, x: number, z: number, yaw: number): void {
  v.glide = null;
  v.yaw = yaw - head.yaw;
  const c = Math.cos(v.yaw);
  const s = Math.sin(v.yaw);
  v.x = x - (head.x * c + head.z * s);
  v.z = z - (-head.x * s + head.z * c);
}

/** Where the head is in the world, given the origin viewpoint. Pass `out` to reuse an object in a frame loop. */
export function headInWorld(
  v: Viewpoint,
  head: HeadInOrigin,
  out: { x: number; z: number; yaw: number } = { x: 0, z: 0, yaw: 0 },
): { x: number; z: number; yaw: number } {
  const c = Math.cos(v.yaw);
  const s = Math.sin(v.yaw);
  out.x = v.x + head.x * c + head.z * s;
  out.z = v.z - head.x * s + head.z * c;
  out.yaw = v.yaw + head.yaw;
  return out;
}

/** Snap turn: rotate the origin about the head, so the visitor turns on the spot instead of swinging round. */
export function turnAboutHead(v: Viewpoint, head: HeadInOrigin, angle: number): void {
  const h = headInWorld(v, head);
  placeHead(v, head, h.x, h.z, h.yaw + angle);
}
