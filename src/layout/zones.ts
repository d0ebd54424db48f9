// The corridor as a place: the entrance, one zone per era and the finale, each with its colours and its
// architecture (portals where an era begins and ends, ribs in between, a cove of coloured light along the walls).
// Pure, from the content: time becomes distance here, and src/scene/CorridorShell.tsx only draws the boxes.
//
// Coordinates as in corridor.ts: y up, the visitor walks towards -z; year Y starts at
// z = -(ENTRANCE_LENGTH_M + (Y - firstYear) * metresPerYear).
import { yearsText, type Lang } from '../content/format.ts';
import { FINALE_ID } from '../content/ids.ts';
import { languagesOf } from '../content/languages.ts';
import type { Exhibit, Milestone, Text } from '../content/schema.ts';
import { mix, readableOnDark, THEME } from '../theme.ts';
import {
  BANNER_Z_M,
  COVE_HEIGHT_M,
  ENTRANCE_LENGTH_M,
  EXIT_LENGTH_M,
  FINALE_END_M,
  FINALE_STEP_M,
  PORTAL_COLUMN_M,
  PORTAL_LINTEL_M,
  RIB_DEPTH_M,
  RIB_SPACING_M,
  RIB_WIDTH_M,
  START_Z_M,
  WALL_YEAR_FONT_M,
} from './constants.ts';
import { endYear, scaleLayout } from './scale.ts';

export type Vec3 = readonly [number, number, number];

/** The z of the start of a (possibly fractional) year. */
export function yearToZ(year: number, firstYear: number, metresPerYear: number): number {
  return -(ENTRANCE_LENGTH_M + (year - firstYear) * metresPerYear);
}

/** The year after an era's last one: where the next era's stretch begins. */
export function eraEndYear(m: Milestone, openEndedYears: number): number {
  return endYear(m, openEndedYears);
}

/** How a zone is coloured: its floor, its walls from the floor (low) to the cove (high), the cove light, its architecture. */
export interface ZoneColours {
  floor: string;
  wallLow: string;
  wallHigh: string;
  cove: string;
  architecture: string;
}

export interface EraZone extends ZoneColours {
  id: string;
  index: number;
  milestone: Milestone;
  /** The era's stretch of corridor, zFrom > zTo (we walk towards -z). */
  zFrom: number;
  zTo: number;
  /** The wall its panel hangs on; its years are large on the other wall. */
  side: 'left' | 'right';
  accent: string;
  years: string;
  /** The years' colour on the wall (4.5:1 on wallHigh, the lightest of the wall) and on the era's floor. */
  yearsOnWall: string;
  yearsOnFloor: string;
}

export interface FinaleStep extends ZoneColours {
  index: number;
  zFrom: number;
  zTo: number;
  /** The step's words, verbatim pieces of the closing progression, per language. */
  label: Text;
  /** The plate above the step's portal that carries its name, and the name's colour on it. */
  plate: string;
  text: string;
}

export interface Zones {
  /** The wall behind the start and the closing wall at the far end. */
  zBack: number;
  zFront: number;
  entrance: ZoneColours & { zFrom: number; zTo: number };
  eras: EraZone[];
  finale: ZoneColours & { id: typeof FINALE_ID; zFrom: number; zTo: number; steps: FinaleStep[]; endWall: string };
}

/**
 * The steps of the closing progression ("Innovation → Pilot Implementation → …"), each language split at its arrows;
 * each step keeps the seed's words, without the sentence's closing full stop. An exhibit without a closing
 * progression (an imported timeline) has no steps.
 */
export function progressionSteps(progression: Text | undefined, languages: readonly Lang[]): Text[] {
  if (!progression) return [];
  const split = (s: string): string[] =>
    s
      .split('→')
      .map((p) => p.trim().replace(/[。.]$/u, ''))
      .filter((p) => p.length > 0);
  const langs = languages.filter((l) => progression[l] !== undefined);
  const parts = langs.map((l) => split(progression[l] ?? ''));
  const count = parts[0]?.length ?? 0;
  parts.forEach((p, i) => {
    if (p.length !== count) {
      throw new Error(
        `closing.progression: the ${langs[0]} line has ${count} steps (→) and the ${langs[i]} line ${p.length}; they must match`,
      );
    }
  });
  return Array.from({ length: count }, (_, k) => Object.fromEntries(langs.map((l, i) => [l, parts[i]?.[k] ?? ''])));
}

