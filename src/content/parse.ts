// Parsing and checking of the scene files (scenes/*.yaml). Pure: no node fs, no React, so it
// runs in the vite plugin, in tests and (if ever needed) in the browser.
//
// The scene files' cross-checks (what zod cannot see: ids unique and in order, tours named, sizes consistent) and the
// entry points; the file:line reporting is sceneFile.ts, the fix hints hints.ts.
import { TOUR_ID } from './ids.ts';
import type { z } from 'zod';
import {
  DEFAULT_LANGUAGES,
  exhibitSchema,
  LANG_TAG_RE,
  MILESTONE_ID,
  MILESTONE_KINDS,
  sceneSchemas,
  UI_KEYS,
  type Exhibit,
  type MilestoneKind,
} from './schema.ts';
import { SceneError, SceneFile, type PathSegment, type SceneIssue, type SceneSource } from './sceneFile.ts';

export {
  SceneError,
  SceneFile,
  formatIssue,
  formatPath,
  type HintOverride,
  type PathSegment,
  type SceneIssue,
  type SceneSource,
} from './sceneFile.ts';

// ---------------------------------------------------------------------------------------------
// Cross-checks

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks across an imported timeline's events: unique ids, in chronological order, each ending after it starts. */
function crossCheckEvents(f: SceneFile): void {
  const ms = isObj(f.data) ? f.data.milestones : undefined;
  if (!Array.isArray(ms)) return;
  const seen = new Map<string, number>();
  ms.forEach((m: unknown, i) => {
    if (!isObj(m)) return;
    const at = (...rest: PathSegment[]) => ['milestones', i, ...rest];
    if (typeof m.id === 'string') {
      const first = seen.get(m.id);
      if (first !== undefined) {
        f.addValue(at('id'), `duplicate id "${m.id}": already used by milestones[${first}]`, 'every event needs its own id');
      } else seen.set(m.id, i);
    }
    if (isInt(m.start) && isInt(m.end) && m.end < m.start) {
      f.addValue(at('end'), `end ${m.end} is before start ${m.start}`, 'an event ends in or after the year it starts');
    }
    const prev = i > 0 ? ms[i - 1] : undefined;
    if (isObj(prev) && isInt(prev.start) && isInt(m.start) && m.start < prev.start) {
      f.addValue(
        at('start'),
        `events out of order: ${m.start} comes after ${prev.start}`,
        'list the events in chronological order, earliest first',
      );
    }
  });
}

