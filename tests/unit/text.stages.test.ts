// The order the corridor's words are built in (textStages): the entrance banner first, then the rest of the first
// view, then everything; each step holds the one before, and says what is readable once it is drawn.
import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/content/languages.ts';
import { bannerCharacters, corridorLayout, inFirstView } from '../../src/layout/corridor.ts';
import { placeTexts, textStages } from '../../src/scene/Texts.tsx';
import { createExhibitStore } from '../../src/state/store.ts';

describe('textStages', () => {
  it.each(LANGUAGES)('%s, from the entrance: banner, first view, everything — each holding the one before', (language) => {
    const layout = corridorLayout(exhibit, language, metrics);
    const all = placeTexts(layout);
    const stages = textStages(layout, all);
    expect(stages.map((s) => s.marks)).toEqual([['entrance'], ['firstView'], ['all']]);
    const [banner, first, whole] = stages.map((s) => new Set(s.texts.map((t) => t.key))) as [Set<string>, Set<string>, Set<string>];
    // The banner step is exactly the banner's words (title, subtitle, hint), in every language shown.
    expect([...banner].sort()).toEqual(layout.banner.blocks.map((b) => b.key).sort());
    expect([...banner].some((k) => k.startsWith('banner.title'))).toBe(true);
    for (const k of banner) expect(first.has(k), k).toBe(true);
    for (const k of first) expect(whole.has(k), k).toBe(true);
    expect(first.size).toBeGreaterThan(banner.size);
    expect(whole.size).toBeGreaterThan(first.size);
    expect(whole.size).toBe(all.length);
    // The first era's panel text is in the second step, not in the first.
    const firstEra = layout.slots[0]!;
    const eraKeys = firstEra.text.blocks.map((b) => b.key);
    expect(eraKeys.every((k) => first.has(k) && !banner.has(k))).toBe(true);
  });

  it('deep-linked at a milestone: no banner step; the first view is what the visitor faces', () => {
    const layout = corridorLayout(exhibit, 'zh', metrics);
    const all = placeTexts(layout);
    const slot = layout.slots[3]!;
    const stages = textStages(layout, all, slot.position[2]);
    expect(stages.map((s) => s.marks)).toEqual([['entrance', 'firstView'], ['all']]);
    expect(stages[0]!.texts.every((t) => inFirstView(layout, t.position[2], slot.position[2]))).toBe(true);
    expect(stages[0]!.texts.some((t) => slot.text.blocks.some((b) => b.key === t.key))).toBe(true);
  });

  it('a step that adds nothing merges into the one before (so no step waits on an empty batch)', () => {
    const layout = corridorLayout(exhibit, 'en', metrics);
    const bannerOnly = placeTexts(layout).filter((t) => layout.banner.blocks.some((b) => b.key === t.key));
    expect(textStages(layout, bannerOnly).map((s) => s.marks)).toEqual([['entrance', 'firstView', 'all']]);
    expect(textStages(layout, [])).toEqual([{ texts: [], marks: ['entrance', 'firstView', 'all'] }]);
  });
});

describe('bannerCharacters (the glyphs the page has troika build while it starts)', () => {
  it.each(LANGUAGES)('%s: every character of the banner, in the face that draws it, for a mouse and a touch visitor', (language) => {
    const chars = bannerCharacters(exhibit, language, metrics);
    for (const touch of [false, true]) {
      const layout = corridorLayout(exhibit, language, metrics, { touch });
      for (const b of layout.banner.blocks) {
        for (const ch of b.text) if (ch.trim()) expect(chars[b.face] ?? '', `${b.key} ${ch}`).toContain(ch);
      }
    }
    // Nothing twice, no spaces.
    for (const s of Object.values(chars)) expect(new Set(s).size).toBe([...s].length);
  });
});

describe('the store marks the text steps in order', () => {
  it('the first view drawn means the entrance is readable too, and the progress bar never goes back', () => {
    const store = createExhibitStore({ ids: ['a', 'b'], language: 'both', view: '3d', focusedId: null });
    const s = () => store.getState();
    expect([s().entranceDrawn, s().firstViewDrawn, s().drawn['3d']]).toEqual([false, false, false]);
    s().setProgress(0.5);
    s().setFirstViewDrawn();
    expect([s().entranceDrawn, s().firstViewDrawn]).toEqual([true, true]);
    expect(s().progress).toBe(0.6);
    // A late entrance mark (its batch finished after the first view's) changes nothing.
    s().setEntranceDrawn();
    expect(s().progress).toBe(0.6);
    s().setDrawn('3d');
    expect(s().progress).toBe(1);
  });
});
