// The static corridor and its panels in one draw call: floor, ceiling, the zones' walls, portals, ribs and cove
// lights, the floor's time line and its year ticks, and every panel's frame, plate and accent bar and the two signs
// (src/layout/panelParts.ts), merged into a single vertex-coloured geometry. The light is baked into the vertex
// colours (each box shades from its `low` colour at the bottom to its `high` colour at the top): no lights, no
// shadows. The focused panel's frame is lit by recolouring its vertices. (Panels.tsx is the panels' pointer target.)
import { useThree } from '@react-three/fiber';
import { useLayoutEffect, useMemo } from 'react';
import type { CorridorLayout } from '../layout/corridor.ts';
import { TICK_LENGTH_M } from '../layout/constants.ts';
import { frameBox, panelBoxes } from '../layout/panelParts.ts';
import { wallYearsHalfWidth, zoneBoxes, type Box } from '../layout/zones.ts';
import { useExhibit } from '../state/context.tsx';
import { THEME } from '../theme.ts';
import { BoxesGeometry } from './boxesGeometry.ts';

const SHELL_M = 0.1;
const LINE_WIDTH_M = 0.03;

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

export function CorridorShell({ layout }: { layout: CorridorLayout }) {
  const invalidate = useThree((s) => s.invalidate);
  const { boxes, firstPanel } = useMemo(() => {
    const shell = shellBoxes(layout);
    return { boxes: [...shell, ...panelBoxes(layout)], firstPanel: shell.length };
  }, [layout]);
  // The geometry is kept while the number of boxes is: a language switch rewrites only the boxes that differ (the
  // two signs), not the whole corridor.
  const count = boxes.length;
  const corridor = useMemo(() => new BoxesGeometry(count), [count]);
  useLayoutEffect(() => () => corridor.dispose(), [corridor]);

  // Only this component follows the focus, and a new focus recolours two frames (72 vertices): the rest of the
  // scene is not rendered again, for each step of a tour.
  const focusedId = useExhibit((s) => s.focusedId);
  // The boxes first (a rewritten lit box stays lit), then the focus: a step of a tour does not compare every box.
  useLayoutEffect(() => {
    if (corridor.set(boxes) > 0) invalidate();
  }, [corridor, boxes, invalidate]);
  useLayoutEffect(() => {
    const frame = frameBox(layout, focusedId);
    if (corridor.light(frame === null ? null : firstPanel + frame, THEME.focus)) invalidate();
  }, [corridor, firstPanel, layout, focusedId, invalidate]);

  return (
    <mesh geometry={corridor.geometry} name="corridor">
      {/* Unlit: the vertex colours carry the light, so the colours drawn are the ones the contrast test checks. */}
      <meshBasicMaterial vertexColors />
    </mesh>
  );
}
