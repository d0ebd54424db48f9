// A live guide's highlight: a pale band with a dark-gold border under the highlighted paragraph, list item or picture
// (in each language column), and, while it is out of view, an arrow near the middle of the view pointing to it.
// Where it goes comes from src/layout/elements.ts; the arrow is placed each frame from mutable scratch objects.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, ConeGeometry, type Group, MeshBasicMaterial, Quaternion, Vector3 } from 'three';
import type { CorridorLayout } from '../layout/corridor.ts';
import {
  PLATE_DEPTH_M,
  HIGHLIGHT_BORDER_M,
  HIGHLIGHT_IN_VIEW_RAD,
  HIGHLIGHT_LIFT_M,
  HIGHLIGHT_MARKER_DISTANCE_M,
  HIGHLIGHT_MARKER_LENGTH_M,
  HIGHLIGHT_MARKER_OFFSET_M,
  HIGHLIGHT_PAD_M,
} from '../layout/constants.ts';
import { placeElement } from '../layout/elements.ts';
import { THEME } from '../theme.ts';
import { useExhibit } from '../state/context.tsx';

/** Object names the inspector (src/app/testHooks.ts) finds the highlight and its arrow by. */
export const HIGHLIGHT_NAME = 'guide-highlight';
export const HIGHLIGHT_MARKER_NAME = 'guide-highlight-marker';

export function GuideHighlight({ layout }: { layout: CorridorLayout }) {
  const element = useExhibit((s) => s.guideHighlight);
  const invalidate = useThree((s) => s.invalidate);
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const rects = useMemo(
    () => (element ? placeElement(layout.slots, element, HIGHLIGHT_PAD_M, PLATE_DEPTH_M / 2 + HIGHLIGHT_LIFT_M) : []),
    [layout, element],
  );
  const box = useMemo(() => new BoxGeometry(1, 1, 1), []);
  const cone = useMemo(() => new ConeGeometry(HIGHLIGHT_MARKER_LENGTH_M * 0.45, HIGHLIGHT_MARKER_LENGTH_M, 20), []);
  const band = useMemo(() => new MeshBasicMaterial({ color: THEME.highlight }), []);
  const border = useMemo(() => new MeshBasicMaterial({ color: THEME.highlightBorder }), []);
  const arrow = useMemo(() => new MeshBasicMaterial({ color: THEME.focus, depthTest: false, transparent: true }), []);
  useLayoutEffect(
    () => () => {
      for (const d of [box, cone, band, border, arrow]) d.dispose();
    },
    [box, cone, band, border, arrow],
  );
  useEffect(() => invalidate(), [rects, invalidate]);

  const marker = useRef<Group>(null);
  const scratch = useMemo(
    () => ({ eye: new Vector3(), target: new Vector3(), dir: new Vector3(), q: new Quaternion(), qi: new Quaternion() }),
    [],
  );
  const first = rects[0];
  useFrame(() => {
    const m = marker.current;
    if (!m) return;
    if (!first) {
      m.visible = false;
      return;
    }
    const cam = gl.xr.isPresenting ? gl.xr.getCamera() : camera;
    const { eye, target, dir, q, qi } = scratch;
    cam.getWorldPosition(eye);
    cam.getWorldQuaternion(q);
    target.set(first.position[0], first.position[1], first.position[2]);
    // The highlight in the eyes' own frame: -z is straight ahead.
    dir.copy(target).sub(eye).applyQuaternion(qi.copy(q).invert());
    const ahead = -dir.z;
    const off = Math.atan2(Math.hypot(dir.x, dir.y), ahead);
    m.visible = off > HIGHLIGHT_IN_VIEW_RAD;
    if (!m.visible) return;
    // Towards the highlight across the view (straight behind: down, to the floor it stands on).
    let sx = dir.x;
    let sy = dir.y;
    const len = Math.hypot(sx, sy);
    if (len < 1e-6) [sx, sy] = [0, -1];
    else [sx, sy] = [sx / len, sy / len];
    m.position
      .set(sx * HIGHLIGHT_MARKER_OFFSET_M, sy * HIGHLIGHT_MARKER_OFFSET_M, -HIGHLIGHT_MARKER_DISTANCE_M)
      .applyQuaternion(q)
      .add(eye);
    m.quaternion.copy(q);
    // The cone points along its +y: turn it in the view's plane to point across at the highlight.
    m.rotateZ(Math.atan2(sy, sx) - Math.PI / 2);
  });

  return (
    <>
      <group name={HIGHLIGHT_NAME} userData={{ element }} visible={rects.length > 0}>
        {rects.map((r, i) => (
          <group key={i} position={r.position as [number, number, number]} rotation={[0, r.yaw, 0]}>
            <mesh
              geometry={box}
              material={border}
              position={[0, 0, -0.0005]}
              scale={[r.width + 2 * HIGHLIGHT_BORDER_M, r.height + 2 * HIGHLIGHT_BORDER_M, 0.0005]}
            />
            <mesh geometry={box} material={band} scale={[r.width, r.height, 0.0005]} />
          </group>
        ))}
      </group>
      <group ref={marker} name={HIGHLIGHT_MARKER_NAME} visible={false} renderOrder={10}>
        <mesh geometry={cone} material={arrow} renderOrder={10} />
      </group>
    </>
  );
}
