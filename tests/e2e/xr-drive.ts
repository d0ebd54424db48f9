// Driving the emulated Quest 3 (IWER, installed by INSTALL_QUEST) from e2e tests: frames, button presses, aiming.
import type { Page } from 'playwright-core';

/** Let a few XR frames pass (the emulator renders slowly in software). */
export const frames = (page: Page, n = 4): Promise<void> =>
  page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        const session = (window as unknown as { __quest: { activeSession?: XRSession } }).__quest.activeSession;
        if (!session) return resolve();
        let left = count;
        const tick = (): void => {
          if (--left <= 0) resolve();
          else session.requestAnimationFrame(tick);
        };
        session.requestAnimationFrame(tick);
      }),
    n,
  );

/**
 * Hold still for at least `ms` and `n` XR frames, as a visitor holds an aim before pulling the trigger: the teleport
 * arc turns toward the aim a tenth of the way per 10 ms of frame time (at most all of it in one frame).
 */
export async function holdAim(page: Page, ms = 600, n = 3): Promise<void> {
  const until = Date.now() + ms;
  do await frames(page, n);
  while (Date.now() < until);
}

/** Press and release a controller button over a few frames, as a hand would. */
export async function press(page: Page, hand: 'left' | 'right', button: string): Promise<void> {
  await page.evaluate(([h, b]) => window.__quest.controllers[h].updateButtonValue(b, 1), [hand, button] as const);
  // Two frames down: the pointer sees the press with its current aim, and the press stays within a click
  // even when the software-rendered emulator is slow.
  await frames(page, 2);
  await page.evaluate(([h, b]) => window.__quest.controllers[h].updateButtonValue(b, 0), [hand, button] as const);
  await frames(page, 3);
}

/**
 * Point a controller at a world point: its position is in the XR origin's space, so the direction is turned into
 * that space (the origin's yaw) before it becomes the controller's orientation.
 */
export async function aimAt(
  page: Page,
  hand: 'left' | 'right',
  target: { x: number; y: number; z: number },
  input: 'controllers' | 'hands' = 'controllers',
): Promise<{ yaw: number; pitch: number }> {
  const aim = await page.evaluate(
    ([h, t, kind]) => {
      const c = window.__quest[kind][h];
      const o = window.__IAMM__!.origin();
      const cos = Math.cos(o.yaw);
      const sin = Math.sin(o.yaw);
      // The controller in the world, then the direction to the target back in origin space.
      const wx = o.x + c.position.x * cos + c.position.z * sin;
      const wz = o.z - c.position.x * sin + c.position.z * cos;
      const dxw = t.x - wx;
      const dzw = t.z - wz;
      const dx = dxw * cos - dzw * sin;
      const dz = dxw * sin + dzw * cos;
      const dy = t.y - c.position.y;
      const yaw = Math.atan2(-dx, -dz);
      const pitch = Math.atan2(dy, Math.hypot(dx, dz));
      const cy = Math.cos(yaw / 2),
        sy = Math.sin(yaw / 2),
        cp = Math.cos(pitch / 2),
        sp = Math.sin(pitch / 2);
      // Yaw about y, then pitch about the turned x axis.
      c.quaternion.set(cy * sp, sy * cp, -sy * sp, cy * cp);
      return { yaw, pitch };
    },
    [hand, target, input] as const,
  );
  // Let the pointer settle on the new aim before anything is pressed.
  await frames(page, 6);
  return aim;
}

/**
 * Poke a wrist-menu button with the right index finger (hand tracking; the menu must be shown), as a quick tap: the
 * fingertip comes to 6 cm in front of the button's face, touches the button's centre for one frame and goes back
 * out along the face's normal. The whole hand moves, its pose and turn stay; the fingertip is read from the
 * emulator's own joint pose, and the targets are turned into the XR origin's space (standing: the origin is on the
 * floor). One frame down, like the pinch and the trigger elsewhere: the click is timed in wall-clock milliseconds,
 * and the software-rendered emulator's frames can be slow.
 */
export async function poke(page: Page, action: string): Promise<void> {
  const found = await page.evaluate(async (a) => {
    const q = window.__quest;
    const session = q.activeSession!;
    const face = window.__IAMM__!.menuButtonFace(a);
    if (!face) return false;
    const ref = await session.requestReferenceSpace('local-floor');
    const hand = Array.from(session.inputSources).find((s) => s.handedness === 'right')!.hand!;
    // An XRFrame is only valid inside its own callback: read the fingertip there.
    const tip = await new Promise<DOMPointReadOnly>((resolve) =>
      session.requestAnimationFrame((_, f) => resolve(f.getJointPose!(hand.get('index-finger-tip')!, ref)!.transform.position)),
    );
    const nextFrames = (n: number): Promise<void> =>
      new Promise((resolve) => {
        let left = n;
        const tick = (): void => {
          if (--left <= 0) resolve();
          else session.requestAnimationFrame(tick);
        };
        session.requestAnimationFrame(tick);
      });
    const o = window.__IAMM__!.origin();
    const cos = Math.cos(o.yaw);
    const sin = Math.sin(o.yaw);
    const h = q.hands.right.position;
    const start = { x: h.x, y: h.y, z: h.z };
    // The hand placed so that the fingertip is `d` in front of the button's centre.
    const fingertipAt = (d: number): void => {
      const dx = face.centre.x + face.normal.x * d - o.x;
      const dz = face.centre.z + face.normal.z * d - o.z;
      const local = { x: dx * cos - dz * sin, y: face.centre.y + face.normal.y * d, z: dx * sin + dz * cos };
      h.set(start.x + local.x - tip.x, start.y + local.y - tip.y, start.z + local.z - tip.z);
    };
    fingertipAt(0.06);
    await nextFrames(3);
    fingertipAt(0);
    await nextFrames(1);
    fingertipAt(0.06);
    await nextFrames(3);
    return true;
  }, action);
  if (!found) throw new Error(`no wrist-menu button ${action}`);
}
