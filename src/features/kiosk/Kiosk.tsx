// Kiosk mode in the page (?kiosk=1): runs the pure kiosk machine (src/features/kiosk/machine.ts) on the page's timers,
// carries out its effects (attract tour, reset, fade), feeds it every input (useKioskInput), keeps the visit log
// (src/features/kiosk/visitLog.ts in IndexedDB) and locks the page in (lockdown.ts). Draws the "touch to start"
// prompt and the fade.
import { OFFLINE_CHECK_MS, OFFLINE_FIRST_CHECK_MS, useOfflineCopy } from './useOfflineCopy.ts';
import { applyUpdateIfWaiting } from '../../app/pwa.ts';
import { readJson, removeItem, writeJson } from '../../app/storage.ts';
import type { XRStore } from '@react-three/xr';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { pick } from '../../content/format.ts';
import type { Exhibit, Language } from '../../content/schema.ts';
import { KioskDriver, type KioskPhase } from './machine.ts';
import { kioskPhase } from './phase.ts';
import { VisitRecorder, newVisitId, type Retention, type Visit, type VisitObservation } from './visitLog.ts';
import { requestPersistence } from './persist.ts';
import { PENDING_VISIT_KEY, VisitStore } from './visitStore.ts';
import type { ExhibitStore } from '../../state/store.ts';
import { installKioskLockdown } from './lockdown.ts';
import { useExhibit, useExhibitStore } from '../../state/context.tsx';
import { useKioskInput } from './useKioskInput.ts';

/** How the kiosk runs (from scenes/exhibit.yaml's `kiosk:` and the URL). */
export interface KioskSetup {
  idleSeconds: number;
  fadeSeconds: number;
  /** The tour the attract loop plays; null: no tours, the attract loop is the prompt alone. */
  attractTour: string | null;
  /** The language a reset goes back to. */
  startLanguage: Language;
  /** How long the visit log keeps visits (scenes/exhibit.yaml kiosk.retention); undefined: everything. */
  retention?: Retention | undefined;
}

/** The log is pruned to its retention when the kiosk starts and after a visit ends, at most this often. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** While a visit goes on, its record is written this often (a reload loses at most this much). */
const WRITE_EVERY_MS = 3_000;

interface VisitLog {
  begin(): void;
  end(reason: 'idle' | 'reload'): void;
}

/** Opens the log, closes visits an earlier page left open, and records the current visit as it goes. */
function useVisitLog(store: ExhibitStore, retention: Retention | undefined): RefObject<VisitLog> {
  const api = useRef<VisitLog>({ begin: () => undefined, end: () => undefined });
  useEffect(() => {
    let live = true;
    const pending = {
      read: (): unknown => readJson(PENDING_VISIT_KEY),
      // Without storage: IndexedDB alone, which may miss the last seconds before a reload.
      write: (v: Visit): void => void writeJson(PENDING_VISIT_KEY, v),
      clear: (): void => removeItem(PENDING_VISIT_KEY),
    };
    // The visit an earlier page was in when it went (reload, closed tab): read now, before this page writes its own.
    const earlier = pending.read();
    const db: Promise<VisitStore | null> = (async () => {
      try {
        const s = await VisitStore.open(window.indexedDB);
        if ((await s.adoptPending(earlier)) && (pending.read() as { id?: unknown } | null)?.id === (earlier as { id: unknown }).id)
          pending.clear();
        await s.closeOpenVisits();
        await s.prune(retention, Date.now());
        if (!live) s.close();
        return live ? s : null;
      } catch (e) {
        console.warn('The visit log is not available on this device (IndexedDB).', e);
        return null;
      }
    })();
    // Writes go one after another, so an older state never overwrites a newer one.
    let queue: Promise<void> = Promise.resolve();
    const write = (v: Visit): void => {
      pending.write(v);
      queue = queue.then(async () => (await db)?.put(v)).catch((e: unknown) => console.warn('Could not write the visit log.', e));
    };
    const observed = (): VisitObservation => {
      const s = store.getState();
      return { focusedId: s.focusedId, language: s.language, tourId: s.tour && s.tour.status !== 'finished' ? s.tour.id : null };
    };
    let rec: VisitRecorder | null = null;
    const now = (): number => performance.now();
    let prunedAt = now();
    const prune = (): void => {
      if (!retention || now() - prunedAt < PRUNE_EVERY_MS) return;
      prunedAt = now();
      queue = queue
        .then(async () => void (await (await db)?.prune(retention, Date.now())))
        .catch((e: unknown) => console.warn('Could not prune the visit log.', e));
    };
    api.current = {
      begin: () => {
        rec = new VisitRecorder(
          newVisitId((n) => crypto.getRandomValues(new Uint8Array(n))),
          now(),
          Date.now(),
          observed(),
        );
        write(rec.touch(now(), Date.now()));
      },
      end: (reason) => {
        if (!rec) return;
        write(rec.end(now(), Date.now(), reason));
        rec = null;
        prune();
      },
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (rec && (s.focusedId !== prev.focusedId || s.language !== prev.language || s.tour?.id !== prev.tour?.id)) {
        write(rec.observe(now(), Date.now(), observed()));
      }
    });
    const timer = window.setInterval(() => {
      if (rec) write(rec.touch(now(), Date.now()));
    }, WRITE_EVERY_MS);
    // Best effort: the page may be gone before the write lands; the next page closes the visit then.
    const onHide = (): void => api.current.end('reload');
    window.addEventListener('pagehide', onHide);
    return () => {
      live = false;
      window.removeEventListener('pagehide', onHide);
      window.clearInterval(timer);
      unsubscribe();
      api.current.end('reload');
      void queue.then(async () => (await db)?.close());
    };
  }, [store, retention]);
  return api;
}

