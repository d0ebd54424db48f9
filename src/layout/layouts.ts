// The corridor laid out once per language choice. A kiosk switches 中文 → English → back for every visitor: each
// choice's layout is computed the first time it is asked for and handed back, the same object, every time after.
// Downstream memos (the scene's text list, the corridor shell) then see a layout they have seen, and a language
// switch costs no new line breaking.
import type { Exhibit, Language } from '../content/schema.ts';
import { corridorLayout, type CorridorLayout, type LayoutOptions } from './corridor.ts';
import type { Fonts } from './panel.ts';

/** A function from the language choice to its layout, each computed at most once (pure apart from its own cache). */
export function layoutsByLanguage(exhibit: Exhibit, fonts: Fonts, options: LayoutOptions = {}): (language: Language) => CorridorLayout {
  const made = new Map<Language, CorridorLayout>();
  return (language) => {
    let layout = made.get(language);
    if (!layout) {
      layout = corridorLayout(exhibit, language, fonts, options);
      made.set(language, layout);
    }
    return layout;
  };
}
