// Guided tours: scenes/tours/<id>.yaml. The schema, parsing and cross-checks, with the same
// file:line errors and hints as the other scene files (sceneFile.ts, parse.ts). Pure: no node fs; whether a
// narration file exists is asked through a callback (load.ts gives one that looks under public/).
//
// A tour is an ordered list of stops. Each stop shows one milestone (the camera goes to the
// milestone's standing spot, optionally moved back or sideways), shows a short caption in both
// languages for `dwellSeconds`, and may play a narration file per language; a stop with narration
// lasts until the narration has ended (src/features/tour/player.ts).
import { closest } from './suggest.ts';
import { TOUR_ID } from './ids.ts';
import { z } from 'zod';
import { SceneError, SceneFile, type HintOverride, type PathSegment, type SceneIssue, type SceneSource } from './sceneFile.ts';
import { DEFAULT_LANGUAGES, textSchema } from './schema.ts';

/** A tour's id: its file name without .yaml, lower-case words joined by hyphens, e.g. "highlights". */
export { TOUR_ID };

/** A narration file relative to public/, e.g. "narration/highlights/2022.zh.ogg": no leading "/", no "..". */
export const NARRATION_PATH = /^[A-Za-z0-9][\w.-]*(?:\/[A-Za-z0-9][\w.-]*)*\.(?:ogg|opus|oga|webm|mp3|m4a|aac|wav)$/;

export const StandingSpot = z
  .object({
    /** Metres further back from the panel than the milestone's own standing spot (towards the far wall). */
    backM: z.number().min(0).max(2).default(0),
    /** Metres to the right (+) or left (−) of the milestone's own standing spot, as the visitor faces the panel. */
    sideM: z.number().min(-1.5).max(1.5).default(0),
  })
  .strict();
export type StandingSpot = z.infer<typeof StandingSpot>;

const NarrationFile = z.string().regex(NARRATION_PATH, 'a path under public/ like "narration/highlights/2022.zh.ogg"');

export const Narration = z
  .object({
    /** Chinese narration, relative to public/. */
    zh: NarrationFile.optional(),
    /** English narration, relative to public/. */
    en: NarrationFile.optional(),
  })
  .strict();
export type Narration = z.infer<typeof Narration>;

/** The tour file's schemas for an exhibit in `languages`. */
export function tourSchemas(languages: readonly string[] = DEFAULT_LANGUAGES) {
  const Bilingual = textSchema(languages);
  const TourStop = z
    .object({
      /** The id of a milestone in scenes/milestones.yaml, e.g. "2022". */
      milestone: z.string().trim().min(1),
      /** Where to stand, relative to the milestone's own standing spot. Omit to stand there. */
      standingSpot: StandingSpot.optional(),
      /** Seconds the stop lasts at least (a stop with narration lasts until the narration ends). */
      dwellSeconds: z.number().positive().max(600),
      /** A short guide line in both languages: a paraphrase of the era, no new facts. */
      caption: Bilingual,
      /** Narration audio per language, relative to public/ (placeholders: `npm run narration`). */
      narration: Narration.optional(),
    })
    .strict();
  const TourFile = z
    .object({
      /** The file name without .yaml, e.g. "highlights" for scenes/tours/highlights.yaml. */
      id: z.string().regex(TOUR_ID, 'an id like "highlights" (lower-case letters, digits and hyphens)'),
      title: Bilingual,
      stops: z.array(TourStop).min(1, 'at least one stop'),
    })
    .strict();
  return { TourStop, TourFile };
}
const defaultTourSchemas = tourSchemas();
export const TourStop = defaultTourSchemas.TourStop;
export type TourStop = z.infer<typeof TourStop>;
export const TourFile = defaultTourSchemas.TourFile;
export type Tour = z.infer<typeof TourFile>;

/** One tour file handed to the checker. */
export interface TourSource extends SceneSource {
  /** The id the file's name gives: its name without .yaml (scenes/tours/highlights.yaml: "highlights"). */
  name: string;
}

