// The VR interface, typeset without a renderer, with the same fonts and line-break rule as the panels:
// - the wrist menu: buttons and their labels in menu-local metres (origin at the top of the era strip, y up, the
//   menu facing +z), shown on the left palm;
// - the caption board: first-visit hints, a tour's stop and caption, a live guide's countdown, in board-local metres
//   (origin at the board's top centre), hung above the focused panel so it never covers a panel's text.
import { CAPTION_SIZES, HINT_KEYS, type CaptionSize, type HintKey } from '../content/preferences.ts';
export { CAPTION_SIZES, HINT_KEYS, type CaptionSize, type HintKey };
import { labelLanguage, languageLabel, say, shownLangs, type Lang } from '../content/format.ts';
import { languageChoices, languagesOf } from '../content/languages.ts';
import type { Bilingual, Exhibit, Language, UiKey } from '../content/schema.ts';
import {
  BOARD_CAPTION_FONT_M,
  BOARD_CEILING_CLEARANCE_M,
  BOARD_ENTRANCE_AHEAD_M,
  BOARD_ENTRANCE_TILT_RAD,
  BOARD_ENTRANCE_TOP_M,
  BOARD_ENTRANCE_WIDTH_M,
  BOARD_GAP_M,
  BOARD_HINT_FONT_M,
  BOARD_TILT_RAD,
  COLUMN_GUTTER_M,
  PANEL_TOP_M,
  WRIST_ERA_FONT_M,
  WRIST_LABEL_FONT_M,
  WRIST_MENU_WIDTH_M,
} from './constants.ts';
import type { CorridorLayout, Pose, Vec3 } from './corridor.ts';
import { block, blockHeight, langTag, type Fonts, type TextBlock } from './panel.ts';
import { stripEntries } from './strip.ts';

/** What a wrist-menu button does. Era buttons are `era:<milestone id>`; `finale` goes past the last era. */
export type MenuAction =
  /** `lang-<choice>`: one of the exhibit's language choices ('lang-zh', 'lang-en', 'lang-both' for IAMM). */
  | `lang-${string}`
  | 'previous'
  | 'next'
  | 'tour-start'
  | 'tour-toggle'
  | 'tour-stop'
  | 'caption-size'
  | 'seated'
  | 'smooth'
  /** Show this headset's view on the booth screen (a follower's headset only), on / off. */
  | 'share'
  | 'exit'
  | 'finale'
  | `era:${string}`;

export const CAPTION_LABEL: Readonly<Record<CaptionSize, UiKey>> = {
  small: 'captionSmall',
  medium: 'captionMedium',
  large: 'captionLarge',
};

/** A tour as the VR interface shows it. */
export interface TourShownInVR {
  status: 'playing' | 'paused' | 'finished';
  stopIndex: number;
  stopCount: number;
  caption: Bilingual | null;
  led: boolean;
}

/** What the menu and the board show besides fixed labels. */
export interface MenuExtras {
  /** Tours can be played here (the menu offers "Guided tour"). */
  canTour?: boolean;
  tour?: TourShownInVR | null;
  /** Whole seconds until a live guide's move, or null. */
  countdown?: number | null;
  /** A live guide holds the group here (the board says so, and how to leave). */
  held?: boolean;
  /** This headset shows its view on the booth screen (the board says so while on; its menu button is marked). */
  sharing?: boolean;
  /** A live guide in VR who has not pointed yet: the board says how (the right grip). */
  pointHint?: boolean;
  /** This headset can share its view (it follows a live guide's room): the menu offers the toggle. */
  canShare?: boolean;
  captionSize?: CaptionSize;
  /** The focused milestone (its era is marked on the strip), 'finale', or null. */
  focusedId?: string | null;
  /** The VR options that are on (their buttons are marked). */
  seated?: boolean;
  smoothWalk?: boolean;
}

