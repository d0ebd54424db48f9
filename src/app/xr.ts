// The XR store and its session options, in one place.
import { createXRStore, type XRStore } from '@react-three/xr';

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

/**
 * The selecting ray. A press counts as a click for up to 2.5 s (the library's default is 300 ms): first-time headset
 * visitors squeeze slowly and deliberately, and nothing in the exhibit is dragged, so a long press can only mean "this".
 * (Release on the same panel or button: moving the ray off it first still cancels.)
 */
const SELECT_RAY = { clickThresholdMs: 2500 };

/** 90 Hz where offered, else the fastest rate up to 90 (72 on a first Quest); 120 costs battery for no reading gain. */
export function pickFrameRate(supported: ArrayLike<number>): number | false {
  const usable = Array.from(supported).filter((r) => r <= 90);
  return usable.length > 0 ? Math.max(...usable) : false;
}

/**
 * Left hand teleports (its trigger or pinch), right hand points and selects: a teleport pointer on a hand takes
 * that hand's trigger, so the two jobs go to different hands.
 */
export function createExhibitXRStore(): XRStore {
  const baseAssetPath = xrAssetBase();
  return createXRStore({
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
    controller: {
      left: { teleportPointer: true, rayPointer: false, grabPointer: false },
      right: { rayPointer: SELECT_RAY, teleportPointer: false, grabPointer: false },
    },
    hand: {
      left: { teleportPointer: true, rayPointer: false, grabPointer: false, touchPointer: false },
      // The right index finger also pokes the wrist menu's buttons (a touch pointer at its tip).
      right: { rayPointer: SELECT_RAY, teleportPointer: false, grabPointer: false, touchPointer: true },
    },
    gaze: false,
    screenInput: false,
    transientPointer: false,
  });
}
