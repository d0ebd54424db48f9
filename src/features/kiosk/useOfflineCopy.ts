// Keeping a booth's offline copy whole: the browser may evict part of Cache Storage under storage pressure (the kiosk
// asks for persistent storage, but a browser may refuse). The kiosk checks its copy now and then and, when part of it
// is gone and the network is there, fetches the missing files again; the operator page shows the same state.
import { useEffect, useState } from 'react';
import {
  type OfflineCopy,
  type OfflineState,
  offlineState,
  readOfflineCopy,
  refillOfflineCopy,
  rememberManifest,
  type WorkerState,
} from '../../app/offlineCopy.ts';

/** How often a kiosk checks its offline copy (it also checks when the network comes back). */
export const OFFLINE_CHECK_MS = 15 * 60_000;
/** The first check waits this long after the kiosk starts, so it never competes with the first frame or the precache. */
export const OFFLINE_FIRST_CHECK_MS = 60_000;

/** A refill is due when part of the copy was evicted (an active worker, none installing) and the browser is online. */
export function refillDue(copy: OfflineCopy, online: boolean, worker: WorkerState): boolean {
  return online && offlineState(copy, worker) === 'evicted';
}

async function workerState(): Promise<WorkerState> {
  if (!('serviceWorker' in navigator)) return 'none';
  const r = await navigator.serviceWorker.getRegistration();
  return r?.installing ? 'installing' : r?.active ? 'active' : 'none';
}

export interface OfflineCopyView {
  copy: OfflineCopy | null;
  state: OfflineState | null;
  refilling: boolean;
}

/**
 * Reads the copy, refills it when due, and reads it again; `auto` repeats that every `intervalMs` and whenever the
 * browser comes back online. Returns the latest reading for display.
 */
export function useOfflineCopy({
  firstMs,
  intervalMs,
  remember = false,
}: {
  firstMs: number;
  intervalMs: number | null;
  /** Read the worker's manifest as soon as it is ready, so that the copy can be judged offline from the start. */
  remember?: boolean;
}): OfflineCopyView {
  const [view, setView] = useState<OfflineCopyView>({ copy: null, state: null, refilling: false });
  useEffect(() => {
    let live = true;
    let busy = false;
    const check = async (): Promise<void> => {
      if (busy || !live) return;
      busy = true;
      try {
        let copy = await readOfflineCopy();
        const worker = await workerState();
        if (!live) return;
        setView({ copy, state: offlineState(copy, worker), refilling: false });
        if (refillDue(copy, navigator.onLine, worker)) {
          setView({ copy, state: 'evicted', refilling: true });
          copy = await refillOfflineCopy();
          if (live) setView({ copy, state: offlineState(copy, await workerState()), refilling: false });
        }
      } finally {
        busy = false;
      }
    };
    if (remember && 'serviceWorker' in navigator) void navigator.serviceWorker.ready.then(() => (live ? rememberManifest() : undefined));
    const first = window.setTimeout(() => void check(), firstMs);
    const every = intervalMs === null ? null : window.setInterval(() => void check(), intervalMs);
    const online = (): void => void check();
    window.addEventListener('online', online);
    return () => {
      live = false;
      window.clearTimeout(first);
      if (every !== null) window.clearInterval(every);
      window.removeEventListener('online', online);
    };
  }, [firstMs, intervalMs, remember]);
  return view;
}
