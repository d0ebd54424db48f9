// The corridor's time scales (src/layout/scale.ts) and what they do to the corridor; languages as data.
import { describe, expect, it } from 'vitest';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { languageLabel, pick, shownLangs, yearsText } from '../../src/content/format.ts';
import { languageChoices, LANGUAGES } from '../../src/content/languages.ts';
import type { CorridorSettings, Exhibit, Milestone } from '../../src/content/schema.ts';
import { corridorLayout } from '../../src/layout/corridor.ts';
import { ENTRANCE_LENGTH_M, EXIT_LENGTH_M, WALK_SPEED_MPS } from '../../src/layout/constants.ts';
import { wristMenuLayout } from '../../src/layout/menu.ts';
import type { Fonts } from '../../src/layout/panel.ts';
import { chooseScale, groupKey, scaleLayout, tickStep, walkLength } from '../../src/layout/scale.ts';
import { FACES } from '../../src/text/faces.ts';
import { fontPackageFor, latinPathOf, scPathOf } from '../../src/text/glyphs.ts';

const base: CorridorSettings = { metresPerYear: 4, openEndedYears: 2, widthM: 4.4, heightM: 3.4, panelWidthM: 2.6, panelHeightM: 1.9 };
const span = (start: number, end: number | null = start) => ({ start, end });
const PLACEHOLDER = { unitsPerEm: 1000, ascender: 880, descender: -120, lineGap: 0, advances: {}, fallbackAdvance: 500 };
const fonts = Object.fromEntries(FACES.map((f) => [f, PLACEHOLDER])) as Fonts;

describe('time scales', () => {
  it('proportional: every year is metresPerYear long, as the IAMM corridor has always been', () => {
    const s = scaleLayout([span(2020, 2021), span(2022), span(2026, null)], base);
    expect(s.stretches).toEqual([
      { from: 0, to: 8 },
      { from: 8, to: 12 },
      { from: 24, to: 32 },
    ]);
    expect(s.length).toBe(32);
    expect(s.ticks.map((t) => t.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028]);
    expect(s.breaks).toEqual([]);
  });

  it('even: one bay per milestone whatever the years; several in one year and overlapping ones each get their own', () => {
    const ms = [span(1900, 1950), span(1920), span(1920), span(1920), span(2000)];
    const s = scaleLayout(ms, { ...base, scale: 'even', bayM: 5 });
    expect(s.stretches.map((x) => x.from)).toEqual([0, 5, 10, 15, 20]);
    expect(s.length).toBe(25);
    expect(s.ticks.map((t) => t.year)).toEqual([1900, 1920, 1920, 1920, 2000]);
  });

  it('compressed: short gaps stay proportional, a long one becomes a break with the years it skips', () => {
    const ms = [span(1900), span(1903), span(1990)];
    const s = scaleLayout(ms, { ...base, scale: 'compressed', metresPerYear: 1, bayM: 6, maxGapYears: 10 });
    // 1900's bay [0, 6); 1901–1902 empty: 2 m; 1903's bay [8, 14); 1904–1989 empty: a 3 m break; 1990 at 17.
    expect(s.stretches).toEqual([
      { from: 0, to: 6 },
      { from: 8, to: 14 },
      { from: 17, to: 23 },
    ]);
    expect(s.breaks).toEqual([{ d: 15.5, fromYear: 1904, toYear: 1989 }]);
  });

  it('a long proportional span ticks every 2, 5, 10 … years, never more than 200 ticks', () => {
    expect(tickStep(7)).toBe(1);
    expect(tickStep(1000)).toBe(5);
    expect(tickStep(5000)).toBe(50);
    expect(scaleLayout([span(0), span(3000)], base).ticks.length).toBeLessThanOrEqual(201);
  });

  it('the importer’s choice keeps a 40-event timeline walkable in under three minutes, whatever its shape', () => {
    const limitS = 180;
    const shapes = {
      decades: Array.from({ length: 40 }, (_, i) => span(1957 + Math.floor(i * 1.05))),
      centuries: Array.from({ length: 40 }, (_, i) => span(1000 + i * 25)),
      bce: Array.from({ length: 40 }, (_, i) => span(-3000 + i * 90)),
      oneYear: Array.from({ length: 40 }, () => span(1969)),
      hundred: Array.from({ length: 100 }, (_, i) => span(i * 300)),
    };
    for (const [name, ms] of Object.entries(shapes)) {
      const choice = chooseScale(ms, base);
      const walk = walkLength(scaleLayout(ms, { ...base, ...choice }), ENTRANCE_LENGTH_M, EXIT_LENGTH_M) / WALK_SPEED_MPS;
      expect(walk, `${name} (${choice.scale})`).toBeLessThan(limitS);
    }
    // Ten eras a year apart each: proportional is walkable and kept.
    expect(
      chooseScale(
        Array.from({ length: 10 }, (_, i) => span(2000 + i)),
        base,
      ).scale,
    ).toBe('proportional');
  });

  it('groups: listed once each, in order of first appearance, with the colour of their first event', () => {
    const ms = [
      { group: { en: 'A' }, accent: '#111111' },
      { accent: '#222222' },
      { group: { en: 'B' }, accent: '#333333' },
      { group: { en: 'A' }, accent: '#444444' },
    ] as Array<Pick<Milestone, 'group' | 'accent'>>;
    expect(groupKey(ms).map((g) => [g.name.en, g.accent])).toEqual([
      ['A', '#111111'],
      ['B', '#333333'],
    ]);
  });
});

