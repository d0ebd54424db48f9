// Screenshots of the production build for the README and for looking at changes:
//   npx tsx scripts/screenshot.ts [out-dir] [--size=WxH] [--touch] [--name=prefix] [--hold=key:ms] [--click=css] [path...]
// --size sets the viewport (default 1280x720); --touch emulates a phone or tablet (touch, coarse pointer);
// --hold holds a key that long once the page is ready (e.g. --hold=s:2500 walks back 2.5 s); --click clicks the
// element a CSS selector finds (e.g. --click=.reader-toggle opens the reader card);
// files are named <prefix>-<i>.png (default prefix "screenshot").
//   npx tsx scripts/screenshot.ts [out-dir] --vr [--name=prefix] [path]   in the emulated Quest 3 (IWER): the entrance,
//     then each milestone and the finale (A), then the finale with the wrist menu pinned open (Y); both eyes side by
//     side, as IWER draws them; files <prefix>-<where>.png (default prefix "vr").
// Builds nothing: run `npm run build` first.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createServer } from '../server/app.ts';
import { INSTALL_QUEST, IWER_SOURCE, launchBrowser, openPage, waitForReady } from '../tests/e2e/harness.ts';

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const rest = args.filter((a) => !a.startsWith('--'));
const out = rest[0] ?? 'docs';
const paths = rest.slice(1);
const flag = (name: string): string | undefined => flags.find((f) => f.startsWith(`--${name}=`))?.split('=')[1];
const [width, height] = (flag('size') ?? '1280x720').split('x').map(Number) as [number, number];
const touch = flags.includes('--touch');
const vr = flags.includes('--vr');
const prefix = flag('name') ?? (vr ? 'vr' : 'screenshot');
const targets = paths.length > 0 ? paths : ['/'];
mkdirSync(out, { recursive: true });

// Page code as strings: tsx would wrap functions handed to page.evaluate in helpers the page does not have.
async function xrFrames(page: Page, n: number): Promise<void> {
  await page.evaluate(`new Promise((resolve) => {
    const session = window.__quest.activeSession;
    if (!session) return resolve();
    let left = ${n};
    const tick = () => (--left <= 0 ? resolve() : session.requestAnimationFrame(tick));
    session.requestAnimationFrame(tick);
  })`);
}

async function press(page: Page, hand: 'left' | 'right', button: string): Promise<void> {
  await page.evaluate(`window.__quest.controllers.${hand}.updateButtonValue('${button}', 1)`);
  await xrFrames(page, 2);
  await page.evaluate(`window.__quest.controllers.${hand}.updateButtonValue('${button}', 0)`);
  await xrFrames(page, 3);
}

// DIST_DIR: another build, e.g. of an imported timeline (SCENES_DIR=… npx vite build --outDir …).
const server = await createServer({ root: process.env.DIST_DIR ?? 'dist', port: 0, host: '127.0.0.1' });
const browser = await launchBrowser();
try {
  for (const [i, p] of targets.entries()) {
    if (!vr) {
      const o = await openPage(browser, p, { baseUrl: server.url, viewport: { width, height }, touch });
      await waitForReady(o.page);
      await o.page.waitForTimeout(1500);
      const hold = flag('hold');
      if (hold) {
        const [key, ms] = hold.split(':') as [string, string];
        await o.page.keyboard.down(key);
        await o.page.waitForTimeout(Number(ms));
        await o.page.keyboard.up(key);
        await o.page.waitForTimeout(1000);
      }
      const click = flag('click');
      if (click) {
        await o.page.locator(click).first().click();
        await o.page.waitForTimeout(1000);
      }
      const file = path.join(out, `${prefix}-${i}.png`);
      await o.page.screenshot({ path: file });
      console.log(`${p} -> ${file}`, o.consoleErrors.length ? o.consoleErrors : '');
      await o.close();
      continue;
    }
    // bypassCSP: the page code below is evaluated from strings, which the exhibit's CSP forbids (as in the bench).
    const context = await browser.newContext({ viewport: { width, height }, serviceWorkers: 'block', bypassCSP: true });
    const pageErrors: string[] = [];
    const o = { page: await context.newPage(), pageErrors, close: () => context.close() };
    o.page.on('pageerror', (e) => pageErrors.push(e.message));
    for (const content of [IWER_SOURCE, INSTALL_QUEST]) await o.page.addInitScript({ content });
    await o.page.goto(new URL(p, server.url).href, { waitUntil: 'load', timeout: 60_000 });
    await o.page.waitForFunction(`document.documentElement.dataset.ready === '1'`, undefined, { timeout: 90_000, polling: 100 });
    await o.page.getByRole('button', { name: 'Enter VR', exact: true }).click();
    await o.page.waitForFunction('window.__quest.activeSession !== undefined', undefined, { timeout: 30_000 });
    const shot = async (name: string): Promise<void> => {
      await xrFrames(o.page, 8);
      const file = path.join(out, `${prefix}-${name}.png`);
      await o.page.locator('canvas').first().screenshot({ path: file });
      console.log(`${p} (VR ${name}) -> ${file}`);
    };
    await shot('entrance');
    const seen: string[] = [];
    for (let n = 0; n < 50; n++) {
      await press(o.page, 'right', 'a-button');
      const at = await o.page.evaluate<string>('window.location.hash.slice(1)');
      if (seen.includes(at)) break;
      seen.push(at);
      await shot(at);
    }
    await press(o.page, 'left', 'y-button');
    await shot('menu');
    console.log('menu shown:', await o.page.evaluate('window.__IAMM__?.wristMenuShown()'), 'page errors:', o.pageErrors);
    await o.close();
  }
} finally {
  await browser.close();
  await server.close();
}
