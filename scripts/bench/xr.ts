// XR draw calls, XR callback time against an empty WebXR loop, XR frame rate (emulated Quest 3, both eyes).
// Provides the real scene's XR draw count as a reference for the synthetic scene.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningServer } from '../../server/app.ts';
import {
  type BenchContext,
  enterVR,
  figure,
  type FrameRecord,
  isolatedServer,
  median,
  pause,
  percentile,
  resume,
  round,
  type SectionResult,
  xrFrames,
  type XRPage,
} from './common.ts';

export const BUDGET = { xrDrawCallsPerFrame: 40, xrCallbackMedianMs: 1.0 };
/** XR callback timing: rounds alternate app and reference, so drift of the machine hits both alike. */
const XR_ROUNDS = 3;
const XR_FRAMES_PER_ROUND = 60;
/** Frames dropped after a page is resumed: the paused frame, the catch-up, code the pause made V8 drop. */
const XR_RESUME_FRAMES = 10;
/**
 * Frames each page runs before the rounds: the first seconds in VR load the controller models, typeset the menu and
 * caption board, and run code V8 has not optimised yet; a headset runs thousands of frames after them. Their median
 * is reported apart (details.xrWarmup).
 */
const XR_WARMUP_FRAMES = 60;
const XR_FPS_WINDOW_MS = 5_000;

/**
 * The reference for the XR callback time: a WebXR loop with no three.js and no React, which only clears each eye
 * of a canvas the size of the exhibit's (same antialiasing). Same emulator, same probes, same timing.
 */