/** Checks across the milestones; tolerant of broken entries, so they run even when the schema fails. */
function crossCheckMilestones(f: SceneFile): void {
  const ms = isObj(f.data) ? f.data.milestones : undefined;
  if (!Array.isArray(ms)) return;
  const n = ms.length;
  const seen = new Map<string, number>();
  ms.forEach((m: unknown, i) => {
    if (!isObj(m)) return;
    const at = (...rest: PathSegment[]) => ['milestones', i, ...rest];
    const id = typeof m.id === 'string' ? m.id : undefined;

    if (isInt(m.number) && m.number !== i + 1) {
      f.addValue(
        at('number'),
        `number ${m.number} is out of sequence: this is era ${i + 1} of ${n}`,
        `number the eras 1, 2, 3 … in the order they are listed; this one is \`number: ${i + 1}\``,
      );
    }

    if (id !== undefined) {
      const first = seen.get(id);
      if (first !== undefined) {
        f.addValue(
          at('id'),
          `duplicate id "${id}": already used by milestones[${first}] on line ${f.lineOf(['milestones', first, 'id'])}`,
          'every era needs its own id, made of its years: e.g. "2022", "2023-2024", "2026-onward"',
        );
      } else seen.set(id, i);
    }

    const idMatch = id !== undefined ? MILESTONE_ID.exec(id) : null;
    if (idMatch) {
      const idStart = Number(idMatch[1]);
      const idEnd = idMatch[2] === undefined ? idStart : idMatch[2] === 'onward' ? null : Number(idMatch[2]);
      if (idEnd !== null && idEnd < idStart) {
        f.addValue(at('id'), `id "${id}" runs backwards`, 'write the earlier year first, e.g. "2023-2024"');
      }
      if (isInt(m.start) && m.start !== idStart) {
        f.addValue(
          at('start'),
          `start ${m.start} does not match id "${id}"`,
          `id "${id}" means \`start: ${idStart}\`; fix the year or the id`,
        );
      }
      if ((isInt(m.end) || m.end === null) && m.end !== idEnd) {
        f.addValue(
          at('end'),
          `end ${String(m.end)} does not match id "${id}"`,
          idEnd === null
            ? `id "${id}" is an open-ended era: write \`end: null\`, or give the id an end year`
            : `id "${id}" means \`end: ${idEnd}\`${m.end === null ? ' (an open-ended era has an id like "2026-onward")' : ''}; fix the year or the id`,
        );
      }
    }

    if (isInt(m.start) && isInt(m.end) && m.end < m.start) {
      f.addValue(at('end'), `end ${m.end} is before start ${m.start}`, 'an era ends in or after the year it starts; swap or fix the years');
    }

    if (m.end === null && i < n - 1) {
      f.addValue(
        at('end'),
        `only the last era may be open-ended (end: null), but this is era ${i + 1} of ${n}`,
        'give this era an end year, or make it the last era',
      );
    }

    const prev = i > 0 ? ms[i - 1] : undefined;
    if (isObj(prev) && isInt(prev.start) && isInt(m.start)) {
      const prevName = `milestones[${i - 1}]${typeof prev.id === 'string' ? ` ("${prev.id}")` : ''}`;
      if (m.start <= prev.start) {
        f.addValue(
          at('start'),
          `years out of order: starts in ${m.start}, not after the previous era ${prevName}, which starts in ${prev.start}`,
          'list the eras in chronological order, earliest first',
        );
      } else if (isInt(prev.end) && m.start <= prev.end) {
        f.addValue(
          at('start'),
          `years overlap: starts in ${m.start}, but the previous era ${prevName} runs until ${prev.end}`,
          `start this era in ${prev.end + 1} or later, or end the previous era earlier`,
        );
      }
    }

    // The label is the years phrase of the seed's heading: it names the era's years.
    if (isObj(m.label) && isInt(m.start)) {
      for (const lang of Object.keys(m.label)) {
        const label = m.label[lang];
        if (typeof label !== 'string') continue;
        const years = isInt(m.end) && m.end !== m.start ? [m.start, m.end] : [m.start];
        const missing = years.filter((y) => !label.includes(String(y)));
        if (missing.length) {
          f.addValue(
            at('label', lang),
            `label "${label}" does not mention the year ${missing.join(' and ')}`,
            'the label is the years phrase of the seed\'s heading, e.g. "2023—2024" (zh) / "2023–2024" (en); check it against start and end',
          );
        }
      }
    }
  });
}

