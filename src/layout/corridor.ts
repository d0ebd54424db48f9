// The corridor: time becomes distance. Pure functions from the exhibit to positions in metres.
//
// Coordinates: y up, the visitor starts near z = 0 looking down -z; year Y sits at
// z = -(ENTRANCE_LENGTH_M + (Y - firstYear) * metresPerYear). x < 0 is the left wall.
// A yaw is a rotation about +y; yaw 0 looks (or faces) down -z for a camera, +z for a panel,
// so a camera with a panel's yaw looks straight at that panel.
import { isChinese, pick, say, shownLangs, yearText, yearsText, type Lang } from '../content/format.ts';
import type { Exhibit, Language, Milestone } from '../content/schema.ts';
import { languagesOf } from '../content/languages.ts';
import { faceFor, type Face } from '../text/faces.ts';
import { accentOnPanel } from '../theme.ts';
import {
  BANNER_Z_M,
  BODY_FONT_M,
  BREAK_M,
  ERA_NAME_FONT_M,
  ENTRANCE_LENGTH_M,
  ERA_YEAR_FONT_M,
  EYE_HEIGHT_M,
  FIRST_VIEW_MARGIN_M,
  FINALE_STANDING_M,
  LINE_HEIGHT,
  MIN_FRAMING_DISTANCE_M,
  PANEL_FRAME_M,
  PANEL_TOP_M,
  PANEL_WALL_GAP_M,
  PLATE_DEPTH_M,
  PORTAL_COLUMN_M,
  PORTAL_LINTEL_M,
  STANDING_DISTANCE_M,
  START_Z_M,
  STEP_FONT_M,
  TICK_YEAR_FONT_M,
  WALL_CLEARANCE_M,
  WALL_YEAR_CENTRE_M,
  WALL_YEAR_FONT_M,
} from './constants.ts';
import { block, blockHeight, langTag, panelText, type Fonts, type PanelText, type TextBlock } from './panel.ts';
import { scaleLayout, tickStep } from './scale.ts';
import { eraEndYear, yearToZ, zonesLayout, type Vec3, type Zones } from './zones.ts';

export { eraEndYear, yearToZ, type Vec3 } from './zones.ts';

export interface Pose {
  position: Vec3;
  yaw: number;
  /** Looking up (+) or down (-), radians; 0 when left out (level). */
  pitch?: number;
}

/** A text drawn straight on the architecture (a wall, a lintel), facing along its yaw. */
export interface WallLabel {
  key: string;
  text: string;
  face: Face;
  fontSize: number;
  colour: string;
  /** The top centre of the text. */
  position: Vec3;
  yaw: number;
}

/** What the desktop camera frames when a milestone (or the finale) is focused: a flat rectangle facing along yaw. */
export interface FramingTarget {
  id: string;
  /** Centre of the face, including its frame. */
  centre: Vec3;
  yaw: number;
  width: number;
  height: number;
  /** How near and how far from the face a visitor may stand, along its normal (inside the walls). */
  minDistance: number;
  maxDistance: number;
  /** The smallest reading text on it (em size, metres): the measure of legibility. */
  textM: number;
}

export interface PanelSlot {
  id: string;
  index: number;
  milestone: Milestone;
  side: 'left' | 'right';
  /** Centre of the panel's face. */
  position: Vec3;
  /** Yaw of the panel's front (its text faces this way). */
  yaw: number;
  width: number;
  height: number;
  text: PanelText;
  /** The era's stretch of corridor, zFrom > zTo (we walk towards -z). */
  zFrom: number;
  zTo: number;
  /** Where a visitor stands to read the panel, eyes at EYE_HEIGHT_M, looking at it. */
  standing: Pose;
  accent: string;
  /** The accent darkened to read on the light panel. */
  accentText: string;
  /** The accent lightened to read on the dark floor. */
  accentFloor: string;
}

export interface FloorLabel {
  key: string;
  text: string;
  z: number;
  x: number;
  fontSize: number;
  /** Years are language-neutral: Noto Sans, bold for the big era years. */
  face: Face;
  colour: string;
}

export interface Sign {
  position: Vec3;
  yaw: number;
  width: number;
  height: number;
  blocks: TextBlock[];
}

