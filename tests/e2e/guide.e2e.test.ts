// Live guide: one guide page leads two follower pages through the server's /guide endpoint (global-setup.ts
// attaches the hub with the test room "e2e", secret "e2e-secret-123", unless GUIDE_ROOMS says otherwise).
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { crossOriginRequests, openPage, waitForReady, useBrowser, type OpenedPage } from './harness.ts';

const browser = useBrowser();
const baseUrl = inject('baseUrl');
const ROOM = 'e2e';
const SECRET = 'e2e-secret-123';

const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);
const pillStatus = (page: Page): Promise<string | null> => page.locator('.guide-pill').getAttribute('data-status');

describe('live guide', () => {
  it('followers move with the guide, an explorer stays put, a forged goto changes nothing', { timeout: 150_000 }, async () => {
    const opened: OpenedPage[] = [];
    try {
      const [guide, a, b] = await Promise.all([
        openPage(browser(), `/?guide=${ROOM}&lang=en`, { reducedMotion: 'reduce' }),
        openPage(browser(), `/?follow=${ROOM}&lang=en`, { reducedMotion: 'reduce' }),
        openPage(browser(), `/?follow=${ROOM}&lang=en`, { reducedMotion: 'reduce' }),
      ]);
      opened.push(guide, a, b);
      await Promise.all(opened.map((o) => waitForReady(o.page, { timeout: 90_000 })));

      // The secret goes in a password field, never in the URL.
      const field = guide.page.getByRole('dialog', { name: 'Guide secret' }).locator('input');
      expect(await field.getAttribute('type')).toBe('password');
      await field.fill(SECRET);
      await guide.page.getByRole('button', { name: 'Connect' }).click();
      await expect.poll(() => pillStatus(guide.page), { timeout: 10_000 }).toBe('connected');
      expect(guide.page.url()).not.toContain(SECRET);

      await expect.poll(() => pillStatus(a.page), { timeout: 10_000 }).toBe('following');
      await expect.poll(() => pillStatus(b.page), { timeout: 10_000 }).toBe('following');
      await expect.poll(() => guide.page.locator('.guide-count output').innerText(), { timeout: 10_000 }).toBe('2');

      // N twice: both followers count down and move to the same stop.
      await guide.page.locator('body').press('n');
      await guide.page.locator('body').press('n');
      await expect.poll(() => hash(guide.page)).toBe('#2022');
      await expect.poll(() => a.page.locator('.guide-countdown').count(), { timeout: 5_000 }).toBe(1);
      expect(await a.page.locator('.guide-countdown').innerText()).toMatch(/Following the guide in [123]…/);
      await expect.poll(() => hash(a.page), { timeout: 10_000 }).toBe('#2022');
      await expect.poll(() => hash(b.page), { timeout: 10_000 }).toBe('#2022');
      // The roster shows where each follower is.
      await expect.poll(() => guide.page.locator('.guide-roster li').allInnerTexts(), { timeout: 5_000 }).toEqual([
        expect.stringContaining('2022'),
        expect.stringContaining('2022'),
      ]);

      // B explores on its own: the guide moves on, B stays, A follows.
      await b.page.getByRole('button', { name: 'Explore on my own' }).click();
      await expect.poll(() => pillStatus(b.page)).toBe('exploring');
      await guide.page.locator('body').press('n');
      const next = await hash(guide.page);
      expect(next).not.toBe('#2022');
      await expect.poll(() => hash(a.page), { timeout: 10_000 }).toBe(next);
      expect(await hash(b.page)).toBe('#2022');

      // A forged goto from a follower's socket is refused; A stays where the guide put it.
      const reply = await b.page.evaluate(
        (room) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(new URL('guide', document.baseURI).href.replace(/^http/, 'ws'));
            const got: string[] = [];
            ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', role: 'follower', room, clientId: 'forger-0001' }));
            ws.onmessage = (e) => {
              got.push(String(e.data));
              if (got.length === 2) ws.send(JSON.stringify({ type: 'goto', milestone: '2020-2021', seq: 1 }));
              if (String(e.data).includes('"error"')) {
                ws.close();
                resolve(String(e.data));
              }
            };
            setTimeout(() => resolve(`timeout: ${got.join(' | ')}`), 5_000);
          }),
        ROOM,
      );
      expect(reply).toContain('forbidden');
      await a.page.waitForTimeout(3_500);
      expect(await hash(a.page)).toBe(next);
      expect(await a.page.locator('.guide-countdown').count()).toBe(0);

      // Rejoining jumps to the guide's current stop.
      await b.page.getByRole('button', { name: 'Rejoin the guide' }).click();
      await expect.poll(() => hash(b.page), { timeout: 10_000 }).toBe(next);

      // A reload (at another milestone) is the same visitor, late to the stop: it goes to the guide's current stop, and the
      // roster still counts 2 followers.
      await b.page.evaluate(() => window.history.replaceState(null, '', '#2020-2021'));
      await b.page.reload({ waitUntil: 'load' });
      await waitForReady(b.page, { timeout: 60_000 });
      await expect.poll(() => hash(b.page), { timeout: 10_000 }).toBe(next);
      await expect.poll(() => pillStatus(b.page)).toBe('following');
      await expect.poll(() => guide.page.locator('.guide-count output').innerText(), { timeout: 5_000 }).toBe('2');
      // The roster knows 3 visitors (A, B and the forger's closed socket): B's reload did not make a new one.
      expect(await guide.page.locator('.guide-pill').getAttribute('data-visitors')).toBe('3');

      for (const o of opened) {
        expect(o.pageErrors).toEqual([]);
        expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
      }
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });
});
