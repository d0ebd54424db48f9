// All panel plates in one instanced draw call: per milestone a frame (lit up when focused), a plate and an
// accent bar; plus plates for the entrance banner and the closing wall.
import { useThree, type ThreeEvent } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, Color, type InstancedMesh, type Intersection, MeshBasicMaterial, Object3D, type Raycaster, Vector3 } from 'three';
import type { CorridorLayout, Sign, Vec3 } from '../layout/corridor.ts';
import { ACCENT_BAR_M, PANEL_FRAME_M as FRAME_M, PLATE_DEPTH_M } from '../layout/constants.ts';
import { hitPanel, panelHitIndex } from '../layout/panelHits.ts';
import { THEME } from '../theme.ts';
import { touchByInstance } from './instanceSpherecast.ts';
import { useExhibit } from '../state/context.tsx';

/** Instances per milestone: frame, plate, accent bar. */
export const PARTS_PER_PANEL = 3;
/** Clicks that moved the pointer further than this are drags (looking around), not selections. */
const CLICK_SLOP_PX = 6;

interface Part {
  position: Vec3;
  yaw: number;
  scale: Vec3;
  colour: string;
}

/** The parts in instance order (milestone i's frame is instance i × PARTS_PER_PANEL), every frame unlit: focus lights one. */
function panelParts(layout: CorridorLayout): Part[] {
  const parts: Part[] = [];
  for (const s of layout.slots) {
    const back = -PLATE_DEPTH_M * 0.6;
    const c = Math.cos(s.yaw);
    const sn = Math.sin(s.yaw);
    // A point `d` metres behind the plate's face, along its normal.
    const behind = (d: number): Vec3 => [s.position[0] + d * sn, s.position[1], s.position[2] + d * c];
    parts.push({
      position: behind(back),
      yaw: s.yaw,
      scale: [s.width + 2 * FRAME_M, s.height + 2 * FRAME_M, PLATE_DEPTH_M * 0.5],
      colour: THEME.wall,
    });
    parts.push({ position: s.position, yaw: s.yaw, scale: [s.width, s.height, PLATE_DEPTH_M], colour: THEME.panel });
    const barY = s.position[1] + s.height / 2 - ACCENT_BAR_M / 2;
    parts.push({
      position: [s.position[0] + 0.002 * sn, barY, s.position[2] + 0.002 * c],
      yaw: s.yaw,
      scale: [s.width, ACCENT_BAR_M, PLATE_DEPTH_M],
      colour: s.accent,
    });
  }
  const sign = (g: Sign): Part => ({ position: g.position, yaw: g.yaw, scale: [g.width, g.height, PLATE_DEPTH_M], colour: THEME.panel });
  parts.push(sign(layout.banner), sign(layout.closing));
  return parts;
}

/**
 * How far the pointer moved between press and release, in pixels. XR pointers (controller rays, hands) have no
 * screen distance and their events throw on `delta`; for them a click is a click.
 */
function dragDistance(e: ThreeEvent<MouseEvent>): number {
  try {
    return e.delta;
  } catch {
    return 0;
  }
}

export function Panels({
  layout,
  onSelect,
}: {
  layout: CorridorLayout;
  /** A click on a milestone's panel: its id, the world point clicked, and whether Alt was held. */
  onSelect: (id: string, point: Vec3, alt: boolean) => void;
}) {
  const ref = useRef<InstancedMesh>(null);
  const invalidate = useThree((s) => s.invalidate);
  const geometry = useMemo(() => new BoxGeometry(1, 1, 1), []);
  // Unlit, so the plate colour is exactly the one the contrast test checks.
  const material = useMemo(() => new MeshBasicMaterial(), []);
  const parts = useMemo(() => panelParts(layout), [layout]);
  // Only this component follows the focus, and a new focus recolours two frames: the rest of the scene is not
  // rendered again, and no matrix or bounding sphere is recomputed, for each step of a tour.
  const focusedId = useExhibit((s) => s.focusedId);
  const lit = useRef<number | null>(null);

  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const o = new Object3D();
    const colour = new Color();
    parts.forEach((p, i) => {
      o.position.set(p.position[0], p.position[1], p.position[2]);
      o.rotation.set(0, p.yaw, 0);
      o.scale.set(p.scale[0], p.scale[1], p.scale[2]);
      o.updateMatrix();
      mesh.setMatrixAt(i, o.matrix);
      mesh.setColorAt(i, colour.set(p.colour));
    });
    mesh.count = parts.length;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    lit.current = null;
    invalidate();
  }, [parts, invalidate]);

  // The focused milestone's frame lit (declared after the effect above, so it runs after a new layout's colours).
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const slot = layout.slots.findIndex((s) => s.id === focusedId);
    const frame = slot < 0 ? null : slot * PARTS_PER_PANEL;
    if (frame === lit.current) return;
    const colour = new Color();
    if (lit.current !== null && lit.current < mesh.count) mesh.setColorAt(lit.current, colour.set(THEME.wall));
    if (frame !== null) mesh.setColorAt(frame, colour.set(THEME.focus));
    lit.current = frame;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    invalidate();
  }, [parts, layout, focusedId, invalidate]);

  // Pointers (mouse, controller and hand rays, the teleport arc) ask the mesh every frame. Three's own instanced
  // raycast tests every triangle of every part of every panel; this asks the panels' faces, nearest bucket first.
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const index = panelHitIndex(layout.slots);
    const o: [number, number, number] = [0, 0, 0];
    const d: [number, number, number] = [0, 0, 0];
    mesh.raycast = (raycaster: Raycaster, intersects: Intersection[]): void => {
      const { origin, direction } = raycaster.ray;
      o[0] = origin.x;
      o[1] = origin.y;
      o[2] = origin.z;
      d[0] = direction.x;
      d[1] = direction.y;
      d[2] = direction.z;
      const hit = hitPanel(index, o, d, raycaster.near, raycaster.far);
      const slot = hit && layout.slots[hit.index];
      if (!hit || !slot) return;
      const normal = new Vector3(Math.sin(slot.yaw), 0, Math.cos(slot.yaw));
      intersects.push({
        distance: hit.distance,
        point: new Vector3(hit.point[0], hit.point[1], hit.point[2]),
        object: mesh,
        // The plate of that panel (its frame and accent bar are the same panel to a click).
        instanceId: hit.index * PARTS_PER_PANEL + 1,
        face: { a: 0, b: 0, c: 0, normal, materialIndex: 0 },
        normal,
      });
    };
  }, [layout]);

  // A fingertip touches a panel, never the whole batch (see instanceSpherecast.ts).
  useLayoutEffect(() => {
    if (ref.current) touchByInstance(ref.current);
  }, []);

  useLayoutEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
    },
    [geometry, material],
  );

  const onClick = (e: ThreeEvent<MouseEvent>): void => {
    if (dragDistance(e) > CLICK_SLOP_PX || e.instanceId === undefined) return;
    const slot = layout.slots[Math.floor(e.instanceId / PARTS_PER_PANEL)];
    if (!slot) return;
    e.stopPropagation();
    onSelect(slot.id, [e.point.x, e.point.y, e.point.z], e.nativeEvent?.altKey === true);
  };

  return (
    <instancedMesh
      ref={ref}
      args={[geometry, material, parts.length]}
      onClick={onClick}
      onPointerOver={() => (document.body.style.cursor = 'pointer')}
      onPointerOut={() => (document.body.style.cursor = '')}
      name="panels"
    />
  );
}
