// The follower state machine, with plain numbers for time.
import { describe, expect, it } from 'vitest';
import {
  countdownRemaining,
  followStep,
  initialFollowState,
  reconnectDelay,
  type FollowEffect,
  type FollowEvent,
  type FollowState,
} from '../../src/features/guide/follow.ts';
import type { Command, State } from '../../src/features/guide/protocol.ts';

const goto = (rev: number, milestone: string, issuedAt = 0, startsInMs = 3000, tourStop?: number): Command => ({
  type: 'command',
  rev,
  seq: rev,
  issuedAt,
  startsInMs,
  cmd: { type: 'goto', milestone, ...(tourStop !== undefined ? { tourStop } : {}) },
});
const tour = (rev: number, action: 'start' | 'pause' | 'resume' | 'stop', issuedAt = 0): Command => ({
  type: 'command',
  rev,
  seq: rev,
  issuedAt,
  startsInMs: 3000,
  cmd: { type: 'tour', action, tourId: 'highlights' },
});
const state = (g: Command | null, t: Command | null, serverTime: number): State => ({ type: 'state', goto: g, tour: t, serverTime });

/** Runs inputs at times; returns the final state and every effect with the time it was produced. */
function run(inputs: Array<[number, FollowEvent]>, start: FollowState = initialFollowState('iamm', 'visitor-0001')) {
  let s = start;
  const log: Array<[number, FollowEffect]> = [];
  for (const [now, input] of inputs) {
    const r = followStep(s, input, now);
    s = r.state;
    for (const e of r.effects) log.push([now, e]);
  }
  return { s, log, effects: log.map(([, e]) => e) };
}

const joined = (t = 0, st: State = state(null, null, 1_000_000)): Array<[number, FollowEvent]> => [
  [t, { type: 'start' }],
  [t + 10, { type: 'socket-opened' }],
  [t + 20, { type: 'message', message: st }],
];