describe('the corridor on a compressed and an even scale', () => {
  const iamm = loadExhibitFromDir('scenes');
  const events = (scale: 'even' | 'compressed'): Exhibit => ({
    exhibit: { ...iamm.exhibit, corridor: { ...iamm.exhibit.corridor, scale, bayM: 6, metresPerYear: 1, maxGapYears: 5 } },
    content: {
      ...iamm.content,
      kind: 'events',
      eras: [{ title: { zh: '一个时代', en: 'An era' }, start: 1900, end: 1930 }],
      milestones: [1900, 1920, 1920, 1960].map((y, i) => ({
        ...iamm.content.milestones[i % 5]!,
        id: `e${i}`,
        number: undefined,
        start: y,
        end: y,
      })),
    },
  });

  it('panels never share a stretch, in order down the corridor, and the far wall is past the last one', () => {
    for (const scale of ['even', 'compressed'] as const) {
      const l = corridorLayout(events(scale), 'both', fonts);
      l.slots.forEach((s, i) => {
        expect(s.zTo).toBeLessThan(s.zFrom);
        if (i > 0) expect(s.zFrom).toBeLessThanOrEqual(l.slots[i - 1]!.zTo + 1e-9);
      });
      expect(l.zFront).toBeLessThan(l.slots.at(-1)!.zTo);
    }
  });

  it('every event’s years are on the floor; a compressed break shows the years it skips; the era’s name is written', () => {
    const l = corridorLayout(events('compressed'), 'en', fonts);
    const texts = l.floorLabels.map((f) => f.text);
    expect(texts.filter((t) => t === '1920')).toHaveLength(2);
    expect(texts).toContain('1921 ··· 1959');
    expect(texts).toContain('An era');
    expect(texts).not.toContain('一个时代');
  });
});

describe('languages as data', () => {
  it('the switch offers each language of the exhibit, and "both" only when there are two', () => {
    expect(languageChoices(['zh', 'en'])).toEqual(['zh', 'en', 'both']);
    expect(LANGUAGES).toEqual(['zh', 'en', 'both']);
    expect(languageChoices(['en'])).toEqual(['en']);
    expect(languageChoices(['fr', 'de'])).toEqual(['fr', 'de', 'both']);
    expect(shownLangs('both', ['fr', 'de'])).toEqual(['fr', 'de']);
    expect(pick({ fr: 'Suivant', de: 'Weiter' }, 'both', ' · ', ['fr', 'de'])).toBe('Suivant · Weiter');
  });

  it('a language is named in itself: 中文, English, the exhibit’s languageNames for others', () => {
    const iamm = loadExhibitFromDir('scenes').exhibit;
    expect(['zh', 'en', 'both'].map((c) => languageLabel(iamm, c))).toEqual(['中文', 'English', '中文 + English']);
    const fr = { ...iamm, languages: ['fr', 'en'], languageNames: { fr: 'Français' } };
    expect(['fr', 'en', 'both'].map((c) => languageLabel(fr, c))).toEqual(['Français', 'English', 'Français + English']);
  });

  it('the wrist menu’s language buttons are the exhibit’s choices; a one-language exhibit has none', () => {
    const iamm = loadExhibitFromDir('scenes');
    const actions = (ex: Exhibit) => wristMenuLayout(ex, ex.exhibit.defaultLanguage, fonts).buttons.map((b) => b.action);
    expect(actions(iamm).filter((a) => a.startsWith('lang-'))).toEqual(['lang-zh', 'lang-en', 'lang-both']);
    const en: Exhibit = { ...iamm, exhibit: { ...iamm.exhibit, languages: ['en'], defaultLanguage: 'en' } };
    expect(actions(en).filter((a) => a.startsWith('lang-'))).toEqual([]);
  });

  it('fonts: a language other than Chinese is set in Noto Sans; without Chinese, Noto Sans SC needs no text; a character no face draws names a package', () => {
    expect(latinPathOf(['fr'])('content.intro.fr')).toBe(true);
    expect(latinPathOf(['zh', 'en'])('content.intro.zh')).toBe(false);
    expect(scPathOf(['zh', 'en'])('content.intro.en')).toBe(true);
    expect(scPathOf(['fr'])('content.intro.fr')).toBe(false);
    expect(fontPackageFor('ア')).toBe('@expo-google-fonts/noto-sans-jp');
    expect(fontPackageFor('ب')).toBe('@expo-google-fonts/noto-sans-arabic');
    expect(fontPackageFor('한')).toBe('@expo-google-fonts/noto-sans-kr');
  });

  it('BCE years read as years: a minus sign, and spaces round the dash of a range', () => {
    expect(yearsText({ start: -490, end: -490 })).toBe('\u2212490');
    expect(yearsText({ start: -447, end: -432 })).toBe('\u2212447 – \u2212432');
    expect(yearsText({ start: 2023, end: 2024 })).toBe('2023–2024');
  });
});
