// The guide's tools, end to end through the server's /guide endpoint (room "e2e-tools", global-setup.ts): the guide
// points at a list item and followers in the 2D view and in the other language show it (a guide in an emulated Quest 3
// does it with the right ray and the grip); "Gather here" holds a follower's N key, clicks and walking (and, in an
// emulated Quest 3, teleport) and "Release" frees them; an explorer is never held; a follower's socket can neither
// highlight, hold nor share anyone else's view.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { crossOriginRequests, INSTALL_QUEST, IWER_SOURCE, openPage, waitForReady, withBrowser, type OpenedPage } from './harness.ts';
import { aimAt, frames, holdAim, press } from './xr-drive.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');
// Its own room: guide.e2e leads 'e2e' and expects it fresh (a room remembers its last stop).
const ROOM = 'e2e-tools';
const SECRET = 'e2e-secret-123';
/** The guide's stop in the pointing test, and the list item it points at. */
const STOP = '2023-2024';
const ITEM = `${STOP}.item1`;

const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);
const pillStatus = (page: Page): Promise<string | null> => page.locator('.guide-pill').first().getAttribute('data-status');
const highlight3d = (page: Page) => page.evaluate(() => window.__IAMM__!.highlight());
const viewpoint = (page: Page) => page.evaluate(() => window.__IAMM__!.viewpoint());

async function connectGuide(guide: Page): Promise<void> {
  await guide.getByRole('dialog', { name: 'Guide secret' }).locator('input').fill(SECRET);
  await guide.getByRole('button', { name: 'Connect' }).click();
  await expect.poll(() => pillStatus(guide), { timeout: 10_000 }).toBe('connected');
}

/** After a failed step: the room must not stay held for the next test (the hub keeps the room's hold). */
async function release(guide: Page | undefined): Promise<void> {
  const button = guide?.getByRole('button', { name: 'Release' });
  if (button && (await button.count()) > 0) await button.click().catch(() => undefined);
}

/** From inside a page: a raw socket that says `hello`, then sends `messages`, and returns every reply. */
function rawSocket(page: Page, hello: object, messages: object[]): Promise<string[]> {
  return page.evaluate(
    ([h, ms]) =>
      new Promise<string[]>((resolve) => {
        const ws = new WebSocket(new URL('guide', document.baseURI).href.replace(/^http/, 'ws'));
        const got: string[] = [];
        ws.onopen = () => ws.send(JSON.stringify(h));
        ws.onmessage = (e) => {
          got.push(String(e.data));
          if (String(e.data).includes('"welcome"')) for (const m of ms) ws.send(JSON.stringify(m));
        };
        setTimeout(() => {
          ws.close();
          resolve(got);
        }, 1_500);
      }),
    [hello, messages] as const,
  );
}

