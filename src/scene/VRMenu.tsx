// The in-VR menu: a small panel held below the line of sight that follows the visitor's facing lazily (look down
// to use it, it never blocks a panel). Language, previous / next, the guided tour (start, pause / resume, end,
// caption size), seated mode, stick walking, exit VR; at its top a live guide's countdown and the tour's stop and
// caption, then the first-visit hints until the visitor has used each. Drawn in two calls: instanced buttons, one text batch.
import { useFrame, useThree, type ThreeEvent } from '@react-three/fiber';
import { useXR } from '@react-three/xr';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, Color, type Group, type InstancedMesh, MeshBasicMaterial, Object3D } from 'three';
import type { Exhibit } from '../content/schema.ts';
import { CAPTION_SIZES, HINT_KEYS, menuLanguage, vrMenuLayout, type MenuAction } from '../layout/menu.ts';
import type { Fonts } from '../layout/panel.ts';
import type { Face } from '../text/faces.ts';
import { angleDelta, type Rig } from '../features/locomotion/motion.ts';
import { THEME } from '../theme.ts';
import { useExhibit, useExhibitStore } from '../state/context.tsx';
import { TextBatch, type PlacedText } from './Texts.tsx';

/**
 * Where the menu is held, relative to the head: below and in front, tilted up towards the eyes. This is the top edge of
 * its buttons (they hang below it; the middle of the buttons lands about 0.42 m down, 0.5 m ahead); text (caption,
 * countdown, hints) grows upwards from there, towards the line of sight but still below it.
 */
const MENU_DOWN_M = 0.31;
const MENU_AHEAD_M = 0.59;
const MENU_TILT_RAD = -0.7;
/** The menu follows the head's facing only once it has turned this far away (radians), then catches up. */
const FOLLOW_AFTER_RAD = 0.6;
const FOLLOW_RATE = 4;
const BUTTON_DEPTH_M = 0.008;
/** The backing plate and every button (the menu has at most 12 buttons): allocated once, `count` says how many. */
const MAX_INSTANCES = 16;

export function VRMenu({
  exhibit,
  fonts,
  metrics,
  rig,
  defaultTour,
}: {
  exhibit: Exhibit;
  fonts: Record<Face, string>;
  metrics: Fonts;
  rig: Rig;
  defaultTour: string | null;
}) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const seated = useExhibit((s) => s.seated);
  const smoothWalk = useExhibit((s) => s.smoothWalk);
  const hintsDone = useExhibit((s) => s.hintsDone);
  const tour = useExhibit((s) => s.tour);
  const countdown = useExhibit((s) => s.guideCountdown);
  const captionSize = useExhibit((s) => s.captionSize);
  const session = useXR((s) => s.session);
  const invalidate = useThree((s) => s.invalidate);
  const hints = useMemo(() => HINT_KEYS.filter((k) => !hintsDone.includes(k)), [hintsDone]);
  const layout = useMemo(
    () => vrMenuLayout(exhibit, language, hints, metrics, { canTour: defaultTour !== null, tour, countdown, captionSize }),
    [exhibit, language, hints, metrics, defaultTour, tour, countdown, captionSize],
  );
  const group = useRef<Group>(null);
  const buttonsRef = useRef<InstancedMesh>(null);
  const follow = useMemo(() => ({ yaw: rig.head.yaw }), [rig]);
  const geometry = useMemo(() => new BoxGeometry(1, 1, 1), []);
  const material = useMemo(() => new MeshBasicMaterial(), []);

  const texts = useMemo<PlacedText[]>(
    () =>
      layout.blocks.map((b) => ({
        key: b.key,
        text: b.text,
        face: b.face,
        fontSize: b.fontSize,
        colour: b.role === 'hint' || b.role === 'caption' ? THEME.textOnDark : THEME.text,
        align: b.align,
        position: [b.x, b.y, BUTTON_DEPTH_M / 2 + 0.002],
        rotation: [0, 0, 0],
      })),
    [layout],
  );

  useLayoutEffect(() => {
    const mesh = buttonsRef.current;
    if (!mesh) return;
    const active = (a: MenuAction): boolean => menuLanguage(a) === language || (a === 'seated' && seated) || (a === 'smooth' && smoothWalk);
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
      mesh.setColorAt(i + 1, c.set(active(b.action) ? THEME.focus : THEME.panel));
    });
    mesh.count = layout.buttons.length + 1;
    // For window.__IAMM__.menuButtonCentre (tests, maintainers): where each button is.
    mesh.userData.buttons = layout.buttons;
    // For window.__IAMM__.menuText: what the menu says.
    mesh.userData.texts = layout.blocks.map((b) => b.text.replace(/\n/g, b.lang === 'en' ? ' ' : ''));
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    invalidate();
  }, [layout, language, seated, smoothWalk, invalidate]);
  if (layout.buttons.length + 1 > MAX_INSTANCES) throw new Error(`The VR menu has ${layout.buttons.length} buttons; raise MAX_INSTANCES`);

  useLayoutEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
    },
    [geometry, material],
  );

  useFrame((_, delta) => {
    const g = group.current;
    if (!g) return;
    const off = angleDelta(follow.yaw, rig.head.yaw);
    if (Math.abs(off) > FOLLOW_AFTER_RAD) follow.yaw += off * Math.min(1, delta * FOLLOW_RATE);
    const s = Math.sin(follow.yaw);
    const c = Math.cos(follow.yaw);
    g.position.set(rig.head.x - s * MENU_AHEAD_M, rig.head.y - MENU_DOWN_M, rig.head.z - c * MENU_AHEAD_M);
    g.rotation.set(MENU_TILT_RAD, follow.yaw, 0, 'YXZ');
  });

  const onClick = (e: ThreeEvent<MouseEvent>): void => {
    e.stopPropagation();
    const button = e.instanceId === undefined ? undefined : layout.buttons[e.instanceId - 1];
    if (!button) return;
    const s = store.getState();
    const lang = menuLanguage(button.action);
    if (lang) s.setLanguage(lang);
    else if (button.action === 'next') s.intent('next');
    else if (button.action === 'previous') s.intent('previous');
    else if (button.action === 'tour-start' && defaultTour !== null) s.requestTour('start', defaultTour);
    else if (button.action === 'tour-toggle') s.requestTour(s.tour?.status === 'paused' ? 'resume' : 'pause');
    else if (button.action === 'tour-stop') s.requestTour('stop');
    else if (button.action === 'caption-size') {
      s.setCaptionSize(CAPTION_SIZES[(CAPTION_SIZES.indexOf(s.captionSize) + 1) % CAPTION_SIZES.length] ?? 'medium');
    } else if (button.action === 'seated') s.setSeated(!s.seated);
    else if (button.action === 'smooth') s.setSmoothWalk(!s.smoothWalk);
    else if (button.action === 'exit') void session?.end();
  };

  return (
    <group ref={group} name="vr-menu">
      {/* Only the select ray presses buttons: the left hand's teleport arc passes through the menu to the floor. */}
      <instancedMesh
        ref={buttonsRef}
        args={[geometry, material, MAX_INSTANCES]}
        pointerEventsType={{ deny: 'teleport' }}
        onClick={onClick}
        name="vr-menu-buttons"
      />
      <TextBatch texts={texts} fonts={fonts} />
    </group>
  );
}
