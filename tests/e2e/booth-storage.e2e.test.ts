// A booth that runs for weeks: the kiosk asks the browser to keep its data, the operator page says whether it does
// and how much is used, a log of 50,000 visits still opens (figures aggregated, not a row per visit), and an offline
// copy the browser evicted in part is flagged and fetched again once the device is online.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { openPage, waitForReady, withBrowser } from './harness.ts';
import { seedVisits } from './visit-log.ts';

const browser = withBrowser();
const exhibit = loadExhibitFromDir(path.resolve(import.meta.dirname, '../../scenes'));
const PIN = exhibit.exhibit.kiosk!.operatorPin;
const IDS = exhibit.content.milestones.map((m) => m.id);

/** Counts the page's calls of navigator.storage.persist() in window.__persistCalls. */
const RECORD_PERSIST = `(() => {
  window.__persistCalls = 0;
  const s = navigator.storage;
  if (!s || !s.persist) return;
  const real = s.persist.bind(s);
  s.persist = () => { window.__persistCalls++; return real(); };
})();`;

async function unlock(page: Page): Promise<void> {
  await page.getByLabel(/PIN/).fill(PIN);
  await page.getByRole('button', { name: /解锁|Unlock/ }).click();
}

describe('a booth that runs for weeks', () => {
  it('the kiosk asks for persistent storage; the operator page shows whether it is kept, the usage and the retention', async () => {
    const o = await openPage(browser(), '/?kiosk=1&view=2d', { initScripts: [RECORD_PERSIST] });
    try {
      await waitForReady(o.page);
      await expect.poll(() => o.page.evaluate(() => (window as unknown as { __persistCalls: number }).__persistCalls)).toBeGreaterThan(0);
      await o.page.goto(new URL('/?operator&lang=en', o.page.url()).href, { waitUntil: 'load' });
      await unlock(o.page);
      const storage = o.page.getByRole('region', { name: 'Storage on this device' });
      await expect.poll(() => storage.locator('[data-persisted]').count()).toBe(1);
      expect(await storage.innerText()).toMatch(/The browser (keeps|has not promised to keep) this exhibit's data/);
      expect(await storage.locator('.operator-usage').innerText()).toMatch(/^\d+\.\d MB \/ \d+\.\d MB$/);
      expect(await storage.locator('.operator-retention').innerText()).toBe('Log retention: every visit is kept');
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('a log of 50,000 visits opens on the operator page with its figures', async () => {
    const o = await openPage(browser(), '/?operator&lang=en');
    try {
      await waitForReady(o.page);
      await seedVisits(o.page, 50_000, IDS);
      await o.page.reload({ waitUntil: 'load' });
      await unlock(o.page);
      await expect.poll(() => o.page.locator('.operator-visits strong').innerText(), { timeout: 30_000 }).toBe('50000');
      // One row per milestone, not per visit; every visit saw the first milestone.
      expect(await o.page.locator('.operator-table tbody tr').count()).toBe(IDS.length);
      expect(await o.page.locator(`.operator-table tr[data-id="${IDS[0]}"] td`).first().innerText()).toBe('50000');
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('an offline copy the browser evicted in part is flagged on the operator page, offline, and fetched again once online', async () => {
    const o = await openPage(browser(), '/?kiosk=1&view=2d', { serviceWorkers: 'allow' });
    try {
      await waitForReady(o.page);
      await o.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 90_000, polling: 250 });
      // The kiosk keeps the worker's manifest for judging its copy offline.
      await o.page.waitForFunction(() => localStorage.getItem('iamm.offline.manifest') !== null, undefined, { timeout: 30_000 });
      // Storage pressure, as a browser would relieve it: three files of the precache are deleted.
      const evicted = await o.page.evaluate(async () => {
        const name = (await caches.keys()).find((k) => k.startsWith('workbox-precache'))!;
        const cache = await caches.open(name);
        const keys = (await cache.keys())
          .filter((r) => /\.(png|svg|webmanifest|json|txt|mp3|ogg|opus|m4a|webm)(\?|$)/.test(r.url))
          .slice(0, 3);
        for (const k of keys) await cache.delete(k);
        return keys.map((k) => new URL(k.url).pathname);
      });
      expect(evicted.length).toBe(3);
      await o.context.setOffline(true);
      await o.page.goto(new URL('/?operator&lang=en', o.page.url()).href, { waitUntil: 'load' });
      await unlock(o.page);
      const offline = o.page.locator('.operator-offline');
      await expect.poll(() => offline.getAttribute('data-offline'), { timeout: 30_000 }).toBe('evicted');
      const text = await offline.innerText();
      expect(text).toMatch(
        /^Offline copy: incomplete: the browser deleted part of it \((\d+) \/ (\d+), \d+\.\d MB\) · it will be fetched again when the device is online$/,
      );
      const [, cached, expected] = /\((\d+) \/ (\d+)/.exec(text)!;
      expect(Number(expected) - Number(cached)).toBe(3);

      await o.context.setOffline(false);
      await expect.poll(() => offline.getAttribute('data-offline'), { timeout: 60_000 }).toBe('complete');
      expect(await offline.innerText()).toMatch(new RegExp(`^Offline copy: complete \\(${expected} / ${expected}, \\d+\\.\\d MB\\)$`));
      // Back in the cache where the worker looks for them: offline again, every evicted file is served.
      await o.context.setOffline(true);
      const served = await o.page.evaluate(
        (paths) =>
          Promise.all(
            paths.map((p) =>
              fetch(p).then(
                (r) => r.ok,
                () => false,
              ),
            ),
          ),
        evicted,
      );
      expect(served).toEqual([true, true, true]);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await o.close();
    }
  }, 180_000);
});
