// The `virtual:exhibit` module (typed in src/virtual-exhibit.d.ts): the validated scene files
// (`exhibit`, and the guided tours of scenes/tours/*.yaml as `tours`, whose narration files must
// exist under the public directory), the URLs of the four font subsets, one per face of
// src/text/faces.ts (same origin, no CDN), and their metrics.
//
// Characters per face: the Noto Sans SC faces get every character of the content (Chinese
// paragraphs hold Latin words too). The Noto Sans faces must have every character the corridor
// draws in English and neutral runs (found by laying it out, src/layout/drawn.ts) plus
// LATIN_BASE_CHARACTERS, and get the rest of the English strings (text only the HTML shows) where
// Noto Sans has them. The tours' titles and captions (shown as HTML, and perhaps later drawn in VR)
// are in both SC faces, and their English ones are among the characters the Latin faces must have.
//
// - build: a SceneError or a missing glyph fails `vite build` with its file:line message; the
//   subsets are emitted as hashed assets (assets/iamm-latin-regular-<hash>.woff) and referenced
//   with import.meta.ROLLUP_FILE_URL_<ref>, which Vite 8 / Rolldown resolves against `base`.
// - dev: the subsets are served from memory under <base>@iamm-fonts/; errors show in the overlay;
//   editing a scene file re-validates it and reloads the page (or shows the new error).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { SceneError } from '../src/content/parse.ts';
import { SCENE_FILES, checkScenesDir, isTourFile, loadScenesFromDir, sceneFilePaths, tourFilePaths } from './load-scenes.ts';
import type { Exhibit } from '../src/content/schema.ts';
import { tourTexts, type Tour } from '../src/content/tours.ts';
import { drawnCharacters } from '../src/layout/drawn.ts';
import { FACE_INFO, FACES, type Face } from '../src/text/faces.ts';
import { collectCharacters, collectEnglishCharacters, LATIN_BASE_CHARACTERS, latinPathOf, scPathOf } from '../src/text/glyphs.ts';
import { isChinese } from '../src/content/format.ts';
import { languagesOf } from '../src/content/schema.ts';
import { type FontMetrics, shippedMetrics } from '../src/text/metrics.ts';
import { buildFontSubset, type FontSubsetOptions } from './fonts.ts';
import { buildMedia, buildModelsAndVideos } from './media.ts';

export const VIRTUAL_EXHIBIT_ID = 'virtual:exhibit';
const RESOLVED_ID = '\0virtual:exhibit';
/** Content types of what the dev server serves from memory besides the fonts. */
const DEV_TYPES: Record<string, string> = {
  webp: 'image/webp',
  glb: 'model/gltf-binary',
  gltf: 'model/gltf+json',
  webm: 'video/webm',
  mp4: 'video/mp4',
};
/** Served at <base>@iamm-fonts/<file> by the dev server. */
const DEV_FONT_PATH = '@iamm-fonts/';
const DEV_FONT_RE =
  /\/@iamm-fonts\/(iamm-(?:pages-)?(?:sc|latin)-(?:regular|bold)\.[0-9a-f]+\.woff|[0-9a-f]{10}-[\w.-]+\.(?:webp|glb|gltf|webm|mp4))$/;

export interface ExhibitPluginOptions {
  /** Directory of the scene files, relative to the Vite root. Default 'scenes'. */
  scenesDir?: string;
  /** Font subset cache directory (`false`: no cache). Default node_modules/.cache/iamm-fonts/. */
  fontCacheDir?: string | false;
  /** Where the tours' narration files must exist. Default: Vite's publicDir (<root>/public). */
  publicDir?: string;
}

/** Everything the virtual module is made of (exported for tests and scripts). */
export interface ExhibitBuild {
  exhibit: Exhibit;
  /** The guided tours (scenes/tours/*.yaml), in file name order. */
  tours: Tour[];
  /** What the build log should say (a language without interface words uses English). */
  warnings: string[];
  fonts: Record<Face, { woff: Buffer; metrics: FontMetrics; characters: number; borrowed: string[]; fromCache: boolean }>;
  /** The Noto Sans SC faces' extra characters for the operator and team pages (pageCharacters), with their subsets; none when empty. */
  pageFonts: { chars: string; scRegular: Buffer; scBold: Buffer } | null;
  /** Distinct characters of the content (and the base sets). */
  characters: number;
  ms: number;
}

