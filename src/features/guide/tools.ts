// The guide's tools beyond moving the group, pure (no DOM, no sockets, no clock of their own):
// - who of the roster is at the guide's stop;
// - sharing a headset's view with a booth screen: when the headset sends its pose (at most SHARE_POSES_PER_S, and only
//   when it changed or as a heartbeat), and how the screen smooths the poses it receives (a short interpolation
//   buffer: it shows the headset's path SMOOTHING_DELAY_MS late, without jumps, and stops exactly where it stopped).
import type { Pose, PoseFields, RosterEntry } from './protocol.ts';

/** A follower of the roster is at the guide's stop: connected, at the milestone the guide is at. */
export function isAtStop(entry: Pick<RosterEntry, 'milestone' | 'connected'>, guideStop: string | null): boolean {
  return entry.connected && guideStop !== null && entry.milestone === guideStop;
}

// ── Sharing a view ─────────────────────────────────────────────────────────────────────────────────────────

/** Poses a sharing headset sends per second at most: under the protocol's cap (MAX_POSES_PER_S) and the socket's 20 messages/s limit. */
export const SHARE_POSES_PER_S = 15;
export const SHARE_INTERVAL_MS = Math.ceil(1000 / SHARE_POSES_PER_S);
/** A still headset repeats its pose this often, so a screen that joins late shows it soon. */
export const SHARE_HEARTBEAT_MS = 1000;
/** Smaller changes are not sent (metres, radians): below what a screen can show. */
export const SHARE_EPSILON_M = 0.002;
export const SHARE_EPSILON_RAD = 0.002;
/** How far behind the headset the screen shows it: two send intervals and some network jitter. */
export const SMOOTHING_DELAY_MS = 160;

/** The `pose` message for a view (a fresh object: the frame loop's scratch pose is reused). */
export function poseMessage(p: PoseFields): Pose {
  return { type: 'pose', x: p.x, y: p.y, z: p.z, yaw: p.yaw, pitch: p.pitch, language: p.language, milestone: p.milestone };
}

export interface ViewPose {
  x: number;
  y: number;
  z: number;
  yaw: number;
  pitch: number;
}