describe('follow state machine', () => {
  it('connects, says hello, follows, and reports where it is', () => {
    const { s, effects } = run(joined());
    expect(effects).toEqual([
      { type: 'connect', at: 0, attempt: 0 },
      { type: 'send', message: { type: 'hello', role: 'follower', room: 'iamm', clientId: 'visitor-0001' } },
      { type: 'send', message: { type: 'position', milestone: null, following: true } },
    ]);
    expect(s.status).toBe('following');
  });

  it('counts down, then goes where the guide says (the countdown starts on receipt)', () => {
    const { s, log } = run([
      ...joined(),
      [1000, { type: 'message', message: goto(1, '2022', 999_000) }],
      [2500, { type: 'tick' }], // early: nothing
      [4000, { type: 'tick' }],
    ]);
    expect(log.slice(3)).toEqual([
      [1000, { type: 'countdown', milestone: '2022', tourStop: null, at: 4000 }],
      [4000, { type: 'go', milestone: '2022', tourStop: null }],
      [4000, { type: 'send', message: { type: 'position', milestone: '2022', following: true } }],
    ]);
    expect(s.milestone).toBe('2022');
    expect(countdownRemaining(s, 4000)).toBeNull();
  });

  it('moves between two tour stops at the same milestone (the stop counts, not only the place)', () => {
    const { s, effects } = run([
      ...joined(),
      [1000, { type: 'message', message: goto(1, '2022', 999_000, 3000, 2) }],
      [4000, { type: 'tick' }],
      [5000, { type: 'message', message: goto(2, '2022', 1_003_000, 3000, 3) }],
      [8000, { type: 'tick' }],
      // The same stop again, or a plain goto to where the visitor is: nothing to do.
      [9000, { type: 'message', message: goto(3, '2022', 1_008_000, 3000, 3) }],
      [12_000, { type: 'tick' }],
    ]);
    expect(effects.filter((e) => e.type === 'go')).toEqual([
      { type: 'go', milestone: '2022', tourStop: 2 },
      { type: 'go', milestone: '2022', tourStop: 3 },
    ]);
    expect(effects.filter((e) => e.type === 'countdown')).toHaveLength(2);
    expect(s.tourStop).toBe(3);
  });

  it('a newer goto replaces a running countdown; old or repeated commands are ignored', () => {
    const { s, effects } = run([
      ...joined(),
      [1000, { type: 'message', message: goto(2, '2022') }],
      [2000, { type: 'message', message: goto(3, '2023-2024', 0, 3000, 4) }],
      [2100, { type: 'message', message: goto(3, '2023-2024') }],
      [2200, { type: 'message', message: goto(1, '2020-2021') }],
      [4000, { type: 'tick' }],
      [5000, { type: 'tick' }],
    ]);
    expect(effects.slice(3)).toEqual([
      { type: 'countdown', milestone: '2022', tourStop: null, at: 4000 },
      { type: 'countdown', milestone: '2023-2024', tourStop: 4, at: 5000 },
      { type: 'go', milestone: '2023-2024', tourStop: 4 },
      { type: 'send', message: { type: 'position', milestone: '2023-2024', following: true } },
    ]);
    expect(s.goto?.command.rev).toBe(3);
  });

  it('a late joiner goes straight to the current milestone, or counts down what is left (server clock)', () => {
    const past = run(joined(0, state(goto(4, '2026-onward', 10_000), tour(5, 'start', 10_000), 60_000)));
    expect(past.effects.slice(2)).toEqual([
      { type: 'go', milestone: '2026-onward', tourStop: null },
      { type: 'tour', cmd: { type: 'tour', action: 'start', tourId: 'highlights' }, at: 20 },
      { type: 'send', message: { type: 'position', milestone: '2026-onward', following: true } },
    ]);
    // Issued 1 s ago on the server's clock with a 3 s countdown: 2 s left, on our clock from receipt (t = 20).
    const midway = run(joined(0, state(goto(4, '2022', 59_000), null, 60_000)));
    expect(midway.effects[2]).toEqual({ type: 'countdown', milestone: '2022', tourStop: null, at: 2020 });
  });

  it('exploring: commands are remembered, not obeyed; rejoining goes to the guide', () => {
    const { s, effects } = run([
      ...joined(),
      [1000, { type: 'message', message: goto(1, '2022') }],
      [1500, { type: 'opt-out' }],
      [4000, { type: 'tick' }],
      [5000, { type: 'message', message: goto(2, '2023-2024') }],
      [6000, { type: 'moved', milestone: '2020-2021' }],
      [9000, { type: 'rejoin' }],
    ]);
    expect(effects.slice(3)).toEqual([
      { type: 'countdown', milestone: '2022', tourStop: null, at: 4000 },
      { type: 'cancel-countdown' },
      { type: 'send', message: { type: 'position', milestone: null, following: false } },
      { type: 'send', message: { type: 'position', milestone: '2020-2021', following: false } },
      { type: 'go', milestone: '2023-2024', tourStop: null },
      { type: 'send', message: { type: 'position', milestone: '2023-2024', following: true } },
    ]);
    expect(s.status).toBe('following');
  });

  it('rejoining during a countdown joins the countdown', () => {
    const { effects } = run([
      ...joined(),
      [1000, { type: 'opt-out' }],
      [2000, { type: 'message', message: goto(1, '2022') }],
      [3000, { type: 'rejoin' }],
    ]);
    expect(effects.at(-2)).toEqual({ type: 'countdown', milestone: '2022', tourStop: null, at: 5000 });
  });

  it('offline: reconnects with backoff, keeps the choice to explore, resumes with the room state', () => {
    const { s, log } = run([
      ...joined(),
      [1000, { type: 'opt-out' }],
      [2000, { type: 'socket-closed' }],
      [2250, { type: 'socket-closed' }], // the reconnect failed
      [2750, { type: 'socket-closed' }],
      [3750, { type: 'socket-opened' }],
      [3760, { type: 'message', message: state(goto(7, '2022', 0), null, 100_000) }],
    ]);
    const connects = log.filter(([, e]) => e.type === 'connect').slice(1);
    expect(connects).toEqual([
      [2000, { type: 'connect', at: 2250, attempt: 0 }],
      [2250, { type: 'connect', at: 2750, attempt: 1 }],
      [2750, { type: 'connect', at: 3750, attempt: 2 }],
    ]);
    expect(s.status).toBe('exploring');
    expect(s.attempt).toBe(0);
    expect(log.at(-1)).toEqual([3760, { type: 'send', message: { type: 'position', milestone: null, following: false } }]);
    // While offline the state says so.
    expect(run([...joined(), [2000, { type: 'socket-closed' }]]).s.status).toBe('offline');
  });

  it('a countdown received before the connection dropped still ends in the move', () => {
    const { effects } = run([
      ...joined(),
      [1000, { type: 'message', message: goto(1, '2022') }],
      [2000, { type: 'socket-closed' }],
      [4000, { type: 'tick' }],
    ]);
    expect(effects).toContainEqual({ type: 'go', milestone: '2022', tourStop: null });
    // …but reporting waits for the next session.
    expect(effects.at(-1)).toEqual({ type: 'go', milestone: '2022', tourStop: null });
  });

  it('does not repeat an unchanged position', () => {
    const { effects } = run([
      ...joined(),
      [100, { type: 'moved', milestone: null }],
      [200, { type: 'moved', milestone: '2022' }],
      [300, { type: 'moved', milestone: '2022' }],
    ]);
    expect(effects.filter((e) => e.type === 'send' && e.message.type === 'position')).toHaveLength(2);
  });

  it('never mutates the state it is given', () => {
    const s0 = initialFollowState('iamm', 'visitor-0001');
    const copy = structuredClone(s0);
    followStep(s0, { type: 'socket-opened' }, 5);
    expect(s0).toEqual(copy);
  });

  it('backoff schedule: 250 ms doubling to 15 s, with bounded jitter', () => {
    expect(Array.from({ length: 9 }, (_, i) => reconnectDelay(i))).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(reconnectDelay(3, 0)).toBe(1500);
    expect(reconnectDelay(3, 0.999)).toBeLessThan(2500);
    expect(reconnectDelay(1000, 1)).toBe(18750);
    expect(reconnectDelay(-1)).toBe(250);
  });
});
