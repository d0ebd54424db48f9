// The booth screen's lag behind the headset, for the guide-tools section: an emulated Quest 3 shares its view, a
// `?watch=` page follows it; the headset is moved by a known step (a stride sideways and a turn of the head) and the
// time is taken from the move until the screen's camera is within WATCH_TOLERANCE_M and WATCH_TOLERANCE_DEG of the
// headset's new pose, over MOVES moves. Both pages run on this machine's one clock (Date.now).
import type { Page } from 'playwright-core';
import { createServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub } from '../../server/guide/hub.ts';
import { INSTALL_QUEST, IWER_SOURCE } from '../../tests/e2e/harness.ts';
import { type BenchContext, VIEWPORT } from './common.ts';

const ROOM = 'bench-watch';
const SECRET = 'bench-watch-secret-1';
const MOVES = 10;
/** Close enough: what the e2e test asks of the screen (tests/e2e/guide.tools.e2e.test.ts). */
export const WATCH_TOLERANCE_M = 0.05;
export const WATCH_TOLERANCE_DEG = 2;
/** Each move: this far sideways (metres, alternately right and left) and this much head turn (radians, alternately). */
const STEP_M = 0.4;
const STEP_YAW_RAD = 0.35;
/** A move the screen has not caught up with by then counts as missed. */
export const CATCH_UP_TIMEOUT_MS = 8_000;

/** The screen's camera, every animation frame: [Date.now(), x, y, z, yaw, pitch]. */
const CAMERA_TRACK = `
  window.__cam = [];
  const tick = () => {
    const v = window.__IAMM__ && window.__IAMM__.viewpoint();
    if (v) {
      window.__cam.push([Date.now(), v.x, v.y, v.z, v.yaw, v.pitch]);
      if (window.__cam.length > 4000) window.__cam.splice(0, 2000);
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

type Sample = [number, number, number, number, number, number];
interface Pose {
  x: number;
  y: number;
  z: number;
  yaw: number;
  pitch: number;
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('html[data-ready="1"]', { timeout: 90_000 });
}

/** Milliseconds from each move of the headset to the screen's camera within the tolerance (missed moves left out). */
export async function watcherStepLag(ctx: Pick<BenchContext, 'browser' | 'distDir'>): Promise<{ lagMs: number[]; missed: number }> {
  const hub = await createGuideHub({ rooms: roomsFrom({ [ROOM]: SECRET }), log: { info: () => undefined, warn: () => undefined } });
  const srv = await createServer({ root: ctx.distDir, port: 0, host: '127.0.0.1', guide: hub });
  const base = `http://127.0.0.1:${srv.port}/`;
  const contexts = await Promise.all([0, 1].map(() => ctx.browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' })));
  try {
    const [headset, screen] = await Promise.all(contexts.map((c) => c.newPage()));
    await headset!.addInitScript({ content: IWER_SOURCE });
    await headset!.addInitScript({ content: INSTALL_QUEST });
    await screen!.addInitScript({ content: CAMERA_TRACK });
    await Promise.all([headset!.goto(`${base}?follow=${ROOM}&lang=en#2023-2024`), screen!.goto(`${base}?watch=${ROOM}`)]);
    await Promise.all([headset!, screen!].map(ready));
    // Opt in on the headset, then into VR; the screen names the headset it shows.
    await headset!.getByRole('button', { name: 'Show my view on the booth screen' }).click();
    await headset!.getByRole('button', { name: 'Enter VR', exact: true }).click();
    await headset!.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 60_000 });
    await screen!.waitForSelector('.watch-label[data-sharer]:not([data-sharer=""])', { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 2000));

    const lagMs: number[] = [];
    let missed = 0;
    for (let k = 0; k < MOVES; k++) {
      const sign = k % 2 === 0 ? 1 : -1;
      const before = await headset!.evaluate(() => JSON.stringify(window.__IAMM__!.viewpoint()));
      // The move, in the headset's room space: a stride sideways and a turn of the head, at once.
      const t0 = await headset!.evaluate(
        ([dx, yaw]) => {
          const q = window.__quest;
          q.position.set(q.position.x + dx, q.position.y, q.position.z);
          q.quaternion.set(0, Math.sin(yaw / 2), 0, Math.cos(yaw / 2));
          return Date.now();
        },
        [sign * STEP_M, k % 2 === 0 ? STEP_YAW_RAD : 0] as const,
      );
      // The headset's new pose in the world, once its frame loop has taken it.
      const target = await headset!
        .waitForFunction((b) => JSON.stringify(window.__IAMM__!.viewpoint()) !== b && window.__IAMM__!.viewpoint(), before, {
          timeout: 10_000,
          polling: 'raf',
        })
        .then((h) => h.jsonValue() as Promise<Pose>);
      const caught = await screen!
        .waitForFunction(
          ([p, since, tol]) => {
            // Within the distance, and the angle between the two views (yaw, pitch) within the angle.
            const cam = (window as unknown as { __cam: Sample[] }).__cam;
            for (const s of cam) {
              if (s[0] < since) continue;
              const d = Math.hypot(s[1] - p.x, s[2] - p.y, s[3] - p.z);
              const cos =
                Math.sin(s[4]) * Math.cos(s[5]) * Math.sin(p.yaw) * Math.cos(p.pitch) +
                Math.sin(s[5]) * Math.sin(p.pitch) +
                Math.cos(s[4]) * Math.cos(s[5]) * Math.cos(p.yaw) * Math.cos(p.pitch);
              if (d < tol.m && Math.acos(Math.min(1, cos)) < tol.rad) return s;
            }
            return false;
          },
          [target, t0, { m: WATCH_TOLERANCE_M, rad: (WATCH_TOLERANCE_DEG * Math.PI) / 180 }] as const,
          { timeout: CATCH_UP_TIMEOUT_MS, polling: 50 },
        )
        .then((h) => h.jsonValue() as Promise<Sample>)
        .catch(() => null);
      if (caught) lagMs.push(caught[0] - t0);
      else missed++;
      await new Promise((r) => setTimeout(r, 600));
    }
    return { lagMs, missed };
  } finally {
    await Promise.allSettled(contexts.map((c) => c.close()));
    await srv.close();
    await hub.close();
  }
}
