// The exhibit as an installable, offline PWA (vite-plugin-pwa, Workbox generateSW).
//
// - Manifest: name and short_name from scenes/exhibit.yaml (title, shortTitle), colours from src/theme.ts, icons drawn
//   at build time (./pwa-icons.ts); start_url and scope are relative to the manifest, so a sub-path deployment works.
// - Precache, what every visitor needs with the network off (about 2 MB): HTML, JS, CSS, the font subsets, pictures,
//   the icons, and the narration of the default tour (the first file of scenes/tours/). Never the emulator stub chunk
//   (see ./no-xr-emulator.ts: it only throws), never source maps, never the XR input profiles.
// - Runtime cache, what only some visitors need, cached the first time it is asked for (same origin only):
//   - xr-profiles/ (./xr-assets.ts: profilesList.json, a controller's profile.json and its glTF models, the hand
//     models; 12 MB in all, of which a device uses one profile, 0.2-2.8 MB): CacheFirst. A headset that enters VR
//     once online keeps its own controller models for offline use (src/app/xr.ts also fetches the hand models then);
//     a desktop never downloads any.
//   - narration/ of the other tours: on first play, StaleWhileRevalidate (the file names carry no hash, so an edited
//     narration is fetched again in the background), fetched whole (a media element asks for byte ranges; the cached
//     whole file answers them).
// - Updates: no skipWaiting, no clientsClaim on update. A new service worker installs in the background and waits;
//   it takes over when every tab of the exhibit is closed (the next start), or when src/app/pwa.ts's
//   applyUpdateIfWaiting() is called (a kiosk's idle reset). A page is never reloaded under a visitor.
// - Registration: from the bundle (src/app/pwa.ts), never an inline script (a CSP `script-src 'self'` must hold).
// - Dev (`npm run dev`): no service worker.
import path from 'node:path';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { loadExhibitFromDir, loadScenesFromDir } from './load-scenes.ts';
import { pick, say } from '../src/content/format.ts';
import { DEFAULT_LANGUAGES } from '../src/content/schema.ts';
import { langTag } from '../src/layout/panel.ts';
import { THEME } from '../src/theme.ts';
import { PWA_ICONS, pwaIconsPlugin } from './pwa-icons.ts';

/** The service worker's file name under the output directory (server/app.ts serves it with Cache-Control: no-cache). */
export const SW_FILE = 'sw.js';
export const MANIFEST_FILE = 'manifest.webmanifest';

/**
 * What the precache lists, relative to the output directory (vite-plugin-pwa adds the manifest itself), besides the
 * default tour's narration (precacheGlobs()). No audio and no XR glTF here: narration is listed file by file, and the
 * XR profiles are cached at run time; the panels' own models and videos only when small (build/media.ts).
 */
export const PRECACHE_GLOBS = [
  '**/*.{html,js,css,woff,woff2,png,jpg,jpeg,webp,avif,svg,json,txt}',
  // Panels' models and videos small enough for the offline copy (build/media.ts names them "<name>.offline-<hash>").
  '**/*.offline-*.{glb,gltf,webm,mp4}',
];
/**
 * Never precached: the build's version file (the server reads it; build/version.ts), the emulator stub (never loaded),
 * source maps, anything of a development build, the XR profiles.
 */
