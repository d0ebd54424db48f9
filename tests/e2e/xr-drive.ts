// Driving the emulated Quest 3 (IWER, installed by INSTALL_QUEST) from e2e tests: frames and button presses.
import type { Page } from 'playwright-core';

/** Let a few XR frames pass (the emulator renders slowly in software). */
export const frames = (page: Page, n = 4): Promise<void> =>
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
export async function press(page: Page, hand: 'left' | 'right', button: string): Promise<void> {
  await page.evaluate(([h, b]) => window.__quest.controllers[h].updateButtonValue(b, 1), [hand, button] as const);
  // Two frames down: the pointer sees the press with its current aim, and the press stays within a click
  // even when the software-rendered emulator is slow.
  await frames(page, 2);
  await page.evaluate(([h, b]) => window.__quest.controllers[h].updateButtonValue(b, 0), [hand, button] as const);
  await frames(page, 3);
}