export interface MenuButton {
  action: MenuAction;
  /** Centre of the button. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Marked as on: the chosen language, the current era, seated / stick walking when on. */
  active: boolean;
}

export interface MenuLayout {
  width: number;
  height: number;
  /** Where the backing plate's centre is (the origin is the top of the era strip). */
  centreY: number;
  buttons: MenuButton[];
  blocks: TextBlock[];
}

/** One entry of the VR era strip: an era (a milestone of the exhibit) or the finale after the last one. */
export interface StripEntry {
  action: MenuAction;
  /** The milestone id it goes to; null for the finale. */
  id: string | null;
  label: string;
}

const PAD = 0.012;
const GAP = 0.006;
const BUTTON_H = 0.05;
const ERA_H = 0.05;

/**
 * The eras, in order, and the finale: the corridor's timeline strip (src/layout/strip.ts), as the page shows it. A long
 * timeline's strip shows WRIST_STRIP_MAX_ERAS eras around the focused one (stripWindow), then the finale.
 */
export function vrStripEntries(exhibit: Exhibit, focusedId: string | null = null): StripEntry[] {
  const entries = stripEntries(exhibit, null);
  const eras = entries.filter((e) => e.kind === 'era');
  const focused = focusedId === 'finale' ? eras.length - 1 : eras.findIndex((e) => e.id === focusedId);
  const [from, to] = stripWindow(eras.length, focused, WRIST_STRIP_MAX_ERAS);
  return [
    ...eras.slice(from, to).map((e) => ({ action: `era:${e.id}` as const, id: e.id, label: e.years })),
    ...entries.filter((e) => e.kind === 'finale').map(() => ({ action: 'finale' as const, id: null, label: '' })),
  ];
}

/** Era buttons the wrist menu's strip holds at most (then the finale): wider than this, years no longer fit a button. */
export const WRIST_STRIP_MAX_ERAS = 6;

/**
 * Which of `count` eras the strip shows, as [from, to): all of them when they fit in `max`, else `max` in a row around
 * the focused one (index, -1 for none: the first ones), so a long timeline's strip stays legible and the neighbours of
 * where the visitor stands are one press away.
 */
export function stripWindow(count: number, focused: number, max: number): [number, number] {
  if (count <= max) return [0, count];
  const from = Math.min(Math.max(0, focused - Math.floor((max - 1) / 2)), count - max);
  return [from, from + max];
}

/** A button's label: a UI key, the caption-size button's "Caption size: Medium", a fixed text (era years), or a language choice's name. */
type Label = UiKey | { captionSize: CaptionSize } | { text: string } | { language: string };

/** The language choice a menu action picks, or null. */
export function menuLanguage(action: MenuAction): string | null {
  return action.startsWith('lang-') ? action.slice('lang-'.length) : null;
}

function rows(extras: MenuExtras, choices: readonly string[]): Array<Array<[MenuAction, Label]>> {
  const size = extras.captionSize ?? 'medium';
  const t = extras.tour && extras.tour.status !== 'finished' ? extras.tour : null;
  const tourRow: Array<[MenuAction, Label]> = t
    ? [
        ['tour-toggle', t.status === 'paused' ? 'tourResume' : 'tourPause'],
        ['tour-stop', 'tourStop'],
        ['caption-size', { captionSize: size }],
      ]
    : [
        ['tour-start', 'tour'],
        ['caption-size', { captionSize: size }],
      ];
  return [
    // The exhibit's language choices; none for a one-language exhibit.
    ...(choices.length > 1 ? [choices.map((c): [MenuAction, Label] => [`lang-${c}`, { language: c }])] : []),
    [
      // During a tour, previous / next move between its stops (the store routes them), and say so.
      ['previous', t ? 'tourPrevious' : 'previous'],
      ['next', t ? 'tourNext' : 'next'],
    ],
    ...(extras.canTour || t ? [tourRow] : []),
    [
      ['seated', 'seated'],
      ['smooth', 'smoothWalk'],
      ['exit', 'exitVr'],
    ],
    ...(extras.canShare ? [[['share', 'shareView'] as [MenuAction, Label]]] : []),
  ];
}

