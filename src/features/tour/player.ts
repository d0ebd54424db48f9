// Playing a guided tour (scenes/tours/*.yaml): a pure state machine. No React, no timers, no audio:
// the time is passed in (milliseconds, any monotonic clock, e.g. performance.now()), and what the app
// must do is returned as effects: move the visitor to a stop (glide, or cut under reduced motion),
// start or silence narration, announce the end.
//
//   idle ──start──▶ playing ⇄ pause/resume ⇄ paused
//                     │ tick: dwell over and narration ended ▶ next stop … after the last: finished
//   any ──stop──▶ idle;  next/previous skip a stop (keeping playing or paused); previous from finished replays the last stop
//
// How long a stop lasts: at least `dwellSeconds` of playing time; when the stop has narration in the
// narration language, also until the app reports narrationEnded() for it. So the stop lasts
// max(dwellSeconds, the narration's end). As a safety net (audio that never reports its end, e.g.
// blocked autoplay or a network error the app did not report), a stop stops waiting for its narration
// after `narrationTimeoutMs` of playing time. While paused, nothing advances: the remaining dwell is
// frozen. Only tick() ends a stop by time, at most one stop per tick, and the next stop begins at that
// tick's time (after a long gap, e.g. a hidden tab, no stop is skipped unseen).
import type { Bilingual, Language } from '../../content/schema.ts';
import type { StandingSpot, Tour, TourStop } from '../../content/tours.ts';

export type TourStatus = 'idle' | 'playing' | 'paused' | 'finished';
export type NarrationLanguage = 'zh' | 'en';

/** What the app must do. */
export type TourEffect =
  /** A stop begins: bring the visitor to the milestone's standing spot, moved by `standingSpot` (see standingPose). */
  | { type: 'moveTo'; stopIndex: number; milestone: string; standingSpot: StandingSpot; seq: number }
  /**
   * Play `src` (relative to the site's base, e.g. "narration/highlights/2022.zh.ogg") from its start,
   * and call narrationEnded(now, seq) when it ends or fails; null: silence any narration. Emitted when
   * a stop begins (null when paused or when the stop has no narration in the language), when a paused
   * stop whose narration has not started yet resumes, and on stop().
   */
  | { type: 'narrate'; src: string | null; seq: number }
  /** The last stop is over. The player keeps showing its caption until stop() or start(). */
  | { type: 'finished' };

export interface TourState {
  readonly status: TourStatus;
  readonly tour: Tour | null;
  /** The current stop, -1 when idle. */
  readonly index: number;
  /** Bumped whenever a stop begins; narrationEnded() for an earlier stop is ignored. */
  readonly seq: number;
  /** The language narration is played in; null: none. */
  readonly narrationLanguage: NarrationLanguage | null;
  /** Playing time spent at the current stop up to `sinceMs`. */
  readonly playedMs: number;
  /** When playing (re)started at the current stop; while paused, when it paused. */
  readonly sinceMs: number;
  /** The stop has narration that has not reported its end. */
  readonly narrationPending: boolean;
  /** The stop's narration was asked for with a `narrate` effect (not yet, if the stop began while paused). */
  readonly narrationStarted: boolean;
  /** Led by a live guide: stops change only by goToStop / next / previous, never by the clock. */
  readonly led: boolean;
}

/** What to show. */
export interface TourView {
  status: TourStatus;
  tourId: string | null;
  /** The current stop (0-based), -1 when idle; after finishing, the last stop. */
  stopIndex: number;
  stopCount: number;
  /** The milestone of the current stop, or null when idle. */
  milestone: string | null;
  caption: Bilingual | null;
  /** Milliseconds of dwell left at the current stop (frozen while paused; 0 when idle or finished). */
  remainingMs: number;
  /** The dwell is over but the stop waits for its narration to end. */
  waitingForNarration: boolean;
  /** The current stop's narration file in the narration language, or null. */
  narration: string | null;
  seq: number;
  /** Led by a live guide (see TourPlayer.join). */
  led: boolean;
}

export interface TourPlayerOptions {
  /** Longest a stop waits for its narration to report its end, in ms of playing time from the stop's start. Default 120 000. */
  narrationTimeoutMs?: number;
}

export const DEFAULT_NARRATION_TIMEOUT_MS = 120_000;

export const IDLE: TourState = {
  status: 'idle',
  tour: null,
  index: -1,
  seq: 0,
  narrationLanguage: null,
  playedMs: 0,
  sinceMs: 0,
  narrationPending: false,
  narrationStarted: false,
  led: false,
};

/**
 * The narration language for the visitor's language choice: zh → zh, en → en; both → zh, the first
 * language of the exhibit (its text shows Chinese first). The app may pass any other choice to start().
 */
export function narrationLanguageFor(language: Language): NarrationLanguage {
  return language === 'en' ? 'en' : 'zh';
}