function eraColours(accent: string): ZoneColours {
  return {
    floor: mix(THEME.floor, accent, 0.16),
    wallLow: mix(THEME.wall, accent, 0.08),
    wallHigh: mix(THEME.wallLit, accent, 0.22),
    cove: mix(accent, '#ffffff', 0.25),
    architecture: mix(THEME.stone, accent, 0.42),
  };
}

export function zonesLayout(exhibit: Exhibit): Zones {
  const { corridor } = exhibit.exhibit;
  const milestones = exhibit.content.milestones;
  const first = milestones[0];
  if (!first) throw new Error('zonesLayout: the exhibit has no milestones');
  const last = milestones[milestones.length - 1] ?? first;
  // The time scale (src/layout/scale.ts) gives each milestone its stretch, in metres from the first year.
  const scale = scaleLayout(milestones, corridor);
  const zAt = (d: number): number => -(ENTRANCE_LENGTH_M + d);

  const eras: EraZone[] = milestones.map((m, index) => {
    const colours = eraColours(m.accent);
    const stretch = scale.stretches[index] ?? { from: 0, to: 0 };
    return {
      ...colours,
      id: m.id,
      index,
      milestone: m,
      zFrom: zAt(stretch.from),
      zTo: zAt(stretch.to),
      side: index % 2 === 0 ? 'left' : 'right',
      accent: m.accent,
      years: yearsText(m),
      yearsOnWall: readableOnDark(m.accent, colours.wallHigh),
      yearsOnFloor: readableOnDark(m.accent, colours.floor),
    };
  });

  const finaleFrom = zAt(scale.length);
  const labels = progressionSteps(exhibit.content.closing?.progression, languagesOf(exhibit));
  const steps: FinaleStep[] = labels.map((label, index) => {
    // The steps warm from the last era's accent to the exhibit's gold.
    const accent = mix(last.accent, THEME.focus, (index + 1) / labels.length);
    return {
      ...eraColours(accent),
      index,
      zFrom: finaleFrom - index * FINALE_STEP_M,
      zTo: finaleFrom - (index + 1) * FINALE_STEP_M,
      label,
      plate: THEME.lintel,
      text: readableOnDark(mix(accent, '#ffffff', 0.4), THEME.lintel),
    };
  });
  // Without steps (no closing progression) the far end is plain open floor, as long as before the finale.
  const zFront = finaleFrom - labels.length * FINALE_STEP_M - (labels.length > 0 ? FINALE_END_M : EXIT_LENGTH_M);
  const neutral: ZoneColours = {
    floor: THEME.floor,
    wallLow: THEME.wall,
    wallHigh: THEME.wallLit,
    cove: mix(THEME.focus, '#ffffff', 0.3),
    architecture: THEME.stone,
  };
  return {
    zBack: START_Z_M + 1.5,
    zFront,
    entrance: { ...neutral, zFrom: START_Z_M + 1.5, zTo: zAt(0) },
    eras,
    finale: {
      ...neutral,
      wallHigh: mix(THEME.wallLit, THEME.focus, 0.18),
      id: FINALE_ID,
      zFrom: finaleFrom,
      zTo: zFront,
      steps,
      endWall: mix(THEME.wall, THEME.focus, 0.22),
    },
  };
}

/** One box of the corridor's shell, coloured from `low` at its bottom to `high` at its top (baked light). */
export interface Box {
  centre: Vec3;
  size: Vec3;
  /** Shaded from `low` at its bottom to `high` at its top. */
  low: string;
  high: string;
  /** Turned about its vertical axis (radians; a panel facing the corridor); unturned when absent. */
  yaw?: number;
}

const box = (centre: Vec3, size: Vec3, low: string, high = low): Box => ({ centre, size, low, high });

/** The shadowed foot of a lit colour. */
const shade = (c: string): string => mix(c, '#000000', 0.35);

/** A portal across the corridor at z: a column against each wall and a lintel under the ceiling. */
function portal(z: number, w: number, h: number, colour: string, lintel = colour): Box[] {
  const x = w / 2 - PORTAL_COLUMN_M / 2;
  return [
    box([-x, h / 2, z], [PORTAL_COLUMN_M, h, PORTAL_COLUMN_M], shade(colour), colour),
    box([x, h / 2, z], [PORTAL_COLUMN_M, h, PORTAL_COLUMN_M], shade(colour), colour),
    box([0, h - PORTAL_LINTEL_M / 2, z], [w, PORTAL_LINTEL_M, PORTAL_COLUMN_M], lintel),
  ];
}