/**
 * The wrist menu: at the top the era strip (every era by its years, then the finale; the visitor's era marked),
 * then language, previous / next, the guided tour (start, or pause / resume, end, caption size), seated, stick
 * walking, exit VR. Its size does not depend on captions or hints (those are on the board), so no button moves
 * under a visitor's finger while a tour plays.
 */
export function wristMenuLayout(exhibit: Exhibit, language: Language, fonts: Fonts, extras: MenuExtras = {}): MenuLayout {
  const ui = exhibit.exhibit.ui;
  const inner = WRIST_MENU_WIDTH_M - 2 * PAD;
  const blocks: TextBlock[] = [];
  const buttons: MenuButton[] = [];
  const languages = languagesOf(exhibit);
  const langs = shownLangs(language, languages);
  let y = 0;
  const place = (action: MenuAction, labels: TextBlock[], cx: number, w: number, h: number, active: boolean): void => {
    const textH = labels.reduce((sum, b) => sum + blockHeight(b), 0);
    let ly = y - (h - textH) / 2;
    for (const b of labels) {
      b.y = ly;
      ly -= blockHeight(b);
    }
    blocks.push(...labels);
    buttons.push({ action, x: cx, y: y - h / 2, width: w, height: h, active });
  };

  // The era strip: one row, left to right in time.
  const focusedEra = extras.focusedId ?? null;
  const strip = vrStripEntries(exhibit, focusedEra);
  const ew = (inner - GAP * (strip.length - 1)) / strip.length;
  const stripLabels = strip.map((e, i) => {
    const cx = -inner / 2 + i * (ew + GAP) + ew / 2;
    const labels =
      e.id === null
        ? langs.map((l) =>
            block(`menu.finale.${l}`, say(ui.finale, l), cx, 0, ew - GAP, WRIST_ERA_FONT_M, 'bold', 'heading', langTag(l), fonts, 'center'),
          )
        : // Years break after their dash ("2020–" / "2021"), never inside a number.
          e.label
            .split(/(?<=–)/)
            .map((part, j) =>
              block(`menu.era.${e.id}.${j}`, part, cx, 0, ew - GAP, WRIST_ERA_FONT_M, 'bold', 'heading', '', fonts, 'center'),
            );
    return { e, cx, labels };
  });
  const stripH = Math.max(ERA_H, ...stripLabels.map((s) => s.labels.reduce((sum, l) => sum + blockHeight(l), 0) + 2 * GAP));
  for (const { e, cx, labels } of stripLabels) {
    const active = e.id === null ? focusedEra === 'finale' : focusedEra === e.id;
    place(e.action, labels, cx, ew, stripH, active);
  }
  y -= stripH + 2 * GAP;

  for (const row of rows(extras, languageChoices(languages))) {
    const w = (inner - GAP * (row.length - 1)) / row.length;
    const labelled = row.map(([action, key], i) => {
      const cx = -inner / 2 + i * (w + GAP) + w / 2;
      // A language button names its language in that language, as on the page's toolbar.
      const own = typeof key === 'object' && 'language' in key ? labelLanguage(key.language, languages) : null;
      const text = (l: Lang): string =>
        typeof key === 'string'
          ? say(ui[key], l)
          : 'captionSize' in key
            ? `${say(ui.captionSize, l)}: ${say(ui[CAPTION_LABEL[key.captionSize]], l)}`
            : 'language' in key
              ? languageLabel(exhibit.exhibit, key.language)
              : key.text;
      const labels = (own ? [own] : langs).map((l) =>
        block(`menu.${action}.${l}`, text(l), cx, 0, w - 2 * GAP, WRIST_LABEL_FONT_M, 'bold', 'heading', langTag(l), fonts, 'center'),
      );
      return { action, cx, labels };
    });
    // A row is as tall as its tallest label needs (two languages, or a label broken over two lines).
    const h = Math.max(BUTTON_H, ...labelled.map((b) => b.labels.reduce((sum, l) => sum + blockHeight(l), 0) + 2 * GAP));
    for (const { action, cx, labels } of labelled) {
      const active =
        menuLanguage(action) === language ||
        (action === 'seated' && !!extras.seated) ||
        (action === 'smooth' && !!extras.smoothWalk) ||
        (action === 'share' && !!extras.sharing);
      place(action, labels, cx, w, h, active);
    }
    y -= h + GAP;
  }
  const height = -y - GAP + 2 * PAD;
  return { width: WRIST_MENU_WIDTH_M, height, centreY: PAD - height / 2, buttons, blocks };
}

