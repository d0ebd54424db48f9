import { describe, expect, it } from 'vitest';
import {
  angleDelta,
  easeInOutCubic,
  look,
  MAX_PITCH_RAD,
  startGlide,
  stepViewpoint,
  viewpointAt,
} from '../../src/features/locomotion/motion.ts';
import type { Pose } from '../../src/layout/corridor.ts';

const bounds = { xMin: -2, xMax: 2, zMin: -50, zMax: 2 };
const still = { forward: 0, right: 0 };
const target: Pose = { position: [-0.3, 1.6, -10], yaw: Math.PI / 2 };

describe('the viewpoint', () => {
  it('walks forward down -z at the given speed', () => {
    const v = viewpointAt({ position: [0, 1.6, 0], yaw: 0 });
    stepViewpoint(v, { forward: 1, right: 0 }, 2, 0.5, bounds);
    expect(v.z).toBeCloseTo(-1);
    expect(v.x).toBeCloseTo(0);
  });

  it('cannot walk through a wall', () => {
    const v = viewpointAt({ position: [0, 1.6, 0], yaw: 0 });
    for (let i = 0; i < 100; i++) stepViewpoint(v, { forward: 0, right: 1 }, 2, 0.1, bounds);
    expect(v.x).toBe(bounds.xMax);
  });

  it('glides to a standing spot with an eased motion and arrives exactly', () => {
    const v = viewpointAt({ position: [0, 1.6, 0], yaw: 0 });
    startGlide(v, target, 1);
    stepViewpoint(v, still, 2, 0.25, bounds);
    const early = v.z;
    expect(early).toBeLessThan(0);
    expect(early).toBeGreaterThan(-2.5); // eased: slower than linear at the start
    let frames = 0;
    while (stepViewpoint(v, still, 2, 1 / 60, bounds) && frames < 1000) frames++;
    expect([v.x, v.z, v.yaw]).toEqual([-0.3, -10, Math.PI / 2]);
    expect(v.glide).toBeNull();
  });

  it('cuts instead of gliding when the visitor asks for reduced motion', () => {
    const v = viewpointAt({ position: [0, 1.6, 0], yaw: 0 });
    startGlide(v, target, 0);
    expect([v.x, v.z, v.yaw, v.glide]).toEqual([-0.3, -10, Math.PI / 2, null]);
  });

  it('lets walking or looking take over from a glide', () => {
    const v = viewpointAt({ position: [0, 1.6, 0], yaw: 0 });
    startGlide(v, target, 1);
    stepViewpoint(v, { forward: 1, right: 0 }, 2, 0.1, bounds);
    expect(v.glide).toBeNull();
    startGlide(v, target, 1);
    look(v, 0.1, 10);
    expect(v.glide).toBeNull();
    expect(v.pitch).toBe(MAX_PITCH_RAD);
  });

  it('turns the short way round', () => {
    expect(angleDelta(0.1, 2 * Math.PI - 0.1)).toBeCloseTo(-0.2);
    expect(angleDelta(-Math.PI / 2, Math.PI / 2)).toBeCloseTo(Math.PI);
    expect(easeInOutCubic(0)).toBe(0);
    expect(easeInOutCubic(1)).toBe(1);
  });
});
