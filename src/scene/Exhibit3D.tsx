// The WebGL view: canvas, scene and viewer, and the "ready" signal once the text is drawn.
// Loading progress: 0.3 when the canvas exists, 1 when the text is on screen (troika reports no finer steps).
import { Canvas } from '@react-three/fiber';
import { XR, type XRStore } from '@react-three/xr';
import { useCallback, useMemo, useState } from 'react';
import { corridorLayout } from '../layout/corridor.ts';
import type { Fonts } from '../layout/panel.ts';
import type { Exhibit } from '../content/schema.ts';
import type { Face } from '../text/faces.ts';
import { viewpointAt, type Rig } from '../features/locomotion/motion.ts';
import { useExhibit, useExhibitStore } from '../state/context.tsx';
import { Scene } from './Scene.tsx';
import { Viewer } from './Viewer.tsx';
import { XRRig } from './XRRig.tsx';
import { ContextGuard } from './ContextGuard.tsx';
import { XRPause } from './XRPause.tsx';
import { pick } from '../content/format.ts';

export function Exhibit3D({
  exhibit,
  fonts,
  metrics,
  reducedMotion,
  xrStore,
  defaultTour = null,
}: {
  exhibit: Exhibit;
  /** The tour the VR menu's "Guided tour" starts, or null (no tours). */
  defaultTour?: string | null;
  fonts: Record<Face, string>;
  metrics: Fonts;
  reducedMotion: boolean;
  xrStore: XRStore;
}) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const focusedId = useExhibit((s) => s.focusedId);
  const layout = useMemo(() => corridorLayout(exhibit, language, metrics), [exhibit, language, metrics]);
  // Where the visitor is: created once; a language change re-lays the corridor but leaves the visitor in place.
  const [rig] = useState<Rig>(() => {
    const slot = layout.slots.find((s) => s.id === store.getState().focusedId);
    return { view: viewpointAt(slot ? slot.standing : layout.start), head: { x: 0, y: 0, z: 0, yaw: 0 }, inXR: false, lift: 0 };
  });
  const onTextDrawn = useCallback(() => store.getState().setDrawn('3d'), [store]);
  const onSelect = useCallback((id: string) => store.getState().focus(id, 'select'), [store]);
  const onContextGone = useCallback(
    () => store.getState().setWebglProblem(pick(exhibit.exhibit.ui.webglLost, 'both', ' ')),
    [store, exhibit],
  );

  return (
    <Canvas
      frameloop="demand"
      // No tone mapping: panel and text colours are drawn exactly, as the contrast test computes them.
      flat
      dpr={[1, 2]}
      camera={{ fov: 62, near: 0.05, far: 60, position: layout.start.position as [number, number, number] }}
      gl={{ antialias: true, powerPreference: 'high-performance' }}
      onCreated={() => store.getState().setProgress(0.3)}
      aria-hidden="true"
    >
      <XR store={xrStore}>
        <Scene
          layout={layout}
          fonts={fonts}
          focusedId={focusedId}
          onSelect={onSelect}
          onTextDrawn={onTextDrawn}
          pictures={exhibit.pictures}
          mediaFiles={exhibit.mediaFiles}
          reducedMotion={reducedMotion}
        />
        <Viewer layout={layout} rig={rig} reducedMotion={reducedMotion} />
        <XRRig rig={rig} layout={layout} exhibit={exhibit} fonts={fonts} metrics={metrics} defaultTour={defaultTour} />
        <XRPause />
        <ContextGuard onGiveUp={onContextGone} />
      </XR>
    </Canvas>
  );
}
