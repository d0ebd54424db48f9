// The visitor's eyes on the desktop: walking, looking, gliding to milestones, and keeping the focused
// milestone in step with where the visitor stands. Per-frame values live in a mutable viewpoint, not in React state.
import { useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { slotAtZ, type CorridorLayout } from '../layout/corridor.ts';
import { GLIDE_SECONDS, LOOK_RADIANS_PER_PX, WALK_SPEED_MPS } from '../layout/constants.ts';
import type { Intent } from '../input/bindings.ts';
import { createDesktopInput, useDesktopInput } from '../input/useDesktopInput.ts';
import { look, startGlide, stepViewpoint, viewpointAt } from '../tour/motion.ts';
import { useExhibitStore } from '../ui/store.tsx';
import { installInspector } from './inspect.ts';

/** The first frame after a pause (demand loop, background tab) steps one nominal frame, not the whole pause. */
const FIRST_FRAME_S = 1 / 60;
/** Longest step while moving, so a slow device still glides in real time without leaping through walls. */
const MAX_FRAME_S = 1 / 4;

export function Viewer({ layout, reducedMotion }: { layout: CorridorLayout; reducedMotion: boolean }) {
  const store = useExhibitStore();
  const camera = useThree((s) => s.camera);
  const canvas = useThree((s) => s.gl.domElement);
  const invalidate = useThree((s) => s.invalidate);
  const input = useMemo(createDesktopInput, []);
  const view = useMemo(() => {
    const id = store.getState().focusedId;
    const slot = layout.slots.find((s) => s.id === id);
    return viewpointAt(slot ? slot.standing : layout.start);
    // The start pose only: later layouts (a language change) keep the visitor where they are.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onIntent = useCallback(
    (i: Intent) => {
      const s = store.getState();
      if (i === 'next') s.step(1);
      else if (i === 'previous') s.step(-1);
      else if (i === 'first') s.first();
      else s.last();
    },
    [store],
  );
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const gl = useThree((s) => s.gl);
  useEffect(() => installInspector(view, () => layoutRef.current, camera, gl), [view, camera, gl]);

  const wake = useCallback(() => invalidate(), [invalidate]);
  useDesktopInput(input, canvas, onIntent, wake);

  // Explicit focus (keys, click, link, buttons): glide to the milestone's standing spot.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.focusSeq === prev.focusSeq) return;
        const slot = layout.slots.find((x) => x.id === s.focusedId);
        if (!slot) return;
        startGlide(view, slot.standing, reducedMotion ? 0 : GLIDE_SECONDS);
        invalidate();
      }),
    [store, layout, view, reducedMotion, invalidate],
  );

  const wasMoving = useRef(false);
  useFrame((_, delta) => {
    const dt = Math.min(delta, wasMoving.current ? MAX_FRAME_S : FIRST_FRAME_S);
    if (input.lookDx !== 0 || input.lookDy !== 0) {
      look(view, input.lookDx * LOOK_RADIANS_PER_PX, input.lookDy * LOOK_RADIANS_PER_PX);
      input.lookDx = 0;
      input.lookDy = 0;
    }
    const walking = input.move.forward !== 0 || input.move.right !== 0;
    const moving = stepViewpoint(view, input.move, WALK_SPEED_MPS, dt, layout.bounds);
    camera.position.set(view.x, view.y, view.z);
    camera.rotation.set(view.pitch, view.yaw, 0, 'YXZ');
    if (walking) store.getState().focus(slotAtZ(layout.slots, view.z)?.id ?? null, 'walk');
    wasMoving.current = moving;
    if (moving) invalidate();
  });
  return null;
}