export interface CorridorLayout {
  widthM: number;
  heightM: number;
  /** The wall behind the start and the closing wall at the far end. */
  zBack: number;
  zFront: number;
  /** Where eyes may go on the desktop (and where a VR teleport may land). */
  bounds: Bounds;
  start: Pose;
  slots: PanelSlot[];
  /** Big era years and small year numbers on the floor. */
  floorLabels: FloorLabel[];
  /** z of every year tick on the floor line. */
  ticks: number[];
  floorLine: { zFrom: number; zTo: number };
  banner: Sign;
  closing: Sign;
  /** The entrance, the era zones and the finale, with their colours and architecture. */
  zones: Zones;
  /** Each era's years on the wall, the finale's step names on its portals. */
  wallLabels: WallLabel[];
  /** What the desktop camera frames for each milestone and for the finale (the closing sign). */
  framing: FramingTarget[];
  /** Where a VR visitor stands at the finale. */
  finaleStanding: Pose;
}

const SIGN_PADDING_M = 0.12;

function stack(blocks: TextBlock[], gap: number): number {
  let y = -SIGN_PADDING_M;
  for (const b of blocks) {
    b.y = y;
    y -= blockHeight(b) + gap;
  }
  return -y - gap + SIGN_PADDING_M;
}

function banner(exhibit: Exhibit, language: Language, fonts: Fonts, widthM: number, z: number, touch: boolean): Sign {
  const e = exhibit.exhibit;
  const hint = touch ? (e.hintTouch ?? e.hint) : e.hint;
  const w = widthM - 0.6;
  const inner = w - 2 * SIGN_PADDING_M;
  const languages = languagesOf(exhibit);
  // The title in every language, the first one largest (IAMM: Chinese 0.15 m, English 0.09 m).
  const titleSize = (i: number): number => (languages.length === 1 ? 0.12 : i === 0 ? 0.15 : 0.09);
  // The subtitle in all languages on one line: a mixed paragraph; with Chinese in it, Noto Sans SC draws it.
  const mixedTag = languages.some(isChinese) ? 'zh-Hans' : langTag(languages[0] ?? 'en');
  const blocks = [
    ...languages.map((l, i) =>
      block(`banner.title.${l}`, say(e.title, l), 0, 0, inner, titleSize(i), 'bold', 'title', langTag(l), fonts, 'center'),
    ),
    ...(e.subtitle
      ? [
          block(
            'banner.subtitle',
            pick(e.subtitle, 'both', ' · ', languages),
            0,
            0,
            inner,
            0.07,
            'regular',
            'hint',
            mixedTag,
            fonts,
            'center',
          ),
        ]
      : []),
    ...shownLangs(language, languages).map((l) =>
      block(`banner.hint.${l}`, say(hint, l), 0, 0, inner, 0.06, 'regular', 'hint', langTag(l), fonts, 'center'),
    ),
  ];
  const height = stack(blocks, 0.05);
  // Hung so its lower edge is above a standing head, yet inside the view on arrival.
  return { position: [0, 2.15 + height / 2, z], yaw: 0, width: w, height, blocks };
}

/**
 * The entrance banner's words by face, for a mouse and for a touch visitor alike (both hints): what a visitor who
 * starts at the entrance reads first. The page has troika build their glyphs while it starts (src/app/main.tsx).
 */
export function bannerCharacters(exhibit: Exhibit, language: Language, fonts: Fonts): Partial<Record<Face, string>> {
  const out: Partial<Record<Face, string>> = {};
  for (const touch of [false, true]) {
    for (const b of banner(exhibit, language, fonts, exhibit.exhibit.corridor.widthM, 0, touch).blocks) {
      const seen = new Set(out[b.face] ?? '');
      for (const ch of b.text) if (!/\s/.test(ch)) seen.add(ch);
      out[b.face] = [...seen].join('');
    }
  }
  return out;
}

function closingSign(exhibit: Exhibit, language: Language, fonts: Fonts, widthM: number, z: number): Sign {
  const c = exhibit.content.closing;
  const w = widthM - 0.5;
  const inner = w - 2 * SIGN_PADDING_M;
  const blocks = c
    ? shownLangs(language, languagesOf(exhibit)).flatMap((l: Lang) => [
        block(`closing.lead.${l}`, say(c.lead, l), 0, 0, inner, 0.09, 'regular', 'body', langTag(l), fonts, 'center'),
        block(`closing.progression.${l}`, say(c.progression, l), 0, 0, inner, 0.11, 'bold', 'heading', langTag(l), fonts, 'center'),
      ])
    : [];
  const height = stack(blocks, 0.06);
  return { position: [0, Math.max(EYE_HEIGHT_M, height / 2 + 0.5), z], yaw: 0, width: w, height, blocks };
}