describe('a guide points at a line for everyone', () => {
  it(
    'followers in the 2D view and in the other language show the same list item; the next move clears it',
    { timeout: 150_000 },
    async () => {
      const opened: OpenedPage[] = [];
      try {
        const [guide, flat, zh] = await Promise.all([
          openPage(browser(), `/?guide=${ROOM}&lang=en`, { reducedMotion: 'reduce' }),
          openPage(browser(), `/?follow=${ROOM}&lang=en&view=2d`, { reducedMotion: 'reduce' }),
          openPage(browser(), `/?follow=${ROOM}&lang=zh`, { reducedMotion: 'reduce' }),
        ]);
        opened.push(guide, flat, zh);
        await Promise.all(opened.map((o) => waitForReady(o.page, { timeout: 90_000 })));
        await connectGuide(guide.page);
        await expect.poll(() => pillStatus(flat.page), { timeout: 10_000 }).toBe('following');
        await expect.poll(() => pillStatus(zh.page), { timeout: 10_000 }).toBe('following');

        // The guide goes to 2023-2024 (N three times); both followers arrive.
        for (let i = 0; i < 3; i++) await guide.page.locator('body').press('n');
        await expect.poll(() => hash(guide.page)).toBe(`#${STOP}`);
        await expect.poll(() => hash(flat.page), { timeout: 10_000 }).toBe(`#${STOP}`);
        await expect.poll(() => hash(zh.page), { timeout: 10_000 }).toBe(`#${STOP}`);
        // The roster says who is at the stop.
        await expect
          .poll(() => guide.page.locator('.guide-roster li[data-at-stop="true"]').count(), { timeout: 10_000 })
          .toBeGreaterThanOrEqual(2);
        expect(await guide.page.locator('.guide-roster li').first().innerText()).toContain('at the stop');

        // Point mode, then a click on the second list item of the panel, as drawn on the guide's screen.
        await guide.page.getByRole('button', { name: 'Point at a line' }).click();
        const target = await guide.page.evaluate((e) => window.__IAMM__!.elementScreenPoint(e), ITEM);
        expect(target).not.toBeNull();
        await guide.page.mouse.click(target!.x, target!.y);
        await expect.poll(() => highlight3d(guide.page).then((h) => h.element)).toBe(ITEM);

        // The 2D follower marks the same list item and scrolls it into view.
        const item = flat.page.locator(`[data-element="${ITEM}"]`);
        await expect.poll(() => item.first().getAttribute('class'), { timeout: 10_000 }).toContain('guide-highlight');
        await expect.poll(() => flat.page.locator('.guide-highlight').count()).toBe(1);
        expect(await item.first().isVisible()).toBe(true);
        const box = await item.first().boundingBox();
        expect(box).not.toBeNull();
        expect(box!.y).toBeGreaterThanOrEqual(0);
        expect(box!.y + box!.height).toBeLessThanOrEqual(720);
        // The follower in Chinese draws it on its own (Chinese) panel: one column, the same element.
        await expect.poll(() => highlight3d(zh.page), { timeout: 10_000 }).toEqual({ element: ITEM, rects: 1, marker: false });

        // Turned away, the Chinese follower gets an arrow pointing to it.
        await zh.page.mouse.move(640, 360);
        await zh.page.mouse.down();
        await zh.page.mouse.move(1100, 360, { steps: 8 });
        await zh.page.mouse.up();
        await expect.poll(() => highlight3d(zh.page).then((h) => h.marker), { timeout: 10_000 }).toBe(true);

        // The guide moves on: the highlight clears itself everywhere.
        await guide.page.getByRole('button', { name: 'Point at a line' }).click();
        await guide.page.locator('body').press('n');
        await expect.poll(() => highlight3d(guide.page).then((h) => h.element)).toBeNull();
        await expect.poll(() => flat.page.locator('.guide-highlight').count(), { timeout: 10_000 }).toBe(0);
        await expect.poll(() => highlight3d(zh.page).then((h) => h.element), { timeout: 10_000 }).toBeNull();

        for (const o of opened) {
          expect(o.pageErrors).toEqual([]);
          expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
        }
      } finally {
        await Promise.all(opened.map((o) => o.close()));
      }
    },
  );

  it(
    'a guide in an emulated Quest 3 aims the right ray at a list item and squeezes: a desktop follower shows it; squeezing again clears it',
    { timeout: 200_000 },
    async () => {
      const opened: OpenedPage[] = [];
      try {
        // The guide starts one stop before 2023-2024, so its N is a move the room hears whatever stop it remembers.
        const guide = await openPage(browser(), `/?guide=${ROOM}&lang=en#2022`, {
          reducedMotion: 'reduce',
          initScripts: [IWER_SOURCE, INSTALL_QUEST],
        });
        opened.push(guide);
        const follower = await openPage(browser(), `/?follow=${ROOM}&lang=en`, { reducedMotion: 'reduce' });
        opened.push(follower);
        await Promise.all(opened.map((o) => waitForReady(o.page, { timeout: 90_000 })));
        await connectGuide(guide.page);
        await expect.poll(() => pillStatus(follower.page), { timeout: 10_000 }).toBe('following');
        await guide.page.locator('body').press('n');
        await expect.poll(() => hash(guide.page)).toBe(`#${STOP}`);
        await expect.poll(() => hash(follower.page), { timeout: 10_000 }).toBe(`#${STOP}`);

        await guide.page.getByRole('button', { name: 'Enter VR', exact: true }).click();
        await guide.page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 60_000 });
        await frames(guide.page, 6);
        // The guide's caption board says how to point, until the guide has.
        const board = () => guide.page.evaluate(() => window.__IAMM__!.menuText().join(' '));
        await expect.poll(board, { timeout: 10_000 }).toContain('aim the right ray at it and squeeze the grip');
        // The right ray on the second list item of the panel in front of the guide, then the grip.
        const target = await guide.page.evaluate((e) => window.__IAMM__!.elementWorldPoint(e), ITEM);
        expect(target).not.toBeNull();
        await aimAt(guide.page, 'right', target!);
        await press(guide.page, 'right', 'squeeze');
        await expect.poll(() => highlight3d(guide.page).then((h) => h.element), { timeout: 10_000 }).toBe(ITEM);
        // The follower draws it on its own panel, on the item's line; the guide's move was not undone.
        await expect.poll(() => highlight3d(follower.page), { timeout: 10_000 }).toEqual({ element: ITEM, rects: 1, marker: false });
        expect(await hash(follower.page)).toBe(`#${STOP}`);
        await expect.poll(board, { timeout: 10_000 }).not.toContain('squeeze the grip');

        // The same line again: the highlight goes, for the guide and the follower.
        await press(guide.page, 'right', 'squeeze');
        await expect.poll(() => highlight3d(guide.page).then((h) => h.element), { timeout: 10_000 }).toBeNull();
        await expect.poll(() => highlight3d(follower.page).then((h) => h.element), { timeout: 10_000 }).toBeNull();

        for (const o of opened) {
          expect(o.pageErrors).toEqual([]);
          expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
        }
      } finally {
        await Promise.all(opened.map((o) => o.close()));
      }
    },
  );
});

