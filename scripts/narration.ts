// `npm run narration`: renders PLACEHOLDER narration for the guided tours (scenes/tours/*.yaml) from
// each stop's caption, with espeak-ng (Mandarin and English voices) to WAV, then Ogg Opus with opusenc
// (mono, 16 kbit/s, tuned for speech): `apt-get install -y espeak-ng opus-tools`.
//
// Curators replace these files with recorded voices later: put the recording at the same path (or
// change the stop's `narration:` path). A placeholder carries the comment IAMM_PLACEHOLDER=<hash of
// its text and settings>; a file without it is a recording and is never overwritten, not even with
// --force. A placeholder whose caption has not changed is skipped (up to date) unless --force.
//
// Where a file goes: the stop's `narration.<lang>` path under public/ if the tour gives one;
// otherwise public/narration/<tour>/<milestone>.<lang>.ogg (<milestone>-2, -3 … when the tour visits
// the milestone again), and the script prints the `narration:` lines to add to the tour.
// No test depends on espeak-ng: the tests only check that the files a tour names exist.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SceneError, formatIssue } from '../src/content/parse.ts';
import { checkExhibitDir, readTourSources } from '../build/load-scenes.ts';
import { NARRATION_PATH, checkTours, type Tour } from '../src/content/tours.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * espeak-ng voice and speed (words per minute) per language. Mandarin: `cmn-latn-pinyin`, the cmn voice
 * that reads the pinyin its dictionary gives each character in Mandarin (Debian's plain `cmn` reads that
 * pinyin with English rules); Latin words such as "IAMM" come out oddly, which a placeholder may.
 */
const VOICES = { zh: { voice: 'cmn-latn-pinyin', speed: 165 }, en: { voice: 'en', speed: 160 } } as const;
/** Opus target bitrate in kbit/s: mono synthetic speech (22 kHz) stays clear at 16. */
const BITRATE_KBPS = 16;
/** Bump when the rendering changes, so every placeholder is rendered again. */
const RENDER_VERSION = 1;
const PLACEHOLDER_TAG = 'IAMM_PLACEHOLDER';

const HELP = `npm run narration [-- options]

Renders placeholder narration for the guided tours (scenes/tours/*.yaml) from each stop's caption:
espeak-ng (voices cmn-latn-pinyin and en) -> WAV -> Ogg Opus (opusenc, mono, ${BITRATE_KBPS} kbit/s), written to the
stop's narration path under public/, or to public/narration/<tour>/<milestone>.<lang>.ogg.

These are PLACEHOLDERS: curators replace them with recorded voices at the same paths. A recording (a
file without the ${PLACEHOLDER_TAG} comment this script writes) is never overwritten.

Options:
  --force          render placeholders again even if they are up to date
  --tour <id>      only this tour (repeatable)
  --lang zh|en     only this language (repeatable)
  --scenes <dir>   scene files (default: scenes)
  --public <dir>   public directory (default: public)
  -h, --help       this help

Needs: apt-get install -y espeak-ng opus-tools`;

type Lang = 'zh' | 'en';

interface Job {
  tour: Tour;
  stopIndex: number;
  lang: Lang;
  text: string;
  /** Relative to public/. */
  file: string;
  /** Whether the tour names this file (otherwise the author must add it). */
  referenced: boolean;
}

/** Hash of what a placeholder is made of: text, voice and settings. */
function renderKey(text: string, lang: Lang): string {
  const { voice, speed } = VOICES[lang];
  return createHash('sha256')
    .update(JSON.stringify({ text, voice, speed, bitrate: BITRATE_KBPS, v: RENDER_VERSION }))
    .digest('hex')
    .slice(0, 16);
}

/** The placeholder hash in an Ogg file's comment header, null if it has none (a recording), undefined if there is no file. */
function placeholderKey(abs: string): string | null | undefined {
  if (!existsSync(abs)) return undefined;
  const head = readFileSync(abs).subarray(0, 8192).toString('latin1');
  return new RegExp(`${PLACEHOLDER_TAG}=([0-9a-f]{16})`).exec(head)?.[1] ?? null;
}

function defaultFile(tour: Tour, stopIndex: number, lang: Lang): string {
  const milestone = tour.stops[stopIndex]!.milestone;
  const visit = tour.stops.slice(0, stopIndex + 1).filter((s) => s.milestone === milestone).length;
  return `narration/${tour.id}/${milestone}${visit > 1 ? `-${visit}` : ''}.${lang}.ogg`;
}

function run(cmd: string, args: string[], input?: string): void {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
}

function have(cmd: string): boolean {
  return !spawnSync(cmd, ['--version'], { encoding: 'utf8' }).error;
}

/** Seconds of audio in a 16-bit PCM WAV made by espeak-ng. */
function wavSeconds(file: string): number {
  const buf = readFileSync(file);
  const rate = buf.readUInt32LE(24);
  const channels = buf.readUInt16LE(22);
  const dataAt = buf.indexOf('data', 12, 'latin1');
  const bytes = dataAt >= 0 ? buf.readUInt32LE(dataAt + 4) : buf.length - 44;
  // espeak-ng writes 0xffffffff as the data size when it streams; fall back to the file size.
  const size = bytes === 0xffffffff || bytes > buf.length ? buf.length - (dataAt + 8) : bytes;
  return size / (rate * channels * 2);
}

