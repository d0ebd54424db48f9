// Kiosk mode (?kiosk=1) as a booth visitor and its operator meet it: the attract loop, handing control to the
// visitor, the reset after the idle time, the visit log across a reload, the operator page behind its PIN.
// The idle time comes from `?idle=<s>` (kiosk only, clamped to 5 s .. the configured idleSeconds): the tests
// cannot wait the configured 90 s, and faking the page's clock would also fake the frame loop and the tour.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { crossOriginRequests, openPage, withBrowser, waitForReady, IWER_SOURCE, INSTALL_QUEST } from './harness.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');
const exhibit = loadExhibitFromDir(path.resolve(import.meta.dirname, '../../scenes'));
const PIN = exhibit.exhibit.kiosk!.operatorPin;
const FIRST = exhibit.content.milestones[0]!.id;
const IDLE_S = 6;

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2 A/AA violations on the page, by axe-core: rule id and how many nodes. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: the page's Content Security Policy refuses inline script tags.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return r.violations.map((v: { id: string; nodes: unknown[] }) => `${v.id} (${v.nodes.length})`);
  });
}
const inSession = (page: Page): Promise<boolean> => page.evaluate(() => window.__quest.activeSession !== undefined);

const kioskPhase = (page: Page): Promise<string | undefined> => page.evaluate(() => document.documentElement.dataset.kiosk);
const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);
const search = (page: Page): Promise<string> => page.evaluate(() => window.location.search);
const tourCount = (page: Page): Promise<number> => page.locator('.tour').count();

/** Plays visitor: a key press hands over control, then the "Next milestone" button twice with a pause at each. */
async function visitTwoMilestones(page: Page): Promise<void> {
  await page.keyboard.press('Shift');
  await expect.poll(() => kioskPhase(page)).toBe('visitor');
  const next = page.getByRole('button', { name: /下一个里程碑|Next milestone/ });
  await next.click();
  await expect.poll(() => hash(page)).toBe('#2022');
  await page.waitForTimeout(1_500);
  await next.click();
  await expect.poll(() => hash(page)).toBe('#2023-2024');
  await page.waitForTimeout(1_500);
}

async function unlock(page: Page, pin: string): Promise<void> {
  await page.getByLabel(/PIN/).fill(pin);
  await page.getByRole('button', { name: /解锁|Unlock/ }).click();
}