export interface TourContext {
  /** The milestone ids of scenes/milestones.yaml, or undefined when that file is broken (the stops are then not checked against it). */
  milestoneIds: readonly string[] | undefined;
  /** How the milestones file is named in messages. Default "scenes/milestones.yaml". */
  milestonesFile?: string;
  /** Whether `file` (relative to public/) exists. Omitted: narration files are not checked. */
  narrationExists?: (file: string) => boolean;
  /** How the public directory is named in messages. Default "public". */
  publicLabel?: string;
  /** The exhibit's languages (every caption and title has each). Default [zh, en]. */
  languages?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Hints for tour files (their text is written for the tour, not copied from the seed)

const LANG_NAME = { zh: 'Chinese', en: 'English' } as const;

const tourHints: HintOverride = (code, path) => {
  if (code === 'unrecognized_keys') return undefined;
  const key = path[path.length - 1];
  const inStop = path[0] === 'stops' && typeof path[1] === 'number';
  const field = inStop ? path[2] : path[0];
  if ((key === 'zh' || key === 'en') && (field === 'caption' || field === 'title') && path.length === (inStop ? 4 : 2)) {
    const what = field === 'title' ? "the tour's name" : 'a short guide line (a paraphrase of the era, no new facts)';
    if (code === 'missing') return `add ${key === 'en' ? 'an' : 'a'} \`${key}:\` line with ${what} in ${LANG_NAME[key]}`;
    return `write ${what} in ${LANG_NAME[key]} after \`${key}:\``;
  }
  if ((key === 'zh' || key === 'en') && field === 'narration') {
    return `a file under public/ in double quotes, e.g. \`${key}: "narration/highlights/2022.${key}.ogg"\` (\`npm run narration\` renders placeholders), or remove the line`;
  }
  if (path.length === 1 && key === 'id')
    return 'the id is the file name without .yaml, e.g. `id: highlights` in scenes/tours/highlights.yaml';
  if (path.length === 1 && key === 'stops' && code !== 'invalid_type') {
    return 'add at least one stop: `- milestone: "2022"` with `dwellSeconds:` and `caption:` (`zh:` and `en:`) indented under it';
  }
  if (!inStop || path.length !== 3) return undefined;
  if (key === 'milestone' && (code === 'missing' || code === 'too_small')) {
    return 'add `milestone:` with the id of an era in scenes/milestones.yaml, in double quotes, e.g. `milestone: "2022"`';
  }
  if (key === 'dwellSeconds' && code !== 'invalid_type') {
    return 'give the seconds the tour stays at this stop, long enough to read the caption, e.g. `dwellSeconds: 8` (at most 600); with narration the stop also lasts until it ends';
  }
  if (key === 'caption' && code === 'missing') return 'add `caption:` with a `zh:` and an `en:` guide line indented under it';
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// Cross-checks

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function closestId(word: string, ids: readonly string[]): string | undefined {
  // A year inside an era ("2023" for "2023-2024") or a near miss ("2026-onwards").
  const byYear = ids.find((id) => id.startsWith(word) || word.startsWith(id));
  if (byYear) return byYear;
  const byDigits = ids.find((id) => id.replace(/\D/g, '') === word.replace(/\D/g, '') && word.replace(/\D/g, '') !== '');
  return byDigits ?? closest(word, ids);
}

function crossCheckTour(f: SceneFile, name: string, ctx: TourContext): void {
  const data = f.data;
  if (!isObj(data)) return;
  if (typeof data.id === 'string' && data.id !== name) {
    f.addValue(
      ['id'],
      `tour id "${data.id}" does not match its file name (expected "${name}")`,
      `the id is the file name without .yaml: write \`id: ${name}\`, or rename the file to ${data.id}.yaml`,
    );
  }
  if (!Array.isArray(data.stops)) return;
  const milestonesFile = ctx.milestonesFile ?? 'scenes/milestones.yaml';
  const publicLabel = ctx.publicLabel ?? 'public';
  data.stops.forEach((stop: unknown, i) => {
    if (!isObj(stop)) return;
    const at = (...rest: PathSegment[]) => ['stops', i, ...rest];
    const ids = ctx.milestoneIds;
    if (ids && typeof stop.milestone === 'string' && stop.milestone.trim() !== '' && !ids.includes(stop.milestone)) {
      const guess = closestId(stop.milestone, ids);
      f.addValue(
        at('milestone'),
        `no milestone "${stop.milestone}" in ${milestonesFile}; known: ${ids.join(', ')}`,
        `${guess ? `did you mean "${guess}"? ` : ''}use the id of an era exactly as ${milestonesFile} writes it, in double quotes`,
      );
    }
    if (ctx.narrationExists && isObj(stop.narration)) {
      for (const lang of ['zh', 'en'] as const) {
        const file = stop.narration[lang];
        if (typeof file !== 'string' || !NARRATION_PATH.test(file) || ctx.narrationExists(file)) continue;
        f.addValue(
          at('narration', lang),
          `narration file "${file}" does not exist under ${publicLabel}/`,
          `put the recording at ${publicLabel}/${file}${/\.(ogg|opus|oga)$/.test(file) ? ', run `npm run narration` to render a placeholder from the caption' : ''}, or remove the line`,
        );
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Parses, validates and cross-checks the tour files; never throws. The tours are returned only if there is no issue. */
export function checkTours(sources: readonly TourSource[], ctx: TourContext): { tours?: Tour[]; issues: SceneIssue[] } {
  const files = sources.map((s) => new SceneFile(s.file, s.text, tourHints));
  const schema = ctx.languages ? tourSchemas(ctx.languages).TourFile : TourFile;
  const tours = files.map((f) => f.validate(schema));
  files.forEach((f, i) => {
    if (f.syntaxOk) crossCheckTour(f, sources[i]!.name, ctx);
  });

  // Duplicate ids: a file whose id matches its own name keeps it; the others are reported.
  const ids = files.map((f) => (isObj(f.data) && typeof f.data.id === 'string' ? f.data.id : undefined));
  const order = sources.map((_, i) => i).sort((a, b) => Number(ids[a] !== sources[a]!.name) - Number(ids[b] !== sources[b]!.name) || a - b);
  const owner = new Map<string, number>();
  for (const i of order) {
    const id = ids[i];
    if (id === undefined) continue;
    const first = owner.get(id);
    if (first === undefined) owner.set(id, i);
    else {
      const other = files[first]!;
      files[i]!.addValue(
        ['id'],
        `duplicate tour id "${id}": already used by ${other.file}:${other.lineOf(['id'])}`,
        'every tour needs its own id, the same as its file name',
      );
    }
  }

  for (const f of files) f.sortIssues();
  const issues = files.flatMap((f) => f.issues);
  if (issues.length || tours.some((t) => t === undefined)) return { issues };
  return { tours: tours as Tour[], issues };
}

/** Parses, validates and cross-checks the tour files. Throws SceneError listing every problem. */
export function parseTours(sources: readonly TourSource[], ctx: TourContext): Tour[] {
  const { tours, issues } = checkTours(sources, ctx);
  if (!tours) throw new SceneError(issues);
  return tours;
}

/** Every text of the tours a visitor sees (titles and captions), with its language and its place, e.g. `stops[2].caption.en`. */
export function tourTexts(tour: Tour): Array<{ text: string; lang: string; path: string }> {
  const out: Array<{ text: string; lang: string; path: string }> = [];
  for (const lang of Object.keys(tour.title)) {
    out.push({ text: tour.title[lang] ?? '', lang, path: `title.${lang}` });
    tour.stops.forEach((s, i) => out.push({ text: s.caption[lang] ?? '', lang, path: `stops[${i}].caption.${lang}` }));
  }
  return out;
}
