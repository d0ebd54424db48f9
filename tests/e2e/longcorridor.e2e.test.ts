// A corridor far longer than the fog's reach (src/layout/textReach.ts) draws only the words within reach of the eyes.
// A visitor must never catch it out: walk from the entrance to a panel 170 m in, and its words are there, drawn
// exactly as on a page opened at that panel.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { writeSyntheticScenes } from '../../scripts/synthetic-scene.ts';
import { viteBuild } from '../../scripts/vite-build.ts';
import { createServer, type RunningServer } from '../../server/app.ts';
import { contrast, THEME } from '../../src/theme.ts';
import { openPage, waitForReady, withBrowser, type OpenedPage } from './harness.ts';
import { darkest, differing, panelPixels } from './pixels.ts';

/** Enough milestones for a corridor of several stretches (about 7 m of corridor each). */
const MILESTONES = 40;

describe(`a long corridor (${MILESTONES} milestones, several reaches long)`, () => {
  const browser = withBrowser();
  let tmp = '';
  let server: RunningServer;
  let far = '';

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-long-e2e-'));
    const scenes = path.join(tmp, 'scenes');
    writeSyntheticScenes(scenes, MILESTONES);
    far = loadExhibitFromDir(scenes).content.milestones[30]!.id;
    const out = path.join(tmp, 'dist');
    await viteBuild(out, { IAMM_SCENES_DIR: scenes });
    server = await createServer({ root: out, port: 0, host: '127.0.0.1' });
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const open = async (where: string): Promise<OpenedPage> => {
    const o = await openPage(browser(), where, { baseUrl: server.url, reducedMotion: 'reduce' });
    await waitForReady(o.page, { timeout: 120_000 });
    return o;
  };

  it(
    'a visitor who walks from the entrance to a far panel finds its words drawn as on a page opened there',
    { timeout: 240_000 },
    async () => {
      const reference = await open(`/#${far}`);
      let there: PNG;
      try {
        there = await panelPixels(reference.page, far);
        expect(reference.pageErrors).toEqual([]);
      } finally {
        await reference.close();
      }
      // The panel has its words, in the theme's text colour.
      expect(contrast(darkest(there), THEME.text)).toBeLessThan(1.3);

      const o = await open('/');
      try {
        const z0 = await o.page.evaluate(() => window.__IAMM__!.viewpoint().z);
        await o.page.evaluate((id) => (location.hash = `#${id}`), far);
        await o.page.waitForFunction(
          (start) => {
            const v = window.__IAMM__!.viewpoint();
            return Math.abs(v.z - start) > 100 && !v.gliding;
          },
          z0,
          { timeout: 60_000, polling: 200 },
        );
        await expect
          .poll(async () => differing(await panelPixels(o.page, far), there), { timeout: 30_000, interval: 1_000 })
          .toBeLessThan(0.002);
        expect(o.pageErrors).toEqual([]);
      } finally {
        await o.close();
      }
    },
  );
});
