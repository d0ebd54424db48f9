// The kiosk soak: the exhibit as a booth leaves it all day. In cycles, for a bounded time:
//   1. the attract loop plays the default tour to its end and starts it again (a full tour loop),
//   2. a visitor takes over (a key), steps through milestones and switches the language,
//   3. nobody touches it: after the idle time it fades back to the start, and the attract loop plays again;
// each cycle checks the start state (first milestone, default language, camera where the kiosk started, attract
// playing from stop 1) and counts page errors; the JS heap is measured after a forced GC after 1 minute and at the end.
//
//   npm run soak                       # 15 minutes in 3D (builds first)
//   npm run soak -- --minutes 60       # longer
//   npm run soak -- --minutes 2 --view 2d
//   npm run soak -- --days 7           # seven simulated days of the kiosk's machines on a fake clock (scripts/soak-week.ts)
//
// Writes bench/soak.json and prints a table. `npm run bench` runs a 10-minute soak for the heap figure, and
// tests/e2e/soak.e2e.test.ts a two-cycle one in `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createServer } from '../server/app.ts';
import { launchBrowser, openPage, waitForReady } from '../tests/e2e/harness.ts';

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
  /** When to take the early heap figure (default after 60 s). */
  earlyHeapAfterS?: number;
  log?: (line: string) => void;
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
  pageErrors: string[];
  consoleErrors: string[];
  /** Every request the page made. */
  requests: string[];
  ok: boolean;
}

