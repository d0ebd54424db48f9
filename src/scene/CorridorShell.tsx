// The static corridor in one draw call: floor, ceiling, the zones' walls, portals, ribs and cove lights, the floor's
// time line and its year ticks, merged into a single vertex-coloured geometry. The light is baked into the vertex
// colours (each box shades from its `low` colour at the bottom to its `high` colour at the top): no lights, no shadows.
import { useLayoutEffect, useMemo } from 'react';
import { BoxGeometry, BufferAttribute, Color, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import type { CorridorLayout } from '../layout/corridor.ts';
import { TICK_LENGTH_M } from '../layout/constants.ts';
import { wallYearsHalfWidth, zoneBoxes, type Box } from '../layout/zones.ts';
import { THEME } from '../theme.ts';

const SHELL_M = 0.1;
const LINE_WIDTH_M = 0.03;

function boxGeometry(b: Box): BufferGeometry {
  const [w, h, d] = b.size;
  const g = new BoxGeometry(w, h, d).toNonIndexed();
  g.translate(b.centre[0], b.centre[1], b.centre[2]);
  const low = new Color(b.low);
  const high = new Color(b.high);
  const c = new Color();
  const pos = g.getAttribute('position');
  const colours = new Float32Array(pos.count * 3);
  const bottom = b.centre[1] - h / 2;
  for (let i = 0; i < pos.count; i++) {
    c.lerpColors(low, high, h > 0 ? (pos.getY(i) - bottom) / h : 1);
    colours.set([c.r, c.g, c.b], i * 3);
  }
  g.setAttribute('color', new BufferAttribute(colours, 3));
  return g;
}

const flat = (centre: Box['centre'], size: Box['size'], colour: string): Box => ({ centre, size, low: colour, high: colour });

export function shellBoxes(layout: CorridorLayout): Box[] {
  const { widthM: w, heightM: h, zBack, zFront } = layout;
  const len = zBack - zFront;
  const midZ = (zBack + zFront) / 2;
  const panelHalf = (layout.slots[0]?.width ?? 0) / 2;
  return [
    flat([0, -SHELL_M / 2, midZ], [w + 2 * SHELL_M, SHELL_M, len], THEME.floor),
    flat([0, h + SHELL_M / 2, midZ], [w + 2 * SHELL_M, SHELL_M, len], THEME.ceiling),
    { centre: [0, h / 2, zBack + SHELL_M / 2], size: [w, h, SHELL_M], low: THEME.wall, high: THEME.wallLit },
    ...zoneBoxes(layout.zones, w, h, SHELL_M, (era) => Math.max(panelHalf, wallYearsHalfWidth(era)) + 0.25),
    flat(
      [0, 0.002, (layout.floorLine.zFrom + layout.floorLine.zTo) / 2],
      [LINE_WIDTH_M, 0.004, layout.floorLine.zFrom - layout.floorLine.zTo],
      THEME.textOnDarkMuted,
    ),
    ...layout.ticks.map((z) => flat([0, 0.0025, z], [TICK_LENGTH_M, 0.005, LINE_WIDTH_M], THEME.textOnDarkMuted)),
    // Each era's stretch of floor carries its accent along the wall it hangs on.
    ...layout.slots.map((s) =>
      flat(
        [(s.side === 'left' ? -1 : 1) * (w / 2 - 0.25), 0.003, (s.zFrom + s.zTo) / 2],
        [0.08, 0.006, s.zFrom - s.zTo - 0.1],
        s.accentFloor,
      ),
    ),
  ];
}

function boxesGeometry(boxes: readonly Box[]): BufferGeometry {
  const parts = boxes.map(boxGeometry);
  const merged = mergeGeometries(parts, false);
  parts.forEach((p) => p.dispose());
  if (!merged) throw new Error('CorridorShell: could not merge the corridor geometry');
  return merged;
}

export function CorridorShell({ layout }: { layout: CorridorLayout }) {
  // The shell does not depend on the language: a language switch lays out equal boxes, and the geometry (merged
  // and uploaded once) stays; it is built again only when the boxes differ.
  const boxes = useMemo(() => JSON.stringify(shellBoxes(layout)), [layout]);
  const geometry = useMemo(() => boxesGeometry(JSON.parse(boxes) as Box[]), [boxes]);
  useLayoutEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <mesh geometry={geometry} name="corridor">
      {/* Unlit: the vertex colours carry the light, so the colours drawn are the ones the contrast test checks. */}
      <meshBasicMaterial vertexColors />
    </mesh>
  );
}
