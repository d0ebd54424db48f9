// A read-only window onto the running scene for end-to-end tests, benchmarks and a maintainer's console:
// `window.__IAMM__.viewpoint()`, `.drawCalls()`, `.screenPoint('2022')`. It changes nothing.
import { Vector3, type Camera, type Object3D, type WebGLRenderer } from 'three';
import type { CorridorLayout } from '../layout/corridor.ts';
import { headInWorld, type Rig } from '../features/locomotion/motion.ts';

export interface Inspector {
  /** Where the visitor's eyes are and which way they face (in VR: the head, from the headset). */
  viewpoint(): { x: number; y: number; z: number; yaw: number; pitch: number; gliding: boolean; xr: boolean };
  /** In VR, the XR origin (the visitor's feet in the room); on the desktop the same as the eyes. */
  origin(): { x: number; z: number; yaw: number };
  /** The centre of a milestone panel's face in the world, or null. */
  panelCentre(id: string): { x: number; y: number; z: number } | null;
  /** Where a VR menu button's centre is in the world (the menu keeps its button layout in userData). */
  menuButtonCentre(action: string): { x: number; y: number; z: number } | null;
  /** The VR menu's text, block by block (line breaks removed), or [] outside VR. */
  menuText(): string[];
  /** Draw calls of the last rendered frame. */
  drawCalls(): number;
  /** Where a milestone panel's centre is on screen (CSS pixels), or null when it is behind the camera. */
  screenPoint(id: string): { x: number; y: number } | null;
  /**
   * The screen rectangle (CSS pixels) spanned by the projected corners of what the camera frames for a milestone or
   * the finale (the panel with its frame, or the closing sign), from the layout; null when a corner is behind the camera.
   */
  panelScreenRect(id: string): { left: number; top: number; right: number; bottom: number } | null;
  /** The desktop camera's vertical field of view, degrees. */
  fov(): number;
}

declare global {
  interface Window {
    __IAMM__?: Inspector;
  }
}

export function installInspector(rig: Rig, layout: () => CorridorLayout, camera: Camera, gl: WebGLRenderer, scene: Object3D): () => void {
  const v = new Vector3();
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
    menuButtonCentre: (action) => {
      const mesh = scene.getObjectByName('vr-menu-buttons');
      const buttons = mesh?.userData.buttons as Array<{ action: string; x: number; y: number }> | undefined;
      const b = buttons?.find((x) => x.action === action);
      if (!mesh || !b) return null;
      const p = mesh.localToWorld(new Vector3(b.x, b.y, 0));
      return { x: p.x, y: p.y, z: p.z };
    },
    menuText: () => ((scene.getObjectByName('vr-menu-buttons')?.userData.texts as string[] | undefined) ?? []).slice(),
    drawCalls: () => gl.info.render.calls,
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
