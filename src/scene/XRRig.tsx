// The visitor in VR: the XR origin placed from the rig each frame, teleport onto the corridor floor (left hand),
// snap turn (right stick), optional smooth walking (left stick), A / X and B for next / previous milestone, Y for the
// wrist menu, a guide's right grip to point at a line for the group, and the caption board above the focused panel. The same intents as the desktop go to the same store.
import { useFrame, useThree } from '@react-three/fiber';
import { TeleportTarget, useXR, useXRControllerLocomotion, useXRStore, XROrigin } from '@react-three/xr';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Euler, type Group, type Vector3 } from 'three';
import type { Exhibit } from '../content/schema.ts';
import { EYE_HEIGHT_M } from '../layout/constants.ts';
import { clampToBounds, type CorridorLayout } from '../layout/corridor.ts';
import { placeAtZ } from '../layout/zones.ts';
import type { Fonts } from '../layout/panel.ts';
import {
  pressedSince,
  SNAP_TURN_DEG,
  XR_BUTTON_INTENTS,
  XR_MENU_BUTTONS,
  XR_POINT_BUTTON,
  XR_POINT_HAND,
  XR_WALK_SPEED_MPS,
} from '../input/xrBindings.ts';
import { elementOnRay, gripTarget, rayInWorld } from '../input/point.ts';
import { createWristMenuState } from '../input/wristMenu.ts';
import type { Face } from '../text/faces.ts';
import { headInWorld, placeHead, turnAboutHead, type Rig } from '../features/locomotion/motion.ts';
import { useExhibit, useExhibitStore } from '../state/context.tsx';
import { provideXRInterface } from '../app/testHooks.ts';
import { CaptionBoard } from './CaptionBoard.tsx';
import { WristMenu } from './WristMenu.tsx';
import { xrVisible } from './XRPause.tsx';

