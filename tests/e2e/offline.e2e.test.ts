// The exhibit offline: after one visit it starts with the network off (the corridor, both languages, a tour with its
// narration); a Quest 3 that entered VR once online keeps its own controller and hand models (cached as they were
// first asked for), a desktop downloads none; an update waits for the next start instead of reloading a visit.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { createServer } from '../../server/app.ts';
import { defaultTourNarration } from '../../build/pwa.ts';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { canvasIsNonBlank, crossOriginRequests, INSTALL_QUEST, IWER_SOURCE, openPage, withBrowser, waitForReady } from './harness.ts';
import { frames } from './xr-drive.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');
const distDir = inject('distDir');

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// One fixture read: a sentence of the first era in each language, as the 2D timeline shows it.
const firstEra = loadExhibitFromDir(path.join(repoRoot, 'scenes')).content.milestones[0]!;
const sentence = firstEra.body[0] ?? firstEra.title;
/** The default tour's narration: every visitor's offline copy has it. */
const DEFAULT_NARRATION = defaultTourNarration(path.join(repoRoot, 'scenes'));

/** The files the emulated (and a real) Quest 3 needs on entering VR: its controllers' layout and models, the hands. */
const QUEST3_PROFILE_FILES = [
  'xr-profiles/profilesList.json',
  'xr-profiles/meta-quest-touch-plus/profile.json',
  'xr-profiles/meta-quest-touch-plus/left.glb',
  'xr-profiles/meta-quest-touch-plus/right.glb',
  'xr-profiles/generic-hand/left.glb',
  'xr-profiles/generic-hand/right.glb',
];

/** Waits until a service worker controls the page (it installs, precaches everything, then takes the page). */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 90_000, polling: 250 });
}

/** The precache list of a built sw.js: `{url:"…",revision:…}` entries. */
function precachedUrls(swSource: string): string[] {
  return [...swSource.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]!);
}

/** Every URL in the page's Cache Storage, relative to the exhibit's base (any cache: precache and runtime). */
function cachedFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) out.push(new URL(req.url).pathname.replace(/^\//, ''));
    }
    return out;
  });
}

async function enterVR(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Enter VR', exact: true }).click();
  await page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 30_000 });
  await frames(page, 6);
}

async function exitVR(page: Page): Promise<void> {
  await page.evaluate(() => window.__quest.activeSession?.end());
  await page.waitForFunction(() => !window.__IAMM__!.viewpoint().xr, undefined, { timeout: 20_000 });
}

/** The network goes off; the proof that it really did: a file never cached cannot be fetched. */
async function goOffline(o: { page: Page; context: { setOffline(offline: boolean): Promise<void> } }): Promise<void> {
  await o.context.setOffline(true);
  expect(
    await o.page.evaluate(() =>
      fetch('/never-cached.txt').then(
        () => 'fetched',
        () => 'failed',
      ),
    ),
  ).toBe('failed');
}