export interface LayoutOptions {
  /** A touch screen: the entrance tells how to move by touch, not with W A S D. */
  touch?: boolean;
}

/** Lay out the whole corridor for a language choice. */
export function corridorLayout(exhibit: Exhibit, language: Language, fonts: Fonts, options: LayoutOptions = {}): CorridorLayout {
  const { corridor } = exhibit.exhibit;
  const milestones = exhibit.content.milestones;
  const first = milestones[0];
  if (!first) throw new Error('corridorLayout: the exhibit has no milestones');
  const firstYear = first.start;
  const z = (year: number): number => yearToZ(year, firstYear, corridor.metresPerYear);
  // The time scale (src/layout/scale.ts) gives each milestone its stretch, in metres from the first year.
  const scale = scaleLayout(milestones, corridor);
  const zAt = (d: number): number => -(ENTRANCE_LENGTH_M + d);
  const halfW = corridor.widthM / 2;
  const last = milestones[milestones.length - 1] ?? first;
  const lastYear = eraEndYear(last, corridor.openEndedYears);
  // The zones take each era's stretch from the same time scale; the finale follows the last one.
  const zones = zonesLayout(exhibit);
  const { zFront, zBack } = zones;

  const slots: PanelSlot[] = zones.eras.map((era) => {
    const { milestone: m, index, zFrom, zTo, side } = era;
    const sign = side === 'left' ? -1 : 1;
    const text = panelText(m, language, { width: corridor.panelWidthM, minHeight: corridor.panelHeightM }, fonts, languagesOf(exhibit));
    const yaw = side === 'left' ? Math.PI / 2 : -Math.PI / 2;
    const px = sign * (halfW - PANEL_WALL_GAP_M);
    const pz = (zFrom + zTo) / 2;
    const py = PANEL_TOP_M - text.height / 2;
    return {
      id: m.id,
      index,
      milestone: m,
      side,
      position: [px, py, pz],
      yaw,
      width: corridor.panelWidthM,
      height: text.height,
      text,
      zFrom,
      zTo,
      standing: { position: [px - sign * STANDING_DISTANCE_M, EYE_HEIGHT_M, pz], yaw },
      accent: m.accent,
      accentText: accentOnPanel(m.accent),
      accentFloor: era.yearsOnFloor,
    };
  });

  const floorLabels: FloorLabel[] = [];
  const ticks: number[] = [];
  if (scale.scale !== 'proportional') {
    eventFloor(exhibit, language, slots, scale, zAt, halfW, floorLabels, ticks);
  } else {
    const eraStarts = new Map(slots.map((s) => [s.milestone.start, s]));
    const lastClosed = last.end === null ? last.start : lastYear;
    const step = tickStep(lastYear - firstYear);
    for (let y = firstYear; y <= lastYear; y += step) {
      ticks.push(z(y));
      const era = eraStarts.get(y);
      if (era) {
        floorLabels.push({
          key: `era.${era.id}`,
          text: yearsText(era.milestone),
          z: z(y) - 0.25,
          x: era.side === 'left' ? -halfW / 2 : halfW / 2,
          fontSize: ERA_YEAR_FONT_M,
          face: faceFor('', 'bold'),
          colour: era.accentFloor,
        });
      } else if (y <= lastClosed) {
        floorLabels.push({
          key: `tick.${y}`,
          text: yearText(y),
          z: z(y) - 0.12,
          x: 0.35,
          fontSize: TICK_YEAR_FONT_M,
          face: faceFor('', 'regular'),
          colour: '',
        });
      }
    }
  }

  const wallLabels: WallLabel[] = [];
  // Each era's years, large on the wall across from its panel: the era is known from anywhere in it.
  for (const era of zones.eras) {
    const x = era.side === 'left' ? halfW - 0.01 : -(halfW - 0.01);
    wallLabels.push({
      key: `wall.${era.id}`,
      text: era.years,
      face: faceFor('', 'bold'),
      fontSize: WALL_YEAR_FONT_M,
      colour: era.yearsOnWall,
      position: [x, WALL_YEAR_CENTRE_M + (WALL_YEAR_FONT_M * LINE_HEIGHT) / 2, (era.zFrom + era.zTo) / 2],
      yaw: era.side === 'left' ? -Math.PI / 2 : Math.PI / 2,
    });
  }
  // The finale: each step's name on the lintel of the portal the visitor walks through.
  const langs = shownLangs(language, languagesOf(exhibit));
  const lineM = STEP_FONT_M * LINE_HEIGHT;
  for (const step of zones.finale.steps) {
    const top = corridor.heightM - PORTAL_LINTEL_M / 2 + (langs.length * lineM) / 2;
    langs.forEach((l, i) =>
      wallLabels.push({
        key: `step.${step.index}.${l}`,
        text: say(step.label, l),
        face: faceFor(langTag(l), 'bold'),
        fontSize: STEP_FONT_M,
        colour: step.text,
        position: [0, top - i * lineM, step.zFrom + PORTAL_COLUMN_M / 2 + 0.004],
        yaw: 0,
      }),
    );
  }

  const closing = closingSign(exhibit, language, fonts, corridor.widthM, zFront + 0.02);
  // Along the normal, from a panel's face to the far side of the walkable floor.
  const across = halfW - PANEL_WALL_GAP_M - PLATE_DEPTH_M / 2 + (halfW - WALL_CLEARANCE_M);
  const framing: FramingTarget[] = slots.map((s) => {
    const n = s.side === 'left' ? 1 : -1;
    return {
      id: s.id,
      centre: [s.position[0] + (n * PLATE_DEPTH_M) / 2, s.position[1], s.position[2]],
      yaw: s.yaw,
      width: s.width + 2 * PANEL_FRAME_M,
      height: s.height + 2 * PANEL_FRAME_M,
      minDistance: MIN_FRAMING_DISTANCE_M,
      maxDistance: across,
      textM: BODY_FONT_M,
    };
  });
  framing.push({
    id: zones.finale.id,
    centre: [closing.position[0], closing.position[1], closing.position[2] + PLATE_DEPTH_M / 2],
    yaw: 0,
    width: closing.width,
    height: closing.height,
    // Far enough back to see the last steps of the progression around the closing sign.
    minDistance: FINALE_STANDING_M,
    maxDistance: zones.finale.zFrom - closing.position[2] - WALL_CLEARANCE_M,
    // A closing sign without text (no closing in the content) reads at the body size.
    textM: closing.blocks.length > 0 ? Math.min(...closing.blocks.map((b) => b.fontSize)) : BODY_FONT_M,
  });

  return {
    widthM: corridor.widthM,
    heightM: corridor.heightM,
    zBack,
    zFront,
    bounds: {
      xMin: -halfW + WALL_CLEARANCE_M,
      xMax: halfW - WALL_CLEARANCE_M,
      zMin: zFront + WALL_CLEARANCE_M,
      zMax: zBack - WALL_CLEARANCE_M,
    },
    start: { position: [0, EYE_HEIGHT_M, START_Z_M], yaw: 0 },
    slots,
    floorLabels,
    ticks,
    floorLine: { zFrom: zAt(0), zTo: zAt(scale.length) },
    banner: banner(exhibit, language, fonts, corridor.widthM, BANNER_Z_M, options.touch === true),
    closing,
    zones,
    wallLabels,
    framing,
    finaleStanding: { position: [0, EYE_HEIGHT_M, zFront + FINALE_STANDING_M], yaw: 0 },
  };
}

