// The corridor's contents. Draws what src/layout computed; decides nothing.
import { Color, Fog } from 'three';
import { useMemo } from 'react';
import type { CorridorLayout, Vec3 } from '../layout/corridor.ts';
import type { Face } from '../text/faces.ts';
import { THEME } from '../theme.ts';
import { CorridorShell } from './CorridorShell.tsx';
import { Panels } from './Panels.tsx';
import { Texts } from './Texts.tsx';
import { GuideHighlight } from './GuideHighlight.tsx';
import { PanelPictures } from './PanelPictures.tsx';
import type { Pictures } from '../content/pictures.ts';

export function Scene({
  layout,
  fonts,
  focusedId,
  onSelect,
  onTextDrawn,
  pictures,
}: {
  layout: CorridorLayout;
  fonts: Record<Face, string>;
  focusedId: string | null;
  onSelect: (id: string, point: Vec3, alt: boolean) => void;
  onTextDrawn: () => void;
  pictures?: Pictures | undefined;
}) {
  const background = useMemo(() => new Color(THEME.background), []);
  // Far panels fade into the dark instead of ending at a hard edge.
  const fog = useMemo(() => new Fog(THEME.background, 18, 48), []);
  return (
    <>
      <primitive attach="background" object={background} />
      <primitive attach="fog" object={fog} />
      <hemisphereLight args={['#dfe8ff', '#2a2f3a', 1.6]} />
      <directionalLight position={[1, 4, 2]} intensity={0.6} />
      <CorridorShell layout={layout} />
      <Panels layout={layout} focusedId={focusedId} onSelect={onSelect} />
      <Texts layout={layout} fonts={fonts} onDrawn={onTextDrawn} />
      <GuideHighlight layout={layout} />
      {pictures?.atlas && <PanelPictures layout={layout} pictures={pictures} atlas={pictures.atlas} />}
    </>
  );
}
