// The state React shows: one small vanilla store (zustand), created per app (no module singleton), made of slices —
// navigation, view, XR preferences, tour, guide, captions — each with its own fields and actions, as in zustand's slices
// pattern. A slice may call another's actions through `get()`; none imports a layout, scene or UI module.
// Per-frame values (camera pose, glide progress) live in the rig object read in useFrame, not here.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Language } from '../content/languages.ts';
import type { Text } from '../content/schema.ts';
import type { CaptionSize, HintKey } from '../content/preferences.ts';
import type { Intent } from '../input/bindings.ts';
import { stepId } from './navigation.ts';

export type { CaptionSize } from '../content/preferences.ts';
export { CAPTION_SIZES } from '../content/preferences.ts';

export type View = '3d' | '2d';

/**
 * Why focus moved: the camera glides for explicit moves, not when the visitor walks into an era;
 * 'reset' (the kiosk going back to its start, behind a black screen) cuts; 'guide' is a live guide's move (or its led
 * tour's stop) on a follower's page, the one explicit move a guide's hold lets through.
 */
export type FocusCause = 'step' | 'select' | 'link' | 'walk' | 'reset' | 'guide';

/** The focus causes a live guide's "Gather here" holds: the visitor's own explicit moves. */
export const HELD_CAUSES: readonly FocusCause[] = ['step', 'select', 'link'];

/** Which milestone the visitor is at, and moving between milestones. */
export interface NavigationSlice {
  /** The milestones, in walking order. */
  ids: readonly string[];
  /** The finale after the last milestone (its closing progression), or null: N after the last milestone, and End, go there. */
  finaleId: string | null;
  focusedId: string | null;
  /** Bumped on every explicit focus request so the camera can start a glide even to the same milestone. */
  focusSeq: number;
  focusCause: FocusCause;
  /**
   * Where to stand at the focused milestone, relative to its own standing spot (a tour stop's `standingSpot`), or
   * null for the milestone's own spot. Set with each explicit focus; walking keeps it.
   */
  focusSpot: { backM: number; sideM: number } | null;
  /** Refused (no change) for HELD_CAUSES while a live guide holds the group (`guideHeld`). */
  focus(id: string | null, cause: FocusCause, spot?: { backM: number; sideM: number } | null): void;
  step(delta: number): void;
  first(): void;
  /** The end of the walk: the finale (or the last milestone when there is none). */
  last(): void;
  /** What every input (keys, buttons, controllers, hands) asks for, in one place. Refused while held by a guide. */
  intent(i: Intent): void;
}

/** A rectangle on the page, CSS pixels (the shape of src/layout/framing.ts's ScreenRect). */
export interface PageRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What is on screen: the language, the view, loading, problems and notices. */
export interface ViewSlice {
  language: Language;
  view: View;
  /** Why the 3D view is not available (no WebGL), or null. */
  webglProblem: string | null;
  notices: string[];
  /** 0..1 while the font and the scene load; 1 when drawn. */
  progress: number;
  /** Whether each view has been drawn at least once (the 3D view: its text is on screen). */
  drawn: Record<View, boolean>;
  /** The 3D view's first view (the entrance and the first era) is readable: its glyphs were built first. */
  firstViewDrawn: boolean;
  /** The first thing the visitor faces is readable: the entrance banner (or, deep-linked, their first view). */
  entranceDrawn: boolean;
  /** Where the page's own controls are (toolbar, dock, strip, notices): the camera frames panels clear of them. */
  controls: readonly PageRect[];
  /** How tall the focused panel's reading text is on screen as framed (CSS px), or null when nothing is framed. */
  framedTextPx: number | null;
  /** The reader card (the focused milestone's text over the 3D view) is open. */
  readerOpen: boolean;
  setControls(rects: readonly PageRect[]): void;
  setFramedTextPx(px: number | null): void;
  setReaderOpen(open: boolean): void;
  setLanguage(l: Language): void;
  setView(v: View): void;
  notify(message: string): void;
  dismissNotice(i: number): void;
  setProgress(p: number): void;
  setDrawn(view: View): void;
  setFirstViewDrawn(): void;
  setEntranceDrawn(): void;
  setWebglProblem(reason: string): void;
}