/** A zone's walls (lit from the cove down), floor, cove lights. */
function zoneSurfaces(zFrom: number, zTo: number, c: ZoneColours, w: number, h: number, shell: number): Box[] {
  const len = zFrom - zTo;
  const mid = (zFrom + zTo) / 2;
  const wallX = w / 2 + shell / 2;
  return [
    box([-wallX, h / 2, mid], [shell, h, len], c.wallLow, c.wallHigh),
    box([wallX, h / 2, mid], [shell, h, len], c.wallLow, c.wallHigh),
    box([0, 0.001, mid], [w, 0.002, len], c.floor),
    box([-(w / 2 - 0.02), h - 0.35, mid], [0.04, COVE_HEIGHT_M, len], c.cove),
    box([w / 2 - 0.02, h - 0.35, mid], [0.04, COVE_HEIGHT_M, len], c.cove),
  ];
}

/**
 * Every box of the zones, to be merged with the corridor's shell into one draw call. `clearHalfWidth(era)`:
 * how far from an era's middle its walls carry no ribs (the panel on one wall, the big years on the other).
 */
export function zoneBoxes(zones: Zones, w: number, h: number, shell: number, clearHalfWidth: (era: EraZone) => number): Box[] {
  const out: Box[] = [];
  const e = zones.entrance;
  out.push(...zoneSurfaces(e.zFrom, e.zTo, e, w, h, shell));
  // The entrance gate: the title banner hangs in it.
  out.push(...portal(BANNER_Z_M - 0.25, w, h, mix(THEME.stone, THEME.focus, 0.3)));
  for (const era of zones.eras) {
    out.push(...zoneSurfaces(era.zFrom, era.zTo, era, w, h, shell));
    out.push(...portal(era.zFrom, w, h, era.architecture));
    out.push(box([0, 0.003, era.zFrom], [w, 0.004, 0.12], era.cove));
    const mid = (era.zFrom + era.zTo) / 2;
    const clear = clearHalfWidth(era);
    for (let z = era.zFrom - RIB_SPACING_M; z > era.zTo + RIB_SPACING_M / 2; z -= RIB_SPACING_M) {
      out.push(box([0, h - RIB_WIDTH_M / 2, z], [w, RIB_WIDTH_M, RIB_DEPTH_M], era.architecture));
      if (Math.abs(z - mid) < clear) continue;
      for (const sx of [-1, 1]) {
        out.push(box([sx * (w / 2 - RIB_DEPTH_M / 2), h / 2, z], [RIB_DEPTH_M, h, RIB_WIDTH_M], shade(era.architecture), era.architecture));
      }
    }
  }
  const f = zones.finale;
  out.push(...zoneSurfaces(f.zFrom, f.zTo, f, w, h, shell));
  for (const step of f.steps) {
    // Each step's floor lies a little above the finale's, so the two never fight for the same pixels.
    out.push(box([0, 0.0015, (step.zFrom + step.zTo) / 2], [w, 0.003, step.zFrom - step.zTo], step.floor));
    out.push(...portal(step.zFrom, w, h, step.architecture, step.plate));
    out.push(box([0, 0.003, step.zFrom], [w, 0.004, 0.12], step.cove));
  }
  // The closing wall, warm: the end of the walk.
  out.push(box([0, h / 2, zones.zFront - shell / 2], [w, h, shell], shade(f.endWall), f.endWall));
  return out;
}

/** Where a visitor is: the era zone containing z, the finale, or null at the entrance. Runs per frame: no allocation. */
export function placeAtZ(zones: Zones, z: number): string | null {
  for (const era of zones.eras) if (z <= era.zFrom && z > era.zTo) return era.id;
  return z <= zones.finale.zFrom ? zones.finale.id : null;
}

/** Ribs keep clear of the era's years on the wall: an upper bound of their half width (digits are under 0.6 em). */
export function wallYearsHalfWidth(era: EraZone): number {
  return ([...era.years].length * 0.6 * WALL_YEAR_FONT_M) / 2;
}
