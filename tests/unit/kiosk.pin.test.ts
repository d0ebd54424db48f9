import { describe, expect, it } from 'vitest';
import { NO_FAILS, checkPin, parsePinState } from '../../src/features/kiosk/pin.ts';

const rules = { pin: '2468', tries: 3, lockoutMs: 60_000 };

describe('operator PIN', () => {
  it('the right PIN opens; a wrong one does not', () => {
    expect(checkPin(NO_FAILS, '2468', rules, 0).outcome).toBe('ok');
    expect(checkPin(NO_FAILS, ' 2468 ', rules, 0).outcome).toBe('ok');
    expect(checkPin(NO_FAILS, '2469', rules, 0)).toEqual({ outcome: 'wrong', state: { fails: 1, lockedUntil: 0 } });
    expect(checkPin(NO_FAILS, '24680', rules, 0).outcome).toBe('wrong');
    expect(checkPin(NO_FAILS, '', rules, 0).outcome).toBe('wrong');
  });

  it('locks after the allowed wrong tries, refuses even the right PIN while locked, then lets it in', () => {
    let s = NO_FAILS;
    s = checkPin(s, '1', rules, 0).state;
    s = checkPin(s, '2', rules, 0).state;
    const third = checkPin(s, '3', rules, 1_000);
    expect(third.outcome).toBe('locked');
    expect(third.state.lockedUntil).toBe(61_000);
    expect(checkPin(third.state, '2468', rules, 60_999).outcome).toBe('locked');
    expect(checkPin(third.state, '2468', rules, 61_000)).toEqual({ outcome: 'ok', state: NO_FAILS });
  });

  it('a success clears the count', () => {
    const s = checkPin(checkPin(NO_FAILS, '1', rules, 0).state, '1', rules, 0).state;
    expect(s.fails).toBe(2);
    expect(checkPin(s, '2468', rules, 0).state).toEqual(NO_FAILS);
  });

  it('reads a stored state, treating anything malformed as no failures', () => {
    expect(parsePinState('{"fails":2,"lockedUntil":5}')).toEqual({ fails: 2, lockedUntil: 5 });
    expect(parsePinState(null)).toEqual(NO_FAILS);
    expect(parsePinState('{"fails":"x"}')).toEqual(NO_FAILS);
    expect(parsePinState('not json')).toEqual(NO_FAILS);
  });
});
