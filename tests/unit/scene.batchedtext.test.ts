// The text batch packs its members' data (matrix, colour, ...) into a texture only after a change: the text a
// visitor sees still moves, recolours and updates, while unchanged frames (and the second eye) reuse the texture.
import { Color, Texture } from 'three';
import { Text, type TextMaterial } from 'troika-three-text';
import { describe, expect, it } from 'vitest';
import { StableBatchedText } from '../../src/scene/StableBatchedText.ts';

/** Floats per member in troika's data texture: 0-15 the matrix, 24 the colour. */
const FLOATS = 32;

interface Internals {
  _members: Map<Text, { index: number }>;
  _textRenderInfo: object;
}
interface Glyphs {
  updateGlyphs(bounds: Float32Array, atlasIndices: Float32Array, blockBounds: number[], chunks?: undefined, colors?: undefined): void;
}

/** One glyph, as troika's layout would give it. */
function layOut(geometry: unknown, blockBounds: number[]): void {
  (geometry as Glyphs).updateGlyphs(new Float32Array(blockBounds), new Float32Array([0]), blockBounds);
}

/** A batch with members as troika leaves them after a sync (layout done, members numbered), without its worker. */
function batchOf(n: number): { batch: StableBatchedText; members: Text[]; material: TextMaterial } {
  const batch = new StableBatchedText();
  const members: Text[] = [];
  const sdfTexture = new Texture();
  sdfTexture.image = { width: 64, height: 64 };
  for (let i = 0; i < n; i++) {
    const t = new Text();
    t.color = new Color('#336699');
    t.position.set(i, 0, 0);
    const info = { sdfTexture, sdfGlyphSize: 64, sdfExponent: 9, blockBounds: [0, -0.1, 1, 0], glyphColors: null };
    (t as unknown as Internals)._textRenderInfo = info;
    layOut(t.geometry, info.blockBounds);
    batch.add(t);
    (batch as unknown as Internals)._members.get(t)!.index = i;
    (batch as unknown as Internals)._textRenderInfo = info;
    members.push(t);
  }
  layOut(batch.geometry, [0, -0.1, 1, 0]);
  const material = batch.material as TextMaterial;
  return { batch, members, material };
}

/** One frame in both eyes, as three draws it in XR: one updateMatrixWorld, then onBeforeRender per eye. */
function frame(batch: StableBatchedText, material: TextMaterial): Float32Array {
  batch.updateMatrixWorld();
  batch._prepareForRender(material);
  batch._prepareForRender(material);
  const tex = material.uniforms.uTroikaMatricesTexture!.value as { image: { data: Float32Array } };
  return tex.image.data;
}

describe('StableBatchedText', () => {
  it('packs once for both eyes, and not again while nothing changes', () => {
    const { batch, members, material } = batchOf(3);
    const data = frame(batch, material);
    expect(batch.packCount).toBe(1);
    expect(data[1 * FLOATS + 12]).toBe(1); // member 1's x
    expect(data[2 * FLOATS + 12]).toBe(2);
    frame(batch, material);
    frame(batch, material);
    expect(batch.packCount).toBe(1);
    expect(members).toHaveLength(3);
  });

  it('still moves a member that moved', () => {
    const { batch, members, material } = batchOf(2);
    frame(batch, material);
    members[1]!.position.set(5, 2, -3);
    batch.membersChanged(); // as TextBatch does after React set the props
    const data = frame(batch, material);
    expect([data[FLOATS + 12], data[FLOATS + 13], data[FLOATS + 14]]).toEqual([5, 2, -3]);
    expect(batch.packCount).toBe(2);
    // The batch's bounds include the moved member.
    expect(batch.geometry.boundingBox!.max.x).toBeGreaterThanOrEqual(5);
  });

  it('still recolours a member whose colour changed in place (as React props do)', () => {
    const { batch, members, material } = batchOf(2);
    const before = frame(batch, material)[FLOATS + 24];
    members[1]!.color = (members[1]!.color as Color).set('#ff8800');
    batch.membersChanged();
    const after = frame(batch, material)[FLOATS + 24];
    expect(after).not.toBe(before);
    expect(after).toBe(new Color('#ff8800').getHex());
  });

  it('repacks by itself after a member synced new text', () => {
    const { batch, members, material } = batchOf(2);
    frame(batch, material);
    members[0]!.dispatchEvent({ type: 'synccomplete' });
    frame(batch, material);
    expect(batch.packCount).toBe(2);
  });

  it('repacks by itself when a member is removed or added', () => {
    const { batch, members, material } = batchOf(2);
    frame(batch, material);
    batch.remove(members[1]!);
    frame(batch, material);
    expect(batch.packCount).toBe(2);
    batch.add(members[1]!);
    frame(batch, material);
    expect(batch.packCount).toBe(3);
  });
});