describe('a guide gathers the group', () => {
  it(
    'holds a follower’s N key, links and walking with a notice; an explorer leaves; Release frees them',
    { timeout: 150_000 },
    async () => {
      const opened: OpenedPage[] = [];
      try {
        const [guide, a] = await Promise.all([
          openPage(browser(), `/?guide=${ROOM}&lang=en&view=2d`, { reducedMotion: 'reduce' }),
          openPage(browser(), `/?follow=${ROOM}&lang=en`, { reducedMotion: 'reduce' }),
        ]);
        opened.push(guide, a);
        await Promise.all(opened.map((o) => waitForReady(o.page, { timeout: 90_000 })));
        await connectGuide(guide.page);
        await expect.poll(() => pillStatus(a.page), { timeout: 10_000 }).toBe('following');
        await guide.page.locator('body').press('n');
        const stop = await hash(guide.page);
        await expect.poll(() => hash(a.page), { timeout: 10_000 }).toBe(stop);

        await guide.page.getByRole('button', { name: 'Gather here' }).click();
        await expect.poll(() => a.page.locator('.guide-held').count(), { timeout: 10_000 }).toBe(1);
        expect(await a.page.locator('.guide-held').innerText()).toContain('The guide asked everyone to gather here');
        expect(await guide.page.getByRole('button', { name: 'Release' }).getAttribute('aria-pressed')).toBe('true');

        // N, End and a link do nothing; walking (W held) does not move the visitor; looking around still works.
        await a.page.locator('body').press('n');
        await a.page.locator('body').press('End');
        await a.page.evaluate(() => (window.location.hash = '#2025'));
        // The refusals' notice changes the page's controls, and the panel is framed again clear of them: wait until
        // the camera is still, then walk.
        let still = await viewpoint(a.page);
        await expect
          .poll(
            async () => {
              await a.page.waitForTimeout(300);
              const now = await viewpoint(a.page);
              const moved = Math.hypot(now.x - still.x, now.z - still.z, now.yaw - still.yaw);
              still = now;
              return moved;
            },
            { timeout: 15_000 },
          )
          .toBeLessThan(0.001);
        const before = await viewpoint(a.page);
        await a.page.keyboard.down('w');
        await a.page.waitForTimeout(600);
        await a.page.keyboard.up('w');
        expect(await hash(a.page)).toBe(stop);
        const after = await viewpoint(a.page);
        expect(Math.hypot(after.x - before.x, after.z - before.z)).toBeLessThan(0.01);
        await a.page.mouse.move(640, 360);
        await a.page.mouse.down();
        await a.page.mouse.move(800, 360, { steps: 5 });
        await a.page.mouse.up();
        await expect.poll(async () => Math.abs((await viewpoint(a.page)).yaw - before.yaw)).toBeGreaterThan(0.1);

        // The guide's own moves still bring the held group along.
        await guide.page.locator('body').press('n');
        const next = await hash(guide.page);
        await expect.poll(() => hash(a.page), { timeout: 10_000 }).toBe(next);

        // Opting out is always possible: the explorer walks again.
        await a.page.getByRole('button', { name: 'Explore on my own' }).click();
        await expect.poll(() => a.page.locator('.guide-held').count()).toBe(0);
        await a.page.locator('body').press('n');
        await expect.poll(() => hash(a.page)).not.toBe(next);
        await a.page.getByRole('button', { name: 'Rejoin the guide' }).click();
        await expect.poll(() => hash(a.page), { timeout: 10_000 }).toBe(next);
        await expect.poll(() => a.page.locator('.guide-held').count(), { timeout: 10_000 }).toBe(1);

        // Release: N moves the follower again.
        await guide.page.getByRole('button', { name: 'Release' }).click();
        await expect.poll(() => a.page.locator('.guide-held').count(), { timeout: 10_000 }).toBe(0);
        await a.page.locator('body').press('n');
        await expect.poll(() => hash(a.page)).not.toBe(next);

        for (const o of opened) {
          expect(o.pageErrors).toEqual([]);
          expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
        }
      } finally {
        await Promise.all(opened.map((o) => o.close()));
      }
    },
  );

  it('holds an emulated Quest 3’s teleport and its A button; the caption board says why', { timeout: 150_000 }, async () => {
    const opened: OpenedPage[] = [];
    try {
      const guide = await openPage(browser(), `/?guide=${ROOM}&lang=en&view=2d`, { reducedMotion: 'reduce' });
      opened.push(guide);
      const vr = await openPage(browser(), `/?follow=${ROOM}&lang=en`, { initScripts: [IWER_SOURCE, INSTALL_QUEST] });
      opened.push(vr);
      await Promise.all(opened.map((o) => waitForReady(o.page, { timeout: 90_000 })));
      await connectGuide(guide.page);
      await expect.poll(() => pillStatus(vr.page), { timeout: 10_000 }).toBe('following');
      await vr.page.getByRole('button', { name: 'Enter VR', exact: true }).click();
      await vr.page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 30_000 });
      await frames(vr.page, 6);

      await guide.page.getByRole('button', { name: 'Gather here' }).click();
      await expect
        .poll(() => vr.page.evaluate(() => window.__IAMM__!.menuText().join(' ')), { timeout: 10_000 })
        .toContain('The guide asked everyone to gather here');
      const before = await viewpoint(vr.page);
      const at = await hash(vr.page);
      // Teleport: aim the left controller at the floor 4 m ahead and pull the trigger.
      const refused = await vr.page.evaluate(() => window.__IAMM__!.heldRefusals());
      await aimAt(vr.page, 'left', { x: before.x, y: 0, z: before.z - 4 });
      await holdAim(vr.page);
      await press(vr.page, 'left', 'trigger');
      // The teleport reached the floor and was refused (not missed).
      await expect.poll(() => vr.page.evaluate(() => window.__IAMM__!.heldRefusals()), { timeout: 15_000 }).toBeGreaterThan(refused);
      await frames(vr.page, 4);
      const after = await viewpoint(vr.page);
      expect(Math.hypot(after.x - before.x, after.z - before.z)).toBeLessThan(0.05);
      // A (next milestone) does nothing either.
      await press(vr.page, 'right', 'a-button');
      await frames(vr.page, 4);
      expect(await hash(vr.page)).toBe(at);

      await guide.page.getByRole('button', { name: 'Release' }).click();
      await expect
        .poll(() => vr.page.evaluate(() => window.__IAMM__!.menuText().join(' ')), { timeout: 10_000 })
        .not.toContain('gather here');
      await aimAt(vr.page, 'left', { x: before.x, y: 0, z: before.z - 4 });
      await holdAim(vr.page);
      await press(vr.page, 'left', 'trigger');
      await expect.poll(async () => (await viewpoint(vr.page)).z, { timeout: 15_000 }).toBeLessThan(before.z - 1);
      expect(vr.pageErrors).toEqual([]);
    } finally {
      await release(opened[0]?.page);
      await Promise.all(opened.map((o) => o.close()));
    }
  });
});

