// The in-VR menu, typeset without a renderer: buttons and their labels in menu-local metres (origin at the
// menu's centre, y up), with the same fonts and line-break rule as the panels.
import { CAPTION_SIZES, HINT_KEYS, type CaptionSize, type HintKey } from '../content/preferences.ts';
export { CAPTION_SIZES, HINT_KEYS, type CaptionSize, type HintKey };
import { labelLanguage, languageLabel, say, shownLangs, type Lang } from '../content/format.ts';
import { languageChoices } from '../content/languages.ts';
import type { Bilingual, Exhibit, Language, UiKey } from '../content/schema.ts';
import { languagesOf } from '../content/languages.ts';
import { block, blockHeight, langTag, type Fonts, type TextBlock } from './panel.ts';

/** `lang-<choice>`: one of the exhibit's language choices ('lang-zh', 'lang-en', 'lang-both' for IAMM). */
export type MenuAction =
  `lang-${string}` | 'previous' | 'next' | 'tour-start' | 'tour-toggle' | 'tour-stop' | 'caption-size' | 'seated' | 'smooth' | 'exit';

export const CAPTION_LABEL: Readonly<Record<CaptionSize, UiKey>> = {
  small: 'captionSmall',
  medium: 'captionMedium',
  large: 'captionLarge',
};
/** Caption type in VR, in metres (at the menu's ~0.6 m: about 1.7°, 2.1° and 2.7° tall). */
export const CAPTION_FONT_M: Readonly<Record<CaptionSize, number>> = { small: 0.018, medium: 0.022, large: 0.028 };

/** What the menu shows besides its buttons: the guided tour's caption, a live guide's countdown. */
export interface MenuExtras {
  /** Tours can be played here (the menu offers "Guided tour"). */
  canTour?: boolean;
  tour?: {
    status: 'playing' | 'paused' | 'finished';
    stopIndex: number;
    stopCount: number;
    caption: Bilingual | null;
    led: boolean;
  } | null;
  /** Whole seconds until a live guide's move, or null. */
  countdown?: number | null;
  captionSize?: CaptionSize;
}

export interface MenuButton {
  action: MenuAction;
  /** Centre of the button. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MenuLayout {
  width: number;
  height: number;
  /** Where the backing plate's centre is (the origin is the top of the buttons). */
  centreY: number;
  buttons: MenuButton[];
  blocks: TextBlock[];
}

/** Menu size and type, in metres, for a panel held about 0.55 m from the eyes. */
export const MENU_WIDTH_M = 0.44;
const PAD = 0.016;
const GAP = 0.008;
const BUTTON_H = 0.062;
const LABEL_FONT_M = 0.017;
const HINT_FONT_M = 0.016;

/** A button's label: a UI key, the caption-size button's "Caption size: Medium", or a language choice's name. */
type Label = UiKey | { captionSize: CaptionSize } | { language: string };

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
  ];
}

export function vrMenuLayout(
  exhibit: Exhibit,
  language: Language,
  hints: readonly HintKey[],
  fonts: Fonts,
  extras: MenuExtras = {},
): MenuLayout {
  const ui = exhibit.exhibit.ui;
  const languages = languagesOf(exhibit);
  const shown = shownLangs(language, languages);
  const inner = MENU_WIDTH_M - 2 * PAD;
  const blocks: TextBlock[] = [];
  let y = 0;
  const line = (key: string, text: string, l: Lang, size: number, role: 'hint' | 'caption'): void => {
    const b = block(key, text, -inner / 2, y, inner, size, 'regular', role, langTag(l), fonts);
    blocks.push(b);
    y -= blockHeight(b);
  };
  // At the top, nearest the line of sight: a live guide's countdown, then the tour's stop and caption.
  if (extras.countdown !== null && extras.countdown !== undefined) {
    for (const l of shown) line(`menu.countdown.${l}`, `${say(ui.guideCountdown, l)} ${extras.countdown}…`, l, HINT_FONT_M, 'hint');
    y -= GAP;
  }
  const tour = extras.tour ?? null;
  if (tour) {
    for (const l of shown) {
      const led = tour.led ? ` · ${say(ui.tourLed, l)}` : '';
      line(`menu.tourProgress.${l}`, `${say(ui.tourProgress, l)} ${tour.stopIndex + 1} / ${tour.stopCount}${led}`, l, HINT_FONT_M, 'hint');
    }
    const size = CAPTION_FONT_M[extras.captionSize ?? 'medium'];
    if (tour.caption) for (const l of shown) line(`menu.caption.${l}`, say(tour.caption, l), l, size, 'caption');
    y -= GAP;
  }
  // Then the hints, each in the chosen language(s).
  for (const key of hints) {
    for (const l of shown) {
      const b = block(`menu.${key}.${l}`, say(ui[key], l), -inner / 2, y, inner, HINT_FONT_M, 'regular', 'hint', langTag(l), fonts);
      blocks.push(b);
      y -= blockHeight(b);
    }
    y -= GAP;
  }
  const buttonsTop = y;
  const buttons: MenuButton[] = [];
  for (const row of rows(extras, languageChoices(languages))) {
    const w = (inner - GAP * (row.length - 1)) / row.length;
    row.forEach(([action, key], i) => {
      const cx = -inner / 2 + i * (w + GAP) + w / 2;
      // A language button names its language in that language, as on the page's toolbar.
      const own = typeof key === 'object' && 'language' in key ? labelLanguage(key.language, languages) : null;
      const langs = own ? [own] : shown;
      const text = (l: Lang): string =>
        typeof key === 'string'
          ? say(ui[key], l)
          : 'language' in key
            ? languageLabel(exhibit.exhibit, key.language)
            : `${say(ui.captionSize, l)}: ${say(ui[CAPTION_LABEL[key.captionSize]], l)}`;
      const labels = langs.map((l) =>
        block(`menu.${action}.${l}`, text(l), cx, 0, w - 2 * GAP, LABEL_FONT_M, 'bold', 'heading', langTag(l), fonts, 'center'),
      );
      const textH = labels.reduce((h, b) => h + blockHeight(b), 0);
      let ly = y - (BUTTON_H - textH) / 2;
      for (const b of labels) {
        b.y = ly;
        ly -= blockHeight(b);
      }
      blocks.push(...labels);
      buttons.push({ action, x: cx, y: y - BUTTON_H / 2, width: w, height: BUTTON_H });
    });
    y -= BUTTON_H + GAP;
  }
  const height = -y - GAP + 2 * PAD;
  // The buttons stay put whatever shows above them (a caption changing length never moves a button under a
  // visitor's ray): the menu's origin is the top of its buttons; text grows upwards, towards the line of sight.
  const shift = -buttonsTop;
  for (const b of blocks) b.y += shift;
  for (const b of buttons) b.y += shift;
  return { width: MENU_WIDTH_M, height, centreY: PAD - height / 2 + shift, buttons, blocks };
}
