// The offline copy's configuration: the update policy (never a reload under a visitor), the precache's exclusions,
// the manifest from the content, the icons, and the headers the service worker is served with.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { minimatch } from 'minimatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../server/app.ts';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { THEME } from '../../src/theme.ts';
import { PWA_ICONS, renderIcon } from '../../build/pwa-icons.ts';
import {
  defaultTourNarration,
  isNarrationRequest,
  isXrProfileRequest,
  MANIFEST_FILE,
  NARRATION_CACHE,
  PRECACHE_IGNORES,
  precacheGlobs,
  pwaOptions,
  SW_FILE,
  webManifest,
  WHOLE_FILE_PLUGIN,
  XR_PROFILES_CACHE,
} from '../../build/pwa.ts';
import { loadScenesFromDir } from '../../build/load-scenes.ts';

const exhibit = loadExhibitFromDir('scenes').exhibit;

describe('service worker update policy', () => {
  const options = pwaOptions({ scenesDir: 'scenes' });

  it('a new version waits instead of taking over a visit in progress', () => {
    expect(options.registerType).toBe('prompt');
    expect(options.workbox?.skipWaiting).toBe(false);
  });

  it('is registered from the bundle, not by an inline script, and not in development', () => {
    expect(options.injectRegister).toBe(false);
    expect(options.devOptions?.enabled).toBe(false);
  });

  it('any navigation of the exhibit (a tour link, a deep link) is answered by the cached page', () => {
    expect(options.workbox?.navigateFallback).toBe('index.html');
  });

  it('the bench’s measuring build has no service worker', () => {
    expect(pwaOptions({ scenesDir: 'scenes', disable: true }).disable).toBe(true);
  });
});

describe('precache selection', () => {
  const globs = precacheGlobs('scenes');
  const precached = (file: string): boolean => globs.some((g) => minimatch(file, g)) && !PRECACHE_IGNORES.some((g) => minimatch(file, g));
  const { tours } = loadScenesFromDir('scenes');

  it.each([
    'index.html',
    'assets/index-C8sV26LX.js',
    'assets/index-B5e1Y4ya.css',
    'assets/iamm-sc-regular-B-PvFR4v.woff',
    'narration/highlights/welcome.zh.ogg',
    'narration/highlights/welcome.en.ogg',
    'assets/picture-Ab12Cd34.jpg',
    'icons/maskable-512.png',
  ])('keeps %s for offline use', (file) => {
    expect(precached(file)).toBe(true);
  });

  it.each([
    'assets/_iamm-no-xr-emulator-DNPwxS2Z.js',
    'assets/iwer-abc.js',
    'assets/index-C8sV26LX.js.map',
    'assets/emulate-x1.js',
    // Cached by the headset that asks for them (the runtime cache), not by every visitor.
    'xr-profiles/profilesList.json',
    'xr-profiles/meta-quest-touch-plus/profile.json',
    'xr-profiles/meta-quest-touch-plus/left.glb',
    'xr-profiles/generic-hand/right.glb',
    'xr-profiles/LICENSE.txt',
    // Another tour's narration: cached on first play.
    'narration/another-tour/welcome.zh.ogg',
  ])('leaves out %s', (file) => {
    expect(precached(file)).toBe(false);
  });

  it('lists every narration file of the default tour (the first tour file), in both languages', () => {
    const first = tours[0]!;
    const files = first.stops.flatMap((s) => [s.narration?.zh, s.narration?.en]).filter((f): f is string => !!f);
    expect(files.length).toBeGreaterThan(0);
    expect(defaultTourNarration('scenes')).toEqual([...new Set(files)]);
    for (const f of files) expect(precached(f)).toBe(true);
  });
});

