// The corridor in VR, with an emulated Meta Quest 3 (IWER) installed before the page loads.
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { crossOriginRequests, openPage, waitForReady, type OpenedPage, withBrowser, IWER_SOURCE, INSTALL_QUEST } from './harness.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');

type View = { x: number; y: number; z: number; yaw: number; xr: boolean };
const viewpoint = (page: Page): Promise<View> => page.evaluate(() => window.__IAMM__!.viewpoint());
const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);
/** Let a few XR frames pass (the emulator renders slowly in software). */
const frames = (page: Page, n = 4): Promise<void> =>
  page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        const session = (window as unknown as { __quest: { activeSession?: XRSession } }).__quest.activeSession;
        if (!session) return resolve();
        let left = count;
        const tick = (): void => {
          if (--left <= 0) resolve();
          else session.requestAnimationFrame(tick);
        };
        session.requestAnimationFrame(tick);
      }),
    n,
  );
/** Press and release a controller button over a few frames, as a hand would. */
async function press(page: Page, hand: 'left' | 'right', button: string): Promise<void> {
  await page.evaluate(([h, b]) => window.__quest.controllers[h].updateButtonValue(b, 1), [hand, button] as const);
  // Two frames down: the pointer sees the press with its current aim, and the press stays within a click
  // even when the software-rendered emulator is slow.
  await frames(page, 2);
  await page.evaluate(([h, b]) => window.__quest.controllers[h].updateButtonValue(b, 0), [hand, button] as const);
  await frames(page, 3);
}

/**
 * Point a controller at a world point: its position is in the XR origin's space, so the direction is turned into
 * that space (the origin's yaw) before it becomes the controller's orientation.
 */
async function aimAt(
  page: Page,
  hand: 'left' | 'right',
  target: { x: number; y: number; z: number },
  input: 'controllers' | 'hands' = 'controllers',
): Promise<{ yaw: number; pitch: number }> {
  const aim = await page.evaluate(
    ([h, t, kind]) => {
      const c = window.__quest[kind][h];
      const o = window.__IAMM__!.origin();
      const cos = Math.cos(o.yaw);
      const sin = Math.sin(o.yaw);
      // The controller in the world, then the direction to the target back in origin space.
      const wx = o.x + c.position.x * cos + c.position.z * sin;
      const wz = o.z - c.position.x * sin + c.position.z * cos;
      const dxw = t.x - wx;
      const dzw = t.z - wz;
      const dx = dxw * cos - dzw * sin;
      const dz = dxw * sin + dzw * cos;
      const dy = t.y - c.position.y;
      const yaw = Math.atan2(-dx, -dz);
      const pitch = Math.atan2(dy, Math.hypot(dx, dz));
      const cy = Math.cos(yaw / 2),
        sy = Math.sin(yaw / 2),
        cp = Math.cos(pitch / 2),
        sp = Math.sin(pitch / 2);
      // Yaw about y, then pitch about the turned x axis.
      c.quaternion.set(cy * sp, sy * cp, -sy * sp, cy * cp);
      return { yaw, pitch };
    },
    [hand, target, input] as const,
  );
  // Let the pointer settle on the new aim before anything is pressed.
  await frames(page, 6);
  return aim;
}

async function enterVR(setup = ''): Promise<OpenedPage> {
  const o = await openPage(browser(), '/', { initScripts: [IWER_SOURCE, INSTALL_QUEST + setup] });
  await waitForReady(o.page);
  const button = o.page.getByRole('button', { name: 'Enter VR', exact: true });
  await button.click();
  await o.page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 30_000 });
  await frames(o.page, 6);
  return o;
}

describe('the production build', () => {
  it('ships no WebXR emulator (tests bring their own)', () => {
    const dir = `${inject('distDir')}/assets`;
    const assets = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(assets.length).toBeGreaterThan(0);
    for (const f of assets) expect(readFileSync(`${dir}/${f}`, 'utf8'), f).not.toMatch(/XRDevice/);
  });
});