/** The visitor's VR preferences and whether a VR session is on. */
export interface XRSlice {
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
}

/** 'join' / 'goto-stop': a tour led by a live guide (src/features/guide/LiveGuide.tsx), at the guide's stop. */
export type TourRequestAction = 'start' | 'pause' | 'resume' | 'next' | 'previous' | 'stop' | 'join' | 'goto-stop';

export interface TourRequest {
  action: TourRequestAction;
  id: string | null;
  stop: number | null;
  seq: number;
}

/** What the page shows of a guided tour (src/features/tour/TourRunner.tsx plays it). */
export interface TourShown {
  id: string;
  status: 'playing' | 'paused' | 'finished';
  stopIndex: number;
  stopCount: number;
  caption: Text | null;
  /** Led by a live guide: stops change when the guide moves on. */
  led: boolean;
}

/** The guided tour: what is shown of it, and requests to its player. */
export interface TourSlice {
  /** The guided tour being played, or null. */
  tour: TourShown | null;
  /** The latest request to the tour player; `seq` makes each request new. */
  tourRequest: TourRequest | null;
  /** Tour stops show their caption without moving the camera (the kiosk's attract loop under reduced motion). */
  tourStill: boolean;
  /** `stop`: for 'join' and 'goto-stop', the stop's index (0-based). */
  requestTour(action: TourRequestAction, id?: string, stop?: number): void;
  setTour(t: TourShown | null): void;
  setTourStill(v: boolean): void;
}

/** Following or leading a live guide. */
export interface GuideSlice {
  /** Whole seconds until the guide's move, or null (shown on the page and in VR). */
  guideCountdown: number | null;
  setGuideCountdown(seconds: number | null): void;
  /** The panel element highlighted for the group (src/layout/elements.ts id), or null: drawn in 3D, marked in 2D. */
  guideHighlight: string | null;
  /** A follower's page: the guide holds the group here; walking, teleport and milestone moves are refused. */
  guideHeld: boolean;
  /** Bumped each time a move was refused because of the hold (the page shows the notice again). */
  heldRefusals: number;
  setGuideTools(highlight: string | null, held: boolean): void;
  /** A move the hold refused outside the store's navigation (a teleport): counted like the others. */
  refuseHeld(): void;
  /** A guide's page, connected with its secret: a VR grip press points at a line for the group. */
  guiding: boolean;
  setGuiding(on: boolean): void;
  /** A guide's page: clicks on a panel's line point at it (instead of selecting the milestone). */
  pointMode: boolean;
  setPointMode(on: boolean): void;
  /** A guide's request to point at an element (null: clear); the live guide sends it. `seq` makes each request new. */
  pointRequest: { element: string | null; seq: number } | null;
  pointAt(element: string | null): void;
  /** The guide has pointed (or cleared) on this page: the VR caption board stops saying how. */
  guidePointed: boolean;
  /** The booth screen: this headset shares its view (on the page and in VR, it says so while on). */
  sharingView: boolean;
  setSharingView(on: boolean): void;
  /** Sharing is possible here (the page follows a live guide's room): the VR menu offers the toggle. */
  shareAvailable: boolean;
  setShareAvailable(on: boolean): void;
  /**
   * Where the scene hands this headset's view while it shares it (the live guide's socket sets `send`). A mutable
   * object, never replaced: the frame loop calls it, nothing re-renders.
   */
  readonly viewSink: { send: ((pose: SharedPose) => void) | null };
}

/** The view a headset shares: the head in the corridor and where it looks, with the visitor's language and focus. */
export interface SharedPose {
  x: number;
  y: number;
  z: number;
  yaw: number;
  pitch: number;
  language: Language;
  milestone: string | null;
}

/** Captions of tours, on the page and in VR. */
export interface CaptionSlice {
  captionSize: CaptionSize;
  setCaptionSize(size: CaptionSize): void;
}

