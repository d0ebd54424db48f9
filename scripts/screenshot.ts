// Screenshots of the production build for the README and for looking at changes:
//   npx tsx scripts/screenshot.ts [out-dir] [--size=WxH] [--touch] [--name=prefix] [--hold=key:ms] [--click=css] [path...]
// --size sets the viewport (default 1280x720); --touch emulates a phone or tablet (touch, coarse pointer);
// --hold holds a key that long once the page is ready (e.g. --hold=s:2500 walks back 2.5 s); --click clicks the
// element a CSS selector finds (e.g. --click=.reader-toggle opens the reader card);
// files are named <prefix>-<i>.png (default prefix "screenshot"). Builds nothing: run `npm run build` first.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createServer } from '../server/app.ts';
import { launchBrowser, openPage, waitForReady } from '../tests/e2e/harness.ts';

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const rest = args.filter((a) => !a.startsWith('--'));
const out = rest[0] ?? 'docs';
const paths = rest.slice(1);
const flag = (name: string): string | undefined => flags.find((f) => f.startsWith(`--${name}=`))?.split('=')[1];
const [width, height] = (flag('size') ?? '1280x720').split('x').map(Number) as [number, number];
const touch = flags.includes('--touch');
const prefix = flag('name') ?? 'screenshot';
const targets = paths.length > 0 ? paths : ['/'];
mkdirSync(out, { recursive: true });
const server = await createServer({ root: 'dist', port: 0, host: '127.0.0.1' });
const browser = await launchBrowser();
try {
  for (const [i, p] of targets.entries()) {
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
  }
} finally {
  await browser.close();
  await server.close();
}