/** Labels for the exhibit's top-level keys in error messages. */
function rootLabels(scenesDir: string): Record<string, string> {
  const rel = (name: string) => path.relative(process.cwd(), path.join(scenesDir, name)).split(path.sep).join('/');
  return { exhibit: rel('exhibit.yaml'), content: rel('milestones.yaml'), ...tourRootLabels(scenesDir) };
}

/** Root key of a tour in the object whose strings a missing-glyph message searches: `tours/highlights`. */
const tourRoot = (tour: Tour): string => `tours/${tour.id}`;

/** Labels for the tours' root keys: `tours/highlights` → scenes/tours/highlights.yaml. */
function tourRootLabels(scenesDir: string): Record<string, string> {
  return Object.fromEntries(
    tourFilePaths(scenesDir).map((abs) => [
      `tours/${path.basename(abs, '.yaml')}`,
      path.relative(process.cwd(), abs).split(path.sep).join('/'),
    ]),
  );
}

/**
 * The exhibit with each tour under its own root key (`tours/highlights`), for messages naming where a
 * character occurs: `scenes/tours/highlights.yaml stops[2].caption.en`. Only the visible texts.
 */
function withTours(exhibit: Exhibit, tours: readonly Tour[]): Exhibit {
  const texts = Object.fromEntries(
    tours.map((t) => [tourRoot(t), { title: t.title, stops: t.stops.map((s) => ({ caption: s.caption })) }]),
  );
  return Object.assign({}, exhibit, texts);
}

/**
 * Interface words only the kiosk's operator page and the event team's page show (`operator…`, `team…` under `ui:`):
 * their Chinese characters go in a font subset of their own that only those pages load, so a visitor's first frame
 * does not wait for them.
 */
const PAGE_ONLY_PATH = /^exhibit\.ui\.(?:operator|team)[A-Z]\w*\./;
export const isPageOnlyPath = (path: string): boolean => PAGE_ONLY_PATH.test(path);

/**
 * The characters the operator and team pages add to the Noto Sans SC faces (both weights): those of their own
 * interface words that nothing else has. Empty for an exhibit without Chinese (its SC faces draw shared strings only).
 */
export function pageCharacters(exhibit: Exhibit, tours: readonly Tour[] = []): Set<string> {
  const languages = languagesOf(exhibit);
  if (!languages.some(isChinese)) return new Set();
  const main = faceCharacters(exhibit, tours).scRegular.chars;
  return new Set([...collectCharacters(exhibit, isPageOnlyPath)].filter((ch) => !main.has(ch)));
}

/** The characters each face's subset must have, and those it gets only if its font has them. */
export function faceCharacters(
  exhibit: Exhibit,
  tours: readonly Tour[] = [],
): Record<Face, { chars: Set<string>; optional?: Set<string> }> {
  const languages = languagesOf(exhibit);
  const hasChinese = languages.some(isChinese);
  // IAMM (with Chinese): the SC faces get every character; an exhibit without Chinese needs them for shared strings only.
  // With Chinese, the operator and team pages' own words are left to pageCharacters' subset.
  const scPath = scPathOf(languages);
  const all = collectCharacters(exhibit, hasChinese ? (p) => scPath(p) && !isPageOnlyPath(p) : scPath);
  const scOptional = hasChinese ? undefined : collectCharacters(exhibit);
  const drawn = drawnCharacters(exhibit, tours);
  // Both Latin weights get the same characters, as both SC weights do: the HTML may set any English text in bold.
  const latin = new Set([...LATIN_BASE_CHARACTERS, ...drawn.latinRegular, ...drawn.latinBold]);
  for (const tour of tours) {
    for (const { text, lang } of tourTexts(tour)) {
      for (const ch of text) {
        if (hasChinese || isChinese(lang)) all.add(ch);
        if (!isChinese(lang)) latin.add(ch);
      }
    }
  }
  const english = collectEnglishCharacters(exhibit, latinPathOf(languages));
  const sc = scOptional ? { chars: all, optional: scOptional } : { chars: all };
  return {
    scRegular: sc,
    scBold: sc,
    latinRegular: { chars: latin, optional: english },
    latinBold: { chars: latin, optional: english },
  };
}

