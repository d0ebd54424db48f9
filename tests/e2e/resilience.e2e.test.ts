// What a visitor sees when things break underneath the exhibit: the GPU context is lost (and comes back, or not),
// the headset's system takes over the VR session, a font or a narration file is missing or corrupt.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { canvasIsNonBlank, crossOriginRequests, openPage, waitForReady, withBrowser, IWER_SOURCE, INSTALL_QUEST } from './harness.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');

const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);
const viewpoint = (page: Page) => page.evaluate(() => window.__IAMM__!.viewpoint());
const view = (page: Page): Promise<string | null> => page.locator('.app').getAttribute('data-view');

/** Loses the 3D view's WebGL context the way a GPU reset does; the extension is kept to restore it. */
const loseContext = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const canvas = document.querySelector('.stage canvas') as HTMLCanvasElement;
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGL2RenderingContext;
    const ext = gl.getExtension('WEBGL_lose_context')!;
    (window as unknown as { __lose: WEBGL_lose_context }).__lose = ext;
    ext.loseContext();
  });
const restoreContext = (page: Page): Promise<void> =>
  page.evaluate(() => (window as unknown as { __lose: WEBGL_lose_context }).__lose.restoreContext());
const contextLost = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const canvas = document.querySelector('.stage canvas') as HTMLCanvasElement | null;
    return canvas ? (canvas.getContext('webgl2') ?? canvas.getContext('webgl'))!.isContextLost() : true;
  });

