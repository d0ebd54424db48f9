// The synthetic 200-milestone scene (scripts/synthetic-scene.ts): draw calls stay flat as milestones grow. Built
// apart (IAMM_SCENES_DIR: no service worker, dist/ untouched) and measured as the real scene.
//
// It sets itself against two figures of the real scene: its time to data-ready (the desktop section's) and its XR
// draw count (the XR section's: the synthetic scene is measured once it draws as many parts, controllers and hands
// loaded). The runner passes them in `ctx.references`; when a section did not run, this one measures its own.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import type { RunningServer } from '../../server/app.ts';
import { waitForReady } from '../../tests/e2e/harness.ts';
import { SYNTHETIC_MILESTONES, writeSyntheticScenes } from '../synthetic-scene.ts';
import { viteBuild } from '../vite-build.ts';
import {
  type BenchContext,
  desktopDrawCalls,
  type DrawCount,
  enterVR,
  type Figure,
  figure,
  type FrameRecord,
  GL_PROBE,
  glideTo,
  isolatedServer,
  keepPartial,
  median,
  newPage,
  READY_PROBE,
  ROOT,
  round,
  type SectionResult,
  timeToReady,
  xrFrames,
} from './common.ts';

export const BUDGET = { xrDrawCallsPerFrame200: 60, xrCallbackMs200: 2.0 };
/** XR frames timed once the draw count holds (each takes about a second in software GL). */
const XR_SYNTHETIC_TIMED_FRAMES = 15;
/** The synthetic scene in XR: frames let pass after entering, and how long one may take in software GL. */
const XR_SYNTHETIC_SETTLE_FRAMES = 3;
/** At most this many batches of 3 frames, until the draw count holds. */
const XR_SYNTHETIC_BATCHES = 4;
const XR_SYNTHETIC_MS_PER_FRAME = 15_000;
/** The real scene in XR, when this section measures its reference itself. */
const REFERENCE_XR_MS_PER_FRAME = 5_000;

/**
 * The real scene's references, measured here when no earlier section gave them: one unthrottled load, and its XR draw
 * count after 20 frames. One that cannot be measured is left out (and said so), not a reason to give up the section.
 */
async function ownReferences(
  ctx: BenchContext,
  needed: { readyAtMs: boolean; xrDrawCalls: boolean },
  details: Record<string, unknown>,
): Promise<BenchContext['references']> {
  const out: BenchContext['references'] = {};
  const errors: string[] = [];
  if (needed.readyAtMs) {
    await timeToReady(ctx.browser, ctx.baseUrl, { scripts: [GL_PROBE, READY_PROBE] }).then(
      (ms) => (out.readyAtMs = ms),
      (err: unknown) => errors.push(`real scene's data-ready: ${(err as Error).message}`),
    );
  }
  if (needed.xrDrawCalls) {
    const server = await isolatedServer(ctx.distDir);
    try {
      const xr = await enterVR(ctx.browser, server.url, REFERENCE_XR_MS_PER_FRAME);
      try {
        await xrFrames(xr.page, 20, REFERENCE_XR_MS_PER_FRAME);
        out.xrDrawCalls = await xr.page.evaluate<number>('window.__IAMM__.drawCalls()');
      } finally {
        await xr.context.close();
      }
    } catch (err) {
      errors.push(`real scene's XR draw calls: ${(err as Error).message}`);
    } finally {
      await server.close();
    }
  }
  if (errors.length) details.syntheticOwnReferenceErrors = errors;
  if (needed.readyAtMs || needed.xrDrawCalls) details.syntheticOwnReferences = out;
  return out;
}

async function desktop(browser: Browser, url: string, middle: string): Promise<{ start: DrawCount; focused: DrawCount; readyAt: number; pageErrors: string[] }> {
  const o = await newPage(browser, [GL_PROBE, READY_PROBE]);
  try {
    await o.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await waitForReady(o.page, { timeout: 150_000 });
    const readyAt = await o.page.evaluate<number>('window.__benchReadyAt');
    const start = await desktopDrawCalls(o.page);
    await glideTo(o.page, middle, 60_000);
    const focused = await desktopDrawCalls(o.page);
    return { start, focused, readyAt, pageErrors: o.pageErrors };
  } finally {
    await o.context.close();
  }
}

