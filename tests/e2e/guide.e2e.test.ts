// Live guide: one guide page leads two follower pages through the server's /guide endpoint (global-setup.ts
// attaches the hub with the test room "e2e", secret "e2e-secret-123", unless GUIDE_ROOMS says otherwise).
import net from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { crossOriginRequests, openPage, waitForReady, withBrowser, type OpenedPage } from './harness.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');
const ROOM = 'e2e';
const SECRET = 'e2e-secret-123';

const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);
const pillStatus = (page: Page): Promise<string | null> => page.locator('.guide-pill').getAttribute('data-status');
const progress = (page: Page): Promise<string> => page.locator('.tour-progress').innerText();

/**
 * A TCP relay in front of the test server, standing in for a visitor's Wi-Fi: `down()` cuts every connection through
 * it and refuses new ones (the page's socket sees the network drop), `up()` lets connections through again.
 */
async function wifi(target: string): Promise<{ url: string; down(): void; up(): void; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let isUp = true;
  const server = net.createServer((client) => {
    if (!isUp) return client.destroy();
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    down: () => {
      isUp = false;
      for (const s of sockets) s.destroy();
    },
    up: () => {
      isUp = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function connectGuide(guide: Page): Promise<void> {
  await guide.getByRole('dialog', { name: 'Guide secret' }).locator('input').fill(SECRET);
  await guide.getByRole('button', { name: 'Connect' }).click();
  await expect.poll(() => pillStatus(guide), { timeout: 10_000 }).toBe('connected');
}

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
      await expect
        .poll(() => guide.page.locator('.guide-roster li').allInnerTexts(), { timeout: 5_000 })
        .toEqual([expect.stringContaining('2022'), expect.stringContaining('2022')]);

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
      // roster still counts 2 followers. (The room's roster also keeps visitors of earlier tests in the same room.)
      const known = await guide.page.locator('.guide-pill').getAttribute('data-visitors');
      expect(Number(known)).toBeGreaterThanOrEqual(3);
      await b.page.evaluate(() => window.history.replaceState(null, '', '#2020-2021'));
      await b.page.reload({ waitUntil: 'load' });
      await waitForReady(b.page, { timeout: 60_000 });
      await expect.poll(() => hash(b.page), { timeout: 10_000 }).toBe(next);
      await expect.poll(() => pillStatus(b.page)).toBe('following');
      await expect.poll(() => guide.page.locator('.guide-count output').innerText(), { timeout: 5_000 }).toBe('2');
      // The roster knows as many visitors as before (A, B, the forger's closed socket, ...): B's reload did not make a new one.
      expect(await guide.page.locator('.guide-pill').getAttribute('data-visitors')).toBe(known);

      for (const o of opened) {
        expect(o.pageErrors).toEqual([]);
        expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
      }
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });

  it(
    'followers play the guide’s tour led by the guide, and after a Wi-Fi drop resume following without a reload',
    { timeout: 150_000 },
    async () => {
      const relay = await wifi(baseUrl);
      const opened: OpenedPage[] = [];
      try {
        const guide = await openPage(browser(), `/?guide=${ROOM}&lang=en&view=2d`, { reducedMotion: 'reduce' });
        opened.push(guide);
        // The follower reaches the server through the relay (its own origin: the relay's port).
        const follower = await openPage(browser(), `/?follow=${ROOM}&lang=en&view=2d`, { reducedMotion: 'reduce', baseUrl: relay.url });
        opened.push(follower);
        await Promise.all(opened.map((o) => waitForReady(o.page)));
        await connectGuide(guide.page);
        await expect.poll(() => pillStatus(follower.page), { timeout: 10_000 }).toBe('following');

        // The guide starts the tour and pauses it at once: the follower joins it at the same stop, paused, and says it is led.
        await guide.page.getByRole('button', { name: 'Guided tour' }).click();
        await expect.poll(() => progress(guide.page)).toMatch(/1 \/ 7/);
        await guide.page.getByRole('button', { name: 'Pause' }).click();
        await expect.poll(() => guide.page.locator('.tour').getAttribute('data-status')).toBe('paused');
        const followerTour = follower.page.locator('.tour');
        await expect.poll(() => followerTour.getAttribute('data-led'), { timeout: 10_000 }).toBe('true');
        await expect.poll(() => followerTour.getAttribute('data-status'), { timeout: 10_000 }).toBe('paused');
        await expect.poll(() => progress(follower.page), { timeout: 10_000 }).toMatch(/1 \/ 7 · Led by the guide/);
        const firstCaption = await guide.page.locator('.tour-caption [lang="en"]').innerText();
        expect(await follower.page.locator('.tour-caption [lang="en"]').innerText()).toBe(firstCaption);

        // The guide moves on a stop: the follower counts down, then shows that stop's caption at that milestone.
        await guide.page.getByRole('button', { name: 'Next stop' }).click();
        await expect.poll(() => progress(guide.page)).toMatch(/2 \/ 7/);
        await expect.poll(() => progress(follower.page), { timeout: 10_000 }).toMatch(/2 \/ 7/);
        expect(await hash(follower.page)).toBe(await hash(guide.page));
        expect(await follower.page.locator('.tour-caption [lang="en"]').innerText()).toBe(
          await guide.page.locator('.tour-caption [lang="en"]').innerText(),
        );

        // The Wi-Fi drops; meanwhile the guide moves on. The page stays the same page (no reload).
        await follower.page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
        relay.down();
        await expect.poll(() => pillStatus(follower.page), { timeout: 15_000 }).toBe('offline');
        await guide.page.getByRole('button', { name: 'Next stop' }).click();
        await expect.poll(() => progress(guide.page)).toMatch(/3 \/ 7/);
        const guideHash = await hash(guide.page);
        await follower.page.waitForTimeout(2_000);
        expect(await progress(follower.page)).toMatch(/2 \/ 7/);

        // Back on the network: the follower reconnects by itself and catches up with the guide's stop.
        relay.up();
        await expect.poll(() => pillStatus(follower.page), { timeout: 30_000 }).toBe('following');
        await expect.poll(() => progress(follower.page), { timeout: 15_000 }).toMatch(/3 \/ 7/);
        await expect.poll(() => hash(follower.page), { timeout: 10_000 }).toBe(guideHash);
        expect(await follower.page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

        // The guide ends the tour: so does the follower.
        await guide.page.getByRole('button', { name: 'End tour' }).click();
        expect(await guide.page.locator('.tour').count()).toBe(0);
        await expect.poll(() => follower.page.locator('.tour').count(), { timeout: 10_000 }).toBe(0);

        expect(guide.pageErrors).toEqual([]);
        expect(follower.pageErrors).toEqual([]);
        expect(crossOriginRequests(guide.requests, baseUrl)).toEqual([]);
        expect(crossOriginRequests(follower.requests, relay.url)).toEqual([]);
      } finally {
        await Promise.all(opened.map((o) => o.close()));
        await relay.close();
      }
    },
  );
});
