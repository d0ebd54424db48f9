// A read-only window onto the running scene for end-to-end tests, benchmarks and a maintainer's console:
// `window.__IAMM__.viewpoint()`, `.drawCalls()`, `.screenPoint('2022')`. It changes nothing.
import { Vector3, type Camera, type Object3D, type PerspectiveCamera, type WebGLRenderer } from 'three';
import type { Exhibit } from '../content/schema.ts';
import type { CorridorLayout } from '../layout/corridor.ts';
import { wristMenuLayout } from '../layout/menu.ts';
import type { Fonts } from '../layout/panel.ts';
import { headInWorld, type Rig } from '../features/locomotion/motion.ts';
import type { ExhibitStore } from '../state/store.ts';
import { CAPTION_BOARD_NAME, captionBoard } from '../scene/CaptionBoard.tsx';
import { WRIST_MENU_NAME, wristMenuExtras } from '../scene/WristMenu.tsx';
import { HIGHLIGHT_MARKER_NAME, HIGHLIGHT_NAME } from '../scene/GuideHighlight.tsx';
import { placeElement } from '../layout/elements.ts';

/** A rectangle in normalised device coordinates of one eye's view (-1..1, y up), clipped to the view. */
export interface ScreenRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** What the VR interface is made of, for the inspector: the content it shows and the store it shows it from. */
export interface XRInterfaceSource {
  exhibit: Exhibit;
  metrics: Fonts;
  store: ExhibitStore;
  canTour: boolean;
  corridor: () => CorridorLayout;
}
let xrSource: XRInterfaceSource | null = null;

/** The VR rig says what its interface is made of while a session runs; the inspector derives the rest. */
export function provideXRInterface(source: XRInterfaceSource): () => void {
  xrSource = source;
  return () => {
    if (xrSource === source) xrSource = null;
  };
}

export interface Inspector {
  /** Where the visitor's eyes are and which way they face (in VR: the head, from the headset). */
  viewpoint(): { x: number; y: number; z: number; yaw: number; pitch: number; gliding: boolean; xr: boolean };
  /** In VR, the XR origin (the visitor's feet in the room); on the desktop the same as the eyes. */
  origin(): { x: number; z: number; yaw: number };
  /** The centre of a milestone panel's face in the world, or null. */
  panelCentre(id: string): { x: number; y: number; z: number } | null;
  /**
   * Where a wrist-menu button's centre is in the world (from the menu's layout and where the menu is drawn), or null
   * outside VR. Era buttons are `era:<id>`, the finale `finale`. The menu must be shown for a press to reach it.
   */
  menuButtonCentre(action: string): { x: number; y: number; z: number } | null;
  /** Where a wrist-menu button's face is, in the world: its centre and the unit normal out of its face. */
  menuButtonFace(action: string): { centre: { x: number; y: number; z: number }; normal: { x: number; y: number; z: number } } | null;
  /** What the VR interface says, block by block (line breaks removed): the wrist menu, then the caption board; [] outside VR. */
  menuText(): string[];
  /** Whether the wrist menu is shown (drawn and pressable). */
  wristMenuShown(): boolean;
  /** In VR, the moves (teleports included) a guide's hold has refused so far; 0 outside VR. */
  heldRefusals(): number;
  /**
   * In VR, for each eye: the focused panel's projected bounds and those of every interface element drawn (the wrist
   * menu, the caption board with its hints, caption and countdown), clipped to the eye's view; null when out of view.
   */
  xrScreenRects(): Array<{ panel: ScreenRect | null; elements: Array<{ name: string; rect: ScreenRect | null }> }>;
  /** Draw calls of the last rendered frame. */
  drawCalls(): number;
  /** Frames the renderer has drawn since the page started (the kiosk soak reports them per cycle). */
  framesDrawn(): number;
  /** The panels' videos (shown once they have a frame; playing or paused) and models (loaded, with their turn in radians). */
  media(): { videos: Array<{ shown: boolean; paused: boolean; time: number }>; models: Array<{ meshes: number; turn: number }> };
  /** Where a milestone panel's centre is on screen (CSS pixels), or null when it is behind the camera. */
  screenPoint(id: string): { x: number; y: number } | null;
  /**
   * The screen rectangle (CSS pixels) spanned by the projected corners of what the camera frames for a milestone or
   * the finale (the panel with its frame, or the closing sign), from the layout; null when a corner is behind the camera.
   */
  panelScreenRect(id: string): { left: number; top: number; right: number; bottom: number } | null;
  /** The desktop camera's vertical field of view, degrees. */
  fov(): number;
  /**
   * A live guide's highlight as drawn: the element, how many rectangles (one per language column), and whether the
   * off-view arrow is shown.
   */
  highlight(): { element: string | null; rects: number; marker: boolean };
  /** Where the centre of a panel element (src/layout/elements.ts id) is on screen (CSS pixels), in the first column. */
  elementScreenPoint(element: string): { x: number; y: number } | null;
  /** The centre of a highlightable element's first rectangle on its panel's face, in the world, or null. */
  elementWorldPoint(element: string): { x: number; y: number; z: number } | null;
}

