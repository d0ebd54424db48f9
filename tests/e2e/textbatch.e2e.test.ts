// The corridor's text batch repacks its members only when one changed (src/scene/StableBatchedText.ts). A visitor
// must not see the difference: text switched in place (language) is drawn exactly as text opened that way.
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, inject, it } from 'vitest';
import { contrast, THEME } from '../../src/theme.ts';
import { crossOriginRequests, openPage, waitForReady, withBrowser, type OpenedPage } from './harness.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');
const PANEL = '2025';

async function open(path: string): Promise<OpenedPage> {
  const o = await openPage(browser(), path, { reducedMotion: 'reduce' });
  await waitForReady(o.page);
  return o;
}

/** The panel's face on screen (its text and plate), as RGBA pixels. */
async function panelPixels(page: Page): Promise<PNG> {
  const centre = await page.evaluate((id) => window.__IAMM__!.screenPoint(id), PANEL);
  expect(centre).not.toBeNull();
  const clip = { x: Math.round(centre!.x - 300), y: Math.round(centre!.y - 200), width: 600, height: 400 };
  return PNG.sync.read(await page.screenshot({ clip }));
}

/** Share of pixels that differ visibly (any channel by more than 24 of 255). */
function differing(a: PNG, b: PNG): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (
      Math.max(Math.abs(a.data[i]! - b.data[i]!), Math.abs(a.data[i + 1]! - b.data[i + 1]!), Math.abs(a.data[i + 2]! - b.data[i + 2]!)) > 24
    )
      n++;
  }
  return n / (a.data.length / 4);
}

function darkest(png: PNG): string {
  let best = 3 * 255;
  let hex = '#ffffff';
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (r + g + b < best) {
      best = r + g + b;
      hex = `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
    }
  }
  return hex;
}

describe('text drawn from one batch', () => {
  it('after a language switch, draws the panel exactly as a page opened in that language', { timeout: 180_000 }, async () => {
    const reference = await open(`/?lang=en#${PANEL}`);
    let english: PNG;
    try {
      english = await panelPixels(reference.page);
      expect(reference.pageErrors).toEqual([]);
    } finally {
      await reference.close();
    }
    // The English panel has text, in the theme's text colour.
    expect(contrast(darkest(english), THEME.text)).toBeLessThan(1.3);

    const o = await open(`/?lang=zh#${PANEL}`);
    try {
      // Chinese looks different from English here...
      expect(differing(await panelPixels(o.page), english)).toBeGreaterThan(0.01);
      await o.page.getByRole('radio', { name: 'English', exact: true }).check();
      // ...and once switched, the same as the English page: every text moved, changed and recoloured in place.
      await expect
        .poll(async () => differing(await panelPixels(o.page), english), { timeout: 60_000, interval: 1_000 })
        .toBeLessThan(0.002);
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it(
    'after a language switch, draws the entrance sign (its plate sized to the other language’s lines) as a page opened in that language',
    { timeout: 180_000 },
    async () => {
      // The view from the entrance, above the page's controls: the banner's plate and its text.
      const entrance = async (page: Page): Promise<PNG> => {
        const size = page.viewportSize()!;
        return PNG.sync.read(await page.screenshot({ clip: { x: 0, y: 0, width: size.width, height: Math.round(size.height * 0.55) } }));
      };
      const reference = await open('/?lang=en');
      let english: PNG;
      try {
        english = await entrance(reference.page);
      } finally {
        await reference.close();
      }
      const o = await open('/?lang=both');
      try {
        expect(differing(await entrance(o.page), english)).toBeGreaterThan(0.01);
        await o.page.getByRole('radio', { name: 'English', exact: true }).check();
        await expect.poll(async () => differing(await entrance(o.page), english), { timeout: 60_000, interval: 1_000 }).toBeLessThan(0.002);
        expect(o.pageErrors).toEqual([]);
      } finally {
        await o.close();
      }
    },
  );
});