function referenceHtml(width: number, height: number): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Empty WebXR loop</title>
<style>html,body{margin:0;background:#000}canvas{display:block}</style></head>
<body><button type="button" id="go" aria-label="Enter VR">Enter VR</button>
<canvas id="c" width="${width}" height="${height}"></canvas>
<script>
const gl = document.getElementById('c').getContext('webgl2', { antialias: true, xrCompatible: true });
document.getElementById('go').addEventListener('click', async () => {
  const session = await navigator.xr.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] });
  await gl.makeXRCompatible();
  const layer = new XRWebGLLayer(session, gl);
  session.updateRenderState({ baseLayer: layer });
  const space = await session.requestReferenceSpace('local-floor');
  gl.enable(gl.SCISSOR_TEST);
  gl.clearColor(0.1, 0.1, 0.12, 1);
  const onFrame = (time, frame) => {
    session.requestAnimationFrame(onFrame);
    const pose = frame.getViewerPose(space);
    if (!pose) return;
    gl.bindFramebuffer(gl.FRAMEBUFFER, layer.framebuffer);
    for (const view of pose.views) {
      const vp = layer.getViewport(view);
      gl.viewport(vp.x, vp.y, vp.width, vp.height);
      gl.scissor(vp.x, vp.y, vp.width, vp.height);
      gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    }
  };
  session.requestAnimationFrame(onFrame);
});
document.documentElement.dataset.ready = '1';
</script></body></html>
`;
}

const rate = (fs: FrameRecord[]): number => (fs.length > 1 ? ((fs.length - 1) * 1000) / (fs[fs.length - 1]!.t - fs[0]!.t) : NaN);

export async function measure(ctx: BenchContext): Promise<SectionResult> {
  const details: Record<string, unknown> = {};
  const appServer = await isolatedServer(ctx.distDir);
  let app: XRPage | undefined;
  let ref: XRPage | undefined;
  let refServer: RunningServer | undefined;
  const refDir = mkdtempSync(path.join(os.tmpdir(), 'iamm-bench-'));
  try {
    app = await enterVR(ctx.browser, appServer.url);
    const canvas = await app.page.evaluate<{ width: number; height: number }>(
      `(() => { const c = document.querySelector('canvas'); return { width: c.width, height: c.height }; })()`,
    );
    details.xrCanvas = canvas;
    // Never evaluate in a paused page: it would wait for the debugger.
    const isolated = [await app.page.evaluate<boolean>('window.crossOriginIsolated')];
    const warmup = { app: 0, ref: 0 };
    warmup.app = median((await xrFrames(app.page, XR_WARMUP_FRAMES)).filter((f) => f.callbacks > 0).map((f) => f.ms));
    await pause(app.cdp);
    writeFileSync(path.join(refDir, 'index.html'), referenceHtml(canvas.width, canvas.height));
    refServer = await isolatedServer(refDir);
    ref = await enterVR(ctx.browser, refServer.url);
    isolated.push(await ref.page.evaluate<boolean>('window.crossOriginIsolated'));
    warmup.ref = median((await xrFrames(ref.page, XR_WARMUP_FRAMES)).filter((f) => f.callbacks > 0).map((f) => f.ms));
    details.xrWarmup = { frames: XR_WARMUP_FRAMES, appMedianMs: round(warmup.app, 3), refMedianMs: round(warmup.ref, 3) };
    await pause(ref.cdp);

    // Alternate rounds; after resuming, XR_RESUME_FRAMES are dropped.
    const samples = { app: [] as FrameRecord[], ref: [] as FrameRecord[] };
    const inspector: number[] = [];
    const perRound: Array<{ app: number; ref: number; appFps: number; refFps: number }> = [];
    for (let r = 0; r < XR_ROUNDS; r++) {
      const medians = { app: 0, ref: 0 };
      const fps = { app: 0, ref: 0 };
      for (const [name, o] of [
        ['app', app],
        ['ref', ref],
      ] as const) {
        await resume(o.cdp);
        await xrFrames(o.page, XR_RESUME_FRAMES);
        const frames = (await xrFrames(o.page, XR_FRAMES_PER_ROUND)).filter((f) => f.callbacks > 0);
        samples[name].push(...frames);
        medians[name] = median(frames.map((f) => f.ms));
        fps[name] = rate(frames);
        if (name === 'app') inspector.push(await o.page.evaluate<number>('window.__IAMM__.drawCalls()'));
        await pause(o.cdp);
      }
      perRound.push({ app: round(medians.app, 3), ref: round(medians.ref, 3), appFps: round(fps.app, 1), refFps: round(fps.ref, 1) });
    }

    // Frame rate: the app alone, over a few seconds.
    await resume(app.cdp);
    await xrFrames(app.page, 3);
    const fps = await app.page.evaluate<{ frames: number; ms: number }>(`(async () => {
      const B = window.__bench;
      const s0 = B.xrSeq, t0 = performance.now();
      await new Promise((resolve) => setTimeout(resolve, ${XR_FPS_WINDOW_MS}));
      return { frames: B.xrSeq - s0, ms: performance.now() - t0 };
    })()`);
    // Anything drawn outside the XR callbacks once the session runs would be missing from the XR figures.
    const outsideXR = await app.page.evaluate<number>(
      'window.__bench.win.filter((f) => f.draws > 0 && window.__bench.xr.length > 0 && f.t > window.__bench.xr[0].t).length',
    );

    const appMs = samples.app.map((f) => f.ms);
    const refMs = samples.ref.map((f) => f.ms);
    const appDraws = samples.app.map((f) => f.draws);
    const refDraws = samples.ref.map((f) => f.draws);
    const drawsNote =
      `GL counter median ${median(appDraws)} (min ${Math.min(...appDraws)}, max ${Math.max(...appDraws)}) over ${appDraws.length} XR frames` +
      `${median(appDraws) === median(inspector) ? ', agrees' : ', DISAGREES'}; the empty loop draws ${median(refDraws)}`;
    const figures = [
      figure('xr.drawCalls', 'XR draw calls/frame (both eyes)', median(inspector), 'calls', BUDGET.xrDrawCallsPerFrame, drawsNote),
      figure(
        'xr.callback.median',
        'XR frame callback, median',
        median(appMs),
        'ms',
        BUDGET.xrCallbackMedianMs,
        `${appMs.length} frames in ${XR_ROUNDS} rounds after ${XR_WARMUP_FRAMES} warm-up frames (whose median was ${round(warmup.app, 2)} ms); ` +
          'R3F loop + render submit (CPU side; SwiftShader work runs in the GPU process)' +
          (isolated.every(Boolean) ? '' : '; NOT cross-origin isolated: performance.now() ticks in 100 µs steps'),
      ),
      figure('xr.callback.p95', 'XR frame callback, p95', percentile(appMs, 95), 'ms'),
      figure(
        'xr.reference.median',
        'Empty WebXR loop callback, median',
        median(refMs),
        'ms',
        undefined,
        `p95 ${round(percentile(refMs, 95), 3)} ms over ${refMs.length} frames; clears both eyes, nothing else`,
      ),
      figure(
        'xr.callback.ratio',
        'XR callback ratio app / empty loop',
        median(appMs) / median(refMs),
        '×',
        undefined,
        `per round (app/ref ms): ${perRound.map((p) => `${p.app}/${p.ref}`).join(', ')}`,
      ),
      figure(
        'xr.fps',
        'XR frames per second (emulated Quest 3)',
        (fps.frames * 1000) / fps.ms,
        'fps',
        undefined,
        `${fps.frames} frames in ${round(fps.ms / 1000, 1)} s (the empty loop: ${round(median(perRound.map((p) => p.refFps)), 1)} fps); ` +
          "bounded by SwiftShader: IWER's getParameter at each frame's start waits for the GPU process",
      ),
    ];
    details.xr = {
      crossOriginIsolated: { app: isolated[0], reference: isolated[1] },
      callbacksPerFrame: { app: median(samples.app.map((f) => f.callbacks)), reference: median(samples.ref.map((f) => f.callbacks)) },
      callbackMs: { app: appMs.map((x) => round(x, 3)), reference: refMs.map((x) => round(x, 3)), perRound },
      drawCalls: { inspector, glPerFrame: appDraws, referenceGlPerFrame: refDraws, windowFramesWithDrawsOutsideXR: outsideXR },
      fps,
    };
    const pageErrors = [...app.pageErrors, ...ref.pageErrors];
    if (pageErrors.length) details.xrPageErrors = pageErrors;
    return { figures, details, references: { xrDrawCalls: median(inspector) } };
  } finally {
    for (const o of [app, ref]) {
      if (!o) continue;
      await resume(o.cdp).catch(() => undefined); // never leave a renderer stopped in the debugger
      await o.context.close();
    }
    await refServer?.close();
    await appServer.close();
    rmSync(refDir, { recursive: true, force: true });
  }
}