export async function measure(ctx: BenchContext): Promise<SectionResult> {
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const given = ctx.references;
  const own = await ownReferences(ctx, { readyAtMs: given.readyAtMs === undefined, xrDrawCalls: given.xrDrawCalls === undefined }, details);
  const readyAtReal = given.readyAtMs ?? own.readyAtMs;
  const xrDrawsReal = given.xrDrawCalls ?? own.xrDrawCalls;
  const measuredHere = (k: keyof typeof own): string => (own[k] !== undefined ? ' (measured by this section alone)' : '');
  const work = mkdtempSync(path.join(os.tmpdir(), 'iamm-bench-synthetic-'));
  let server: RunningServer | undefined;
  try {
    const scenes = path.join(work, 'scenes');
    const out = path.join(work, 'dist');
    const count = writeSyntheticScenes(scenes, SYNTHETIC_MILESTONES);
    const milestones = loadExhibitFromDir(scenes).content.milestones;
    const t0 = Date.now();
    await viteBuild(out, { IAMM_SCENES_DIR: scenes });
    details.syntheticBuildS = round((Date.now() - t0) / 1000, 1);
    server = await isolatedServer(out);

    // Desktop: time to data-ready, draw calls at the start and at the middle milestone.
    const middle = milestones[Math.floor(milestones.length / 2)]!.id;
    const { pageErrors, ...d } = await desktop(ctx.browser, server.url, middle);
    details.syntheticMiddleMilestone = middle;
    if (pageErrors.length) details.syntheticDesktopPageErrors = pageErrors;
    const check = (c: DrawCount): string =>
      `GL counter ${c.gl}${c.gl === c.inspector ? ', agrees' : ', DISAGREES'}; glyph SDF draws by then ${c.detachedDraws} (troika's atlas)`;
    const realEras = loadExhibitFromDir(path.join(ROOT, 'scenes')).content.milestones.length;
    figures.push(
      figure('synthetic.desktop.drawCalls.start', `Desktop draw calls/frame, ${count} milestones, start`, d.start.inspector, 'calls', undefined, check(d.start)),
      figure(
        'synthetic.desktop.drawCalls.focused',
        `Desktop draw calls/frame, ${count} milestones, #${middle}`,
        d.focused.inspector,
        'calls',
        undefined,
        check(d.focused),
      ),
      figure(
        'synthetic.readyS',
        `Data-ready, ${count} milestones (no throttle)`,
        d.readyAt / 1000,
        's',
        undefined,
        readyAtReal !== undefined
          ? `the real ${realEras} eras: ${round(readyAtReal / 1000, 1)} s in this run${measuredHere('readyAtMs')} (one load each; noisy on a shared machine)`
          : 'the real scene was not measured in this run',
      ),
    );
    if (readyAtReal !== undefined) {
      figures.push(figure('synthetic.readyRatio', `Data-ready ratio ${count} milestones / real`, d.readyAt / readyAtReal, '×'));
    }
    details.syntheticDrawCalls = d;

    // XR, both eyes. Every panel's text is drawn in each eye, so a frame takes seconds in software GL. Should this
    // fail, the desktop figures above are kept.
    const url = server.url;
    figures.push(...(await keepPartial({ figures, details }, () => xrFigures(ctx.browser, url, count, xrDrawsReal, measuredHere('xrDrawCalls'), details))));
    return { figures, details };
  } finally {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function xrFigures(
  browser: Browser,
  url: string,
  count: number,
  xrDrawsReal: number | undefined,
  measuredHere: string,
  details: Record<string, unknown>,
): Promise<Figure[]> {
  const xrStarted = Date.now();
  const xr = await enterVR(browser, url, XR_SYNTHETIC_MS_PER_FRAME, XR_SYNTHETIC_SETTLE_FRAMES);
  try {
    // The controller and hand models load during the first frames (slowly, with seconds per frame): wait until as
    // much is drawn as in the real scene, then measure until the count holds for 3 frames.
    let waited = '';
    if (xrDrawsReal !== undefined) {
      await xr.page
        .waitForFunction(`window.__IAMM__.drawCalls() >= ${xrDrawsReal}`, undefined, { timeout: 90_000, polling: 500 })
        .catch(() => (waited = `; fewer than the real scene's ${xrDrawsReal}${measuredHere} after 90 s`));
    }
    let frames: FrameRecord[] = [];
    for (let batch = 0; batch < XR_SYNTHETIC_BATCHES; batch++) {
      frames = frames.concat((await xrFrames(xr.page, 3, XR_SYNTHETIC_MS_PER_FRAME)).filter((f) => f.callbacks > 0));
      const tail = frames.slice(-3).map((f) => f.draws);
      if (tail.length === 3 && tail.every((n) => n === tail[0])) break;
    }
    const inspector = await xr.page.evaluate<number>('window.__IAMM__.drawCalls()');
    const gl = frames.map((f) => f.draws);
    const steady = gl.slice(-3);
    // The callback is timed over frames of its own, once everything is drawn (the models loaded, the count steady).
    const timed = (await xrFrames(xr.page, XR_SYNTHETIC_TIMED_FRAMES, XR_SYNTHETIC_MS_PER_FRAME)).filter((f) => f.callbacks > 0);
    const ms = timed.map((f) => f.ms);
    const fps = frames.length > 1 ? ((frames.length - 1) * 1000) / (frames[frames.length - 1]!.t - frames[0]!.t) : NaN;
    details.syntheticXr = {
      inspector,
      glPerFrame: gl,
      frameMs: frames.map((f) => round(f.ms, 2)),
      timedFrameMs: ms.map((x) => round(x, 2)),
      seconds: round((Date.now() - xrStarted) / 1000, 1),
      ...(xrDrawsReal !== undefined ? { realDrawCalls: xrDrawsReal } : {}),
    };
    if (xr.pageErrors.length) details.syntheticXrPageErrors = xr.pageErrors;
    return [
      figure(
        'synthetic.xr.drawCalls',
        `XR draw calls per frame, synthetic ${count}-milestone scene (both eyes)`,
        inspector,
        'calls',
        BUDGET.xrDrawCallsPerFrame200,
        `GL counter ${steady.join(', ')} in the last 3 of ${gl.length} XR frames` +
          `${steady.every((n) => n === inspector) ? ', agrees' : ', DISAGREES'}; per frame: ${gl.join(', ')}${waited}`,
      ),
      figure(
        'synthetic.xr.callback.median',
        `XR frame callback, median, ${count} milestones`,
        median(ms),
        'ms',
        BUDGET.xrCallbackMs200,
        `${ms.length} frames after the draw count held, max ${round(Math.max(...ms), 1)} ms; the real scene's median is above (same probe)`,
      ),
      figure(
        'synthetic.xr.fps',
        `XR frames per second, ${count} milestones (emulated Quest 3)`,
        fps,
        'fps',
        undefined,
        "compare with the real scene's XR frame rate above (same emulator, software GL)",
      ),
    ];
  } finally {
    await xr.context.close();
  }
}
