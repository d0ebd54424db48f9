// The static corridor in one draw call: floor, walls, ceiling, end walls, the floor's time line and
// its year ticks, merged into a single vertex-coloured geometry.
import { useLayoutEffect, useMemo } from 'react';
import { BoxGeometry, BufferAttribute, Color, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import type { CorridorLayout } from '../layout/corridor.ts';
import { TICK_LENGTH_M } from '../layout/constants.ts';
import { THEME } from '../theme.ts';

const SHELL_M = 0.1;
const LINE_WIDTH_M = 0.03;

function box(w: number, h: number, d: number, x: number, y: number, z: number, colour: string): BufferGeometry {
  const g = new BoxGeometry(w, h, d).toNonIndexed();
  g.translate(x, y, z);
  const c = new Color(colour);
  const n = g.getAttribute('position').count;
  const colours = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) colours.set([c.r, c.g, c.b], i * 3);
  g.setAttribute('color', new BufferAttribute(colours, 3));
  return g;
}

export function shellGeometry(layout: CorridorLayout): BufferGeometry {
  const { widthM: w, heightM: h, zBack, zFront } = layout;
  const len = zBack - zFront;
  const midZ = (zBack + zFront) / 2;
  const parts = [
    box(w + 2 * SHELL_M, SHELL_M, len, 0, -SHELL_M / 2, midZ, THEME.floor),
    box(w + 2 * SHELL_M, SHELL_M, len, 0, h + SHELL_M / 2, midZ, THEME.ceiling),
    box(SHELL_M, h, len, -w / 2 - SHELL_M / 2, h / 2, midZ, THEME.wall),
    box(SHELL_M, h, len, w / 2 + SHELL_M / 2, h / 2, midZ, THEME.wall),
    box(w, h, SHELL_M, 0, h / 2, zBack + SHELL_M / 2, THEME.wall),
    box(w, h, SHELL_M, 0, h / 2, zFront - SHELL_M / 2, THEME.wall),
    box(
      LINE_WIDTH_M,
      0.004,
      layout.floorLine.zFrom - layout.floorLine.zTo,
      0,
      0.002,
      (layout.floorLine.zFrom + layout.floorLine.zTo) / 2,
      THEME.textOnDarkMuted,
    ),
    ...layout.ticks.map((z) => box(TICK_LENGTH_M, 0.005, LINE_WIDTH_M, 0, 0.0025, z, THEME.textOnDarkMuted)),
    // Each era's stretch of floor carries its accent along the wall it hangs on.
    ...layout.slots.map((s) =>
      box(0.08, 0.006, s.zFrom - s.zTo - 0.1, (s.side === 'left' ? -1 : 1) * (w / 2 - 0.25), 0.003, (s.zFrom + s.zTo) / 2, s.accentFloor),
    ),
  ];
  const merged = mergeGeometries(parts, false);
  parts.forEach((p) => p.dispose());
  if (!merged) throw new Error('CorridorShell: could not merge the corridor geometry');
  return merged;
}

export function CorridorShell({ layout }: { layout: CorridorLayout }) {
  const geometry = useMemo(() => shellGeometry(layout), [layout]);
  useLayoutEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <mesh geometry={geometry} name="corridor">
      <meshLambertMaterial vertexColors />
    </mesh>
  );
}
