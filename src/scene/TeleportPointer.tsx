// The left hand's teleport pointer: the library's (a bent ray that lands only on teleport targets, drawn while the
// trigger or pinch is held, with a cursor where it lands), except that a slow frame cannot swing the arc past the aim
// (arcTurnMs), and that the arc is tested against the floor only while the visitor aims (aimLine; both in
// src/input/teleportArc.ts). The library tested all 20 segments every frame: 12% of the XR frame's time.
import { buildTeleportTargetFilter, createTeleportRayLine, defaultRayPointerOpacity, syncTeleportPointerRayGroup } from '@pmndrs/xr';
import { createPortal, useFrame, useThree } from '@react-three/fiber';
import {
  CombinedPointer,
  PointerCursorModel,
  TeleportPointerRayModel,
  useLinesPointer,
  usePointerXRInputSourceEvents,
  useXRInputSourceStateContext,
  XRSpace,
} from '@react-three/xr';
import { useMemo, useRef } from 'react';
import type { Group, Mesh, Object3D } from 'three';
import { aimLine, arcTurnMs } from '../input/teleportArc.ts';

function ArcPointer() {
  const state = useXRInputSourceStateContext();
  const space = useRef<Object3D>(null);
  const arc = useRef<Group>(null);
  const cursor = useRef<Mesh>(null);
  const scene = useThree((s) => s.scene);
  const linePoints = useMemo(() => createTeleportRayLine(), []);
  // The line the pointer tests (the whole arc only while aiming), and whether the visitor aims: the pointer's own
  // select button is down (its selectstart arrives between frames, before the next frame's test).
  const line = useMemo(() => aimLine(linePoints, [], false), [linePoints]);
  const aiming = useRef<() => boolean>(() => false);
  const options = useMemo(() => {
    const targets = buildTeleportTargetFilter();
    return { linePoints: line, filter: (...args: Parameters<typeof targets>) => aiming.current() && targets(...args) };
  }, [line]);
  const pointer = useLinesPointer(arc, state, options, 'teleport');
  aiming.current = () => pointer.getButtonsDown().size > 0;
  usePointerXRInputSourceEvents(pointer, state.inputSource, 'select', state.events);
  // Before the pointers are tested this frame (the library tests them at priority -50).
  useFrame(() => aimLine(linePoints, line, aiming.current()), -60);
  useFrame((_, delta) => {
    if (cursor.current) cursor.current.visible = pointer.getEnabled() && pointer.getButtonsDown().size > 0;
    if (arc.current && space.current) syncTeleportPointerRayGroup(space.current, arc.current, arcTurnMs(delta));
  });
  return (
    <>
      <XRSpace ref={space} space="target-ray-space" />
      {createPortal(
        <group ref={arc}>
          <TeleportPointerRayModel linePoints={linePoints} pointer={pointer} opacity={defaultRayPointerOpacity} />
          <PointerCursorModel ref={cursor} pointer={pointer} opacity={defaultRayPointerOpacity} />
        </group>,
        scene,
      )}
    </>
  );
}

/** A teleport pointer for the controller or hand whose input source state is in context. */
export function TeleportPointer() {
  return (
    <CombinedPointer>
      <ArcPointer />
    </CombinedPointer>
  );
}