/**
 * The caption board's text: a live guide's hold, the booth-screen sharing, a live guide's countdown, the tour's stop and
 * caption, then the hints not yet acted on.
 */
export interface BoardLayout {
  width: number;
  height: number;
  /** Top-left anchored blocks; x from the board's centre, y down from its top edge (negative). */
  blocks: TextBlock[];
}

const BOARD_PAD = 0.05;
const BOARD_GAP = 0.03;

/**
 * The board's text in one column per shown language (Chinese left, English right, as on the panels), or null when
 * there is nothing to show (then nothing is drawn).
 */
export function captionBoardLayout(
  exhibit: Exhibit,
  language: Language,
  hints: readonly HintKey[],
  fonts: Fonts,
  width: number,
  extras: MenuExtras = {},
): BoardLayout | null {
  const ui = exhibit.exhibit.ui;
  const tour = extras.tour && extras.tour.status !== 'finished' ? extras.tour : null;
  const countdown = extras.countdown ?? null;
  const held = extras.held === true;
  const sharing = extras.sharing === true;
  const pointHint = extras.pointHint === true;
  if (!tour && countdown === null && hints.length === 0 && !held && !sharing && !pointHint) return null;
  const langs = shownLangs(language, languagesOf(exhibit));
  const colW = (width - 2 * BOARD_PAD - COLUMN_GUTTER_M * (langs.length - 1)) / langs.length;
  const blocks: TextBlock[] = [];
  let height = 0;
  langs.forEach((l, i) => {
    const x = -width / 2 + BOARD_PAD + i * (colW + COLUMN_GUTTER_M);
    let y = -BOARD_PAD;
    const line = (key: string, text: string, size: number, role: 'hint' | 'caption'): void => {
      const b = block(key, text, x, y, colW, size, 'regular', role, langTag(l), fonts);
      blocks.push(b);
      y -= blockHeight(b);
    };
    if (held) {
      line(`board.held.${l}`, `${say(ui.guideHeld, l)} ${say(ui.guideHeldLeave, l)}`, BOARD_HINT_FONT_M, 'hint');
      y -= BOARD_GAP;
    }
    if (sharing) {
      line(`board.sharing.${l}`, say(ui.shareViewOn, l), BOARD_HINT_FONT_M, 'hint');
      y -= BOARD_GAP;
    }
    if (pointHint) {
      line(`board.pointHint.${l}`, say(ui.guidePointGrip, l), BOARD_HINT_FONT_M, 'hint');
      y -= BOARD_GAP;
    }
    if (countdown !== null) {
      line(`board.countdown.${l}`, `${say(ui.guideCountdown, l)} ${countdown}…`, BOARD_HINT_FONT_M, 'hint');
      y -= BOARD_GAP;
    }
    if (tour) {
      const led = tour.led ? ` · ${say(ui.tourLed, l)}` : '';
      line(
        `board.tourProgress.${l}`,
        `${say(ui.tourProgress, l)} ${tour.stopIndex + 1} / ${tour.stopCount}${led}`,
        BOARD_HINT_FONT_M,
        'hint',
      );
      if (tour.caption) line(`board.caption.${l}`, say(tour.caption, l), BOARD_CAPTION_FONT_M[extras.captionSize ?? 'medium'], 'caption');
      y -= BOARD_GAP;
    }
    for (const key of hints) {
      line(`board.${key}.${l}`, say(ui[key], l), BOARD_HINT_FONT_M, 'hint');
      y -= BOARD_GAP / 2;
    }
    height = Math.max(height, -y - BOARD_GAP / 2 + BOARD_PAD);
  });
  return { width, height, blocks };
}

