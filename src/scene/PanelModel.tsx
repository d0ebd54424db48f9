// A panel's 3D model on its plinth beside the panel (src/layout/media.ts placed it; the plinth is drawn with the
// panels): loaded after the first frame with drei's useGLTF, with no decoder (the build refuses compressed models,
// so nothing is fetched from any other host), scaled so its largest side is the layout's size, and turning slowly
// while the visitor is at its milestone (never under reduced motion).
import { useGLTF } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { Suspense, useEffect, useMemo, useRef } from 'react';
import { Box3, Vector3, type Group } from 'three';
import type { MediaFiles } from '../content/pictures.ts';
import type { CorridorLayout } from '../layout/corridor.ts';
import { MODEL_TURN_RAD_PER_S } from '../layout/constants.ts';
import { modelPlaces, type ModelPlace } from '../layout/media.ts';
import { useExhibit } from '../state/context.tsx';
import { WithoutMedia } from './WithoutMedia.tsx';

function Model({ place, src, turning }: { place: ModelPlace; src: string; turning: boolean }) {
  // No Draco, no meshopt: drei would otherwise point their decoders at a CDN.
  const gltf = useGLTF(src, false, false);
  const invalidate = useThree((s) => s.invalidate);
  const spin = useRef<Group>(null);
  // Its own copy, centred on the origin and scaled to the layout's size.
  const { object, scale } = useMemo(() => {
    const o = gltf.scene.clone(true);
    const box = new Box3().setFromObject(o);
    const size = box.getSize(new Vector3());
    const centre = box.getCenter(new Vector3());
    o.position.sub(centre);
    o.traverse((child) => (child.raycast = () => undefined));
    return { object: o, scale: place.size / Math.max(size.x, size.y, size.z, 1e-6) };
  }, [gltf, place.size]);
  useEffect(() => invalidate(), [invalidate, object]);
  useFrame((_, dt) => {
    if (!turning || !spin.current) return;
    spin.current.rotation.y += dt * MODEL_TURN_RAD_PER_S;
    invalidate();
  });
  return (
    <group position={place.centre as [number, number, number]} rotation={[0, place.yaw, 0]} name="panel-model">
      <group ref={spin} scale={scale}>
        <primitive object={object} />
      </group>
    </group>
  );
}

export function PanelModels({
  layout,
  mediaFiles,
  reducedMotion,
}: {
  layout: CorridorLayout;
  mediaFiles: MediaFiles;
  reducedMotion: boolean;
}) {
  const drawn = useExhibit((s) => s.drawn['3d']);
  const focusedId = useExhibit((s) => s.focusedId);
  const places = useMemo(() => modelPlaces(layout).filter((p) => mediaFiles[p.file]?.kind === 'model'), [layout, mediaFiles]);
  if (!drawn) return null;
  return (
    <>
      {places.map((place) => (
        <WithoutMedia key={place.key} what={`The model ${place.file}`}>
          <Suspense fallback={null}>
            <Model place={place} src={mediaFiles[place.file]!.src} turning={!reducedMotion && place.id === focusedId} />
          </Suspense>
        </WithoutMedia>
      ))}
    </>
  );
}
