// The offline copy a visitor's browser keeps (Cache Storage, every cache of the origin: the precache and the
// runtime caches of build/pwa.ts), measured in a real Chromium against a served production build:
// - a desktop visit: the page opened, its service worker installed and in control, nothing else done;
// - an emulated Meta Quest 3 (IWER) visit: the same, then one VR session (its loader asks for its controller
//   profile and models, the page for the hand models), then back out of VR.
// Bytes are the bodies of the cached responses (uncompressed, as stored); Chromium's own on-disk figure
// (navigator.storage.estimate) is in the note.
//
//   npx vite build && npx tsx scripts/bench/offline.ts     # serves dist/ itself; prints the figures
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createServer } from '../../server/app.ts';
import { findChromium, INSTALL_QUEST, IWER_SOURCE, launchBrowser, waitForReady } from '../../tests/e2e/harness.ts';

export interface Figure {
  figure: string;
  value: number;
  unit: string;
  budget?: string;
  pass?: boolean;
  note?: string;
}

const MB = 1_000_000;
/** Budgets (issue 15): a desktop visitor's offline copy, and a Quest 3 visitor's after one VR session. */
export const BUDGET_DESKTOP_MB = 3;
export const BUDGET_QUEST3_MB = 5;

interface CacheContents {
  files: Array<{ cache: string; path: string; bytes: number }>;
  /** Chromium's usage figure for Cache Storage, if it gives one. */
  estimateBytes: number | null;
}

async function cacheContents(page: Page): Promise<CacheContents> {
  return page.evaluate(async () => {
    const files: Array<{ cache: string; path: string; bytes: number }> = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        const bytes = res ? (await res.blob()).size : 0;
        files.push({ cache: name, path: new URL(req.url).pathname, bytes });
      }
    }
    const estimate = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { caches?: number } };
    return { files, estimateBytes: estimate.usageDetails?.caches ?? null };
  });
}

/** Waits until the cache holds the same files twice in a row, a second apart (the worker has finished filling it). */
async function settledContents(page: Page, timeoutMs = 60_000): Promise<CacheContents> {
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const now = await cacheContents(page);
    const key = now.files.map((f) => `${f.path}:${f.bytes}`).join('|');
    if (key === last || Date.now() > until) return now;
    last = key;
    await page.waitForTimeout(1_000);
  }
}

async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000, polling: 250 });
}

async function visit(browser: Browser, baseUrl: string, quest: boolean): Promise<CacheContents> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    if (quest) {
      await page.addInitScript({ content: IWER_SOURCE });
      await page.addInitScript({ content: INSTALL_QUEST });
    }
    await page.goto(baseUrl, { waitUntil: 'load', timeout: 120_000 });
    await waitForReady(page, { timeout: 120_000 });
    await waitForServiceWorker(page);
    if (quest) {
      await page.getByRole('button', { name: 'Enter VR', exact: true }).click();
      await page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 60_000 });
      // Some XR frames: the controllers appear and their models load. (A string: tsx would wrap a named inner
      // function of a function given to page.evaluate in a helper the page does not have.)
      await page.evaluate(`new Promise((resolve) => {
        const session = window.__quest.activeSession;
        if (!session) return resolve();
        let left = 30;
        const tick = () => (--left <= 0 ? resolve() : session.requestAnimationFrame(tick));
        session.requestAnimationFrame(tick);
      })`);
      await page.waitForFunction(
        () =>
          caches
            .keys()
            .then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))
            .then((lists) => lists.flat().filter((r) => r.url.endsWith('.glb')).length >= 2),
        undefined,
        { timeout: 60_000, polling: 500 },
      );
      await page.evaluate(() => window.__quest.activeSession?.end());
    }
    return await settledContents(page);
  } finally {
    await context.close();
  }
}

function describeContents(c: CacheContents): string {
  const sum = (pred: (p: string) => boolean): number => c.files.filter((f) => pred(f.path)).reduce((n, f) => n + f.bytes, 0);
  const mb = (n: number): string => (n / MB).toFixed(2);
  const parts = [
    `JS ${mb(sum((p) => p.endsWith('.js')))} MB`,
    `fonts ${mb(sum((p) => /\.woff2?$/.test(p)))} MB`,
    `narration ${mb(sum((p) => p.includes('/narration/')))} MB`,
    `xr-profiles ${mb(sum((p) => p.includes('/xr-profiles/')))} MB (${c.files.filter((f) => f.path.includes('/xr-profiles/')).length} files)`,
  ];
  const estimate = c.estimateBytes === null ? '' : `; Chromium's Cache Storage usage ${mb(c.estimateBytes)} MB`;
  return `${c.files.length} files in ${new Set(c.files.map((f) => f.cache)).size} caches: ${parts.join(', ')}${estimate}`;
}

export async function measure(ctx: { baseUrl: string; chromiumPath: string }): Promise<Figure[]> {
  const browser = await launchBrowser({ executablePath: ctx.chromiumPath });
  try {
    const desktop = await visit(browser, ctx.baseUrl, false);
    const quest = await visit(browser, ctx.baseUrl, true);
    const bytes = (c: CacheContents): number => c.files.reduce((n, f) => n + f.bytes, 0);
    const desktopMB = bytes(desktop) / MB;
    const questMB = bytes(quest) / MB;
    const desktopXr = desktop.files.filter((f) => f.path.includes('/xr-profiles/')).length;
    return [
      {
        figure: 'offline.desktop.bytes',
        value: Math.round(desktopMB * 100) / 100,
        unit: 'MB',
        budget: `≤ ${BUDGET_DESKTOP_MB}`,
        pass: desktopMB <= BUDGET_DESKTOP_MB,
        note: describeContents(desktop),
      },
      { figure: 'offline.desktop.files', value: desktop.files.length, unit: 'files' },
      {
        figure: 'offline.desktop.xrFiles',
        value: desktopXr,
        unit: 'files',
        budget: '0',
        pass: desktopXr === 0,
        note: 'controller and hand files a desktop keeps',
      },
      {
        figure: 'offline.quest3.bytes',
        value: Math.round(questMB * 100) / 100,
        unit: 'MB',
        budget: `≤ ${BUDGET_QUEST3_MB}`,
        pass: questMB <= BUDGET_QUEST3_MB,
        note: `after one VR session (IWER metaQuest3): ${describeContents(quest)}`,
      },
      { figure: 'offline.quest3.files', value: quest.files.length, unit: 'files' },
    ];
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', process.argv[2] ?? 'dist');
  const server = await createServer({ root, port: 0, host: '127.0.0.1' });
  try {
    const figures = await measure({ baseUrl: server.url, chromiumPath: findChromium() });
    for (const f of figures) {
      const verdict = f.pass === undefined ? '' : f.pass ? '  PASS' : '  FAIL';
      console.log(`${f.figure.padEnd(26)} ${String(f.value).padStart(8)} ${f.unit.padEnd(5)} ${f.budget ?? ''}${verdict}`);
      if (f.note) console.log(`  ${f.note}`);
    }
  } finally {
    await server.close();
  }
}