/** Where the board hangs: its top edge's centre, its yaw (its text faces this way) and its lean (about its top edge). */
export interface BoardPose {
  position: Vec3;
  yaw: number;
  /** Rotation about the board's own x axis (three's Euler x, order YXZ), radians; positive turns its face downwards (the top edge towards the visitor, as a screen hung high), negative upwards. */
  tilt: number;
  width: number;
}

/** The finale's standing spot when the finale is focused: the board stands low ahead of it, as at the entrance. */
function finaleBase(corridor: CorridorLayout, focusedId: string | null): Pose | null {
  return focusedId !== null && focusedId === corridor.zones.finale.id ? corridor.finaleStanding : null;
}

/** How wide the board is where it would hang for this focus (the layout needs the width before the pose). */
export function captionBoardWidth(corridor: CorridorLayout, focusedId: string | null): number {
  const slot = corridor.slots.find((s) => s.id === focusedId);
  return slot ? slot.width : BOARD_ENTRANCE_WIDTH_M;
}

/**
 * Above the focused panel, as wide as it, its lower edge just above the panel's top and its top leaning out towards
 * the visitor's standing spot (facing down to the eyes); it stays clear of the panel in the view. Under a low ceiling the lean grows so the board fits. With no panel focused (the
 * entrance, or a place without a panel) it stands ahead of the visitor's start, below the line of sight, under the
 * entrance banner; at the finale, the same way ahead of the finale's standing spot, below the closing sign.
 */
export function captionBoardPose(corridor: CorridorLayout, focusedId: string | null, boardHeight: number): BoardPose {
  const slot = corridor.slots.find((s) => s.id === focusedId);
  if (!slot) {
    // At the finale: ahead of its standing spot, below the closing sign in the view (the sign hangs 4 m further on).
    const base = finaleBase(corridor, focusedId) ?? corridor.start;
    const [sx, , sz] = base.position;
    const yaw = base.yaw;
    return {
      position: [sx - Math.sin(yaw) * BOARD_ENTRANCE_AHEAD_M, BOARD_ENTRANCE_TOP_M, sz - Math.cos(yaw) * BOARD_ENTRANCE_AHEAD_M],
      // The board faces back towards the visitor.
      yaw: yaw,
      tilt: BOARD_ENTRANCE_TILT_RAD,
      width: BOARD_ENTRANCE_WIDTH_M,
    };
  }
  const top = slot.position[1] + slot.height / 2;
  const bottom = Math.max(top, PANEL_TOP_M) + BOARD_GAP_M;
  const room = corridor.heightM - BOARD_CEILING_CLEARANCE_M - bottom;
  // Lean so that the board's vertical extent (height · cos tilt) fits in the room, never less than BOARD_TILT_RAD.
  const tilt = boardHeight * Math.cos(BOARD_TILT_RAD) <= room ? BOARD_TILT_RAD : Math.acos(Math.min(1, Math.max(0, room / boardHeight)));
  // The top edge, out from the panel's face by the lean (a panel's local +z points out of its face).
  const out = boardHeight * Math.sin(tilt);
  const c = Math.cos(slot.yaw);
  const s = Math.sin(slot.yaw);
  return {
    position: [slot.position[0] + s * out, bottom + boardHeight * Math.cos(tilt), slot.position[2] + c * out],
    yaw: slot.yaw,
    tilt,
    width: slot.width,
  };
}
