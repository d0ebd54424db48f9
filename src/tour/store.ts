// The state React shows: one small vanilla store (zustand), created per app, no module singletons.
// Per-frame values (camera pose, glide progress) live in the rig object read in useFrame, not here.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Language } from '../content/schema.ts';
import type { Intent } from '../input/bindings.ts';
import type { CaptionSize, HintKey } from '../layout/menu.ts';
import { stepId } from './navigation.ts';

export type View = '3d' | '2d';

/**
 * Why focus moved: the camera glides for explicit moves, not when the visitor walks into an era;
 * 'reset' (the kiosk going back to its start, behind a black screen) cuts.
 */
export type FocusCause = 'step' | 'select' | 'link' | 'walk' | 'reset';

export interface ExhibitState {
  ids: readonly string[];
  language: Language;
  view: View;
  /** Why the 3D view is not available (no WebGL), or null. */
  webglProblem: string | null;
  focusedId: string | null;
  /** Bumped on every explicit focus request so the camera can start a glide even to the same milestone. */
  focusSeq: number;
  focusCause: FocusCause;
  notices: string[];
  /** 0..1 while the font and the scene load; 1 when drawn. */
  progress: number;
  /** Whether each view has been drawn at least once (the 3D view: its text is on screen). */
  drawn: Record<View, boolean>;
  setLanguage(l: Language): void;
  setView(v: View): void;
  focus(id: string | null, cause: FocusCause): void;
  step(delta: number): void;
  first(): void;
  last(): void;
  /** What every input (keys, buttons, controllers, hands) asks for, in one place. */
  intent(i: Intent): void;
  notify(message: string): void;
  dismissNotice(i: number): void;
  setProgress(p: number): void;
  setDrawn(view: View): void;
  setWebglProblem(reason: string): void;
  /** In a VR session (the page's own view is then the headset's). */
  inXR: boolean;
  /** VR seated mode: the view is lifted to standing eye height. */
  seated: boolean;
  /** VR smooth walking with the left thumbstick (off by default: teleporting is kinder to stomachs). */
  smoothWalk: boolean;
  /** First-visit VR hints the visitor has already acted on; they do not come back. */
  hintsDone: readonly HintKey[];
  setInXR(v: boolean): void;
  setSeated(v: boolean): void;
  setSmoothWalk(v: boolean): void;
  hintDone(k: HintKey): void;
  /** The guided tour being played, or null. */
  tour: TourShown | null;
  /** The latest request to the tour player; `seq` makes each request new. */
  tourRequest: TourRequest | null;
  /** `stop`: for 'join' and 'goto-stop', the stop's index (0-based). */
  requestTour(action: TourAction, id?: string, stop?: number): void;
  setTour(t: TourShown | null): void;
  /** Following a live guide: whole seconds until the guide's move, or null (shown on the page and in VR). */
  guideCountdown: number | null;
  setGuideCountdown(seconds: number | null): void;
  /** Size of tour captions, on the page and in VR. */
  captionSize: CaptionSize;
  setCaptionSize(size: CaptionSize): void;
  /** Tour stops show their caption without moving the camera (the kiosk's attract loop under reduced motion). */
  tourStill: boolean;
  setTourStill(v: boolean): void;
  /**
   * Back to the start (the kiosk's reset): tour stopped, `language`, the first milestone (a cut), no notices; the VR
   * hints show again, seated mode and stick walking are off, the caption size is the device's.
   */
  resetToStart(language: Language): void;
}

export type ExhibitStore = StoreApi<ExhibitState>;

/** 'join' / 'goto-stop': a tour led by a live guide (src/ui/LiveGuide.tsx), at the guide's stop. */
export type TourAction = 'start' | 'pause' | 'resume' | 'next' | 'previous' | 'stop' | 'join' | 'goto-stop';

export interface TourRequest {
  action: TourAction;
  id: string | null;
  stop: number | null;
  seq: number;
}

export { CAPTION_SIZES, type CaptionSize } from '../layout/menu.ts';

/** What the page shows of a guided tour (src/ui/TourRunner.tsx plays it). */
export interface TourShown {
  id: string;
  status: 'playing' | 'paused' | 'finished';
  stopIndex: number;
  stopCount: number;
  caption: { zh: string; en: string } | null;
  /** Led by a live guide: stops change when the guide moves on. */
  led: boolean;
}

