// Every sign of a visitor, for the kiosk: keys, pointer presses, wheel and touch on the page, and in VR the
// session's select / squeeze presses and thumbstick movement. Listens only; what the input does is decided
// elsewhere (src/input, src/scene/XRRig.tsx). Capture phase, so the kiosk hears a key before the tour runner does.
import type { XRStore } from '@react-three/xr';
import { useEffect, useRef } from 'react';

const DOM_INPUTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
/** A thumbstick pushed this far (of 1) counts as input; resting sticks drift by a few hundredths. */
const STICK_THRESHOLD = 0.5;
/** How often the sticks are looked at while in VR. */
const STICK_POLL_MS = 200;

/** Whether any thumbstick or button of the session's controllers is in use. */
export function controllersActive(sources: Iterable<{ gamepad?: Gamepad | null }>): boolean {
  for (const s of sources) {
    const g = s.gamepad;
    if (!g) continue;
    if (g.axes.some((a) => Math.abs(a) > STICK_THRESHOLD)) return true;
    if (g.buttons.some((b) => b.pressed)) return true;
  }
  return false;
}

export function useKioskInput(onInput: () => void, xrStore: XRStore): void {
  const callback = useRef(onInput);
  callback.current = onInput;

  useEffect(() => {
    const fire = (): void => callback.current();
    const opts = { capture: true, passive: true } as const;
    for (const type of DOM_INPUTS) window.addEventListener(type, fire, opts);

    // In VR: select / squeeze presses, and the sticks polled a few times a second (they fire no events).
    let session: XRSession | undefined;
    let poll: number | null = null;
    const detach = (): void => {
      session?.removeEventListener('selectstart', fire);
      session?.removeEventListener('squeezestart', fire);
      if (poll !== null) window.clearInterval(poll);
      poll = null;
      session = undefined;
    };
    const attach = (s: XRSession | undefined): void => {
      if (s === session) return;
      detach();
      if (!s) return;
      session = s;
      s.addEventListener('selectstart', fire);
      s.addEventListener('squeezestart', fire);
      poll = window.setInterval(() => {
        if (session && controllersActive(session.inputSources)) fire();
      }, STICK_POLL_MS);
    };
    attach(xrStore.getState().session);
    const unsubscribe = xrStore.subscribe((s) => attach(s.session));
    return () => {
      for (const type of DOM_INPUTS) window.removeEventListener(type, fire, opts);
      unsubscribe();
      detach();
    };
  }, [xrStore]);
}