declare global {
  interface Window {
    __IAMM__?: Inspector;
  }
}

/** The four corners of a rectangle in an object's local x-y plane, in the world. */
function rectCorners(object: Object3D, x0: number, x1: number, y0: number, y1: number): Vector3[] {
  object.updateWorldMatrix(true, false);
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ].map(([x, y]) => new Vector3(x, y, 0).applyMatrix4(object.matrixWorld));
}

/**
 * The bounds of a planar polygon (world corners, in order) as one eye sees it: clipped against the near plane (a
 * polygon partly behind the eye would otherwise project inside out), projected, then clipped to the view.
 */
function projectRect(corners: readonly Vector3[], cam: PerspectiveCamera): ScreenRect | null {
  // The eye cameras' world matrices are set by three's WebXRManager each frame (through the XR origin); never
  // recomputed here: the eye cameras have no parent, so updateMatrixWorld would drop the origin's transform.
  const near = 0.01;
  const view = corners.map((c) => c.clone().applyMatrix4(cam.matrixWorldInverse));
  const kept: Vector3[] = [];
  for (let i = 0; i < view.length; i++) {
    const a = view[i]!;
    const b = view[(i + 1) % view.length]!;
    const aIn = a.z <= -near;
    const bIn = b.z <= -near;
    if (aIn) kept.push(a);
    if (aIn !== bIn) kept.push(a.clone().lerp(b, (-near - a.z) / (b.z - a.z)));
  }
  if (kept.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of kept) {
    p.applyMatrix4(cam.projectionMatrix);
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  const r = { x0: Math.max(-1, x0), y0: Math.max(-1, y0), x1: Math.min(1, x1), y1: Math.min(1, y1) };
  return r.x0 < r.x1 && r.y0 < r.y1 ? r : null;
}

export function installInspector(rig: Rig, layout: () => CorridorLayout, camera: Camera, gl: WebGLRenderer, scene: Object3D): () => void {
  const v = new Vector3();
  // The VR interface as the rig draws it, derived again from the same store and pure layouts.
  const menuLayout = () => {
    const src = xrSource;
    if (!src) return null;
    const s = src.store.getState();
    return wristMenuLayout(src.exhibit, s.language, src.metrics, wristMenuExtras(s, src.canTour));
  };
  const board = () => {
    const src = xrSource;
    return src ? captionBoard(src.store.getState(), src.exhibit, src.corridor(), src.metrics) : null;
  };
  const inspector: Inspector = {
    viewpoint: () => {
      const v = rig.view;
      if (!rig.inXR) return { x: v.x, y: v.y, z: v.z, yaw: v.yaw, pitch: v.pitch, gliding: v.glide !== null, xr: false };
      const h = headInWorld(v, rig.head);
      return { x: h.x, y: rig.head.y + rig.lift, z: h.z, yaw: h.yaw, pitch: 0, gliding: false, xr: true };
    },
    origin: () => ({ x: rig.view.x, z: rig.view.z, yaw: rig.view.yaw }),
    panelCentre: (id) => {
      const slot = layout().slots.find((s) => s.id === id);
      return slot ? { x: slot.position[0], y: slot.position[1], z: slot.position[2] } : null;
    },
    menuButtonCentre: (action) => inspector.menuButtonFace(action)?.centre ?? null,
    menuButtonFace: (action) => {
      const menu = scene.getObjectByName(WRIST_MENU_NAME);
      const b = menuLayout()?.buttons.find((x) => x.action === action);
      if (!menu || !b) return null;
      menu.updateWorldMatrix(true, false);
      const p = new Vector3(b.x, b.y, 0).applyMatrix4(menu.matrixWorld);
      const n = new Vector3(0, 0, 1).transformDirection(menu.matrixWorld);
      return { centre: { x: p.x, y: p.y, z: p.z }, normal: { x: n.x, y: n.y, z: n.z } };
    },
    menuText: () => {
      const flat = (b: { text: string; lang: string }): string => b.text.replace(/\n/g, b.lang === 'en' ? ' ' : '');
      return [...(menuLayout()?.blocks ?? []), ...(board()?.layout.blocks ?? [])].map(flat);
    },
    wristMenuShown: () => scene.getObjectByName(WRIST_MENU_NAME)?.visible === true,
    heldRefusals: () => xrSource?.store.getState().heldRefusals ?? 0,
    xrScreenRects: () => {
      const src = xrSource;
      if (!src || !gl.xr.isPresenting) return [];
      const corridor = src.corridor();
      const slot = corridor.slots.find((s) => s.id === src.store.getState().focusedId);
      const quads: Array<{ name: string; corners: Vector3[] }> = [];
      const menu = scene.getObjectByName(WRIST_MENU_NAME);
      const m = menuLayout();
      if (menu?.visible && m)
        quads.push({
          name: 'wrist-menu',
          corners: rectCorners(menu, -m.width / 2, m.width / 2, m.centreY - m.height / 2, m.centreY + m.height / 2),
        });
      const boardObject = scene.getObjectByName(CAPTION_BOARD_NAME);
      const b = board();
      if (boardObject && b)
        quads.push({
          name: 'caption-board',
          corners: rectCorners(boardObject, -b.layout.width / 2, b.layout.width / 2, -b.layout.height, 0),
        });
      const panel = slot
        ? [-1, 1].flatMap((sx) =>
            [-1, 1].map((sy) => {
              const x = (sx * slot.width) / 2;
              const c = Math.cos(slot.yaw);
              const s = Math.sin(slot.yaw);
              return new Vector3(slot.position[0] + x * c, slot.position[1] + (sy * slot.height) / 2, slot.position[2] - x * s);
            }),
          )
        : null;
      const cameras = (gl.xr.getCamera() as { cameras: PerspectiveCamera[] }).cameras;
      return cameras.map((cam) => ({
        panel: panel ? projectRect(panel, cam) : null,
        elements: quads.map((q) => ({ name: q.name, rect: projectRect(q.corners, cam) })),
      }));
    },
    highlight: () => {
      const group = scene.getObjectByName(HIGHLIGHT_NAME);
      const element = (group?.userData as { element?: string | null } | undefined)?.element ?? null;
      return {
        element: group?.visible ? element : null,
        rects: group?.visible ? group.children.length : 0,
        marker: scene.getObjectByName(HIGHLIGHT_MARKER_NAME)?.visible === true,
      };
    },
    elementScreenPoint: (element) => {
      const r = placeElement(layout().slots, element, 0, 0)[0];
      if (!r) return null;
      v.set(r.position[0], r.position[1], r.position[2]).project(camera);
      if (v.z > 1) return null;
      const rect = gl.domElement.getBoundingClientRect();
      return { x: rect.left + ((v.x + 1) / 2) * rect.width, y: rect.top + ((1 - v.y) / 2) * rect.height };
    },
    elementWorldPoint: (element) => {
      const r = placeElement(layout().slots, element, 0, 0)[0];
      return r ? { x: r.position[0], y: r.position[1], z: r.position[2] } : null;
    },
    drawCalls: () => gl.info.render.calls,
    framesDrawn: () => gl.info.render.frame,
    media: () => {
      const videos: Array<{ shown: boolean; paused: boolean; time: number }> = [];
      const models: Array<{ meshes: number; turn: number }> = [];
      scene.traverse((o) => {
        if (o.name === 'panel-video') {
          const image = ((o as Object3D & { material?: { map?: { image?: unknown } } }).material?.map?.image ??
            null) as HTMLVideoElement | null;
          videos.push({ shown: o.visible, paused: image?.paused ?? true, time: image?.currentTime ?? 0 });
        }
        if (o.name === 'panel-model') {
          let meshes = 0;
          o.traverse((c) => {
            if ((c as Object3D & { isMesh?: boolean }).isMesh) meshes++;
          });
          models.push({ meshes, turn: o.children[0]?.rotation.y ?? 0 });
        }
      });
      return { videos, models };
    },
    screenPoint: (id) => {
      const slot = layout().slots.find((s) => s.id === id);
      if (!slot) return null;
      v.set(slot.position[0], slot.position[1], slot.position[2]).project(camera);
      if (v.z > 1) return null;
      const rect = gl.domElement.getBoundingClientRect();
      return { x: rect.left + ((v.x + 1) / 2) * rect.width, y: rect.top + ((1 - v.y) / 2) * rect.height };
    },
    panelScreenRect: (id) => {
      const t = layout().framing.find((f) => f.id === id);
      if (!t) return null;
      const rect = gl.domElement.getBoundingClientRect();
      const xs: number[] = [];
      const ys: number[] = [];
      const c = Math.cos(t.yaw);
      const s = Math.sin(t.yaw);
      for (const dx of [-t.width / 2, t.width / 2]) {
        for (const dy of [-t.height / 2, t.height / 2]) {
          v.set(t.centre[0] + dx * c, t.centre[1] + dy, t.centre[2] - dx * s).project(camera);
          if (v.z > 1 || v.z < -1) return null;
          xs.push(rect.left + ((v.x + 1) / 2) * rect.width);
          ys.push(rect.top + ((1 - v.y) / 2) * rect.height);
        }
      }
      return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
    },
    fov: () => ('fov' in camera && typeof camera.fov === 'number' ? camera.fov : NaN),
  };
  window.__IAMM__ = inspector;
  return () => {
    if (window.__IAMM__ === inspector) delete window.__IAMM__;
  };
}
