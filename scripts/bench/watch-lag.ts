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
/** A move the headset's own frame loop has not taken by then (a stalled emulator on a loaded machine) counts as missed. */
const HEADSET_FRAME_TIMEOUT_MS = 30_000;
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

/**
 * The poses the headset sends and the screen receives, with their times: [Date.now(), x, y, z, yaw], so the lag splits
 * into the emulated headset's part (its next frame, a few a second in software GL) and the screen's (network, smoothing,
 * its own frames).
 */
const SENT_POSES = `
  window.__poses = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.startsWith('{"type":"pose"')) {
      const p = JSON.parse(data);
      window.__poses.push([Date.now(), p.x, p.y, p.z, p.yaw]);
    }
    return send.call(this, data);
  };
`;
const RECEIVED_POSES = `
  window.__poses = [];
  const Native = WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string' || !e.data.includes('"view"')) return;
        const p = JSON.parse(e.data).pose;
        if (p) window.__poses.push([Date.now(), p.x, p.y, p.z, p.yaw]);
      });
    }
  };
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

export interface StepLag {
  /** Each move → the screen's camera within the tolerance (missed moves left out). */
  lagMs: number[];
  missed: number;
  /** Of each move: until the headset sent the new pose (its next frame), then until it reached the screen, and from
   * the send until the screen's camera was within the tolerance (the screen's lag behind the headset proper). */
  headsetMs: number[];
  networkMs: number[];
  screenMs: number[];
}

/** The emulated Quest 3 moved MOVES times; how long the booth screen takes to show each new pose. */
export async function watcherStepLag(ctx: Pick<BenchContext, 'browser' | 'distDir'>): Promise<StepLag> {
  const hub = await createGuideHub({ rooms: roomsFrom({ [ROOM]: SECRET }), log: { info: () => undefined, warn: () => undefined } });
  const srv = await createServer({ root: ctx.distDir, port: 0, host: '127.0.0.1', guide: hub });
  const base = `http://127.0.0.1:${srv.port}/`;
  const contexts = await Promise.all([0, 1].map(() => ctx.browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' })));
  try {
    const [headset, screen] = await Promise.all(contexts.map((c) => c.newPage()));
    await headset!.addInitScript({ content: IWER_SOURCE });
    await headset!.addInitScript({ content: INSTALL_QUEST });
    await headset!.addInitScript({ content: SENT_POSES });
    await screen!.addInitScript({ content: CAMERA_TRACK });
    await screen!.addInitScript({ content: RECEIVED_POSES });
    await Promise.all([headset!.goto(`${base}?follow=${ROOM}&lang=en#2023-2024`), screen!.goto(`${base}?watch=${ROOM}`)]);
    await Promise.all([headset!, screen!].map(ready));
    // Opt in on the headset, then into VR; the screen names the headset it shows.
    await headset!.getByRole('button', { name: 'Show my view on the booth screen' }).click();
    await headset!.getByRole('button', { name: 'Enter VR', exact: true }).click();
    await headset!.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 60_000 });
    await screen!.waitForSelector('.watch-label[data-sharer]:not([data-sharer=""])', { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 2000));

    const lagMs: number[] = [];
    const headsetMs: number[] = [];
    const networkMs: number[] = [];
    const screenMs: number[] = [];
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
          timeout: HEADSET_FRAME_TIMEOUT_MS,
          polling: 100,
        })
        .then((h) => h.jsonValue() as Promise<Pose>)
        .catch(() => null);
      if (!target) {
        missed++;
        continue;
      }
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
      if (caught) {
        lagMs.push(caught[0] - t0);
        // When the new pose left the headset and reached the screen: the first of each that has it.
        const has = (q: number[]) =>
          Math.hypot((q[1] ?? 0) - target.x, (q[3] ?? 0) - target.z) < WATCH_TOLERANCE_M &&
          Math.abs(Math.atan2(Math.sin((q[4] ?? 0) - target.yaw), Math.cos((q[4] ?? 0) - target.yaw))) < (WATCH_TOLERANCE_DEG * Math.PI) / 180;
        const firstWith = async (page: Page) =>
          (await page.evaluate(() => (window as unknown as { __poses: number[][] }).__poses)).find((q) => (q[0] ?? 0) >= t0 && has(q))?.[0];
        const sentAt = await firstWith(headset!);
        const arrivedAt = await firstWith(screen!);
        if (sentAt !== undefined && arrivedAt !== undefined) {
          headsetMs.push(sentAt - t0);
          networkMs.push(arrivedAt - sentAt);
          screenMs.push(caught[0] - sentAt);
        }
      } else missed++;
      await new Promise((r) => setTimeout(r, 600));
    }
    return { lagMs, missed, headsetMs, networkMs, screenMs };
  } finally {
    await Promise.allSettled(contexts.map((c) => c.close()));
    await srv.close();
    await hub.close();
  }
}
