// The in-VR menu, typeset without a renderer: buttons and their labels in menu-local metres (origin at the
// menu's centre, y up), with the same fonts and line-break rule as the panels.
import { shownLangs } from '../content/format.ts';
import type { Exhibit, Language, UiKey } from '../content/schema.ts';
import { block, blockHeight, LANG_TAG, type Fonts, type TextBlock } from './panel.ts';

export type MenuAction = 'lang-zh' | 'lang-en' | 'lang-both' | 'previous' | 'next' | 'seated' | 'smooth' | 'exit';
export type HintKey = 'hintTeleport' | 'hintTurn' | 'hintSteps';
export const HINT_KEYS: readonly HintKey[] = ['hintTeleport', 'hintTurn', 'hintSteps'];

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

const ROWS: ReadonlyArray<ReadonlyArray<[MenuAction, UiKey]>> = [
  [
    ['lang-zh', 'langZh'],
    ['lang-en', 'langEn'],
    ['lang-both', 'langBoth'],
  ],
  [
    ['previous', 'previous'],
    ['next', 'next'],
  ],
  [
    ['seated', 'seated'],
    ['smooth', 'smoothWalk'],
    ['exit', 'exitVr'],
  ],
];

/** A language button names its language in that language, as on the page's toolbar. */
const OWN_LANGUAGE: Partial<Record<MenuAction, 'zh' | 'en'>> = { 'lang-zh': 'zh', 'lang-en': 'en', 'lang-both': 'zh' };

export function vrMenuLayout(exhibit: Exhibit, language: Language, hints: readonly HintKey[], fonts: Fonts): MenuLayout {
  const ui = exhibit.exhibit.ui;
  const inner = MENU_WIDTH_M - 2 * PAD;
  const blocks: TextBlock[] = [];
  // Hints first (top), each in the chosen language(s).
  let y = 0;
  for (const key of hints) {
    for (const l of shownLangs(language)) {
      const b = block(`menu.${key}.${l}`, ui[key][l], -inner / 2, y, inner, HINT_FONT_M, 'regular', 'hint', LANG_TAG[l], fonts);
      blocks.push(b);
      y -= blockHeight(b);
    }
    y -= GAP;
  }
  const buttons: MenuButton[] = [];
  for (const row of ROWS) {
    const w = (inner - GAP * (row.length - 1)) / row.length;
    row.forEach(([action, key], i) => {
      const cx = -inner / 2 + i * (w + GAP) + w / 2;
      const own = OWN_LANGUAGE[action];
      const langs = own ? [own] : shownLangs(language);
      const labels = langs.map((l) => block(`menu.${action}.${l}`, ui[key][l], cx, 0, w - 2 * GAP, LABEL_FONT_M, 'bold', 'heading', LANG_TAG[l], fonts, 'center'));
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
  // Centre everything vertically on the menu's origin.
  const shift = height / 2 - PAD;
  for (const b of blocks) b.y += shift;
  for (const b of buttons) b.y += shift;
  return { width: MENU_WIDTH_M, height, buttons, blocks };
}
