import { exhibit, metrics } from 'virtual:exhibit';
import { type BufferAttribute, Color } from 'three';
import { describe, expect, it } from 'vitest';
import { layoutsByLanguage } from '../../src/layout/layouts.ts';
import { panelBoxes } from '../../src/layout/panelParts.ts';
import type { Box } from '../../src/layout/zones.ts';
import { BoxesGeometry, VERTICES_PER_BOX } from '../../src/scene/boxesGeometry.ts';
import { shellBoxes } from '../../src/scene/CorridorShell.tsx';
import { THEME } from '../../src/theme.ts';

const FLOATS = VERTICES_PER_BOX * 3;
const box = (x: number, h: number, low = '#202020', high = '#a0a0a0'): Box => ({
  centre: [x, h / 2, -2],
  size: [1, h, 0.1],
  yaw: 0.3,
  low,
  high,
});
const fresh = (boxes: readonly Box[]): BoxesGeometry => {
  const g = new BoxesGeometry(boxes.length);
  g.set(boxes);
  return g;
};
const arrays = (g: BoxesGeometry) => ({
  position: Array.from(g.geometry.getAttribute('position').array),
  colour: Array.from(g.geometry.getAttribute('color').array),
});
const ranges = (g: BoxesGeometry, name: 'position' | 'color') => (g.geometry.getAttribute(name) as BufferAttribute).updateRanges;

describe('the corridor’s boxes in one geometry', () => {
  it('writes every box once, shaded from low at the bottom to high at the top, uploaded whole the first time', () => {
    const g = fresh([box(0, 2), box(3, 1)]);
    const { position, colour } = arrays(g);
    expect(position.some((v) => v !== 0)).toBe(true);
    // The lowest vertex of box 0 has the low colour, the highest the high colour.
    const ys = Array.from({ length: VERTICES_PER_BOX }, (_, v) => position[v * 3 + 1]!);
    const lowest = ys.indexOf(Math.min(...ys));
    const highest = ys.indexOf(Math.max(...ys));
    const low = new Color('#202020');
    const high = new Color('#a0a0a0');
    expect(colour.slice(lowest * 3, lowest * 3 + 3)).toEqual([low.r, low.g, low.b].map(Math.fround));
    expect(colour.slice(highest * 3, highest * 3 + 3)).toEqual([high.r, high.g, high.b].map(Math.fround));
    // No ranges: three uploads the whole buffer when it first meets it.
    expect(ranges(g, 'position')).toEqual([]);
    expect(ranges(g, 'color')).toEqual([]);
    expect(g.geometry.boundingSphere?.radius).toBeGreaterThan(1);
  });

  it('rewrites only the boxes that differ, and uploads only their ranges, the same as built afresh', () => {
    const before = [box(0, 2), box(3, 1), box(6, 1.5)];
    const after = [box(0, 2), box(3, 1.4), box(6, 1.5)];
    const g = fresh(before);
    expect(g.set(after)).toBe(1);
    expect(arrays(g)).toEqual(arrays(fresh(after)));
    expect(ranges(g, 'position')).toEqual([{ start: FLOATS, count: FLOATS }]);
    expect(g.set(after)).toBe(0);
  });

  it('lights one box in one colour, gives it its own colours back when another is lit, and keeps it lit when rewritten', () => {
    const boxes = [box(0, 2), box(3, 1), box(6, 1.5)];
    const g = fresh(boxes);
    const unlit = arrays(g).colour;
    g.light(1, THEME.focus);
    const focus = new Color(THEME.focus);
    const lit = arrays(g).colour;
    for (let v = VERTICES_PER_BOX; v < 2 * VERTICES_PER_BOX; v++)
      expect(lit.slice(v * 3, v * 3 + 3)).toEqual([focus.r, focus.g, focus.b].map(Math.fround));
    expect(lit.slice(0, FLOATS)).toEqual(unlit.slice(0, FLOATS));

    const moved = [box(0, 2), box(3.5, 1), box(6, 1.5)];
    g.set(moved);
    expect(arrays(g).colour.slice(FLOATS, 2 * FLOATS)).toEqual(lit.slice(FLOATS, 2 * FLOATS));
    g.light(2, THEME.focus);
    expect(arrays(g)).toEqual(((f) => (f.light(2, THEME.focus), arrays(f)))(fresh(moved)));
    g.light(null, THEME.focus);
    expect(arrays(g)).toEqual(arrays(fresh(moved)));
  });

  it('refuses a list of another length, saying both numbers', () => {
    expect(() => fresh([box(0, 1)]).set([box(0, 1), box(1, 1)])).toThrow('2 boxes given for a geometry of 1');
  });

  it('a language switch rewrites only the boxes that differ between the languages (the signs), not the corridor', () => {
    const layouts = layoutsByLanguage(exhibit, metrics);
    const all = (l: 'zh' | 'en' | 'both') => [...shellBoxes(layouts(l)), ...panelBoxes(layouts(l))];
    const zh = all('zh');
    const en = all('en');
    const differ = zh.filter((b, i) => JSON.stringify(b) !== JSON.stringify(en[i])).length;
    expect(differ).toBeGreaterThan(0);
    expect(differ).toBeLessThan(zh.length / 10);
    const g = fresh(zh);
    expect(g.set(en)).toBe(differ);
    expect(arrays(g)).toEqual(arrays(fresh(en)));
  });
});
