// npm run import -- <timeline.json | timeline.csv> [<second-language file>] <out-dir> [--media-dir DIR] [--languages zh,en] [--force]
//
// Turns a TimelineJS3 timeline (JSON, or its spreadsheet template as CSV) into a scenes folder that builds with
// `SCENES_DIR=<out-dir> npm run build`. Two files are the same timeline in two languages. The folder is written
// to a temporary directory beside <out-dir>, checked with the same loader as scenes/ (build/load-scenes.ts) and
// only then renamed into place: a bad input leaves nothing behind. Remote media are never fetched: they are
// listed, and a file of the same name in --media-dir (or beside the timeline, for a relative path) is copied.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { loadScenesFromDir } from '../build/load-scenes.ts';
import { formatIssue, SceneError } from '../src/content/parse.ts';
import { LANG_TAG_RE } from '../src/content/schema.ts';
import { ImportError, parseTimeline, type Timeline } from '../src/features/import/timelinejs.ts';
import { slug, timelineToScenes, type InterfaceWords } from '../src/features/import/toScenes.ts';
import { ENTRANCE_LENGTH_M, EXIT_LENGTH_M, WALK_SPEED_MPS } from '../src/layout/constants.ts';
import { scaleLayout, walkLength } from '../src/layout/scale.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MEDIA_EXT = /\.(jpe?g|png|webp|gif|avif|glb|gltf|mp4|webm)$/i;

export interface ImportRun {
  outDir: string;
  events: number;
  scale: string;
  corridorM: number;
  walkSeconds: number;
  warnings: string[];
  media: Array<{ event: string; url: string; file?: string }>;
}

/** The language a file's name gives: `en.json`, `timeline.fr.csv` → "en", "fr". */
function languageFromName(file: string): string | null {
  const parts = path.basename(file).split('.').slice(0, -1);
  const tag = parts.length === 1 ? parts[0] : parts.at(-1);
  if (!tag || !LANG_TAG_RE.test(tag) || tag.length > 3) return null;
  // Only a language Intl knows: "timeline.csv.json" is not in a language called "csv".
  let known: string | undefined;
  try {
    known = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(tag);
  } catch {
    known = undefined;
  }
  return known ? tag.toLowerCase() : null;
}