describe('offline', () => {
  it('after one desktop visit, the exhibit starts with the network off in both languages; no controller model was downloaded', async () => {
    const o = await openPage(browser(), '/?view=2d', { serviceWorkers: 'allow' });
    try {
      await waitForReady(o.page);
      await waitForServiceWorker(o.page);
      await goOffline(o);

      // The 2D timeline, reloaded offline, in both languages.
      await o.page.reload({ waitUntil: 'load' });
      await waitForReady(o.page);
      const timeline = o.page.locator('#timeline');
      await expect
        .poll(() =>
          timeline
            .locator('[lang="zh-Hans"]')
            .allInnerTexts()
            .then((t) => t.join('\n')),
        )
        .toContain(sentence.zh);
      expect((await timeline.locator('[lang="en"]').allInnerTexts()).join('\n')).toContain(sentence.en);

      const cached = await cachedFiles(o.page);
      // The default tour's narration is there for the first tour a visitor starts; no headset's files are.
      for (const f of DEFAULT_NARRATION) expect(cached).toContain(f);
      expect(cached.filter((f) => f.startsWith('xr-profiles/'))).toEqual([]);
      expect(o.requests.filter((u) => new URL(u).pathname.includes('/xr-profiles/'))).toEqual([]);
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  }, 180_000);

  it('a Quest 3 that entered VR once online works with the network off: its controllers from the cache, a tour with narration', async () => {
    const o = await openPage(browser(), '/', { serviceWorkers: 'allow', initScripts: [IWER_SOURCE, INSTALL_QUEST] });
    try {
      await waitForReady(o.page);
      await waitForServiceWorker(o.page);
      // Set-up, online: one VR session. The session's loader asks for the Quest 3's profile and models, the page for
      // the hand models; the service worker keeps each as it passes.
      await enterVR(o.page);
      await expect
        .poll(() => cachedFiles(o.page).then((c) => QUEST3_PROFILE_FILES.filter((f) => !c.includes(f))), { timeout: 30_000 })
        .toEqual([]);
      await exitVR(o.page);
      // Only its own profile: none of the other headsets' models.
      const xrCached = (await cachedFiles(o.page)).filter((f) => f.startsWith('xr-profiles/'));
      expect(xrCached.sort()).toEqual([...QUEST3_PROFILE_FILES].sort());

      await goOffline(o);
      await o.page.reload({ waitUntil: 'load' });
      await waitForReady(o.page);

      // In VR offline: the controllers have their layout (from the cache; without it a controller has no state and
      // no button does anything): A moves to the next milestone.
      const xrAnswers: Array<{ url: string; status: number }> = [];
      o.page.on('response', (res) => {
        if (new URL(res.url()).pathname.includes('/xr-profiles/')) xrAnswers.push({ url: res.url(), status: res.status() });
      });
      await enterVR(o.page);
      const before = await o.page.evaluate(() => window.location.hash);
      await expect
        .poll(
          async () => {
            await o.page.evaluate(() => window.__quest.controllers.right.updateButtonValue('a-button', 1));
            await frames(o.page, 2);
            await o.page.evaluate(() => window.__quest.controllers.right.updateButtonValue('a-button', 0));
            await frames(o.page, 3);
            return o.page.evaluate(() => window.location.hash);
          },
          { timeout: 30_000 },
        )
        .not.toBe(before);
      expect(xrAnswers.length).toBeGreaterThan(0);
      expect(xrAnswers.filter((r) => r.status !== 200)).toEqual([]);
      await exitVR(o.page);

      // The 3D corridor and the default tour, opened offline (a new navigation, not a reload).
      const narration: string[] = [];
      o.page.on('requestfinished', (req) => {
        if (/\/narration\/.+\.ogg$/.test(new URL(req.url()).pathname)) narration.push(req.url());
      });
      await o.page.goto(new URL('/?tour=highlights', baseUrl).href, { waitUntil: 'load' });
      await waitForReady(o.page, { timeout: 90_000 });
      expect(await canvasIsNonBlank(o.page)).toBe(true);
      const progress = o.page.locator('.tour-progress');
      await expect.poll(() => progress.innerText(), { timeout: 30_000 }).toMatch(/1 \/ 7/);
      const caption = o.page.locator('.tour-caption');
      const firstCaption = await caption.innerText();
      expect(await caption.locator('[lang="zh-Hans"]').innerText()).toMatch(/[\u4e00-\u9fff]/);
      expect(await caption.locator('[lang="en"]').innerText()).toMatch(/[A-Za-z]/);
      // The stop's narration came from the cache (the network is off, so it cannot have come from anywhere else).
      await expect.poll(() => narration.length, { timeout: 30_000 }).toBeGreaterThan(0);
      await o.page.keyboard.press('n');
      await expect.poll(() => progress.innerText()).toMatch(/2 \/ 7/);
      expect(await caption.innerText()).not.toBe(firstCaption);

      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  }, 300_000);

  it('the precache holds what every visit needs and no XR profile, emulator, development file or source map', () => {
    const urls = precachedUrls(readFileSync(path.join(distDir, 'sw.js'), 'utf8'));
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    // Controller and hand models are cached by the headset that asks for them, not by every visitor.
    expect(urls.filter((u) => u.startsWith('xr-profiles/'))).toEqual([]);
    expect(DEFAULT_NARRATION.length).toBeGreaterThan(0);
    for (const f of DEFAULT_NARRATION) expect(urls).toContain(f);
    // Every font of the build: the exhibit's four faces, and the operator and team pages' own two (a booth's operator
    // page works offline too).
    const fonts = readdirSync(path.join(distDir, 'assets')).filter((f) => f.endsWith('.woff'));
    expect(fonts.filter((f) => f.startsWith('iamm-pages-')).length).toBe(2);
    expect(urls.filter((u) => u.endsWith('.woff')).sort()).toEqual(fonts.map((f) => `assets/${f}`).sort());
    expect(fonts.length).toBe(6);
    expect(urls.filter((u) => /^assets\/.+\.js$/.test(u)).length).toBeGreaterThan(0);
    expect(urls.filter((u) => /emulat|iwer|devtools|@vite|\.map$|(^|\/)dev[-./]/i.test(u))).toEqual([]);
    // Every file listed exists in the build.
    for (const u of urls) expect(() => readFileSync(path.join(distDir, u))).not.toThrow();
  });

  it('an update installs in the background and waits: the visit goes on; the next start gets the new version', async () => {
    // A copy of the build on its own server (another origin, so its own service worker).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'iamm-update-'));
    cpSync(distDir, dir, { recursive: true });
    const server = await createServer({ root: dir, port: 0, host: '127.0.0.1' });
    try {
      const o = await openPage(browser(), '/?view=2d', { baseUrl: server.url, serviceWorkers: 'allow' });
      try {
        await waitForReady(o.page);
        await waitForServiceWorker(o.page);
        await o.page.evaluate(() => {
          (window as unknown as { __visit: string }).__visit = 'in progress';
        });

        // Publish version 2: a changed page, and a service worker whose precache lists its new revision.
        const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
        writeFileSync(path.join(dir, 'index.html'), html.replace('</head>', '<meta name="iamm-version" content="2"></head>'));
        const sw = readFileSync(path.join(dir, 'sw.js'), 'utf8');
        const updated = sw.replace(
          /\{url:"index\.html",revision:"[0-9a-f]+"\}/,
          '{url:"index.html",revision:"00000000000000000000000000000002"}',
        );
        expect(updated).not.toBe(sw);
        writeFileSync(path.join(dir, 'sw.js'), updated);

        // The browser checks for it (as it does on each navigation): it installs and waits.
        await o.page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
        await o.page.waitForFunction(
          () => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state === 'installed'),
          undefined,
          { timeout: 60_000, polling: 250 },
        );
        // The visit was not reloaded and is still served by version 1.
        expect(await o.page.evaluate(() => (window as unknown as { __visit?: string }).__visit)).toBe('in progress');
        const version = (p: Page): Promise<string | null> =>
          p.evaluate(() => document.querySelector('meta[name="iamm-version"]')?.getAttribute('content') ?? null);

        // A reload within the visit still gets version 1: the update waits while the exhibit is open.
        await o.page.reload({ waitUntil: 'load' });
        await waitForReady(o.page);
        expect(await version(o.page)).toBeNull();

        // The next start: the exhibit closed (no page of it open), then opened again, gets version 2. The waiting
        // worker takes over once the last page has gone, which the browser notes a moment after the close.
        await o.page.close();
        await expect
          .poll(
            async () => {
              const start = await o.context.newPage();
              try {
                await start.goto(server.url, { waitUntil: 'load' });
                return await version(start);
              } finally {
                await start.close();
              }
            },
            { timeout: 30_000, interval: 500 },
          )
          .toBe('2');
      } finally {
        await o.close();
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
