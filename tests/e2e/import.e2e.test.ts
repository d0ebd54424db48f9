// Bring your own timeline: a TimelineJS3 timeline with pictures is imported (npm run import's core), built as its
// own exhibit (SCENES_DIR, offline copy included; dist/ untouched) and served. A visitor finds every headline in the
// text timeline, with the pictures and their alt text; the 3D panels draw the pictures (one more draw call, after
// the text, which never waits for them); nothing is requested from any other host; the offline copy has the pictures.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../scripts/import.ts';
import { viteBuild } from '../../scripts/vite-build.ts';
import { createServer, type RunningServer } from '../../server/app.ts';
import { crossOriginRequests, openPage, waitForReady, withBrowser } from './harness.ts';

const FIX = 'tests/fixtures/timelinejs';
const source = JSON.parse(readFileSync(`${FIX}/photography.json`, 'utf8')) as {
  events: Array<{ text: { headline: string }; media?: { url: string; alt?: string } }>;
};
const pictured = source.events.filter((e) => e.media?.alt);

describe('an imported TimelineJS3 timeline with pictures', () => {
  const browser = withBrowser();
  let tmp = '';
  let outDir = '';
  let server: RunningServer;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-import-e2e-'));
    const scenes = runImport([`${FIX}/photography.json`], path.join(tmp, 'scenes'), { mediaDir: `${FIX}/media` }).outDir;
    outDir = path.join(tmp, 'dist');
    await viteBuild(outDir, { SCENES_DIR: scenes });
    server = await createServer({ root: outDir, port: 0, host: '127.0.0.1' });
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('the text timeline shows every headline, the groups, and each picture with its alt text', async () => {
    const o = await openPage(browser(), '/?view=2d', { baseUrl: server.url });
    try {
      await waitForReady(o.page);
      const text = await o.page.locator('#timeline').innerText();
      for (const e of source.events) expect(text).toContain(e.text.headline);
      for (const g of ['Process', 'Colour', 'Cameras']) expect(text).toContain(g);
      // Lazy pictures: the first is on screen and loads; each one's address is the exhibit's own.
      await o.page.waitForFunction(
        () => {
          const first = document.querySelector<HTMLImageElement>('.event-picture img');
          return first !== null && first.complete && first.naturalWidth > 0;
        },
        null,
        { timeout: 30_000 },
      );
      const srcs = await o.page
        .locator('.event-picture img')
        .evaluateAll((imgs) => imgs.map((i) => new URL((i as HTMLImageElement).src).origin));
      expect(new Set(srcs)).toEqual(new Set([new URL(server.url).origin]));
      const alts = await o.page.locator('.event-picture img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).alt));
      expect(alts).toEqual(pictured.map((e) => e.media!.alt));
      // The language switch offers the exhibit's one language: no switch at all.
      expect(await o.page.locator('input[name="language"]').count()).toBe(0);
      expect(crossOriginRequests(o.requests, server.url)).toEqual([]);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('the 3D panels draw the pictures from one atlas after the text, in one more draw call; no other host is asked', async () => {
    // The same page without the atlas (blocked) first: the text is drawn all the same; this is the text-only count.
    const blocked = await openPage(browser(), 'about:blank', { baseUrl: server.url });
    let without: number;
    try {
      await blocked.page.route(/iamm-pictures-[\w-]+\.webp$/, (r) => r.abort());
      await blocked.page.goto(new URL('/#photo-1', server.url).href);
      await waitForReady(blocked.page);
      await blocked.page.waitForTimeout(1000);
      without = await blocked.page.evaluate(() => window.__IAMM__!.drawCalls());
      expect(without).toBeGreaterThan(0);
    } finally {
      await blocked.close();
    }

    const o = await openPage(browser(), '/#photo-1', { baseUrl: server.url });
    try {
      await waitForReady(o.page);
      const atlasRequests = () => o.requests.filter((u) => /iamm-pictures-[\w-]+\.webp$/.test(u));
      await o.page.waitForFunction(
        () => performance.getEntriesByType('resource').some((r) => /iamm-pictures-[\w-]+\.webp$/.test(r.name)),
        null,
        { timeout: 30_000 },
      );
      // The pictures' mesh joins the scene: poll until the draw calls rise above the text-only count, then let them settle.
      await o.page.waitForFunction((n) => window.__IAMM__!.drawCalls() > n, without, { timeout: 30_000 });
      await o.page.waitForTimeout(1000);
      expect(await o.page.evaluate(() => window.__IAMM__!.drawCalls())).toBe(without + 1);
      expect(atlasRequests()).toHaveLength(1);
      expect(o.requests.filter((u) => /\.(png|jpe?g)$/.test(u) && u.includes('/media/'))).toEqual([]);
      expect(crossOriginRequests(o.requests, server.url)).toEqual([]);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('the offline copy holds the atlas and the text timeline’s pictures', () => {
    const sw = readFileSync(path.join(outDir, 'sw.js'), 'utf8');
    expect(sw).toMatch(/iamm-pictures-[\w-]+\.webp/);
    for (const name of ['daguerreotype', 'ribbon', 'prototype']) expect(sw).toMatch(new RegExp(`${name}-[\\w-]+\\.webp`));
  });
});
