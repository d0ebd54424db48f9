// WebXR input profiles from our own origin (build/xr-assets.ts): the shipped subset is
// complete and resolves through @pmndrs/xr's own loader; `vite build` emits it; the dev server serves it.
import { startPluginDevServer } from './plugin-dev-server.ts';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getXRHandAssetPath, XRControllerLayoutLoader } from '@pmndrs/xr/internals';
import { metaQuest2, metaQuest3, metaQuestPro, oculusQuest1 } from 'iwer';
import { build, type ViteDevServer } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  collectXrAssets,
  readXrAsset,
  resolveXrPath,
  xrAssetsPlugin,
  xrAssetsRoot,
  XR_HAND_PROFILE_ID,
  XR_PROFILE_IDS,
  XR_PROFILES_DIR,
  type XrProfileJson,
  type XrProfilesList,
} from '../../build/xr-assets.ts';

const ROOT = xrAssetsRoot();
const FULL_LIST = JSON.parse(readFileSync(path.join(ROOT, 'profilesList.json'), 'utf8')) as XrProfilesList;
const set = collectXrAssets();
const HANDS = ['left', 'right'] as const;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iamm-xr-assets-'));
  dirs.push(dir);
  return dir;
}

/** Every file under `dir`, as posix paths relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

// --- @pmndrs/xr's loader against a stubbed fetch ----------------------------------------------

const BASE_URL = 'https://exhibit.test/sub/xr-profiles/';

/** A fetch that answers `base` + a file of `read` (undefined: 404) and records every URL asked for. */
function stubFetch(read: (file: string) => Buffer | undefined, base = BASE_URL): string[] {
  const requested: string[] = [];
  vi.stubGlobal('fetch', async (input: string | URL) => {
    const url = String(input);
    requested.push(url);
    const body = url.startsWith(base) ? read(decodeURIComponent(url.slice(base.length))) : undefined;
    return body
      ? new Response(new Uint8Array(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
      : new Response(null, { status: 404, statusText: `Not Found: ${url}` });
  });
  return requested;
}
afterEach(() => {
  vi.unstubAllGlobals();
});

const shipped = (file: string) => {
  const entry = set.files.get(file);
  return entry ? readXrAsset(entry) : undefined;
};
const fromPackage = (file: string) => {
  try {
    return readFileSync(path.join(ROOT, ...file.split('/')));
  } catch {
    return undefined;
  }
};

/** The layout @pmndrs/xr picks for an input source's `profiles` and handedness, and its asset's path under xr-profiles/. */
async function resolveLayout(
  read: (file: string) => Buffer | undefined,
  profiles: string[],
  handedness: XRHandedness,
): Promise<{ asset: string; selectComponentId: string; components: string[]; requested: string[] }> {
  const requested = stubFetch(read);
  const loader = new XRControllerLayoutLoader({ baseAssetPath: BASE_URL });
  const layout = await loader.load(profiles, handedness);
  const asset = layout.assetPath.startsWith(BASE_URL) ? layout.assetPath.slice(BASE_URL.length) : layout.assetPath;
  return { asset, selectComponentId: layout.selectComponentId, components: Object.keys(layout.components), requested };
}

/** What IWER's devices report as XRInputSource.profiles (XRController: profileId, then fallbackProfileIds). */
const IWER_DEVICES = { oculusQuest1, metaQuest2, metaQuestPro, metaQuest3 };
function iwerProfiles(device: (typeof IWER_DEVICES)[keyof typeof IWER_DEVICES]): string[] {
  const config = device.controllerConfig;
  if (!config) throw new Error(`IWER's ${device.name} has no controllers`);
  return [config.profileId, ...config.fallbackProfileIds];
}

describe('xr assets: the shipped subset', () => {
  it('lists exactly XR_PROFILE_IDS, each entry as in the package', () => {
    expect(set.profiles).toEqual([...XR_PROFILE_IDS]);
    expect(Object.keys(set.profilesList).sort()).toEqual([...XR_PROFILE_IDS].sort());
    for (const id of XR_PROFILE_IDS) expect(set.profilesList[id], id).toEqual(FULL_LIST[id]);
    const written = JSON.parse(shipped('profilesList.json')!.toString('utf8')) as unknown;
    expect(written).toEqual(set.profilesList);
  });

  it('ships each profile.json and every asset its layouts reference (read straight from the package)', () => {
    const expected = new Set(['profilesList.json', 'LICENSE.txt']);
    for (const id of XR_PROFILE_IDS) {
      const profilePath = FULL_LIST[id]!.path;
      const profile = JSON.parse(fromPackage(profilePath)!.toString('utf8')) as XrProfileJson;
      expect(profile.profileId).toBe(id);
      expected.add(profilePath);
      // Controllers (and hands) come in both hands: @pmndrs/xr takes the first layout key that includes the handedness.
      for (const handedness of HANDS) {
        expect(
          Object.keys(profile.layouts).some((key) => key.includes(handedness)),
          `${id} ${handedness}`,
        ).toBe(true);
      }
      for (const [key, layout] of Object.entries(profile.layouts)) {
        const asset = path.posix.join(path.posix.dirname(profilePath), layout!.assetPath);
        expect(fromPackage(asset), `${id} ${key} ${asset}`).toBeDefined();
        expected.add(asset);
      }
    }
    for (const handedness of HANDS) expected.add(`${XR_HAND_PROFILE_ID}/${handedness}.glb`);
    expect([...set.files.keys()].sort()).toEqual([...expected].sort());
    // Every file is the package's, byte for byte, and the total is their sum.
    let bytes = 0;
    for (const [file, entry] of set.files) {
      const body = readXrAsset(entry);
      if (file !== 'profilesList.json' && file !== 'LICENSE.txt') expect(body.equals(fromPackage(file)!), file).toBe(true);
      bytes += body.length;
    }
    expect(set.bytes).toBe(bytes);
    console.info(`[xr-assets] ${set.profiles.length} profiles, ${set.files.size} files, ${set.bytes} bytes`);
  });

  it('ships self-contained glTF 2.0 binaries (no external buffers or images, no required extensions)', () => {
    for (const [file, entry] of set.files) {
      if (!file.endsWith('.glb')) continue;
      const glb = readXrAsset(entry);
      expect(glb.toString('latin1', 0, 4), file).toBe('glTF');
      expect(glb.readUInt32LE(4), file).toBe(2);
      expect(glb.readUInt32LE(8), file).toBe(glb.length);
      expect(glb.readUInt32LE(16), file).toBe(0x4e4f534a); // 'JSON'
      const json = JSON.parse(glb.toString('utf8', 20, 20 + glb.readUInt32LE(12))) as {
        buffers?: { uri?: string }[];
        images?: { uri?: string }[];
        extensionsRequired?: string[];
      };
      expect(
        (json.buffers ?? []).filter((b) => b.uri !== undefined),
        file,
      ).toEqual([]);
      expect(
        (json.images ?? []).filter((i) => i.uri !== undefined),
        file,
      ).toEqual([]);
      expect(json.extensionsRequired ?? [], file).toEqual([]);
    }
  });

  it('keeps the MIT licence with the files', () => {
    const licence = shipped('LICENSE.txt')!.toString('utf8');
    expect(licence).toContain('MIT License');
    expect(licence).toContain(`@webxr-input-profiles/assets@${set.version}`);
    for (const id of XR_PROFILE_IDS) expect(licence).toContain(id);
  });

  it.each(Object.entries(IWER_DEVICES))(
    "%s's controllers get the same layout as from the full package, all from the same origin",
    async (_name, device) => {
      const profiles = iwerProfiles(device);
      for (const handedness of HANDS) {
        const ours = await resolveLayout(shipped, profiles, handedness);
        const full = await resolveLayout(fromPackage, profiles, handedness);
        expect(ours.asset).toBe(full.asset);
        expect(ours.asset).toBe(`${profiles[0]}/${handedness}.glb`); // its own model, not a fallback's
        expect(shipped(ours.asset)).toBeDefined();
        expect(ours.components).toEqual(full.components);
        expect(
          ours.requested.every((url) => url.startsWith(BASE_URL)),
          ours.requested.join(' '),
        ).toBe(true);
      }
    },
  );

  it('gives other controllers a shipped generic layout', async () => {
    // A Quest-shaped controller we ship no model for keeps trigger, squeeze and thumbstick.
    const pico = await resolveLayout(shipped, ['pico-4', 'generic-trigger-squeeze-thumbstick'], 'right');
    expect(pico.asset).toBe('generic-trigger-squeeze-thumbstick/right.glb');
    expect(pico.components).toEqual(expect.arrayContaining(['xr-standard-trigger', 'xr-standard-squeeze', 'xr-standard-thumbstick']));
    // A future Touch Plus revision falls back to today's.
    const touchPlus2 = await resolveLayout(shipped, ['meta-quest-touch-plus-v2', 'meta-quest-touch-plus', 'oculus-touch-v3'], 'left');
    expect(touchPlus2.asset).toBe('meta-quest-touch-plus/left.glb');
    // Nothing listed: @pmndrs/xr's default profile (generic-trigger), for every handedness.
    for (const handedness of ['left', 'right', 'none'] as const) {
      const unknown = await resolveLayout(shipped, ['acme-wand'], handedness);
      expect(unknown.asset).toBe(`generic-trigger/${handedness}.glb`);
      expect(shipped(unknown.asset)).toBeDefined();
    }
  });

  it('ships the hand models @pmndrs/xr asks for', () => {
    for (const handedness of HANDS) {
      const url = getXRHandAssetPath(handedness, { baseAssetPath: BASE_URL });
      expect(url.startsWith(BASE_URL)).toBe(true);
      expect(shipped(url.slice(BASE_URL.length)), url).toBeDefined();
    }
  });

  it('resolves paths the way @pmndrs/xr does, and only inside xr-profiles/', () => {
    expect(resolveXrPath('oculus-touch/profile.json')).toBe('oculus-touch/profile.json');
    expect(resolveXrPath('left.glb', 'oculus-touch/profile.json')).toBe('oculus-touch/left.glb');
    expect(resolveXrPath('../generic-trigger/none.glb', 'oculus-touch/profile.json')).toBe('generic-trigger/none.glb');
    expect(resolveXrPath('../../left.glb', 'oculus-touch/profile.json')).toBeUndefined();
    expect(resolveXrPath('/left.glb', 'oculus-touch/profile.json')).toBeUndefined();
    expect(resolveXrPath('https://cdn.jsdelivr.net/npm/x/left.glb', 'oculus-touch/profile.json')).toBeUndefined();
    expect(resolveXrPath('//cdn.jsdelivr.net/left.glb')).toBeUndefined();
  });

  it('fails naming a profile the package does not have', () => {
    expect(() => collectXrAssets(['meta-quest-touch-plus', 'acme-wand'])).toThrow(
      /\[xr-assets\] profile "acme-wand" is not in @webxr-input-profiles\/assets@[\d.]+ profilesList\.json/,
    );
  });

  it('fails naming an asset a profile references but the package lacks', () => {
    // A copy of the package with meta-quest-touch-plus/right.glb missing.
    const pkg = tempDir();
    const profiles = path.join(pkg, 'dist', 'profiles');
    mkdirSync(path.join(profiles, 'meta-quest-touch-plus'), { recursive: true });
    cpSync(path.join(ROOT, '..', '..', 'package.json'), path.join(pkg, 'package.json'));
    cpSync(path.join(ROOT, '..', '..', 'LICENSE.md'), path.join(pkg, 'LICENSE.md'));
    cpSync(path.join(ROOT, 'profilesList.json'), path.join(profiles, 'profilesList.json'));
    for (const file of ['profile.json', 'left.glb']) {
      cpSync(path.join(ROOT, 'meta-quest-touch-plus', file), path.join(profiles, 'meta-quest-touch-plus', file));
    }
    expect(() => collectXrAssets(['meta-quest-touch-plus'], profiles)).toThrow(
      /\[xr-assets\] asset "right\.glb" of profile "meta-quest-touch-plus" \(layout "right"\) is missing from @webxr-input-profiles\/assets@[\d.]+: .*meta-quest-touch-plus[\\/]right\.glb/,
    );
    // With it back, the same copy passes.
    cpSync(path.join(ROOT, 'meta-quest-touch-plus', 'right.glb'), path.join(profiles, 'meta-quest-touch-plus', 'right.glb'));
    expect(collectXrAssets(['meta-quest-touch-plus'], profiles).files.size).toBe(5);
  });
});

describe('xrAssetsPlugin: vite build', () => {
  /** A one-module app built with the plugin alone. */
  async function buildApp(options?: Parameters<typeof xrAssetsPlugin>[0]): Promise<string> {
    const root = tempDir();
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="/main.ts"></script>\n');
    writeFileSync(path.join(root, 'main.ts'), "console.log('xr');\n");
    await build({
      root,
      base: '/sub/',
      configFile: false,
      logLevel: 'silent',
      plugins: [xrAssetsPlugin(options)],
      build: { outDir: path.join(root, 'dist'), target: 'es2022', minify: false, write: true },
    });
    return path.join(root, 'dist');
  }

  it('emits the subset under xr-profiles/, byte for byte', async () => {
    const dist = await buildApp();
    const dir = path.join(dist, XR_PROFILES_DIR);
    const files = listFiles(dir);
    expect(files.sort()).toEqual([...set.files.keys()].sort());
    let bytes = 0;
    for (const file of files) {
      const body = readFileSync(path.join(dir, ...file.split('/')));
      expect(body.equals(readXrAsset(set.files.get(file)!)), file).toBe(true);
      bytes += body.length;
    }
    expect(bytes).toBe(set.bytes);
    expect(JSON.parse(readFileSync(path.join(dir, 'profilesList.json'), 'utf8'))).toEqual(set.profilesList);
    // Fixed names, outside assets/ (no hashes): the store's baseAssetPath is <base>xr-profiles/.
    expect(listFiles(path.join(dist, 'assets')).some((f) => /\.(glb|json)$/.test(f))).toBe(false);
  });

  it('emits only the profiles asked for', async () => {
    const dist = await buildApp({ profiles: ['generic-trigger', 'generic-hand'] });
    expect(listFiles(path.join(dist, XR_PROFILES_DIR)).sort()).toEqual(
      [
        'LICENSE.txt',
        'generic-hand/left.glb',
        'generic-hand/profile.json',
        'generic-hand/right.glb',
        'generic-trigger/left.glb',
        'generic-trigger/none.glb',
        'generic-trigger/profile.json',
        'generic-trigger/right.glb',
        'profilesList.json',
      ].sort(),
    );
  });

  it('fails the build naming a profile the package does not have', async () => {
    await expect(buildApp({ profiles: ['generic-trigger', 'acme-wand'] })).rejects.toThrow(/profile "acme-wand" is not in/);
  });
});

describe('xrAssetsPlugin: dev server', () => {
  let root: string;
  let server: ViteDevServer;
  let origin: string;

  beforeAll(async () => {
    root = tempDir();
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="/main.ts"></script>\n');
    writeFileSync(path.join(root, 'main.ts'), "console.log('xr');\n");
    ({ server, origin } = await startPluginDevServer(root, [xrAssetsPlugin()], '/sub/'));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves the subset under <base>xr-profiles/ with its MIME types', async () => {
    const list = await fetch(`${origin}/sub/${XR_PROFILES_DIR}/profilesList.json`);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/json');
    expect(await list.json()).toEqual(set.profilesList);

    const profile = await fetch(`${origin}/sub/${XR_PROFILES_DIR}/meta-quest-touch-plus/profile.json`);
    expect(profile.headers.get('content-type')).toBe('application/json');
    expect(((await profile.json()) as XrProfileJson).profileId).toBe('meta-quest-touch-plus');

    const glb = await fetch(`${origin}/sub/${XR_PROFILES_DIR}/generic-hand/left.glb`);
    expect(glb.status).toBe(200);
    expect(glb.headers.get('content-type')).toBe('model/gltf-binary');
    expect(Buffer.from(await glb.arrayBuffer()).equals(fromPackage('generic-hand/left.glb')!)).toBe(true);

    // A profile the package has but we do not ship: 404, as from the built site.
    const missing = await fetch(`${origin}/sub/${XR_PROFILES_DIR}/valve-index/left.glb`);
    expect(missing.status).toBe(404);
  });

  it("lets @pmndrs/xr load a Quest 3's layout and models from it", async () => {
    const base = `${origin}/sub/${XR_PROFILES_DIR}/`;
    const loader = new XRControllerLayoutLoader({ baseAssetPath: base });
    for (const handedness of HANDS) {
      const layout = await loader.load(iwerProfiles(metaQuest3), handedness);
      expect(layout.assetPath).toBe(`${base}meta-quest-touch-plus/${handedness}.glb`);
      const model = await fetch(layout.assetPath);
      expect(model.status).toBe(200);
      expect(model.headers.get('content-type')).toBe('model/gltf-binary');
      const hand = await fetch(getXRHandAssetPath(handedness, { baseAssetPath: base }));
      expect(hand.status).toBe(200);
    }
  });
});
