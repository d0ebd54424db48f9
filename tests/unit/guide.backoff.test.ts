// The guide login backoff and the refusal log, with time passed in.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_BACKOFF } from '../../server/guide/hub.ts';
import { LoginBackoff, RefusalLog } from '../../server/guide/rate.ts';

describe('login backoff', () => {
  it('costs nothing for a few typos, then doubles up to its maximum, and is forgotten over time', () => {
    const b = new LoginBackoff(DEFAULT_LOGIN_BACKOFF.address);
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      delays.push(b.delay('127.0.0.2', 0));
      b.fail('127.0.0.2', 0);
    }
    expect(delays).toEqual([0, 0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    // 40 wrong secrets from one address: the next login (the real guide's, say) waits 10 s at most, never refused.
    for (let i = 0; i < 28; i++) b.fail('127.0.0.2', 0);
    expect(b.delay('127.0.0.2', 0)).toBe(10_000);
    expect(b.delay('127.0.0.3', 0)).toBe(0);
    // Ten quiet minutes later it is gone.
    expect(b.delay('127.0.0.2', 10 * 60_000)).toBe(0);
  });

  it('keeps a bounded number of keys', () => {
    const b = new LoginBackoff({ free: 0, baseMs: 10, maxMs: 10, halfLifeMs: 1000, maxKeys: 3 });
    for (let i = 0; i < 10; i++) b.fail(`10.0.0.${i}`, i);
    expect(b.delay('10.0.0.9', 10)).toBe(10);
    expect(b.delay('10.0.0.0', 10)).toBe(0);
  });

  it('refuses nonsense options', () => {
    expect(() => new LoginBackoff({ free: 1, baseMs: 10, maxMs: 5, halfLifeMs: 1 })).toThrow(/baseMs/);
  });

  it('makes guessing a generated 12-character secret hopeless', () => {
    // Every login is answered only after the delay, and each waiting login holds a socket: at most maxClients (5000)
    // of them per server, so at most 5000 / 10 s = 500 guesses a second once the room's backoff is at its maximum
    // (it is from about 0.3 failures a second on). The secret: 12 of 31 characters.
    const guessesPerSecond = 5000 / (DEFAULT_LOGIN_BACKOFF.room.maxMs / 1000);
    const years = 31 ** 12 / 2 / guessesPerSecond / (365.25 * 24 * 3600);
    expect(guessesPerSecond).toBe(500);
    expect(years).toBeGreaterThan(20e6);
  });
});

describe('refusal log', () => {
  it('writes a few timestamped lines per address and window, then one summary', () => {
    const lines: string[] = [];
    const log = new RefusalLog((l) => lines.push(l), { perWindow: 3, windowMs: 10_000 });
    for (let i = 0; i < 500; i++) log.refuse('127.0.0.2', `[guide] refused #${i}`, 1_700_000_000_000 + i);
    log.refuse('127.0.0.3', '[guide] refused other', 1_700_000_000_000);
    expect(lines).toHaveLength(4);
    log.flush(1_700_000_010_500);
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toMatch(
      /^2023-11-14T22:13:30\.500Z \[guide\] 497 more refusal\(s\) from 127\.0\.0\.2 in the last 10 s were not logged$/,
    );
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /);
  });
});
