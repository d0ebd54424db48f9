// How years become distance along the corridor: the corridor's `scale` (scenes/exhibit.yaml). Pure.
//
// - proportional (IAMM, the default): every year is `metresPerYear` long; an era's stretch is its years.
// - compressed: every milestone gets a bay of `bayM` in order; the empty years between one milestone's end and
//   the next one's start add `metresPerYear` each, up to `maxGapYears`; a longer empty stretch becomes a break
//   of BREAK_M, marked on the floor with the years it skips.
// - even: one bay of `bayM` per milestone, one after the other; the years are still written on the floor.
//
// Distances here are metres from the first milestone's start (0) towards the far end; corridor.ts turns them into z.
import type { CorridorScale, CorridorSettings, Milestone, Text } from '../content/schema.ts';
import {
  BREAK_M,
  DEFAULT_BAY_M,
  DEFAULT_MAX_GAP_YEARS,
  ENTRANCE_LENGTH_M,
  EXIT_LENGTH_M,
  MAX_YEAR_TICKS,
  MIN_BAY_M,
  WALK_SPEED_MPS,
  WALKABLE_SECONDS,
} from './constants.ts';

type Span = Pick<Milestone, 'start' | 'end'>;

export interface YearMark {
  /** Metres from the first milestone's start. */
  d: number;
  year: number;
}

export interface ScaleBreak {
  /** Where the break sits (its middle), metres from the first milestone's start. */
  d: number;
  /** The first and last empty years it skips. */
  fromYear: number;
  toYear: number;
}

export interface ScaleLayout {
  scale: CorridorScale;
  /** Per milestone, in order: its stretch [from, to) in metres. */
  stretches: Array<{ from: number; to: number }>;
  /** From the first milestone's start to the end of the last stretch, metres. */
  length: number;
  /** Year ticks on the floor line (proportional: every year; otherwise each milestone's start). */
  ticks: YearMark[];
  breaks: ScaleBreak[];
}

/** The year after a milestone's last one: where the next one's stretch begins (an open end lasts `openEndedYears`). */
export function endYear(m: Span, openEndedYears: number): number {
  return m.end === null ? m.start + openEndedYears : m.end + 1;
}

/** A tick step (1, 2, 5, 10, 20, 50 … years) that keeps at most MAX_YEAR_TICKS ticks over `years`. */
export function tickStep(years: number): number {
  for (let mag = 1; ; mag *= 10) for (const s of [1, 2, 5]) if (years / (s * mag) <= MAX_YEAR_TICKS) return s * mag;
}

export function scaleLayout(milestones: readonly Span[], corridor: CorridorSettings): ScaleLayout {
  const scale = corridor.scale ?? 'proportional';
  const first = milestones[0];
  if (!first) return { scale, stretches: [], length: 0, ticks: [], breaks: [] };
  const mpy = corridor.metresPerYear;
  const open = corridor.openEndedYears;

  if (scale === 'proportional') {
    const firstYear = first.start;
    const d = (y: number): number => (y - firstYear) * mpy;
    const stretches = milestones.map((m) => ({ from: d(m.start), to: d(endYear(m, open)) }));
    const lastYear = Math.max(...milestones.map((m) => endYear(m, open)));
    const step = tickStep(lastYear - firstYear);
    const ticks: YearMark[] = [];
    for (let y = firstYear; y <= lastYear; y += step) ticks.push({ d: d(y), year: y });
    return { scale, stretches, length: d(lastYear), ticks, breaks: [] };
  }

  const bay = corridor.bayM ?? DEFAULT_BAY_M;
  const maxGap = corridor.maxGapYears ?? DEFAULT_MAX_GAP_YEARS;
  const stretches: Array<{ from: number; to: number }> = [];
  const breaks: ScaleBreak[] = [];
  let at = 0;
  let reached = -Infinity;
  milestones.forEach((m, i) => {
    if (i > 0 && scale === 'compressed') {
      const empty = m.start - reached;
      if (empty > maxGap) {
        breaks.push({ d: at + BREAK_M / 2, fromYear: reached, toYear: m.start - 1 });
        at += BREAK_M;
      } else if (empty > 0) at += empty * mpy;
    }
    stretches.push({ from: at, to: at + bay });
    at += bay;
    reached = Math.max(reached, endYear(m, open));
  });
  const ticks = milestones.map((m, i) => ({ d: stretches[i]!.from, year: m.start }));
  return { scale, stretches, length: at, ticks, breaks };
}

/** Corridor metres from the entrance to the closing wall's floor (the walk), for reports and the importer's choice. */
export function walkLength(scale: ScaleLayout, entranceM: number, exitM: number): number {
  return entranceM + scale.length + exitM;
}

/** The groups of the milestones, in order of first appearance, each with the accent of its first milestone. */
export function groupKey(
  milestones: ReadonlyArray<Pick<Milestone, 'group' | 'accent'>>,
): Array<{ key: string; name: Text; accent: string }> {
  const out = new Map<string, { key: string; name: Text; accent: string }>();
  for (const m of milestones) {
    if (!m.group) continue;
    const key = JSON.stringify(m.group);
    if (!out.has(key)) out.set(key, { key, name: m.group, accent: m.accent });
  }
  return [...out.values()];
}

/** What the importer writes into exhibit.yaml's corridor: a scale and its settings. */
export interface ScaleChoice {
  scale: CorridorScale;
  metresPerYear: number;
  bayM?: number;
  maxGapYears?: number;
}

/**
 * The first scale that keeps the walk from the entrance to the closing wall under WALKABLE_SECONDS at
 * WALK_SPEED_MPS: proportional at 4 m per year when the milestones follow each other without sharing years;
 * else compressed (6 m bays, 1 m per empty year up to 10 years, longer gaps as breaks); else compressed with
 * shorter gaps; else even, with bays as long as the walk allows (at least MIN_BAY_M).
 */
export function chooseScale(milestones: readonly Span[], corridor: Omit<CorridorSettings, 'scale'>): ScaleChoice {
  const limit = WALKABLE_SECONDS * WALK_SPEED_MPS - ENTRANCE_LENGTH_M - EXIT_LENGTH_M;
  const open = corridor.openEndedYears;
  const sequential = milestones.every((m, i) => i === 0 || m.start >= endYear(milestones[i - 1]!, open));
  const candidates: ScaleChoice[] = [
    ...(sequential ? [{ scale: 'proportional' as const, metresPerYear: 4 }] : []),
    { scale: 'compressed', metresPerYear: 1, bayM: DEFAULT_BAY_M, maxGapYears: DEFAULT_MAX_GAP_YEARS },
    { scale: 'compressed', metresPerYear: 0.5, bayM: 5, maxGapYears: 4 },
  ];
  for (const c of candidates) {
    if (scaleLayout(milestones, { ...corridor, ...c }).length <= limit) return c;
  }
  const bayM = Math.floor(Math.max(MIN_BAY_M, Math.min(DEFAULT_BAY_M, limit / Math.max(1, milestones.length))) * 10) / 10;
  return { scale: 'even', metresPerYear: 1, bayM };
}
