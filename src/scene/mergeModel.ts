// A controller model as one draw call. The Quest Touch Plus model (and most WebXR input-profile models) is six or seven
// meshes (body, buttons, thumbstick, trigger, grip) sharing one material and one texture: drawn as they come, that is
// twelve draws per eye for two controllers, most of the XR frame's draw calls. Merged into one mesh (in the model's own
// space) each controller is one draw per eye. The buttons no longer move when pressed: the exhibit's buttons act at
// once and show it in the scene, so nothing the visitor needs is lost.
import { BufferAttribute, type BufferGeometry, Matrix4, Mesh, MeshBasicMaterial, type Material, type Object3D, Vector3 } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';

/** The light baked into a merged model's vertex colours, in the model's own space (from above, in front, a little right). */
const LIGHT_DIRECTION = new Vector3(0.3, 1, 0.6).normalize();
/** Share of a vertex's brightness that does not depend on where it faces (the corridor's soft, shadowless light). */
const AMBIENT = 0.45;

/** The attributes a merged model keeps (every part must have the first two; uv only if every part has it). */
const KEPT = ['position', 'normal', 'uv'] as const;

/**
 * One mesh holding every visible mesh of `model`, transformed into the model's space, with one unlit material that
 * takes the first part's colour map and a light baked into its vertex colours, as the corridor's is (the scene has no
 * real-time light: a lit material drew the controllers black, and cost light uniforms on every draw). Null when the parts cannot be merged (a second texture, skinning, morph targets, mismatched
 * attributes): the caller then draws the model as it is.
 */
export function mergeModel(model: Object3D): Mesh | null {
  model.updateMatrixWorld(true);
  const toModel = new Matrix4().copy(model.matrixWorld).invert();
  const parts: BufferGeometry[] = [];
  let map: unknown = undefined;
  let ok = true;
  model.traverseVisible((o) => {
    if (!ok || !(o instanceof Mesh)) return;
    const material = o.material as Material & { map?: unknown };
    if (Array.isArray(o.material) || (o as { isSkinnedMesh?: boolean }).isSkinnedMesh || o.geometry.morphAttributes.position) {
      ok = false;
      return;
    }
    const m = material.map ?? null;
    if (map === undefined) map = m;
    else if (map !== m) ok = false;
    const g = o.geometry.clone();
    g.applyMatrix4(new Matrix4().multiplyMatrices(toModel, o.matrixWorld));
    parts.push(g);
  });
  if (!ok || parts.length === 0) {
    for (const g of parts) g.dispose();
    return null;
  }
  const names = KEPT.filter((n) => parts.every((g) => g.getAttribute(n) !== undefined));
  if (!names.includes('position') || !names.includes('normal')) return null;
  const indexed = parts.every((g) => g.index !== null);
  for (const g of parts) {
    for (const n of Object.keys(g.attributes)) if (!(names as readonly string[]).includes(n)) g.deleteAttribute(n);
    if (!indexed && g.index !== null) g.copy(g.toNonIndexed());
  }
  const merged = mergeGeometries(parts, false);
  for (const g of parts) g.dispose();
  if (!merged) return null;
  merged.computeBoundingSphere();
  bakeLight(merged);
  const mesh = new Mesh(merged, new MeshBasicMaterial({ map: (map ?? null) as MeshBasicMaterial['map'], vertexColors: true }));
  mesh.name = 'merged-controller';
  return mesh;
}

/** Vertex colours: AMBIENT plus the rest by how much each vertex faces LIGHT_DIRECTION. */
function bakeLight(geometry: BufferGeometry): void {
  const normal = geometry.getAttribute('normal');
  const colours = new Float32Array(normal.count * 3);
  const n = new Vector3();
  for (let i = 0; i < normal.count; i++) {
    n.fromBufferAttribute(normal, i).normalize();
    const v = AMBIENT + (1 - AMBIENT) * Math.max(0, n.dot(LIGHT_DIRECTION));
    colours[i * 3] = colours[i * 3 + 1] = colours[i * 3 + 2] = v;
  }
  geometry.setAttribute('color', new BufferAttribute(colours, 3));
}