export const PRECACHE_IGNORES = [
  'version.json',
  '**/*no-xr-emulator*',
  '**/*emulat*',
  '**/*iwer*',
  '**/*.map',
  '**/node_modules/**',
  'xr-profiles/**',
];
/** The largest file precached: the app's JS chunk is about 1.5 MB. */
export const PRECACHE_MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Cache Storage names of the runtime caches (the precache is Workbox's own `workbox-precache-v2-<scope>`). */
export const XR_PROFILES_CACHE = 'iamm-xr-profiles';
export const NARRATION_CACHE = 'iamm-narration';

/**
 * The default tour's narration files (relative to the output directory), in stop order: what every visitor may hear
 * (the kiosk's attract loop, the VR menu's tour button, `?tour` without an id). Other tours' narration is cached on
 * first play.
 */
export function defaultTourNarration(scenesDir: string): string[] {
  const { tours } = loadScenesFromDir(scenesDir);
  const first = tours[0];
  if (!first) return [];
  const files = first.stops.flatMap((stop) => [stop.narration?.zh, stop.narration?.en]);
  return [...new Set(files.filter((f): f is string => typeof f === 'string'))];
}

/** Every glob the precache lists for `scenesDir`'s content. */
export function precacheGlobs(scenesDir: string): string[] {
  return [...PRECACHE_GLOBS, ...defaultTourNarration(scenesDir)];
}

// The runtime routes' matchers. Workbox writes these functions' source into sw.js, so they use nothing but their
// argument and the worker's global scope (`registration.scope` is the exhibit's base URL, sub-path deployments too).
interface RouteMatch {
  url: URL;
  sameOrigin: boolean;
}

/** A request for a file under `<scope>xr-profiles/` on the exhibit's own origin. */
export const isXrProfileRequest = ({ url, sameOrigin }: RouteMatch): boolean =>
  sameOrigin &&
  url.pathname.startsWith(
    new URL('xr-profiles/', (globalThis as unknown as { registration: { scope: string } }).registration.scope).pathname,
  );

/** A request for a file under `<scope>narration/` on the exhibit's own origin. */
export const isNarrationRequest = ({ url, sameOrigin }: RouteMatch): boolean =>
  sameOrigin &&
  url.pathname.startsWith(
    new URL('narration/', (globalThis as unknown as { registration: { scope: string } }).registration.scope).pathname,
  );

/**
 * A Workbox plugin: the network is asked for the whole file, not the byte range a media element asks for, so the
 * answer (200, not 206) can be cached; `rangeRequests` then answers ranges from the cached file.
 */
export const WHOLE_FILE_PLUGIN = {
  requestWillFetch: async ({ request }: { request: Request }): Promise<Request> =>
    request.headers.has('range') ? new Request(request.url, { credentials: 'same-origin' }) : request,
};

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
      globPatterns: precacheGlobs(options.scenesDir),
      globIgnores: PRECACHE_IGNORES,
      maximumFileSizeToCacheInBytes: PRECACHE_MAX_FILE_BYTES,
      // Hashed file names need no revision.
      dontCacheBustURLsMatching: /^assets\//,
      // Any navigation (`/?tour=highlights`, `/#2022`) is the one page.
      navigateFallback: 'index.html',
      // Never on an update: src/app/pwa.ts decides when a waiting worker takes over.
      skipWaiting: false,
      // On the very first install, take the page that installed it, so a visit that loses the network right after
      // loading still gets its narration, and a headset entering VR in that visit caches its controller models.
      // Later workers activate only with no page open.
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      inlineWorkboxRuntime: true,
      sourcemap: false,
      mode: 'production',
      // Only our own origin's files (the matchers check); nothing from another origin is cached or requested.
      runtimeCaching: [
        {
          urlPattern: isXrProfileRequest,
          handler: 'CacheFirst',
          options: { cacheName: XR_PROFILES_CACHE, cacheableResponse: { statuses: [200] } },
        },
        {
          urlPattern: isNarrationRequest,
          handler: 'StaleWhileRevalidate',
          options: {
            cacheName: NARRATION_CACHE,
            cacheableResponse: { statuses: [200] },
            rangeRequests: true,
            plugins: [WHOLE_FILE_PLUGIN],
          },
        },
      ],
    },
  };
}

export function pwaPlugins(options: PwaPluginOptions): Plugin[] {
  if (options.disable) return [];
  return [pwaIconsPlugin(), ...(VitePWA(pwaOptions(options)) as Plugin[])];
}
