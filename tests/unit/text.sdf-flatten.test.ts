// Glyph outlines flattened for troika's SDF generator (src/text/flattenPath.ts, build/sdf-flatten.ts): far fewer
// segments, the same field to within what a visitor could see, and the rewrite really applied to the troika we ship.
import { readFileSync } from 'node:fs';
import createSDFGenerator from 'webgl-sdf-generator';
import { describe, expect, it } from 'vitest';
import { rewriteTroikaSdfCall, TROIKA_SDF_ENTRY } from '../../build/sdf-flatten.ts';
import { flattenGlyphPath, flattenSdfPath, MAX_CURVE_SEGMENTS, SDF_FLATTEN_TOLERANCE_TEXELS } from '../../src/text/flattenPath.ts';
import { prng } from './prng.ts';

const gen = createSDFGenerator();

/** The polyline's vertices, from a flattened path (M/L/Z only). */
function vertices(path: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of path.matchAll(/([MLQCZ])([^MLQCZ]*)/g)) {
    if (m[1] === 'Q' || m[1] === 'C') throw new Error(`a curve was left in: ${m[0]}`);
    if (m[1] === 'Z') continue;
    const [x, y] = m[2]!.split(',').map(Number) as [number, number];
    out.push([x, y]);
  }
  return out;
}

function distToPolyline(px: number, py: number, pts: readonly [number, number][]): number {
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1]!;
    const [bx, by] = pts[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
  }
  return best;
}

describe('flattenGlyphPath', () => {
  it('keeps moves, lines and closes as they are', () => {
    expect(flattenGlyphPath('M0,0L10,0L10,10L0,10Z', 0.5)).toBe('M0,0L10,0L10,10L0,10Z');
    expect(flattenGlyphPath('M1 2 L3 4 Z', 0.5)).toBe('M1,2L3,4Z');
  });

  it('stays within the tolerance of every curve, ends on its end point, and never cuts finer than the generator did', () => {
    const rnd = prng(7);
    for (let k = 0; k < 200; k++) {
      const p = Array.from({ length: 8 }, () => Math.round(rnd() * 1000));
      const tol = 0.05 + rnd() * 2;
      const cubic = k % 2 === 1;
      const path = cubic
        ? `M${p[0]},${p[1]}C${p[2]},${p[3]},${p[4]},${p[5]},${p[6]},${p[7]}`
        : `M${p[0]},${p[1]}Q${p[2]},${p[3]},${p[4]},${p[5]}`;
      const pts = vertices(flattenGlyphPath(path, tol));
      expect(pts.length - 1).toBeLessThanOrEqual(MAX_CURVE_SEGMENTS);
      expect(pts[pts.length - 1]).toEqual(cubic ? [p[6], p[7]] : [p[4], p[5]]);
      let worst = 0;
      for (let i = 0; i <= 400; i++) {
        const t = i / 400;
        const u = 1 - t;
        const [x, y] = cubic
          ? [0, 1].map((o) => u * u * u * p[o]! + 3 * u * u * t * p[2 + o]! + 3 * u * t * t * p[4 + o]! + t * t * t * p[6 + o]!)
          : [0, 1].map((o) => u * u * p[o]! + 2 * u * t * p[2 + o]! + t * t * p[4 + o]!);
        worst = Math.max(worst, distToPolyline(x!, y!, pts));
      }
      // The generator's own 15 segments are the floor for a curve too big for them; else the tolerance holds
      // (plus the thousandth of a unit the numbers are rounded to).
      if (pts.length - 1 < MAX_CURVE_SEGMENTS) expect(worst, path).toBeLessThanOrEqual(tol + 0.002);
    }
  });

  it('refuses a tolerance that is not positive', () => {
    expect(() => flattenGlyphPath('M0,0Q1,1,2,0', 0)).toThrow(/tolerance/);
  });
});