/** The narration file of `stop` in `language`, or null. */
export function narrationOf(stop: TourStop | undefined, language: NarrationLanguage | null): string | null {
  return (language && stop?.narration?.[language]) || null;
}

export { standingPose } from '../../layout/corridor.ts';

// ---------------------------------------------------------------------------------------------
// The state machine

export type TourEvent =
  | { type: 'start'; tour: Tour; nowMs: number; narrationLanguage: NarrationLanguage | null; led?: boolean; index?: number }
  | { type: 'goToStop'; index: number; nowMs: number }
  | { type: 'tick'; nowMs: number }
  | { type: 'pause'; nowMs: number }
  | { type: 'resume'; nowMs: number }
  | { type: 'next'; nowMs: number }
  | { type: 'previous'; nowMs: number }
  | { type: 'stop' }
  | { type: 'narrationEnded'; nowMs: number; seq?: number }
  | { type: 'setNarrationLanguage'; narrationLanguage: NarrationLanguage | null };

export interface TourStepResult {
  state: TourState;
  effects: TourEffect[];
}

const NO_SPOT: StandingSpot = { backM: 0, sideM: 0 };

/** Playing time spent at the current stop at `nowMs`. */
function played(s: TourState, nowMs: number): number {
  return s.status === 'playing' ? s.playedMs + Math.max(0, nowMs - s.sinceMs) : s.playedMs;
}

function dwellMs(s: TourState): number {
  return (s.tour?.stops[s.index]?.dwellSeconds ?? 0) * 1000;
}

/** Begin stop `index` at `nowMs`, playing or paused. */
function begin(s: TourState, tour: Tour, index: number, nowMs: number, status: 'playing' | 'paused'): TourStepResult {
  const stop = tour.stops[index]!;
  const src = narrationOf(stop, s.narrationLanguage);
  const seq = s.seq + 1;
  const play = status === 'playing' && src !== null;
  return {
    state: { ...s, status, tour, index, seq, playedMs: 0, sinceMs: nowMs, narrationPending: src !== null, narrationStarted: play },
    effects: [
      { type: 'moveTo', stopIndex: index, milestone: stop.milestone, standingSpot: stop.standingSpot ?? NO_SPOT, seq },
      { type: 'narrate', src: play ? src : null, seq },
    ],
  };
}

function finish(s: TourState, nowMs: number): TourStepResult {
  return {
    state: { ...s, status: 'finished', playedMs: played(s, nowMs), sinceMs: nowMs, narrationPending: false },
    effects: [{ type: 'finished' }],
  };
}

/** One action: the next state and what the app must do. Pure. */
export function tourStep(s: TourState, action: TourEvent, options: TourPlayerOptions = {}): TourStepResult {
  const same: TourStepResult = { state: s, effects: [] };
  const tour = s.tour;
  switch (action.type) {
    case 'start': {
      if (action.tour.stops.length === 0) return { state: IDLE, effects: [] };
      const index = Math.min(Math.max(0, Math.trunc(action.index ?? 0)), action.tour.stops.length - 1);
      return begin(
        { ...s, narrationLanguage: action.narrationLanguage, led: action.led ?? false },
        action.tour,
        index,
        action.nowMs,
        'playing',
      );
    }
    case 'goToStop': {
      if (!tour || s.status === 'idle' || !Number.isInteger(action.index)) return same;
      if (action.index < 0 || action.index >= tour.stops.length) return same;
      if (action.index === s.index && s.status !== 'finished') return same;
      return begin(s, tour, action.index, action.nowMs, s.status === 'paused' ? 'paused' : 'playing');
    }
    case 'tick': {
      if (s.status !== 'playing' || !tour || s.led) return same;
      const t = played(s, action.nowMs);
      const timeout = options.narrationTimeoutMs ?? DEFAULT_NARRATION_TIMEOUT_MS;
      if (t < dwellMs(s) || (s.narrationPending && t < timeout)) return same;
      return s.index < tour.stops.length - 1 ? begin(s, tour, s.index + 1, action.nowMs, 'playing') : finish(s, action.nowMs);
    }
    case 'pause': {
      if (s.status !== 'playing') return same;
      return { state: { ...s, status: 'paused', playedMs: played(s, action.nowMs), sinceMs: action.nowMs }, effects: [] };
    }
    case 'resume': {
      if (s.status !== 'paused' || !tour) return same;
      const src = s.narrationStarted ? null : narrationOf(tour.stops[s.index], s.narrationLanguage);
      return {
        state: { ...s, status: 'playing', sinceMs: action.nowMs, narrationStarted: s.narrationStarted || src !== null },
        effects: src !== null ? [{ type: 'narrate', src, seq: s.seq }] : [],
      };
    }
    case 'next': {
      if (!tour || s.status === 'idle' || s.status === 'finished') return same;
      if (s.index < tour.stops.length - 1) return begin(s, tour, s.index + 1, action.nowMs, s.status);
      return { ...finish(s, action.nowMs), effects: [{ type: 'narrate', src: null, seq: s.seq }, { type: 'finished' }] };
    }
    case 'previous': {
      if (!tour || s.status === 'idle') return same;
      if (s.status === 'finished') return begin(s, tour, s.index, action.nowMs, 'playing');
      return begin(s, tour, Math.max(0, s.index - 1), action.nowMs, s.status);
    }
    case 'stop': {
      if (s.status === 'idle') return same;
      return {
        state: { ...IDLE, seq: s.seq, narrationLanguage: s.narrationLanguage },
        effects: [{ type: 'narrate', src: null, seq: s.seq }],
      };
    }
    case 'narrationEnded': {
      if (!s.narrationPending || (action.seq !== undefined && action.seq !== s.seq)) return same;
      return { state: { ...s, narrationPending: false }, effects: [] };
    }
    case 'setNarrationLanguage':
      // From the next stop on; the current stop keeps the narration it has.
      return { state: { ...s, narrationLanguage: action.narrationLanguage }, effects: [] };
  }
}

