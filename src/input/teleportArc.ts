// How far the teleport arc turns toward the controller's aim in one frame.
//
// @pmndrs/xr turns the arc (syncTeleportPointerRayGroup) by slerp(aim, frameMs / 100): a tenth of the way per 10 ms.
// A frame longer than 100 ms (a hitch on a headset: a model loading, a garbage collection; every frame of a
// software-rendered emulator) makes that more than the whole way: three's slerp then extrapolates past the aim, and
// past 200 ms each frame swings the arc further away than the last. The arc, and the floor point it lands on, jump
// ahead or off the floor. Capped at 100 ms, a slow frame turns the arc onto the aim and no further.

/** Frame time at which the arc reaches the aim in one frame. */
export const ARC_CATCH_UP_MS = 100;

/** The frame time to hand to the library's arc turn, for a frame of `deltaSeconds`. */
export function arcTurnMs(deltaSeconds: number): number {
  if (!(deltaSeconds > 0)) return 0;
  return Math.min(deltaSeconds * 1000, ARC_CATCH_UP_MS);
}

/**
 * The line the teleport pointer tests against the floor: the whole arc while the visitor aims (trigger or pinch held),
 * else only its first segment, which no target accepts then. The pointer library tests every segment of its line each
 * frame; aiming is rare, so the arc is tested only while it is drawn. Mutates and returns `line`.
 */
export function aimLine<T>(arc: readonly T[], line: T[], aiming: boolean): T[] {
  const n = aiming ? arc.length : Math.min(2, arc.length);
  if (line.length === n) return line;
  line.length = 0;
  for (let i = 0; i < n; i++) line.push(arc[i]!);
  return line;
}