describe('entering the corridor in a headset', () => {
  it('offers Enter VR, starts an immersive-vr session on local-floor and renders XR frames', async () => {
    const o = await enterVR();
    try {
      const session = await o.page.evaluate(() => {
        const s = window.__quest.activeSession as XRSession;
        return { mode: (s as XRSession & { mode?: string }).mode ?? null, blend: s.environmentBlendMode, visibility: s.visibilityState };
      });
      expect(session.blend).toBe('opaque'); // VR, not passthrough AR
      const v = await viewpoint(o.page);
      expect(v.xr).toBe(true);
      expect(await o.page.evaluate(() => window.__IAMM__!.drawCalls())).toBeGreaterThan(0);
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('A moves to the next milestone, B back; a right-stick flick turns 30°; leaving VR keeps the milestone', async () => {
    const o = await enterVR();
    try {
      await press(o.page, 'right', 'a-button');
      await expect.poll(() => hash(o.page)).toBe('#2020-2021');
      await press(o.page, 'right', 'a-button');
      await expect.poll(() => hash(o.page)).toBe('#2022');
      await press(o.page, 'right', 'b-button');
      await expect.poll(() => hash(o.page)).toBe('#2020-2021');
      await press(o.page, 'left', 'x-button');
      await expect.poll(() => hash(o.page)).toBe('#2022');
      await frames(o.page, 3);
      const before = await viewpoint(o.page);
      expect(await o.page.locator('#live-region').innerText()).toContain('2022');

      await o.page.evaluate(() => window.__quest.controllers.right.updateAxes('thumbstick', 1, 0));
      await frames(o.page, 3);
      await o.page.evaluate(() => window.__quest.controllers.right.updateAxes('thumbstick', 0, 0));
      await frames(o.page, 3);
      const turned = await viewpoint(o.page);
      const degrees = ((turned.yaw - before.yaw) * 180) / Math.PI;
      expect(degrees).toBeCloseTo(-30, 1); // a flick to the right turns right by one snap
      // Turning about the head: the visitor stays where they stand.
      expect(Math.hypot(turned.x - before.x, turned.z - before.z)).toBeLessThan(0.01);

      await o.page.evaluate(() => window.__quest.activeSession?.end());
      await o.page.waitForFunction(() => !window.__IAMM__!.viewpoint().xr, undefined, { timeout: 20_000 });
      expect(await hash(o.page)).toBe('#2022');
      const desktop = await viewpoint(o.page);
      expect(Math.hypot(desktop.x - turned.x, desktop.z - turned.z)).toBeLessThan(0.01);
      // And in again.
      await o.page.getByRole('button', { name: 'Enter VR', exact: true }).click();
      await o.page.waitForFunction(() => window.__IAMM__!.viewpoint().xr, undefined, { timeout: 30_000 });
      expect(await hash(o.page)).toBe('#2022');
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('a trigger with the right ray on a panel focuses it', async () => {
    const o = await enterVR();
    try {
      // From the entrance, aim the right controller at the first panel (left wall, 2020–2021).
      const aim = await aimAt(o.page, 'right', await o.page.evaluate(() => window.__IAMM__!.panelCentre('2020-2021')!));
      expect(Math.abs(aim.yaw)).toBeGreaterThan(0.05);
      await press(o.page, 'right', 'trigger');
      await expect.poll(() => hash(o.page), { timeout: 15_000 }).toBe('#2020-2021');
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('teleports with the left trigger onto the corridor floor, and never through a wall', async () => {
    const o = await enterVR();
    try {
      const before = await viewpoint(o.page);
      // A point on the floor 4 m ahead.
      await aimAt(o.page, 'left', { x: before.x, y: 0, z: before.z - 4 });
      await press(o.page, 'left', 'trigger');
      await expect.poll(async () => (await viewpoint(o.page)).z, { timeout: 15_000 }).toBeLessThan(before.z - 1);
      const after = await viewpoint(o.page);
      // The arc falls short of a straight aim; it lands ahead, on the floor line, facing the same way.
      expect(after.z).toBeGreaterThan(before.z - 5);
      expect(Math.abs(after.x - before.x)).toBeLessThan(0.3);
      expect(after.yaw).toBeCloseTo(before.yaw, 3);
      // Aim far beyond the left wall: the landing is kept inside the corridor.
      await aimAt(o.page, 'left', { x: -30, y: 0, z: after.z - 3 });
      await press(o.page, 'left', 'trigger');
      await frames(o.page, 4);
      expect((await viewpoint(o.page)).x).toBeGreaterThan(-2.2);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('changes the language from the in-VR menu', async () => {
    const o = await enterVR();
    try {
      const target = await o.page.evaluate(() => window.__IAMM__!.menuButtonCentre('lang-en'));
      expect(target).not.toBeNull();
      await aimAt(o.page, 'right', target!);
      await press(o.page, 'right', 'trigger');
      await expect
        .poll(() => o.page.evaluate(() => new URL(window.location.href).searchParams.get('lang')), { timeout: 15_000 })
        .toBe('en');
      expect(await o.page.locator('#timeline').textContent()).not.toContain('数字医学与沉浸式技术快速发展');
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('works with hands alone: a pinch along the right hand ray focuses a panel', async () => {
    const o = await enterVR(`window.__quest.primaryInputMode = 'hand';`);
    try {
      await aimAt(o.page, 'right', await o.page.evaluate(() => window.__IAMM__!.panelCentre('2020-2021')!), 'hands');
      // A quick pinch (one frame), as for the controllers' trigger.
      await o.page.evaluate(() => window.__quest.hands.right.setPinchValueImmediate(1));
      await frames(o.page, 1);
      await o.page.evaluate(() => window.__quest.hands.right.setPinchValueImmediate(0));
      await frames(o.page, 4);
      await expect.poll(() => hash(o.page), { timeout: 15_000 }).toBe('#2020-2021');
      expect(o.pageErrors).toEqual([]);
      expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('seated mode lifts a seated visitor to standing eye height', async () => {
    const o = await enterVR();
    try {
      // Sit down: the headset is now at 1.1 m.
      await o.page.evaluate(() => window.__quest.position.set(0, 1.1, 0));
      await frames(o.page, 4);
      expect((await viewpoint(o.page)).y).toBeCloseTo(1.1, 1);
      await aimAt(o.page, 'right', (await o.page.evaluate(() => window.__IAMM__!.menuButtonCentre('seated')))!);
      await press(o.page, 'right', 'trigger');
      await expect.poll(async () => (await viewpoint(o.page)).y, { timeout: 15_000 }).toBeGreaterThan(1.5);
      expect((await viewpoint(o.page)).y).toBeCloseTo(1.6, 1);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it(
    'plays a guided tour from the VR menu: stop and caption on the menu, A / B by stop, pause holds, caption size, end',
    { timeout: 120_000 },
    async () => {
      const o = await enterVR();
      const menu = (): Promise<string[]> => o.page.evaluate(() => window.__IAMM__!.menuText());
      const click = async (action: string): Promise<void> => {
        const target = await o.page.evaluate((a) => window.__IAMM__!.menuButtonCentre(a), action);
        expect(target, action).not.toBeNull();
        await aimAt(o.page, 'right', target!);
        await press(o.page, 'right', 'trigger');
      };
      try {
        expect(await menu()).toContain('Guided tour');
        await click('tour-start');
        await expect.poll(menu, { timeout: 15_000 }).toContain('Stop 1 / 7');
        // The caption the page shows is on the menu too, in both languages (the default).
        const [zh, en] = await Promise.all(['zh-Hans', 'en'].map((l) => o.page.locator(`.tour-caption [lang="${l}"]`).innerText()));
        const squeeze = (t: string): string => t.replace(/\s+/g, '');
        const said = squeeze((await menu()).join(''));
        expect(zh!.length).toBeGreaterThan(10);
        expect(said).toContain(squeeze(zh!));
        expect(said).toContain(squeeze(en!));

        // Pause from the menu: the button now resumes, and the stop holds past its dwell.
        await click('tour-toggle');
        await expect.poll(menu, { timeout: 15_000 }).toContain('Resume');
        const stopNow = async (): Promise<number> =>
          Number(/^Stop (\d+) \/ 7/.exec((await menu()).find((t) => t.startsWith('Stop ')) ?? '')?.[1]);
        const held = await stopNow();
        expect(held).toBeGreaterThanOrEqual(1);
        await o.page.waitForTimeout(7_000);
        expect(await stopNow()).toBe(held);

        // A: next stop (not next milestone); B: back; both keep the tour paused.
        await press(o.page, 'right', 'a-button');
        await expect.poll(stopNow, { timeout: 15_000 }).toBe(held + 1);
        await press(o.page, 'right', 'b-button');
        await expect.poll(stopNow, { timeout: 15_000 }).toBe(held);
        expect(await menu()).toContain('Resume');

        // Caption size cycles medium → large, on the page too.
        await click('caption-size');
        await expect.poll(menu, { timeout: 15_000 }).toContain('Caption size: Large');
        expect(await o.page.locator('.tour').getAttribute('data-caption-size')).toBe('large');

        await click('tour-stop');
        await expect.poll(menu, { timeout: 15_000 }).toContain('Guided tour');
        expect((await menu()).some((t) => t.startsWith('Stop '))).toBe(false);
        expect(await o.page.locator('.tour').count()).toBe(0);
        expect(o.pageErrors).toEqual([]);
        expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
      } finally {
        await o.close();
      }
    },
  );
});
