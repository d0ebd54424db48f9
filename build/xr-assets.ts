// WebXR controller layouts and models, and hand models, from our own origin (never a CDN).
//
// @react-three/xr (through @pmndrs/xr) fetches, relative to the XR store's `baseAssetPath`
// (src/app/xr.ts sets it to `<origin><base>xr-profiles/`):
// - controllers (controller/layout.js): `profilesList.json`; then, for the first of the input
//   source's `profiles` listed there (else `defaultControllerProfileId`, 'generic-trigger'), that
//   entry's `path` (`<id>/profile.json`); then the layout's `assetPath` relative to that
//   profile.json (`<id>/<handedness>.glb`). A controller whose layout does not load never gets a
//   state at all: no model, no pointer, no gamepad.
// - hands (hand/model.js): `generic-hand/<handedness>.glb` (its `defaultXRHandProfileId`), no layout.
//
// This plugin takes those files from @webxr-input-profiles/assets (MIT, ~98 MB for all 40
// profiles) and ships the subset in XR_PROFILE_IDS, with a profilesList.json listing only those
// (same format as the package's, so the loader's lookup works unchanged):
// - build: emitted under a fixed name, `xr-profiles/<file>` in the output directory;
// - dev: served from node_modules under `<base>xr-profiles/<file>`.
// A listed profile missing from the package, or a file one of them references, fails the build
// (and the dev server's start) with a message naming it.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

const require = createRequire(import.meta.url);

export const XR_ASSETS_PACKAGE = '@webxr-input-profiles/assets';
/** Directory (under the output directory and under `base` in dev) the files are served from. */
export const XR_PROFILES_DIR = 'xr-profiles';

/**
 * The profiles the exhibit ships. An input source lists its own profile id followed by its
 * fallbacks (`XRInputSource.profiles`), and @pmndrs/xr takes the first one listed here, so each
 * Quest resolves to its own controller model and anything else to a generic one.
 *
 * Not shipped: `oculus-touch` (Rift CV1, 4.2 MB; every Quest reports a shipped id before it),
 * `meta-quest-touch-plus-v2` (its input sources list `meta-quest-touch-plus` next),
 * `generic-trigger-squeeze-touchpad-thumbstick` and the other generic shapes (no Quest reaches
 * them; other headsets' controllers get `generic-trigger`'s layout instead, with the trigger only).
 */
export const XR_PROFILE_IDS = [
  // Meta Quest 3 and 3S (Touch Plus controllers); what IWER's `metaQuest3` reports first.
  'meta-quest-touch-plus',
  // Meta Quest Pro controllers (also when paired with a Quest 2 or 3); IWER's `metaQuestPro`.
  'meta-quest-touch-pro',
  // Meta Quest 2 (Touch v3); IWER's `metaQuest2`; the first fallback of `meta-quest-touch-plus`.
  'oculus-touch-v3',
  // Quest 1 and Rift S (Touch v2); IWER's `oculusQuest1`; the first fallback of `meta-quest-touch-pro`.
  'oculus-touch-v2',
  // The last fallback of every Touch profile and of most other 6DoF controllers (Pico, Vive Focus 3,
  // YVR, HP Reverb G2): a Quest-shaped controller we ship no model for keeps its squeeze and
  // thumbstick (the gamepad state @pmndrs/xr exposes has the layout's components only).
  'generic-trigger-squeeze-thumbstick',
  // @pmndrs/xr's `defaultControllerProfileId`, used when none of a controller's ids is listed:
  // without it such a controller would not appear at all.
  'generic-trigger',
  // Hand tracking: @pmndrs/xr loads `generic-hand/<handedness>.glb` (its `defaultXRHandProfileId`).
  'generic-hand',
] as const;

/** The hand profile @pmndrs/xr loads `<id>/left.glb` and `<id>/right.glb` of, without a layout. */
export const XR_HAND_PROFILE_ID = 'generic-hand';

/** One entry of profilesList.json. */
export interface XrProfilesListEntry {
  path: string;
  deprecated?: boolean;
}
export type XrProfilesList = Record<string, XrProfilesListEntry>;

/** The part of a profile.json this plugin reads. */
export interface XrProfileJson {
  profileId: string;
  fallbackProfileIds?: string[];
  layouts: Record<string, { assetPath: string } | undefined>;
}

