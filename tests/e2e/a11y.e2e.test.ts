// Keyboard alone, with a focus the visitor can see; and an automated accessibility check (axe-core) of the text
// timeline with no serious or critical violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, waitForReady, withBrowser } from './harness.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const browser = withBrowser();
const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);

interface Focused {
  tag: string;
  name: string;
  /** The focus ring: the element's own outline, or (for the visually hidden radios) their label's. */
  outline: string;
  inToolbar: boolean;
}
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', name: '', outline: 'none', inToolbar: false };
    const ring = el.matches('.choice input') ? el.closest('label')! : el;
    const style = getComputedStyle(ring);
    return {
      tag: el.tagName.toLowerCase(),
      name: (el.getAttribute('aria-label') ?? (el.closest('label') ?? el).textContent ?? '').trim(),
      outline: style.outlineStyle === 'none' || style.outlineWidth === '0px' ? 'none' : `${style.outlineStyle} ${style.outlineWidth}`,
      inToolbar: el.closest('.toolbar') !== null,
    };
  });

/** Tab until the focused element's accessible name matches; every stop on the way must show its focus. */
async function tabTo(page: Page, name: RegExp, seen: Focused[], limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(f);
    if (name.test(f.name)) return;
  }
  throw new Error(`no control named ${name} within ${limit} tabs; saw: ${seen.map((f) => f.name).join(' | ')}`);
}

describe('keyboard alone', () => {
  it('reaches every toolbar control with a visible focus, changes the language, steps milestones and runs a tour', async () => {
    const o = await openPage(browser(), '/?view=2d&lang=en');
    const page = o.page;
    try {
      await waitForReady(page);
      const seen: Focused[] = [];
      // Next milestone, by its button.
      await tabTo(page, /Next milestone/, seen);
      await page.keyboard.press('Enter');
      await expect.poll(() => hash(page)).toBe('#2020-2021');
      await page.keyboard.press('Space');
      await expect.poll(() => hash(page)).toBe('#2022');
      // And by its shortcut, as the button advertises (aria-keyshortcuts), even in the text timeline.
      expect(await page.getByRole('button', { name: /Next milestone/ }).getAttribute('aria-keyshortcuts')).toContain('N');
      await page.keyboard.press('n');
      await expect.poll(() => hash(page)).toBe('#2023-2024');
      await page.keyboard.press('p');
      await expect.poll(() => hash(page)).toBe('#2022');
      // End goes to the end of the walk: the finale after the last era.
      await page.keyboard.press('End');
      await expect.poll(() => hash(page)).toBe('#finale');
      await page.keyboard.press('Home');
      await expect.poll(() => hash(page)).toBe('#2020-2021');

      // The language: into the radio group, then the arrows.
      await tabTo(page, /^English$/, seen);
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => page.evaluate(() => new URL(location.href).searchParams.get('lang'))).toBe('zh');
      expect(await page.locator('#timeline').innerText()).toMatch(/[\u4e00-\u9fff]/);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.getByRole('radio', { name: /中文 \+ English/ }).isChecked()).toBe(true);

      // A guided tour: start with Enter, pause with Space, skip with N, end with Escape.
      await tabTo(page, /Guided tour/, seen);
      await page.keyboard.press('Enter');
      const tour = page.locator('section.tour');
      await expect.poll(() => tour.getAttribute('data-status')).toBe('playing');
      await page.keyboard.press('Space');
      await expect.poll(() => tour.getAttribute('data-status')).toBe('paused');
      await page.keyboard.press('n');
      await expect.poll(() => page.locator('.tour-progress').innerText()).toMatch(/2 \/ 7/);
      // The tour's own buttons are reachable too.
      await tabTo(page, /End tour/, seen);
      await page.keyboard.press('Escape');
      await expect.poll(() => tour.count()).toBe(0);

      // Every stop on the way showed a focus ring, and the toolbar's controls were all among them.
      const stops = seen.filter((f) => f.tag !== 'body');
      expect(stops.filter((f) => f.outline === 'none')).toEqual([]);
      const names = seen.filter((f) => f.inToolbar).map((f) => f.name);
      for (const control of [/Previous milestone/, /Next milestone/, /English/, /Guided tour/, /3D/]) {
        expect(
          names.some((n) => control.test(n)),
          `${control} in ${names.join(' | ')}`,
        ).toBe(true);
      }
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function axe(page: Page): Promise<{ violations: AxeViolation[]; passed: number }> {
  // Evaluated over the DevTools protocol, which the page's Content Security Policy does not govern.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }
    ).axe.run(document, {
      resultTypes: ['violations'],
    });
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target })),
      })),
      passed: result.passes.length,
    };
  });
}
const serious = (vs: AxeViolation[]) => vs.filter((v) => v.impact === 'serious' || v.impact === 'critical');

describe('automated accessibility check (axe-core)', () => {
  it.each([
    ['both languages', '/?view=2d'],
    ['English', '/?view=2d&lang=en#2025'],
    ['中文', '/?view=2d&lang=zh'],
    ['with a notice and a running tour', '/?view=2d&lang=en&tour=highlights#99999'],
  ])('the text timeline, %s: no serious or critical violation', async (_, path) => {
    const o = await openPage(browser(), path);
    try {
      await waitForReady(o.page);
      if (path.includes('tour=')) await expect.poll(() => o.page.locator('section.tour').count()).toBe(1);
      const { violations, passed } = await axe(o.page);
      expect(serious(violations)).toEqual([]);
      // The check really ran over the page (contrast, names, landmarks, language…).
      expect(passed).toBeGreaterThan(10);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });
});