describe('a lost WebGL context', () => {
  it('comes back at the same milestone when the browser restores it', async () => {
    const o = await openPage(browser(), '/?lang=en#2023-2024', { reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      const before = await viewpoint(o.page);
      expect(await canvasIsNonBlank(o.page)).toBe(true);

      await loseContext(o.page);
      await expect.poll(() => contextLost(o.page)).toBe(true);
      await restoreContext(o.page);
      await expect.poll(() => contextLost(o.page)).toBe(false);
      // Drawn again (not a cleared canvas), at the same place, still the 3D view.
      await expect.poll(() => canvasIsNonBlank(o.page), { timeout: 20_000 }).toBe(true);
      expect(await viewpoint(o.page)).toEqual(before);
      expect(await hash(o.page)).toBe('#2023-2024');
      expect(await view(o.page)).toBe('3d');
      expect(await o.page.locator('.notice.webgl').count()).toBe(0);
      // And it still moves.
      await o.page.locator('body').press('n');
      await expect.poll(() => hash(o.page)).toBe('#2025');
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('gives way to the text timeline, at the same milestone, when it does not come back', async () => {
    const o = await openPage(browser(), '/?lang=en#2022', { reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      await loseContext(o.page);
      const notice = o.page.locator('.notice.webgl');
      await expect.poll(() => notice.count(), { timeout: 20_000 }).toBe(1);
      expect(await notice.innerText()).toContain('stopped drawing');
      expect(await view(o.page)).toBe('2d');
      expect(await o.page.locator('#timeline').isVisible()).toBe(true);
      expect(await o.page.locator('#timeline').getAttribute('class')).not.toContain('sr-only');
      expect(await hash(o.page)).toBe('#2022');
      expect(await o.page.locator('article[aria-current="true"]').getAttribute('aria-labelledby')).toBe('m-2022');
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });
});

describe('the headset system taking over a VR session', () => {
  it(
    'pauses the tour and the controllers while blurred or hidden; afterwards both work; ending the session leaves nothing stuck',
    { timeout: 150_000 },
    async () => {
      const o = await openPage(browser(), '/?tour=highlights&lang=en', { initScripts: [IWER_SOURCE, INSTALL_QUEST] });
      const page = o.page;
      const quest = (state: 'visible' | 'visible-blurred' | 'hidden') =>
        page.evaluate((s) => window.__quest.updateVisibilityState(s), state);
      const sessionVisibility = () => page.evaluate(() => window.__quest.activeSession?.visibilityState ?? null);
      const frames = (n = 4) =>
        page.evaluate(
          (count) =>
            new Promise<void>((resolve) => {
              const session = window.__quest.activeSession as XRSession | undefined;
              if (!session) return resolve();
              let left = count;
              const tick = (): void => (--left <= 0 ? resolve() : void session.requestAnimationFrame(tick));
              session.requestAnimationFrame(tick);
            }),
          n,
        );
      const pressA = async () => {
        await page.evaluate(() => window.__quest.controllers.right.updateButtonValue('a-button', 1));
        await frames(2);
        await page.evaluate(() => window.__quest.controllers.right.updateButtonValue('a-button', 0));
        await frames(3);
      };
      const tour = page.locator('section.tour');
      const stopNumber = async () => Number(/(\d+) \/ 7/.exec(await page.locator('.tour-progress').innerText())?.[1]);
      try {
        await waitForReady(page, { timeout: 90_000 });
        await expect.poll(() => tour.getAttribute('data-status')).toBe('playing');
        await page.getByRole('button', { name: 'Enter VR', exact: true }).click();
        await page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 30_000 });
        await frames(6);
        expect(await tour.getAttribute('data-status')).toBe('playing');

        // The system menu opens: the tour pauses, and A does nothing.
        await quest('visible-blurred');
        await frames(3);
        expect(await sessionVisibility()).toBe('visible-blurred');
        await expect.poll(() => tour.getAttribute('data-status')).toBe('paused');
        const stop = await stopNumber();
        await pressA();
        await frames(4);
        expect(await stopNumber()).toBe(stop);
        expect(await tour.getAttribute('data-status')).toBe('paused');

        // Back in the exhibit: the tour plays on by itself.
        await quest('visible');
        await frames(3);
        await expect.poll(() => tour.getAttribute('data-status')).toBe('playing');
        // The visitor pauses it (so only A can move it now): A moves to the next stop.
        await page.keyboard.press('Space');
        await expect.poll(() => tour.getAttribute('data-status')).toBe('paused');
        const before = await stopNumber();
        await pressA();
        await expect.poll(() => stopNumber()).toBe(before + 1);

        // A tour the visitor paused stays paused through the headset coming off and on.
        await quest('hidden');
        await frames(3);
        await quest('visible');
        await frames(3);
        expect(await tour.getAttribute('data-status')).toBe('paused');
        await page.keyboard.press('Space');
        await expect.poll(() => tour.getAttribute('data-status')).toBe('playing');

        // Headset taken off, then the system ends the session: the page is back, the tour plays on, keys work.
        await quest('hidden');
        await frames(3);
        await expect.poll(() => tour.getAttribute('data-status')).toBe('paused');
        await page.evaluate(() => window.__quest.activeSession?.end());
        await page.waitForFunction(() => !window.__IAMM__!.viewpoint().xr, undefined, { timeout: 20_000 });
        await expect.poll(() => tour.getAttribute('data-status')).toBe('playing');
        await page.keyboard.press('Space');
        await expect.poll(() => tour.getAttribute('data-status')).toBe('paused');
        const last = await stopNumber();
        await page.keyboard.press('n');
        await expect.poll(() => stopNumber()).toBe(last + 1);
        expect(await page.getByRole('button', { name: 'Enter VR', exact: true }).isVisible()).toBe(true);
        expect(o.pageErrors).toEqual([]);
        expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
      } finally {
        await o.close();
      }
    },
  );
});

describe('missing or corrupt files', () => {
  it.each([
    ['corrupt', { status: 200, contentType: 'font/woff', body: Buffer.from('wOFF'.padEnd(400, '\u0001')) }],
    ['missing', { status: 404, contentType: 'text/plain', body: 'Not Found' }],
  ] as const)('a %s font: the text timeline in the device fonts, with a clear message', async (_, response) => {
    const o = await openPage(browser(), '/?lang=en#2025', {
      reducedMotion: 'reduce',
      initScripts: [],
    });
    // openPage navigates at once; reload with the font route in place.
    await o.page.route('**/*.woff', (route) => route.fulfill(response));
    await o.page.reload({ waitUntil: 'load' });
    try {
      await waitForReady(o.page);
      const notice = o.page.locator('.notice.webgl');
      await expect.poll(() => notice.count()).toBe(1);
      expect(await notice.innerText()).toContain('fonts could not be loaded');
      expect(await view(o.page)).toBe('2d');
      expect(await o.page.locator('#timeline').isVisible()).toBe(true);
      expect(await o.page.locator('#timeline').innerText()).toContain('2025');
      expect(await hash(o.page)).toBe('#2025');
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it.each([
    ['missing', { status: 404, contentType: 'text/plain', body: 'Not Found' }],
    ['corrupt', { status: 200, contentType: 'audio/ogg', body: Buffer.from('OggS'.padEnd(2000, 'x')) }],
  ] as const)('a %s narration file: the tour goes on with captions', async (_, response) => {
    const o = await openPage(browser(), '/?view=2d&lang=en', { reducedMotion: 'reduce' });
    const narration: string[] = [];
    await o.page.route('**/narration/**', (route) => {
      narration.push(route.request().url());
      return route.fulfill(response);
    });
    try {
      await waitForReady(o.page);
      await o.page.getByRole('button', { name: 'Guided tour' }).click();
      await expect.poll(() => o.page.locator('.tour-progress').innerText()).toMatch(/1 \/ 7/);
      expect(await o.page.locator('.tour-caption').innerText()).toMatch(/[A-Za-z]{3}/);
      // The stop's dwell passes and the tour moves on by itself, caption and all.
      await expect.poll(() => o.page.locator('.tour-progress').innerText(), { timeout: 40_000, interval: 500 }).toMatch(/2 \/ 7/);
      expect(await o.page.locator('.tour-caption').innerText()).toMatch(/[A-Za-z]{3}/);
      expect(narration.length).toBeGreaterThan(0);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });
});
