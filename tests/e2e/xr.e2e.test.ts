// The corridor in VR, with an emulated Meta Quest 3 (IWER) installed before the page loads.
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { ScreenRect } from '../../src/app/testHooks.ts';
import { crossOriginRequests, openPage, waitForReady, type OpenedPage, withBrowser, IWER_SOURCE, INSTALL_QUEST } from './harness.ts';
import { aimAt, frames, holdAim, poke, press } from './xr-drive.ts';

const browser = withBrowser();
const baseUrl = inject('baseUrl');

type View = { x: number; y: number; z: number; yaw: number; xr: boolean };
const viewpoint = (page: Page): Promise<View> => page.evaluate(() => window.__IAMM__!.viewpoint());
const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);

/** Open the wrist menu with the left controller's Y (the menu button), and wait until it shows. */
async function openMenu(page: Page): Promise<void> {
  await press(page, 'left', 'y-button');
  await expect.poll(() => page.evaluate(() => window.__IAMM__!.wristMenuShown()), { timeout: 15_000 }).toBe(true);
  await frames(page, 2);
}

/** Aim the right controller at a wrist-menu button and pull the trigger (the menu must be open). */
async function pressMenuButton(page: Page, action: string): Promise<void> {
  const target = await page.evaluate((a) => window.__IAMM__!.menuButtonCentre(a), action);
  expect(target, action).not.toBeNull();
  await aimAt(page, 'right', target!);
  await press(page, 'right', 'trigger');
}

/**
 * Turn the left controller or hand, held at `at` (origin space), so that its palm (the grip space's +x) faces the
 * head, and the head down to look at it: how a visitor looks at their wrist. The grip's +x is read from the
 * emulator's own grip pose, so it holds for controllers and hands alike.
 */
