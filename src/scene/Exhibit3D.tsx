// The WebGL view: canvas, scene and viewer, and the "ready" signal once the text is drawn.
// Loading progress: 0.3 when the canvas exists, 1 when the text is on screen (troika reports no finer steps).
import { Canvas } from '@react-three/fiber';
import { useCallback, useMemo } from 'react';
import { corridorLayout } from '../layout/corridor.ts';
import type { Fonts } from '../layout/panel.ts';
import type { Exhibit } from '../content/schema.ts';
import type { Face } from '../text/faces.ts';
import { useExhibit, useExhibitStore } from '../ui/store.tsx';
import { Scene } from './Scene.tsx';
import { Viewer } from './Viewer.tsx';

export function Exhibit3D({
  exhibit,
  fonts,
  metrics,
  reducedMotion,
}: {
  exhibit: Exhibit;
  fonts: Record<Face, string>;
  metrics: Fonts;
  reducedMotion: boolean;
}) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const focusedId = useExhibit((s) => s.focusedId);
  const layout = useMemo(() => corridorLayout(exhibit, language, metrics), [exhibit, language, metrics]);
  const onTextDrawn = useCallback(() => store.getState().setDrawn('3d'), [store]);
  const onSelect = useCallback((id: string) => store.getState().focus(id, 'select'), [store]);

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
      <Scene layout={layout} fonts={fonts} focusedId={focusedId} onSelect={onSelect} onTextDrawn={onTextDrawn} />
      <Viewer layout={layout} reducedMotion={reducedMotion} />
    </Canvas>
  );
}