describe('kiosk mode', () => {
  it('plays the attract tour; a key hands control to the visitor; after the idle time it is back at the start', async () => {
    // ?follow= would show the live guide's pill outside kiosk mode; a kiosk shows none.
    const o = await openPage(browser(), `/?kiosk=1&view=2d&idle=${IDLE_S}&follow=hall-a`);
    try {
      await waitForReady(o.page);
      expect(await kioskPhase(o.page)).toBe('attract');
      await expect.poll(() => o.page.locator('.tour-caption').innerText()).toMatch(/[A-Za-z]/);
      expect(await o.page.locator('.kiosk-prompt').innerText()).toMatch(/press any key/);
      expect(await o.page.locator('.guide-pill, .guide-login').count()).toBe(0);

      await o.page.keyboard.press('Shift');
      await expect.poll(() => kioskPhase(o.page)).toBe('visitor');
      expect(await tourCount(o.page)).toBe(0);
      expect(await o.page.locator('.kiosk-prompt').count()).toBe(0);
      // The visitor looks around: another language, another milestone.
      await o.page.getByText('English', { exact: true }).click();
      await o.page.getByRole('button', { name: /Next milestone/ }).click();
      await expect.poll(() => hash(o.page)).toBe('#2022');
      expect(await search(o.page)).toContain('lang=en');

      // Nobody touches it: it fades back to the start and the attract loop plays again.
      await expect.poll(() => kioskPhase(o.page), { timeout: 30_000, interval: 250 }).toBe('attract');
      await expect.poll(() => hash(o.page)).toBe(`#${FIRST}`);
      expect(await search(o.page)).not.toContain('lang=');
      expect(await o.page.locator('input[name="language"][value="both"]').isChecked()).toBe(true);
      await expect.poll(() => o.page.locator('.tour-progress').innerText()).toMatch(/1 \/ \d+/);
      expect(await o.page.locator('.tour-caption [lang="zh-Hans"]').count()).toBe(1);
      expect(await o.page.locator('.kiosk-prompt').count()).toBe(1);
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('in 3D (reduced motion): the reset puts the camera back where the kiosk started', async () => {
    const o = await openPage(browser(), `/?kiosk=1&idle=5`, { reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      await expect.poll(() => o.page.locator('.tour-caption').innerText()).toMatch(/[A-Za-z]/);
      const start = await o.page.evaluate(() => window.__IAMM__!.viewpoint());
      expect(start.gliding).toBe(false);
      await o.page.keyboard.press('n');
      await expect.poll(() => kioskPhase(o.page)).toBe('visitor');
      await expect.poll(() => hash(o.page)).toBe('#2022');
      const moved = await o.page.evaluate(() => window.__IAMM__!.viewpoint());
      expect(Math.abs(moved.z - start.z)).toBeGreaterThan(1);

      await expect.poll(() => kioskPhase(o.page), { timeout: 30_000, interval: 250 }).toBe('attract');
      expect(await hash(o.page)).toBe(`#${FIRST}`);
      const back = await o.page.evaluate(() => window.__IAMM__!.viewpoint());
      expect(back.x).toBeCloseTo(start.x, 3);
      expect(back.z).toBeCloseTo(start.z, 3);
      expect(back.yaw).toBeCloseTo(start.yaw, 3);
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
    // The 3D view takes 10–25 s to be ready in SwiftShader, then one idle reset.
  }, 120_000);

  it('under reduced motion the attract loop shows its captions without moving the view', async () => {
    const o = await openPage(browser(), '/?kiosk=1&view=2d&lang=en', { reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      const progress = () => o.page.locator('.tour-progress').innerText();
      await expect.poll(progress).toMatch(/1 \/ \d+/);
      const firstCaption = await o.page.locator('.tour-caption').innerText();
      // Stop 3 of the attract tour is at another milestone; the view stays at the first.
      await expect.poll(progress, { timeout: 50_000, interval: 500 }).toMatch(/3 \/ \d+/);
      expect(await o.page.locator('.tour-caption').innerText()).not.toBe(firstCaption);
      expect(await hash(o.page)).toBe(`#${FIRST}`);
      expect(await kioskPhase(o.page)).toBe('attract');
      expect(await o.page.locator('.kiosk-prompt').isVisible()).toBe(true);
    } finally {
      await o.close();
    }
  });

  it('keeps the visitor in: no outside link is followed, no window opens', async () => {
    const o = await openPage(browser(), '/?kiosk=1&view=2d');
    try {
      await waitForReady(o.page);
      const before = o.page.url();
      await o.page.evaluate(() => {
        const a = document.createElement('a');
        a.href = 'https://example.com/elsewhere';
        a.textContent = 'outside';
        a.id = 'outside';
        document.querySelector('.timeline-header')!.append(a);
        const b = a.cloneNode(true) as HTMLAnchorElement;
        b.id = 'outside-new-tab';
        b.target = '_blank';
        document.querySelector('.timeline-header')!.append(b);
      });
      await o.page.click('#outside');
      await o.page.click('#outside-new-tab');
      const opened = await o.page.evaluate(() => window.open('https://example.com/popup') === null);
      await o.page.waitForTimeout(500);
      expect(opened).toBe(true);
      expect(o.page.url()).toBe(before);
      expect(o.context.pages()).toHaveLength(1);
      // The timeline's own #milestone links still work.
      await o.page.locator('a[href="#2022"]').click();
      await expect.poll(() => hash(o.page)).toBe('#2022');
      expect(o.requests.some((r) => r.includes('example.com'))).toBe(false);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });
});

describe('visit log and operator page', () => {
  it('the log survives a reload; a wrong PIN shows nothing; the right PIN shows dwell per milestone and exports CSV', async () => {
    const o = await openPage(browser(), '/?kiosk=1&view=2d&lang=en');
    try {
      await waitForReady(o.page);
      await visitTwoMilestones(o.page);
      await o.page.reload({ waitUntil: 'load' });
      await waitForReady(o.page);

      await o.page.goto(new URL('/?operator&lang=en', baseUrl).href, { waitUntil: 'load' });
      await unlock(o.page, PIN === '0000' ? '1111' : '0000');
      await expect.poll(() => o.page.getByRole('alert').innerText()).toBe('Wrong PIN');
      expect(await o.page.locator('.operator-log, table, svg').count()).toBe(0);
      expect(await o.page.locator('main').innerText()).not.toContain('2022');

      await unlock(o.page, PIN);
      const row = (id: string) => o.page.locator(`.operator-table tr[data-id="${id}"]`);
      await expect.poll(() => row('2022').count()).toBe(1);
      expect(Number(await o.page.locator('.operator-visits strong').innerText())).toBeGreaterThanOrEqual(1);
      for (const id of ['2022', '2023-2024']) {
        const cells = await row(id).locator('td').allInnerTexts();
        expect(Number(cells[0])).toBeGreaterThanOrEqual(1); // visits that saw it
        expect(Number(cells[1])).toBeGreaterThan(0.5); // total dwell, seconds
      }
      // Every bar of the chart is labelled with its milestone and seconds.
      expect(await o.page.locator('svg [role="listitem"][data-id="2022"]').getAttribute('aria-label')).toMatch(/^2022: [\d.]+ s$/);
      expect(await o.page.locator('.operator-languages').innerText()).toContain('English');
      expect(await axeViolations(o.page)).toEqual([]);

      const [download] = await Promise.all([o.page.waitForEvent('download'), o.page.getByRole('button', { name: 'Export CSV' }).click()]);
      const bytes = readFileSync((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csv = bytes.subarray(3).toString('utf8');
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe(
        'visit,started_at,ended_at,ended_by,languages,tours,milestone,milestone_title_zh,milestone_title_en,dwell_seconds',
      );
      const line2022 = lines.find((l) => l.includes(',2022,'));
      expect(line2022).toBeDefined();
      expect(line2022).toContain(exhibit.content.milestones.find((m) => m.id === '2022')!.title.zh);
      expect(line2022).toMatch(/,reload,en,none,/);
      expect(lines.some((l) => l.includes(',2023-2024,'))).toBe(true);
      expect(download.url()).toMatch(/^blob:/);

      // Clearing asks first.
      await o.page.getByRole('button', { name: 'Clear log' }).click();
      await o.page.getByRole('alertdialog').getByRole('button', { name: 'Clear log' }).click();
      await expect.poll(() => o.page.locator('.operator-visits strong').innerText()).toBe('0');
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('after too many wrong PINs the page locks: even the right PIN shows nothing until the lockout ends', async () => {
    const o = await openPage(browser(), '/?kiosk=1&view=2d&lang=en');
    try {
      await waitForReady(o.page);
      await visitTwoMilestones(o.page);
      await o.page.goto(new URL('/?operator&lang=en', baseUrl).href, { waitUntil: 'load' });
      const wrong = PIN === '0000' ? '1111' : '0000';
      for (let i = 0; i < exhibit.exhibit.kiosk!.pinTries; i++) await unlock(o.page, wrong);
      await expect.poll(() => o.page.getByRole('alert').innerText()).toMatch(/Too many wrong PINs/);
      await unlock(o.page, PIN);
      await expect.poll(() => o.page.getByRole('alert').innerText()).toMatch(/Too many wrong PINs/);
      // A reload does not reset the count.
      await o.page.reload({ waitUntil: 'load' });
      await unlock(o.page, PIN);
      await expect.poll(() => o.page.getByRole('alert').innerText()).toMatch(/Too many wrong PINs/);
      expect(await o.page.locator('.operator-log, table, svg').count()).toBe(0);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });
});

describe('kiosk mode in a headset', () => {
  it('resets in VR and stays in VR; a trigger press or a pushed thumbstick hands control to the visitor', async () => {
    const o = await openPage(browser(), '/?kiosk=1&idle=5', { initScripts: [IWER_SOURCE, INSTALL_QUEST], reducedMotion: 'reduce' });
    try {
      await waitForReady(o.page);
      await o.page.getByRole('button', { name: /Enter VR/ }).click();
      await o.page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 30_000 });
      // The click on Enter VR was input: a visit. Nobody moves in the headset: it resets, still in VR.
      await expect.poll(() => kioskPhase(o.page), { timeout: 30_000, interval: 250 }).toBe('attract');
      expect(await inSession(o.page)).toBe(true);
      expect((await o.page.evaluate(() => window.__IAMM__!.viewpoint())).xr).toBe(true);
      expect(await hash(o.page)).toBe(`#${FIRST}`);

      // The right trigger (the session's selectstart).
      await o.page.evaluate(() => window.__quest.controllers.right.updateButtonValue('trigger', 1));
      await expect.poll(() => kioskPhase(o.page), { timeout: 10_000 }).toBe('visitor');
      await o.page.evaluate(() => window.__quest.controllers.right.updateButtonValue('trigger', 0));
      await expect.poll(() => kioskPhase(o.page), { timeout: 30_000, interval: 250 }).toBe('attract');

      // The left thumbstick (no event: the kiosk looks at the sticks).
      await o.page.evaluate(() => window.__quest.controllers.left.updateAxes('thumbstick', 0, -1));
      await expect.poll(() => kioskPhase(o.page), { timeout: 10_000 }).toBe('visitor');
      await o.page.evaluate(() => window.__quest.controllers.left.updateAxes('thumbstick', 0, 0));
      expect(await inSession(o.page)).toBe(true);
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
    // Two idle resets in software-rendered VR: more than the default minute on a busy 2-core machine.
  }, 150_000);
});