async function lookAtLeftPalm(page: Page, kind: 'controllers' | 'hands', at = { x: -0.05, y: 1.3, z: -0.32 }): Promise<void> {
  await page.evaluate(
    async ([k, p]) => {
      const q = window.__quest;
      const input = q[k].left;
      input.position.set(p.x, p.y, p.z);
      input.quaternion.set(0, 0, 0, 1);
      const session = q.activeSession!;
      const ref = await session.requestReferenceSpace('local-floor');
      // An XRFrame is only valid inside its own callback: read the grip there (the frame after the unturned pose).
      const gripOf = (): Promise<DOMPointReadOnly> =>
        new Promise((resolve) =>
          session.requestAnimationFrame((_, f) => {
            const source = Array.from(session.inputSources).find((s) => s.handedness === 'left');
            resolve(f.getPose(source!.gripSpace!, ref)!.transform.orientation);
          }),
        );
      await gripOf();
      const o = await gripOf();
      // The grip's +x with the input unturned: rotate (1, 0, 0) by the grip orientation.
      const rot = (qx: number, qy: number, qz: number, qw: number, v: [number, number, number]): [number, number, number] => {
        const [x, y, z] = v;
        const ix = qw * x + qy * z - qz * y;
        const iy = qw * y + qz * x - qx * z;
        const iz = qw * z + qx * y - qy * x;
        const iw = -qx * x - qy * y - qz * z;
        return [
          ix * qw + iw * -qx + iy * -qz - iz * -qy,
          iy * qw + iw * -qy + iz * -qx - ix * -qz,
          iz * qw + iw * -qz + ix * -qy - iy * -qx,
        ];
      };
      const g = rot(o.x, o.y, o.z, o.w, [1, 0, 0]);
      const head = { x: q.position.x, y: q.position.y, z: q.position.z };
      const d = [head.x - p.x, head.y - p.y, head.z - p.z];
      const n = Math.hypot(d[0]!, d[1]!, d[2]!);
      const t = d.map((v) => v / n) as [number, number, number];
      // The shortest turn taking g to t.
      const c = [g[1] * t[2] - g[2] * t[1], g[2] * t[0] - g[0] * t[2], g[0] * t[1] - g[1] * t[0]];
      const w = 1 + g[0] * t[0] + g[1] * t[1] + g[2] * t[2];
      const len = Math.hypot(c[0]!, c[1]!, c[2]!, w);
      input.quaternion.set(c[0]! / len, c[1]! / len, c[2]! / len, w / len);
      // The head looks down at the palm: pitch only.
      const pitch = Math.atan2(p.y - head.y, Math.hypot(p.x - head.x, p.z - head.z));
      q.quaternion.set(Math.sin(pitch / 2), 0, 0, Math.cos(pitch / 2));
    },
    [kind, at] as const,
  );
  await frames(page, 4);
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

  // Was flaky (session 8: about half the runs): the library turns the arc toward the aim by frame time / 100 ms of the
  // way, and the emulator's frames of 150–400 ms swung it past the aim; src/input/teleportArc.ts caps the turn.
  it('teleports with the left trigger onto the corridor floor, and never through a wall', async () => {
    const o = await enterVR();
    try {
      const before = await viewpoint(o.page);
      // A point on the floor 4 m ahead.
      await aimAt(o.page, 'left', { x: before.x, y: 0, z: before.z - 4 });
      await holdAim(o.page);
      await press(o.page, 'left', 'trigger');
      await expect.poll(async () => (await viewpoint(o.page)).z, { timeout: 15_000 }).toBeLessThan(before.z - 1);
      const after = await viewpoint(o.page);
      // The arc falls short of a straight aim; it lands ahead, on the floor line, facing the same way.
      expect(after.z).toBeGreaterThan(before.z - 5);
      expect(Math.abs(after.x - before.x)).toBeLessThan(0.3);
      expect(after.yaw).toBeCloseTo(before.yaw, 3);
      // Aim far beyond the left wall: the landing is kept inside the corridor.
      await aimAt(o.page, 'left', { x: -30, y: 0, z: after.z - 3 });
      await holdAim(o.page);
      await press(o.page, 'left', 'trigger');
      await frames(o.page, 4);
      expect((await viewpoint(o.page)).x).toBeGreaterThan(-2.2);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('changes the language from the wrist menu', async () => {
    const o = await enterVR();
    try {
      await openMenu(o.page);
      await pressMenuButton(o.page, 'lang-en');
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

  it(
    'with hands alone: the left palm opens the menu, a right pinch along the ray and a poke of the index finger press its buttons',
    // Entering VR with hand tracking and three presses: long in the software-rendered emulator on a busy machine.
    { timeout: 180_000 },
    async () => {
      const o = await enterVR(`window.__quest.primaryInputMode = 'hand';`);
      try {
        await lookAtLeftPalm(o.page, 'hands');
        await expect.poll(() => o.page.evaluate(() => window.__IAMM__!.wristMenuShown()), { timeout: 15_000 }).toBe(true);
        // Pinch along the right hand's ray (a quick pinch, one frame, as for the controllers' trigger).
        await aimAt(o.page, 'right', (await o.page.evaluate(() => window.__IAMM__!.menuButtonCentre('lang-en')))!, 'hands');
        await o.page.evaluate(() => window.__quest.hands.right.setPinchValueImmediate(1));
        await frames(o.page, 1);
        await o.page.evaluate(() => window.__quest.hands.right.setPinchValueImmediate(0));
        await frames(o.page, 4);
        const lang = () => o.page.evaluate(() => new URL(window.location.href).searchParams.get('lang'));
        await expect.poll(lang, { timeout: 15_000 }).toBe('en');
        // Poke: the fingertip comes to the button from in front, touches it, and goes back.
        await poke(o.page, 'lang-zh');
        await expect.poll(lang, { timeout: 15_000 }).toBe('zh');
        // A poke on the era strip goes to that era.
        await poke(o.page, 'era:2023-2024');
        await expect.poll(() => hash(o.page), { timeout: 15_000 }).toBe('#2023-2024');
        expect(o.pageErrors).toEqual([]);
        expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
      } finally {
        await o.close();
      }
    },
  );

  it('seated mode lifts a seated visitor to standing eye height', async () => {
    const o = await enterVR();
    try {
      // Sit down: the headset is now at 1.1 m.
      await o.page.evaluate(() => window.__quest.position.set(0, 1.1, 0));
      await frames(o.page, 4);
      expect((await viewpoint(o.page)).y).toBeCloseTo(1.1, 1);
      await openMenu(o.page);
      await pressMenuButton(o.page, 'seated');
      await expect.poll(async () => (await viewpoint(o.page)).y, { timeout: 15_000 }).toBeGreaterThan(1.5);
      expect((await viewpoint(o.page)).y).toBeCloseTo(1.6, 1);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it(
    'plays a guided tour from the wrist menu: stop and caption on the caption board, A / B by stop, pause holds, caption size, end',
    { timeout: 120_000 },
    async () => {
      const o = await enterVR();
      const menu = (): Promise<string[]> => o.page.evaluate(() => window.__IAMM__!.menuText());
      const click = (action: string): Promise<void> => pressMenuButton(o.page, action);
      try {
        await openMenu(o.page);
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

  it(
    'at every milestone, nothing of the interface covers the panel, in either eye; the hints are on a board in view',
    { timeout: 120_000 },
    async () => {
      const o = await enterVR();
      try {
        const overlap = (a: ScreenRect, b: ScreenRect): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
        const seen: string[] = [];
        // A, milestone by milestone, until A reaches the finale (it has no panel: its closing sign is the wall ahead).
        for (let i = 0; i < 50; i++) {
          await press(o.page, 'right', 'a-button');
          await expect
            .poll(
              () =>
                o.page.evaluate(() =>
                  window.location.hash === '#finale' ? 'finale' : (window.__IAMM__!.xrScreenRects()[0]?.panel ?? null),
                ),
              { timeout: 15_000 },
            )
            .not.toBeNull();
          const at = await hash(o.page);
          if (at === '#finale' || seen.includes(at)) break;
          seen.push(at);
          await frames(o.page, 3);
          const eyes = await o.page.evaluate(() => window.__IAMM__!.xrScreenRects());
          expect(eyes).toHaveLength(2);
          for (const [eye, { panel, elements }] of eyes.entries()) {
            expect(panel, `eye ${eye}`).not.toBeNull();
            // The first-visit hints (how to open the menu, teleport, turn) are still due: the board shows them.
            const board = elements.find((e) => e.name === 'caption-board');
            expect(board?.rect, `milestone ${i + 1}, eye ${eye}: the board is in view`).not.toBeNull();
            for (const e of elements) if (e.rect) expect(overlap(e.rect, panel!), `milestone ${i + 1}, eye ${eye}: ${e.name}`).toBe(false);
          }
        }
        expect(seen.length).toBeGreaterThanOrEqual(5);
        // The board says the hints, and how to open the menu first.
        expect(await o.page.evaluate(() => window.__IAMM__!.menuText())).toContain('Menu: turn your left palm towards you, or press Y');
        expect(o.pageErrors).toEqual([]);
      } finally {
        await o.close();
      }
    },
  );

  it('keeps the tour caption on the board, clear of the panel, at every stop', { timeout: 120_000 }, async () => {
    const o = await enterVR();
    try {
      await openMenu(o.page);
      await pressMenuButton(o.page, 'tour-start');
      await expect.poll(() => o.page.evaluate(() => window.__IAMM__!.menuText()), { timeout: 15_000 }).toContain('Stop 1 / 7');
      // Close the menu (Y again): what is left in view is the board.
      await press(o.page, 'left', 'y-button');
      await expect.poll(() => o.page.evaluate(() => window.__IAMM__!.wristMenuShown())).toBe(false);
      const overlap = (a: ScreenRect, b: ScreenRect): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      for (let stop = 1; stop <= 7; stop++) {
        await expect.poll(() => o.page.evaluate(() => window.__IAMM__!.menuText()), { timeout: 15_000 }).toContain(`Stop ${stop} / 7`);
        await frames(o.page, 3);
        for (const { panel, elements } of await o.page.evaluate(() => window.__IAMM__!.xrScreenRects())) {
          const board = elements.find((e) => e.name === 'caption-board');
          expect(board?.rect, `stop ${stop}`).not.toBeNull();
          if (panel) for (const e of elements) if (e.rect) expect(overlap(e.rect, panel), `stop ${stop}: ${e.name}`).toBe(false);
        }
        if (stop < 7) await press(o.page, 'right', 'a-button');
      }
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it(
    'opens the wrist menu when the visitor looks at the left palm, and hides it (no draw calls) otherwise',
    { timeout: 120_000 },
    async () => {
      const o = await enterVR();
      try {
        expect(await o.page.evaluate(() => window.__IAMM__!.wristMenuShown())).toBe(false);
        const hiddenDraws = await o.page.evaluate(() => window.__IAMM__!.drawCalls());
        await lookAtLeftPalm(o.page, 'controllers');
        await expect.poll(() => o.page.evaluate(() => window.__IAMM__!.wristMenuShown()), { timeout: 15_000 }).toBe(true);
        await frames(o.page, 3);
        // Shown: its plate and buttons, and its text, in each eye.
        expect(await o.page.evaluate(() => window.__IAMM__!.drawCalls())).toBeGreaterThan(hiddenDraws);
        const eyes = await o.page.evaluate(() => window.__IAMM__!.xrScreenRects());
        for (const e of eyes) expect(e.elements.find((x) => x.name === 'wrist-menu')?.rect).not.toBeNull();
        // The strip: 2023–2024 goes to that era.
        await pressMenuButton(o.page, 'era:2023-2024');
        await expect.poll(() => hash(o.page), { timeout: 15_000 }).toBe('#2023-2024');
        expect((await o.page.evaluate(() => window.__IAMM__!.menuText())).join(' ')).toContain('Finale');
        // The palm turned away: the menu goes.
        await o.page.evaluate(() => window.__quest.controllers.left.quaternion.set(0, 0, 0, 1));
        await o.page.evaluate(() => window.__quest.quaternion.set(0, 0, 0, 1));
        await expect.poll(() => o.page.evaluate(() => window.__IAMM__!.wristMenuShown()), { timeout: 15_000 }).toBe(false);
        expect(o.pageErrors).toEqual([]);
      } finally {
        await o.close();
      }
    },
  );

  it('the strip’s finale entry goes to the finale', { timeout: 120_000 }, async () => {
    const o = await enterVR();
    try {
      await openMenu(o.page);
      await pressMenuButton(o.page, 'finale');
      // The corridor's finale, after the last era.
      await expect.poll(() => hash(o.page), { timeout: 15_000 }).toBe('#finale');
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });
});