/** Where a visitor stands (in VR, and on the desktop before framing) to read a milestone or the finale; null for others. */
export function placePose(layout: CorridorLayout, id: string | null): Pose | null {
  if (id === null) return null;
  if (id === layout.zones.finale.id) return layout.finaleStanding;
  return layout.slots.find((s) => s.id === id)?.standing ?? null;
}

/**
 * The floor of a compressed or even corridor: each milestone's years at the start of its bay, a mark with the years
 * skipped at each break, and the name of each era (TimelineJS3's eras) at the first milestone inside it.
 */
function eventFloor(
  exhibit: Exhibit,
  language: Language,
  slots: readonly PanelSlot[],
  scale: ReturnType<typeof scaleLayout>,
  zAt: (d: number) => number,
  halfW: number,
  floorLabels: FloorLabel[],
  ticks: number[],
): void {
  for (const s of slots) {
    ticks.push(s.zFrom);
    floorLabels.push({
      key: `era.${s.id}`,
      text: yearsText(s.milestone),
      z: s.zFrom - 0.25,
      x: s.side === 'left' ? -halfW / 2 : halfW / 2,
      fontSize: ERA_YEAR_FONT_M,
      face: faceFor('', 'bold'),
      colour: s.accentFloor,
    });
  }
  scale.breaks.forEach((b, i) => {
    ticks.push(zAt(b.d - BREAK_M / 2), zAt(b.d + BREAK_M / 2));
    floorLabels.push({
      key: `break.${i}`,
      text: `${yearText(b.fromYear)} ··· ${yearText(b.toYear)}`,
      z: zAt(b.d),
      x: 0,
      fontSize: TICK_YEAR_FONT_M * 1.5,
      face: faceFor('', 'regular'),
      colour: '',
    });
  });
  const languages = languagesOf(exhibit);
  (exhibit.content.eras ?? []).forEach((era, i) => {
    const inside = slots.filter((s) => s.milestone.start >= era.start && s.milestone.start <= era.end);
    const firstInside = inside[0];
    if (!firstInside) return;
    shownLangs(language, languages).forEach((l, j) => {
      floorLabels.push({
        key: `erazone.${i}.${l}`,
        text: say(era.title, l),
        z: firstInside.zFrom - 0.9 - j * ERA_NAME_FONT_M * 1.6,
        x: 0,
        fontSize: ERA_NAME_FONT_M,
        face: faceFor(langTag(l), 'bold'),
        colour: '',
      });
    });
  });
}

