import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/content/schema.ts';
import { angularSizeDeg, clampToBounds, corridorLayout, eraEndYear, inFirstView, slotAtZ, yearToZ } from '../../src/layout/corridor.ts';
import { BODY_FONT_M, LINE_HEIGHT, PANEL_MIN_BOTTOM_M, PANEL_TOP_M } from '../../src/layout/constants.ts';
import { drawnCharacters, layoutRuns } from '../../src/layout/drawn.ts';
import { FACE_INFO, FACES, faceFor } from '../../src/text/faces.ts';
import { buildExhibit } from '../../build/exhibit.ts';
import { needsGlyph } from '../../build/fonts.ts';
import { measure } from '../../src/text/metrics.ts';

const { corridor } = exhibit.exhibit;
const layouts = LANGUAGES.map((l) => [l, corridorLayout(exhibit, l, metrics)] as const);
const both = corridorLayout(exhibit, 'both', metrics);

describe('the corridor turns time into distance', () => {
  it('places the eras in time order, each as long as its years', () => {
    const slots = both.slots;
    expect(slots.map((s) => s.id)).toEqual(['2020-2021', '2022', '2023-2024', '2025', '2026-onward']);
    for (const s of slots) {
      const m = s.milestone;
      const years = eraEndYear(m, corridor.openEndedYears) - m.start;
      expect(s.zFrom - s.zTo).toBeCloseTo(years * corridor.metresPerYear, 6);
    }
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.zFrom).toBeCloseTo(slots[i - 1]!.zTo, 6);
    expect(yearToZ(2022, 2020, corridor.metresPerYear) - yearToZ(2023, 2020, corridor.metresPerYear)).toBeCloseTo(corridor.metresPerYear);
  });

  it('gives the open-ended era its own section at the far end, before the closing wall', () => {
    const last = both.slots[both.slots.length - 1]!;
    expect(last.milestone.end).toBeNull();
    expect(last.zTo).toBeGreaterThan(both.zFront);
    expect(both.closing.position[2]).toBeLessThanOrEqual(last.zTo);
  });

  it('hangs panels on alternating walls, inside their era, at reading height, in every language', () => {
    for (const [lang, l] of layouts) {
      l.slots.forEach((s, i) => {
        expect(s.side, `${lang} ${s.id}`).toBe(i % 2 === 0 ? 'left' : 'right');
        expect(s.width).toBeLessThan(s.zFrom - s.zTo);
        expect(s.position[1] + s.height / 2, `${lang} ${s.id} top`).toBeCloseTo(PANEL_TOP_M, 6);
        expect(s.position[1] - s.height / 2, `${lang} ${s.id} bottom`).toBeGreaterThanOrEqual(PANEL_MIN_BOTTOM_M);
      });
    }
  });

  it('keeps every line of text inside its panel', () => {
    for (const [lang, l] of layouts) {
      for (const s of l.slots) {
        for (const b of s.text.blocks) {
          const widest = Math.max(...b.text.split('\n').map((line) => measure(line, b.fontSize, metrics[b.face])));
          expect(widest, `${lang} ${b.key}`).toBeLessThanOrEqual(b.maxWidth + 1e-9);
          expect(b.x + b.maxWidth, `${lang} ${b.key} right edge`).toBeLessThanOrEqual(s.width / 2 + 1e-9);
          expect(b.y - b.lines * b.fontSize * LINE_HEIGHT, `${lang} ${b.key} bottom`).toBeGreaterThanOrEqual(-s.height);
        }
      }
    }
  });

  it('stands the visitor in front of each panel, looking at it, inside the walls', () => {
    for (const s of both.slots) {
      const [x, , z] = s.standing.position;
      expect(clampToBounds(x, z, both.bounds)).toEqual([x, z]);
      // A camera with this yaw looks along (-sin, -cos); that must point at the panel.
      const look = [-Math.sin(s.standing.yaw), -Math.cos(s.standing.yaw)];
      const to = [s.position[0] - x, s.position[2] - z];
      const len = Math.hypot(to[0]!, to[1]!);
      expect((look[0]! * to[0]! + look[1]! * to[1]!) / len).toBeCloseTo(1, 6);
    }
  });

  it('stops the visitor at the walls and the ends', () => {
    const b = both.bounds;
    expect(clampToBounds(-100, 0, b)).toEqual([b.xMin, 0]);
    expect(clampToBounds(100, 1e6, b)).toEqual([b.xMax, b.zMax]);
    expect(clampToBounds(0, -1e6, b)).toEqual([0, b.zMin]);
    expect(b.xMin).toBeGreaterThan(-corridor.widthM / 2);
  });

  it('knows which era a position is in, and none at the entrance', () => {
    expect(slotAtZ(both.slots, both.start.position[2])).toBeNull();
    for (const s of both.slots) expect(slotAtZ(both.slots, (s.zFrom + s.zTo) / 2)?.id).toBe(s.id);
  });

  it('keeps body text legible in VR: at least 0.8° tall seen from the walking line', () => {
    const halfWidth = corridor.widthM / 2;
    expect(angularSizeDeg(BODY_FONT_M, halfWidth)).toBeGreaterThanOrEqual(0.8);
    for (const s of both.slots) {
      const fromStanding = Math.hypot(s.standing.position[0] - s.position[0], s.standing.position[2] - s.position[2]);
      expect(angularSizeDeg(BODY_FONT_M, fromStanding)).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('labels every era start on the floor with its years', () => {
    const eraLabels = both.floorLabels.filter((f) => f.key.startsWith('era.')).map((f) => f.text);
    expect(eraLabels).toEqual(['2020–2021', '2022', '2023–2024', '2025', '2026 →']);
    expect(both.ticks.length).toBe(eraEndYear(both.slots.at(-1)!.milestone, corridor.openEndedYears) - 2020 + 1);
  });
});

describe('each run of text is set in the font of its language', () => {
  it('Chinese in Noto Sans SC; English and language-neutral runs (years, list markers) in Noto Sans', () => {
    expect([faceFor('zh-Hans', 'regular'), faceFor('zh-Hans', 'bold')]).toEqual(['scRegular', 'scBold']);
    expect([faceFor('en', 'regular'), faceFor('en', 'bold')]).toEqual(['latinRegular', 'latinBold']);
    expect([faceFor('', 'regular'), faceFor('', 'bold')]).toEqual(['latinRegular', 'latinBold']);
    for (const [lang, l] of layouts) {
      const blocks = [...l.slots.flatMap((s) => s.text.blocks), ...l.banner.blocks, ...l.closing.blocks];
      for (const b of blocks) {
        expect(b.face, `${lang} ${b.key}`).toBe(faceFor(b.lang, b.weight));
        expect(FACE_INFO[b.face].script, `${lang} ${b.key}`).toBe(b.lang === 'zh-Hans' ? 'sc' : 'latin');
      }
      const markers = blocks.filter((b) => b.role === 'marker' || b.role === 'years');
      expect(markers.length).toBeGreaterThan(0);
      for (const b of markers) expect(b.lang, b.key).toBe('');
      for (const f of l.floorLabels) expect(f.face, f.key).toBe(f.key.startsWith('era.') ? 'latinBold' : 'latinRegular');
    }
    const faces = new Set(layoutRuns(both).map((r) => r.face));
    expect([...faces].sort()).toEqual([...FACES].sort());
  });

  it('every character a run draws is in the subset of its face, with its own advance (no fallback width)', async () => {
    // The build's own metrics: the page gets them without the advances equal to the fallback (shippedMetrics).
    const built = await buildExhibit('scenes');
    for (const [lang, l] of layouts) {
      for (const { key, text, face } of layoutRuns(l)) {
        for (const ch of text) {
          if (needsGlyph(ch)) expect(built.fonts[face].metrics.advances[ch], `${lang} ${key} ${face} "${ch}"`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('knows which characters each face draws without the real metrics', () => {
    const drawn = drawnCharacters(exhibit);
    for (const [, l] of layouts) {
      for (const { text, face } of layoutRuns(l)) for (const ch of text) if (ch !== '\n') expect(drawn[face].has(ch), ch).toBe(true);
    }
    expect(drawn.latinBold.has('→')).toBe(true); // "2026 →"
    expect([...drawn.latinRegular, ...drawn.latinBold].some((ch) => /\p{Script=Han}/u.test(ch))).toBe(false);
  });
});

describe('the first view', () => {
  it('holds the entrance and the first era, not the rest; around a deep-linked milestone, that milestone', () => {
    const [first, second, ...rest] = both.slots;
    expect(inFirstView(both, both.banner.position[2])).toBe(true);
    expect(inFirstView(both, first!.position[2])).toBe(true);
    expect(inFirstView(both, second!.position[2])).toBe(false);
    for (const s of rest) expect(inFirstView(both, s.position[2]), s.id).toBe(false);
    const last = both.slots[both.slots.length - 1]!;
    const from = last.standing.position[2];
    expect(inFirstView(both, last.position[2], from)).toBe(true);
    expect(inFirstView(both, first!.position[2], from)).toBe(false);
  });
});
