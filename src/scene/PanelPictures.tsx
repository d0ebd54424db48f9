// The panels' pictures: every picture of every panel is one quad of one mesh, textured from the build's single
// atlas (build/media.ts), so all of them cost one draw call. Mounted only once the 3D view's text is on screen:
// the atlas is fetched after the first frame and never delays the text. Draws what src/layout placed.
import { useTexture } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { Suspense, useEffect, useMemo } from 'react';
import { WithoutMedia } from './WithoutMedia.tsx';
import { BufferAttribute, BufferGeometry, MeshBasicMaterial, SRGBColorSpace, type Texture } from 'three';
import type { Pictures } from '../content/pictures.ts';
import { PLATE_DEPTH_M } from '../layout/constants.ts';
import type { CorridorLayout } from '../layout/corridor.ts';
import { useExhibit } from '../state/context.tsx';

/** In front of the panel's face, behind nothing: the text never overlaps a picture. */
const PICTURE_LIFT_M = 0.003;

/** The quads of every picture in world space, with their atlas coordinates (pure; exported for tests). */
export function pictureGeometry(layout: CorridorLayout, pictures: Pictures): BufferGeometry {
  const pos: number[] = [];
  const uv: number[] = [];
  const index: number[] = [];
  for (const slot of layout.slots) {
    const c = Math.cos(slot.yaw);
    const s = Math.sin(slot.yaw);
    const z = PLATE_DEPTH_M / 2 + PICTURE_LIFT_M;
    for (const p of slot.text.pictures) {
      const item = p.kind === 'picture' ? pictures.items[p.file] : undefined;
      if (!item) continue;
      const top = slot.height / 2 + p.y;
      const corners: Array<[number, number, number, number]> = [
        [p.x, top - p.height, item.u0, item.v0],
        [p.x + p.width, top - p.height, item.u1, item.v0],
        [p.x + p.width, top, item.u1, item.v1],
        [p.x, top, item.u0, item.v1],
      ];
      const base = pos.length / 3;
      for (const [x, y, u, v] of corners) {
        pos.push(slot.position[0] + x * c + z * s, slot.position[1] + y, slot.position[2] - x * s + z * c);
        uv.push(u, v);
      }
      index.push(base, base + 1, base + 2, base, base + 2, base + 3);
    }
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(new Float32Array(pos), 3));
  g.setAttribute('uv', new BufferAttribute(new Float32Array(uv), 2));
  g.setIndex(index);
  return g;
}

function Quads({ layout, pictures, atlas }: { layout: CorridorLayout; pictures: Pictures; atlas: string }) {
  const invalidate = useThree((s) => s.invalidate);
  const texture = useTexture(atlas, (t: Texture) => {
    t.colorSpace = SRGBColorSpace;
    t.anisotropy = 4;
  });
  const geometry = useMemo(() => pictureGeometry(layout, pictures), [layout, pictures]);
  const material = useMemo(() => new MeshBasicMaterial({ map: texture, toneMapped: false }), [texture]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  useEffect(() => () => material.dispose(), [material]);
  useEffect(() => invalidate(), [invalidate, texture, geometry]);
  return <mesh geometry={geometry} material={material} name="panel-pictures" raycast={() => null} />;
}

export function PanelPictures({ layout, pictures, atlas }: { layout: CorridorLayout; pictures: Pictures; atlas: string }) {
  const drawn = useExhibit((s) => s.drawn['3d']);
  if (!drawn) return null;
  return (
    <WithoutMedia what="The panel pictures">
      <Suspense fallback={null}>
        <Quads layout={layout} pictures={pictures} atlas={atlas} />
      </Suspense>
    </WithoutMedia>
  );
}