/** What to show at `nowMs`. Pure. */
export function tourView(s: TourState, nowMs: number): TourView {
  const stop = s.tour?.stops[s.index];
  const active = s.status === 'playing' || s.status === 'paused';
  const remainingMs = active ? Math.max(0, dwellMs(s) - played(s, nowMs)) : 0;
  return {
    status: s.status,
    tourId: s.tour?.id ?? null,
    stopIndex: s.index,
    stopCount: s.tour?.stops.length ?? 0,
    milestone: stop?.milestone ?? null,
    caption: stop?.caption ?? null,
    remainingMs,
    waitingForNarration: active && remainingMs === 0 && s.narrationPending,
    narration: narrationOf(stop, s.narrationLanguage),
    seq: s.seq,
    led: s.led,
  };
}

// ---------------------------------------------------------------------------------------------
// A small stateful wrapper for the app (e.g. held in a ref, tick() called from the frame loop)

export class TourPlayer {
  #state: TourState = IDLE;
  readonly #options: TourPlayerOptions;

  constructor(options: TourPlayerOptions = {}) {
    this.#options = options;
  }

  get state(): TourState {
    return this.#state;
  }

  #do(action: TourEvent): TourEffect[] {
    const { state, effects } = tourStep(this.#state, action, this.#options);
    this.#state = state;
    return effects;
  }

  /** Start (or restart) `tour` at its first stop. `narrationLanguage`: see narrationLanguageFor; null for no narration. */
  start(tour: Tour, nowMs: number, narrationLanguage: NarrationLanguage | null = null): TourEffect[] {
    return this.#do({ type: 'start', tour, nowMs, narrationLanguage });
  }
  /**
   * Join `tour` led by a live guide, at stop `index`: captions and narration as usual, but the clock never
   * advances a stop; the guide's gotos do (goToStop).
   */
  join(tour: Tour, index: number, nowMs: number, narrationLanguage: NarrationLanguage | null = null): TourEffect[] {
    return this.#do({ type: 'start', tour, nowMs, narrationLanguage, led: true, index });
  }
  /** Go to stop `index` (a led tour's guide moved on). The same stop again changes nothing. */
  goToStop(index: number, nowMs: number): TourEffect[] {
    return this.#do({ type: 'goToStop', index, nowMs });
  }
  /** Advance time: ends the current stop when its dwell (and narration) is over. Call every frame or every few hundred ms. */
  tick(nowMs: number): TourEffect[] {
    return this.#do({ type: 'tick', nowMs });
  }
  pause(nowMs: number): TourEffect[] {
    return this.#do({ type: 'pause', nowMs });
  }
  resume(nowMs: number): TourEffect[] {
    return this.#do({ type: 'resume', nowMs });
  }
  /** Skip to the next stop (from the last: finish). Keeps playing or paused. */
  next(nowMs: number): TourEffect[] {
    return this.#do({ type: 'next', nowMs });
  }
  /** Back to the previous stop (at the first: restart it; when finished: replay the last). Keeps playing or paused. */
  previous(nowMs: number): TourEffect[] {
    return this.#do({ type: 'previous', nowMs });
  }
  /** End the tour: back to idle. */
  stop(): TourEffect[] {
    return this.#do({ type: 'stop' });
  }
  /** The narration of stop `seq` (the effect's seq) ended or failed; without seq: the current stop's. */
  narrationEnded(nowMs: number, seq?: number): TourEffect[] {
    return this.#do(seq === undefined ? { type: 'narrationEnded', nowMs } : { type: 'narrationEnded', nowMs, seq });
  }
  /** Narration language from the next stop on. */
  setNarrationLanguage(narrationLanguage: NarrationLanguage | null): TourEffect[] {
    return this.#do({ type: 'setNarrationLanguage', narrationLanguage });
  }
  view(nowMs: number): TourView {
    return tourView(this.#state, nowMs);
  }
}