describe('runtime caching', () => {
  const routes = pwaOptions({ scenesDir: 'scenes' }).workbox?.runtimeCaching ?? [];
  const scope = 'https://exhibit.example/iamm/';
  /** Runs a route matcher as the service worker would (its `registration.scope` is the exhibit's base). */
  const matches = (matcher: (m: { url: URL; sameOrigin: boolean }) => boolean, href: string): boolean => {
    const g = globalThis as unknown as { registration?: { scope: string } };
    const saved = g.registration;
    g.registration = { scope };
    try {
      const url = new URL(href, scope);
      return matcher({ url, sameOrigin: url.origin === new URL(scope).origin });
    } finally {
      if (saved === undefined) delete g.registration;
      else g.registration = saved;
    }
  };

  it('keeps a headset’s controller and hand files the first time they are asked for (cache first), on our origin only', () => {
    const route = routes.find((r) => r.urlPattern === isXrProfileRequest);
    expect(route?.handler).toBe('CacheFirst');
    expect(route?.options?.cacheName).toBe(XR_PROFILES_CACHE);
    expect(route?.options?.cacheableResponse?.statuses).toEqual([200]);
    expect(matches(isXrProfileRequest, 'xr-profiles/meta-quest-touch-plus/left.glb')).toBe(true);
    expect(matches(isXrProfileRequest, 'xr-profiles/profilesList.json')).toBe(true);
    expect(matches(isXrProfileRequest, 'https://cdn.example/iamm/xr-profiles/profilesList.json')).toBe(false);
    expect(matches(isXrProfileRequest, '/xr-profiles/profilesList.json')).toBe(false); // outside the scope
    expect(matches(isXrProfileRequest, 'assets/index-C8sV26LX.js')).toBe(false);
  });

  it('keeps another tour’s narration on first play, whole, and answers byte ranges from it', async () => {
    const route = routes.find((r) => r.urlPattern === isNarrationRequest);
    expect(route?.options?.cacheName).toBe(NARRATION_CACHE);
    expect(route?.options?.rangeRequests).toBe(true);
    expect(route?.options?.cacheableResponse?.statuses).toEqual([200]);
    expect(matches(isNarrationRequest, 'narration/another-tour/welcome.zh.ogg')).toBe(true);
    expect(matches(isNarrationRequest, 'https://cdn.example/iamm/narration/x.ogg')).toBe(false);
    const ranged = new Request(`${scope}narration/another-tour/welcome.zh.ogg`, { headers: { Range: 'bytes=0-' } });
    const sent = await WHOLE_FILE_PLUGIN.requestWillFetch({ request: ranged });
    expect(sent.url).toBe(ranged.url);
    expect(sent.headers.has('range')).toBe(false);
  });

  it('has no route for any other origin', () => {
    expect(routes).toHaveLength(2);
    for (const r of routes) expect(typeof r.urlPattern).toBe('function');
  });
});

describe('web manifest', () => {
  const manifest = webManifest('scenes');

  it('names the app from the exhibit’s content', () => {
    expect(manifest.name).toContain(exhibit.title.zh);
    expect(manifest.name).toContain(exhibit.title.en);
    expect(manifest.short_name).toBe((exhibit.shortTitle ?? exhibit.title).en);
  });

  it('starts and stays inside the folder it is served from', () => {
    expect(manifest.start_url).toBe('./');
    expect(manifest.scope).toBe('./');
    expect(['fullscreen', 'standalone']).toContain(manifest.display);
  });

  it('lists 192 and 512 px icons and a maskable one', () => {
    const icons = manifest.icons as Array<{ sizes: string; purpose: string }>;
    expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.some((i) => i.purpose === 'maskable')).toBe(true);
  });
});

describe('icons', () => {
  it.each(PWA_ICONS.map((i) => [i.file, i]))('%s is a PNG of its size', (_file, icon) => {
    const png = PNG.sync.read(renderIcon(icon.size, icon.purpose));
    expect([png.width, png.height]).toEqual([icon.size, icon.size]);
  });

  it('the maskable icon fills its square (a mask may cut any corner); the plain one has round corners', () => {
    const alphaAt = (buf: Buffer, x: number, y: number): number => {
      const png = PNG.sync.read(buf);
      return png.data[(y * png.width + x) * 4 + 3]!;
    };
    expect(alphaAt(renderIcon(512, 'maskable'), 0, 0)).toBe(255);
    expect(alphaAt(renderIcon(192, 'any'), 0, 0)).toBe(0);
    const png = PNG.sync.read(renderIcon(192, 'any'));
    const i = (96 * 192 + 96) * 4;
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    // The middle of the icon is a panel.
    expect(`#${hex(png.data[i]!)}${hex(png.data[i + 1]!)}${hex(png.data[i + 2]!)}`).toBe(THEME.panel);
  });

  it('is the same bytes on every build', () => {
    expect(renderIcon(192, 'any').equals(renderIcon(192, 'any'))).toBe(true);
  });
});

describe('the server and the service worker', () => {
  let dir: string;
  let srv: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'iamm-pwa-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(path.join(dir, SW_FILE), 'self.addEventListener("fetch", () => {});');
    writeFileSync(path.join(dir, MANIFEST_FILE), '{}');
    srv = await createServer({ root: dir, port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves sw.js as JavaScript with Cache-Control: no-cache, so an update is seen on the next visit', async () => {
    const res = await fetch(srv.url + SW_FILE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the manifest as a web manifest, revalidated', async () => {
    const res = await fetch(srv.url + MANIFEST_FILE);
    expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });
});
