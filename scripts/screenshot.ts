// Screenshots of the production build for the README and for looking at changes:
//   npx tsx scripts/screenshot.ts [out-dir] [path...]
// Builds nothing: run `npm run build` first.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createServer } from '../server/app.ts';
import { launchBrowser, openPage, waitForReady } from '../tests/e2e/harness.ts';

const out = process.argv[2] ?? 'docs';
const paths = process.argv.slice(3);
const targets = paths.length > 0 ? paths : ['/'];
mkdirSync(out, { recursive: true });
// DIST_DIR: another build, e.g. of an imported timeline (SCENES_DIR=… npx vite build --outDir …).
const server = await createServer({ root: process.env.DIST_DIR ?? 'dist', port: 0, host: '127.0.0.1' });
const browser = await launchBrowser();
try {
  for (const [i, p] of targets.entries()) {
    const o = await openPage(browser, p, { baseUrl: server.url, viewport: { width: 1280, height: 720 } });
    await waitForReady(o.page);
    await o.page.waitForTimeout(1500);
    const file = path.join(out, `screenshot-${i}.png`);
    await o.page.screenshot({ path: file });
    console.log(`${p} -> ${file}`, o.consoleErrors.length ? o.consoleErrors : '');
    await o.close();
  }
} finally {
  await browser.close();
  await server.close();
}
