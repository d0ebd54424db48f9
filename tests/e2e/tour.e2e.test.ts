// Guided tours as a visitor meets them: captions, pause, skip, previous and end, by button and keyboard.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { INSTALL_QUEST, IWER_SOURCE, crossOriginRequests, openPage, waitForReady, withBrowser } from './harness.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');

const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);
const progress = (page: Page): Promise<string> => page.locator('.tour-progress').innerText();
/** Horizontal distance between two viewpoints, in metres. */
const apart = (a: { x: number; z: number }, b: { x: number; z: number }): number => Math.hypot(a.x - b.x, a.z - b.z);

describe('a guided tour', () => {
  it('?tour=highlights plays its stops with captions in both languages; pause holds; skip, previous and end work', async () => {
    const o = await openPage(browser(), '/?tour=highlights', { reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      const tour = o.page.getByRole('region', { name: /导览|tour/i });
      await expect.poll(() => progress(o.page)).toMatch(/1 \/ 7/);
      await expect.poll(() => hash(o.page)).toBe('#2020-2021');
      const caption = o.page.locator('.tour-caption');
      expect(await caption.locator('[lang="zh-Hans"]').innerText()).toMatch(/[\u4e00-\u9fff]/);
      expect(await caption.locator('[lang="en"]').innerText()).toMatch(/[A-Za-z]/);

      // Paused (Space), the first stop (6 s) does not end, even after its dwell has passed.
      await o.page.locator('body').press('Space');
      await o.page.waitForTimeout(7_000);
      expect(await progress(o.page)).toMatch(/1 \/ 7/);
      expect(await tour.getAttribute('data-status')).toBe('paused');

      // Resume with the button; skip with N; back with the button.
      await o.page.getByRole('button', { name: /继续|Resume/ }).click();
      await expect.poll(() => tour.getAttribute('data-status')).toBe('playing');
      await o.page.keyboard.press('n');
      await expect.poll(() => progress(o.page)).toMatch(/2 \/ 7/);
      await o.page.keyboard.press('n');
      await expect.poll(() => progress(o.page)).toMatch(/3 \/ 7/);
      await expect.poll(() => hash(o.page)).toBe('#2022');
      await o.page.getByRole('button', { name: /上一站|Previous stop/ }).click();
      await expect.poll(() => progress(o.page)).toMatch(/2 \/ 7/);

      // End the tour: the caption goes, the visitor stays where the tour left them.
      await o.page.getByRole('button', { name: /结束导览|End tour/ }).click();
      await expect.poll(() => o.page.locator('.tour').count()).toBe(0);
      expect(await hash(o.page)).toBe('#2020-2021');
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('moves on by itself when a stop’s time is up, and starts from the toolbar', async () => {
    const o = await openPage(browser(), '/?lang=en', { reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      await o.page.getByRole('button', { name: 'Guided tour' }).click();
      await expect.poll(() => progress(o.page)).toMatch(/1 \/ 7/);
      expect(await o.page.locator('.tour-caption [lang="zh-Hans"]').count()).toBe(0);
      // The first stop lasts 6 s (or its narration, whichever is longer).
      await expect.poll(() => progress(o.page), { timeout: 40_000, interval: 1_000 }).toMatch(/2 \/ 7/);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  // scenes/tours/highlights.yaml: stops 1 and 2 are both at 2020–2021; stop 1 stands the visitor 1 m further back.
  for (const mode of ['desktop', 'VR'] as const) {
    it(`two stops at the same milestone with different standing spots put the viewpoint in two places (${mode})`, async () => {
      const o = await openPage(browser(), '/?tour=highlights&lang=en', {
        reducedMotion: 'reduce',
        initScripts: mode === 'VR' ? [IWER_SOURCE, INSTALL_QUEST] : [],
      });
      try {
        await waitForReady(o.page, { timeout: 90_000 });
        if (mode === 'VR') {
          await o.page.getByRole('button', { name: 'Enter VR', exact: true }).click();
          await o.page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 30_000 });
        }
        await expect.poll(() => progress(o.page)).toMatch(/1 \/ 7/);
        const where = () => o.page.evaluate(() => window.__IAMM__!.viewpoint());
        // The caption bar's buttons on the page; in the headset (the page's controls are not shown) the N / P keys.
        const skip = (to: 'next' | 'previous') =>
          mode === 'VR'
            ? o.page.keyboard.press(to === 'next' ? 'n' : 'p')
            : o.page.getByRole('button', { name: to === 'next' ? /下一站|Next stop/ : /上一站|Previous stop/ }).click();
        // Stop 2, then back to stop 1: both moves made by the same viewer (in VR, inside the session).
        await o.page.waitForTimeout(500);
        const start = await where();
        await skip('next');
        await expect.poll(() => progress(o.page)).toMatch(/2 \/ 7/);
        await expect.poll(async () => apart(await where(), start), { timeout: 10_000 }).toBeGreaterThan(0.5);
        await expect.poll(async () => (await where()).gliding).toBe(false);
        const second = await where();
        await skip('previous');
        await expect.poll(() => progress(o.page)).toMatch(/1 \/ 7/);
        expect(await hash(o.page)).toBe('#2020-2021');
        // Stop 1 stands a metre further back from the panel than stop 2, facing it the same way.
        await expect.poll(async () => apart(await where(), second), { timeout: 10_000 }).toBeCloseTo(1, 1);
        expect((await where()).yaw).toBeCloseTo(second.yaw, 2);
        expect(o.pageErrors).toEqual([]);
      } finally {
        await o.close();
      }
    });
  }

  it('an unknown tour is ignored with a notice', async () => {
    const o = await openPage(browser(), '/?tour=nope', { reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      expect(await o.page.locator('.notices').innerText()).toContain('nope');
      expect(await o.page.locator('.tour').count()).toBe(0);
    } finally {
      await o.close();
    }
  });
});
