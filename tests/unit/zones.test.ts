import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { FINALE_ID } from '../../src/content/ids.ts';
import { LANGUAGES } from '../../src/content/languages.ts';
import { angularSizeDeg, corridorLayout } from '../../src/layout/corridor.ts';
import { EYE_HEIGHT_M } from '../../src/layout/constants.ts';
import { stripEntries } from '../../src/layout/strip.ts';
import { placeAtZ, progressionSteps, zonesLayout } from '../../src/layout/zones.ts';
import { placeTexts } from '../../src/scene/Texts.tsx';
import { contrast, THEME } from '../../src/theme.ts';

const zones = zonesLayout(exhibit);
const milestones = exhibit.content.milestones;

describe('the corridor as a place', () => {
  it('has one zone per era, end to end in time order, then the finale up to the closing wall', () => {
    expect(zones.eras.map((e) => e.id)).toEqual(milestones.map((m) => m.id));
    expect(zones.entrance.zTo).toBe(zones.eras[0]!.zFrom);
    zones.eras.forEach((e, i) => {
      expect(e.zFrom).toBeGreaterThan(e.zTo);
      if (i > 0) expect(e.zFrom).toBe(zones.eras[i - 1]!.zTo);
    });
    expect(zones.finale.zFrom).toBe(zones.eras[zones.eras.length - 1]!.zTo);
    expect(zones.finale.zTo).toBe(zones.zFront);
  });

  it('gives every era its own colours, from its accent', () => {
    const floors = new Set(zones.eras.map((e) => e.floor));
    const coves = new Set(zones.eras.map((e) => e.cove));
    expect(floors.size).toBe(zones.eras.length);
    expect(coves.size).toBe(zones.eras.length);
    for (const e of zones.eras) expect(e.floor).not.toBe(THEME.floor);
  });

  it('stages the closing progression as four steps, in the seed’s words, in walking order', () => {
    const steps = zones.finale.steps;
    expect(steps.map((s) => s.label.en)).toEqual(['Innovation', 'Pilot Implementation', 'Standardization', 'Global Ecosystem Building']);
    expect(steps.map((s) => s.label.zh)).toEqual(['从技术创新', '场景示范', '标准化推广', '全球协作生态']);
    const progression = exhibit.content.closing!.progression;
    for (const s of steps) {
      expect(progression.zh).toContain(s.label.zh);
      expect(progression.en).toContain(s.label.en);
    }
    steps.forEach((s, i) => i > 0 && expect(s.zFrom).toBe(steps[i - 1]!.zTo));
    expect(() => progressionSteps({ zh: '甲 → 乙', en: 'A → B → C' }, ['zh', 'en'])).toThrow(/2 steps .* 3/);
  });

  it('knows where a visitor is: the entrance, an era, the finale', () => {
    expect(placeAtZ(zones, 0)).toBeNull();
    for (const e of zones.eras) expect(placeAtZ(zones, (e.zFrom + e.zTo) / 2)).toBe(e.id);
    expect(placeAtZ(zones, zones.finale.zFrom - 1)).toBe(FINALE_ID);
    expect(placeAtZ(zones, zones.zFront + 0.5)).toBe(FINALE_ID);
  });

  it('draws every era’s years large on its wall and each step’s name on its portal', () => {
    for (const language of LANGUAGES) {
      const layout = corridorLayout(exhibit, language, metrics);
      for (const e of zones.eras) expect(layout.wallLabels.find((w) => w.key === `wall.${e.id}`)?.text).toBe(e.years);
      const steps = layout.wallLabels.filter((w) => w.key.startsWith('step.'));
      expect(steps).toHaveLength(language === 'both' ? 8 : 4);
    }
  });

  it('tells a touch visitor how to move by touch, not with W A S D', () => {
    const touch = corridorLayout(exhibit, 'both', metrics, { touch: true });
    const desk = corridorLayout(exhibit, 'both', metrics);
    const text = (l: typeof touch): string => l.banner.blocks.map((b) => b.text.replace(/\n/g, ' ')).join(' ');
    expect(text(desk)).toContain('W A S D');
    expect(text(touch)).not.toContain('W A S D');
    expect(text(touch)).not.toMatch(/\bWASD\b/);
  });
});

describe('contrast and legibility in the zones', () => {
  it.each(zones.eras.map((e) => [e.id, e] as const))('era %s: its years on its wall and its floor ≥ 4.5:1', (_, e) => {
    expect(contrast(e.yearsOnWall, e.wallHigh)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(e.yearsOnWall, e.wallLow)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(e.yearsOnFloor, e.floor)).toBeGreaterThanOrEqual(4.5);
    // The small year ticks on the era's floor.
    expect(contrast(THEME.textOnDarkMuted, e.floor)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(zones.finale.steps.map((s) => [s.label.en, s] as const))('finale step %s: its name on its plate ≥ 4.5:1', (_, s) => {
    expect(contrast(s.text, s.plate)).toBeGreaterThanOrEqual(4.5);
  });

  it('text on the floor of the entrance and the finale ≥ 4.5:1', () => {
    expect(contrast(THEME.textOnDarkMuted, zones.entrance.floor)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(THEME.textOnDarkMuted, zones.finale.floor)).toBeGreaterThanOrEqual(4.5);
  });

  it('every text in the corridor subtends at least 0.8° from the walking line (the corridor’s middle, at eye height)', () => {
    for (const language of LANGUAGES) {
      const layout = corridorLayout(exhibit, language, metrics);
      for (const t of placeTexts(layout)) {
        if (t.rotation[0] !== 0) continue; // floor markings are read from above, walking over them
        const distance = Math.hypot(t.position[0], t.position[1] - EYE_HEIGHT_M);
        // A sign across the corridor is read from the walking line itself, ahead: at least 1 m away.
        const d = t.rotation[1] === 0 ? Math.max(1, distance) : distance;
        expect(angularSizeDeg(t.fontSize, d), t.key).toBeGreaterThanOrEqual(0.8);
      }
    }
  });
});

describe('the timeline strip', () => {
  it('lists every era and then the finale, in proportion along the walk, and marks where the visitor is', () => {
    const entries = stripEntries(exhibit, '2022');
    expect(entries.map((e) => e.id)).toEqual([...milestones.map((m) => m.id), FINALE_ID]);
    expect(entries.map((e) => e.kind)).toEqual([...milestones.map(() => 'era'), 'finale']);
    expect(entries.filter((e) => e.active).map((e) => e.id)).toEqual(['2022']);
    expect(entries[0]!.from).toBe(0);
    expect(entries[entries.length - 1]!.to).toBe(1);
    entries.forEach((e, i) => i > 0 && expect(e.from).toBeCloseTo(entries[i - 1]!.to, 9));
    expect(entries[0]!.years).toBe('2020–2021');
    expect(entries[entries.length - 1]!.label).toEqual(exhibit.exhibit.ui.finale);
    expect(
      stripEntries(exhibit, FINALE_ID)
        .filter((e) => e.active)
        .map((e) => e.kind),
    ).toEqual(['finale']);
    expect(stripEntries(exhibit, null).some((e) => e.active)).toBe(false);
  });
});
