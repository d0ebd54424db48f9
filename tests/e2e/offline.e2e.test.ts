// The exhibit offline: after one visit it starts with the network off (the corridor, both languages, a tour with its
// narration, the Quest 3 controller models for VR); an update waits for the next start instead of reloading a visit.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { createServer } from '../../server/app.ts';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { canvasIsNonBlank, crossOriginRequests, openPage, withBrowser, waitForReady } from './harness.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');
const distDir = inject('distDir');

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// One fixture read: a sentence of the first era in each language, as the 2D timeline shows it.
const firstEra = loadExhibitFromDir(path.join(repoRoot, 'scenes')).content.milestones[0]!;
const sentence = firstEra.body[0] ?? firstEra.title;

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

describe('offline', () => {
  it('after one visit, the exhibit starts with the network off: corridor, both languages, a tour with narration, VR models', async () => {
    const o = await openPage(browser(), '/?view=2d', { serviceWorkers: 'allow' });
    try {
      await waitForReady(o.page);
      await waitForServiceWorker(o.page);

      await o.context.setOffline(true);
      // Nothing can come from the network now: the proof that this one really went out.
      expect(
        await o.page.evaluate(() =>
          fetch('/never-cached.txt').then(
            () => 'fetched',
            () => 'failed',
          ),
        ),
      ).toBe('failed');

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

      // Entering VR offline: the Quest 3's controller and hand files answer from the cache.
      const profiles = await o.page.evaluate(
        (files) =>
          Promise.all(
            files.map((f) =>
              fetch(f).then(
                (r) => ({ f, ok: r.ok, bytes: 0 }),
                () => ({ f, ok: false, bytes: 0 }),
              ),
            ),
          ),
        QUEST3_PROFILE_FILES,
      );
      expect(profiles.filter((p) => !p.ok).map((p) => p.f)).toEqual([]);
      const cached = await o.page.evaluate(
        (files) =>
          Promise.all(
            files.map((f) => caches.match(new URL(f, document.baseURI).href, { ignoreSearch: true }).then((r) => r !== undefined)),
          ),
        QUEST3_PROFILE_FILES,
      );
      expect(cached).toEqual(QUEST3_PROFILE_FILES.map(() => true));

      // The 3D corridor and a guided tour, opened offline (a new navigation, not a reload).
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
  }, 180_000);

  it('the precache holds what a visit needs and no emulator, development file or source map', () => {
    const urls = precachedUrls(readFileSync(path.join(distDir, 'sw.js'), 'utf8'));
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    for (const f of QUEST3_PROFILE_FILES) expect(urls).toContain(f);
    expect(urls.filter((u) => u.startsWith('narration/') && u.endsWith('.ogg')).length).toBeGreaterThan(0);
    expect(urls.filter((u) => u.endsWith('.woff')).length).toBe(4);
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
