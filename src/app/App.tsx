// Composes the exhibit: the 3D view (or the 2D timeline), the toolbar and the status lines. Decides nothing.
import type { XRStore } from '@react-three/xr';
import { Component, lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Exhibit } from '../content/schema.ts';
import { pick } from '../content/format.ts';
import type { Fonts } from '../layout/panel.ts';
import type { Face } from '../text/faces.ts';
import { Exhibit3D } from '../scene/Exhibit3D.tsx';
import { LiveRegion, Loading, Notices } from '../ui/Status.tsx';
import { Timeline2D } from '../ui/Timeline2D.tsx';
import { Toolbar } from '../ui/Toolbar.tsx';
import { Strip } from '../ui/Strip.tsx';
import { Reader, ReaderToggle } from '../ui/Reader.tsx';
import { usePageControls } from '../ui/usePageControls.ts';
import { TourRunner } from '../features/tour/TourRunner.tsx';
import type { Kiosk, KioskSetup } from '../features/kiosk/Kiosk.tsx';
import type { WatchFeed } from '../features/guide/tools.ts';

// The live guide is a chunk of its own, loaded only when the URL asks for it (?guide= / ?follow=): a visitor of the
// plain exhibit never downloads it, nor zod, which the guide's protocol validation needs. (The kiosk is small and must
// be listening from the first frame.)
const LiveGuide = lazy(() => import('../features/guide/LiveGuide.tsx').then((m) => ({ default: m.LiveGuide })));
// A kiosk that reports its readiness to the event team (?kiosk=1&room=<name>): its own chunk too.
const KioskReporter = lazy(() => import('../features/team/KioskReporter.tsx').then((m) => ({ default: m.KioskReporter })));
// A booth screen (?watch=<room>): its own chunk as well.
const WatchScreen = lazy(() => import('../features/guide/Watch.tsx').then((m) => ({ default: m.WatchScreen })));
import type { Tour } from '../content/tours.ts';
import { useExhibit, useExhibitStore } from '../state/context.tsx';
import { useDocumentState } from '../ui/useDocumentState.ts';
import { useUrlSync } from '../ui/useUrlSync.ts';
import { useTimelineKeys } from '../ui/useTimelineKeys.ts';

/** If the 3D view throws (no WebGL context, a driver fault), the 2D timeline takes over instead of a blank page. */
class WebglBoundary extends Component<{ onFail: (e: unknown) => void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidCatch(error: unknown): void {
    this.props.onFail(error);
  }
  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const on = (): void => setMatches(mq.matches);
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [query]);
  return matches;
}

