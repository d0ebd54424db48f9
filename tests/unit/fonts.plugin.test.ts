// The `virtual:exhibit` plugin, through Vite's own build() and dev server, on a throwaway app.
import { spyOnHotSend, startPluginDevServer } from './plugin-dev-server.ts';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type Rolldown, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FACE_INFO, FACES } from '../../src/text/faces.ts';
import { exhibitPlugin, faceCharacters } from '../../build/exhibit.ts';
import { buildFontSubset } from '../../build/fonts.ts';
import { loadScenesFromDir } from '../../build/load-scenes.ts';

const SCENES = path.resolve('scenes');
/** The tours' narration files live under public/. */
const NARRATION = path.resolve('public/narration');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A tiny app whose entry imports virtual:exhibit, with its own copy of the scene files. */
function makeApp(edit?: (milestones: string) => string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'iamm-plugin-'));
  dirs.push(root);
  cpSync(SCENES, path.join(root, 'scenes'), { recursive: true });
  cpSync(NARRATION, path.join(root, 'public', 'narration'), { recursive: true });
  if (edit) {
    const file = path.join(root, 'scenes', 'milestones.yaml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
  }
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="/main.ts"></script>\n');
  writeFileSync(
    path.join(root, 'main.ts'),
    "import { exhibit, fonts, metrics } from 'virtual:exhibit';\n" +
      'console.log(fonts.scRegular, fonts.scBold, fonts.latinRegular, fonts.latinBold, metrics.latinBold.unitsPerEm, exhibit.exhibit.title.en);\n',
  );
  return root;
}

async function buildApp(root: string, base = '/'): Promise<Rolldown.RolldownOutput> {
  const out = await build({
    root,
    base,
    configFile: false,
    logLevel: 'silent',
    plugins: [exhibitPlugin()],
    build: { outDir: path.join(root, 'dist'), target: 'es2022', minify: false, write: true },
  });
  return (Array.isArray(out) ? out[0] : out) as Rolldown.RolldownOutput;
}

