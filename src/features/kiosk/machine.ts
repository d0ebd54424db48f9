// Kiosk mode (?kiosk=1): a pure state machine. No React, no DOM, no timers of its own: the time is passed in
// (milliseconds on any monotonic clock) and what the app must do comes back as effects.
//
//   attract ──any input──▶ visitor ──idleMs without input (or tour step)──▶ resetting ──fadeMs──▶ attract
//      ▲  └─tour ended: play it again                        │ input: the visitor is back, fade in, no reset
//      └──────────────────────────────────────────────────────┘
//
// attract: nobody is there; the attract tour loops. visitor: someone has control; every input restarts the idle
// clock. resetting: the screen fades to black; when it is black, the exhibit goes back to its start behind it
// (default language, first milestone, camera at its start, tour stopped) and fades in on the attract loop.
// A visit (for the visit log) begins with the first input in attract and ends at the reset.
export type KioskPhase = 'attract' | 'visitor' | 'resetting';

export interface KioskConfig {
  /** Time without input before the exhibit resets. */
  idleMs: number;
  /** The fade to black before the reset (and back after it); 0: a cut. */
  fadeMs: number;
}

export interface KioskState {
  readonly phase: KioskPhase;
  /** The last input (visitor and resetting), else the time of entering attract. */
  readonly lastInputMs: number;
  /** When the fade to black is complete and the reset happens (resetting only). */
  readonly resetAtMs: number | null;
}

export type KioskEvent =
  | { type: 'input'; now: number }
  | { type: 'tick'; now: number }
  /** The attract tour has played its last stop. */
  | { type: 'tourEnded'; now: number }
  /**
   * A tour moved on to its next stop. During a visit this is a sign of life (a visitor watching a guided tour
   * touches nothing), so the idle clock restarts; during the attract loop it is the loop itself and means nothing.
   */
  | { type: 'tourStep'; now: number };

export type KioskEffect =
  /** (Re)start the attract tour from its first stop. */
  | { type: 'playAttract' }
  /** Stop the attract tour where it is: the visitor has control. */
  | { type: 'stopAttract' }
  | { type: 'visitStarted' }
  | { type: 'visitEnded'; reason: 'idle' }
  /** Fade the screen to black over `ms` (0: at once). */
  | { type: 'fadeOut'; ms: number }
  /** Back to the start: default language, first milestone, camera at its start, tour stopped, URL cleaned. */
  | { type: 'reset' }
  /** Fade the screen back in over `ms`. */
  | { type: 'fadeIn'; ms: number };

export interface KioskStepResult {
  state: KioskState;
  effects: KioskEffect[];
}

/** The machine when the page opens: nobody has touched it yet, so the attract loop plays. */
export function startKiosk(now: number): KioskStepResult {
  return { state: { phase: 'attract', lastInputMs: now, resetAtMs: null }, effects: [{ type: 'playAttract' }] };
}

/** The reset behind the black screen, then the attract loop again. */
function reset(now: number, config: KioskConfig): KioskStepResult {
  return {
    state: { phase: 'attract', lastInputMs: now, resetAtMs: null },
    effects: [{ type: 'visitEnded', reason: 'idle' }, { type: 'reset' }, { type: 'fadeIn', ms: config.fadeMs }, { type: 'playAttract' }],
  };
}

export function kioskStep(state: KioskState, event: KioskEvent, config: KioskConfig): KioskStepResult {
  const same: KioskStepResult = { state, effects: [] };
  switch (event.type) {
    case 'input':
      if (state.phase === 'attract') {
        return {
          state: { phase: 'visitor', lastInputMs: event.now, resetAtMs: null },
          effects: [{ type: 'stopAttract' }, { type: 'visitStarted' }],
        };
      }
      if (state.phase === 'resetting') {
        // Someone touched it while it was fading: they are still here. Fade back in; the visit goes on.
        return { state: { phase: 'visitor', lastInputMs: event.now, resetAtMs: null }, effects: [{ type: 'fadeIn', ms: config.fadeMs }] };
      }
      return event.now > state.lastInputMs ? { state: { ...state, lastInputMs: event.now }, effects: [] } : same;
    case 'tick':
      if (state.phase === 'visitor' && event.now - state.lastInputMs >= config.idleMs) {
        if (config.fadeMs <= 0) {
          const cut = reset(event.now, config);
          return { state: cut.state, effects: [{ type: 'fadeOut', ms: 0 }, ...cut.effects] };
        }
        return {
          state: { phase: 'resetting', lastInputMs: state.lastInputMs, resetAtMs: event.now + config.fadeMs },
          effects: [{ type: 'fadeOut', ms: config.fadeMs }],
        };
      }
      if (state.phase === 'resetting' && state.resetAtMs !== null && event.now >= state.resetAtMs) return reset(event.now, config);
      return same;
    case 'tourStep':
      return state.phase === 'visitor' && event.now > state.lastInputMs
        ? { state: { ...state, lastInputMs: event.now }, effects: [] }
        : same;
    case 'tourEnded':
      // The attract loop plays the tour again; a tour the visitor started just ends.
      return state.phase === 'attract' ? { state, effects: [{ type: 'playAttract' }] } : same;
  }
}

/** When the machine next needs a tick (absent any input), or null: it waits for input or the tour. */
export function nextDeadline(state: KioskState, config: KioskConfig): number | null {
  if (state.phase === 'visitor') return state.lastInputMs + config.idleMs;
  if (state.phase === 'resetting') return state.resetAtMs;
  return null;
}

export interface KioskTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Runs the machine on real (or fake) timers: one timeout for the next deadline, never a polling loop.
 * Input only moves the idle clock; when the timeout fires early (there was input since), it is set again.
 */
export class KioskDriver {
  private step: KioskStepResult;
  private timer: unknown = null;
  private disposed = false;

  constructor(
    private readonly config: KioskConfig,
    private readonly timers: KioskTimers,
    private readonly onEffect: (e: KioskEffect) => void,
  ) {
    this.step = startKiosk(timers.now());
  }

  get state(): KioskState {
    return this.step.state;
  }

  /** Carries out the opening effects (the attract loop). */
  start(): void {
    this.run(this.step);
  }

  input(): void {
    this.send({ type: 'input', now: this.timers.now() });
  }

  tourStep(): void {
    this.send({ type: 'tourStep', now: this.timers.now() });
  }

  tourEnded(): void {
    this.send({ type: 'tourEnded', now: this.timers.now() });
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private send(event: KioskEvent): void {
    if (this.disposed) return;
    const before = this.step.state;
    const next = kioskStep(before, event, this.config);
    this.step = next;
    // Plain input in the visitor phase only moves the idle clock; the pending timeout re-arms itself.
    if (next.effects.length === 0 && next.state.phase === before.phase && this.timer !== null) return;
    this.run(next);
  }

  private run(step: KioskStepResult): void {
    for (const e of step.effects) this.onEffect(e);
    this.arm();
  }

  private arm(): void {
    if (this.disposed) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const at = nextDeadline(this.step.state, this.config);
    if (at === null) return;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = null;
        this.send({ type: 'tick', now: this.timers.now() });
        if (this.timer === null) this.arm();
      },
      Math.max(0, at - this.timers.now()),
    );
  }
}
