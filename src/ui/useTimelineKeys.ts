// The milestone keys (N / P, PageDown / PageUp, Home / End) for the text timeline, when there is no 3D view to take
// them (opened with ?view=2d, no WebGL, a lost context, missing fonts): the toolbar advertises them either way.
import { useEffect } from 'react';
import { INTENT_KEYS, isForControl } from '../input/bindings.ts';
import { useExhibitStore } from '../state/context.tsx';

export function useTimelineKeys(enabled: boolean): void {
  const store = useExhibitStore();
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isForControl(e.target)) return;
      const intent = INTENT_KEYS[e.key];
      if (!intent) return;
      e.preventDefault();
      if (!e.repeat) store.getState().intent(intent);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, store]);
}