/** The signed smallest turn from angle a to angle b, in (-π, π]. */
function turn(a: number, b: number): number {
  let d = (b - a) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

/** The sender's memory: the last pose sent and when (mutated in place: it runs in a frame loop). */
export interface ShareSender {
  last: ViewPose & { language: string; milestone: string | null };
  /** -Infinity: nothing sent yet. */
  lastAt: number;
}

export const createShareSender = (): ShareSender => ({
  last: { x: 0, y: 0, z: 0, yaw: 0, pitch: 0, language: '', milestone: null },
  lastAt: -Infinity,
});

/**
 * Whether to send `pose` now (and, if so, remember it): not sooner than SHARE_INTERVAL_MS after the last, and only when
 * it moved, the language or focus changed, or SHARE_HEARTBEAT_MS passed.
 */
export function shouldSend(s: ShareSender, pose: PoseFields, now: number): boolean {
  if (now - s.lastAt < SHARE_INTERVAL_MS) return false;
  if (!changedSinceSent(s, pose) && now - s.lastAt < SHARE_HEARTBEAT_MS) return false;
  const l = s.last;
  l.x = pose.x;
  l.y = pose.y;
  l.z = pose.z;
  l.yaw = pose.yaw;
  l.pitch = pose.pitch;
  l.language = pose.language;
  l.milestone = pose.milestone;
  s.lastAt = now;
  return true;
}

function changedSinceSent(s: ShareSender, pose: PoseFields): boolean {
  const l = s.last;
  return (
    s.lastAt === -Infinity ||
    l.language !== pose.language ||
    l.milestone !== pose.milestone ||
    Math.abs(l.x - pose.x) > SHARE_EPSILON_M ||
    Math.abs(l.y - pose.y) > SHARE_EPSILON_M ||
    Math.abs(l.z - pose.z) > SHARE_EPSILON_M ||
    Math.abs(turn(l.yaw, pose.yaw)) > SHARE_EPSILON_RAD ||
    Math.abs(l.pitch - pose.pitch) > SHARE_EPSILON_RAD
  );
}

/**
 * When `pose` (this frame's) is next due, in ms from `now` (at least 1): a pose that changed since the last one sent, when
 * the interval ends; an unchanged one, at the heartbeat. A loop that draws only on demand, like the desktop kiosk's
 * standing at a stop, has no later frame to send from: it must ask for one then, or a move's last pose, held back by the
 * interval, never goes and the screen stays short of where the headset stopped.
 */
export function nextSendIn(s: ShareSender, pose: PoseFields, now: number): number {
  const wait = changedSinceSent(s, pose) ? SHARE_INTERVAL_MS : SHARE_HEARTBEAT_MS;
  return Math.max(1, s.lastAt + wait - now);
}

// ── Smoothing on the screen ────────────────────────────────────────────────────────────────────────────────

interface Sample extends ViewPose {
  t: number;
}

/** Poses kept: a second of them at the sending rate is more than the delay ever needs. */
const BUFFER_SIZE = 16;

/**
 * The screen's poses, as they arrived (local time). `sample(now, out)` writes the pose at `now - delay`, interpolated
 * between the two received poses around that time (yaw the short way round), or the newest when none is newer:
 * allocation-free, for a frame loop.
 */
export class PoseSmoother {
  private readonly samples: Sample[] = Array.from({ length: BUFFER_SIZE }, () => ({ t: 0, x: 0, y: 0, z: 0, yaw: 0, pitch: 0 }));
  private count = 0;
  /** Index of the newest sample. */
  private head = -1;

  constructor(readonly delay: number = SMOOTHING_DELAY_MS) {}

  get empty(): boolean {
    return this.count === 0;
  }

  clear(): void {
    this.count = 0;
    this.head = -1;
  }

  push(t: number, p: ViewPose): void {
    const newest = this.head >= 0 ? this.samples[this.head] : undefined;
    // Out-of-order or same-instant arrivals replace the newest one (time must only go forward).
    const slot = newest && t <= newest.t ? this.head : (this.head + 1) % BUFFER_SIZE;
    const s = this.samples[slot]!;
    s.t = newest && t < newest.t ? newest.t : t;
    s.x = p.x;
    s.y = p.y;
    s.z = p.z;
    // Keep yaw continuous with the previous sample, so interpolation never turns the long way.
    s.yaw = newest && slot !== this.head ? newest.yaw + turn(newest.yaw, p.yaw) : p.yaw;
    s.pitch = p.pitch;
    if (slot !== this.head) {
      this.head = slot;
      this.count = Math.min(BUFFER_SIZE, this.count + 1);
    }
  }

  /** The smoothed pose at local time `now` into `out`; false when nothing was received. */
  sample(now: number, out: ViewPose): boolean {
    if (this.count === 0) return false;
    const at = now - this.delay;
    // Walk back from the newest to the first sample not after `at`.
    let newer = this.samples[this.head]!;
    if (at >= newer.t || this.count === 1) return copy(newer, out);
    for (let k = 1; k < this.count; k++) {
      const older = this.samples[(this.head - k + BUFFER_SIZE) % BUFFER_SIZE]!;
      if (older.t <= at) {
        const span = newer.t - older.t;
        const f = span > 0 ? (at - older.t) / span : 1;
        out.x = older.x + (newer.x - older.x) * f;
        out.y = older.y + (newer.y - older.y) * f;
        out.z = older.z + (newer.z - older.z) * f;
        out.yaw = older.yaw + (newer.yaw - older.yaw) * f;
        out.pitch = older.pitch + (newer.pitch - older.pitch) * f;
        return true;
      }
      newer = older;
    }
    // `at` is before everything kept: the oldest.
    return copy(newer, out);
  }
}

function copy(s: ViewPose, out: ViewPose): true {
  out.x = s.x;
  out.y = s.y;
  out.z = s.z;
  out.yaw = s.yaw;
  out.pitch = s.pitch;
  return true;
}

/** What a booth screen's page feeds its camera from: the smoother and when the last pose arrived (local ms). */
export interface WatchFeed {
  smoother: PoseSmoother;
  lastAt: number;
  /** The pose drawn last, in place. */
  shown: ViewPose;
  /** Asks the canvas for a frame (set by the viewer): the demand-driven loop rests while no pose comes. */
  wake: () => void;
}

export const createWatchFeed = (): WatchFeed => ({
  smoother: new PoseSmoother(),
  lastAt: -Infinity,
  shown: { x: 0, y: 0, z: 0, yaw: 0, pitch: 0 },
  wake: () => {},
});