export function createExhibitStore(init: {
  ids: readonly string[];
  language: Language;
  view: View;
  focusedId: string | null;
  notices?: string[];
  hintsDone?: readonly HintKey[];
  captionSize?: CaptionSize;
}): ExhibitStore {
  return createStore<ExhibitState>()((set, get) => ({
    ids: init.ids,
    language: init.language,
    view: init.view,
    webglProblem: null,
    focusedId: init.focusedId,
    focusSeq: init.focusedId === null ? 0 : 1,
    focusCause: 'link',
    notices: init.notices ?? [],
    progress: 0,
    drawn: { '3d': false, '2d': false },
    setLanguage: (language) => set({ language }),
    setView: (view) => set({ view: get().webglProblem ? '2d' : view }),
    focus: (id, cause) => {
      if (cause === 'walk') {
        if (id !== get().focusedId) set({ focusedId: id, focusCause: cause });
        return;
      }
      set((s) => ({ focusedId: id, focusCause: cause, focusSeq: s.focusSeq + 1 }));
    },
    step: (delta) => {
      const s = get();
      const id = stepId(s.ids, s.focusedId, delta);
      if (id !== null) s.focus(id, 'step');
    },
    first: () => get().focus(get().ids[0] ?? null, 'step'),
    last: () => get().focus(get().ids[get().ids.length - 1] ?? null, 'step'),
    intent: (i) => {
      const s = get();
      // During a tour, next / previous move between its stops instead of between milestones.
      if (s.tour && s.tour.status !== 'finished' && (i === 'next' || i === 'previous')) s.requestTour(i);
      else if (i === 'next') s.step(1);
      else if (i === 'previous') s.step(-1);
      else if (i === 'first') s.first();
      else s.last();
    },
    notify: (message) => set((s) => ({ notices: [...s.notices, message].slice(-5) })),
    dismissNotice: (i) => set((s) => ({ notices: s.notices.filter((_, j) => j !== i) })),
    setProgress: (progress) => set({ progress: Math.max(get().progress, Math.min(1, progress)) }),
    setDrawn: (view) => set((s) => ({ drawn: { ...s.drawn, [view]: true }, progress: view === '3d' ? 1 : s.progress })),
    setWebglProblem: (reason) => set({ webglProblem: reason, view: '2d' }),
    inXR: false,
    seated: false,
    smoothWalk: false,
    hintsDone: init.hintsDone ?? [],
    tour: null,
    tourRequest: null,
    requestTour: (action, id, stop) =>
      set((s) => ({ tourRequest: { action, id: id ?? null, stop: stop ?? null, seq: (s.tourRequest?.seq ?? 0) + 1 } })),
    guideCountdown: null,
    setGuideCountdown: (guideCountdown) => {
      if (guideCountdown !== get().guideCountdown) set({ guideCountdown });
    },
    captionSize: init.captionSize ?? 'medium',
    setCaptionSize: (captionSize) => set({ captionSize }),
    setTour: (tour) => {
      // The tour runner reports every quarter second; only a change re-renders anything.
      const t = get().tour;
      const same =
        t === tour ||
        (t !== null &&
          tour !== null &&
          t.id === tour.id &&
          t.status === tour.status &&
          t.stopIndex === tour.stopIndex &&
          t.stopCount === tour.stopCount &&
          t.caption === tour.caption &&
          t.led === tour.led);
      if (!same) set({ tour });
    },
    tourStill: false,
    setTourStill: (tourStill) => set({ tourStill }),
    resetToStart: (language) => {
      get().requestTour('stop');
      // The next visitor starts afresh: the first-visit VR hints again, standing, no stick walking, the usual caption size.
      set({ language, notices: [], tourStill: false, hintsDone: [], seated: false, smoothWalk: false, captionSize: init.captionSize ?? 'medium' });
      get().focus(get().ids[0] ?? null, 'reset');
    },
    setInXR: (inXR) => set({ inXR }),
    setSeated: (seated) => set({ seated }),
    setSmoothWalk: (smoothWalk) => set({ smoothWalk }),
    hintDone: (k) => {
      if (!get().hintsDone.includes(k)) set((s) => ({ hintsDone: [...s.hintsDone, k] }));
    },
  }));
}
