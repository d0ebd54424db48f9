// The `virtual:exhibit` module (typed in src/virtual-exhibit.d.ts): the validated scene files,
// the URLs of the two font subsets (same origin, no CDN) and their metrics.
//
// - build: a SceneError or a missing glyph fails `vite build` with its file:line message; the
//   subsets are emitted as hashed assets (assets/iamm-sans-regular-<hash>.woff) and referenced
//   with import.meta.ROLLUP_FILE_URL_<ref>, which Vite 8 / Rolldown resolves against `base`.
// - dev: the subsets are served from memory under <base>@iamm-fonts/; errors show in the overlay;
//   editing a scene file re-validates it and reloads the page (or shows the new error).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { SceneError } from '../src/content/parse';
import { SCENE_FILES, checkExhibitDir, loadExhibitFromDir, sceneFilePaths } from '../src/content/load';
import type { Exhibit } from '../src/content/schema';
import { collectCharacters } from '../src/text/glyphs';
import type { FontMetrics } from '../src/text/metrics';
import { buildFontSubset, type FontWeight } from './fonts';

export const VIRTUAL_EXHIBIT_ID = 'virtual:exhibit';
const RESOLVED_ID = '\0virtual:exhibit';
const WEIGHTS: FontWeight[] = ['regular', 'bold'];
/** Served at <base>@iamm-fonts/<file> by the dev server. */
const DEV_FONT_PATH = '@iamm-fonts/';
const DEV_FONT_RE = /\/@iamm-fonts\/(iamm-sans-(?:regular|bold)\.[0-9a-f]+\.woff)$/;

export interface ExhibitPluginOptions {
  /** Directory of the scene files, relative to the Vite root. Default 'scenes'. */
  scenesDir?: string;
  /** Font subset cache directory (`false`: no cache). Default node_modules/.cache/iamm-fonts/. */
  fontCacheDir?: string | false;
}

/** Everything the virtual module is made of (exported for tests and scripts). */
export interface ExhibitBuild {
  exhibit: Exhibit;
  fonts: Record<FontWeight, { woff: Buffer; metrics: FontMetrics; characters: number; fromCache: boolean }>;
  characters: number;
  ms: number;
}

/** Labels for the exhibit's top-level keys in error messages. */
function rootLabels(scenesDir: string): Record<string, string> {
  const rel = (name: string) => path.relative(process.cwd(), path.join(scenesDir, name)).split(path.sep).join('/');
  return { exhibit: rel('exhibit.yaml'), content: rel('milestones.yaml') };
}

/** Loads and validates the scenes and builds both font subsets. Throws SceneError / Error. */
export async function buildExhibit(scenesDir: string, fontCacheDir?: string | false): Promise<ExhibitBuild> {
  const started = performance.now();
  const exhibit = loadExhibitFromDir(scenesDir);
  const chars = collectCharacters(exhibit);
  const fonts = {} as ExhibitBuild['fonts'];
  for (const weight of WEIGHTS) {
    const subset = await buildFontSubset(chars, weight, {
      exhibit,
      rootLabels: rootLabels(scenesDir),
      ...(fontCacheDir !== undefined ? { cacheDir: fontCacheDir } : {}),
    });
    fonts[weight] = subset;
  }
  return { exhibit, fonts, characters: chars.size, ms: performance.now() - started };
}

/** A few lines of `file` around `line`, with a caret under `column` (1-based), like Vite's code frames. */
function codeFrame(file: string, line: number, column: number): string {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return '';
  }
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 2);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  return out.join('\n');
}

/** Gives a SceneError a location, so Vite's overlay and build log point at the file and line. */
function locate(error: unknown): unknown {
  if (error instanceof SceneError && error.issues.length) {
    const first = error.issues[0]!;
    const file = path.resolve(first.file);
    return Object.assign(error, {
      id: file,
      loc: { file, line: first.line, column: first.column },
      frame: codeFrame(file, first.line, first.column),
    });
  }
  return error;
}