function readTimeline(file: string): Timeline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ImportError([
      { file, line: 1, field: '(file)', message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` },
    ]);
  }
  return parseTimeline(text, file);
}

/** The interface words the exhibit ships with: scenes/exhibit.yaml's `ui:` and `hint:` (zh and en). */
function shippedWords(): InterfaceWords {
  const data = parseYaml(readFileSync(path.join(ROOT, 'scenes', 'exhibit.yaml'), 'utf8')) as InterfaceWords & {
    corridor: Record<string, number>;
  };
  return { ui: data.ui, hint: data.hint };
}

function shippedCorridor(): { openEndedYears: number; widthM: number; heightM: number; panelWidthM: number; panelHeightM: number } {
  const c = (parseYaml(readFileSync(path.join(ROOT, 'scenes', 'exhibit.yaml'), 'utf8')) as { corridor: Record<string, number> }).corridor;
  return {
    openEndedYears: c.openEndedYears!,
    widthM: c.widthM!,
    heightM: c.heightM!,
    panelWidthM: c.panelWidthM!,
    panelHeightM: c.panelHeightM!,
  };
}

export function runImport(
  files: readonly string[],
  outDir: string,
  opts: { mediaDir?: string; languages?: string[]; force?: boolean } = {},
): ImportRun {
  if (files.length < 1 || files.length > 2) throw new Error('give one timeline file, or two (one per language), then the output folder');
  const languages = opts.languages ?? (files.length === 1 ? [languageFromName(files[0]!) ?? 'en'] : files.map(languageFromName));
  if (languages.some((l) => l === null) || new Set(languages).size !== files.length) {
    throw new Error('name the two languages: --languages zh,en (in the order of the files), or call the files zh.json and en.json');
  }
  for (const l of languages)
    if (!LANG_TAG_RE.test(l!)) throw new Error(`--languages: "${l}" is not a BCP 47 language tag (e.g. en, zh, pt-BR)`);
  const out = path.resolve(outDir);
  if (existsSync(out) && readdirSync(out).length > 0 && !opts.force) {
    throw new Error(`${outDir} exists and is not empty: choose another folder, or add --force to replace it`);
  }
  const timelines = files.map(readTimeline);

  const tmp = `${out}.import-${process.pid}-${Date.now()}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.join(tmp, 'tours'), { recursive: true });
  try {
    const copied = new Map<string, string>();
    const localMedia = (url: string): string | null => {
      if (copied.has(url)) return copied.get(url)!;
      let name: string;
      try {
        name = decodeURIComponent(path.posix.basename(url.split(/[?#]/)[0] ?? ''));
      } catch {
        return null;
      }
      const candidates = [
        ...(opts.mediaDir ? [path.join(opts.mediaDir, name)] : []),
        ...(!/^[a-z][a-z0-9+.-]*:/i.test(url) ? files.map((f) => path.resolve(path.dirname(f), url)) : []),
      ];
      const found = candidates.find((c) => existsSync(c) && statSync(c).isFile() && MEDIA_EXT.test(c));
      if (!found) return null;
      const ext = path.extname(found).toLowerCase();
      let safe = `${slug(path.basename(found, path.extname(found)), 60) || 'media'}${ext}`;
      for (let n = 2; [...copied.values()].includes(`media/${safe}`); n++)
        safe = `${slug(path.basename(found, ext), 60) || 'media'}-${n}${ext}`;
      mkdirSync(path.join(tmp, 'media'), { recursive: true });
      copyFileSync(found, path.join(tmp, 'media', safe));
      copied.set(url, `media/${safe}`);
      return `media/${safe}`;
    };
    const result = timelineToScenes(timelines, {
      languages: languages as string[],
      words: shippedWords(),
      corridor: shippedCorridor(),
      localMedia,
    });
    for (const [rel, text] of Object.entries(result.files)) writeFileSync(path.join(tmp, rel), text);
    mkdirSync(path.join(tmp, 'schema'), { recursive: true });
    for (const f of readdirSync(path.join(ROOT, 'scenes', 'schema')))
      copyFileSync(path.join(ROOT, 'scenes', 'schema', f), path.join(tmp, 'schema', f));
    // The same loader as the build: a folder that would not build is never put in place.
    const { exhibit } = loadScenesFromDir(tmp, path.join(tmp, 'public'));
    const scale = scaleLayout(exhibit.content.milestones, exhibit.exhibit.corridor);
    const corridorM = walkLength(scale, ENTRANCE_LENGTH_M, EXIT_LENGTH_M);
    if (existsSync(out)) rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
    return {
      outDir: out,
      events: result.events,
      scale: result.scale,
      corridorM,
      walkSeconds: corridorM / WALK_SPEED_MPS,
      warnings: result.warnings,
      media: result.media,
    };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'media-dir': { type: 'string' }, languages: { type: 'string' }, force: { type: 'boolean' } },
  });
  if (positionals.length < 2) {
    console.error(
      'usage: npm run import -- <timeline.json|timeline.csv> [<second-language file>] <out-dir> [--media-dir DIR] [--languages zh,en] [--force]',
    );
    process.exit(2);
  }
  const outDir = positionals.at(-1)!;
  try {
    const run = runImport(positionals.slice(0, -1), outDir, {
      ...(values['media-dir'] ? { mediaDir: values['media-dir'] } : {}),
      ...(values.languages ? { languages: values.languages.split(',').map((s) => s.trim()) } : {}),
      ...(values.force ? { force: true } : {}),
    });
    for (const w of run.warnings) console.warn(`warning: ${w}`);
    const remote = run.media.filter((m) => !m.file);
    if (remote.length) {
      console.log(`${remote.length} media not copied (never fetched; put a file of the same name in --media-dir to include it):`);
      for (const m of remote) console.log(`  ${m.event}: ${m.url}`);
    }
    const local = run.media.filter((m) => m.file);
    if (local.length) console.log(`${local.length} media copied into ${path.relative(process.cwd(), run.outDir) || '.'}/media/`);
    console.log(
      `wrote ${path.relative(process.cwd(), run.outDir) || run.outDir}: ${run.events} events, ${run.scale} scale, corridor ${run.corridorM.toFixed(0)} m (${Math.round(run.walkSeconds)} s at ${WALK_SPEED_MPS} m/s)`,
    );
    console.log(`build and serve it: SCENES_DIR=${outDir} npm start`);
  } catch (e) {
    if (e instanceof ImportError) {
      console.error(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}; nothing was written:\n${e.message}`);
    } else if (e instanceof SceneError) {
      console.error(`the imported scenes do not pass the scene checks; nothing was written:\n${e.issues.map(formatIssue).join('\n')}`);
    } else console.error(`${(e as Error).message}; nothing was written`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
