// The corridor's contents. Draws what src/layout computed; decides nothing.
import { Color, Fog } from 'three';
import { lazy, Suspense, useMemo } from 'react';
import type { CorridorLayout, Vec3 } from '../layout/corridor.ts';
import type { Face } from '../text/faces.ts';
import { FOG_FAR_M, FOG_NEAR_M } from '../layout/constants.ts';
import { THEME } from '../theme.ts';
import { CorridorShell } from './CorridorShell.tsx';
import { Panels } from './Panels.tsx';
import { Texts } from './Texts.tsx';
import { GuideHighlight } from './GuideHighlight.tsx';
import { PanelPictures } from './PanelPictures.tsx';
import type { MediaFiles, Pictures } from '../content/pictures.ts';
import { useExhibit } from '../state/context.tsx';
// Models and videos have their own chunks (the glTF loader among them), fetched only by an exhibit that has them.
const PanelVideos = lazy(() => import('./PanelVideo.tsx').then((m) => ({ default: m.PanelVideos })));
const PanelModels = lazy(() => import('./PanelModel.tsx').then((m) => ({ default: m.PanelModels })));

export function Scene({
  layout,
  fonts,
  onSelect,
  onTextDrawn,
  onFirstViewDrawn,
  onEntranceDrawn,
  firstViewZ,
  pictures,
  mediaFiles,
  reducedMotion = false,
}: {
  layout: CorridorLayout;
  fonts: Record<Face, string>;
  onSelect: (id: string, point: Vec3, alt: boolean) => void;
  onTextDrawn: () => void;
  onFirstViewDrawn?: () => void;
  onEntranceDrawn?: () => void;
  /** Where along the corridor the visitor starts: the texts around it are readable first. */
  firstViewZ?: number;
  pictures?: Pictures | undefined;
  mediaFiles?: MediaFiles | undefined;
  reducedMotion?: boolean;
}) {
  // Mounted (and their chunks fetched) once the text is on screen, never before the first frame.
  const textDrawn = useExhibit((s) => s.drawn['3d']);
  const background = useMemo(() => new Color(THEME.background), []);
  // Far panels fade into the dark instead of ending at a hard edge. Nothing is lit in real time: the corridor's
  // light is baked into its vertex colours, panels and text are drawn in their exact colours.
  const fog = useMemo(() => new Fog(THEME.background, FOG_NEAR_M, FOG_FAR_M), []);
  return (
    <>
      <primitive attach="background" object={background} />
      <primitive attach="fog" object={fog} />
      <CorridorShell layout={layout} />
      <Panels layout={layout} onSelect={onSelect} />
      <Texts
        layout={layout}
        fonts={fonts}
        onDrawn={onTextDrawn}
        onFirstDrawn={onFirstViewDrawn}
        onEntranceDrawn={onEntranceDrawn}
        fromZ={firstViewZ}
      />
      <GuideHighlight layout={layout} />
      {pictures?.atlas && <PanelPictures layout={layout} pictures={pictures} atlas={pictures.atlas} />}
      {mediaFiles && textDrawn && (
        <Suspense fallback={null}>
          <PanelVideos layout={layout} mediaFiles={mediaFiles} />
          <PanelModels layout={layout} mediaFiles={mediaFiles} reducedMotion={reducedMotion} />
        </Suspense>
      )}
    </>
  );
}
