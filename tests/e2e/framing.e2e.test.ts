// Framing that fits, the reader card and the wayfinding strip, at four viewports, in real headless Chromium against
// the production build.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { headingText, say } from '../../src/content/format.ts';
import { fold } from '../seed-lines.ts';
import { openPage, waitForReady, withBrowser } from './harness.ts';

const browser = withBrowser();
const exhibit = loadExhibitFromDir();
const milestones = exhibit.content.milestones;
const STOPS = [...milestones.map((m) => m.id), 'finale'];

type Rect = { left: number; top: number; right: number; bottom: number };
const VIEWPORTS = [
  { name: 'desktop 1280x720', width: 1280, height: 720, touch: false },
  { name: 'desktop 1920x1080', width: 1920, height: 1080, touch: false },
  { name: 'tablet portrait 820x1180', width: 820, height: 1180, touch: true },
  { name: 'phone portrait 390x844', width: 390, height: 844, touch: true },
];

/** Under load (software GL on a shared machine) a frame can take seconds: wait for what the visitor sees, up to 20 s. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);

/** Every page control a visitor can see: the dock and toolbar, the strip, notices, the reader button, any button. */
function pageControls(page: Page): Promise<Rect[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.dock, .strip, .notices, .reader-toggle, .kiosk-prompt, .toolbar, .tour, button')]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom })),
  );
}

const overlaps = (a: Rect, b: Rect): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** What is wrong with the focused panel's place on screen, or [] when it is whole and nothing of the page covers it. */
async function framingProblems(page: Page, id: string, vp: { width: number; height: number }): Promise<string[]> {
  const r = await page.evaluate((x) => window.__IAMM__!.panelScreenRect(x), id);
  if (!r) return [`${id}: not in front of the camera`];
  const problems: string[] = [];
  if (r.left < 0 || r.top < 0 || r.right > vp.width || r.bottom > vp.height)
    problems.push(`${id}: ${JSON.stringify(r)} leaves the viewport`);
  for (const c of await pageControls(page))
    if (overlaps(r, c)) problems.push(`${id}: ${JSON.stringify(r)} under a control ${JSON.stringify(c)}`);
  return problems;
}

describe.each(VIEWPORTS)('at $name', (vp) => {
  it('frames every milestone and the finale whole, clear of every page control, in 中文, English and both', async () => {
    const o = await openPage(browser(), '/', {
      viewport: { width: vp.width, height: vp.height },
      touch: vp.touch,
      reducedMotion: 'reduce',
    });
    try {
      await waitForReady(o.page);
      for (const [radio, label] of [
        ['both', '中文 + English'],
        ['zh', '中文'],
        ['en', 'English'],
      ] as const) {
        await o.page.getByRole('radio', { name: label, exact: true }).check();
        await poll(() => new URL(o.page.url()).searchParams.get('lang') ?? 'both').toBe(radio);
        // Through the strip: each era's button goes to its era, the last one to the finale.
        for (const id of STOPS) {
          await o.page.locator(`.strip button[data-id="${id}"]`).click();
          await poll(() => hash(o.page)).toBe(`#${id}`);
          await poll(() => o.page.locator(`.strip button[data-id="${id}"]`).getAttribute('aria-current')).toBe('location');
          await poll(() => framingProblems(o.page, id, vp)).toEqual([]);
        }
      }
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  }, 480_000);
});

describe('on a phone', () => {
  it('offers each milestone’s full text as a reader card, opened with one tap and closed with one tap or Escape', async () => {
    const o = await openPage(browser(), '/', { viewport: { width: 390, height: 844 }, touch: true, reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      // A touch visitor is not told to walk with keys.
      expect(await o.page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
      for (const m of milestones) {
        await o.page.locator(`.strip button[data-id="${m.id}"]`).click();
        await poll(() => hash(o.page)).toBe(`#${m.id}`);
        const open = o.page.locator('.reader-toggle');
        await poll(() => open.isVisible()).toBe(true);
        await open.click();
        const card = o.page.getByRole('dialog');
        await poll(() => card.isVisible()).toBe(true);
        const text = fold((await card.innerText()).replace(/\n/g, ' '));
        const expected = (['zh', 'en'] as const).flatMap((l) => [
          headingText(m, l),
          ...m.body.map((p) => say(p, l)),
          ...m.items.map((p) => say(p, l)),
          ...m.after.map((p) => say(p, l)),
        ]);
        expect(expected.map(fold).filter((line) => !text.includes(line))).toEqual([]);
        if ((m.number ?? 0) % 2 === 0) await o.page.keyboard.press('Escape');
        else await card.getByRole('button').click();
        await poll(() => card.count()).toBe(0);
      }
    } finally {
      await o.close();
    }
  }, 240_000);

  it('re-frames the focused panel when the phone turns to landscape and back', async () => {
    const o = await openPage(browser(), '/#2025', { viewport: { width: 390, height: 844 }, touch: true, reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      await poll(() => framingProblems(o.page, '2025', { width: 390, height: 844 })).toEqual([]);
      await o.page.setViewportSize({ width: 844, height: 390 });
      await poll(() => framingProblems(o.page, '2025', { width: 844, height: 390 })).toEqual([]);
      await o.page.setViewportSize({ width: 390, height: 844 });
      await poll(() => framingProblems(o.page, '2025', { width: 390, height: 844 })).toEqual([]);
    } finally {
      await o.close();
    }
  }, 120_000);
});

describe('the finale', () => {
  it('N from the last era reaches the finale, End goes there, and #finale opens it', async () => {
    const o = await openPage(browser(), '/#2026-onward', { reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      await o.page.keyboard.press('n');
      await poll(() => hash(o.page)).toBe('#finale');
      const v = await o.page.evaluate(() => window.__IAMM__!.viewpoint());
      // Facing the closing wall, down the corridor.
      expect(Math.abs(v.yaw)).toBeLessThan(1e-6);
      await o.page.keyboard.press('p');
      await poll(() => hash(o.page)).toBe('#2026-onward');
      await o.page.keyboard.press('End');
      await poll(() => hash(o.page)).toBe('#finale');
    } finally {
      await o.close();
    }
    const deep = await openPage(browser(), '/#finale', { reducedMotion: 'reduce' });
    try {
      await waitForReady(deep.page);
      expect(await hash(deep.page)).toBe('#finale');
      await poll(() => deep.page.locator('.strip button[aria-current]').getAttribute('data-id')).toBe('finale');
      await poll(() => framingProblems(deep.page, 'finale', { width: 1280, height: 720 })).toEqual([]);
    } finally {
      await deep.close();
    }
  }, 180_000);

  it('the desktop draws the place in at most 2 draw calls (the corridor with its panels, and the text)', async () => {
    const o = await openPage(browser(), '/#2022');
    try {
      await waitForReady(o.page);
      const calls = await o.page.evaluate(() => window.__IAMM__!.drawCalls());
      console.log(`desktop draw calls: ${calls}`);
      expect(calls).toBeLessThanOrEqual(2);
    } finally {
      await o.close();
    }
  }, 120_000);
});
