// The visitor's eyes on the desktop: walking, looking, gliding to milestones, and keeping the focused
// milestone in step with where the visitor stands. Per-frame values live in the mutable rig, not in React state.
// In VR the rig is driven by XRRig instead; focus requests then cut (no glide: no motion the visitor did not make).
import { useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { clampToBounds, slotAtZ, standingPose, type CorridorLayout } from '../layout/corridor.ts';
import { GLIDE_SECONDS, LOOK_RADIANS_PER_PX, WALK_SPEED_MPS } from '../layout/constants.ts';
import type { Intent } from '../input/bindings.ts';
import { createDesktopInput, useDesktopInput } from '../input/useDesktopInput.ts';
import { look, NO_MOVE, placeHead, startGlide, stepViewpoint, type Rig } from '../features/locomotion/motion.ts';
import { useExhibitStore } from '../state/context.tsx';
import { installInspector } from '../app/testHooks.ts';
import type { WatchFeed } from '../features/guide/tools.ts';

/** The first frame after a pause (demand loop, background tab) steps one nominal frame, not the whole pause. */
const FIRST_FRAME_S = 1 / 60;
/** Longest step while moving, so a slow device still glides in real time without leaping through walls. */
const MAX_FRAME_S = 1 / 4;

/** A booth screen draws frames this long after the last pose it got (then the demand loop rests). */
const WATCH_IDLE_MS = 2000;

export function Viewer({
  layout,
  rig,
  reducedMotion,
  watch = null,
}: {
  layout: CorridorLayout;
  rig: Rig;
  reducedMotion: boolean;
  /** A booth screen (`?watch=`): the camera shows the shared headset's smoothed view, and nothing else moves it. */
  watch?: WatchFeed | null;
}) {
  const store = useExhibitStore();
  const camera = useThree((s) => s.camera);
  const canvas = useThree((s) => s.gl.domElement);
  const invalidate = useThree((s) => s.invalidate);
  const input = useMemo(createDesktopInput, []);
  const view = rig.view;
  const onIntent = useCallback((i: Intent) => store.getState().intent(i), [store]);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  useEffect(() => installInspector(rig, () => layoutRef.current, camera, gl, scene), [rig, camera, gl, scene]);

  const wake = useCallback(() => invalidate(), [invalidate]);
  useDesktopInput(input, canvas, onIntent, wake);

  // Explicit focus (keys, click, link, buttons): glide to the milestone's standing spot (a kiosk reset cuts).
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.focusSeq === prev.focusSeq) return;
        const slot = layout.slots.find((x) => x.id === s.focusedId);
        if (!slot) return;
        // A tour stop may stand the visitor elsewhere than the milestone's own spot (kept inside the walls).
        const spot = standingPose(slot.standing, s.focusSpot);
        const [x, z] = clampToBounds(spot.position[0], spot.position[2], layout.bounds);
        const pose = { position: [x, spot.position[1], z] as const, yaw: spot.yaw };
        if (rig.inXR) placeHead(view, rig.head, x, z, pose.yaw);
        else startGlide(view, pose, reducedMotion || s.focusCause === 'reset' ? 0 : GLIDE_SECONDS);
        invalidate();
      }),
    [store, layout, view, rig, reducedMotion, invalidate],
  );

  const wasMoving = useRef(false);
  useFrame((_, delta) => {
    if (rig.inXR) return;
    if (watch) {
      const now = performance.now();
      if (watch.smoother.sample(now, watch.shown)) {
        const p = watch.shown;
        view.glide = null;
        view.x = p.x;
        view.y = p.y;
        view.z = p.z;
        view.yaw = p.yaw;
        view.pitch = p.pitch;
      }
      input.lookDx = 0;
      input.lookDy = 0;
      camera.position.set(view.x, view.y, view.z);
      camera.rotation.set(view.pitch, view.yaw, 0, 'YXZ');
      if (now - watch.lastAt < WATCH_IDLE_MS) invalidate();
      return;
    }
    const dt = Math.min(delta, wasMoving.current ? MAX_FRAME_S : FIRST_FRAME_S);
    if (input.lookDx !== 0 || input.lookDy !== 0) {
      look(view, input.lookDx * LOOK_RADIANS_PER_PX, input.lookDy * LOOK_RADIANS_PER_PX);
      input.lookDx = 0;
      input.lookDy = 0;
    }
    // A guide's hold stops walking (the keys stay held: releasing the hold walks on).
    const move = rig.held ? NO_MOVE : input.move;
    const walking = move.forward !== 0 || move.right !== 0;
    const moving = stepViewpoint(view, move, WALK_SPEED_MPS, dt, layout.bounds);
    camera.position.set(view.x, view.y, view.z);
    camera.rotation.set(view.pitch, view.yaw, 0, 'YXZ');
    if (walking) store.getState().focus(slotAtZ(layout.slots, view.z)?.id ?? null, 'walk');
    wasMoving.current = moving;
    if (moving) invalidate();
  });
  return null;
}
