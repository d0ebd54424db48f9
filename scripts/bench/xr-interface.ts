// Bench module: what the VR interface costs in the emulated Quest 3 (IWER), controllers drawn.
//   npx tsx scripts/bench/xr-interface.ts [distDir]     (default dist/; run `npm run build` first)
// Figures: XR draw calls per frame (both eyes) with the wrist menu hidden (the visitor looking at a panel, the caption
// board showing its hints) and shown (pinned with Y), and the app's XR frame callback median in each state (the time
// inside the page's XRSession.requestAnimationFrame callbacks: R3F's loop and the render submit, CPU side), after the
// same 60 warm-up frames as the `xr` section's (the first seconds in VR load the controller models and typeset the
// menu; that section reports them apart). The page is served cross-origin isolated, as the `xr` section's, so that
// performance.now() ticks in 5 µs, not 100 µs.
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, INSTALL_QUEST, IWER_SOURCE } from '../../tests/e2e/harness.ts';
import { isolatedServer } from './common.ts';

/** Frames in VR before timing, as the `xr` section's warm-up. */
const WARM_UP_FRAMES = 60;

type Figure = { figure: string; value: number; unit: string; budget?: string; pass?: boolean; note?: string };

/** Times every XR frame callback of the page (all callbacks of one frame summed), kept in window.__xrTimes. */
const CALLBACK_PROBE = `(() => {
  const times = [];
  window.__xrTimes = times;
  const proto = XRSession.prototype;
  const raf = proto.requestAnimationFrame;
  let frameTime = -1, acc = 0;
  proto.requestAnimationFrame = function (cb) {
    return raf.call(this, (t, frame) => {
      if (t !== frameTime) { if (frameTime >= 0) times.push(acc); frameTime = t; acc = 0; }
      const t0 = performance.now();
      try { cb(t, frame); } finally { acc += performance.now() - t0; }
    });
  };
})();`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

// Page code as strings (as in scripts/bench.ts): tsx would wrap functions handed to page.evaluate in helpers the page lacks.
async function frames(page: Page, n: number): Promise<void> {
  await page.evaluate(`new Promise((resolve) => {
    const session = window.__quest.activeSession;
    if (!session) return resolve();
    let left = ${n};
    const tick = () => (--left <= 0 ? resolve() : session.requestAnimationFrame(tick));
    session.requestAnimationFrame(tick);
  })`);
}

async function sample(page: Page, n: number): Promise<{ draws: number; ms: number }> {
  await frames(page, 5);
  const draws: number[] = [];
  const start = await page.evaluate<number>('window.__xrTimes.length');
  for (let i = 0; i < n; i++) {
    await frames(page, 1);
    draws.push(await page.evaluate<number>('window.__IAMM__.drawCalls()'));
  }
  const ms = await page.evaluate<number[]>(`window.__xrTimes.slice(${start})`);
  return { draws: median(draws), ms: median(ms) };
}

export async function measure(ctx: { distDir: string; chromiumPath: string }): Promise<Figure[]> {
  const server = await isolatedServer(ctx.distDir);
  const browser = await chromium.launch({ executablePath: ctx.chromiumPath, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block', bypassCSP: true });
    const page = await context.newPage();
    for (const content of [IWER_SOURCE, INSTALL_QUEST, CALLBACK_PROBE]) await page.addInitScript({ content });
    await page.goto(server.url, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(`document.documentElement.dataset.ready === '1'`, undefined, { timeout: 90_000 });
    await page.getByRole('button', { name: 'Enter VR', exact: true }).click();
    await page.waitForFunction('window.__quest.activeSession !== undefined', undefined, { timeout: 30_000 });
    await frames(page, WARM_UP_FRAMES);
    // At the first milestone, looking at its panel: the board shows its hints, the menu is hidden.
    const press = async (hand: 'left' | 'right', button: string): Promise<void> => {
      await page.evaluate(`window.__quest.controllers.${hand}.updateButtonValue('${button}', 1)`);
      await frames(page, 2);
      await page.evaluate(`window.__quest.controllers.${hand}.updateButtonValue('${button}', 0)`);
      await frames(page, 3);
    };
    await press('right', 'a-button');
    const hidden = await sample(page, 60);
    await press('left', 'y-button');
    const shown = await sample(page, 60);
    const isolated = await page.evaluate<boolean>('window.crossOriginIsolated');
    const note = `median over 60 XR frames${isolated ? '' : '; not cross-origin isolated: performance.now() ticks coarsely'}`;
    return [
      { figure: 'xr.ui.drawCalls.menuHidden', value: hidden.draws, unit: 'calls', budget: '≤ 40', pass: hidden.draws <= 40, note: 'both eyes, controllers drawn, caption board with hints' },
      { figure: 'xr.ui.drawCalls.menuShown', value: shown.draws, unit: 'calls', budget: '≤ 40', pass: shown.draws <= 40, note: 'the wrist menu pinned open with Y' },
      { figure: 'xr.ui.callback.menuHidden', value: hidden.ms, unit: 'ms', budget: '≤ 1.0', pass: hidden.ms <= 1.0, note },
      { figure: 'xr.ui.callback.menuShown', value: shown.ms, unit: 'ms', note },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await measure({ distDir: process.argv[2] ?? 'dist', chromiumPath: findChromium() })) console.log(JSON.stringify(f));
}
