// Time to data-ready under a 4× CPU throttle: the exhibit `/` against the 2D timeline `/?view=2d`, interleaved pairs;
// and the times to the exhibit's entrance banner readable (data-entrance), to its first view readable (the entrance
// and the first era: data-first-view) and to all text ready (data-ready), each as a ratio to the 2D timeline.
import { type BenchContext, type Figure, figure, median, round, type SectionResult, timesToReady } from './common.ts';

export const BUDGET = { throttledReadyRatio: 1.5, throttledEntranceRatio: 3 };
export const CPU_THROTTLE = 4;
const THROTTLE_REPEATS = 3;

export async function measure(ctx: BenchContext): Promise<SectionResult> {
  const load = (url: string): Promise<{ readyMs: number; entranceMs: number; firstViewMs: number; firstFrameMs: number | null }> =>
    timesToReady(ctx.browser, url, {
      setup: async (cdp) => {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
      },
    });
  const runs = { exhibit: [] as number[], timeline: [] as number[], entrance: [] as number[], firstView: [] as number[], firstFrame: [] as number[] };
  // Pairs, interleaved, so drift hits both. A 3D load is started only if it can end by the run's deadline, judged
  // by the slowest one so far (and at least one pair is always measured).
  for (let i = 0; i < THROTTLE_REPEATS; i++) {
    const slowest = Math.max(60_000, ...runs.exhibit.map((ms) => ms + 5_000));
    if (i > 0 && Date.now() + slowest * 1.3 > ctx.deadline) break;
    runs.timeline.push((await load(new URL('/?view=2d', ctx.baseUrl).href)).readyMs);
    const exhibitRun = await load(ctx.baseUrl);
    runs.exhibit.push(exhibitRun.readyMs);
    runs.entrance.push(exhibitRun.entranceMs);
    runs.firstView.push(exhibitRun.firstViewMs);
    if (exhibitRun.firstFrameMs !== null) runs.firstFrame.push(exhibitRun.firstFrameMs);
    ctx.log(`        pair ${i + 1}: exhibit ${round(runs.exhibit[i]! / 1000, 1)} s, 2D ${round(runs.timeline[i]! / 1000, 1)} s`);
  }
  const exhibit = median(runs.exhibit);
  const entrance = median(runs.entrance);
  const firstView = median(runs.firstView);
  const firstFrame = runs.firstFrame.length ? median(runs.firstFrame) : null;
  const timeline = median(runs.timeline);
  const n = runs.exhibit.length;
  const figures: Figure[] = [
    figure(
      'throttled.exhibit',
      `Data-ready at ${CPU_THROTTLE}× CPU throttle, exhibit /`,
      exhibit / 1000,
      's',
      undefined,
      `median of ${n}: ${runs.exhibit.map((x) => round(x / 1000, 1)).join(', ')} s${n < THROTTLE_REPEATS ? ' (fewer repeats: run budget)' : ''}`,
    ),
    figure(
      'throttled.entrance',
      `Entrance banner readable at ${CPU_THROTTLE}× CPU throttle, exhibit /`,
      entrance / 1000,
      's',
      undefined,
      `median of ${runs.entrance.length}: ${runs.entrance.map((x) => round(x / 1000, 1)).join(', ')} s; data-entrance="1"`,
    ),
    figure(
      'throttled.firstView',
      `First view readable (entrance and first era) at ${CPU_THROTTLE}× CPU throttle, exhibit /`,
      firstView / 1000,
      's',
      undefined,
      `median of ${runs.firstView.length}: ${runs.firstView.map((x) => round(x / 1000, 1)).join(', ')} s; data-first-view="1"`,
    ),
    ...(firstFrame === null
      ? []
      : [
          figure(
            'throttled.firstFrame',
            `First 3D frame (corridor drawn, no text yet) at ${CPU_THROTTLE}× CPU throttle, exhibit /`,
            firstFrame / 1000,
            's',
            undefined,
            `median of ${runs.firstFrame.length}: ${runs.firstFrame.map((x) => round(x / 1000, 1)).join(', ')} s; first draw on the page's canvas`,
          ),
        ]),
    figure(
      'throttled.timeline',
      `Data-ready at ${CPU_THROTTLE}× CPU throttle, 2D /?view=2d`,
      timeline / 1000,
      's',
      undefined,
      `median of ${runs.timeline.length}: ${runs.timeline.map((x) => round(x / 1000, 2)).join(', ')} s`,
    ),
    figure(
      'throttled.ratio',
      'Data-ready ratio exhibit / 2D (throttled)',
      exhibit / timeline,
      '×',
      BUDGET.throttledReadyRatio,
      'all text ready: every glyph of the corridor built, in software GL (SwiftShader) here',
    ),
    ...(firstFrame === null
      ? []
      : [
          figure(
            'throttled.firstFrameRatio',
            'First 3D frame / 2D data-ready (throttled)',
            firstFrame / timeline,
            '×',
            undefined,
            'what the first view costs before any glyph: the 3D code, the WebGL context and its shaders',
          ),
        ]),
    figure(
      'throttled.entranceRatio',
      'Entrance banner readable / 2D data-ready (throttled)',
      entrance / timeline,
      '×',
      BUDGET.throttledEntranceRatio,
      'the banner is typeset and its glyphs built first (outlines flattened for the SDF generator), then the first view, then the rest',
    ),
    figure(
      'throttled.firstViewRatio',
      'First view readable (entrance and first era) / 2D data-ready (throttled)',
      firstView / timeline,
      '×',
      undefined,
      'the second step: the rest of the entrance and the first era',
    ),
  ];
  const details = {
    throttled: {
      rate: CPU_THROTTLE,
      exhibitMs: runs.exhibit.map((x) => round(x, 0)),
      entranceMs: runs.entrance.map((x) => round(x, 0)),
      firstViewMs: runs.firstView.map((x) => round(x, 0)),
      firstFrameMs: runs.firstFrame.map((x) => round(x, 0)),
      timelineMs: runs.timeline.map((x) => round(x, 0)) },
  };
  return { figures, details };
}
