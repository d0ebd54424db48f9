// The desktop corridor as a visitor meets it, in real headless Chromium against the production build.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { PNG } from 'pngjs';
import { contrast, THEME } from '../../src/theme.ts';
import { fold, seedLines } from '../seed-lines.ts';
import { canvasIsNonBlank, crossOriginRequests, openPage, waitForReady, type OpenedPage, withBrowser } from './harness.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');

type View = { x: number; y: number; z: number; yaw: number; pitch: number; gliding: boolean };
const viewpoint = (page: Page): Promise<View> => page.evaluate(() => window.__IAMM__!.viewpoint());
const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);
const settle = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => window.__IAMM__ && !window.__IAMM__.viewpoint().gliding, undefined, { timeout: 10_000 });
const liveRegion = (page: Page): Promise<string> => page.locator('#live-region').innerText();

async function open(path: string, options: Parameters<typeof openPage>[2] = {}): Promise<OpenedPage> {
  const opened = await openPage(browser(), path, options);
  await waitForReady(opened.page);
  return opened;
}

describe('opening the exhibit', () => {
  it('draws the corridor with no errors and asks nothing of any other host', async () => {
    const o = await open('/');
    try {
      expect(await canvasIsNonBlank(o.page)).toBe(true);
      expect(o.consoleErrors).toEqual([]);
      expect(o.pageErrors).toEqual([]);
      expect(o.requests.some((r) => r.endsWith('.woff'))).toBe(true);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
      const v = await viewpoint(o.page);
      expect(v.y).toBeCloseTo(1.6);
      expect(await hash(o.page)).toBe('');
      // This browser has no headset: the page says so instead of offering a button that would fail.
      await expect.poll(() => o.page.locator('.vr-unavailable').textContent()).toContain('VR is not available');
      expect(await o.page.getByRole('button', { name: 'Enter VR' }).count()).toBe(0);
    } finally {
      await o.close();
    }
  });

  it('has every sentence of the seed on the page, in Chinese and in English', async () => {
    const o = await open('/');
    try {
      const text = fold(await o.page.locator('#timeline').evaluate((el) => el.textContent ?? ''));
      const { zh, en } = seedLines();
      expect(zh.filter((l) => !text.includes(l))).toEqual([]);
      expect(en.filter((l) => !text.includes(l))).toEqual([]);
      expect(zh.length + en.length).toBeGreaterThan(50);
    } finally {
      await o.close();
    }
  });

  it('shows only the chosen language with ?lang=en, and switches to Chinese from the page', async () => {
    const o = await open('/?lang=en');
    try {
      const timeline = o.page.locator('#timeline');
      const { zh, en } = seedLines();
      const zhOnly = zh.find((l) => /[\u4e00-\u9fff]/.test(l) && !en.includes(l))!;
      expect(fold((await timeline.textContent()) ?? '')).toContain(en[5]);
      expect(fold((await timeline.textContent()) ?? '')).not.toContain(zhOnly);
      await o.page.getByRole('radio', { name: '中文', exact: true }).check();
      await expect.poll(async () => fold((await timeline.textContent()) ?? '')).toContain(zhOnly);
      expect(new URL(o.page.url()).searchParams.get('lang')).toBe('zh');
      expect(o.consoleErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });
});

describe('moving through time', () => {
  it('N and P move focus and the hash, and the camera glides to the milestone', async () => {
    const o = await open('/');
    try {
      await o.page.keyboard.press('n');
      await expect.poll(() => hash(o.page)).toBe('#2020-2021');
      await o.page.keyboard.press('n');
      await expect.poll(() => hash(o.page)).toBe('#2022');
      await settle(o.page);
      const at2022 = await viewpoint(o.page);
      await o.page.keyboard.press('p');
      await expect.poll(() => hash(o.page)).toBe('#2020-2021');
      await settle(o.page);
      const at2020 = await viewpoint(o.page);
      // Time becomes distance: 2022 stands further down the corridor (towards -z).
      expect(at2022.z).toBeLessThan(at2020.z - 3);
      await expect.poll(() => liveRegion(o.page)).toContain('2020–2021');
      // End goes to the end of the walk: the finale after the last era.
      await o.page.keyboard.press('End');
      await expect.poll(() => hash(o.page)).toBe('#finale');
      await o.page.keyboard.press('Home');
      await expect.poll(() => hash(o.page)).toBe('#2020-2021');
    } finally {
      await o.close();
    }
  });

  it('clicking a panel focuses it: the camera goes to its standing spot and the hash follows', async () => {
    const o = await open('/');
    try {
      const point = await o.page.evaluate(() => window.__IAMM__!.screenPoint('2020-2021'));
      expect(point).not.toBeNull();
      await o.page.mouse.click(point!.x, point!.y);
      await expect.poll(() => hash(o.page)).toBe('#2020-2021');
      await settle(o.page);
      const v = await viewpoint(o.page);
      // The first panel hangs on the left wall: the visitor looks left (yaw +90°).
      expect(v.yaw).toBeCloseTo(Math.PI / 2, 3);
      await expect.poll(() => o.page.locator('article[aria-current="true"]').getAttribute('aria-labelledby')).toBe('m-2020-2021');
    } finally {
      await o.close();
    }
  });

  it("lights the focused panel's frame, and the light moves with the focus", async () => {
    // Reduced motion: each step cuts, so the camera frames the panel at once.
    const o = await open('/?lang=en#2022', { reducedMotion: 'reduce' });
    // Along the left edge of the milestone's framed rectangle (its frame, a few pixels wide, with a little of the
    // wall and the plate on either side), the share of pixel rows in which the frame is drawn in the focus colour;
    // null when the panel is not on screen. The middle of the edge: the accent bar is at the top.
    const lit = async (id: string): Promise<number | null> => {
      const r = await o.page.evaluate((x) => window.__IAMM__!.panelScreenRect(x), id);
      const vp = o.page.viewportSize()!;
      if (!r || r.left < 8 || r.right > vp.width || r.top < 0 || r.bottom > vp.height) return null;
      const clip = { x: Math.round(r.left) - 6, y: Math.round(r.top + (r.bottom - r.top) * 0.3), width: 28, height: 60 };
      const png = PNG.sync.read(await o.page.screenshot({ clip }));
      const focus = [0xff, 0xd1, 0x66];
      let rows = 0;
      for (let y = 0; y < png.height; y++) {
        let near = 0;
        for (let x = 0; x < png.width; x++) {
          const i = (y * png.width + x) * 4;
          const d = Math.hypot(png.data[i]! - focus[0]!, png.data[i + 1]! - focus[1]!, png.data[i + 2]! - focus[2]!);
          if (d < 40) near++;
        }
        if (near >= 2) rows++;
      }
      return rows / png.height;
    };
    try {
      expect(THEME.focus.toLowerCase()).toBe('#ffd166');
      await settle(o.page);
      expect(await lit('2022')).toBeGreaterThan(0.9);
      await o.page.keyboard.press('PageDown');
      await expect.poll(() => hash(o.page)).toBe('#2023-2024');
      await settle(o.page);
      await expect.poll(() => lit('2023-2024')).toBeGreaterThan(0.9);
      // Back: 2022 lit again.
      await o.page.keyboard.press('PageUp');
      await expect.poll(() => hash(o.page)).toBe('#2022');
      await settle(o.page);
      await expect.poll(() => lit('2022')).toBeGreaterThan(0.9);
    } finally {
      await o.close();
    }
  });

  it('#2023 opens on 2023–2024', async () => {
    const o = await open('/#2023');
    try {
      await expect.poll(() => hash(o.page)).toBe('#2023-2024');
      expect(await liveRegion(o.page)).toContain('2023–2024');
      const v = await viewpoint(o.page);
      const next = await open('/#2025');
      const v2025 = await viewpoint(next.page);
      await next.close();
      expect(v.z).toBeGreaterThan(v2025.z);
      expect(v.gliding).toBe(false);
    } finally {
      await o.close();
    }
  });

  it('walks with W and cannot walk through a wall', async () => {
    const o = await open('/');
    try {
      // Held keys, not timed ones: on a loaded machine software GL may draw only a few frames a second, and the
      // distance walked is per frame drawn. Holding W walks forward (-z)...
      const before = await viewpoint(o.page);
      await o.page.keyboard.down('w');
      await expect.poll(async () => (await viewpoint(o.page)).z, { timeout: 15_000 }).toBeLessThan(before.z - 0.3);
      await o.page.keyboard.up('w');
      // ...and holding A walks left until the wall (x = -widthM / 2) stops the visitor short of it, however long it
      // is held.
      await o.page.keyboard.down('a');
      await expect.poll(async () => (await viewpoint(o.page)).x, { timeout: 15_000 }).toBeLessThan(-1.5);
      // Still held: it stops (two readings half a second apart agree) and stays stopped.
      let last = Number.NaN;
      const stopped = async (): Promise<boolean> => {
        const x = (await viewpoint(o.page)).x;
        const still = x === last;
        last = x;
        return still;
      };
      await expect.poll(stopped, { timeout: 15_000, interval: 500 }).toBe(true);
      await o.page.waitForTimeout(1000);
      await o.page.keyboard.up('a');
      const atWall = await viewpoint(o.page);
      expect(atWall.x).toBeGreaterThan(-2.2);
      expect(atWall.x).toBeLessThan(-1.5);
    } finally {
      await o.close();
    }
  });

  it('cuts instead of gliding when the visitor prefers reduced motion', async () => {
    const o = await open('/', { reducedMotion: 'reduce' });
    try {
      await o.page.keyboard.press('PageDown');
      await expect.poll(() => hash(o.page)).toBe('#2020-2021');
      const v = await viewpoint(o.page);
      expect(v.gliding).toBe(false);
      expect(v.yaw).toBeCloseTo(Math.PI / 2, 5);
    } finally {
      await o.close();
    }
  });
});

describe('reading a panel', () => {
  it('draws panel text dark enough on the light plate (contrast at least 4.5:1)', async () => {
    const o = await open('/?lang=en#2025', { reducedMotion: 'reduce' });
    try {
      const centre = await o.page.evaluate(() => window.__IAMM__!.screenPoint('2025'));
      expect(centre).not.toBeNull();
      // A strip of the panel's body text, left of its centre (the English column is on its own).
      const clip = { x: Math.round(centre!.x - 300), y: Math.round(centre!.y - 120), width: 600, height: 160 };
      const png = PNG.sync.read(await o.page.screenshot({ clip }));
      let darkest = '#ffffff';
      let darkestSum = 3 * 255;
      const counts = new Map<string, number>();
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        const hex = `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
        counts.set(hex, (counts.get(hex) ?? 0) + 1);
        if (r + g + b < darkestSum) {
          darkestSum = r + g + b;
          darkest = hex;
        }
      }
      // The most common colour is the plate; the darkest is the core of the glyphs.
      const plate = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      expect(contrast(plate, THEME.panel)).toBeLessThan(1.1);
      expect(contrast(darkest, plate)).toBeGreaterThanOrEqual(4.5);
      // And the text is the theme's text colour, not a washed-out grey (colour management done right).
      expect(contrast(darkest, THEME.text)).toBeLessThan(1.3);
    } finally {
      await o.close();
    }
  });
});

describe('the 2D timeline', () => {
  it('?view=2d shows the timeline as an ordered list of articles instead of the canvas', async () => {
    const o = await open('/?view=2d');
    try {
      expect(await o.page.locator('canvas').count()).toBe(0);
      const articles = o.page.locator('#timeline ol.milestones > li > article');
      expect(await articles.count()).toBe(5);
      await expect.poll(() => articles.first().getByRole('heading', { level: 2 }).innerText()).toContain('2020–2021');
      expect(await o.page.locator('#timeline').isVisible()).toBe(true);
      expect(await o.page.locator('#timeline').evaluate((el) => el.classList.contains('sr-only'))).toBe(false);
      await o.page.getByRole('button', { name: /3D/ }).click();
      await waitForReady(o.page);
      expect(await canvasIsNonBlank(o.page)).toBe(true);
    } finally {
      await o.close();
    }
  });

  it('falls back to the timeline with an explanation when WebGL is unavailable', async () => {
    const o = await openPage(browser(), '/', {
      initScripts: [`HTMLCanvasElement.prototype.getContext = function () { return null; };`],
    });
    try {
      await waitForReady(o.page);
      expect(await o.page.locator('canvas').count()).toBe(0);
      expect(await o.page.locator('.notice.webgl').innerText()).toContain('3D');
      expect(await o.page.locator('#timeline').isVisible()).toBe(true);
    } finally {
      await o.close();
    }
  });

  it('ignores a bad language, view or hash with a visible notice', async () => {
    const o = await open(`/?lang=xx&view=${'q'.repeat(3000)}#99999`);
    try {
      const notices = await o.page.locator('.notices').innerText();
      expect(notices).toContain('"xx"');
      expect(notices).toContain('#99999');
      expect(await hash(o.page)).toBe('');
      expect(o.pageErrors).toEqual([]);
      expect(await canvasIsNonBlank(o.page)).toBe(true);
    } finally {
      await o.close();
    }
  });
});