describe('flattened outlines of the fonts the exhibit draws', async () => {
  const hb = await import('harfbuzzjs');
  const fonts = [
    '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
    '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
    '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  ];
  const text = '国际元宇宙医学协会里程碑智能数字孪生IAMMilestones2020–2021aegs@&';

  it.each(fonts)('%s: the 64-texel field is the same to within 2 of 255 levels, from under a quarter of the segments', (file) => {
    const data = readFileSync(new URL(`../../node_modules/${file}`, import.meta.url));
    const font = new hb.Font(new hb.Face(new hb.Blob(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))));
    let before = 0;
    let after = 0;
    let worst = 0;
    let glyphs = 0;
    for (const ch of text) {
      const glyph = font.nominalGlyph(ch.codePointAt(0)!);
      const path = glyph ? font.glyphToPath(glyph) : '';
      if (!path) continue;
      glyphs++;
      // troika's viewBox: the path's bounds plus its margin (sdfMargin 1/16 of the size, and half a texel).
      const xs: number[] = [];
      const ys: number[] = [];
      gen.forEachPathCommand(path, (_c: string, sx: number, sy: number, ex: number, ey: number) => {
        xs.push(sx, ex);
        ys.push(sy, ey);
      });
      const size = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
      const margin = (size / 64) * (64 / 16 + 0.5);
      const viewBox = [Math.min(...xs) - margin, Math.min(...ys) - margin, Math.max(...xs) + margin, Math.max(...ys) + margin];
      const maxDistance = Math.max(viewBox[2]! - viewBox[0]!, viewBox[3]! - viewBox[1]!);
      const flat = flattenSdfPath(path, viewBox, 64) as string;
      gen.pathToLineSegments(path, () => before++);
      gen.pathToLineSegments(flat, () => after++);
      const a = gen.javascript.generate(64, 64, path, viewBox, maxDistance, 9) as Uint8Array;
      const b = gen.javascript.generate(64, 64, flat, viewBox, maxDistance, 9) as Uint8Array;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    }
    expect(glyphs).toBeGreaterThan(20);
    expect(worst).toBeLessThanOrEqual(2);
    expect(after * 4).toBeLessThan(before);
  });

  it('flattenSdfPath uses a tenth of a texel of that glyph, and hands on anything it does not understand', () => {
    expect(SDF_FLATTEN_TOLERANCE_TEXELS).toBe(0.1);
    // |p0 − 2c + p1| = 1280 units, a texel = 10 units: ceil(sqrt(1280 / (4 · 1))) = 18 → capped at 15.
    expect(vertices(flattenSdfPath('M0,0Q320,640,640,0Z', [0, 0, 640, 640], 64) as string)).toHaveLength(16);
    // A texel of 1000 units (tolerance 100): ceil(sqrt(1280 / (4 · 100))) = 2 segments.
    expect(vertices(flattenSdfPath('M0,0Q320,640,640,0Z', [0, 0, 64000, 64000], 64) as string)).toHaveLength(3);
    expect(flattenSdfPath(42, [0, 0, 1, 1], 64)).toBe(42);
    expect(flattenSdfPath('M0,0Q1,1,2,0', 'not a box', 64)).toBe('M0,0Q1,1,2,0');
  });
});

describe('build/sdf-flatten.ts on the troika bundle we ship', () => {
  const bundle = readFileSync(new URL('../../node_modules/troika-three-text/dist/troika-three-text.esm.js', import.meta.url), 'utf8');

  it('makes its one generateSDF (the way of every glyph, GPU or workers) flatten the path first', () => {
    const out = rewriteTroikaSdfCall(bundle);
    expect(out).toContain(`${TROIKA_SDF_ENTRY}\n  path = __iammFlattenSdfPath(path, viewBox, width);`);
    expect(out.startsWith('import { flattenSdfPath as __iammFlattenSdfPath } from ')).toBe(true);
    expect(out.length - bundle.length).toBeLessThan(200);
  });

  it('fails loudly, naming the file, when an upgrade moved the call', () => {
    expect(() => rewriteTroikaSdfCall('export const x = 1;', 'troika.js')).toThrow(/troika\.js: expected exactly one/);
    expect(() => rewriteTroikaSdfCall(TROIKA_SDF_ENTRY + TROIKA_SDF_ENTRY)).toThrow(/exactly one/);
  });
});
