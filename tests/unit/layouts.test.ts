import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { corridorLayout } from '../../src/layout/corridor.ts';
import { layoutsByLanguage } from '../../src/layout/layouts.ts';
import { LANGUAGES } from '../../src/content/languages.ts';
import { shellBoxes } from '../../src/scene/CorridorShell.tsx';

describe('the corridor laid out per language', () => {
  it('hands back the same layout for a language it has laid out, and each one as corridorLayout lays it', () => {
    const layouts = layoutsByLanguage(exhibit, metrics, { touch: false });
    for (const language of LANGUAGES) {
      const first = layouts(language);
      // Another language in between (as a kiosk visitor switches and the reset switches back).
      layouts(language === 'en' ? 'zh' : 'en');
      expect(layouts(language)).toBe(first);
      expect(first).toEqual(corridorLayout(exhibit, language, metrics, { touch: false }));
    }
    expect(layouts('zh')).not.toBe(layouts('en'));
  });

  it('lays the same corridor shell whatever the language (a switch keeps the shell geometry)', () => {
    const layouts = layoutsByLanguage(exhibit, metrics);
    const shells = LANGUAGES.map((l) => JSON.stringify(shellBoxes(layouts(l))));
    for (const s of shells) expect(s).toBe(shells[0]);
    // Not the same text: the panels' words differ by language.
    expect(layouts('zh').slots[0]!.text).not.toEqual(layouts('en').slots[0]!.text);
  });
});
