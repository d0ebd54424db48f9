// Node-only: reads the scene files from disk and parses them (see parse.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exhibit } from './schema.ts';
import { SceneError, checkExhibit, type ExhibitSources, type SceneIssue } from './parse.ts';

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
export function checkExhibitDir(dir = 'scenes'): { exhibit?: Exhibit; issues: SceneIssue[] } {
  return checkExhibit(readSources(dir));
}

/** Reads, validates and cross-checks scenes/exhibit.yaml and scenes/milestones.yaml. Throws SceneError. */
export function loadExhibitFromDir(dir = 'scenes'): Exhibit {
  const { exhibit, issues } = checkExhibitDir(dir);
  if (!exhibit) throw new SceneError(issues);
  return exhibit;
}