describe('only the guide’s socket holds or highlights; a headset shares only its own view', () => {
  it('refuses highlight, hold and a pose naming another device from a follower', { timeout: 90_000 }, async () => {
    const o = await openPage(browser(), `/?lang=en&view=2d`);
    try {
      await waitForReady(o.page);
      const replies = await rawSocket(o.page, { type: 'hello', role: 'follower', room: ROOM, clientId: 'tools-forger-01' }, [
        { type: 'highlight', element: ITEM, seq: 1 },
        { type: 'hold', on: true, seq: 2 },
        { type: 'pose', x: 0, y: 1.6, z: 0, yaw: 0, pitch: 0, language: 'en', milestone: null, deviceId: 'someone-else' },
        { type: 'pose', x: 0, y: 1.6, z: 0, yaw: 0, pitch: 0, language: 'en', milestone: null },
      ]);
      const errors = replies.filter((r) => r.includes('"error"')).map((r) => (JSON.parse(r) as { code: string }).code);
      expect(errors).toEqual(['forbidden', 'forbidden', 'invalid', 'forbidden']);
      expect(replies.some((r) => r.includes('"tools"'))).toBe(false);
      // A booth screen cannot send anything but its hello either.
      const watcher = await rawSocket(o.page, { type: 'hello', role: 'watcher', room: ROOM }, [
        { type: 'hold', on: true, seq: 1 },
        { type: 'share', on: true },
      ]);
      expect(watcher.filter((r) => r.includes('"error"')).map((r) => (JSON.parse(r) as { code: string }).code)).toEqual([
        'forbidden',
        'forbidden',
      ]);
    } finally {
      await o.close();
    }
  });
});

