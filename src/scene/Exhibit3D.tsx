// The WebGL view: canvas, scene and viewer, and the "ready" signal once the text is drawn.
// Loading progress: 0.3 when the canvas exists, 1 when the text is on screen (troika reports no finer steps).
import { Canvas } from '@react-three/fiber';
import { XR, type XRStore } from '@react-three/xr';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { placePose, type Vec3 } from '../layout/corridor.ts';
import { layoutsByLanguage } from '../layout/layouts.ts';
import { elementAtPoint } from '../input/point.ts';
import type { Fonts } from '../layout/panel.ts';
import { BASE_FOV_DEG } from '../layout/constants.ts';
import type { Exhibit } from '../content/schema.ts';
import type { Face } from '../text/faces.ts';
import { viewpointAt, type Rig } from '../features/locomotion/motion.ts';
import { useExhibit, useExhibitStore } from '../state/context.tsx';
import { Scene } from './Scene.tsx';
import { Viewer } from './Viewer.tsx';
import { XRRig } from './XRRig.tsx';
import { ShareView } from './ShareView.tsx';
import type { WatchFeed } from '../features/guide/tools.ts';
import { ContextGuard } from './ContextGuard.tsx';
import { XRPause } from './XRPause.tsx';
import { pick } from '../content/format.ts';

export function Exhibit3D({
  exhibit,
  fonts,
  metrics,
  reducedMotion,
  touch = false,
  xrStore,
  defaultTour = null,
  watch = null,
}: {
  /** A touch screen: the entrance hint is about touch. */
  touch?: boolean;
  /** A booth screen's feed (`?watch=`), or null. */
  watch?: WatchFeed | null;
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
  const layouts = useMemo(() => layoutsByLanguage(exhibit, metrics, { touch }), [exhibit, metrics, touch]);
  const layout = layouts(language);
  // Where the visitor is: created once; a language change re-lays the corridor but leaves the visitor in place.
  const [rig] = useState<Rig>(() => {
    const pose = placePose(layout, store.getState().focusedId);
    return {
      view: viewpointAt(pose ?? layout.start),
      head: { x: 0, y: 0, z: 0, yaw: 0 },
      inXR: false,
      lift: 0,
      held: store.getState().guideHeld,
    };
  });
  // A live guide's hold reaches the frame loops through the rig (walking and teleport stop; looking goes on).
  useEffect(
    () =>
      store.subscribe((s) => {
        rig.held = s.guideHeld;
      }),
    [store, rig],
  );
  const onTextDrawn = useCallback(() => store.getState().setDrawn('3d'), [store]);
  const onFirstViewDrawn = useCallback(() => store.getState().setFirstViewDrawn(), [store]);
  const onEntranceDrawn = useCallback(() => store.getState().setEntranceDrawn(), [store]);
  // The first view is where the visitor starts (the entrance, or a deep-linked milestone): fixed at mount.
  const [firstViewZ] = useState(() => rig.view.z);
  // A click on a panel selects its milestone; a guide pointing (point mode, or Alt) points at the line under it.
  const onSelect = useCallback(
    (id: string, point: Vec3, alt: boolean) => {
      const s = store.getState();
      if (s.pointMode || alt) {
        const slot = layout.slots.find((x) => x.id === id);
        const element = slot ? elementAtPoint(slot, point) : null;
        if (element) s.pointAt(element);
        return;
      }
      s.focus(id, 'select');
    },
    [store, layout],
  );
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
      camera={{ fov: BASE_FOV_DEG, near: 0.05, far: 60, position: layout.start.position as [number, number, number] }}
      gl={{ antialias: true, powerPreference: 'high-performance' }}
      onCreated={() => store.getState().setProgress(0.3)}
      aria-hidden="true"
    >
      <XR store={xrStore}>
        <Scene
          layout={layout}
          fonts={fonts}
          onSelect={onSelect}
          onTextDrawn={onTextDrawn}
          onFirstViewDrawn={onFirstViewDrawn}
          onEntranceDrawn={onEntranceDrawn}
          firstViewZ={firstViewZ}
          pictures={exhibit.pictures}
          mediaFiles={exhibit.mediaFiles}
          reducedMotion={reducedMotion}
        />
        <Viewer layout={layout} rig={rig} reducedMotion={reducedMotion} watch={watch} />
        <ShareView rig={rig} />
        <XRRig rig={rig} layout={layout} exhibit={exhibit} fonts={fonts} metrics={metrics} defaultTour={defaultTour} />
        <XRPause />
        <ContextGuard onGiveUp={onContextGone} />
      </XR>
    </Canvas>
  );
}
