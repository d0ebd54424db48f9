// The static corridor and its panels in one draw call: floor, ceiling, the zones' walls, portals, ribs and cove
// lights, the floor's time line and its year ticks, and every panel's frame, plate and accent bar and the two signs
// (src/layout/panelParts.ts), merged into a single vertex-coloured geometry. The light is baked into the vertex
// colours (each box shades from its `low` colour at the bottom to its `high` colour at the top): no lights, no
// shadows. The focused panel's frame is lit by recolouring its vertices. (Panels.tsx is the panels' pointer target.)
import { useThree } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, BufferAttribute, Color, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import type { CorridorLayout } from '../layout/corridor.ts';
import { TICK_LENGTH_M } from '../layout/constants.ts';
import { frameBox, panelBoxes } from '../layout/panelParts.ts';
import { wallYearsHalfWidth, zoneBoxes, type Box } from '../layout/zones.ts';
import { useExhibit } from '../state/context.tsx';
import { THEME } from '../theme.ts';

/** Vertices of one box in the merged geometry (a box of one segment per side, not indexed). */
const VERTICES_PER_BOX = 36;

const SHELL_M = 0.1;
const LINE_WIDTH_M = 0.03;

function boxGeometry(b: Box): BufferGeometry {
  const [w, h, d] = b.size;
  const g = new BoxGeometry(w, h, d).toNonIndexed();
  if (b.yaw) g.rotateY(b.yaw);
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

/** Paints box `box` of a merged geometry in one colour (its colour range is uploaded again, nothing else). */
function paintBox(geometry: BufferGeometry, box: number, colour: string): void {
  const attribute = geometry.getAttribute('color') as BufferAttribute;
  const c = new Color(colour);
  const from = box * VERTICES_PER_BOX;
  for (let i = from; i < from + VERTICES_PER_BOX; i++) attribute.setXYZ(i, c.r, c.g, c.b);
  attribute.addUpdateRange(from * 3, VERTICES_PER_BOX * 3);
  attribute.needsUpdate = true;
}

export function CorridorShell({ layout }: { layout: CorridorLayout }) {
  const invalidate = useThree((s) => s.invalidate);
  // The shell does not depend on the language, the panels' sizes may: the geometry (merged and uploaded once) is
  // built again only when the boxes differ, not on every language switch.
  const shell = useMemo(() => JSON.stringify(shellBoxes(layout)), [layout]);
  const panels = useMemo(() => JSON.stringify(panelBoxes(layout)), [layout]);
  const { geometry, firstPanel } = useMemo(() => {
    const shellList = JSON.parse(shell) as Box[];
    const panelList = JSON.parse(panels) as Box[];
    const geometry = boxesGeometry([...shellList, ...panelList]);
    if (geometry.getAttribute('position').count !== (shellList.length + panelList.length) * VERTICES_PER_BOX)
      throw new Error('CorridorShell: a box is not 36 vertices');
    return { geometry, firstPanel: shellList.length };
  }, [shell, panels]);
  useLayoutEffect(() => () => geometry.dispose(), [geometry]);

  // Only this component follows the focus, and a new focus recolours two frames (72 vertices): the rest of the
  // scene is not rendered again, for each step of a tour.
  const focusedId = useExhibit((s) => s.focusedId);
  const lit = useRef<{ geometry: BufferGeometry; box: number } | null>(null);
  useLayoutEffect(() => {
    const frame = frameBox(layout, focusedId);
    const box = frame === null ? null : firstPanel + frame;
    const was = lit.current?.geometry === geometry ? lit.current.box : null;
    if (box === was) return;
    if (was !== null) paintBox(geometry, was, THEME.wall);
    if (box !== null) paintBox(geometry, box, THEME.focus);
    lit.current = box === null ? null : { geometry, box };
    invalidate();
  }, [geometry, firstPanel, layout, focusedId, invalidate]);

  return (
    <mesh geometry={geometry} name="corridor">
      {/* Unlit: the vertex colours carry the light, so the colours drawn are the ones the contrast test checks. */}
      <meshBasicMaterial vertexColors />
    </mesh>
  );
}