describe('a booth screen shows what the headset sees', () => {
  it(
    'an emulated Quest 3 shares its view; the screen’s camera follows it within 5 cm and 2°, and moves on its own never',
    { timeout: 300_000 },
    async () => {
      const opened: OpenedPage[] = [];
      try {
        const vr = await openPage(browser(), `/?follow=${ROOM}&lang=zh`, { initScripts: [IWER_SOURCE, INSTALL_QUEST] });
        opened.push(vr);
        const screen = await openPage(browser(), `/?watch=${ROOM}&lang=en`);
        opened.push(screen);
        await Promise.all(opened.map((o) => waitForReady(o.page, { timeout: 90_000 })));
        await expect
          .poll(() => screen.page.locator('.watch-label [role="status"]').innerText())
          .toContain('No headset is sharing its view');
        // Opt in on the headset (off by default), then into VR: the caption board says the view is shared.
        const toggle = vr.page.getByRole('button', { name: /在展位屏幕上显示本设备的画面/ });
        expect(await toggle.getAttribute('aria-pressed')).toBe('false');
        await toggle.click();
        await vr.page
          .getByRole('button', { name: /进入 VR|Enter VR/ })
          .first()
          .click();
        await vr.page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 90_000 });
        await frames(vr.page, 6);
        await expect
          .poll(() => vr.page.evaluate(() => window.__IAMM__!.menuText().join(' ')), { timeout: 10_000 })
          .toContain('本设备的画面正显示在展位屏幕上');
        // The screen says whose view it shows (the headset's short random id) and takes the headset's language.
        await expect
          .poll(() => screen.page.locator('.watch-label [role="status"]').innerText(), { timeout: 15_000 })
          .toMatch(/正在显示设备的画面 [A-Za-z0-9_-]{6}/);
        // The visitor steps forward and turns their head.
        await vr.page.evaluate(() => {
          window.__quest.position.set(0.3, 1.6, -0.8);
          const yaw = 0.6;
          window.__quest.quaternion.set(0, Math.sin(yaw / 2), 0, Math.cos(yaw / 2));
        });
        await frames(vr.page, 30);
        const head = await viewpoint(vr.page);
        await expect
          .poll(
            async () => {
              const cam = await viewpoint(screen.page);
              const d = Math.hypot(cam.x - head.x, cam.y - head.y, cam.z - head.z);
              const turn = Math.abs(Math.atan2(Math.sin(cam.yaw - head.yaw), Math.cos(cam.yaw - head.yaw)));
              return d < 0.05 && turn < (2 * Math.PI) / 180;
            },
            { timeout: 10_000 },
          )
          .toBe(true);
        // Keys on the screen move nothing.
        const before = await viewpoint(screen.page);
        await screen.page.locator('body').press('n');
        await screen.page.keyboard.down('w');
        await screen.page.waitForTimeout(500);
        await screen.page.keyboard.up('w');
        const after = await viewpoint(screen.page);
        expect(Math.hypot(after.x - before.x, after.z - before.z)).toBeLessThan(0.01);
        for (const o of opened) {
          expect(o.pageErrors).toEqual([]);
          expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
        }
      } finally {
        await Promise.all(opened.map((o) => o.close()));
      }
    },
  );
});

