import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskDriver, kioskStep, nextDeadline, startKiosk, type KioskConfig, type KioskEffect } from '../../src/features/kiosk/machine.ts';

const config: KioskConfig = { idleMs: 90_000, fadeMs: 1_000 };

describe('kiosk state machine (pure)', () => {
  it('opens on the attract loop', () => {
    const s = startKiosk(0);
    expect(s.state.phase).toBe('attract');
    expect(s.effects).toEqual([{ type: 'playAttract' }]);
    expect(nextDeadline(s.state, config)).toBeNull();
  });

  it('the first input stops the attract tour and begins a visit; later inputs only move the idle clock', () => {
    const a = startKiosk(0).state;
    const v = kioskStep(a, { type: 'input', now: 5_000 }, config);
    expect(v.state.phase).toBe('visitor');
    expect(v.effects).toEqual([{ type: 'stopAttract' }, { type: 'visitStarted' }]);
    expect(nextDeadline(v.state, config)).toBe(95_000);
    const again = kioskStep(v.state, { type: 'input', now: 20_000 }, config);
    expect(again.effects).toEqual([]);
    expect(nextDeadline(again.state, config)).toBe(110_000);
  });

  it('a finished attract tour plays again; a tour ending during a visit does nothing', () => {
    const a = startKiosk(0).state;
    expect(kioskStep(a, { type: 'tourEnded', now: 60_000 }, config).effects).toEqual([{ type: 'playAttract' }]);
    const v = kioskStep(a, { type: 'input', now: 1 }, config).state;
    expect(kioskStep(v, { type: 'tourEnded', now: 2 }, config).effects).toEqual([]);
  });

  it('idle for idleMs: fades out, then resets behind the black screen and plays the attract loop again', () => {
    const v = kioskStep(startKiosk(0).state, { type: 'input', now: 0 }, config).state;
    expect(kioskStep(v, { type: 'tick', now: 89_999 }, config).state.phase).toBe('visitor');
    const out = kioskStep(v, { type: 'tick', now: 90_000 }, config);
    expect(out.state.phase).toBe('resetting');
    expect(out.effects).toEqual([{ type: 'fadeOut', ms: 1_000 }]);
    expect(kioskStep(out.state, { type: 'tick', now: 90_500 }, config).effects).toEqual([]);
    const back = kioskStep(out.state, { type: 'tick', now: 91_000 }, config);
    expect(back.state.phase).toBe('attract');
    expect(back.effects).toEqual([
      { type: 'visitEnded', reason: 'idle' },
      { type: 'reset' },
      { type: 'fadeIn', ms: 1_000 },
      { type: 'playAttract' },
    ]);
  });

  it('input during the fade keeps the visitor: fades back in without a reset', () => {
    const v = kioskStep(startKiosk(0).state, { type: 'input', now: 0 }, config).state;
    const out = kioskStep(v, { type: 'tick', now: 90_000 }, config).state;
    const back = kioskStep(out, { type: 'input', now: 90_400 }, config);
    expect(back.state.phase).toBe('visitor');
    expect(back.effects).toEqual([{ type: 'fadeIn', ms: 1_000 }]);
    expect(nextDeadline(back.state, config)).toBe(180_400);
  });

  it('a tour the visitor watches keeps the kiosk awake; the attract tour does not hand over', () => {
    const a = startKiosk(0).state;
    expect(kioskStep(a, { type: 'tourStep', now: 10_000 }, config)).toEqual({ state: a, effects: [] });
    const v = kioskStep(a, { type: 'input', now: 0 }, config).state;
    const watching = kioskStep(v, { type: 'tourStep', now: 80_000 }, config);
    expect(watching.effects).toEqual([]);
    expect(kioskStep(watching.state, { type: 'tick', now: 100_000 }, config).state.phase).toBe('visitor');
    expect(kioskStep(watching.state, { type: 'tick', now: 170_000 }, config).state.phase).toBe('resetting');
  });

  it('with no fade (reduced motion) the reset is a cut', () => {
    const cut = { ...config, fadeMs: 0 };
    const v = kioskStep(startKiosk(0).state, { type: 'input', now: 0 }, cut).state;
    const r = kioskStep(v, { type: 'tick', now: 90_000 }, cut);
    expect(r.state.phase).toBe('attract');
    expect(r.effects.map((e) => e.type)).toEqual(['fadeOut', 'visitEnded', 'reset', 'fadeIn', 'playAttract']);
  });
});

describe('kiosk driver on fake timers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function driver(cfg = config) {
    const effects: KioskEffect['type'][] = [];
    const d = new KioskDriver(
      cfg,
      { now: () => Date.now(), setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) },
      (e) => effects.push(e.type),
    );
    d.start();
    return { d, effects };
  }

  it('resets 90 s after the last input, not after the first', () => {
    const { d, effects } = driver();
    expect(effects).toEqual(['playAttract']);
    d.input();
    vi.advanceTimersByTime(60_000);
    d.input();
    vi.advanceTimersByTime(60_000);
    expect(d.state.phase).toBe('visitor');
    expect(effects).not.toContain('fadeOut');
    vi.advanceTimersByTime(30_000);
    expect(d.state.phase).toBe('resetting');
    vi.advanceTimersByTime(1_000);
    expect(d.state.phase).toBe('attract');
    expect(effects).toEqual(['playAttract', 'stopAttract', 'visitStarted', 'fadeOut', 'visitEnded', 'reset', 'fadeIn', 'playAttract']);
  });

  it('stays on the attract loop however long nobody comes, and resets once per visit', () => {
    const { d, effects } = driver();
    vi.advanceTimersByTime(10 * 60_000);
    expect(effects).toEqual(['playAttract']);
    d.input();
    vi.advanceTimersByTime(10 * 60_000);
    expect(effects.filter((e) => e === 'reset')).toHaveLength(1);
    expect(d.state.phase).toBe('attract');
  });

  it('does nothing after dispose', () => {
    const { d, effects } = driver();
    d.input();
    d.dispose();
    vi.advanceTimersByTime(10 * 60_000);
    d.input();
    expect(effects).toEqual(['playAttract', 'stopAttract', 'visitStarted']);
  });
});