export interface XrAssetSet {
  /** Package version the files come from. */
  version: string;
  /** Absolute path of the package's dist/profiles/. */
  root: string;
  /** Ids shipped, in the order asked for. */
  profiles: string[];
  /** The trimmed profilesList.json. */
  profilesList: XrProfilesList;
  /**
   * Every file to serve, by its path under xr-profiles/ ('profilesList.json',
   * 'meta-quest-touch-plus/left.glb', ...): a path in the package, or the bytes themselves.
   */
  files: Map<string, { source: string } | { data: Buffer }>;
  /** Total size of `files`. */
  bytes: number;
}

/** Absolute path of @webxr-input-profiles/assets/dist/profiles/ (its `main` points at a file that does not exist). */
export function xrAssetsRoot(): string {
  return path.join(path.dirname(require.resolve(`${XR_ASSETS_PACKAGE}/package.json`)), 'dist', 'profiles');
}

function fail(message: string): never {
  throw new Error(`[xr-assets] ${message}`);
}

function readJson<T>(file: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    fail(`${what} is missing: ${file}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    fail(`${what} is not valid JSON (${file}): ${(error as Error).message}`);
  }
}

/** A placeholder origin to resolve relative paths the way @pmndrs/xr does (`new URL(path, base)`). */
const BASE = 'http://exhibit.invalid/xr-profiles/';

/**
 * The path under xr-profiles/ that `relative` (as written in profilesList.json or a profile.json)
 * resolves to from `from` (a path under xr-profiles/), or undefined if it leaves that directory
 * (another directory, another host).
 */
export function resolveXrPath(relative: string, from = ''): string | undefined {
  let url: URL;
  try {
    url = new URL(relative, new URL(from, BASE));
  } catch {
    return undefined;
  }
  if (url.search || url.hash || !url.href.startsWith(BASE)) return undefined;
  const rest = decodeURIComponent(url.pathname.slice(new URL(BASE).pathname.length));
  return rest && !rest.split('/').some((part) => part === '' || part === '.' || part === '..') ? rest : undefined;
}

/**
 * The files shipping `profiles` needs, checked: each id is in the package's profilesList.json,
 * its profile.json exists and names it, and every asset a layout references (and, for the hand
 * profile, left.glb and right.glb) exists in the package. Throws an Error naming what is missing.
 */
export function collectXrAssets(profiles: readonly string[] = XR_PROFILE_IDS, root = xrAssetsRoot()): XrAssetSet {
  if (profiles.length === 0) fail('no profiles to ship');
  const version = (() => {
    try {
      return (JSON.parse(readFileSync(path.join(root, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
    } catch {
      return '?';
    }
  })();
  const packageName = `${XR_ASSETS_PACKAGE}@${version}`;
  const fullList = readJson<XrProfilesList>(path.join(root, 'profilesList.json'), `${packageName} profilesList.json`);

  const files = new Map<string, { source: string } | { data: Buffer }>();
  const sourceOf = (file: string) => path.join(root, ...file.split('/'));
  const addFile = (file: string, what: string) => {
    const source = sourceOf(file);
    let isFile = false;
    try {
      isFile = statSync(source).isFile();
    } catch {
      // missing
    }
    if (!isFile) fail(`${what} is missing from ${packageName}: ${source}`);
    files.set(file, { source });
  };

  const wanted = new Set(profiles);
  if (wanted.size !== profiles.length) fail(`a profile id is listed twice: ${profiles.join(', ')}`);
  for (const id of profiles) {
    const entry = fullList[id];
    if (!entry || typeof entry.path !== 'string') {
      fail(`profile "${id}" is not in ${packageName} profilesList.json (known: ${Object.keys(fullList).join(', ')})`);
    }
    const profilePath = resolveXrPath(entry.path);
    if (!profilePath) fail(`profile "${id}": its path "${entry.path}" leaves the profiles directory`);
    addFile(profilePath, `profile.json of "${id}"`);
    const profile = readJson<XrProfileJson>(sourceOf(profilePath), `profile.json of "${id}"`);
    if (!entry.deprecated && profile.profileId !== id) {
      fail(`profile "${id}": ${profilePath} is the profile of "${profile.profileId}"`);
    }
    const layouts = Object.entries(profile.layouts ?? {});
    if (layouts.length === 0) fail(`profile "${id}": ${profilePath} has no layouts`);
    for (const [key, layout] of layouts) {
      if (!layout || typeof layout.assetPath !== 'string') fail(`profile "${id}": layout "${key}" has no assetPath`);
      const asset = resolveXrPath(layout.assetPath, profilePath);
      if (!asset) fail(`profile "${id}": layout "${key}" asset "${layout.assetPath}" is not in the profiles directory`);
      addFile(asset, `asset "${layout.assetPath}" of profile "${id}" (layout "${key}")`);
    }
    if (id === XR_HAND_PROFILE_ID) {
      for (const handedness of ['left', 'right']) addFile(`${id}/${handedness}.glb`, `hand model ${handedness}.glb of "${id}"`);
    }
  }

  // Same order and format as the package's list, with the other profiles left out.
  const profilesList: XrProfilesList = Object.fromEntries(Object.entries(fullList).filter(([id]) => wanted.has(id)));
  files.set('profilesList.json', { data: Buffer.from(`${JSON.stringify(profilesList, null, 2)}\n`) });

  const licence = (() => {
    try {
      return readFileSync(path.join(root, '..', '..', 'LICENSE.md'), 'utf8');
    } catch {
      fail(`the licence of ${packageName} is missing: ${path.join(root, '..', '..', 'LICENSE.md')}`);
    }
  })();
  files.set('LICENSE.txt', {
    data: Buffer.from(
      `The WebXR input profiles in this directory (${[...profiles].join(', ')}) are from ${packageName}\n` +
        `(https://github.com/immersive-web/webxr-input-profiles), under this licence:\n\n${licence}`,
    ),
  });

  let bytes = 0;
  for (const file of files.values()) bytes += 'data' in file ? file.data.length : statSync(file.source).size;
  return { version, root, profiles: [...profiles], profilesList, files, bytes };
}

