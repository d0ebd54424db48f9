// The index finger's touch sphere against instanced buttons (the wrist menu, the panels): it reaches an instance
// when it is within its radius of that instance's box, and nothing else, however close it is to the mesh's origin.
import { BoxGeometry, InstancedMesh, type Intersection, MeshBasicMaterial, Object3D, Sphere, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { spherecastInstances, touchByInstance } from '../../src/scene/instanceSpherecast.ts';

/** A menu-like mesh: a unit box geometry, two 6 × 3 × 0.6 cm buttons side by side, the mesh moved and turned. */
function buttons(): InstancedMesh {
  const mesh = new InstancedMesh(new BoxGeometry(1, 1, 1), new MeshBasicMaterial(), 4);
  const o = new Object3D();
  [-0.04, 0.04].forEach((x, i) => {
    o.position.set(x, 0, 0);
    o.scale.set(0.06, 0.03, 0.006);
    o.updateMatrix();
    mesh.setMatrixAt(i, o.matrix);
  });
  mesh.count = 2;
  mesh.computeBoundingSphere();
  mesh.position.set(1, 1.3, -0.4);
  mesh.rotation.set(0, Math.PI / 2, 0);
  mesh.updateMatrixWorld(true);
  return mesh;
}

const cast = (mesh: InstancedMesh, centre: Vector3, radius = 0.1): Intersection<Object3D>[] => {
  const hits: Intersection<Object3D>[] = [];
  spherecastInstances(mesh, new Sphere(centre, radius), hits);
  return hits;
};

/** A point in the mesh's space, in the world. */
const at = (mesh: InstancedMesh, x: number, y: number, z: number): Vector3 => new Vector3(x, y, z).applyMatrix4(mesh.matrixWorld);

describe('spherecastInstances', () => {
  it('reaches the button in front of the fingertip, with its id, its distance and the face it is in front of', () => {
    const mesh = buttons();
    const hits = cast(mesh, at(mesh, 0.04, 0, 0.05));
    const first = hits.sort((a, b) => a.distance - b.distance)[0]!;
    expect(first.instanceId).toBe(1);
    expect(first.object).toBe(mesh);
    expect(first.distance).toBeCloseTo(0.05 - 0.003, 6);
    expect(first.point.distanceTo(at(mesh, 0.04, 0, 0.003))).toBeLessThan(1e-6);
    expect(first.normal?.toArray()).toEqual([0, 0, 1]);
  });

  it('a fingertip touching a button is at distance 0 from it', () => {
    const mesh = buttons();
    const hits = cast(mesh, at(mesh, -0.04, 0, 0), 0.03);
    expect(hits.map((h) => h.instanceId)).toEqual([0]);
    expect(hits[0]!.distance).toBeCloseTo(0, 9);
  });

  it('reaches nothing when the fingertip is near the mesh’s origin but beyond its radius of every button', () => {
    const mesh = buttons();
    // 20 cm in front of the menu, 40 cm above it, and beside it: all inside the geometry's 1 m box at the mesh's
    // transform, which is what the library's own whole-mesh test would have touched at distance 0.
    for (const p of [at(mesh, 0, 0, 0.2), at(mesh, 0, 0.4, 0), at(mesh, 0.3, 0, 0)]) expect(cast(mesh, p)).toEqual([]);
  });

  it('only the drawn instances count', () => {
    const mesh = buttons();
    mesh.count = 1;
    expect(cast(mesh, at(mesh, 0.04, 0, 0.01)).map((h) => h.instanceId)).toEqual([0]);
  });

  it('touchByInstance installs it as the mesh’s spherecast', () => {
    const mesh = buttons();
    touchByInstance(mesh);
    const hits: Intersection<Object3D>[] = [];
    mesh.spherecast!(new Sphere(at(mesh, 0.04, 0, 0.02), 0.1), hits);
    expect(hits.map((h) => h.instanceId)).toContain(1);
  });
});
