// What the bench's sections share: the figure and section types, the context the runner passes, stats helpers, the
// in-page probes and the page helpers. Nothing here keeps results: each section returns its own.
//
// In-page code is plain JavaScript in strings: tsx compiles these files with esbuild's keepNames, whose `__name`
// helper does not exist in the page, so functions with inner named functions cannot be passed to page.evaluate.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { createStaticHandler, type RunningServer } from '../../server/app.ts';
import { waitForReady } from '../../tests/e2e/harness.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VIEWPORT = { width: 1280, height: 720 };
export const KB = 1000;

// ---------------------------------------------------------------------------------------------------------------
// Figures and sections

export interface Figure {
  key: string;
  label: string;
  value: number | null;
  unit: string;
  /** The figure must be at most this (inclusive); absent for informative figures. */
  budget?: number;
  /** A budget that is not "at most a number" (from an external section), as its section wrote it. */
  budgetText?: string;
  /** null when there is no budget or no value. */
  pass: boolean | null;
  note?: string;
}

/** A figure with its pass/fail decided: at most `budget`, inclusive. */
export function figure(key: string, label: string, value: number | null, unit: string, budget?: number, note?: string): Figure {
  const pass = budget === undefined || value === null ? null : value <= budget;
  return { key, label, value, unit, ...(budget !== undefined ? { budget } : {}), pass, ...(note ? { note } : {}) };
}

/** Figures one section measured that a later one sets its own against; passed explicitly by the runner. */
export interface References {
  /** The real scene's time to data-ready on the desktop, unthrottled (ms since navigation). */
  readyAtMs: number;
  /** The real scene's XR draw calls per frame, both eyes, controllers drawn. */
  xrDrawCalls: number;
}

export interface SectionResult {
  figures: Figure[];
  /** Merged into results.json's `details` (keys as they were before the split). */
  details?: Record<string, unknown>;
  /** What later sections may set themselves against. */
  references?: Partial<References>;
}

/** The return shape of a section written against the short context (`{ baseUrl, chromiumPath }`). */
export interface ExternalFigure {
  figure: string;
  value: number;
  unit: string;
  budget?: string;
  pass?: boolean;
  note?: string;
}

/** What the runner gives each section: a superset of `{ baseUrl, chromiumPath }`. */
export interface BenchContext {
  /** The production build served by server/app.ts (trailing slash). */
  baseUrl: string;
  chromiumPath: string;
  /** One browser for the run; a section opens its own contexts and closes them. */
  browser: Browser;
  distDir: string;
  /** Repeats are planned to end by this (Date.now() ms); the watchdog stops the run later, whatever happens. */
  deadline: number;
  /** Minutes of the kiosk soak (BENCH_SOAK_MINUTES). */
  soakMinutes: number;
  /** References measured by earlier sections of this run; a section whose reference is absent measures its own. */
  references: Partial<References>;
  log: (line: string) => void;
}

export type SectionMeasure = (ctx: BenchContext) => Promise<SectionResult | ExternalFigure[]>;

/** A section that failed after measuring some figures: the runner keeps them and records the error. */
export class SectionFailure extends Error {
  constructor(
    message: string,
    readonly partial: SectionResult,
  ) {
    super(message);
  }
}

/** Runs `fn`; if it throws, rethrows as a SectionFailure carrying what was measured before it. */
export async function keepPartial<T>(partial: SectionResult, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new SectionFailure((err as Error).message ?? String(err), partial);
  }
}