export function XRRig({
  rig,
  layout,
  exhibit,
  fonts,
  metrics,
  defaultTour,
}: {
  rig: Rig;
  layout: CorridorLayout;
  exhibit: Exhibit;
  fonts: Record<Face, string>;
  metrics: Fonts;
  defaultTour: string | null;
}) {
  const store = useExhibitStore();
  const xrStore = useXRStore();
  const session = useXR((s) => s.session);
  const smoothWalk = useExhibit((s) => s.smoothWalk);
  const seated = useExhibit((s) => s.seated);
  const xrCamera = useThree((s) => s.gl.xr.getCamera());
  const origin = useRef<Group>(null);
  const held = useMemo(() => ({ left: new Set<string>(), right: new Set<string>() }), []);
  const down = useMemo(() => new Set<string>(), []);
  const pressed = useMemo<string[]>(() => [], []);
  const lastSlot = useRef<string | null>(null);
  const euler = useMemo(() => new Euler(0, 0, 0, 'YXZ'), []);
  const headWorld = useMemo(() => ({ x: 0, z: 0, yaw: 0 }), []);
  const wrist = useMemo(createWristMenuState, []);
  const ray = useMemo(() => ({ from: { x: 0, y: 0, z: 0 }, dir: { x: 0, y: 0, z: -1 }, origin: { x: 0, y: 0, z: 0, yaw: 0 } }), []);

  // Entering VR: the desktop eyes become the origin (the head starts above it). Leaving: the desktop eyes go
  // where the head was, so the visitor is back at the same place and milestone.
  // The walls the visitor is put back inside on leaving VR; the effect below only runs when a session starts or ends.
  const bounds = useRef(layout.bounds);
  useEffect(() => {
    bounds.current = layout.bounds;
  }, [layout.bounds]);
  useEffect(() => {
    if (!session) return;
    const v = rig.view;
    v.glide = null;
    v.pitch = 0;
    rig.head.x = 0;
    rig.head.z = 0;
    rig.head.yaw = 0;
    rig.inXR = true;
    wrist.pinned = false;
    wrist.byPalm = false;
    store.getState().setInXR(true);
    return () => {
      const h = headInWorld(v, rig.head);
      v.x = h.x;
      v.z = h.z;
      v.yaw = h.yaw;
      v.pitch = 0;
      const [x, z] = clampToBounds(v.x, v.z, bounds.current);
      v.x = x;
      v.z = z;
      rig.inXR = false;
      rig.lift = 0;
      store.getState().setInXR(false);
      store.getState().setSeated(false);
    };
  }, [session, rig, store, wrist]);

  // The inspector (window.__IAMM__) derives the VR interface from the same content and store.
  const corridor = useRef(layout);
  useEffect(() => {
    corridor.current = layout;
  }, [layout]);
  useEffect(() => {
    if (!session) return;
    return provideXRInterface({ exhibit, metrics, store, canTour: defaultTour !== null, corridor: () => corridor.current });
  }, [session, exhibit, metrics, store, defaultTour]);

  // Seated: lift the origin so the seated head is at standing eye height, measured when switched on.
  useEffect(() => {
    rig.lift = seated ? Math.max(0, EYE_HEIGHT_M - rig.head.y) : 0;
  }, [seated, rig]);

  const onLocomotion = useCallback(
    (velocity: Vector3, rotationY: number, delta: number) => {
      if (rotationY !== 0) {
        turnAboutHead(rig.view, rig.head, rotationY);
        store.getState().hintDone('hintTurn');
      }
      if (smoothWalk && !rig.held && (velocity.x !== 0 || velocity.z !== 0)) {
        const [x, z] = clampToBounds(rig.view.x + velocity.x * delta, rig.view.z + velocity.z * delta, layout.bounds);
        rig.view.x = x;
        rig.view.z = z;
      }
    },
    [rig, store, smoothWalk, layout],
  );
  useXRControllerLocomotion(
    onLocomotion,
    smoothWalk ? { speed: XR_WALK_SPEED_MPS } : false,
    { type: 'snap', degrees: SNAP_TURN_DEG },
    'left',
  );

  // The library's `point` already subtracts the head's offset (without the origin's turn); we take the raw hit on
  // the floor and place the head there ourselves.
  const onTeleport = useCallback(
    (_: Vector3, event: { point: Vector3 }) => {
      // A guide's hold: the teleport lands nowhere (the store counts the refusal, the notice shows again).
      if (rig.held) {
        store.getState().refuseHeld();
        return;
      }
      const [x, z] = clampToBounds(event.point.x, event.point.z, layout.bounds);
      placeHead(rig.view, rig.head, x, z, headInWorld(rig.view, rig.head).yaw);
      store.getState().hintDone('hintTeleport');
    },
    [rig, layout, store],
  );

  // A guide's grip press: the line the right ray is on, highlighted for the group (a second press, or one on nothing,
  // clears it), as the desktop's Alt+click. The ray is the controller's target ray this frame, in the world.
  const pointAlongRay = (source: XRInputSource, frame: XRFrame | undefined): void => {
    const space = xrStore.getState().originReferenceSpace;
    const pose = space ? frame?.getPose(source.targetRaySpace, space) : undefined;
    if (!pose) return;
    ray.origin.x = rig.view.x;
    ray.origin.y = rig.lift;
    ray.origin.z = rig.view.z;
    ray.origin.yaw = rig.view.yaw;
    rayInWorld(pose.transform.matrix, ray.origin, ray.from, ray.dir);
    const st = store.getState();
    st.pointAt(gripTarget(st.guideHighlight, elementOnRay(layout.slots, ray.from, ray.dir)));
  };

  useFrame((_, __, frame: XRFrame | undefined) => {
    if (!session || !origin.current) return;
    // The head relative to the origin (the XR camera is the origin's child), as of the last frame.
    rig.head.x = xrCamera.position.x;
    rig.head.y = xrCamera.position.y;
    rig.head.z = xrCamera.position.z;
    rig.head.yaw = euler.setFromQuaternion(xrCamera.quaternion, 'YXZ').y;
    origin.current.position.set(rig.view.x, rig.lift, rig.view.z);
    origin.current.rotation.set(0, rig.view.yaw, 0);

    // While the headset's system menu is up or the headset is off, presses are swallowed (XRPause pauses the tour).
    const attending = xrVisible(xrStore.getState().visibilityState);
    for (const s of xrStore.getState().inputSourceStates) {
      if (s.type !== 'controller') continue;
      const hand = s.inputSource.handedness;
      if (hand !== 'left' && hand !== 'right') continue;
      const bindings = XR_BUTTON_INTENTS[hand];
      down.clear();
      for (const id in bindings) if (s.gamepad[id]?.state === 'pressed') down.add(id);
      if (hand === 'left') for (const id of XR_MENU_BUTTONS) if (s.gamepad[id]?.state === 'pressed') down.add(id);
      if (hand === XR_POINT_HAND && s.gamepad[XR_POINT_BUTTON]?.state === 'pressed') down.add(XR_POINT_BUTTON);
      for (const id of pressedSince(held[hand], down, pressed)) {
        if (!attending) continue;
        if (hand === XR_POINT_HAND && id === XR_POINT_BUTTON) {
          if (store.getState().guiding) pointAlongRay(s.inputSource, frame);
          continue;
        }
        if (hand === 'left' && XR_MENU_BUTTONS.includes(id)) {
          wrist.pinned = !wrist.pinned;
          continue;
        }
        const intent = bindings[id];
        if (intent) {
          store.getState().intent(intent);
          store.getState().hintDone('hintSteps');
        }
      }
    }

    // As on the desktop, the milestone (or the finale) you stand in is the focused one.
    const id = placeAtZ(layout.zones, headInWorld(rig.view, rig.head, headWorld).z);
    if (id !== lastSlot.current) {
      lastSlot.current = id;
      store.getState().focus(id, 'walk');
    }
  });

  const b = layout.bounds;
  return (
    <>
      <XROrigin ref={origin}>
        {session && <WristMenu exhibit={exhibit} fonts={fonts} metrics={metrics} defaultTour={defaultTour} wrist={wrist} />}
      </XROrigin>
      {session && <CaptionBoard exhibit={exhibit} corridor={layout} fonts={fonts} metrics={metrics} />}
      {session && (
        <TeleportTarget onTeleport={onTeleport}>
          {/* Only the corridor floor inside the walls takes a teleport; invisible, so it costs no draw call. */}
          <mesh
            visible={false}
            rotation-x={-Math.PI / 2}
            position={[(b.xMin + b.xMax) / 2, 0, (b.zMin + b.zMax) / 2]}
            name="teleport-floor"
          >
            <planeGeometry args={[b.xMax - b.xMin, b.zMax - b.zMin]} />
          </mesh>
        </TeleportTarget>
      )}
    </>
  );
}
