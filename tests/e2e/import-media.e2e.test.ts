// An imported TimelineJS3 timeline with emphasis, a picture, a short video and a 3D model, built as its own exhibit
// (SCENES_DIR; dist/ untouched) and served. The model (a binary glTF written by tests/fixtures/media.ts) and the video
// (recorded here, in the test browser, with MediaRecorder on a canvas) are the test's own files, taken from
// --media-dir like pictures. A visitor sees the emphasis as <strong> / <em> in the text timeline, the video with its
// controls and caption and the model's description; in 3D the video plays at its milestone only, the model turns at
// its own (not under reduced motion); nothing is requested from any other host; in VR the draw calls stay within
// budget; the offline copy has the small model and video.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../scripts/import.ts';
import { viteBuild } from '../../scripts/vite-build.ts';
import { createServer, type RunningServer } from '../../server/app.ts';
import { tinyGlb } from '../fixtures/media.ts';
import { crossOriginRequests, INSTALL_QUEST, IWER_SOURCE, openPage, waitForReady, withBrowser } from './harness.ts';

const FIX = 'tests/fixtures/timelinejs';
/** The budget of draw calls per XR frame (both eyes), as the bench's. */
const XR_DRAW_CALLS = 40;

type Media = { videos: Array<{ shown: boolean; paused: boolean; time: number }>; models: Array<{ meshes: number; turn: number }> };
const media = (page: Page): Promise<Media> => page.evaluate(() => window.__IAMM__!.media());

/** A one-second WebM recorded from a canvas with a moving square (VP8), as bytes. */
async function recordWebm(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 90;
    document.body.append(canvas);
    const g = canvas.getContext('2d')!;
    // Frames on request: a hidden page's timers and animation frames are unreliable, the recording is not.
    const stream = canvas.captureStream(0);
    const track = stream.getVideoTracks()[0] as MediaStreamTrack & { requestFrame(): void };
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 200_000 });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const done = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
    recorder.start(100);
    for (let i = 0; i < 20; i++) {
      g.fillStyle = '#1a2030';
      g.fillRect(0, 0, 160, 90);
      g.fillStyle = '#f08c1a';
      g.fillRect(10 + i * 6, 30, 30, 30);
      track.requestFrame();
      await new Promise((resolve) => setTimeout(resolve, 66));
    }
    recorder.stop();
    await done;
    const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

