// The wrist menu: on the left palm, shown while the visitor looks at the palm turned towards them, or pinned open
// with Y (see src/input/wristMenu.ts); hidden, it is not drawn and takes no ray. The era strip (every era, the
// finale), language, previous / next, the guided tour (start, pause / resume, end, caption size), seated mode,
// stick walking, exit VR. Pressed by the right ray (trigger or pinch) or poked with the right index finger.
// Drawn in two calls: instanced buttons, one text batch. It floats in front of the palm, turned to the eyes.
import { useFrame, useThree, type ThreeEvent } from '@react-three/fiber';
import { useXR, useXRStore } from '@react-three/xr';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, Color, type Group, type InstancedMesh, MeshBasicMaterial, Object3D, Quaternion, Vector3 } from 'three';
import { FINALE_ID } from '../content/ids.ts';
import type { Exhibit } from '../content/schema.ts';
import { WRIST_MENU_LIFT_M } from '../layout/constants.ts';
import { CAPTION_SIZES, menuLanguage, wristMenuLayout, type MenuExtras } from '../layout/menu.ts';
import type { Fonts } from '../layout/panel.ts';
import type { Face } from '../text/faces.ts';
import { updateWristMenu, type WristMenuState } from '../input/wristMenu.ts';
import { THEME } from '../theme.ts';
import { useExhibit, useExhibitStore } from '../state/context.tsx';
import type { ExhibitState } from '../state/store.ts';
import { touchByInstance } from './instanceSpherecast.ts';
import { TextBatch, type PlacedText } from './Texts.tsx';

const BUTTON_DEPTH_M = 0.006;
/** The backing plate and every button (strip and rows): allocated once, `count` says how many. */
const MAX_INSTANCES = 32;
/** The object names the inspector (src/app/testHooks.ts) finds the menu by. */
export const WRIST_MENU_NAME = 'wrist-menu';

/** What the wrist menu shows, from the store: the one selection its component and the inspector share. */
export function wristMenuExtras(s: ExhibitState, canTour: boolean): MenuExtras {
  return {
    canTour,
    tour: s.tour,
    captionSize: s.captionSize,
    focusedId: s.focusedId,
    seated: s.seated,
    smoothWalk: s.smoothWalk,
    canShare: s.shareAvailable,
    sharing: s.sharingView,
  };
}