function crossCheckExhibit(f: SceneFile, tourIds: readonly string[] | undefined): void {
  const kiosk = isObj(f.data) && isObj(f.data.kiosk) ? f.data.kiosk : undefined;
  if (
    kiosk &&
    tourIds &&
    typeof kiosk.attractTour === 'string' &&
    TOUR_ID.test(kiosk.attractTour) &&
    !tourIds.includes(kiosk.attractTour)
  ) {
    f.addValue(
      ['kiosk', 'attractTour'],
      `no tour "${kiosk.attractTour}" in scenes/tours/; known: ${tourIds.join(', ') || 'none'}`,
      'use the file name of a tour in scenes/tours/ without .yaml, e.g. `attractTour: highlights`, or remove the line to play the first tour',
    );
  }
  const corridor = isObj(f.data) && isObj(f.data.corridor) ? f.data.corridor : undefined;
  if (
    corridor &&
    typeof corridor.panelHeightM === 'number' &&
    typeof corridor.heightM === 'number' &&
    corridor.panelHeightM >= corridor.heightM
  ) {
    f.addValue(
      ['corridor', 'panelHeightM'],
      `panels (${corridor.panelHeightM} m) must be lower than the corridor (${corridor.heightM} m)`,
      'make panelHeightM smaller than heightM',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Parses and validates one scene file against a schema. Throws SceneError listing every problem. */
export function parseSceneFile<S extends z.ZodType>(schema: S, text: string, file: string): z.output<S> {
  const f = new SceneFile(file, text);
  const data = f.validate(schema);
  f.sortIssues();
  if (f.issues.length || data === undefined) throw new SceneError(f.issues);
  return data;
}

export interface ExhibitSources {
  exhibit: SceneSource;
  milestones: SceneSource;
  /** The ids of the tours in scenes/tours/ (their file names), to check `kiosk.attractTour`; omitted: not checked. */
  tourIds?: readonly string[];
}

/** The languages exhibit.yaml names (`languages: [en]`), when they are well formed; else IAMM's. */
export function declaredLanguages(data: unknown): readonly string[] {
  const l = isObj(data) ? data.languages : undefined;
  const ok = Array.isArray(l) && l.length >= 1 && l.length <= 2 && l.every((t) => typeof t === 'string' && LANG_TAG_RE.test(t));
  return ok && new Set(l).size === l.length ? (l as string[]) : DEFAULT_LANGUAGES;
}

/** The kind milestones.yaml declares (`kind: events`), when it is one; else `eras`. */
function declaredKind(data: unknown): MilestoneKind {
  const k = isObj(data) ? data.kind : undefined;
  return (MILESTONE_KINDS as readonly unknown[]).includes(k) ? (k as MilestoneKind) : 'eras';
}

/**
 * Interface words for a language the exhibit has but the ui: section does not (say "fr"): English, and a warning
 * for the build log. Mutates and returns the warnings.
 */
function fillInterfaceWords(exhibit: Exhibit['exhibit'], file: string): string[] {
  const warnings: string[] = [];
  for (const lang of exhibit.languages ?? DEFAULT_LANGUAGES) {
    let missing = 0;
    for (const key of UI_KEYS) {
      const words = exhibit.ui[key];
      if (words[lang] === undefined) {
        words[lang] = words.en ?? '';
        missing++;
      }
    }
    if (missing) {
      warnings.push(
        `${file}: no interface words in "${lang}" for ${missing} of ${UI_KEYS.length} keys: the interface shows them in English (add \`${lang}:\` lines under \`ui:\` to translate them)`,
      );
    }
  }
  return warnings;
}

/** Parses, validates and cross-checks both scene files; never throws. `warnings`: things the build log should say. */
export function checkExhibit(sources: ExhibitSources): { exhibit?: Exhibit; issues: SceneIssue[]; warnings: string[] } {
  const ex = new SceneFile(sources.exhibit.file, sources.exhibit.text);
  const ms = new SceneFile(sources.milestones.file, sources.milestones.text);
  const languages = declaredLanguages(ex.data);
  const kind = declaredKind(ms.data);
  const exhibit = ex.validate(exhibitSchema(languages));
  const content = ms.validate(sceneSchemas(languages, kind).MilestonesFile);
  if (ex.syntaxOk) crossCheckExhibit(ex, sources.tourIds);
  if (ms.syntaxOk) (kind === 'events' ? crossCheckEvents : crossCheckMilestones)(ms);
  ex.sortIssues();
  ms.sortIssues();
  const issues = [...ex.issues, ...ms.issues];
  if (issues.length || !exhibit || !content) return { issues, warnings: [] };
  const warnings = fillInterfaceWords(exhibit, sources.exhibit.file);
  return { exhibit: { exhibit, content }, issues, warnings };
}

/** Parses, validates and cross-checks both scene files. Throws SceneError listing every problem. */
export function parseExhibit(sources: ExhibitSources): Exhibit {
  const { exhibit, issues } = checkExhibit(sources);
  if (!exhibit) throw new SceneError(issues);
  return exhibit;
}
