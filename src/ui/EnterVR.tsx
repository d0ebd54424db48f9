// The "Enter VR" button: shown where the browser offers immersive-vr, otherwise a plain statement that it does not.
import type { XRStore } from '@react-three/xr';
import { useEffect, useState } from 'react';
import { pick } from '../content/format.ts';
import type { Exhibit } from '../content/schema.ts';
import { SESSION_MODE } from '../app/xr.ts';
import { useExhibit } from '../state/context.tsx';

type Support = 'checking' | 'yes' | 'no';

function useVRSupport(): Support {
  const [support, setSupport] = useState<Support>('checking');
  useEffect(() => {
    let live = true;
    const xr = navigator.xr;
    if (!xr) {
      setSupport('no');
      return;
    }
    xr.isSessionSupported(SESSION_MODE).then(
      (ok) => live && setSupport(ok ? 'yes' : 'no'),
      () => live && setSupport('no'),
    );
    return () => {
      live = false;
    };
  }, []);
  return support;
}

export function EnterVR({ exhibit, xrStore }: { exhibit: Exhibit; xrStore: XRStore }) {
  const support = useVRSupport();
  const language = useExhibit((s) => s.language);
  const inXR = useExhibit((s) => s.inXR);
  const view = useExhibit((s) => s.view);
  const setView = useExhibit((s) => s.setView);
  const webglProblem = useExhibit((s) => s.webglProblem);
  const ui = exhibit.exhibit.ui;
  if (support === 'checking' || webglProblem !== null) return null;
  if (support === 'no') {
    return (
      <span className="vr-unavailable" role="note">
        {pick(ui.vrUnavailable, language, ' · ')}
      </span>
    );
  }
  const enter = (): void => {
    // The session renders the 3D view; from the text timeline, show it first (the click still counts as the
    // user's gesture a frame later).
    if (view !== '3d') {
      setView('3d');
      requestAnimationFrame(() => requestAnimationFrame(() => void xrStore.enterVR()));
    } else {
      void xrStore.enterVR();
    }
  };
  return (
    <button type="button" className="enter-vr" onClick={enter} disabled={inXR} aria-label="Enter VR">
      <span aria-hidden="true">{pick(ui.enterVr, language, ' · ')}</span>
    </button>
  );
}