function render(job: Job, abs: string, tmp: string): number {
  const { voice, speed } = VOICES[job.lang];
  const wav = path.join(tmp, 'speech.wav');
  run('espeak-ng', ['-v', voice, '-s', String(speed), '-b', '1', '-w', wav, '--stdin'], job.text);
  const seconds = wavSeconds(wav);
  mkdirSync(path.dirname(abs), { recursive: true });
  const out = path.join(tmp, 'speech.ogg');
  const serial = Number.parseInt(renderKey(job.text, job.lang).slice(0, 7), 16);
  run('opusenc', [
    '--quiet',
    '--bitrate',
    String(BITRATE_KBPS),
    '--speech',
    '--downmix-mono',
    '--padding',
    '0',
    '--serial',
    String(serial),
    '--title',
    `${job.tour.id} ${job.stopIndex + 1}/${job.tour.stops.length} (${job.lang}, placeholder)`,
    '--comment',
    `${PLACEHOLDER_TAG}=${renderKey(job.text, job.lang)}`,
    '--comment',
    'DESCRIPTION=Placeholder narration rendered with espeak-ng by scripts/narration.ts; replace with a recording.',
    wav,
    out,
  ]);
  renameSync(out, abs);
  return seconds;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      force: { type: 'boolean', default: false },
      tour: { type: 'string', multiple: true },
      lang: { type: 'string', multiple: true },
      scenes: { type: 'string', default: path.join(ROOT, 'scenes') },
      public: { type: 'string', default: path.join(ROOT, 'public') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const langs = (values.lang ?? ['zh', 'en']) as Lang[];
  if (langs.some((l) => l !== 'zh' && l !== 'en')) {
    console.error('--lang is zh or en');
    return 2;
  }

  // The tours, checked like the build checks them, except that their narration files need not exist yet.
  const { exhibit, issues: exhibitIssues } = checkExhibitDir(values.scenes);
  const { tours, issues } = checkTours(readTourSources(values.scenes), {
    milestoneIds: exhibit?.content.milestones.map((m) => m.id),
  });
  if (!tours || exhibitIssues.length) {
    console.error(new SceneError([...exhibitIssues, ...issues]).message);
    return 1;
  }
  const chosen = tours.filter((t) => !values.tour || values.tour.includes(t.id));
  if (values.tour)
    for (const id of values.tour) if (!tours.some((t) => t.id === id)) console.warn(`no tour "${id}" in ${values.scenes}/tours`);

  const jobs: Job[] = chosen.flatMap((tour) =>
    tour.stops.flatMap((stop, stopIndex) =>
      langs.map((lang): Job => {
        const named = stop.narration?.[lang];
        return {
          tour,
          stopIndex,
          lang,
          text: stop.caption[lang] ?? '',
          file: named ?? defaultFile(tour, stopIndex, lang),
          referenced: named !== undefined,
        };
      }),
    ),
  );
  if (!jobs.length) {
    console.log('no tour stops to narrate');
    return 0;
  }

  const missingTools = ['espeak-ng', 'opusenc'].filter((t) => !have(t));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-narration-'));
  const rows: string[] = [];
  let rendered = 0;
  let failed = 0;
  let total = 0;
  try {
    for (const job of jobs) {
      const abs = path.join(values.public, job.file);
      const where = `${job.tour.id} stop ${job.stopIndex + 1} ${job.lang}`;
      let status: string;
      if (!/\.(ogg|opus|oga)$/.test(job.file) || !NARRATION_PATH.test(job.file)) {
        status = existsSync(abs) ? 'kept (not Ogg: not rendered here)' : 'MISSING (not an .ogg path: record it)';
        if (!existsSync(abs)) failed++;
      } else {
        const key = placeholderKey(abs);
        if (key === null) status = 'kept (recording)';
        else if (key === renderKey(job.text, job.lang) && !values.force) status = 'up to date';
        else if (missingTools.length) {
          status = `NOT RENDERED: ${missingTools.join(' and ')} missing (apt-get install -y espeak-ng opus-tools)`;
          failed++;
        } else {
          const seconds = render(job, abs, tmp);
          status = `${key === undefined ? 'rendered' : 're-rendered'} ${seconds.toFixed(1)} s`;
          rendered++;
        }
      }
      const size = existsSync(abs) ? statSync(abs).size : 0;
      total += size;
      const shown = path.relative(process.cwd(), abs).split(path.sep).join('/');
      rows.push(`  ${where.padEnd(24)} ${shown.padEnd(51)} ${(size / 1024).toFixed(1).padStart(6)} KiB  ${status}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  console.log(`narration (${BITRATE_KBPS} kbit/s mono Ogg Opus placeholders from the captions; replace with recordings):`);
  console.log(rows.join('\n'));
  console.log(
    `${jobs.length} files, ${rendered} rendered, ${jobs.length - rendered - failed} kept, ${failed} missing; ${(total / 1024).toFixed(1)} KiB in all`,
  );

  const unreferenced = jobs.filter((j) => !j.referenced);
  if (unreferenced.length) {
    console.log('\nAdd these to the tours so the exhibit plays them:');
    for (const j of unreferenced) console.log(`  scenes/tours/${j.tour.id}.yaml stops[${j.stopIndex}].narration.${j.lang}: ${j.file}`);
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  if (e instanceof SceneError) console.error(e.issues.map(formatIssue).join('\n'));
  else console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
