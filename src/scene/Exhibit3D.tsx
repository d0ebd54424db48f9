// The WebGL view: canvas, scene and viewer, and the "ready" signal once the text is drawn.
import { Canvas } from '@react-three/fiber';
import { useCallback, useMemo, useRef } from 'react';
import { corridorLayout } from '../layout/corridor';
import type { Fonts } from '../layout/panel';
import type { Exhibit } from '../content/schema';
import { useExhibit, useExhibitStore } from '../ui/store';
import { Scene } from './Scene';
import { Viewer } from './Viewer';

export function Exhibit3D({
  exhibit,
  fonts,
  metrics,
  reducedMotion,
}: {
  exhibit: Exhibit;
  fonts: { regular: string; bold: string };
  metrics: Fonts;
  reducedMotion: boolean;
}) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const focusedId = useExhibit((s) => s.focusedId);
  const layout = useMemo(() => corridorLayout(exhibit, language, metrics), [exhibit, language, metrics]);
  const synced = useRef(new Set<string>());

  const onTextSynced = useCallback(
    (weight: 'regular' | 'bold') => {
      synced.current.add(weight);
      const s = store.getState();
      s.setProgress(0.3 + 0.35 * synced.current.size);
      if (synced.current.size === 2 && !s.ready) {
        // Two frames later the synced text has been drawn.
        requestAnimationFrame(() => requestAnimationFrame(() => store.getState().setReady()));
      }
    },
    [store],
  );
  const onSelect = useCallback((id: string) => store.getState().focus(id, 'select'), [store]);

  return (
    <Canvas
      frameloop="demand"
      dpr={[1, 2]}
      camera={{ fov: 62, near: 0.05, far: 60, position: layout.start.position as [number, number, number] }}
      gl={{ antialias: true, powerPreference: 'high-performance' }}
      onCreated={() => store.getState().setProgress(0.3)}
      aria-hidden="true"
    >
      <Scene layout={layout} fonts={fonts} focusedId={focusedId} onSelect={onSelect} onTextSynced={onTextSynced} />
      <Viewer layout={layout} reducedMotion={reducedMotion} />
    </Canvas>
  );
}
