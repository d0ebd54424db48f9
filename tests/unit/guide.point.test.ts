// A guide pointing at a line: the element a click's hit point or the right controller's ray names (the same element for
// both), and the grip press as a toggle.
import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { elementAtPoint, elementOnRay, gripTarget, rayInWorld, type OriginPose } from '../../src/input/point.ts';
import { XR_POINT_BUTTON, XR_POINT_HAND } from '../../src/input/xrBindings.ts';
import { corridorLayout } from '../../src/layout/corridor.ts';
import { elementIds, elementRects, panelWorld } from '../../src/layout/elements.ts';
import { PLATE_DEPTH_M } from '../../src/layout/constants.ts';

type P = { x: number; y: number; z: number };
const toward = (from: P, to: P): P => ({ x: to.x - from.x, y: to.y - from.y, z: to.z - from.z });
const xyz = (v: readonly number[]): P => ({ x: v[0] ?? 0, y: v[1] ?? 0, z: v[2] ?? 0 });

/** A target-ray pose as the e2e's aimAt sets it (yaw about y, then pitch about the turned x), as a column-major matrix. */
function aimMatrix(at: P, yaw: number, pitch: number): number[] {
  const cy = Math.cos(yaw / 2);
  const sy = Math.sin(yaw / 2);
  const cp = Math.cos(pitch / 2);
  const sp = Math.sin(pitch / 2);
  const [x, y, z, w] = [cy * sp, sy * cp, -sy * sp, cy * cp];
  // The rotation's columns (three's Matrix4.makeRotationFromQuaternion), then the position.
  return [
    1 - 2 * (y * y + z * z),
    2 * (x * y + w * z),
    2 * (x * z - w * y),
    0,
    2 * (x * y - w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z + w * x),
    0,
    2 * (x * z + w * y),
    2 * (y * z - w * x),
    1 - 2 * (x * x + y * y),
    0,
    at.x,
    at.y,
    at.z,
    1,
  ];
}

describe('the element a guide points at', () => {
  for (const language of ['en', 'both'] as const) {
    it(`a ray from where a visitor stands to any line of a panel names that line, as a click there does (${language})`, () => {
      const layout = corridorLayout(exhibit, language, metrics);
      expect(layout.slots.length).toBeGreaterThan(0);
      for (const slot of layout.slots) {
        const eye = xyz(slot.standing.position);
        const ids = elementIds(slot.milestone, false);
        expect(ids.length).toBeGreaterThan(0);
        for (const r of elementRects(slot.text, slot.id)) {
          const centre = panelWorld(slot, r.x + r.width / 2, r.y - r.height / 2, PLATE_DEPTH_M / 2);
          expect(elementAtPoint(slot, centre)).toBe(r.id);
          expect(elementOnRay(layout.slots, eye, toward(eye, xyz(centre)))).toBe(r.id);
        }
      }
    });
  }

  it('a ray away from the panel, from behind it, or past its edge names nothing', () => {
    const layout = corridorLayout(exhibit, 'en', metrics);
    const slot = layout.slots[0]!;
    const r = elementRects(slot.text, slot.id)[0]!;
    const centre = xyz(panelWorld(slot, r.x + r.width / 2, r.y - r.height / 2, PLATE_DEPTH_M / 2));
    const eye = xyz(slot.standing.position);
    const d = toward(eye, centre);
    expect(elementOnRay(layout.slots, eye, { x: -d.x, y: -d.y, z: -d.z })).toBeNull();
    const behind = xyz(panelWorld(slot, 0, r.y - r.height / 2, -0.5));
    expect(elementOnRay([slot], behind, toward(behind, centre))).toBeNull();
    const past = xyz(panelWorld(slot, slot.width / 2 + 0.2, r.y - r.height / 2, PLATE_DEPTH_M / 2));
    expect(elementOnRay([slot], eye, toward(eye, past))).toBeNull();
  });

  it('the right controller’s target ray, aimed as a hand would at a line, names it from a turned origin', () => {
    const layout = corridorLayout(exhibit, 'both', metrics);
    const slot = layout.slots[2]!;
    const item = elementRects(slot.text, slot.id).find((r) => r.id.endsWith('.item1')) ?? elementRects(slot.text, slot.id)[0]!;
    const target = xyz(panelWorld(slot, item.x + item.width / 2, item.y - item.height / 2, PLATE_DEPTH_M / 2));
    const [sx, , sz] = slot.standing.position;
    const origin: OriginPose = { x: sx, y: 0, z: sz, yaw: slot.standing.yaw + 0.4 };
    // The controller held at the right hip, in the origin's space; its aim turned into that space (as xr-drive's aimAt).
    const hand = { x: 0.2, y: 1.1, z: -0.3 };
    const c = Math.cos(origin.yaw);
    const s = Math.sin(origin.yaw);
    const wx = origin.x + hand.x * c + hand.z * s;
    const wz = origin.z - hand.x * s + hand.z * c;
    const dxw = target.x - wx;
    const dzw = target.z - wz;
    const dx = dxw * c - dzw * s;
    const dz = dxw * s + dzw * c;
    const yaw = Math.atan2(-dx, -dz);
    const pitch = Math.atan2(target.y - hand.y, Math.hypot(dx, dz));
    const from = { x: 0, y: 0, z: 0 };
    const dir = { x: 0, y: 0, z: 0 };
    rayInWorld(aimMatrix(hand, yaw, pitch), origin, from, dir);
    expect(from.x).toBeCloseTo(wx, 9);
    expect(from.z).toBeCloseTo(wz, 9);
    expect(Math.hypot(dir.x, dir.y, dir.z)).toBeCloseTo(1, 9);
    expect(elementOnRay(layout.slots, from, dir)).toBe(item.id);
  });

  it('an unturned pose at the origin looks down -z, a quarter turn left looks down -x', () => {
    const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1.5, 0, 1];
    const from = { x: 0, y: 0, z: 0 };
    const dir = { x: 0, y: 0, z: 0 };
    rayInWorld(identity, { x: 1, y: 0.2, z: -3, yaw: 0 }, from, dir);
    expect(from).toEqual({ x: 1, y: 1.7, z: -3 });
    expect(dir.z).toBeCloseTo(-1, 12);
    rayInWorld(identity, { x: 0, y: 0, z: 0, yaw: Math.PI / 2 }, from, dir);
    expect(dir.x).toBeCloseTo(-1, 12);
    expect(Math.abs(dir.z)).toBeLessThan(1e-12);
  });
});

describe('the grip press', () => {
  it('is on the right controller’s grip', () => {
    expect(XR_POINT_HAND).toBe('right');
    expect(XR_POINT_BUTTON).toBe('xr-standard-squeeze');
  });

  it('points at a line, clears it on a second press on the same line or a press on nothing, moves to another line', () => {
    expect(gripTarget(null, '2022.item1')).toBe('2022.item1');
    expect(gripTarget('2022.item1', '2022.item1')).toBeNull();
    expect(gripTarget('2022.item1', null)).toBeNull();
    expect(gripTarget('2022.item1', '2022.body0')).toBe('2022.body0');
    expect(gripTarget(null, null)).toBeNull();
  });
});
