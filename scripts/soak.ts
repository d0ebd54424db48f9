// The kiosk soak: the exhibit as a booth leaves it all day. In cycles, for a bounded time:
//   1. the attract loop plays the default tour to its end and starts it again (a full tour loop),
//   2. a visitor takes over (a key), steps through milestones and switches the language,
//   3. nobody touches it: after the idle time it fades back to the start, and the attract loop plays again;
// each cycle checks the start state (first milestone, default language, camera where the kiosk started, attract
// playing from stop 1) and counts page errors; the JS heap is measured after a forced GC after 1 minute and at the end,
// and (`splitCode`) split by a heap snapshot into V8's code and the rest.
//
//   npm run soak                       # 15 minutes in 3D (builds first)
//   npm run soak -- --minutes 60       # longer
//   npm run soak -- --minutes 2 --view 2d
//   npm run soak -- --viewport 640x360  # another page size
//   npm run soak -- --chromium-arg=--js-flags=--max-opt=2   # the browser started with a flag (repeatable)
//   npm run soak -- --days 7           # seven simulated days of the kiosk's machines on a fake clock (scripts/soak-week.ts)
//
// Writes bench/soak.json and prints a table. `npm run bench` runs a 10-minute soak for the heap figure, and
// tests/e2e/soak.e2e.test.ts a two-cycle one in `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { createServer } from '../server/app.ts';
import { launchBrowser, openPage, waitForReady } from '../tests/e2e/harness.ts';
import { codeBytes, collectGarbage, readHeapSnapshot } from './heap-snapshot.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'soak.json');

export interface SoakOptions {
  /** Base URL of a served production build (trailing slash). */
  baseUrl: string;
  /** Stop starting new cycles after this long (default 15 min); the cycle under way finishes. */
  minutes?: number;
  /** Or: stop after this many cycles. */
  cycles?: number;
  view?: '3d' | '2d';
  /** The kiosk's idle time for the run (`?idle=`, at least 5 s). */
  idleSeconds?: number;
  /** The page's size (default 1280×720). */
  viewport?: { width: number; height: number };
  /** When to take the early heap figure (default after 60 s). */
  earlyHeapAfterS?: number;
  log?: (line: string) => void;
  /**
   * Also take a heap snapshot after the early and the end heap figures, and split each figure into V8's code and the
   * rest (a few seconds each; `npm run soak` and `npm run bench` do).
   */
  splitCode?: boolean;
  /** Called after each cycle's heap figure, with the page (e.g. to take a heap snapshot: scripts/heap-diff.ts). */
  afterCycle?: (index: number, page: Page) => Promise<void>;
}

export interface SoakCycle {
  index: number;
  /** Seconds since the start of the run when the cycle ended. */
  atS: number;
  /** The attract tour reached its last stop and began again at stop 1. */
  tourLooped: boolean;
  /** After the idle reset: first milestone, default language, camera back at the start, attract at stop 1. */
  startState: boolean;
  problems: string[];
  heapMB: number;
  /** Frames the 3D view drew during the cycle (null in 2D): how often the per-frame code ran. */
  frames: number | null;
}

export interface SoakResult {
  view: '3d' | '2d';
  durationS: number;
  cycles: SoakCycle[];
  /** Used JS heap (MB) after a forced GC: after about a minute, and at the end. */
  heapEarlyMB: number | null;
  heapEarlyAtS: number | null;
  heapEndMB: number;
  /** heapEndMB / heapEarlyMB. */
  heapRatio: number | null;
  /**
   * With `splitCode`: the part of the early and the end heap figures that is V8's code (`codeBytes`: compiled code,
   * bytecode, feedback), and the rest's end ÷ early: whether what grows is the exhibit's objects or V8's code.
   */
  codeEarlyMB: number | null;
  codeEndMB: number | null;
  restRatio: number | null;
  pageErrors: string[];
  consoleErrors: string[];
  /** Every request the page made. */
  requests: string[];
  ok: boolean;
}

/**
 * Reads and drives the page through the DevTools protocol's DOM and Input domains, which run no script in the page.
 * Playwright's own helpers (`page.evaluate`, locators) run its injected script in the page's JS heap: polled four
 * times a second for minutes, V8 tiers that script up (Maglev, Turbofan) cycle after cycle, and its optimised code
 * is counted in the very heap the soak measures. A visitor's kiosk has no such script, so the soak uses none.
 */
export class QuietProbe {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async attach(page: Page): Promise<QuietProbe> {
    return new QuietProbe(page, await page.context().newCDPSession(page));
  }