export function Kiosk({
  exhibit,
  setup,
  reducedMotion,
  xrStore,
}: {
  exhibit: Exhibit;
  setup: KioskSetup;
  reducedMotion: boolean;
  xrStore: XRStore;
}) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const [phase, setPhase] = useState<KioskPhase>('attract');
  const [fade, setFade] = useState({ black: false, ms: 0 });
  const driver = useRef<KioskDriver | null>(null);
  const log = useVisitLog(store, setup.retention);
  // A booth runs for days: ask the browser to keep the visit log and the offline copy under storage pressure.
  useEffect(() => {
    void requestPersistence(navigator.storage);
  }, []);
  // …and if the browser evicts part of the offline copy all the same, fetch it again once the network is there.
  useOfflineCopy({ firstMs: OFFLINE_FIRST_CHECK_MS, intervalMs: OFFLINE_CHECK_MS, remember: true });

  useEffect(() => installKioskLockdown(), []);

  useEffect(() => {
    const fadeMs = reducedMotion ? 0 : setup.fadeSeconds * 1000;
    const d = new KioskDriver(
      { idleMs: setup.idleSeconds * 1000, fadeMs },
      {
        now: () => performance.now(),
        setTimeout: (f, ms) => window.setTimeout(f, ms),
        clearTimeout: (h) => window.clearTimeout(h as number),
      },
      (e) => {
        const s = store.getState();
        switch (e.type) {
          case 'playAttract':
            // Under reduced motion the attract loop shows its captions from where the visitor would stand.
            s.setTourStill(reducedMotion);
            if (setup.attractTour !== null) s.requestTour('start', setup.attractTour);
            break;
          case 'stopAttract':
            s.requestTour('stop');
            s.setTourStill(false);
            break;
          case 'visitStarted':
            log.current.begin();
            break;
          case 'visitEnded':
            log.current.end(e.reason);
            break;
          case 'fadeOut':
            setFade({ black: true, ms: e.ms });
            break;
          case 'reset':
            s.resetToStart(setup.startLanguage);
            // Between visitors, behind the fade: a new version of the exhibit that has downloaded takes over now
            // (a reload). Not in VR, where a reload would end the session and leave the headset on the 2D page.
            if (!s.inXR) applyUpdateIfWaiting();
            break;
          case 'fadeIn':
            setFade({ black: false, ms: e.ms });
            break;
        }
        kioskPhase.current = d.state.phase;
        setPhase(d.state.phase);
      },
    );
    driver.current = d;
    d.start();
    kioskPhase.current = d.state.phase;
    // The attract tour loops: when it has played its last stop, it starts again.
    // A tour the visitor started keeps the kiosk awake while it plays: each new stop restarts the idle clock.
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.tour?.status === 'finished' && prev.tour?.status !== 'finished') d.tourEnded();
      else if (s.tour && s.tour.status === 'playing' && (s.tour.stopIndex !== prev.tour?.stopIndex || s.tour.id !== prev.tour?.id))
        d.tourStep();
    });
    return () => {
      unsubscribe();
      d.dispose();
      driver.current = null;
      kioskPhase.current = null;
    };
  }, [store, setup, reducedMotion, log]);

  useKioskInput(() => driver.current?.input(), xrStore);

  useEffect(() => {
    document.documentElement.dataset.kiosk = phase;
    return () => {
      delete document.documentElement.dataset.kiosk;
    };
  }, [phase]);

  return (
    <>
      {phase === 'attract' && (
        <p className="kiosk-prompt" role="status" data-page-control="">
          {pick(exhibit.exhibit.ui.kioskStart, language, ' · ')}
        </p>
      )}
      <div
        className="kiosk-fade"
        aria-hidden="true"
        data-black={fade.black ? '1' : '0'}
        style={{ opacity: fade.black ? 1 : 0, transition: `opacity ${fade.ms}ms linear` }}
      />
    </>
  );
}
