// While the headset's system takes over (its menu is open: `visible-blurred`; the headset is off or another app
// runs: `hidden`), the exhibit holds still: a playing tour pauses (and its narration with it), and XRRig ignores the
// controllers. When the visitor is back, the tour resumes — unless they had paused it themselves.
import { useXR } from '@react-three/xr';
import { useEffect, useRef } from 'react';
import { useExhibitStore } from '../state/context.tsx';

/** Whether the XR session's content has the visitor's attention (no session counts as visible). */
export function xrVisible(state: XRVisibilityState | undefined): boolean {
  return state !== 'hidden' && state !== 'visible-blurred';
}

export function XRPause() {
  const store = useExhibitStore();
  const visibility = useXR((s) => (s.session ? s.visibilityState : undefined));
  const pausedByUs = useRef(false);
  useEffect(() => {
    const { tour, requestTour } = store.getState();
    if (!xrVisible(visibility)) {
      if (tour?.status === 'playing') {
        requestTour('pause');
        pausedByUs.current = true;
      }
    } else if (pausedByUs.current) {
      pausedByUs.current = false;
      if (store.getState().tour?.status === 'paused') requestTour('resume');
    }
  }, [visibility, store]);
  return null;
}
