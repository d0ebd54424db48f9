// The exhibit as an installable, offline PWA (vite-plugin-pwa, Workbox generateSW).
//
// - Manifest: name and short_name from scenes/exhibit.yaml (title, shortTitle), colours from src/theme.ts, icons drawn
//   at build time (./pwa-icons.ts); start_url and scope are relative to the manifest, so a sub-path deployment works.
// - Precache: everything a visit needs with the network off (HTML, JS, CSS, the font subsets, the tours' narration,
//   the XR controller and hand profiles of xr-profiles/, the icons). Never the emulator stub chunk (see
//   ./no-xr-emulator.ts: it only throws), never source maps.
// - Updates: no skipWaiting, no clientsClaim on update. A new service worker installs in the background and waits;
//   it takes over when every tab of the exhibit is closed (the next start), or when src/app/pwa.ts's
//   applyUpdateIfWaiting() is called (a kiosk's idle reset). A page is never reloaded under a visitor.
// - Registration: from the bundle (src/app/pwa.ts), never an inline script (a CSP `script-src 'self'` must hold).
// - Dev (`npm run dev`): no service worker.
import path from 'node:path';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { loadExhibitFromDir } from './load-scenes.ts';
import { pick, say } from '../src/content/format.ts';
import { DEFAULT_LANGUAGES } from '../src/content/schema.ts';
import { langTag } from '../src/layout/panel.ts';
import { THEME } from '../src/theme.ts';
import { PWA_ICONS, pwaIconsPlugin } from './pwa-icons.ts';

/** The service worker's file name under the output directory (server/app.ts serves it with Cache-Control: no-cache). */
export const SW_FILE = 'sw.js';
export const MANIFEST_FILE = 'manifest.webmanifest';

/** What the precache lists, relative to the output directory (vite-plugin-pwa adds the manifest itself). */
export const PRECACHE_GLOBS = ['**/*.{html,js,css,woff,woff2,ogg,json,glb,png,webp,svg,txt}'];
/** Never precached: the emulator stub (never loaded), source maps, and anything of a development build. */
export const PRECACHE_IGNORES = ['**/*no-xr-emulator*', '**/*emulat*', '**/*iwer*', '**/*.map', '**/node_modules/**'];
/** The largest file precached: the generic controller models are about 1.5 MB, the app's JS chunk 1.6 MB. */
export const PRECACHE_MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface PwaPluginOptions {
  /** Directory of the scene files (for the manifest's names). */
  scenesDir: string;
  /** No service worker and no manifest (e.g. the bench's synthetic-scene build). */
  disable?: boolean;
}

/** The web manifest, from the exhibit's content. */
export function webManifest(scenesDir: string): Partial<VitePWAOptions['manifest']> & Record<string, unknown> {
  const { exhibit } = loadExhibitFromDir(scenesDir);
  const { title, subtitle } = exhibit;
  const languages = exhibit.languages ?? DEFAULT_LANGUAGES;
  const short = exhibit.shortTitle ?? title;
  return {
    id: './',
    name: pick(title, 'both', ' · ', languages),
    short_name: say(short, 'en'),
    description: subtitle ? pick(subtitle, 'both', ' · ', languages) : pick(title, 'both', ' · ', languages),
    lang: langTag(languages[0] ?? 'en'),
    dir: 'ltr',
    start_url: './',
    scope: './',
    display: 'standalone',
    display_override: ['fullscreen', 'standalone'],
    orientation: 'any',
    background_color: THEME.background,
    theme_color: THEME.background,
    icons: PWA_ICONS.map((icon) => ({
      src: icon.file,
      sizes: `${icon.size}x${icon.size}`,
      type: 'image/png',
      purpose: icon.purpose,
    })),
  };
}

/** The options given to VitePWA (exported for the unit test of the update policy and the precache). */
export function pwaOptions(options: PwaPluginOptions): Partial<VitePWAOptions> {
  return {
    disable: options.disable ?? false,
    strategies: 'generateSW',
    // 'prompt': the generated worker does not call skipWaiting(); it waits for a SKIP_WAITING message.
    registerType: 'prompt',
    // src/app/pwa.ts registers it from the bundle.
    injectRegister: false,
    filename: SW_FILE,
    manifestFilename: MANIFEST_FILE,
    manifest: webManifest(path.resolve(options.scenesDir)) as VitePWAOptions['manifest'],
    includeManifestIcons: false,
    devOptions: { enabled: false },
    workbox: {
      globPatterns: PRECACHE_GLOBS,
      globIgnores: PRECACHE_IGNORES,
      maximumFileSizeToCacheInBytes: PRECACHE_MAX_FILE_BYTES,
      // Hashed file names need no revision.
      dontCacheBustURLsMatching: /^assets\//,
      // Any navigation (`/?tour=highlights`, `/#2022`) is the one page.
      navigateFallback: 'index.html',
      // Never on an update: src/app/pwa.ts decides when a waiting worker takes over.
      skipWaiting: false,
      // On the very first install, take the page that installed it, so a visit that loses the network right after
      // loading still gets its narration and controller models. Later workers activate only with no page open.
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      inlineWorkboxRuntime: true,
      sourcemap: false,
      mode: 'production',
      // Nothing from another origin is cached or requested.
      runtimeCaching: [],
    },
  };
}

export function pwaPlugins(options: PwaPluginOptions): Plugin[] {
  if (options.disable) return [];
  return [pwaIconsPlugin(), ...(VitePWA(pwaOptions(options)) as Plugin[])];
}
