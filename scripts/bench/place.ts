// Bench figures for the corridor as a place (issue 13): desktop draw calls at the entrance, at an era and at the
// finale; XR draw calls per frame (both eyes, the emulated Quest 3 rendering stereo); bytes before the first frame
// (the files requested before <html data-ready="1">, gzip-compressed here at level 9 from dist/: body bytes, no headers).
//   npx tsx scripts/bench/place.ts            (serves dist/ itself; run `npx vite build` first)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { createServer } from '../../server/app.ts';
import { CHROMIUM_ARGS, findChromium } from '../../tests/e2e/harness.ts';

type Figure = { figure: string; value: number; unit: string; budget?: string; pass?: boolean; note?: string };

const require = createRequire(import.meta.url);
const IWER_SOURCE = readFileSync(require.resolve('iwer/build/iwer.js'), 'utf8');
const INSTALL_QUEST = `
  window.__quest = new IWER.XRDevice(IWER.metaQuest3);
  window.__quest.stereoEnabled = true;
  window.__quest.installRuntime({ forceInstall: true });
`;
const READY = () => document.documentElement.dataset.ready === '1';

async function desktopCalls(browser: Browser, baseUrl: string, hash: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(new URL(`/${hash}`, baseUrl).href, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(READY, undefined, { timeout: 90_000, polling: 100 });
    await page.waitForTimeout(1500);
    return await page.evaluate(() => window.__IAMM__!.drawCalls());
  } finally {
    await context.close();
  }
}

async function bytesBeforeFirstFrame(browser: Browser, baseUrl: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const urls: string[] = [];
    let ready = false;
    await page.exposeFunction('__placeReady', () => (ready = true));
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (document.documentElement?.dataset.ready === '1') (window as unknown as { __placeReady: () => void }).__placeReady();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
    });
    context.on('request', (r) => {
      if (!ready && r.url().startsWith(baseUrl)) urls.push(r.url());
    });
    await page.goto(baseUrl, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(READY, undefined, { timeout: 90_000, polling: 100 });
    let total = 0;
    for (const u of new Set(urls)) {
      let p = new URL(u).pathname;
      if (p.endsWith('/')) p += 'index.html';
      try {
        total += gzipSync(readFileSync(path.join('dist', decodeURIComponent(p))), { level: 9 }).length;
      } catch {
        /* not a file of dist/ (an API route): nothing to count */
      }
    }
    return total / 1024;
  } finally {
    await context.close();
  }
}

async function xrCalls(browser: Browser, baseUrl: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: IWER_SOURCE });
    await page.addInitScript({ content: INSTALL_QUEST });
    await page.goto(new URL('/#2022', baseUrl).href, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(READY, undefined, { timeout: 90_000, polling: 100 });
    await page.getByRole('button', { name: 'Enter VR', exact: true }).click({ timeout: 30_000 });
    await page.waitForFunction(() => (window as unknown as { __quest: { activeSession?: unknown } }).__quest.activeSession !== undefined, undefined, {
      timeout: 30_000,
    });
    await page.waitForTimeout(5000);
    return await page.evaluate(() => window.__IAMM__!.drawCalls());
  } finally {
    await context.close();
  }
}

export async function measure(ctx: { baseUrl: string; chromiumPath: string }): Promise<Figure[]> {
  const browser = await chromium.launch({ executablePath: ctx.chromiumPath, headless: true, args: CHROMIUM_ARGS });
  try {
    const out: Figure[] = [];
    for (const [name, hash] of [
      ['entrance', ''],
      ['era', '#2022'],
      ['finale', '#finale'],
    ] as const) {
      const calls = await desktopCalls(browser, ctx.baseUrl, hash);
      out.push({ figure: `place.desktop.drawCalls.${name}`, value: calls, unit: 'calls', budget: '≤ 3', pass: calls <= 3 });
    }
    const xr = await xrCalls(browser, ctx.baseUrl);
    out.push({ figure: 'place.xr.drawCalls', value: xr, unit: 'calls', budget: '≤ 40', pass: xr <= 40, note: 'both eyes, at 2022' });
    const kb = await bytesBeforeFirstFrame(browser, ctx.baseUrl);
    out.push({
      figure: 'place.bytesBeforeFirstFrame',
      value: Math.round(kb),
      unit: 'kB',
      budget: '≤ 600',
      pass: kb <= 600,
      note: 'gzip -9 of the files from dist/, no headers: an estimate of scripts/bench.ts’s on-the-wire figure',
    });
    return out;
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await createServer({ root: 'dist', port: 0, host: '127.0.0.1' });
  try {
    for (const f of await measure({ baseUrl: server.url, chromiumPath: findChromium() })) console.log(JSON.stringify(f));
  } finally {
    await server.close();
  }
}
