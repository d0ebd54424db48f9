// The visitor's choices the exhibit knows by name: caption sizes and the first-visit VR hints (whose words are the
// `ui:` keys of the same name in scenes/exhibit.yaml). Plain data, so the store, the layout and the page share them.

export const CAPTION_SIZES = ['small', 'medium', 'large'] as const;
export type CaptionSize = (typeof CAPTION_SIZES)[number];

export type HintKey = 'hintMenu' | 'hintTeleport' | 'hintTurn' | 'hintSteps';
/** In the order the caption board shows them: how to open the menu first. */
export const HINT_KEYS: readonly HintKey[] = ['hintMenu', 'hintTeleport', 'hintTurn', 'hintSteps'];
