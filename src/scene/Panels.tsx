// The panels as pointer targets: one instance per box of src/layout/panelParts.ts (per milestone a frame, a plate and
// an accent bar; the two signs), never drawn (the corridor shell draws the same boxes in its single draw call). A
// click, a controller or hand ray, or a fingertip on a panel selects its milestone.
import type { ThreeEvent } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, type InstancedMesh, type Intersection, MeshBasicMaterial, Object3D, type Raycaster, Vector3 } from 'three';
import type { CorridorLayout, Vec3 } from '../layout/corridor.ts';
import { panelBoxes, PARTS_PER_PANEL } from '../layout/panelParts.ts';
import { hitPanel, panelHitIndex } from '../layout/panelHits.ts';
import { touchByInstance } from './instanceSpherecast.ts';

/** Clicks that moved the pointer further than this are drags (looking around), not selections. */
const CLICK_SLOP_PX = 6;

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
  const geometry = useMemo(() => new BoxGeometry(1, 1, 1), []);
  // Not drawn (three skips a mesh whose material is not visible); rays and fingertips still find it.
  const material = useMemo(() => new MeshBasicMaterial({ visible: false }), []);
  const parts = useMemo(() => panelBoxes(layout), [layout]);

  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const o = new Object3D();
    parts.forEach((p, i) => {
      o.position.set(p.centre[0], p.centre[1], p.centre[2]);
      o.rotation.set(0, p.yaw ?? 0, 0);
      o.scale.set(p.size[0], p.size[1], p.size[2]);
      o.updateMatrix();
      mesh.setMatrixAt(i, o.matrix);
    });
    mesh.count = parts.length;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [parts]);

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