describe('exhibitPlugin: vite build', () => {
  it('emits the four subsets as hashed assets and references them by URL', async () => {
    const root = makeApp();
    const started = performance.now();
    const output = await buildApp(root);
    const ms = performance.now() - started;
    const assets = readdirSync(path.join(root, 'dist', 'assets'));
    const js = output.output.find((o): o is Rolldown.OutputChunk => o.type === 'chunk' && o.isEntry)!.code;
    expect(js).not.toMatch(/ROLLUP_FILE_URL|ROLLDOWN_FILE_URL|https?:\/\//);
    const { exhibit, tours } = loadScenesFromDir(path.join(root, 'scenes'), path.join(root, 'public'));
    const perFace = faceCharacters(exhibit, tours);
    for (const face of FACES) {
      const file = assets.find((f) => new RegExp(`^${FACE_INFO[face].file}-[\\w-]+\\.woff$`).test(f));
      expect(file, face).toBeDefined();
      expect(js).toContain(`"/assets/${file}"`);
      // The emitted bytes are the subset of the content.
      const { chars, optional } = perFace[face];
      const subset = await buildFontSubset(chars, face, optional ? { optional } : {});
      expect(readFileSync(path.join(root, 'dist', 'assets', file!)).equals(subset.woff), face).toBe(true);
    }
    console.info(`[fonts] vite build of a one-module app with virtual:exhibit: ${Math.round(ms)} ms (subsets cached)`);
  });

  it('resolves the font URLs against a relative base', async () => {
    const root = makeApp();
    const output = await buildApp(root, './');
    const js = output.output.find((o): o is Rolldown.OutputChunk => o.type === 'chunk' && o.isEntry)!.code;
    expect(js).toMatch(/new URL\("iamm-sc-regular-[\w-]+\.woff", import\.meta\.url\)/);
    expect(js).toMatch(/new URL\("iamm-latin-bold-[\w-]+\.woff", import\.meta\.url\)/);
  });

  it('fails the build with the file:line of a scene error', async () => {
    const root = makeApp((yaml) => yaml.replace('accent: "#a78bfa"', 'accent: purple'));
    await expect(buildApp(root)).rejects.toThrow(/scenes\/milestones\.yaml:\d+:\d+ milestones\[1\]\.accent/);
  });

  it('fails the build naming a character the font lacks and where it is', async () => {
    const root = makeApp((yaml) => yaml.replace('zh: 数字医学与沉浸式技术快速发展', 'zh: 数字医学与沉浸式技术快速发展\u{e000}'));
    await expect(buildApp(root)).rejects.toThrow(/U\+E000 in .*scenes\/milestones\.yaml milestones\[0\]\.title\.zh/);
  });

  it('fails the build naming a character of English text that Noto Sans lacks, and where it is', async () => {
    const title = 'en: Acceleration of Digital & Immersive Medicine';
    const root = makeApp((yaml) => yaml.replace(title, `${title} 元`));
    await expect(buildApp(root)).rejects.toThrow(
      /no glyph in Noto Sans Regular[^]*"元" U\+5143 in .*scenes\/milestones\.yaml milestones\[0\]\.title\.en\n/,
    );
  });
});

describe('exhibitPlugin: dev server', () => {
  let root: string;
  let server: ViteDevServer;
  let origin: string;

  beforeAll(async () => {
    root = makeApp();
    ({ server, origin } = await startPluginDevServer(root, [exhibitPlugin()]));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves the subsets from the same origin', async () => {
    const result = await server.environments.client.transformRequest('virtual:exhibit');
    for (const face of FACES) {
      const url = new RegExp(`${face}: "([^"]+)"`).exec(result!.code)?.[1];
      expect(url).toMatch(new RegExp(`^/@iamm-fonts/${FACE_INFO[face].file}\\.[0-9a-f]+\\.woff$`));
      const response = await fetch(origin + url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('font/woff');
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.subarray(0, 4).toString('latin1')).toBe('wOFF');
    }
    // An unknown font is not served (Vite answers with its SPA fallback instead).
    const unknown = await fetch(`${origin}/@iamm-fonts/iamm-latin-regular.0000.woff`);
    expect(unknown.headers.get('content-type')).not.toBe('font/woff');
  });

  // Waits for the file watcher twice (up to 10 s each): may take more than the default 5 s on a busy machine.
  it('reloads on a scene edit, and shows a broken scene as an overlay error', { timeout: 30_000 }, async () => {
    await server.environments.client.transformRequest('virtual:exhibit');
    const sent = spyOnHotSend(server);
    const file = path.join(root, 'scenes', 'milestones.yaml');
    const yaml = readFileSync(file, 'utf8');

    writeFileSync(file, yaml.replace('accent: "#a78bfa"', 'accent: purple'));
    await vi.waitFor(() => expect(sent).toHaveBeenCalledWith(expect.objectContaining({ type: 'error' })), { timeout: 10_000 });
    const payload = sent.mock.calls.find(([p]) => p?.type === 'error')![0] as { err: { message: string; loc: { line: number } } };
    expect(payload.err.message).toMatch(/scenes\/milestones\.yaml:\d+:\d+/);
    expect(payload.err.loc.line).toBeGreaterThan(1);

    sent.mockClear();
    // chokidar drops a change of a file within 50 ms of the last one it reported (its change throttle),
    // so the fix must come later than that, as any human edit does.
    await new Promise((resolve) => setTimeout(resolve, 200));
    writeFileSync(file, yaml.replace('accent: "#a78bfa"', 'accent: "#b78bfa"'));
    await vi.waitFor(() => expect(sent).toHaveBeenCalledWith(expect.objectContaining({ type: 'full-reload' })), {
      timeout: 10_000,
    });
    const result = await server.environments.client.transformRequest('virtual:exhibit');
    expect(result!.code).toContain('#b78bfa');
  });
});