export function App({
  exhibit,
  tours,
  fonts,
  metrics,
  xrStore,
  kiosk = null,
  KioskView = null,
  wantsGuide = false,
  statusRoom = null,
  shareView = false,
  watch = null,
}: {
  /** A booth screen (?watch=<room>): the room and the feed its camera follows, or null. */
  watch?: { room: string; feed: WatchFeed } | null;
  exhibit: Exhibit;
  tours: readonly Tour[];
  fonts: Record<Face, string>;
  metrics: Fonts;
  xrStore: XRStore;
  /** Kiosk mode (?kiosk=1), or null. */
  kiosk?: KioskSetup | null;
  /** Kiosk mode's component: its own chunk (a booth's machines, visit log, storage checks), loaded by main.tsx first. */
  KioskView?: typeof Kiosk | null;
  /** ?guide= or ?follow= named a room: the live guide's chunk is loaded. */
  wantsGuide?: boolean;
  /** A kiosk's status-only room (?kiosk=1&room=, or the booth room of ?kiosk=1&share=), or null. */
  statusRoom?: string | null;
  /** ?kiosk=1&share=<room>: the kiosk shows its view on that room's booth screens, always. */
  shareView?: boolean;
}) {
  const store = useExhibitStore();
  useUrlSync(exhibit.content.milestones, exhibit.exhibit.defaultLanguage);
  useDocumentState();
  const view = useExhibit((s) => s.view);
  const webglProblem = useExhibit((s) => s.webglProblem);
  const drawn2d = useExhibit((s) => s.drawn['2d']);
  const reducedMotion = useMediaQuery('(prefers-reduced-motion: reduce)');
  // A touch screen (no mouse, no keys to walk with): the entrance tells how to move by touch.
  const touch = useMediaQuery('(pointer: coarse)');
  // The canvas is created the first time the 3D view is shown and then kept, so switching back is instant.
  const [wants3d, setWants3d] = useState(view === '3d');
  useEffect(() => {
    if (view === '3d') setWants3d(true);
  }, [view]);
  // The 2D timeline is ready as soon as its fonts are.
  useEffect(() => {
    if (view !== '2d' || drawn2d) return;
    let live = true;
    void document.fonts.ready.then(() => live && store.getState().setDrawn('2d'));
    return () => {
      live = false;
    };
  }, [view, drawn2d, store]);

  const appRef = useRef<HTMLDivElement>(null);
  usePageControls(useCallback(() => appRef.current, []));

  const show3d = wants3d && webglProblem === null;
  // With a 3D view mounted (shown or not), its viewer takes the keys.
  useTimelineKeys(!show3d);
  return (
    <div className="app" data-view={view} ref={appRef}>
      {show3d && (
        <div className="stage" hidden={view !== '3d'}>
          <WebglBoundary
            onFail={(e) => {
              console.warn('The 3D view failed; showing the text timeline instead.', e);
              store.getState().setWebglProblem(pick(exhibit.exhibit.ui.noWebgl, 'both', ' '));
            }}
          >
            <Exhibit3D
              exhibit={exhibit}
              fonts={fonts}
              metrics={metrics}
              reducedMotion={reducedMotion}
              touch={touch}
              xrStore={xrStore}
              defaultTour={tours[0]?.id ?? null}
              watch={watch?.feed ?? null}
            />
          </WebglBoundary>
        </div>
      )}
      <Timeline2D exhibit={exhibit} visible={view === '2d'} />
      {/* Caption and toolbar stack at the bottom, never over each other. */}
      {/* The strip, the reader button and notices stack at the top, never over each other. */}
      <div className="top">
        {show3d && view === '3d' && <Strip exhibit={exhibit} />}
        {show3d && <ReaderToggle exhibit={exhibit} />}
        <Notices />
      </div>
      {show3d && <Reader exhibit={exhibit} />}
      <div className="dock" data-page-control="">
        <TourRunner exhibit={exhibit} tours={tours} />
        {/* A kiosk is nobody's follower or guide: the live-guide UI is not shown. */}
        {kiosk === null && wantsGuide && watch === null && (
          <Suspense fallback={null}>
            <LiveGuide exhibit={exhibit} />
          </Suspense>
        )}
        {/* A kiosk reporting to a room (and, with ?share=, saying that its view is on the booth screen). */}
        {kiosk !== null && statusRoom !== null && (
          <Suspense fallback={null}>
            <KioskReporter exhibit={exhibit} room={statusRoom} share={shareView} />
          </Suspense>
        )}
        {/* A booth screen shows whose view it is; it has no controls (nothing on it moves it). */}
        {watch !== null ? (
          <Suspense fallback={null}>
            <WatchScreen exhibit={exhibit} room={watch.room} feed={watch.feed} />
          </Suspense>
        ) : (
          <Toolbar exhibit={exhibit} tours={tours} xrStore={xrStore} />
        )}
      </div>
      <LiveRegion exhibit={exhibit} />
      <Loading exhibit={exhibit} />
      {kiosk !== null && KioskView && <KioskView exhibit={exhibit} setup={kiosk} reducedMotion={reducedMotion} xrStore={xrStore} />}
    </div>
  );
}
