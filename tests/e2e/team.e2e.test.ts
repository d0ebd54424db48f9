// The event team's readiness page: an emulated Quest 3 kiosk reporting for status only (?kiosk=1&room=, its offline copy
// downloaded by its service worker) and a desktop follower (service workers blocked: no offline copy) both show on
// ?team=<room> after the room's secret; the follower is flagged "Offline copy incomplete" in words. A rebuild (the served
// folder's version.json changes) shows both as "Old version". Served from a temporary copy of dist/ by a server of its own.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServer, type RunningServer } from '../../server/app.ts';
import { loadGuideRooms } from '../../server/guide/config.ts';
import { createGuideHub, type GuideHub } from '../../server/guide/hub.ts';
import { buildVersionReader } from '../../server/guide/version.ts';
import { crossOriginRequests, INSTALL_QUEST, IWER_SOURCE, openPage, waitForReady, withBrowser, type OpenedPage } from './harness.ts';

const browser = withBrowser();
const ROOM = 'booth';
const SECRET = 'team-secret-4567';
let dir: string;
let hub: GuideHub;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'iamm-team-e2e-'));
  cpSync(inject('distDir'), dir, { recursive: true });
  hub = await createGuideHub({
    rooms: loadGuideRooms({ GUIDE_ROOMS: `${ROOM}:${SECRET}` }).rooms,
    log: { info: () => undefined, warn: () => undefined },
    buildVersion: buildVersionReader(dir),
    teamRefreshMs: 1000,
  });
  server = await createServer({ root: dir, port: 0, host: '127.0.0.1', guide: hub });
});

afterAll(async () => {
  await server?.close();
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rowTexts = (page: Page): Promise<string[]> => page.locator('.team-devices tbody tr').allInnerTexts();

describe('event team page', () => {
  it(
    'shows a Quest kiosk and a desktop follower, flags the incomplete offline copy, and the version change after a rebuild',
    { timeout: 180_000 },
    async () => {
      const opened: OpenedPage[] = [];
      try {
        const built = (JSON.parse(readFileSync(path.join(dir, 'version.json'), 'utf8')) as { version: string }).version;
        const [team, kiosk, follower] = await Promise.all([
          openPage(browser(), `/?team=${ROOM}&lang=en`, { baseUrl: server.url }),
          openPage(browser(), `/?kiosk=1&room=${ROOM}&lang=en`, {
            baseUrl: server.url,
            initScripts: [IWER_SOURCE, INSTALL_QUEST],
            serviceWorkers: 'allow',
            reducedMotion: 'reduce',
          }),
          openPage(browser(), `/?follow=${ROOM}&lang=en`, { baseUrl: server.url, reducedMotion: 'reduce' }),
        ]);
        opened.push(team, kiosk, follower);
        await Promise.all([kiosk, follower].map((o) => waitForReady(o.page, { timeout: 90_000 })));

        // The secret goes in a password field, never in the URL.
        const field = team.page.getByRole('dialog', { name: 'Guide secret' }).locator('input');
        expect(await field.getAttribute('type')).toBe('password');
        await field.fill(SECRET);
        await team.page.getByRole('button', { name: 'Connect' }).click();
        await expect.poll(() => team.page.locator('.team-page').getAttribute('data-status'), { timeout: 10_000 }).toBe('connected');
        expect(team.page.url()).not.toContain(SECRET);
        expect(await team.page.locator('.team-server-version').innerText()).toBe(built);

        const kioskRow = team.page.locator('.team-devices tbody tr', { hasText: 'Kiosk' });
        const visitorRow = team.page.locator('.team-devices tbody tr', { hasText: 'Visitor' });
        // Both report; the kiosk's service worker finishes its precache: ready. The follower has no offline copy: flagged.
        await expect.poll(() => rowTexts(team.page), { timeout: 90_000 }).toHaveLength(2);
        await expect.poll(() => kioskRow.innerText(), { timeout: 90_000 }).toMatch(/Ready[\s\S]*complete, [1-9]\d*\.\d MB/);
        const kioskText = await kioskRow.innerText();
        expect(kioskText).toContain(built);
        expect(kioskText).toContain('English');
        expect(kioskText).toContain('3D');
        expect(await kioskRow.getAttribute('data-flagged')).toBe('false');
        await expect.poll(() => visitorRow.innerText(), { timeout: 30_000 }).toContain('Offline copy incomplete');
        const visitorText = await visitorRow.innerText();
        expect(visitorText).toContain('incomplete, 0.0 MB');
        expect(visitorText).toContain(built);
        expect(visitorText).toMatch(/\byes\b/);
        expect(await visitorRow.getAttribute('data-flagged')).toBe('true');
        expect(await team.page.locator('.team-ready').innerText()).toBe('1');

        // A rebuild: the served folder gets a new version; both devices still run the old one.
        const next = `${built.split('+')[0]}+20990101T000000Z.beef`;
        writeFileSync(path.join(dir, 'version.json'), JSON.stringify({ version: next }));
        await expect.poll(() => team.page.locator('.team-server-version').innerText(), { timeout: 15_000 }).toBe(next);
        await expect
          .poll(() => rowTexts(team.page), { timeout: 10_000 })
          .toEqual([expect.stringContaining('Old version'), expect.stringContaining('Old version')]);
        expect(await team.page.locator('.team-ready').innerText()).toBe('0');
        // An idle kiosk on the old build can be asked to update now.
        await kioskRow.getByRole('button', { name: 'Update now' }).click();
        await expect.poll(() => kioskRow.innerText()).toContain('Update asked');

        for (const o of opened) expect(crossOriginRequests(o.requests, server.url)).toEqual([]);
        for (const o of opened) expect(o.pageErrors).toEqual([]);
      } finally {
        await Promise.all(opened.map((o) => o.close()));
      }
    },
  );
});