export function WristMenu({
  exhibit,
  fonts,
  metrics,
  defaultTour,
  wrist,
}: {
  exhibit: Exhibit;
  fonts: Record<Face, string>;
  metrics: Fonts;
  defaultTour: string | null;
  wrist: WristMenuState;
}) {
  const store = useExhibitStore();
  const xrStore = useXRStore();
  const language = useExhibit((s) => s.language);
  const seated = useExhibit((s) => s.seated);
  const smoothWalk = useExhibit((s) => s.smoothWalk);
  const tour = useExhibit((s) => s.tour);
  const captionSize = useExhibit((s) => s.captionSize);
  const focusedId = useExhibit((s) => s.focusedId);
  const canShare = useExhibit((s) => s.shareAvailable);
  const sharing = useExhibit((s) => s.sharingView);
  const session = useXR((s) => s.session);
  const gl = useThree((s) => s.gl);
  const xrCamera = useThree((s) => s.gl.xr.getCamera());
  const invalidate = useThree((s) => s.invalidate);
  const canTour = defaultTour !== null;
  const layout = useMemo(
    () => wristMenuLayout(exhibit, language, metrics, { canTour, tour, captionSize, focusedId, seated, smoothWalk, canShare, sharing }),
    [exhibit, language, metrics, canTour, tour, captionSize, focusedId, seated, smoothWalk, canShare, sharing],
  );
  const group = useRef<Group>(null);
  const buttonsRef = useRef<InstancedMesh>(null);
  const geometry = useMemo(() => new BoxGeometry(1, 1, 1), []);
  const material = useMemo(() => new MeshBasicMaterial(), []);
  // Scratch for the frame loop.
  const scratch = useMemo(
    () => ({ palm: new Vector3(), normal: new Vector3(), head: new Vector3(), forward: new Vector3(), q: new Quaternion(), shown: false }),
    [],
  );

  const texts = useMemo<PlacedText[]>(
    () =>
      layout.blocks.map((b) => ({
        key: b.key,
        text: b.text,
        face: b.face,
        fontSize: b.fontSize,
        colour: THEME.text,
        align: b.align,
        position: [b.x, b.y, BUTTON_DEPTH_M / 2 + 0.002],
        rotation: [0, 0, 0],
      })),
    [layout],
  );

  useLayoutEffect(() => {
    const mesh = buttonsRef.current;
    if (!mesh) return;
    const o = new Object3D();
    const c = new Color();
    // Instance 0 is the menu's backing plate; then one per button.
    o.position.set(0, layout.centreY, -BUTTON_DEPTH_M);
    o.scale.set(layout.width, layout.height, BUTTON_DEPTH_M);
    o.updateMatrix();
    mesh.setMatrixAt(0, o.matrix);
    mesh.setColorAt(0, c.set(THEME.background));
    layout.buttons.forEach((b, i) => {
      o.position.set(b.x, b.y, 0);
      o.scale.set(b.width, b.height, BUTTON_DEPTH_M);
      o.updateMatrix();
      mesh.setMatrixAt(i + 1, o.matrix);
      mesh.setColorAt(i + 1, c.set(b.active ? THEME.focus : THEME.panel));
    });
    mesh.count = layout.buttons.length + 1;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    invalidate();
  }, [layout, invalidate]);
  if (layout.buttons.length + 1 > MAX_INSTANCES)
    throw new Error(`The wrist menu has ${layout.buttons.length} buttons; raise MAX_INSTANCES`);

  // The poke reaches a button, never the whole menu (without this a fingertip near the menu held it "down" with no
  // button and switched the hand's ray off: see instanceSpherecast.ts).
  useLayoutEffect(() => {
    if (buttonsRef.current) touchByInstance(buttonsRef.current);
  }, []);

  useLayoutEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
    },
    [geometry, material],
  );

  useFrame((_, __, frame: XRFrame | undefined) => {
    const g = group.current;
    const mesh = buttonsRef.current;
    if (!g || !mesh) return;
    const ref = gl.xr.getReferenceSpace();
    let space: XRSpace | undefined;
    for (const s of xrStore.getState().inputSourceStates) {
      if ((s.type === 'controller' || s.type === 'hand') && s.inputSource.handedness === 'left') space = s.inputSource.gripSpace;
    }
    const pose = frame && ref && space ? frame.getPose(space, ref) : undefined;
    const { palm, normal, head, forward, q } = scratch;
    head.copy(xrCamera.position);
    forward.set(0, 0, -1).applyQuaternion(xrCamera.quaternion);
    let shown: boolean;
    if (pose) {
      const p = pose.transform.position;
      const o = pose.transform.orientation;
      palm.set(p.x, p.y, p.z);
      // The left hand's grip space has +x out of the palm (WebXR: -x out of the back of the left hand).
      normal.set(1, 0, 0).applyQuaternion(q.set(o.x, o.y, o.z, o.w));
      shown = updateWristMenu(wrist, palm, normal, head, forward);
    } else shown = updateWristMenu(wrist, null, null, head, forward);
    // Hidden: not drawn, and no ray or finger can press it.
    g.visible = shown;
    mesh.pointerEvents = shown ? 'auto' : 'none';
    if (shown && !scratch.shown) store.getState().hintDone('hintMenu');
    scratch.shown = shown;
    if (!shown) return;
    // In front of the palm, towards the eyes, turned upright to face them (pinned without a tracked left hand:
    // below the line of sight, ahead).
    if (pose) g.position.copy(palm).addScaledVector(forward.copy(head).sub(palm).normalize(), WRIST_MENU_LIFT_M);
    else
      g.position
        .copy(head)
        .addScaledVector(forward.setY(0).normalize(), 0.45)
        .setY(head.y - 0.25);
    const dx = head.x - g.position.x;
    const dy = head.y - g.position.y;
    const dz = head.z - g.position.z;
    g.rotation.set(-Math.atan2(dy, Math.hypot(dx, dz)), Math.atan2(dx, dz), 0, 'YXZ');
  });

  const onClick = (e: ThreeEvent<MouseEvent>): void => {
    e.stopPropagation();
    const button = e.instanceId === undefined ? undefined : layout.buttons[e.instanceId - 1];
    if (!button) return;
    const s = store.getState();
    const action = button.action;
    const lang = menuLanguage(action);
    if (lang !== null) s.setLanguage(lang);
    else if (action.startsWith('era:')) s.focus(action.slice('era:'.length), 'step');
    else if (action === 'finale') s.focus(FINALE_ID, 'step');
    else if (action === 'next') s.intent('next');
    else if (action === 'previous') s.intent('previous');
    else if (action === 'tour-start' && defaultTour !== null) s.requestTour('start', defaultTour);
    else if (action === 'tour-toggle') s.requestTour(s.tour?.status === 'paused' ? 'resume' : 'pause');
    else if (action === 'tour-stop') s.requestTour('stop');
    else if (action === 'caption-size') {
      s.setCaptionSize(CAPTION_SIZES[(CAPTION_SIZES.indexOf(s.captionSize) + 1) % CAPTION_SIZES.length] ?? 'medium');
    } else if (action === 'seated') s.setSeated(!s.seated);
    else if (action === 'smooth') s.setSmoothWalk(!s.smoothWalk);
    else if (action === 'share') s.setSharingView(!s.sharingView);
    else if (action === 'exit') void session?.end();
  };

  return (
    <group ref={group} name={WRIST_MENU_NAME} visible={false}>
      {/* Only the select ray and the finger press buttons: the left hand's teleport arc passes through to the floor. */}
      <instancedMesh
        ref={buttonsRef}
        args={[geometry, material, MAX_INSTANCES]}
        pointerEventsType={{ deny: 'teleport' }}
        onClick={onClick}
        name={`${WRIST_MENU_NAME}-buttons`}
      />
      <TextBatch texts={texts} fonts={fonts} />
    </group>
  );
}
