// Node-only: reads the scene files from disk and parses them (see parse.ts).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Exhibit } from '../src/content/schema.ts';
import { SceneError, checkExhibit, declaredLanguages, type ExhibitSources, type SceneIssue } from '../src/content/parse.ts';
import { parseDocument } from 'yaml';
import { checkTours, type Tour, type TourSource } from '../src/content/tours.ts';

/** The scene files, relative to the scenes directory, in the order they are read. */
export const SCENE_FILES = ['exhibit.yaml', 'milestones.yaml'] as const;
export type SceneFileName = (typeof SCENE_FILES)[number];

/** Absolute paths of the scene files in `dir` (for a dev server to watch). */
export function sceneFilePaths(dir = 'scenes'): string[] {
  return SCENE_FILES.map((name) => path.resolve(dir, name));
}

/** How a file is named in error messages: relative to the working directory, with forward slashes. */
function displayName(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
}

function readSources(dir: string): ExhibitSources {
  const read = (name: SceneFileName) => {
    const abs = path.resolve(dir, name);
    return { file: displayName(abs), text: readFileSync(abs, 'utf8') };
  };
  return { exhibit: read('exhibit.yaml'), milestones: read('milestones.yaml') };
}

/** Reads and checks the scene files without throwing on content problems (a missing file still throws). */
export function checkExhibitDir(dir = 'scenes'): { exhibit?: Exhibit; issues: SceneIssue[]; warnings: string[] } {
  return checkExhibit(readSources(dir));
}

/** Reads, validates and cross-checks scenes/exhibit.yaml and scenes/milestones.yaml. Throws SceneError. */
export function loadExhibitFromDir(dir = 'scenes'): Exhibit {
  const { exhibit, issues } = checkExhibitDir(dir);
  if (!exhibit) throw new SceneError(issues);
  return exhibit;
}

// ---------------------------------------------------------------------------------------------
// Tours: scenes/tours/<id>.yaml (src/content/tours.ts)

/** The tours' directory, relative to the scenes directory. */
export const TOURS_DIR = 'tours';

/** Absolute paths of the tour files (scenes/tours/*.yaml), sorted; none if the directory does not exist. */
export function tourFilePaths(dir = 'scenes'): string[] {
  const toursDir = path.resolve(dir, TOURS_DIR);
  let names: string[];
  try {
    names = readdirSync(toursDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((n) => path.join(toursDir, n));
}

/** Whether `file` is a tour file of `dir` (existing or not), e.g. for a dev server's watcher. */
export function isTourFile(file: string, dir = 'scenes'): boolean {
  const abs = path.resolve(file);
  return path.dirname(abs) === path.resolve(dir, TOURS_DIR) && abs.endsWith('.yaml');
}

/** The tour files of `dir` as sources for checkTours. */
export function readTourSources(dir = 'scenes'): TourSource[] {
  return tourFilePaths(dir).map((abs) => ({ file: displayName(abs), text: readFileSync(abs, 'utf8'), name: path.basename(abs, '.yaml') }));
}

/** A callback for checkTours: whether `file` (relative to `publicDir`) is a file there. */
export function existsUnder(publicDir: string): (file: string) => boolean {
  return (file) => {
    try {
      return statSync(path.join(publicDir, file)).isFile();
    } catch {
      return false;
    }
  };
}

export interface SceneCheck {
  exhibit?: Exhibit;
  tours?: Tour[];
  issues: SceneIssue[];
  /** What the build log should say (e.g. a language without interface words). */
  warnings: string[];
}

/**
 * Reads and checks every scene file: exhibit.yaml, milestones.yaml and tours/*.yaml (whose narration
 * files must exist under `publicDir`, default: the `public` directory beside `dir`). Does not throw on
 * content problems. `exhibit` and `tours` are set only when there is no issue at all.
 */
export function checkScenesDir(dir = 'scenes', publicDir = path.resolve(dir, '..', 'public')): SceneCheck {
  const tourSources = readTourSources(dir);
  const sources = { ...readSources(dir), tourIds: tourSources.map((t) => t.name) };
  const { exhibit, issues, warnings } = checkExhibit(sources);
  let declared: unknown;
  try {
    declared = parseDocument(sources.exhibit.text).toJS();
  } catch {
    declared = undefined;
  }
  const checked = checkTours(tourSources, {
    languages: exhibit?.exhibit.languages ?? declaredLanguages(declared),
    milestoneIds: exhibit?.content.milestones.map((m) => m.id),
    milestonesFile: sources.milestones.file,
    narrationExists: existsUnder(publicDir),
    publicLabel: displayName(path.resolve(publicDir)),
  });
  const all = [...issues, ...checked.issues];
  if (all.length || !exhibit || !checked.tours) return { issues: all, warnings };
  return { exhibit, tours: checked.tours, issues: all, warnings };
}

/** Reads, validates and cross-checks every scene file, tours included (see checkScenesDir). Throws SceneError. */
export function loadScenesFromDir(dir = 'scenes', publicDir?: string): { exhibit: Exhibit; tours: Tour[]; warnings: string[] } {
  const { exhibit, tours, issues, warnings } = checkScenesDir(dir, publicDir);
  if (!exhibit || !tours) throw new SceneError(issues);
  return { exhibit, tours, warnings };
}
