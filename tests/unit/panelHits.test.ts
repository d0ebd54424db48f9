// The pointer's panel hit test (src/layout/panelHits.ts): the same panel and point as three's raycaster on the panel
// boxes, and a cost that does not grow with the number of milestones.
import { exhibit, metrics } from 'virtual:exhibit';
import { BoxGeometry, Mesh, MeshBasicMaterial, Raycaster, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { syntheticMilestones } from '../../scripts/synthetic-scene.ts';
import type { Exhibit } from '../../src/content/schema.ts';
import { corridorLayout, type CorridorLayout, type Vec3 } from '../../src/layout/corridor.ts';
import { PANEL_FRAME_M, PLATE_DEPTH_M } from '../../src/layout/constants.ts';
import { hitPanel, panelHitIndex } from '../../src/layout/panelHits.ts';

/** A small seeded generator, so a failure repeats. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Each panel as the box three's raycaster would test: plate and frame, centred on the face centre. */
function boxes(layout: CorridorLayout): Mesh[] {
  const material = new MeshBasicMaterial();
  return layout.slots.map((s, i) => {
    const m = new Mesh(new BoxGeometry(s.width + 2 * PANEL_FRAME_M, s.height + 2 * PANEL_FRAME_M, PLATE_DEPTH_M), material);
    m.position.set(...s.position);
    m.rotation.y = s.yaw;
    m.userData.index = i;
    m.updateMatrixWorld(true);
    return m;
  });
}

/** Rays as visitors point them: from each standing spot (and a step either side), in a cone around the panel. */
function visitorRays(layout: CorridorLayout, count: number, seed: number): Array<{ o: Vec3; d: Vec3 }> {
  const next = random(seed);
  const rays: Array<{ o: Vec3; d: Vec3 }> = [];
  for (let i = 0; i < count; i++) {
    const slot = layout.slots[Math.floor(next() * layout.slots.length)]!;
    const { position: p, yaw } = slot.standing;
    const o: Vec3 = [p[0] + (next() - 0.5) * 1.2, p[1] - 0.3 + next() * 0.4, p[2] + (next() - 0.5) * 2];
    const yawR = yaw + (next() - 0.5) * 2.4;
    const pitch = (next() - 0.5) * 1.4;
    rays.push({ o, d: [-Math.sin(yawR) * Math.cos(pitch), Math.sin(pitch), -Math.cos(yawR) * Math.cos(pitch)] });
  }
  return rays;
}

const synthetic: Exhibit = { ...exhibit, content: syntheticMilestones(exhibit.content, 200) };

describe('panel hit test', () => {
  for (const [name, ex] of [
    ['the IAMM corridor', exhibit],
    ['200 milestones', synthetic],
  ] as const) {
    it(`${name}: hits the panel three's raycaster hits, at the same point`, () => {
      const layout = corridorLayout(ex, 'both', metrics);
      const index = panelHitIndex(layout.slots);
      const meshes = boxes(layout);
      const raycaster = new Raycaster();
      let hits = 0;
      for (const { o, d } of visitorRays(layout, 400, 7)) {
        raycaster.set(new Vector3(...o), new Vector3(...d));
        const three = raycaster.intersectObjects(meshes, false)[0];
        const ours = hitPanel(index, o, d);
        // A box's thin edges are a few millimetres a pointer never aims at: compare face hits.
        if (three && Math.abs(three.face!.normal.z) < 0.5) continue;
        expect(ours?.index ?? null).toBe(three ? (three.object.userData.index as number) : null);
        if (three && ours) {
          hits++;
          expect(ours.distance).toBeCloseTo(three.distance, 6);
          expect(Math.hypot(ours.point[0] - three.point.x, ours.point[1] - three.point.y, ours.point[2] - three.point.z)).toBeLessThan(
            1e-6,
          );
        }
      }
      // A third of the rays or more meet a panel: the comparison is not vacuous.
      expect(hits).toBeGreaterThan(100);
    });
  }

  it('tests no more panels per ray at 200 milestones than in the IAMM corridor', () => {
    const worst = (ex: Exhibit): number => {
      const layout = corridorLayout(ex, 'both', metrics);
      const index = panelHitIndex(layout.slots);
      let most = 0;
      for (const { o, d } of visitorRays(layout, 400, 11)) {
        const stats = { tested: 0 };
        hitPanel(index, o, d, 0, Infinity, { stats });
        most = Math.max(most, stats.tested);
      }
      return most;
    };
    const iamm = worst(exhibit);
    expect(iamm).toBeGreaterThan(0);
    expect(worst(synthetic)).toBeLessThanOrEqual(Math.max(iamm, 6));
  });

  it('a ray straight down the middle of the corridor tests no panel at all', () => {
    const layout = corridorLayout(synthetic, 'both', metrics);
    const index = panelHitIndex(layout.slots);
    const stats = { tested: 0 };
    const x = (layout.bounds.xMin + layout.bounds.xMax) / 2;
    expect(hitPanel(index, [x, 1.6, layout.bounds.zMax], [0, 0, -1], 0, Infinity, { stats })).toBeNull();
    expect(stats.tested).toBe(0);
  });

  it("a ray from the entrance (or any standing spot) to a panel's centre hits that panel, on either wall", () => {
    // Wall panels face across the corridor (yaw ±90°): the bounds are flat in x, so the hit lies on their edge.
    for (const language of ['en', 'zh', 'both'] as const) {
      const layout = corridorLayout(exhibit, language, metrics);
      const index = panelHitIndex(layout.slots);
      const eyes: Vec3[] = [layout.start.position, ...layout.slots.map((s) => s.standing.position)];
      for (const eye of eyes) {
        layout.slots.forEach((slot, i) => {
          const n = [Math.sin(slot.yaw), 0, Math.cos(slot.yaw)];
          const target = slot.position.map((v, a) => v + (n[a]! * PLATE_DEPTH_M) / 2);
          const d = target.map((v, a) => v - eye[a]!);
          const len = Math.hypot(d[0]!, d[1]!, d[2]!);
          expect(hitPanel(index, eye, [d[0]! / len, d[1]! / len, d[2]! / len])?.index, `${language} ${slot.id}`).toBe(i);
        });
      }
    }
  });

  it('respects near and far, and an empty corridor hits nothing', () => {
    const layout = corridorLayout(exhibit, 'en', metrics);
    const index = panelHitIndex(layout.slots);
    const slot = layout.slots[1]!;
    const { position: p, yaw } = slot.standing;
    const d: Vec3 = [-Math.sin(yaw), 0, -Math.cos(yaw)];
    const hit = hitPanel(index, p, d);
    expect(hit?.index).toBe(1);
    expect(hitPanel(index, p, d, 0, hit!.distance - 0.01)).toBeNull();
    expect(hitPanel(index, p, d, hit!.distance + 0.01)).not.toEqual(hit);
    expect(hitPanel(panelHitIndex([]), p, d)).toBeNull();
  });
});
