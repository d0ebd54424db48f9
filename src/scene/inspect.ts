// A read-only window onto the running scene for end-to-end tests, benchmarks and a maintainer's console:
// `window.__IAMM__.viewpoint()`, `.drawCalls()`, `.screenPoint('2022')`. It changes nothing.
import { Vector3, type Camera, type WebGLRenderer } from 'three';
import type { CorridorLayout } from '../layout/corridor.ts';
import type { Viewpoint } from '../tour/motion.ts';

export interface Inspector {
  viewpoint(): { x: number; y: number; z: number; yaw: number; pitch: number; gliding: boolean };
  /** Draw calls of the last rendered frame. */
  drawCalls(): number;
  /** Where a milestone panel's centre is on screen (CSS pixels), or null when it is behind the camera. */
  screenPoint(id: string): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __IAMM__?: Inspector;
  }
}

export function installInspector(view: Viewpoint, layout: () => CorridorLayout, camera: Camera, gl: WebGLRenderer): () => void {
  const v = new Vector3();
  const inspector: Inspector = {
    viewpoint: () => ({ x: view.x, y: view.y, z: view.z, yaw: view.yaw, pitch: view.pitch, gliding: view.glide !== null }),
    drawCalls: () => gl.info.render.calls,
    screenPoint: (id) => {
      const slot = layout().slots.find((s) => s.id === id);
      if (!slot) return null;
      v.set(slot.position[0], slot.position[1], slot.position[2]).project(camera);
      if (v.z > 1) return null;
      const rect = gl.domElement.getBoundingClientRect();
      return { x: rect.left + ((v.x + 1) / 2) * rect.width, y: rect.top + ((1 - v.y) / 2) * rect.height };
    },
  };
  window.__IAMM__ = inspector;
  return () => {
    if (window.__IAMM__ === inspector) delete window.__IAMM__;
  };
}
