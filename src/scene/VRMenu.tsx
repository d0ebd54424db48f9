// The in-VR menu: a small panel held below the line of sight that follows the visitor's facing lazily (look down
// to use it, it never blocks a panel). Language, previous / next, seated mode, stick walking, exit VR; and the
// first-visit hints until the visitor has used each. Drawn in two calls: instanced buttons, one text batch.
import { useFrame, useThree, type ThreeEvent } from '@react-three/fiber';
import { useXR } from '@react-three/xr';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BoxGeometry, Color, type Group, type InstancedMesh, MeshBasicMaterial, Object3D } from 'three';
import type { Exhibit, Language } from '../content/schema.ts';
import { HINT_KEYS, vrMenuLayout, type MenuAction } from '../layout/menu.ts';
import type { Fonts } from '../layout/panel.ts';
import type { Face } from '../text/faces.ts';
import { angleDelta, type Rig } from '../tour/motion.ts';
import { THEME } from '../theme.ts';
import { useExhibit, useExhibitStore } from '../ui/store.tsx';
import { TextBatch, type PlacedText } from './Texts.tsx';

/** Where the menu is held, relative to the head: below and in front, tilted up towards the eyes. */
const MENU_DOWN_M = 0.42;
const MENU_AHEAD_M = 0.5;
const MENU_TILT_RAD = -0.7;
/** The menu follows the head's facing only once it has turned this far away (radians), then catches up. */
const FOLLOW_AFTER_RAD = 0.6;
const FOLLOW_RATE = 4;
const BUTTON_DEPTH_M = 0.008;

const LANGUAGE_OF: Partial<Record<MenuAction, Language>> = { 'lang-zh': 'zh', 'lang-en': 'en', 'lang-both': 'both' };

export function VRMenu({ exhibit, fonts, metrics, rig }: { exhibit: Exhibit; fonts: Record<Face, string>; metrics: Fonts; rig: Rig }) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const seated = useExhibit((s) => s.seated);
  const smoothWalk = useExhibit((s) => s.smoothWalk);
  const hintsDone = useExhibit((s) => s.hintsDone);
  const session = useXR((s) => s.session);
  const invalidate = useThree((s) => s.invalidate);
  const hints = useMemo(() => HINT_KEYS.filter((k) => !hintsDone.includes(k)), [hintsDone]);
  const layout = useMemo(() => vrMenuLayout(exhibit, language, hints, metrics), [exhibit, language, hints, metrics]);
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
        colour: b.role === 'hint' ? THEME.textOnDark : THEME.text,
        align: b.align,
        position: [b.x, b.y, BUTTON_DEPTH_M / 2 + 0.002],
        rotation: [0, 0, 0],
      })),
    [layout],
  );

  const active = (a: MenuAction): boolean =>
    LANGUAGE_OF[a] === language || (a === 'seated' && seated) || (a === 'smooth' && smoothWalk);

  useLayoutEffect(() => {
    const mesh = buttonsRef.current;
    if (!mesh) return;
    const o = new Object3D();
    const c = new Color();
    // Instance 0 is the menu's backing plate; then one per button.
    o.position.set(0, 0, -BUTTON_DEPTH_M);
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
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    invalidate();
    // `active` reads these three.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout, language, seated, smoothWalk, invalidate]);

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
    const lang = LANGUAGE_OF[button.action];
    if (lang) s.setLanguage(lang);
    else if (button.action === 'next') s.intent('next');
    else if (button.action === 'previous') s.intent('previous');
    else if (button.action === 'seated') s.setSeated(!s.seated);
    else if (button.action === 'smooth') s.setSmoothWalk(!s.smoothWalk);
    else if (button.action === 'exit') void session?.end();
  };

  return (
    <group ref={group} name="vr-menu">
      <instancedMesh ref={buttonsRef} args={[geometry, material, layout.buttons.length + 1]} onClick={onClick} name="vr-menu-buttons" />
      <TextBatch texts={texts} fonts={fonts} />
    </group>
  );
}