  /** The first element matching `selector`, or null (a fresh document each time: no node ids are kept between reads). */
  private async node(selector: string): Promise<number | null> {
    const { root } = (await this.cdp.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
    const { nodeId } = (await this.cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })) as { nodeId: number };
    return nodeId > 0 ? nodeId : null;
  }

  async attribute(selector: string, name: string): Promise<string | null> {
    const id = await this.node(selector);
    if (id === null) return null;
    const { attributes } = (await this.cdp.send('DOM.getAttributes', { nodeId: id })) as { attributes: string[] };
    for (let i = 0; i + 1 < attributes.length; i += 2) if (attributes[i] === name) return attributes[i + 1]!;
    return null;
  }

  /** The element's text (its markup without tags and with the few entities the page's text can hold decoded). */
  async text(selector: string): Promise<string | null> {
    const id = await this.node(selector);
    if (id === null) return null;
    const { outerHTML } = (await this.cdp.send('DOM.getOuterHTML', { nodeId: id })) as { outerHTML: string };
    return outerHTML
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  }

  /** A mouse click at the middle of the element (as a visitor's; throws if it is not there or has no box). */
  async click(selector: string): Promise<void> {
    const id = await this.node(selector);
    if (id === null) throw new Error(`no element ${selector}`);
    const { model } = (await this.cdp.send('DOM.getBoxModel', { nodeId: id })) as { model: { border: number[] } };
    const q = model.border;
    const x = (q[0]! + q[2]! + q[4]! + q[6]!) / 4;
    const y = (q[1]! + q[3]! + q[5]! + q[7]!) / 4;
    await this.page.mouse.click(x, y);
  }

  /** One short expression's value (the exhibit's own test hooks): one small script, compiled once and cached by V8. */
  async value<T>(expression: string): Promise<T> {
    const r = (await this.cdp.send('Runtime.evaluate', { expression, returnByValue: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string };
    };
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}

type Phase = string | null;
const phase = (probe: QuietProbe): Promise<Phase> => probe.attribute('html', 'data-kiosk');
const stopShown = async (probe: QuietProbe): Promise<number | null> => {
  const text = await probe.text('.tour-progress');
  const m = text ? /(\d+)\s*\/\s*(\d+)/.exec(text) : null;
  return m ? Number(m[1]) : null;
};
const checkedLanguage = (probe: QuietProbe): Promise<string | null> => probe.attribute('input[name="language"]:checked', 'value');

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, page: Page): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`soak: timed out waiting for ${what} (last: ${JSON.stringify(v)})`);
    await page.waitForTimeout(250);
  }
}

const MB = 1024 * 1024;
const round2 = (x: number): number => Math.round(x * 100) / 100;

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await collectGarbage(cdp);
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / MB;
  } finally {
    await cdp.detach();
  }
}

