// The visitor's eyes on the desktop: walking, looking, gliding to milestones, and keeping the focused
// milestone in step with where the visitor stands. Per-frame values live in the mutable rig, not in React state.
// A focused panel is framed (src/layout/framing.ts): whole on screen, clear of the page's controls, at any viewport;
// a resize, a rotation or a control appearing re-frames it, as long as the visitor has not walked or looked away.
// In VR the rig is driven by XRRig instead; focus requests then cut (no glide: no motion the visitor did not make).
import { useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { PerspectiveCamera } from 'three';
import { clampToBounds, placePose, standingPose, type CorridorLayout } from '../layout/corridor.ts';
import { GLIDE_SECONDS, LOOK_RADIANS_PER_PX, WALK_SPEED_MPS } from '../layout/constants.ts';
import { fieldOfView, framePanel, freeArea, type Framing } from '../layout/framing.ts';
import { placeAtZ } from '../layout/zones.ts';
import type { Intent } from '../input/bindings.ts';
import { createDesktopInput, useDesktopInput } from '../input/useDesktopInput.ts';
import { look, NO_MOVE, placeHead, startGlide, stepViewpoint, type Rig } from '../features/locomotion/motion.ts';
import { useExhibit, useExhibitStore } from '../state/context.tsx';
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
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const canvas = useThree((s) => s.gl.domElement);
  const invalidate = useThree((s) => s.invalidate);
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const controls = useExhibit((s) => s.controls);
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

  // The free part of the screen and the field of view every panel fits in: per viewport, not per panel.
  const fit = useMemo(() => {
    const vp = { width, height };
    const free = freeArea(vp, controls);
    return { vp, free, fov: fieldOfView(layout.framing, vp, free) };
  }, [layout, width, height, controls]);
  const frame = useCallback(
    (id: string | null): Framing | null => {
      const target = layout.framing.find((t) => t.id === id);
      return target ? framePanel(target, fit.vp, fit.free, fit.fov) : null;
    },
    [layout, fit],
  );
  /** The milestone the camera was last framed on, until the visitor walks or looks away. */
  const framedId = useRef<string | null>(store.getState().focusedId);

  // Explicit focus (keys, click, link, buttons): glide to the framed spot (a kiosk reset cuts); in VR, cut to the standing spot.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.focusedId !== prev.focusedId) s.setFramedTextPx(frame(s.focusedId)?.textPx ?? null);
        if (s.focusSeq === prev.focusSeq) return;
        const slot = layout.slots.find((x) => x.id === s.focusedId);
        if (slot && s.focusSpot) {
          // A tour stop may stand the visitor elsewhere than the milestone's own spot (kept inside the walls).
          const spot = standingPose(slot.standing, s.focusSpot);
          const [x, z] = clampToBounds(spot.position[0], spot.position[2], layout.bounds);
          const pose = { position: [x, spot.position[1], z] as const, yaw: spot.yaw };
          framedId.current = null;
          if (rig.inXR) placeHead(view, rig.head, x, z, pose.yaw);
          else startGlide(view, pose, reducedMotion || s.focusCause === 'reset' ? 0 : GLIDE_SECONDS);
        } else if (rig.inXR) {
          const pose = placePose(layout, s.focusedId);
          if (pose) placeHead(view, rig.head, pose.position[0], pose.position[2], pose.yaw);
        } else {
          const f = frame(s.focusedId);
          if (!f) return;
          framedId.current = s.focusedId;
          startGlide(view, f, reducedMotion || s.focusCause === 'reset' ? 0 : GLIDE_SECONDS);
        }
        invalidate();
      }),
    [store, layout, view, rig, reducedMotion, invalidate, frame],
  );

  // A new viewport, new page controls or a new language: the same panel, framed again (a cut, or a glide re-aimed).
  useEffect(() => {
    if (rig.inXR) return;
    camera.fov = fit.fov;
    camera.updateProjectionMatrix();
    const id = store.getState().focusedId;
    const f = frame(id);
    store.getState().setFramedTextPx(f?.textPx ?? null);
    if (f && framedId.current === id) {
      if (view.glide) view.glide.to = f;
      else startGlide(view, f, 0);
    }
    invalidate();
  }, [fit, frame, camera, store, view, rig, invalidate]);

  // A booth screen: each pose that arrives wakes the demand-driven loop (it rests once the poses stop).
  useEffect(() => {
    if (!watch) return;
    watch.wake = () => invalidate();
    return () => {
      watch.wake = () => {};
    };
  }, [watch, invalidate]);

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
      framedId.current = null;
    }
    // A guide's hold stops walking (the keys stay held: releasing the hold walks on).
    const move = rig.held ? NO_MOVE : input.move;
    const walking = move.forward !== 0 || move.right !== 0;
    const moving = stepViewpoint(view, move, WALK_SPEED_MPS, dt, layout.bounds);
    camera.position.set(view.x, view.y, view.z);
    camera.rotation.set(view.pitch, view.yaw, 0, 'YXZ');
    if (walking) {
      framedId.current = null;
      store.getState().focus(placeAtZ(layout.zones, view.z), 'walk');
    }
    wasMoving.current = moving;
    if (moving) invalidate();
  });
  return null;
}
