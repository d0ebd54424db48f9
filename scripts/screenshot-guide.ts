// Screenshots of the guide's tools, for looking at them: a guide points at a list item (the guide's 3D view, a
// follower's 3D view in Chinese, one in the 2D view), gathers the group (the follower's notice), and a booth screen
// shows a sharing headset's view.
//   npx tsx scripts/screenshot-guide.ts [out-dir]        (builds nothing: run `npm run build` first)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createServer } from '../server/app.ts';
import { roomsFrom } from '../server/guide/config.ts';
import { createGuideHub } from '../server/guide/hub.ts';
import { launchBrowser, openPage, waitForReady } from '../tests/e2e/harness.ts';

const out = process.argv[2] ?? 'docs/guide-tools';
mkdirSync(out, { recursive: true });
const ROOM = 'shots';
const SECRET = 'screenshot-secret-1';
const hub = await createGuideHub({ rooms: roomsFrom({ [ROOM]: SECRET }), log: { info: () => undefined, warn: () => undefined } });
const server = await createServer({ root: process.env.DIST_DIR ?? 'dist', port: 0, host: '127.0.0.1', guide: hub });
const base = `http://127.0.0.1:${server.port}/`;
const browser = await launchBrowser();
const shot = (name: string) => path.join(out, `${name}.png`);
try {
  const opts = { baseUrl: base, reducedMotion: 'reduce' as const };
  // One after another: four pages drawing at once on a busy machine take long to be ready.
  const open = async (q: string) => {
    const o = await openPage(browser, q, opts);
    await waitForReady(o.page, { timeout: 240_000 });
    return o;
  };
  const guide = await open(`?guide=${ROOM}&lang=en`);
  const zh = await open(`?follow=${ROOM}&lang=zh`);
  const flat = await open(`?follow=${ROOM}&lang=en&view=2d`);
  const watcher = await open(`?watch=${ROOM}`);
  await guide.page.getByRole('dialog', { name: 'Guide secret' }).locator('input').fill(SECRET);
  await guide.page.getByRole('button', { name: 'Connect' }).click();
  await guide.page.waitForSelector('.guide-pill[data-status="connected"]');
  for (let i = 0; i < 3; i++) await guide.page.locator('body').press('n');
  await zh.page.waitForFunction(() => window.location.hash === '#2023-2024', undefined, { timeout: 15_000 });
  await flat.page.waitForFunction(() => window.location.hash === '#2023-2024', undefined, { timeout: 15_000 });
  await guide.page.getByRole('button', { name: 'Point at a line' }).click();
  const at = await guide.page.evaluate(() => window.__IAMM__!.elementScreenPoint('2023-2024.item1'));
  if (at) await guide.page.mouse.click(at.x, at.y);
  await flat.page.waitForSelector('.guide-highlight');
  await zh.page.waitForFunction(() => window.__IAMM__!.highlight().element === '2023-2024.item1');
  await new Promise((r) => setTimeout(r, 800));
  await guide.page.screenshot({ path: shot('highlight-guide-3d') });
  await zh.page.screenshot({ path: shot('highlight-follower-3d-zh') });
  await flat.page.screenshot({ path: shot('highlight-follower-2d') });
  // Turned away: the arrow.
  await zh.page.mouse.move(640, 360);
  await zh.page.mouse.down();
  await zh.page.mouse.move(1150, 360, { steps: 8 });
  await zh.page.mouse.up();
  await new Promise((r) => setTimeout(r, 500));
  await zh.page.screenshot({ path: shot('highlight-follower-arrow') });
  // Gather: the notice.
  await guide.page.getByRole('button', { name: 'Gather here' }).click();
  await flat.page.waitForSelector('.guide-held');
  await zh.page.waitForSelector('.guide-held');
  await flat.page.locator('body').press('n');
  await guide.page.screenshot({ path: shot('gather-guide') });
  await flat.page.screenshot({ path: shot('gather-follower-2d') });
  await zh.page.screenshot({ path: shot('gather-follower-3d-zh') });
  await guide.page.getByRole('button', { name: 'Release' }).click();
  // The booth screen: the Chinese follower shares its view and looks around.
  await zh.page.getByRole('button', { name: /Show my view on the booth screen|在展位屏幕上显示本设备的画面/ }).click();
  await watcher.page.waitForSelector('.watch-label[data-sharer]:not([data-sharer=""])', { timeout: 15_000 });
  await zh.page.mouse.move(640, 360);
  await zh.page.mouse.down();
  await zh.page.mouse.move(300, 300, { steps: 8 });
  await zh.page.mouse.up();
  await new Promise((r) => setTimeout(r, 1200));
  await watcher.page.screenshot({ path: shot('watch-screen') });
  await zh.page.screenshot({ path: shot('watch-sharer') });
  console.log(`wrote ${out}/*.png`);
} finally {
  await browser.close();
  await server.close();
  await hub.close();
}
