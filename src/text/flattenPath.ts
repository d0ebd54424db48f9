// Glyph outlines flattened for the SDF generator, as few straight segments as the glyph's SDF can tell apart.
//
// troika-three-text builds each glyph's signed distance field on the GPU (webgl-sdf-generator): every straight
// segment of the outline is drawn as one full-size pass over the glyph's 64×64 texels, and every curve is cut into
// 15 segments whatever its size. A Noto Sans SC glyph is mostly short curves, so most of those passes add nothing
// the 64-texel field can show, and on a GPU that is really the CPU (SwiftShader; a phone's GPU under load) they
// are what keeps the first view unreadable for seconds. Here each curve gets only as many segments as keep the
// polyline within `tolerance` of the curve (a tenth of a texel by default), so the field is the same to within
// one 8-bit step and far cheaper to build. build/sdf-flatten.ts hands troika's generator the flattened path, on the
// GPU and in troika's JavaScript workers alike.

/** How far (in SDF texels) the polyline may stray from the true curve. */
export const SDF_FLATTEN_TOLERANCE_TEXELS = 0.1;
/** webgl-sdf-generator's own cut: 16 points, 15 segments per curve. Never more than that. */
export const MAX_CURVE_SEGMENTS = 15;

/** Segments a quadratic (p0, c, p1) needs to stay within `tol`: the curve's second difference bounds its deviation. */
export function quadraticSegments(x0: number, y0: number, cx: number, cy: number, x1: number, y1: number, tol: number): number {
  // |B''| = 2·|p0 − 2c + p1|; a chord over a t-interval h strays at most |B''|·h²/8 from the curve.
  const d = Math.hypot(x0 - 2 * cx + x1, y0 - 2 * cy + y1);
  return Math.min(MAX_CURVE_SEGMENTS, Math.max(1, Math.ceil(Math.sqrt(d / (4 * tol)))));
}

/** Segments a cubic (p0, c1, c2, p1) needs to stay within `tol` (|B''| ≤ 6·max second difference). */
export function cubicSegments(
  x0: number,
  y0: number,
  c1x: number,
  c1y: number,
  c2x: number,
  c2y: number,
  x1: number,
  y1: number,
  tol: number,
): number {
  const m = Math.max(Math.hypot(x0 - 2 * c1x + c2x, y0 - 2 * c1y + c2y), Math.hypot(c1x - 2 * c2x + x1, c1y - 2 * c2y + y1));
  return Math.min(MAX_CURVE_SEGMENTS, Math.max(1, Math.ceil(Math.sqrt((0.75 * m) / tol))));
}

const COMMAND = /([MLQCZ])([^MLQCZ]*)/g;

/**
 * An SVG-like glyph path (troika's M/L/Q/C/Z, absolute, comma or space separated) with every curve replaced by
 * straight segments within `tolerance` (path units) of it. Moves, lines and closes are kept as they are.
 */
export function flattenGlyphPath(path: string, tolerance: number): string {
  if (!(tolerance > 0)) throw new RangeError(`flattenGlyphPath: tolerance must be > 0 (got ${tolerance})`);
  let out = '';
  let x = 0;
  let y = 0;
  for (const [, cmd, rest] of path.matchAll(COMMAND)) {
    const a = rest!
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (cmd === 'Z') out += 'Z';
    else if (cmd === 'M' || cmd === 'L') {
      x = a[0]!;
      y = a[1]!;
      out += `${cmd}${x},${y}`;
    } else {
      // A curve from (x, y): Q c, end; C c1, c2, end. Its points at t = i/n, the last one exactly its end.
      const [c1x, c1y, c2x, c2y, ex, ey] = (cmd === 'Q' ? [a[0], a[1], 0, 0, a[2], a[3]] : a) as number[] as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const n =
        cmd === 'Q' ? quadraticSegments(x, y, c1x, c1y, ex, ey, tolerance) : cubicSegments(x, y, c1x, c1y, c2x, c2y, ex, ey, tolerance);
      for (let i = 1; i <= n; i++) {
        const t = i / n;
        const u = 1 - t;
        const at = (p0: number, p1: number, p2: number, p3: number): number =>
          cmd === 'Q'
            ? u * u * p0 + 2 * u * t * p1 + t * t * p3
            : u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
        out += `L${at(x, c1x, c2x, ex)},${at(y, c1y, c2y, ey)}`;
      }
      x = ex;
      y = ey;
    }
  }
  return out;
}

/**
 * A glyph's path as troika hands it to its SDF generator (`generateSDF(width, height, path, viewBox, …)`),
 * flattened to `texels` of that glyph's field: its viewBox spread over `width` texels. Anything it cannot read is
 * handed on untouched.
 */
export function flattenSdfPath(path: unknown, viewBox: unknown, width: unknown, texels = SDF_FLATTEN_TOLERANCE_TEXELS): unknown {
  if (typeof path !== 'string' || typeof width !== 'number' || !Array.isArray(viewBox) || viewBox.length < 4) return path;
  const [x0, y0, x1, y1] = viewBox as number[];
  const unitsPerTexel = Math.max(x1! - x0!, y1! - y0!) / width;
  return unitsPerTexel > 0 ? flattenGlyphPath(path, texels * unitsPerTexel) : path;
}