/** The walkable area of the floor, in metres. */
export interface Bounds {
  xMin: number;
  xMax: number;
  zMin: number;
  zMax: number;
}

/** `v` limited to [lo, hi]. The one clamp of the code base. */
export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Keep a point inside the walkable area: the visitor cannot walk through walls. */
export function clampToBounds(x: number, z: number, b: Bounds): [number, number] {
  return [clamp(x, b.xMin, b.xMax), clamp(z, b.zMin, b.zMax)];
}

/** The milestone whose stretch of corridor contains z, or null at the entrance / exit. */
export function slotAtZ(slots: readonly PanelSlot[], z: number): PanelSlot | null {
  // A plain loop: this runs every frame in VR and must not allocate.
  for (const s of slots) if (z <= s.zFrom && z > s.zTo) return s;
  return null;
}

/**
 * The vertical angle (degrees) a text of a given size subtends from a distance: the legibility measure
 * for VR (body text must stay above about 0.8° from the walking line).
 */
export function angularSizeDeg(sizeM: number, distanceM: number): number {
  return (2 * Math.atan(sizeM / 2 / distanceM) * 180) / Math.PI;
}

/** A place relative to a standing spot: metres back from the panel, and to the right (+) as the visitor faces it. */
export interface Spot {
  backM: number;
  sideM: number;
}

/**
 * The pose of a stop: the milestone's own standing spot (`base`, looking at its panel), moved `backM`
 * away from the panel and `sideM` to the right (+) as the visitor faces it. The viewer clamps it to the
 * corridor (clampToBounds) like any other position.
 */
export function standingPose(base: Pose, spot: Spot | null | undefined): Pose {
  if (!spot || (spot.backM === 0 && spot.sideM === 0)) return base;
  const [x, y, z] = base.position;
  // Yaw 0 looks down -z: forward = (-sin, 0, -cos), right = (cos, 0, -sin).
  const s = Math.sin(base.yaw);
  const c = Math.cos(base.yaw);
  return { position: [x + s * spot.backM + c * spot.sideM, y, z + c * spot.backM - s * spot.sideM], yaw: base.yaw };
}

/**
 * Whether a point `z` (metres along the corridor) is in the first view of a visitor who starts at `fromZ` (the
 * entrance, or the standing spot of a deep-linked milestone): no farther from it than the first panel is from the
 * entrance, plus FIRST_VIEW_MARGIN_M. The scene builds the glyphs of those texts first.
 */
export function inFirstView(layout: Pick<CorridorLayout, 'start' | 'slots'>, z: number, fromZ: number = layout.start.position[2]): boolean {
  const first = layout.slots[0];
  const depth = (first ? Math.abs(first.position[2] - layout.start.position[2]) : 0) + FIRST_VIEW_MARGIN_M;
  return Math.abs(z - fromZ) <= depth;
}
