// The right index finger's touch pointer (the hand's poke) against instanced buttons, instance by instance.
// @pmndrs/pointer-events' sphere intersector tests an InstancedMesh per instance and then once more as a whole: the
// shared geometry at the mesh's own transform, with no instance. For the wrist menu that is a 1 m box around the
// menu: a fingertip anywhere inside it touched "the menu" at distance 0 with no instanceId (no button). Distance 0
// made the touch pointer the hand's active pointer (its ray was switched off, so a pinch along the ray pressed
// nothing), and "down" at once and for as long as the hand stayed near (so a poke never began). `spherecast` is the
// intersector's hook for an object that intersects itself: it replaces both tests with the per-instance one.
// No React, no allocation unless an instance is within the sphere (the intersection is kept by the pointer).
import { Box3, type InstancedMesh, type Intersection, Matrix4, type Object3D, Sphere, Vector3 } from 'three';

const instance = new Matrix4();
const inverse = new Matrix4();
const local = new Vector3();
const closest = new Vector3();
const centre = new Vector3();
const size = new Vector3();
const bounds = new Sphere();
const instanceBounds = new Sphere();
const box = new Box3();
const MIN_SIZE = new Vector3(1e-4, 1e-4, 1e-4);

/**
 * Intersects `sphere` (world space) with each drawn instance of `mesh` (its geometry's bounding box under the
 * instance's matrix), pushing one intersection per instance it reaches: the closest point on the instance's box,
 * its distance from the sphere's centre (0 inside), the instance's id and the box face's outward normal.
 */
export function spherecastInstances(mesh: InstancedMesh, sphere: Sphere, target: Intersection<Object3D>[]): void {
  if (mesh.count === 0) return;
  if (mesh.boundingSphere === null) mesh.computeBoundingSphere();
  if (mesh.boundingSphere && !bounds.copy(mesh.boundingSphere).applyMatrix4(mesh.matrixWorld).intersectsSphere(sphere)) return;
  const geometry = mesh.geometry;
  if (geometry.boundingBox === null) geometry.computeBoundingBox();
  if (geometry.boundingSphere === null) geometry.computeBoundingSphere();
  if (geometry.boundingBox === null || geometry.boundingSphere === null) return;
  box.copy(geometry.boundingBox);
  box.getCenter(centre);
  box.getSize(size).max(MIN_SIZE);
  for (let i = 0; i < mesh.count; i++) {
    mesh.getMatrixAt(i, instance);
    instance.premultiply(mesh.matrixWorld);
    if (!instanceBounds.copy(geometry.boundingSphere).applyMatrix4(instance).intersectsSphere(sphere)) continue;
    local.copy(sphere.center).applyMatrix4(inverse.copy(instance).invert());
    box.clampPoint(local, closest);
    closest.applyMatrix4(instance);
    const distance = closest.distanceTo(sphere.center);
    if (distance > sphere.radius) continue;
    // The face the centre is in front of: the largest component of its offset, in units of the box.
    local.sub(centre).divide(size);
    const ax = Math.abs(local.x);
    const ay = Math.abs(local.y);
    const az = Math.abs(local.z);
    const normal =
      ax >= ay && ax >= az
        ? new Vector3(Math.sign(local.x) || 1, 0, 0)
        : ay >= az
          ? new Vector3(0, Math.sign(local.y) || 1, 0)
          : new Vector3(0, 0, Math.sign(local.z) || 1);
    target.push({
      distance,
      point: closest.clone(),
      object: mesh,
      instanceId: i,
      face: { a: 0, b: 0, c: 0, materialIndex: 0, normal },
      normal,
    });
  }
}

/** Gives an instanced mesh the per-instance spherecast above (for the touch pointer; rays are already per instance). */
export function touchByInstance(mesh: InstancedMesh): void {
  mesh.spherecast = (sphere: Sphere, target: Intersection<Object3D>[]) => spherecastInstances(mesh, sphere, target);
}
