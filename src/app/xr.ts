// The XR store and its session options, in one place.
import { getXRHandAssetPath } from '@pmndrs/xr/internals';
import { createXRStore, type XRStore } from '@react-three/xr';
import { exhibitController, exhibitHand } from '../scene/XRController.tsx';

/** The WebXR session this exhibit asks for: VR (never AR, even on a Quest 3 that prefers passthrough). */
export const SESSION_MODE = 'immersive-vr' satisfies XRSessionMode;
/** Fixed foveation: text in the middle of the view stays sharp, the periphery is cheaper. */
export const FOVEATION = 1;

/**
 * Controller and hand layouts and models are served by our own origin (build/xr-assets.ts), never a CDN.
 * Absolute, because @pmndrs/xr resolves paths with `new URL(path, base)`.
 */
export function xrAssetBase(): string {
  return new URL(`${import.meta.env.BASE_URL}xr-profiles/`, window.location.href).href;
}

/** Of the URLs `requested`, those under `baseAssetPath` (the XR profiles a session's loader asked for), once each. */
export function xrAssetUrls(requested: readonly string[], baseAssetPath: string): string[] {
  return [...new Set(requested.filter((url) => url.startsWith(baseAssetPath) && url.length > baseAssetPath.length))];
}

/**
 * Fills the offline copy with this headset's XR files, once a service worker controls the page: the hand models
 * (so a headset set up online with its controllers can be used with hands alone offline too), and every file under
 * xr-profiles/ the page has already asked for (a session entered before the worker took the page on the very first
 * visit loaded its controller profile past it). Each answer goes into the worker's runtime cache (build/pwa.ts);
 * files already there are answered from it. Returns false (and fetches nothing) without a controlling worker.
 * Otherwise the session's own loader needs no help: its requests pass through the worker and are kept.
 */
export function warmXrCache(baseAssetPath: string): boolean {
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return false;
  const asked = performance.getEntriesByType('resource').map((e) => e.name);
  const hands = (['left', 'right'] as const).map((handedness) => getXRHandAssetPath(handedness, { baseAssetPath }));
  for (const url of xrAssetUrls([...hands, ...asked], baseAssetPath)) {
    void fetch(url)
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
  }
  return true;
}

/**
 * The selecting ray and the poking finger. A press counts as a click for up to 2.5 s (the library's default is
 * 300 ms): first-time headset visitors squeeze, pinch and poke slowly and deliberately, and nothing in the exhibit is
 * dragged, so a long press can only mean "this". (Release on the same panel or button: moving the ray off it first,
 * or drawing the finger back off the menu, still cancels.)
 */
const PRESS = { clickThresholdMs: 2500 };

/** 90 Hz where offered, else the fastest rate up to 90 (72 on a first Quest); 120 costs battery for no reading gain. */
export function pickFrameRate(supported: ArrayLike<number>): number | false {
  const usable = Array.from(supported).filter((r) => r <= 90);
  return usable.length > 0 ? Math.max(...usable) : false;
}

const LEFT_CONTROLLER = exhibitController({ teleportPointer: true, rayPointer: false, grabPointer: false });
const RIGHT_CONTROLLER = exhibitController({ rayPointer: PRESS, teleportPointer: false, grabPointer: false });
const LEFT_HAND = exhibitHand({ teleportPointer: true, rayPointer: false, grabPointer: false, touchPointer: false });
// The right index finger also pokes the wrist menu's buttons (a touch pointer at its tip; while it is near a button
// or panel it is the hand's pointer and the ray is off, as on the Quest's own menus).
const RIGHT_HAND = exhibitHand({ rayPointer: PRESS, teleportPointer: false, grabPointer: false, touchPointer: PRESS });

/**
 * Left hand teleports (its trigger or pinch), right hand points and selects: a teleport pointer on a hand takes
 * that hand's trigger, so the two jobs go to different hands.
 */
export function createExhibitXRStore(): XRStore {
  const baseAssetPath = xrAssetBase();
  const store = createXRStore({
    // Production never installs an emulator; tests inject IWER themselves.
    emulate: false,
    // No browser-offered session: the page's "Enter VR" button asks for immersive-vr explicitly.
    offerSession: false,
    enterGrantedSession: false,
    foveation: FOVEATION,
    frameRate: pickFrameRate,
    baseAssetPath,
    // Features the exhibit does not use are not requested (fewer permission prompts, less work for the headset).
    anchors: false,
    meshDetection: false,
    planeDetection: false,
    bodyTracking: false,
    layers: false,
    handTracking: true,
    // Each controller's model is drawn as one mesh (src/scene/mergeModel.ts): 2 draws per eye instead of 12.
    controller: {
      left: LEFT_CONTROLLER,
      right: RIGHT_CONTROLLER,
    },
    hand: {
      left: LEFT_HAND,
      right: RIGHT_HAND,
    },
    gaze: false,
    screenInput: false,
    transientPointer: false,
  });
  // The first session warms the offline copy; or, if no worker controls the page yet, the moment one takes it.
  let sessionSeen = false;
  let warmed = false;
  const warm = (): void => {
    if (sessionSeen && !warmed) warmed = warmXrCache(baseAssetPath);
  };
  store.subscribe((state) => {
    if (!state.session || sessionSeen) return;
    sessionSeen = true;
    warm();
  });
  if ('serviceWorker' in navigator) navigator.serviceWorker.addEventListener('controllerchange', warm);
  return store;
}
