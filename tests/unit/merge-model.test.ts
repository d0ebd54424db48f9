// A controller model drawn as one mesh: parts merged in the model's space, one material; models that cannot be
// merged are left as they are.
import { BoxGeometry, Group, Mesh, type MeshBasicMaterial, MeshStandardMaterial, Texture, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { mergeModel } from '../../src/scene/mergeModel.ts';

function controllerLike(): { model: Group; map: Texture } {
  const map = new Texture();
  const material = new MeshStandardMaterial({ map });
  const model = new Group();
  model.position.set(5, 0, 0); // where the model sits in its parent: not baked into the merged geometry
  const body = new Mesh(new BoxGeometry(1, 1, 1), material);
  const button = new Group();
  button.position.set(0, 2, 0);
  const cap = new Mesh(new BoxGeometry(0.2, 0.2, 0.2), material);
  button.add(cap);
  const hidden = new Mesh(new BoxGeometry(9, 9, 9), material);
  hidden.visible = false;
  model.add(body, button, hidden);
  return { model, map };
}

describe('mergeModel', () => {
  it('merges every visible part into one mesh in the model space, with the shared colour map', () => {
    const { model, map } = controllerLike();
    const merged = mergeModel(model)!;
    expect(merged).not.toBeNull();
    const box = new BoxGeometry(1, 1, 1);
    expect(merged.geometry.getAttribute('position').count).toBe(box.getAttribute('position').count * 2);
    expect(merged.geometry.index!.count).toBe(box.index!.count * 2);
    expect(Object.keys(merged.geometry.attributes).sort()).toEqual(['color', 'normal', 'position', 'uv']);
    merged.geometry.computeBoundingBox();
    const bb = merged.geometry.boundingBox!;
    // The button's cap sits 2 m up in the model's space; the model's own offset (5, 0, 0) is not baked in.
    expect(bb.max.y).toBeCloseTo(2.1);
    expect(bb.getCenter(new Vector3()).x).toBeCloseTo(0);
    expect((merged.material as MeshBasicMaterial).map).toBe(map);
  });

  it('bakes a soft light into its vertex colours: no face is black, the top is brighter than the bottom', () => {
    const merged = mergeModel(controllerLike().model)!;
    const material = merged.material as MeshBasicMaterial;
    // Unlit: the scene has no real-time light, so a lit material would draw it black.
    expect(material.type).toBe('MeshBasicMaterial');
    expect(material.vertexColors).toBe(true);
    const colour = merged.geometry.getAttribute('color');
    const normal = merged.geometry.getAttribute('normal');
    let top = 0;
    let bottom = 1;
    for (let i = 0; i < colour.count; i++) {
      expect(colour.getX(i)).toBeGreaterThanOrEqual(0.4);
      if (normal.getY(i) > 0.9) top = Math.max(top, colour.getX(i));
      if (normal.getY(i) < -0.9) bottom = Math.min(bottom, colour.getX(i));
    }
    expect(top).toBeGreaterThan(bottom + 0.3);
  });

  it('leaves a model with two textures alone', () => {
    const { model } = controllerLike();
    model.add(new Mesh(new BoxGeometry(1, 1, 1), new MeshStandardMaterial({ map: new Texture() })));
    expect(mergeModel(model)).toBeNull();
  });
});
