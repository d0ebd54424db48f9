import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { corridorLayout, type FramingTarget } from '../../src/layout/corridor.ts';
import { BASE_FOV_DEG, EYE_HEIGHT_M, MIN_TEXT_PX } from '../../src/layout/constants.ts';
import { fieldOfView, framePanel, freeArea, type ScreenRect, type Viewport } from '../../src/layout/framing.ts';
import { LANGUAGES } from '../../src/content/languages.ts';

/** Where a point lands on screen for a camera at `eye` with yaw and pitch (the same convention as three's YXZ camera). */
function toScreen(p: readonly number[], eye: readonly number[], yaw: number, pitch: number, fovDeg: number, vp: Viewport) {
  const dx = p[0]! - eye[0]!;
  const dy = p[1]! - eye[1]!;
  const dz = p[2]! - eye[2]!;
  // Undo the yaw (about y), then the pitch (about x).
  const c = Math.cos(-yaw);
  const s = Math.sin(-yaw);
  const x1 = dx * c + dz * s;
  const z1 = -dx * s + dz * c;
  const cp = Math.cos(-pitch);
  const sp = Math.sin(-pitch);
  const y2 = dy * cp - z1 * sp;
  const z2 = dy * sp + z1 * cp;
  const t = Math.tan((fovDeg * Math.PI) / 180 / 2);
  const ndcX = x1 / (-z2 * t * (vp.width / vp.height));
  const ndcY = y2 / (-z2 * t);
  return { x: ((ndcX + 1) / 2) * vp.width, y: ((1 - ndcY) / 2) * vp.height };
}

function corners(t: FramingTarget): number[][] {
  const c = Math.cos(t.yaw);
  const s = Math.sin(t.yaw);
  const out: number[][] = [];
  for (const dx of [-t.width / 2, t.width / 2]) {
    for (const dy of [-t.height / 2, t.height / 2]) out.push([t.centre[0] + dx * c, t.centre[1] + dy, t.centre[2] - dx * s]);
  }
  return out;
}

const VIEWPORTS: Array<[string, Viewport, ScreenRect[]]> = [
  // A strip along the top and a toolbar along the bottom, roughly as the page draws them.
  [
    '1280x720',
    { width: 1280, height: 720 },
    [
      { left: 160, top: 8, right: 1120, bottom: 56 },
      { left: 66, top: 648, right: 1214, bottom: 708 },
    ],
  ],
  [
    '1920x1080',
    { width: 1920, height: 1080 },
    [
      { left: 480, top: 8, right: 1440, bottom: 56 },
      { left: 380, top: 1008, right: 1540, bottom: 1068 },
    ],
  ],
  [
    '820x1180',
    { width: 820, height: 1180 },
    [
      { left: 8, top: 8, right: 812, bottom: 56 },
      { left: 8, top: 1030, right: 812, bottom: 1168 },
    ],
  ],
  [
    '390x844',
    { width: 390, height: 844 },
    [
      { left: 8, top: 8, right: 382, bottom: 110 },
      { left: 8, top: 594, right: 382, bottom: 832 },
    ],
  ],
];

describe('framing the focused panel', () => {
  it('keeps the free area between the controls at the top and at the bottom', () => {
    const [, vp, controls] = VIEWPORTS[0]!;
    expect(freeArea(vp, controls)).toEqual({ left: 0, top: 56, right: 1280, bottom: 648 });
    expect(freeArea(vp, [])).toEqual({ left: 0, top: 0, right: 1280, bottom: 720 });
  });

  for (const [name, vp, controls] of VIEWPORTS) {
    for (const language of LANGUAGES) {
      it(`${name}, ${language}: every panel and the finale are whole on screen and clear of the controls`, () => {
        const layout = corridorLayout(exhibit, language, metrics);
        const free = freeArea(vp, controls);
        const fov = fieldOfView(layout.framing, vp, free);
        for (const t of layout.framing) {
          const f = framePanel(t, vp, free, fov);
          expect(f.fits, t.id).toBe(true);
          expect(f.position[1]).toBe(EYE_HEIGHT_M);
          // The standing spot is on the walkable floor.
          expect(f.position[0]).toBeGreaterThanOrEqual(layout.bounds.xMin - 1e-6);
          expect(f.position[0]).toBeLessThanOrEqual(layout.bounds.xMax + 1e-6);
          expect(f.position[2]).toBeGreaterThanOrEqual(layout.bounds.zMin - 1e-6);
          for (const p of corners(t)) {
            const s = toScreen(p, f.position, f.yaw, f.pitch, f.fovDeg, vp);
            expect(s.x, t.id).toBeGreaterThanOrEqual(free.left);
            expect(s.x, t.id).toBeLessThanOrEqual(free.right);
            expect(s.y, t.id).toBeGreaterThanOrEqual(free.top);
            expect(s.y, t.id).toBeLessThanOrEqual(free.bottom);
          }
        }
      });
    }
  }

  it('keeps the usual field of view where it suffices, and opens it only on a narrow screen', () => {
    const layout = corridorLayout(exhibit, 'both', metrics);
    const fovOf = (i: number): number => {
      const [, vp, controls] = VIEWPORTS[i]!;
      return fieldOfView(layout.framing, vp, freeArea(vp, controls));
    };
    expect(fovOf(0)).toBe(BASE_FOV_DEG);
    expect(fovOf(1)).toBe(BASE_FOV_DEG);
    expect(fovOf(3)).toBeGreaterThan(BASE_FOV_DEG);
  });

  it('offers the reader card on the phone only: desktop and tablet text is at least 12 px tall', () => {
    for (const [name, vp, controls] of VIEWPORTS) {
      for (const language of LANGUAGES) {
        const layout = corridorLayout(exhibit, language, metrics);
        const free = freeArea(vp, controls);
        const fov = fieldOfView(layout.framing, vp, free);
        const small = layout.slots.map(
          (s) =>
            framePanel(
              layout.framing.find((t) => t.id === s.id)!,
              vp,
              free,
              fov,
            ).textPx,
        );
        if (name === '390x844') expect(Math.max(...small)).toBeLessThan(MIN_TEXT_PX);
        else expect(Math.min(...small), `${name} ${language}`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
      }
    }
  });

  it('stands nearer when there is more room: a bigger screen shows the panel bigger', () => {
    const layout = corridorLayout(exhibit, 'en', metrics);
    const t = layout.framing[0]!;
    const at = (i: number) => {
      const [, vp, controls] = VIEWPORTS[i]!;
      const free = freeArea(vp, controls);
      return framePanel(t, vp, free, fieldOfView(layout.framing, vp, free));
    };
    expect(at(1).pxPerMetre).toBeGreaterThan(at(0).pxPerMetre);
  });
});
