// Comparing what the canvas shows: a panel's face as pixels, how much two pictures differ, the darkest colour.
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { expect } from 'vitest';

/** A milestone panel's face on screen (its text and plate: 600 × 400 CSS pixels about its centre), as RGBA pixels. */
export async function panelPixels(page: Page, id: string): Promise<PNG> {
  const centre = await page.evaluate((m) => window.__IAMM__!.screenPoint(m), id);
  expect(centre).not.toBeNull();
  const clip = { x: Math.round(centre!.x - 300), y: Math.round(centre!.y - 200), width: 600, height: 400 };
  return PNG.sync.read(await page.screenshot({ clip }));
}

/** Share of pixels that differ visibly (any channel by more than 24 of 255). */
export function differing(a: PNG, b: PNG): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const d = Math.max(
      Math.abs(a.data[i]! - b.data[i]!),
      Math.abs(a.data[i + 1]! - b.data[i + 1]!),
      Math.abs(a.data[i + 2]! - b.data[i + 2]!),
    );
    if (d > 24) n++;
  }
  return n / (a.data.length / 4);
}

/** The darkest colour in the picture, as #rrggbb (a panel's text is darker than its plate). */
export function darkest(png: PNG): string {
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