type Phase = string | undefined;
const phase = (page: Page): Promise<Phase> => page.evaluate(() => document.documentElement.dataset.kiosk);
const stopShown = async (page: Page): Promise<number | null> => {
  const text = await page
    .locator('.tour-progress')
    .first()
    .textContent({ timeout: 1_000 })
    .catch(() => null);
  const m = text ? /(\d+)\s*\/\s*(\d+)/.exec(text) : null;
  return m ? Number(m[1]) : null;
};

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, page: Page): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`soak: timed out waiting for ${what} (last: ${JSON.stringify(v)})`);
    await page.waitForTimeout(250);
  }
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / (1024 * 1024);
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
  const o = await openPage(browser, query, { baseUrl: options.baseUrl, timeout: 120_000 });
  const t0 = Date.now();
  const since = (): number => Math.round((Date.now() - t0) / 100) / 10;
  const cycles: SoakCycle[] = [];
  let heapEarlyMB: number | null = null;
  let heapEarlyAtS: number | null = null;
  try {
    await waitForReady(o.page, { timeout: 120_000 });
    // The camera once it has settled: the attract tour's first stop may glide to its own standing spot.
    const settledView = async () => {
      for (let i = 0; i < 100; i++) {
        const v = await o.page.evaluate(() => window.__IAMM__?.viewpoint() ?? null);
        if (v === null || !v.gliding) return v;
        await o.page.waitForTimeout(100);
      }
      return o.page.evaluate(() => window.__IAMM__?.viewpoint() ?? null);
    };
    const startView = view === '3d' ? await settledView() : null;
    const firstHash = await o.page.evaluate(() => window.location.hash);
    const defaultLanguage = await o.page.evaluate(
      () => (document.querySelector('input[name="language"]:checked') as HTMLInputElement | null)?.value ?? null,
    );
    for (let index = 1; index <= maxCycles && Date.now() - t0 < limitMs; index++) {
      const problems: string[] = [];
      // 1. A full attract loop: up to the last stop, then stop 1 again.
      let tourLooped = false;
      try {
        await waitFor(
          'the attract loop',
          () => phase(o.page),
          (p) => p === 'attract',
          60_000,
          o.page,
        );
        let highest = 0;
        await waitFor(
          'the attract tour to loop',
          () => stopShown(o.page),
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
        await waitFor(
          'the visitor phase',
          () => phase(o.page),
          (p) => p === 'visitor',
          10_000,
          o.page,
        );
        const next = o.page.locator('.toolbar button[aria-keyshortcuts^="N"]');
        await next.click();
        await o.page.waitForTimeout(1_000);
        await next.click();
        await o.page.locator('input[name="language"][value="en"]').check({ force: true });
        await o.page.waitForTimeout(1_000);
      } catch (err) {
        problems.push(`visitor: ${(err as Error).message}`);
      }
      // 3. Nobody: the reset, then the start state.
      let startState = false;
      try {
        await waitFor(
          'the idle reset',
          () => phase(o.page),
          (p) => p === 'attract',
          (idle + 30) * 1000,
          o.page,
        );
        const now = {
          ...(await o.page.evaluate(() => ({
            hash: window.location.hash,
            language: (document.querySelector('input[name="language"]:checked') as HTMLInputElement | null)?.value ?? null,
          }))),
          view: view === '3d' ? await settledView() : null,
        };
        const stop = await waitFor(
          'stop 1 of the attract tour',
          () => stopShown(o.page),
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
      }
      const heap = await heapMB(o.page);
      cycles.push({ index, atS: since(), tourLooped, startState, problems, heapMB: Math.round(heap * 100) / 100 });
      log(
        `soak cycle ${index} at ${since()} s: tour looped ${tourLooped}, start state ${startState}, heap ${heap.toFixed(2)} MB` +
          (problems.length ? `; ${problems.join('; ')}` : ''),
      );
      if (heapEarlyMB === null && index === 1) {
        heapEarlyMB = heap;
        heapEarlyAtS = since();
      }
      if (options.afterCycle) await options.afterCycle(index, o.page);
    }
    const heapEndMB = await heapMB(o.page);
    const ok =
      cycles.length > 0 && cycles.every((c) => c.problems.length === 0 && c.tourLooped && c.startState) && o.pageErrors.length === 0;
    return {
      view,
      durationS: since(),
      cycles,
      heapEarlyMB: heapEarlyMB === null ? null : Math.round(heapEarlyMB * 100) / 100,
      heapEarlyAtS,
      heapEndMB: Math.round(heapEndMB * 100) / 100,
      heapRatio: heapEarlyMB ? Math.round((heapEndMB / heapEarlyMB) * 1000) / 1000 : null,
      pageErrors: [...o.pageErrors],
      consoleErrors: [...o.consoleErrors],
      requests: [...o.requests],
      ok,
    };
  } finally {
    await o.close();
  }
}

export function formatSoak(r: SoakResult): string {
  const lines = [
    `Kiosk soak (${r.view}): ${r.cycles.length} cycles in ${r.durationS} s; page errors ${r.pageErrors.length}`,
    'cycle   at s   tour looped   start state   heap MB',
    ...r.cycles.map(
      (c) =>
        `${String(c.index).padStart(5)}  ${String(c.atS).padStart(5)}   ${String(c.tourLooped).padEnd(11)}   ${String(c.startState).padEnd(11)}   ${c.heapMB.toFixed(2).padStart(7)}`,
    ),
    `heap after GC: ${r.heapEarlyMB ?? '—'} MB at ${r.heapEarlyAtS ?? '—'} s, ${r.heapEndMB} MB at the end: ratio ${r.heapRatio ?? '—'}`,
    `result: ${r.ok ? 'PASS' : 'FAIL'}`,
  ];
  return lines.join('\n');
}

function parseArgs(argv: string[]): { minutes: number; view: '3d' | '2d'; idle: number; dist: string } {
  const out = { minutes: 15, view: '3d' as '3d' | '2d', idle: 6, dist: path.join(ROOT, 'dist') };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--minutes' && Number(value) > 0 && Number(value) <= 24 * 60) out.minutes = Number(value);
    else if (name === '--view' && (value === '3d' || value === '2d')) out.view = value;
    else if (name === '--idle' && Number.isInteger(Number(value)) && Number(value) >= 5) out.idle = Number(value);
    else if (name === '--dist') out.dist = path.resolve(value);
    else throw new Error(`bad argument ${name} ${value} (use --minutes 1..1440, --view 3d|2d, --idle 5.., --dist DIR)`);
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
  const browser = await launchBrowser();
  let code = 1;
  try {
    const result = await runSoak(browser, {
      baseUrl: server.url,
      minutes: args.minutes,
      view: args.view,
      idleSeconds: args.idle,
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