export interface ExhibitState extends NavigationSlice, ViewSlice, XRSlice, TourSlice, GuideSlice, CaptionSlice {
  /**
   * Back to the start (the kiosk's reset): tour stopped, `language`, the first milestone (a cut), no notices; the VR
   * hints show again, seated mode and stick walking are off, the caption size is the device's.
   */
  resetToStart(language: Language): void;
}

export type ExhibitStore = StoreApi<ExhibitState>;

export interface StoreInit {
  ids: readonly string[];
  finaleId?: string | null;
  language: Language;
  view: View;
  focusedId: string | null;
  notices?: string[];
  hintsDone?: readonly HintKey[];
  captionSize?: CaptionSize;
}

type Set = StoreApi<ExhibitState>['setState'];
type Get = StoreApi<ExhibitState>['getState'];

/** The stops of the walk: every milestone, then the finale. */
function walkOrder(s: Pick<NavigationSlice, 'ids' | 'finaleId'>): readonly string[] {
  return s.finaleId === null ? s.ids : [...s.ids, s.finaleId];
}

function navigationSlice(set: Set, get: Get, init: StoreInit): NavigationSlice {
  return {
    ids: init.ids,
    finaleId: init.finaleId ?? null,
    focusedId: init.focusedId,
    focusSeq: init.focusedId === null ? 0 : 1,
    focusCause: 'link',
    focusSpot: null,
    focus: (id, cause, spot = null) => {
      if (get().guideHeld && HELD_CAUSES.includes(cause)) {
        set((s) => ({ heldRefusals: s.heldRefusals + 1 }));
        return;
      }
      if (cause === 'walk') {
        if (id !== get().focusedId) set({ focusedId: id, focusCause: cause });
        return;
      }
      set((s) => ({ focusedId: id, focusCause: cause, focusSpot: spot, focusSeq: s.focusSeq + 1 }));
    },
    step: (delta) => {
      const s = get();
      const id = stepId(walkOrder(s), s.focusedId, delta);
      if (id !== null) s.focus(id, 'step');
    },
    first: () => get().focus(get().ids[0] ?? null, 'step'),
    last: () => {
      const order = walkOrder(get());
      get().focus(order[order.length - 1] ?? null, 'step');
    },
    intent: (i) => {
      const s = get();
      if (s.guideHeld) {
        set({ heldRefusals: s.heldRefusals + 1 });
        return;
      }
      // During a tour, next / previous move between its stops instead of between milestones.
      if (s.tour && s.tour.status !== 'finished' && (i === 'next' || i === 'previous')) s.requestTour(i);
      else if (i === 'next') s.step(1);
      else if (i === 'previous') s.step(-1);
      else if (i === 'first') s.first();
      else s.last();
    },
  };
}

function viewSlice(set: Set, get: Get, init: StoreInit): ViewSlice {
  return {
    language: init.language,
    view: init.view,
    webglProblem: null,
    notices: init.notices ?? [],
    progress: 0,
    drawn: { '3d': false, '2d': false },
    firstViewDrawn: false,
    entranceDrawn: false,
    controls: [],
    framedTextPx: null,
    readerOpen: false,
    setControls: (controls) => {
      const same = (a: PageRect, b: PageRect | undefined): boolean =>
        b !== undefined && a.left === b.left && a.top === b.top && a.right === b.right && a.bottom === b.bottom;
      const old = get().controls;
      if (controls.length !== old.length || controls.some((r, i) => !same(r, old[i]))) set({ controls });
    },
    setFramedTextPx: (framedTextPx) => {
      if (framedTextPx !== get().framedTextPx) set({ framedTextPx });
    },
    setReaderOpen: (readerOpen) => set({ readerOpen }),
    setLanguage: (language) => set({ language }),
    setView: (view) => set({ view: get().webglProblem ? '2d' : view }),
    notify: (message) => set((s) => ({ notices: [...s.notices, message].slice(-5) })),
    dismissNotice: (i) => set((s) => ({ notices: s.notices.filter((_, j) => j !== i) })),
    setProgress: (progress) => set({ progress: Math.max(get().progress, Math.min(1, progress)) }),
    setDrawn: (view) => set((s) => ({ drawn: { ...s.drawn, [view]: true }, progress: view === '3d' ? 1 : s.progress })),
    setFirstViewDrawn: () => set({ firstViewDrawn: true, entranceDrawn: true, progress: Math.max(get().progress, 0.6) }),
    setEntranceDrawn: () => set({ entranceDrawn: true, progress: Math.max(get().progress, 0.45) }),
    setWebglProblem: (reason) => set({ webglProblem: reason, view: '2d' }),
  };
}