/** The bytes of one file of the set. */
export function readXrAsset(file: { source: string } | { data: Buffer }): Buffer {
  return 'data' in file ? file.data : readFileSync(file.source);
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.glb': 'model/gltf-binary',
  '.txt': 'text/plain; charset=utf-8',
};

export function xrContentType(file: string): string {
  return CONTENT_TYPES[path.posix.extname(file)] ?? 'application/octet-stream';
}

export interface XrAssetsPluginOptions {
  /** Profile ids to ship (default XR_PROFILE_IDS). */
  profiles?: readonly string[];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

export function xrAssetsPlugin(options: XrAssetsPluginOptions = {}): Plugin {
  const profiles = options.profiles ?? XR_PROFILE_IDS;
  let config: ResolvedConfig;
  let assets: XrAssetSet | undefined;
  const collect = () => (assets ??= collectXrAssets(profiles));

  return {
    name: 'iamm-xr-assets',

    configResolved(resolved) {
      config = resolved;
    },

    buildStart() {
      // Check before bundling, so a missing profile fails the build (or the dev server) early.
      if (config.command === 'build') assets = undefined; // a watch rebuild re-reads the package
      collect();
    },

    generateBundle() {
      if (this.environment && this.environment.config.consumer !== 'client') return;
      const set = collect();
      for (const [file, entry] of set.files) {
        this.emitFile({ type: 'asset', fileName: `${XR_PROFILES_DIR}/${file}`, source: readXrAsset(entry) });
      }
      config.logger.info(
        `[xr-assets] ${XR_PROFILES_DIR}/: ${set.profiles.length} profiles (${set.profiles.join(', ')}) from ` +
          `${XR_ASSETS_PACKAGE}@${set.version}, ${set.files.size} files, ${set.bytes} bytes (${mib(set.bytes)})`,
      );
    },

    configureServer(server) {
      const set = collect();
      config.logger.info(
        `[xr-assets] serving ${set.profiles.length} WebXR input profiles (${mib(set.bytes)}) at ${config.base}${XR_PROFILES_DIR}/`,
        { timestamp: true },
      );
      // Registered before Vite's own middlewares (and its base rewrite), so the URL still has `base`.
      server.middlewares.use((req, res, next) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        const pathname = (req.url ?? '').split('?')[0] ?? '';
        const prefix = `${config.base}${XR_PROFILES_DIR}/`;
        if (!pathname.startsWith(prefix)) return next();
        let file: string;
        try {
          file = decodeURIComponent(pathname.slice(prefix.length));
        } catch {
          return next();
        }
        const entry = collect().files.get(file);
        if (!entry) {
          // Not shipped: a 404 here, as the build would give, rather than Vite's SPA fallback.
          res.statusCode = 404;
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.end(`${XR_PROFILES_DIR}/${file} is not shipped (build/xr-assets.ts XR_PROFILE_IDS)\n`);
          return;
        }
        const body = readXrAsset(entry);
        res.statusCode = 200;
        res.setHeader('Content-Type', xrContentType(file));
        res.setHeader('Content-Length', String(body.length));
        res.setHeader('Cache-Control', 'no-cache');
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    },
  };
}