describe('a booth’s kiosk shares its view by the operator’s setting', () => {
  it('?kiosk=1&share= shows the booth’s view on the screen with nobody pressing anything, and says so', { timeout: 150_000 }, async () => {
    const opened: OpenedPage[] = [];
    try {
      const screen = await openPage(browser(), `/?watch=${ROOM}&lang=en`);
      opened.push(screen);
      const booth = await openPage(browser(), `/?kiosk=1&share=${ROOM}&lang=en`, { reducedMotion: 'reduce' });
      opened.push(booth);
      await Promise.all(opened.map((o) => waitForReady(o.page, { timeout: 90_000 })));
      // The kiosk says its view is on the screen; the screen says whose view it shows and follows it.
      await expect
        .poll(() => booth.page.locator('.kiosk-sharing').innerText(), { timeout: 15_000 })
        .toBe('Your view is on the booth screen');
      await expect
        .poll(() => screen.page.locator('.watch-label [role="status"]').innerText(), { timeout: 15_000 })
        .toMatch(/Showing the view of headset [A-Za-z0-9_-]{6}/);
      // Once the booth has stood still for a second (its attract tour at a stop), the screen is where it stands, not
      // where the last pose sent before it stopped left it.
      const still = async (): Promise<'moving' | 'matched' | 'stale'> => {
        const before = await viewpoint(booth.page);
        await booth.page.waitForTimeout(1000);
        const [head, cam] = [await viewpoint(booth.page), await viewpoint(screen.page)];
        if (Math.hypot(head.x - before.x, head.y - before.y, head.z - before.z, head.yaw - before.yaw) > 1e-4) return 'moving';
        return Math.hypot(cam.x - head.x, cam.y - head.y, cam.z - head.z) < 0.05 ? 'matched' : 'stale';
      };
      for (let stop = 0; stop < 2; stop++) {
        let seen: string = 'moving';
        await expect.poll(async () => (seen = await still()), { timeout: 30_000 }).not.toBe('moving');
        expect(seen).toBe('matched');
        // On to the next stop: wait for the booth to move.
        const at = await viewpoint(booth.page);
        await expect
          .poll(
            async () => {
              const now = await viewpoint(booth.page);
              return Math.hypot(now.x - at.x, now.z - at.z, now.yaw - at.yaw);
            },
            { timeout: 30_000 },
          )
          .toBeGreaterThan(1e-3);
      }
      for (const o of opened) {
        expect(o.pageErrors).toEqual([]);
        expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
      }
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });
});
