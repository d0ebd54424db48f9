// The service worker (build/pwa.ts): registered from the bundle, never from an inline script.
//
// Update policy: a new version installs in the background and waits. It takes over on the next start (every tab of
// the exhibit closed, then opened again), never in the middle of a visit. A kiosk, which never closes its tab, calls
// applyUpdateIfWaiting() at its idle reset: if an update is waiting, it is activated and the page reloads onto it.

/** Set by vite.config.ts: false in a build without a service worker (the bench's synthetic scene). */
declare const __IAMM_OFFLINE__: boolean;

/** The registration, once registerServiceWorker() has one (the only state this module keeps). */
let registration: ServiceWorkerRegistration | null = null;

/** If the page never says it is drawn (data-ready), register this long after `load` all the same. */
const READY_FALLBACK_MS = 30_000;

/** Calls `then` once <html data-ready="1"> is set (the first frame is drawn), or after READY_FALLBACK_MS. */
function afterFirstFrame(then: () => void): void {
  const root = document.documentElement;
  if (root.dataset.ready === '1') {
    then();
    return;
  }
  const done = (): void => {
    observer.disconnect();
    window.clearTimeout(timer);
    then();
  };
  const observer = new MutationObserver(() => {
    if (root.dataset.ready === '1') done();
  });
  observer.observe(root, { attributes: true, attributeFilter: ['data-ready'] });
  const timer = window.setTimeout(done, READY_FALLBACK_MS);
}

/**
 * Registers `<base>sw.js` once the page has loaded and drawn its first frame, so the precache (about 2 MB: page, code,
 * fonts, the default tour's narration) downloads in the background instead of competing with the first frame. A
 * headset's controller and hand models are cached when it first enters VR (build/pwa.ts, src/app/xr.ts).
 * Does nothing in development, in a build without a service worker, or where the browser has no service workers
 * (http on a LAN address, some private modes). Never throws: without a service worker the exhibit still works online.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !__IAMM_OFFLINE__ || !('serviceWorker' in navigator)) return;
  const register = (): void => {
    const base = new URL(import.meta.env.BASE_URL, window.location.href);
    navigator.serviceWorker
      .register(new URL('sw.js', base).href, { scope: base.pathname })
      .then((r) => {
        registration = r;
      })
      .catch((error: unknown) => {
        console.warn('[pwa] no offline copy: the service worker did not register', error);
      });
  };
  const afterLoad = (): void => afterFirstFrame(register);
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
}

/**
 * If an update is waiting, activates it and reloads the page onto it, and returns true; otherwise returns false
 * and changes nothing. For a kiosk's idle reset: never call it while a visitor is using the exhibit.
 */
export function applyUpdateIfWaiting(): boolean {
  const waiting = registration?.waiting;
  if (!waiting || !navigator.serviceWorker.controller) return false;
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  // The worker generated with registerType 'prompt' calls skipWaiting() on this message.
  waiting.postMessage({ type: 'SKIP_WAITING' });
  return true;
}
