// The corridor's text batch repacks its members only when one changed (src/scene/StableBatchedText.ts). A visitor
// must not see the difference: text switched in place (language) is drawn exactly as text opened that way.
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, inject, it } from 'vitest';
import { contrast, THEME } from '../../src/theme.ts';
import { crossOriginRequests, openPage, waitForReady, withBrowser, type OpenedPage } from './harness.ts';
import { darkest, differing, panelPixels } from './pixels.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');
const PANEL = '2025';

async function open(path: string): Promise<OpenedPage> {
  const o = await openPage(browser(), path, { reducedMotion: 'reduce' });
  await waitForReady(o.page);
  return o;
}

describe('text drawn from one batch', () => {
  it('after a language switch, draws the panel exactly as a page opened in that language', { timeout: 180_000 }, async () => {
    const reference = await open(`/?lang=en#${PANEL}`);
    let english: PNG;
    try {
      english = await panelPixels(reference.page, PANEL);
      expect(reference.pageErrors).toEqual([]);
    } finally {
      await reference.close();
    }
    // The English panel has text, in the theme's text colour.
    expect(contrast(darkest(english), THEME.text)).toBeLessThan(1.3);

    const o = await open(`/?lang=zh#${PANEL}`);
    try {
      // Chinese looks different from English here...
      const chinese = await panelPixels(o.page, PANEL);
      expect(differing(chinese, english)).toBeGreaterThan(0.01);
      await o.page.getByRole('radio', { name: 'English', exact: true }).check();
      // ...and once switched, the same as the English page: every text moved, changed and recoloured in place.
      await expect
        .poll(async () => differing(await panelPixels(o.page, PANEL), english), { timeout: 60_000, interval: 1_000 })
        .toBeLessThan(0.002);
      // And back to Chinese: exactly as it was, nothing of English left.
      await o.page.getByRole('radio', { name: '中文', exact: true }).check();
      await expect
        .poll(async () => differing(await panelPixels(o.page, PANEL), chinese), { timeout: 60_000, interval: 1_000 })
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
