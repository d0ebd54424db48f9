// The exhibit under its Content Security Policy (server/app.ts): no violation and no request to another host on the
// desktop, in VR (emulated Quest 3), in a guided tour and with the live guide; and hostile URLs that are ignored
// with a visible notice, never thrown.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { crossOriginRequests, openPage, waitForReady, withBrowser, type OpenedPage, IWER_SOURCE, INSTALL_QUEST } from './harness.ts';

/** Records every CSP violation the page reports, before any of its own scripts run. */
const WATCH_CSP = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });
`;

const browser = withBrowser();
const baseUrl = inject('baseUrl');

const violations = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
/** Violations as Chromium also reports them on the console ("Refused to …"), e.g. from workers. */
const consoleViolations = (o: OpenedPage): string[] => o.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m));
const hash = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);

async function expectClean(o: OpenedPage): Promise<void> {
  expect(await violations(o.page)).toEqual([]);
  expect(consoleViolations(o)).toEqual([]);
  expect(crossOriginRequests(o.requests, baseUrl)).toEqual([]);
  expect(o.pageErrors).toEqual([]);
}

describe('the Content Security Policy', () => {
  it('needs no exception for the built page: no inline script, style or event handler', () => {
    const html = readFileSync(`${inject('distDir')}/index.html`, 'utf8');
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\s(style|on[a-z]+)\s*=/i);
    const scripts = html.match(/<script\b[^>]*>[^]*?<\/script>/gi) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/^<script\b[^>]*\ssrc="\/[^"]+"[^>]*><\/script>$/);
  });

  it('is served with the page and holds on the desktop: no violation, no other host', async () => {
    const o = await openPage(browser(), '/', { initScripts: [WATCH_CSP], reducedMotion: 'reduce', serviceWorkers: 'allow' });
    try {
      const res = await o.page.request.get(baseUrl);
      expect(res.headers()['content-security-policy']).toContain("default-src 'self'");
      await waitForReady(o.page);
      await o.page.locator('body').press('n');
      await o.page.locator('body').press('n');
      await expect.poll(() => hash(o.page)).toBe('#2022');
      await o.page.getByRole('radio', { name: 'English', exact: true }).check();
      await o.page.getByRole('button', { name: /Text timeline/ }).click();
      await o.page.getByRole('button', { name: /3D/ }).click();
      await expectClean(o);

      // The policy is really in force: an inline script is refused (and the watcher sees it).
      const ran = await o.page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true';
        document.head.append(s);
        return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      });
      expect(ran).toBe(false);
      await expect.poll(() => violations(o.page)).toEqual([expect.stringMatching(/^script-src-elem blocked inline/)]);
    } finally {
      await o.close();
    }
  });

  it('holds in VR with an emulated Quest 3 (controller models, menu, text)', { timeout: 120_000 }, async () => {
    const o = await openPage(browser(), '/?lang=en', { initScripts: [WATCH_CSP, IWER_SOURCE, INSTALL_QUEST], serviceWorkers: 'allow' });
    try {
      await waitForReady(o.page, { timeout: 90_000 });
      await o.page.getByRole('button', { name: 'Enter VR', exact: true }).click();
      await o.page.waitForFunction(() => window.__quest.activeSession !== undefined, undefined, { timeout: 30_000 });
      // Let the controller models load and a few frames draw, then step with A.
      await o.page.waitForFunction(() => window.__IAMM__!.drawCalls() > 0, undefined, { timeout: 30_000 });
      // Held until the step is seen (a press is read once per XR frame; a loaded machine may draw none in 300 ms).
      await o.page.evaluate(() => window.__quest.controllers.right.updateButtonValue('a-button', 1));
      await expect.poll(() => hash(o.page), { timeout: 15_000 }).toBe('#2020-2021');
      await o.page.evaluate(() => window.__quest.controllers.right.updateButtonValue('a-button', 0));
      expect(o.requests.some((r) => r.includes('/xr-profiles/'))).toBe(true);
      await o.page.evaluate(() => window.__quest.activeSession?.end());
      await o.page.waitForFunction(() => !window.__IAMM__!.viewpoint().xr, undefined, { timeout: 20_000 });
      await expectClean(o);
    } finally {
      await o.close();
    }
  });

  it('holds in a guided tour with narration', async () => {
    const o = await openPage(browser(), '/?tour=highlights&view=2d&lang=en', { initScripts: [WATCH_CSP], serviceWorkers: 'allow' });
    try {
      await waitForReady(o.page);
      await expect.poll(() => o.page.locator('.tour-progress').innerText()).toMatch(/1 \/ 7/);
      await o.page.keyboard.press('n');
      await expect.poll(() => o.page.locator('.tour-progress').innerText()).toMatch(/2 \/ 7/);
      await expect.poll(() => o.requests.some((r) => r.includes('/narration/'))).toBe(true);
      await o.page.keyboard.press('Escape');
      await expect.poll(() => o.page.locator('.tour').count()).toBe(0);
      await expectClean(o);
    } finally {
      await o.close();
    }
  });

  it("lets the live guide's same-origin WebSocket through", async () => {
    const guide = await openPage(browser(), '/?guide=e2e&view=2d&lang=en', { initScripts: [WATCH_CSP] });
    const follower = await openPage(browser(), '/?follow=e2e&view=2d&lang=en', { initScripts: [WATCH_CSP] });
    try {
      await Promise.all([waitForReady(guide.page), waitForReady(follower.page)]);
      await guide.page.getByRole('dialog', { name: 'Guide secret' }).locator('input').fill('e2e-secret-123');
      await guide.page.getByRole('button', { name: 'Connect' }).click();
      await expect.poll(() => guide.page.locator('.guide-pill').getAttribute('data-status'), { timeout: 10_000 }).toBe('connected');
      await expect.poll(() => follower.page.locator('.guide-pill').getAttribute('data-status'), { timeout: 10_000 }).toBe('following');
      await expectClean(guide);
      await expectClean(follower);
    } finally {
      await guide.close();
      await follower.close();
    }
  });
});

describe('hostile URLs', () => {
  // Each is ignored with a notice the visitor can read; the exhibit opens as usual.
  it.each([
    ['?lang=xx', 'Unknown language "xx"'],
    ['?lang=%00', 'Unknown language'],
    ['?lang=中文', 'Unknown language "中文"'],
    ['?tour=../../', 'Unknown tour "../../"'],
    ['?tour=<10 kB>', 'Unknown tour "tttt'],
    ['?lang=<10 kB>', 'Unknown language "tttt'],
    ['?follow=../../', 'Unknown guide room "../../"'],
    ['?guide=%3Cimg%20src%3Dx%3E', 'Unknown guide room "<img src=x>"'],
    ['#99999', 'No milestone matches "#99999"'],
    ['#%00', 'No milestone matches "#%00"'],
    ['#%E0%A4%A', 'No milestone matches'],
    ['#𝟚𝟘𝟚𝟚', 'No milestone matches'],
    ['#<10 kB>', 'No milestone matches "#tttt'],
  ])('%s', async (label, notice) => {
    const tail = label.replace('<10 kB>', 't'.repeat(10_000));
    const path = tail.startsWith('#') ? `/?view=2d${tail}` : `/${tail}&view=2d`;
    const o = await openPage(browser(), path, { initScripts: [WATCH_CSP] });
    try {
      await waitForReady(o.page);
      const notices = o.page.locator('.notices');
      expect(await notices.isVisible()).toBe(true);
      expect(await notices.innerText()).toContain(notice);
      // The notice is short, whatever the URL held.
      expect((await notices.innerText()).length).toBeLessThan(200);
      expect(await o.page.locator('#timeline').isVisible()).toBe(true);
      await expectClean(o);
    } finally {
      await o.close();
    }
  });

  it('?view=<script> opens the 3D view with a notice and runs nothing', async () => {
    const o = await openPage(browser(), '/?view=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E&lang=en', { initScripts: [WATCH_CSP] });
    try {
      await waitForReady(o.page);
      expect(await o.page.locator('.notices').innerText()).toContain('Unknown view "<script>');
      expect(await o.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await o.page.locator('.app').getAttribute('data-view')).toBe('3d');
      await expectClean(o);
    } finally {
      await o.close();
    }
  });
});