/** Runs the soak in a fresh page of `browser`. Never throws for what it observes: problems are listed. */
export async function runSoak(browser: Browser, options: SoakOptions): Promise<SoakResult> {
  const view = options.view ?? '3d';
  const idle = Math.max(5, options.idleSeconds ?? 6);
  const log = options.log ?? (() => undefined);
  const limitMs = (options.minutes ?? 15) * 60_000;
  const maxCycles = options.cycles ?? Number.POSITIVE_INFINITY;
  const earlyAfterMs = (options.earlyHeapAfterS ?? 60) * 1000;
  const query = `?kiosk=1&idle=${idle}${view === '2d' ? '&view=2d' : ''}`;
  const o = await openPage(browser, query, {
    baseUrl: options.baseUrl,
    timeout: 120_000,
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  const t0 = Date.now();
  const since = (): number => Math.round((Date.now() - t0) / 100) / 10;
  const cycles: SoakCycle[] = [];
  let heapEarlyMB: number | null = null;
  let heapEarlyAtS: number | null = null;
  let codeEarlyMB: number | null = null;
  const codeMB = async (): Promise<number | null> => (options.splitCode ? codeBytes(await readHeapSnapshot(o.page)) / MB : null);
  let probe: QuietProbe | null = null;
  try {
    await waitForReady(o.page, { timeout: 120_000 });
    const p = (probe = await QuietProbe.attach(o.page));
    type View = { x: number; z: number; yaw: number; gliding: boolean } | null;
    const viewpoint = (): Promise<View> => p.value<View>('window.__IAMM__?.viewpoint() ?? null');
    const framesDrawn = (): Promise<number | null> => p.value<number | null>('window.__IAMM__?.framesDrawn() ?? null');
    let framesBefore = await framesDrawn();
    // The camera once it has settled: the attract tour's first stop may glide to its own standing spot.
    const settledView = async () => {
      for (let i = 0; i < 100; i++) {
        const v = await viewpoint();
        if (v === null || !v.gliding) return v;
        await o.page.waitForTimeout(100);
      }
      return viewpoint();
    };
    const startView = view === '3d' ? await settledView() : null;
    const firstHash = await p.value<string>('window.location.hash');
    const defaultLanguage = await checkedLanguage(p);
    const waitForPhase = (what: string, want: string, timeoutMs: number): Promise<Phase> =>
      waitFor(
        what,
        () => phase(p),
        (now) => now === want,
        timeoutMs,
        o.page,
      );
    for (let index = 1; index <= maxCycles && Date.now() - t0 < limitMs; index++) {
      const problems: string[] = [];
      // 1. A full attract loop: up to the last stop, then stop 1 again.
      let tourLooped = false;
      try {
        await waitForPhase('the attract loop', 'attract', 60_000);
        let highest = 0;
        await waitFor(
          'the attract tour to loop',
          () => stopShown(p),
          (n) => {
            if (n !== null && n > highest) highest = n;
            return n === 1 && highest > 1;
          },
          8 * 60_000,
          o.page,
        );
        tourLooped = true;
      } catch (err) {
        problems.push((err as Error).message);
      }
      // 2. A visitor: a key hands over control; two milestones; the other language.
      try {
        await o.page.keyboard.press('Shift');
        await waitForPhase('the visitor phase', 'visitor', 10_000);
        const next = '.toolbar button[aria-keyshortcuts^="N"]';
        await p.click(next);
        await o.page.waitForTimeout(1_000);
        await p.click(next);
        await p.click('.toolbar label.choice:has(> input[name="language"][value="en"])');
        await waitFor(
          'English',
          () => checkedLanguage(p),
          (l) => l === 'en',
          5_000,
          o.page,
        );
        await o.page.waitForTimeout(1_000);
      } catch (err) {
        problems.push(`visitor: ${(err as Error).message}`);
      }
      // 3. Nobody: the reset, then the start state.
      let startState = false;
      try {
        await waitForPhase('the idle reset', 'attract', (idle + 30) * 1000);
        const now = {
          hash: await p.value<string>('window.location.hash'),
          language: await checkedLanguage(p),
          view: view === '3d' ? await settledView() : null,
        };
        const stop = await waitFor(
          'stop 1 of the attract tour',
          () => stopShown(p),
          (n) => n === 1,
          15_000,
          o.page,
        );
        const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-3;
        const cameraBack =
          startView === null ||
          (now.view !== null && near(now.view.x, startView.x) && near(now.view.z, startView.z) && near(now.view.yaw, startView.yaw));
        startState = now.hash === firstHash && now.language === defaultLanguage && cameraBack && stop === 1;
        if (!startState) problems.push(`start state: ${JSON.stringify({ ...now, stop, firstHash, defaultLanguage, startView })}`);
      } catch (err) {
        problems.push(`reset: ${(err as Error).message}`);
      }
      if (heapEarlyMB === null && Date.now() - t0 >= earlyAfterMs) {
        heapEarlyMB = await heapMB(o.page);
        heapEarlyAtS = since();
        codeEarlyMB = await codeMB();
      }
      const heap = await heapMB(o.page);
      const framesNow = await framesDrawn();
      const frames = framesNow === null || framesBefore === null ? null : framesNow - framesBefore;
      framesBefore = framesNow;
      cycles.push({ index, atS: since(), tourLooped, startState, problems, heapMB: round2(heap), frames });
      log(
        `soak cycle ${index} at ${since()} s: tour looped ${tourLooped}, start state ${startState}, heap ${heap.toFixed(2)} MB, ${frames ?? '—'} frames` +
          (problems.length ? `; ${problems.join('; ')}` : ''),
      );
      if (heapEarlyMB === null && index === 1) {
        heapEarlyMB = heap;
        heapEarlyAtS = since();
        codeEarlyMB = await codeMB();
      }
      if (options.afterCycle) await options.afterCycle(index, o.page);
    }
    const heapEndMB = await heapMB(o.page);
    const codeEndMB = await codeMB();
    const restRatio =
      heapEarlyMB !== null && codeEarlyMB !== null && codeEndMB !== null ? (heapEndMB - codeEndMB) / (heapEarlyMB - codeEarlyMB) : null;
    const ok =
      cycles.length > 0 && cycles.every((c) => c.problems.length === 0 && c.tourLooped && c.startState) && o.pageErrors.length === 0;
    return {
      view,
      durationS: since(),
      cycles,
      heapEarlyMB: heapEarlyMB === null ? null : round2(heapEarlyMB),
      heapEarlyAtS,
      heapEndMB: round2(heapEndMB),
      heapRatio: heapEarlyMB ? Math.round((heapEndMB / heapEarlyMB) * 1000) / 1000 : null,
      codeEarlyMB: codeEarlyMB === null ? null : round2(codeEarlyMB),
      codeEndMB: codeEndMB === null ? null : round2(codeEndMB),
      restRatio: restRatio === null ? null : Math.round(restRatio * 1000) / 1000,
      pageErrors: [...o.pageErrors],
      consoleErrors: [...o.consoleErrors],
      requests: [...o.requests],
      ok,
    };
  } finally {
    await probe?.detach();
    await o.close();
  }
}

export function formatSoak(r: SoakResult): string {
  const lines = [
    `Kiosk soak (${r.view}): ${r.cycles.length} cycles in ${r.durationS} s; page errors ${r.pageErrors.length}`,
    'cycle   at s   tour looped   start state   heap MB   frames',
    ...r.cycles.map(
      (c) =>
        `${String(c.index).padStart(5)}  ${String(c.atS).padStart(5)}   ${String(c.tourLooped).padEnd(11)}   ${String(c.startState).padEnd(11)}   ${c.heapMB.toFixed(2).padStart(7)}   ${String(c.frames ?? '—').padStart(6)}`,
    ),
    `heap after GC: ${r.heapEarlyMB ?? '—'} MB at ${r.heapEarlyAtS ?? '—'} s, ${r.heapEndMB} MB at the end: ratio ${r.heapRatio ?? '—'}`,
    ...(r.codeEarlyMB !== null && r.codeEndMB !== null && r.heapEarlyMB !== null
      ? [
          `of which V8's code (compiled code, bytecode, feedback): ${r.codeEarlyMB} MB, then ${r.codeEndMB} MB; ` +
            `the rest: ${round2(r.heapEarlyMB - r.codeEarlyMB)} MB, then ${round2(r.heapEndMB - r.codeEndMB)} MB: ratio ${r.restRatio ?? '—'}`,
        ]
      : []),
    `result: ${r.ok ? 'PASS' : 'FAIL'}`,
  ];
  return lines.join('\n');
}

function parseArgs(argv: string[]): {
  minutes: number;
  view: '3d' | '2d';
  idle: number;
  dist: string;
  viewport: { width: number; height: number } | null;
  chromiumArgs: string[];
} {
  const out = {
    minutes: 15,
    view: '3d' as '3d' | '2d',
    idle: 6,
    dist: path.join(ROOT, 'dist'),
    viewport: null as { width: number; height: number } | null,
    chromiumArgs: [] as string[],
  };
  for (let i = 0; i < argv.length; i++) {
    // --name=value (the value may hold '=' itself: --chromium-arg=--js-flags=--max-opt=2) or --name value.
    const eq = argv[i]!.indexOf('=');
    const name = eq < 0 ? argv[i]! : argv[i]!.slice(0, eq);
    const value = eq < 0 ? argv[++i] : argv[i]!.slice(eq + 1);
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--minutes' && Number(value) > 0 && Number(value) <= 24 * 60) out.minutes = Number(value);
    else if (name === '--view' && (value === '3d' || value === '2d')) out.view = value;
    else if (name === '--idle' && Number.isInteger(Number(value)) && Number(value) >= 5) out.idle = Number(value);
    else if (name === '--dist') out.dist = path.resolve(value);
    else if (name === '--viewport' && /^\d{3,4}x\d{3,4}$/.test(value)) {
      const [width, height] = value.split('x').map(Number) as [number, number];
      out.viewport = { width, height };
    } else if (name === '--chromium-arg') out.chromiumArgs.push(value);
    else
      throw new Error(
        `bad argument ${name} ${value} (use --minutes 1..1440, --view 3d|2d, --idle 5.., --dist DIR, --viewport WxH, --chromium-arg ARG)`,
      );
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href && process.argv.includes('--days')) {
  // Simulated days on a fake clock (no browser): scripts/soak-week.ts.
  const { main } = await import('./soak-week.ts');
  process.exit(await main(process.argv.slice(2)));
} else if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = parseArgs(process.argv.slice(2));
  const server = await createServer({ root: args.dist, port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser({ args: args.chromiumArgs });
  if (args.chromiumArgs.length) console.log(`chromium ${args.chromiumArgs.join(' ')}`);
  let code = 1;
  try {
    const result = await runSoak(browser, {
      baseUrl: server.url,
      minutes: args.minutes,
      view: args.view,
      idleSeconds: args.idle,
      ...(args.viewport ? { viewport: args.viewport } : {}),
      splitCode: true,
      log: (l) => console.log(l),
    });
    console.log(formatSoak(result));
    mkdirSync(path.dirname(OUT), { recursive: true });
    const { requests, ...kept } = result;
    writeFileSync(OUT, JSON.stringify({ date: new Date().toISOString(), requestCount: requests.length, ...kept }, null, 2) + '\n');
    console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
    code = result.ok ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
  }
  process.exit(code);
}