export function exhibitPlugin(options: ExhibitPluginOptions = {}): Plugin {
  let config: ResolvedConfig;
  let scenesDir = path.resolve(options.scenesDir ?? 'scenes');
  /** Dev: file name -> woff bytes. */
  const devFonts = new Map<string, Buffer>();

  return {
    name: 'iamm-exhibit',

    configResolved(resolved) {
      config = resolved;
      scenesDir = path.resolve(resolved.root, options.scenesDir ?? 'scenes');
    },

    resolveId(id) {
      return id === VIRTUAL_EXHIBIT_ID ? RESOLVED_ID : undefined;
    },

    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      for (const file of sceneFilePaths(scenesDir)) this.addWatchFile(file);

      let built: ExhibitBuild;
      try {
        built = await buildExhibit(scenesDir, options.fontCacheDir);
      } catch (error) {
        throw locate(error);
      }

      const urls = {} as Record<FontWeight, string>;
      for (const weight of WEIGHTS) {
        const { woff } = built.fonts[weight];
        if (config.command === 'build') {
          const ref = this.emitFile({ type: 'asset', name: `iamm-sans-${weight}.woff`, source: woff });
          urls[weight] = `import.meta.ROLLUP_FILE_URL_${ref}`;
        } else {
          const hash = createHash('sha256').update(woff).digest('hex').slice(0, 10);
          const file = `iamm-sans-${weight}.${hash}.woff`;
          devFonts.set(file, woff);
          urls[weight] = JSON.stringify(`${config.base}${DEV_FONT_PATH}${file}`);
        }
      }

      const sizes = WEIGHTS.map((w) => `${w} ${(built.fonts[w].woff.length / 1024).toFixed(1)} KiB`).join(', ');
      const cached = WEIGHTS.every((w) => built.fonts[w].fromCache) ? ', cached' : '';
      config.logger.info(
        `[iamm-exhibit] ${SCENE_FILES.length} scene files, ${built.characters} characters; fonts ${sizes} (${Math.round(built.ms)} ms${cached})`,
        { timestamp: true },
      );

      const metrics = { regular: built.fonts.regular.metrics, bold: built.fonts.bold.metrics };
      return {
        code: [
          `export const exhibit = ${JSON.stringify(built.exhibit)};`,
          `export const fonts = { regular: ${urls.regular}, bold: ${urls.bold} };`,
          `export const metrics = ${JSON.stringify(metrics)};`,
        ].join('\n'),
        moduleSideEffects: false,
      };
    },

    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const pathname = (req.url ?? '').split('?')[0] ?? '';
        const match = DEV_FONT_RE.exec(pathname);
        const woff = match ? devFonts.get(match[1]!) : undefined;
        if (!woff) return next();
        res.statusCode = 200;
        res.setHeader('Content-Type', 'font/woff');
        res.setHeader('Content-Length', String(woff.length));
        res.setHeader('Cache-Control', 'no-cache');
        res.end(woff);
      });
    },

    hotUpdate({ file }) {
      if (this.environment.name !== 'client') return undefined;
      if (!sceneFilePaths(scenesDir).includes(path.resolve(file))) return undefined;
      const { issues } = checkExhibitDir(scenesDir);
      if (issues.length) {
        const error = locate(new SceneError(issues)) as SceneError & { id: string; loc: object; frame: string };
        this.environment.hot.send({
          type: 'error',
          err: {
            message: error.message,
            stack: '',
            id: error.id,
            loc: error.loc as { file: string; line: number; column: number },
            frame: error.frame,
            plugin: 'iamm-exhibit',
          },
        });
        return [];
      }
      const mod = this.environment.moduleGraph.getModuleById(RESOLVED_ID);
      if (mod) this.environment.moduleGraph.invalidateModule(mod);
      this.environment.hot.send({ type: 'full-reload' });
      return [];
    },
  };
}