function xrSlice(set: Set, get: Get, init: StoreInit): XRSlice {
  return {
    inXR: false,
    seated: false,
    smoothWalk: false,
    hintsDone: init.hintsDone ?? [],
    setInXR: (inXR) => set({ inXR }),
    setSeated: (seated) => set({ seated }),
    setSmoothWalk: (smoothWalk) => set({ smoothWalk }),
    hintDone: (k) => {
      if (!get().hintsDone.includes(k)) set((s) => ({ hintsDone: [...s.hintsDone, k] }));
    },
  };
}

function tourSlice(set: Set, get: Get): TourSlice {
  return {
    tour: null,
    tourRequest: null,
    tourStill: false,
    requestTour: (action, id, stop) =>
      set((s) => ({ tourRequest: { action, id: id ?? null, stop: stop ?? null, seq: (s.tourRequest?.seq ?? 0) + 1 } })),
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
    setTourStill: (tourStill) => set({ tourStill }),
  };
}

function guideSlice(set: Set, get: Get): GuideSlice {
  return {
    guideCountdown: null,
    setGuideCountdown: (guideCountdown) => {
      if (guideCountdown !== get().guideCountdown) set({ guideCountdown });
    },
    guideHighlight: null,
    guideHeld: false,
    heldRefusals: 0,
    setGuideTools: (guideHighlight, guideHeld) => {
      const s = get();
      if (s.guideHighlight !== guideHighlight || s.guideHeld !== guideHeld) set({ guideHighlight, guideHeld });
    },
    refuseHeld: () => set((s) => ({ heldRefusals: s.heldRefusals + 1 })),
    guiding: false,
    setGuiding: (guiding) => set({ guiding }),
    pointMode: false,
    setPointMode: (pointMode) => set({ pointMode }),
    pointRequest: null,
    pointAt: (element) =>
      set((s) => ({ guideHighlight: element, guidePointed: true, pointRequest: { element, seq: (s.pointRequest?.seq ?? 0) + 1 } })),
    guidePointed: false,
    sharingView: false,
    setSharingView: (sharingView) => set({ sharingView }),
    shareAvailable: false,
    setShareAvailable: (shareAvailable) => set({ shareAvailable }),
    viewSink: { send: null },
  };
}

function captionSlice(set: Set, init: StoreInit): CaptionSlice {
  return {
    captionSize: init.captionSize ?? 'medium',
    setCaptionSize: (captionSize) => set({ captionSize }),
  };
}

export function createExhibitStore(init: StoreInit): ExhibitStore {
  return createStore<ExhibitState>()((set, get) => ({
    ...navigationSlice(set, get, init),
    ...viewSlice(set, get, init),
    ...xrSlice(set, get, init),
    ...tourSlice(set, get),
    ...guideSlice(set, get),
    ...captionSlice(set, init),
    resetToStart: (language) => {
      get().requestTour('stop');
      // The next visitor starts afresh: the first-visit VR hints again, standing, no stick walking, the usual caption size.
      set({
        language,
        notices: [],
        tourStill: false,
        hintsDone: [],
        seated: false,
        smoothWalk: false,
        captionSize: init.captionSize ?? 'medium',
      });
      get().focus(get().ids[0] ?? null, 'reset');
    },
  }));
}