/** Loads and validates the scenes and builds the four font subsets. Throws SceneError / Error. */
export async function buildExhibit(scenesDir: string, fontCacheDir?: string | false, publicDir?: string): Promise<ExhibitBuild> {
  const started = performance.now();
  const { exhibit, tours, warnings } = loadScenesFromDir(scenesDir, publicDir);
  const perFace = faceCharacters(exhibit, tours);
  const fonts = {} as ExhibitBuild['fonts'];
  for (const face of FACES) {
    const { chars, optional } = perFace[face];
    const options: FontSubsetOptions = {
      exhibit: withTours(exhibit, tours),
      rootLabels: rootLabels(scenesDir),
      ...(optional ? { optional } : {}),
      ...(FACE_INFO[face].script === 'latin' ? { include: latinPathOf(languagesOf(exhibit)) } : {}),
      ...(fontCacheDir !== undefined ? { cacheDir: fontCacheDir } : {}),
    };
    fonts[face] = await buildFontSubset(chars, face, options);
  }
  const extra = pageCharacters(exhibit, tours);
  let pageFonts: ExhibitBuild['pageFonts'] = null;
  if (extra.size > 0) {
    const options: FontSubsetOptions = {
      exhibit,
      rootLabels: rootLabels(scenesDir),
      ...(fontCacheDir !== undefined ? { cacheDir: fontCacheDir } : {}),
    };
    pageFonts = {
      chars: [...extra].join(''),
      scRegular: (await buildFontSubset(extra, 'scRegular', options)).woff,
      scBold: (await buildFontSubset(extra, 'scBold', options)).woff,
    };
  }
  const characters = new Set([...FACES.flatMap((face) => [...perFace[face].chars]), ...extra]).size;
  return { exhibit, tours, warnings, fonts, pageFonts, characters, ms: performance.now() - started };
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
  let publicDir: string | undefined = options.publicDir !== undefined ? path.resolve(options.publicDir) : undefined;
  /** Dev: file name -> woff bytes. */
  const devFonts = new Map<string, Buffer>();

  return {
    name: 'iamm-exhibit',

    configResolved(resolved) {
      config = resolved;
      scenesDir = path.resolve(resolved.root, options.scenesDir ?? 'scenes');
      publicDir = path.resolve(resolved.root, options.publicDir ?? (resolved.publicDir || 'public'));
    },

    resolveId(id) {
      return id === VIRTUAL_EXHIBIT_ID ? RESOLVED_ID : undefined;
    },

    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      for (const file of [...sceneFilePaths(scenesDir), ...tourFilePaths(scenesDir)]) this.addWatchFile(file);

      let built: ExhibitBuild;
      try {
        built = await buildExhibit(scenesDir, options.fontCacheDir, publicDir);
      } catch (error) {
        throw locate(error);
      }

      /** JS expressions of the font URLs. */
      const urls = {} as Record<Face, string>;
      for (const face of FACES) {
        const { woff } = built.fonts[face];
        const stem = FACE_INFO[face].file;
        if (config.command === 'build') {
          const ref = this.emitFile({ type: 'asset', name: `${stem}.woff`, source: woff });
          urls[face] = `import.meta.ROLLUP_FILE_URL_${ref}`;
        } else {
          const hash = createHash('sha256').update(woff).digest('hex').slice(0, 10);
          const file = `${stem}.${hash}.woff`;
          devFonts.set(file, woff);
          urls[face] = JSON.stringify(`${config.base}${DEV_FONT_PATH}${file}`);
        }
      }

      // The operator and team pages' own characters: two more SC subsets, loaded by those pages only (src/app/pageFonts.ts).
      const pageUrls = {} as Record<'scRegular' | 'scBold', string>;
      for (const face of ['scRegular', 'scBold'] as const) {
        const woff = built.pageFonts?.[face];
        if (!woff) continue;
        const stem = FACE_INFO[face].file.replace(/^iamm-/, 'iamm-pages-');
        if (config.command === 'build') {
          pageUrls[face] = `import.meta.ROLLUP_FILE_URL_${this.emitFile({ type: 'asset', name: `${stem}.woff`, source: woff })}`;
        } else {
          const file = `${stem}.${createHash('sha256').update(woff).digest('hex').slice(0, 10)}.woff`;
          devFonts.set(file, woff);
          pageUrls[face] = JSON.stringify(`${config.base}${DEV_FONT_PATH}${file}`);
        }
      }

      for (const w of built.warnings) config.logger.warn(`[iamm-exhibit] ${w}`, { timestamp: true });
      const sizes = FACES.map((f) => `${f} ${(built.fonts[f].woff.length / 1024).toFixed(1)} KiB`).join(', ');
      const cached = FACES.every((f) => built.fonts[f].fromCache) ? ', cached' : '';
      config.logger.info(
        `[iamm-exhibit] ${SCENE_FILES.length} scene files, ${built.tours.length} tour${built.tours.length === 1 ? '' : 's'}, ${built.characters} characters; fonts ${sizes} (${Math.round(built.ms)} ms${cached})`,
        { timestamp: true },
      );

      // Pictures (build/media.ts): one atlas for the panels, one picture each for the text timeline; their sizes go
      // into the exhibit for the layout.
      const media = await buildMedia(built.exhibit, scenesDir);
      const asset = (name: string, source: Buffer): string => {
        if (config.command === 'build') return `import.meta.ROLLUP_FILE_URL_${this.emitFile({ type: 'asset', name, source })}`;
        const file = `${createHash('sha256').update(source).digest('hex').slice(0, 10)}-${name}`;
        devFonts.set(file, source);
        return JSON.stringify(`${config.base}${DEV_FONT_PATH}${file}`);
      };
      const items: string[] = [];
      for (const [file, p] of Object.entries(media.pictures)) {
        const src = asset(`${path.basename(file, path.extname(file))}.webp`, p.timeline);
        items.push(
          `${JSON.stringify(file)}: { u0: ${p.u0}, v0: ${p.v0}, u1: ${p.u1}, v1: ${p.v1}, width: ${p.width}, height: ${p.height}, src: ${src} }`,
        );
        for (const m of built.exhibit.content.milestones) {
          for (const item of m.media ?? []) {
            if (item.file === file) Object.assign(item, { width: p.width, height: p.height });
          }
        }
      }
      const atlasUrl = media.atlas ? asset('iamm-pictures.webp', media.atlas) : 'null';
      // Models and videos (build/media.ts): checked, then copied as hashed assets; the small ones carry ".offline"
      // in their name, which the offline copy's precache globs match (build/pwa.ts).
      const files: string[] = [];
      for (const [file, f] of Object.entries(buildModelsAndVideos(built.exhibit, scenesDir))) {
        const ext = path.extname(file).toLowerCase();
        const src = asset(`${path.basename(file, ext)}${f.offline ? '.offline' : ''}${ext}`, f.data);
        files.push(
          `${JSON.stringify(file)}: { kind: ${JSON.stringify(f.kind)}, src: ${src}, bytes: ${f.data.length}, offline: ${f.offline} }`,
        );
      }
      // Shipped to every visitor: only the advances that differ from the face's fallback (most CJK glyphs are a full
      // em, as the fallback is), which advanceOf reads the same way.
      const metrics = Object.fromEntries(FACES.map((f) => [f, shippedMetrics(built.fonts[f].metrics)]));
      return {
        code: [
          `export const exhibit = ${JSON.stringify(built.exhibit)};`,
          `export const tours = ${JSON.stringify(built.tours)};`,
          `export const fonts = { ${FACES.map((f) => `${f}: ${urls[f]}`).join(', ')} };`,
          `export const metrics = ${JSON.stringify(metrics)};`,
          built.pageFonts
            ? `export const pageFonts = { chars: ${JSON.stringify(built.pageFonts.chars)}, scRegular: ${pageUrls.scRegular}, scBold: ${pageUrls.scBold} };`
            : `export const pageFonts = null;`,
          `export const pictures = { atlas: ${atlasUrl}, items: { ${items.join(', ')} } };`,
          `export const mediaFiles = { ${files.join(', ')} };`,
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
        const ext = /\.(\w+)$/.exec(match?.[1] ?? '')?.[1] ?? '';
        res.setHeader('Content-Type', DEV_TYPES[ext] ?? 'font/woff');
        res.setHeader('Content-Length', String(woff.length));
        res.setHeader('Cache-Control', 'no-cache');
        res.end(woff);
      });
    },

    hotUpdate({ file }) {
      if (this.environment.name !== 'client') return undefined;
      if (!sceneFilePaths(scenesDir).includes(path.resolve(file)) && !isTourFile(file, scenesDir)) return undefined;
      const { issues } = checkScenesDir(scenesDir, publicDir);
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
