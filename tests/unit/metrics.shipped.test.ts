// What the build ships of each face's metrics (src/text/metrics.ts shippedMetrics): every character keeps its advance.
import { metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { FACES } from '../../src/text/faces.ts';
import { advanceOf, type FontMetrics, measureUnits, shippedMetrics } from '../../src/text/metrics.ts';

const face: FontMetrics = {
  unitsPerEm: 1000,
  ascender: 880,
  descender: -120,
  lineGap: 0,
  advances: { 中: 1000, 文: 1000, A: 639, '→': 1000, i: 230 },
  fallbackAdvance: 1000,
};

describe('shipped metrics', () => {
  it('drops only the advances equal to the fallback, and every character measures the same', () => {
    const shipped = shippedMetrics(face);
    expect(shipped.advances).toEqual({ A: 639, i: 230 });
    for (const ch of [...Object.keys(face.advances), '字', ' ']) expect(advanceOf(ch, shipped)).toBe(advanceOf(ch, face));
    expect(measureUnits('中文 Ai→', shipped)).toBe(measureUnits('中文 Ai→', face));
  });

  it('the page gets them: no Chinese face ships an advance equal to its fallback', () => {
    for (const f of FACES) {
      const m = metrics[f];
      expect(Object.values(m.advances).filter((a) => a === m.fallbackAdvance)).toEqual([]);
    }
    // Latin letters differ from a full em, so they are all still there.
    expect(metrics.latinRegular.advances.A).toBeGreaterThan(0);
  });
});