/** An external section's figures in the bench's shape: a budget "≤ 50" or "50" is numeric, anything else is text. */
export function adaptExternal(sectionId: string, rows: readonly ExternalFigure[]): Figure[] {
  return rows.map((r) => {
    const m = r.budget === undefined ? null : /^\s*(?:≤|<=)?\s*(-?\d+(?:\.\d+)?)\s*$/.exec(r.budget);
    const budget = m ? Number(m[1]) : undefined;
    const value = Number.isFinite(r.value) ? r.value : null;
    const computed = budget === undefined || value === null ? null : value <= budget;
    const f: Figure = {
      key: `${sectionId}.${r.figure}`,
      label: r.figure,
      value,
      unit: r.unit,
      ...(budget !== undefined ? { budget } : {}),
      ...(r.budget !== undefined && budget === undefined ? { budgetText: r.budget } : {}),
      pass: r.pass ?? computed,
      ...(r.note ? { note: r.note } : {}),
    };
    return f;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Stats

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------------------------
// In-page probes

const require = createRequire(import.meta.url);
export const IWER_SOURCE = readFileSync(require.resolve('iwer/build/iwer.js'), 'utf8');
/** The emulated Meta Quest 3, as tests/e2e/xr.e2e.test.ts installs it, but rendering both eyes like the headset. */
export const INSTALL_QUEST = `
  window.__quest = new IWER.XRDevice(IWER.metaQuest3);
  window.__quest.stereoEnabled = true;
  window.__quest.installRuntime({ forceInstall: true });
`;

/**
 * Notes when <html data-ready="1"> appears (ms since navigation, in window.__benchReadyAt) and, when the bench added
 * a CDP binding `__benchReady`, says so on the CDP session, in order with that session's network events.
 * It observes `document`: at document start there is no <html> element yet.
 */
export const READY_PROBE = `(() => {
  const seen = () => {
    const el = document.documentElement;
    if (el && el.dataset.entrance === '1' && window.__benchEntranceAt === undefined) window.__benchEntranceAt = performance.now();
    if (el && el.dataset.firstView === '1' && window.__benchFirstViewAt === undefined) window.__benchFirstViewAt = performance.now();
    if (!el || el.dataset.ready !== '1' || window.__benchReadyAt !== undefined) return;
    window.__benchReadyAt = performance.now();
    if (typeof window.__benchReady === 'function') window.__benchReady(String(window.__benchReadyAt));
  };
  new MutationObserver(seen).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready', 'data-first-view', 'data-entrance'] });
  // The first draw on a canvas in the page (the 3D view's first frame, before any text; troika's glyph canvas is
  // detached and does not count): __benchFirstFrameAt.
  const proto = window.WebGL2RenderingContext && WebGL2RenderingContext.prototype;
  if (proto) {
    for (const name of ['drawElements', 'drawArrays', 'drawElementsInstanced', 'drawArraysInstanced']) {
      const draw = proto[name];
      proto[name] = function (...args) {
        if (window.__benchFirstFrameAt === undefined && this.canvas && this.canvas.isConnected) window.__benchFirstFrameAt = performance.now();
        return draw.apply(this, args);
      };
    }
  }
})();`;

/**
 * Counts WebGL draw calls per animation frame and times XR frame callbacks.
 * - Every draw entry point (and the instancing and multi-draw extensions') is wrapped; a draw is attributed to the
 *   innermost frame callback running: a window requestAnimationFrame turn (keyed by its timestamp) or an XR frame
 *   (keyed by its time). Draws on detached canvases (troika's glyph generator) are counted apart.
 * - XRSession.prototype.requestAnimationFrame is wrapped after IWER installed its XRSession, so each of the page's
 *   XR callbacks is timed with performance.now(); all of one frame's callbacks add up to that frame's `ms`.
 * - The bench's own waits use the unwrapped functions (B.raf, B.xrRaf), so they are neither counted nor timed.
 */
export const GL_PROBE = `(() => {
  if (window.__bench) return;
  const KEEP = 600;
  const B = { win: [], xr: [], seq: 0, xrSeq: 0, outside: 0, detached: 0, multiDraws: 0, session: null };
  window.__bench = B;
  let current = null;
  const count = (canvas) => {
    if (!canvas || !canvas.isConnected) { B.detached++; return; }
    if (current) current.draws++; else B.outside++;
  };
  const DRAWS = ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements'];
  for (const ctor of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
    if (!ctor) continue;
    const proto = ctor.prototype;
    for (const name of DRAWS) {
      const f = proto[name];
      if (typeof f !== 'function') continue;
      proto[name] = function () { count(this.canvas); return f.apply(this, arguments); };
    }
    const getExtension = proto.getExtension;
    proto.getExtension = function (name) {
      const ext = getExtension.call(this, name);
      if (ext && !ext.__benchWrapped && /^(WEBGL_multi_draw|ANGLE_instanced_arrays)$/i.test(String(name))) {
        const canvas = this.canvas;
        for (const key in ext) {
          const f = ext[key];
          if (typeof f !== 'function' || !/^(multiDraw|draw)/.test(key)) continue;
          const multi = key.startsWith('multiDraw');
          ext[key] = function () { count(canvas); if (multi) B.multiDraws++; return f.apply(ext, arguments); };
        }
        ext.__benchWrapped = true;
      }
      return ext;
    };
  }
  const frame = (list, key, isXR) => {
    let rec = list[list.length - 1];
    if (!rec || rec.key !== key) {
      rec = { key, seq: isXR ? ++B.xrSeq : ++B.seq, t: performance.now(), draws: 0, ms: 0, callbacks: 0 };
      list.push(rec);
      if (list.length > KEEP) list.shift();
    }
    return rec;
  };
  const run = (rec, fn) => {
    const prev = current;
    current = rec;
    const t0 = performance.now();
    try { return fn(); } finally { rec.ms += performance.now() - t0; rec.callbacks++; current = prev; }
  };
  const raf = window.requestAnimationFrame;
  B.raf = (cb) => raf.call(window, cb);
  window.requestAnimationFrame = function (cb) {
    return raf.call(window, (ts) => run(frame(B.win, ts, false), () => cb(ts)));
  };
  const XRS = window.XRSession;
  if (XRS && typeof XRS.prototype.requestAnimationFrame === 'function') {
    const xraf = XRS.prototype.requestAnimationFrame;
    B.xrRaf = (session, cb) => xraf.call(session, cb);
    XRS.prototype.requestAnimationFrame = function (cb) {
      B.session = this;
      return xraf.call(this, (t, xrFrame) => run(frame(B.xr, t, true), () => cb(t, xrFrame)));
    };
  }
  const timeout = (ms, what, reject) => setTimeout(() => reject(new Error('timed out after ' + ms + ' ms waiting for ' + what)), ms);
  /** Resolves after n frames of the current XR session, with the XR frame count then. */
  B.xrFrames = (n, ms) => new Promise((resolve, reject) => {
    const s = B.session;
    if (!s || !B.xrRaf) { reject(new Error('no XR session has requested a frame yet')); return; }
    let left = n;
    const timer = timeout(ms, n + ' XR frames', reject);
    const tick = () => { if (--left <= 0) { clearTimeout(timer); resolve(B.xrSeq); } else B.xrRaf(s, tick); };
    B.xrRaf(s, tick);
  });
  B.winFrames = (n) => new Promise((resolve) => {
    let left = n;
    const tick = () => { if (--left <= 0) resolve(B.seq); else B.raf(tick); };
    B.raf(tick);
  });
  /** The exhibit renders on demand: ArrowDown pressed and released in one task asks for one frame that moves nothing. */
  B.forceFrame = () => {
    for (const type of ['keydown', 'keyup']) window.dispatchEvent(new KeyboardEvent(type, { key: 'ArrowDown', code: 'ArrowDown' }));
  };
  B.xrSince = (seq) => B.xr.filter((f) => f.seq > seq).map((f) => ({ seq: f.seq, t: f.t, draws: f.draws, ms: f.ms, callbacks: f.callbacks }));
})();`;

// ---------------------------------------------------------------------------------------------------------------
// Pages

export interface OpenedBenchPage {
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
}

export async function newPage(browser: Browser, scripts: string[]): Promise<OpenedBenchPage> {
  // No service worker in the measured pages: its background download of the offline copy (the precache section
  // reports its size) would land inside the timed rounds. Each page is a first visit.
  // bypassCSP: the exhibit's CSP forbids eval and inline script, but the bench evaluates strings in its pages
  // (waitForFunction) and the empty-loop reference page is one inline script. Nothing measured depends on the CSP.
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block', bypassCSP: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  for (const content of scripts) await page.addInitScript({ content });
  return { context, page, pageErrors };
}

/**
 * One load of `url` in a fresh context: ms from navigation to data-ready. `setup` runs on the page's CDP session
 * before the navigation (a CPU throttle); `scripts` are the init scripts (READY_PROBE at least).
 */
export async function timeToReady(
  browser: Browser,
  url: string,
  options: { scripts?: string[]; setup?: (cdp: CDPSession) => Promise<void> } = {},
): Promise<number> {
  return (await timesToReady(browser, url, options)).readyMs;
}

/**
 * Milliseconds from navigation to data-ready (everything drawn), to data-entrance (the 3D view's entrance banner
 * readable) and to data-first-view (the entrance and the first era readable); the 2D view has neither: its
 * data-ready time.
 */
export async function timesToReady(
  browser: Browser,
  url: string,
  options: { scripts?: string[]; setup?: (cdp: CDPSession) => Promise<void> } = {},
): Promise<{ readyMs: number; entranceMs: number; firstViewMs: number; firstFrameMs: number | null }> {
  const { context, page } = await newPage(browser, options.scripts ?? [READY_PROBE]);
  try {
    if (options.setup) await options.setup(await context.newCDPSession(page));
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await waitForReady(page, { timeout: 150_000 });
    const readyMs = await page.evaluate<number>('window.__benchReadyAt'); // ms since navigation started
    const entranceMs = await page.evaluate<number | null>('window.__benchEntranceAt ?? null');
    const firstViewMs = await page.evaluate<number | null>('window.__benchFirstViewAt ?? null');
    const firstFrameMs = await page.evaluate<number | null>('window.__benchFirstFrameAt ?? null');
    return { readyMs, entranceMs: entranceMs ?? firstViewMs ?? readyMs, firstViewMs: firstViewMs ?? readyMs, firstFrameMs };
  } finally {
    await context.close();
  }
}

export interface DrawCount {
  /** window.__IAMM__.drawCalls(): three.js's count for the last frame it rendered. */
  inspector: number;
  /** Our WebGL wrapper's count for the last window frame that drew. */
  gl: number;
  /** Frames that drew after the nudge (1 when the demand loop rendered once). */
  frames: number;
  /** Draws on detached canvases since the page opened. */
  detachedDraws: number;
  viewpoint: { x: number; z: number; yaw: number };
}

/** Both draw counters for one frame the bench asks for (the exhibit renders on demand). */
export async function desktopDrawCalls(page: Page): Promise<DrawCount> {
  const seq0 = await page.evaluate<number>('window.__bench.seq');
  await page.evaluate('window.__bench.forceFrame()');
  await page.waitForFunction(`window.__bench.win.some((f) => f.seq > ${seq0} && f.draws > 0)`, undefined, { timeout: 20_000, polling: 50 });
  await page.evaluate('window.__bench.winFrames(3)'); // let any follow-up frame land before reading both counters
  return page.evaluate<DrawCount>(`(() => {
    const B = window.__bench;
    const drawn = B.win.filter((f) => f.seq > ${seq0} && f.draws > 0);
    const v = window.__IAMM__.viewpoint();
    return {
      inspector: window.__IAMM__.drawCalls(), gl: drawn[drawn.length - 1].draws, frames: drawn.length, detachedDraws: B.detached,
      viewpoint: { x: v.x, z: v.z, yaw: v.yaw },
    };
  })()`);
}

/** Follows the link to a milestone (`#id`) and waits until the glide has moved the viewpoint and ended. */
export async function glideTo(page: Page, id: string, timeout: number): Promise<void> {
  const z0 = await page.evaluate<number>('window.__IAMM__.viewpoint().z');
  await page.evaluate(`location.hash = '#${id}'`);
  await page.waitForFunction(
    `(() => { const v = window.__IAMM__.viewpoint(); return Math.abs(v.z - ${z0}) > 0.5 && !v.gliding; })()`,
    undefined,
    { timeout, polling: 100 },
  );
}

export interface FrameRecord {
  seq: number;
  t: number;
  draws: number;
  ms: number;
  callbacks: number;
}

/** Waits for n XR frames (the page's own callbacks run in them) and returns what the probe recorded meanwhile. */
export async function xrFrames(page: Page, n: number, msPerFrame = 1_000): Promise<FrameRecord[]> {
  const seq0 = await page.evaluate<number>('window.__bench.xrSeq');
  await page.evaluate(`window.__bench.xrFrames(${n}, ${Math.max(20_000, n * msPerFrame)})`);
  return page.evaluate<FrameRecord[]>(`window.__bench.xrSince(${seq0})`);
}

export type XRPage = OpenedBenchPage & { cdp: CDPSession };

/**
 * Opens a page with the emulated Quest 3 and the probes, clicks "Enter VR" and lets the session settle.
 * `msPerFrame`: how long an XR frame may take before the wait for frames gives up; `settleFrames`: frames let pass
 * before returning (a large scene takes seconds per frame in software GL).
 */
export async function enterVR(browser: Browser, url: string, msPerFrame = 1_000, settleFrames = 10): Promise<XRPage> {
  const o = await newPage(browser, [IWER_SOURCE, INSTALL_QUEST, GL_PROBE, READY_PROBE]);
  try {
    await o.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await waitForReady(o.page, { timeout: 90_000 });
    await o.page.getByRole('button', { name: 'Enter VR', exact: true }).click({ timeout: 30_000 });
    await o.page.waitForFunction('window.__quest.activeSession !== undefined && window.__bench.session !== null', undefined, {
      timeout: 30_000,
      polling: 100,
    });
    await xrFrames(o.page, settleFrames, msPerFrame);
    const cdp = await o.context.newCDPSession(o.page);
    return { ...o, cdp };
  } catch (err) {
    await o.context.close();
    throw new Error(`${url}: ${(err as Error).message}${o.pageErrors.length ? `\nPage errors: ${o.pageErrors.join('; ')}` : ''}`);
  }
}

/**
 * Stops a page's JavaScript (its XR loop included) by pausing it in the debugger, so it takes no CPU while the other
 * page is timed. The frame that was running when paused is inflated by the pause: callers discard the first frames
 * after resuming.
 */
export async function pause(cdp: CDPSession): Promise<void> {
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.pause');
}
export async function resume(cdp: CDPSession): Promise<void> {
  await cdp.send('Debugger.resume').catch(() => undefined); // not paused yet: nothing to resume
  await cdp.send('Debugger.disable');
}

/**
 * A directory served by server/app.ts's handler, plus the two headers that make its pages cross-origin isolated:
 * only then does performance.now() tick in 5 µs steps rather than 100 µs, and the empty loop's callback takes
 * about 0.05 ms. Nothing else changes for the exhibit, which loads nothing from other origins.
 */
export async function isolatedServer(root: string): Promise<RunningServer> {
  const handler = createStaticHandler(root);
  const server = http.createServer((req, res) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