describe('an imported timeline with emphasis, a video and a 3D model', () => {
  const browser = withBrowser();
  let tmp = '';
  let outDir = '';
  let server: RunningServer;
  let videoBytes = 0;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-import-media-e2e-'));
    const mediaDir = path.join(tmp, 'given');
    mkdirSync(mediaDir);
    copyFileSync(`${FIX}/media/daguerreotype.png`, path.join(mediaDir, 'daguerreotype.png'));
    writeFileSync(path.join(mediaDir, 'lander.glb'), tinyGlb());
    const page = await browser().newPage();
    try {
      const webm = await recordWebm(page);
      videoBytes = webm.length;
      expect(videoBytes).toBeGreaterThan(1000);
      writeFileSync(path.join(mediaDir, 'crossing.webm'), webm);
    } finally {
      await page.close();
    }
    const run = runImport([`${FIX}/media-kinds.json`], path.join(tmp, 'scenes'), { mediaDir });
    expect(run.media.filter((m) => m.file).map((m) => m.file)).toEqual([
      'media/daguerreotype.png',
      'media/crossing.webm',
      'media/lander.glb',
    ]);
    outDir = path.join(tmp, 'dist');
    await viteBuild(outDir, { SCENES_DIR: run.outDir });
    server = await createServer({ root: outDir, port: 0, host: '127.0.0.1' });
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('the text timeline shows the emphasis as <strong> / <em>, the video with controls and caption, the model’s description', async () => {
    const o = await openPage(browser(), '/?view=2d', { baseUrl: server.url });
    try {
      await waitForReady(o.page);
      const flyer = o.page.locator('[data-id="flyer"]');
      expect(await flyer.locator('strong').allInnerTexts()).toEqual(['Wright Flyer', 'turning point']);
      expect(await flyer.locator('em').allInnerTexts()).toEqual(['twelve seconds', 'everyone']);
      expect(await flyer.locator('p', { hasText: 'Kitty Hawk' }).innerText()).toBe(
        'The Wright Flyer flies for twelve seconds at Kitty Hawk.',
      );
      // No markup left in the words.
      expect(await o.page.locator('#timeline').innerText()).not.toContain('*');

      const video = o.page.locator('[data-id="atlantic"] figure.event-video video');
      expect(await video.getAttribute('controls')).not.toBeNull();
      expect(await video.getAttribute('aria-label')).toBe('A coloured square moving across a dark field');
      expect(new URL(await video.evaluate((v) => (v as HTMLVideoElement).currentSrc || (v as HTMLVideoElement).src)).origin).toBe(
        new URL(server.url).origin,
      );
      expect(await o.page.locator('[data-id="atlantic"] figure.event-video figcaption').innerText()).toContain(
        'Film: a moving test pattern standing for the crossing',
      );
      await o.page.waitForFunction(() => document.querySelector<HTMLVideoElement>('.event-video video')!.readyState >= 1, null, {
        timeout: 30_000,
      });
      const model = o.page.locator('[data-id="lander"] figure.event-model');
      expect(await model.getAttribute('aria-label')).toBe('An orange pyramid');
      expect(await model.innerText()).toContain('Model: a pyramid standing for the lunar module');
      expect(crossOriginRequests(o.requests, server.url)).toEqual([]);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('in 3D the video plays at its milestone and pauses elsewhere; the model loads after the text and turns at its own', async () => {
    const o = await openPage(browser(), '/#atlantic', { baseUrl: server.url });
    try {
      await waitForReady(o.page);
      await expect.poll(async () => (await media(o.page)).videos[0]?.shown ?? false, { timeout: 30_000 }).toBe(true);
      await expect.poll(async () => (await media(o.page)).videos[0]?.time ?? 0, { timeout: 30_000 }).toBeGreaterThan(0.2);
      expect((await media(o.page)).videos[0]!.paused).toBe(false);
      // Not before the first frame: the page does not preload the video, the model or their code (they are asked for
      // once the text is drawn, src/scene/Scene.tsx).
      const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
      expect(html).not.toMatch(/PanelModel|PanelVideo|\.(?:glb|webm)["']/);
      expect(o.requests.some((u) => /crossing[\w.-]*\.webm$/.test(u))).toBe(true);

      await o.page.keyboard.press('n');
      await expect.poll(() => o.page.evaluate(() => window.location.hash)).toBe('#lander');
      await expect.poll(async () => (await media(o.page)).videos[0]!.paused, { timeout: 15_000 }).toBe(true);
      await expect.poll(async () => (await media(o.page)).models[0]?.meshes ?? 0, { timeout: 30_000 }).toBe(1);
      await expect.poll(async () => (await media(o.page)).models[0]!.turn, { timeout: 15_000 }).toBeGreaterThan(0.05);
      expect(o.requests.some((u) => /lander[\w.-]*\.glb$/.test(u))).toBe(true);
      // No decoder, no CDN: nothing from another host.
      expect(crossOriginRequests(o.requests, server.url)).toEqual([]);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('under reduced motion the model stands still', async () => {
    const o = await openPage(browser(), '/#lander', { baseUrl: server.url, reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      await expect.poll(async () => (await media(o.page)).models[0]?.meshes ?? 0, { timeout: 30_000 }).toBe(1);
      await o.page.waitForTimeout(600);
      expect((await media(o.page)).models[0]!.turn).toBe(0);
    } finally {
      await o.close();
    }
  });

  it(`in VR, at the video and at the model, the draw calls stay within ${XR_DRAW_CALLS}`, async () => {
    const o = await openPage(browser(), '/#atlantic', { baseUrl: server.url, initScripts: [IWER_SOURCE, INSTALL_QUEST] });
    try {
      await waitForReady(o.page);
      await expect.poll(async () => (await media(o.page)).videos[0]?.shown ?? false, { timeout: 30_000 }).toBe(true);
      await o.page.getByRole('button', { name: 'Enter VR', exact: true }).click();
      await o.page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 30_000 });
      const draws: Record<string, number> = {};
      await o.page.waitForTimeout(500);
      draws.atlantic = await o.page.evaluate(() => window.__IAMM__!.drawCalls());
      // To the model's milestone (a deep link, as a hash change): its model loads and is drawn.
      await o.page.evaluate(() => (window.location.hash = '#lander'));
      await expect.poll(async () => (await media(o.page)).models[0]?.meshes ?? 0, { timeout: 30_000 }).toBe(1);
      await o.page.waitForTimeout(500);
      draws.lander = await o.page.evaluate(() => window.__IAMM__!.drawCalls());
      console.log(`[import-media] XR draw calls per frame (both eyes): at the video ${draws.atlantic}, at the model ${draws.lander}`);
      for (const n of Object.values(draws)) {
        expect(n).toBeGreaterThan(0);
        expect(n).toBeLessThanOrEqual(XR_DRAW_CALLS);
      }
      expect(crossOriginRequests(o.requests, server.url)).toEqual([]);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('the offline copy holds the model and the video (each under the 1 MB offline limit)', () => {
    const sw = readFileSync(path.join(outDir, 'sw.js'), 'utf8');
    expect(sw).toMatch(/lander\.offline-[\w-]+\.glb/);
    expect(sw).toMatch(/crossing\.offline-[\w-]+\.webm/);
  });
});
