// The operator page's PIN check, on the device: after `tries` wrong PINs in a row it locks for `lockoutMs`.
// Pure: the caller keeps the state (localStorage, so a reload does not reset the count) and passes the time.
export interface PinState {
  /** Wrong PINs in a row since the last success or lockout. */
  fails: number;
  /** Wall-clock ms until which every attempt is refused; 0: not locked. */
  lockedUntil: number;
}

export interface PinRules {
  pin: string;
  tries: number;
  lockoutMs: number;
}

export type PinResult = { outcome: 'ok' | 'wrong' | 'locked'; state: PinState };

export const NO_FAILS: PinState = { fails: 0, lockedUntil: 0 };

/** Compares every character, so how long a check takes does not tell how much of the PIN was right. */
function samePin(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

export function checkPin(state: PinState, entered: string, rules: PinRules, now: number): PinResult {
  if (now < state.lockedUntil) return { outcome: 'locked', state };
  if (samePin(entered.trim(), rules.pin)) return { outcome: 'ok', state: NO_FAILS };
  const fails = state.fails + 1;
  if (fails >= rules.tries) return { outcome: 'locked', state: { fails: 0, lockedUntil: now + rules.lockoutMs } };
  return { outcome: 'wrong', state: { fails, lockedUntil: 0 } };
}

/** Reads a stored PinState; anything malformed counts as no failures. */
export function parsePinState(raw: string | null): PinState {
  try {
    const v: unknown = JSON.parse(raw ?? 'null');
    if (v && typeof v === 'object') {
      const { fails, lockedUntil } = v as Record<string, unknown>;
      if (Number.isInteger(fails) && (fails as number) >= 0 && typeof lockedUntil === 'number' && Number.isFinite(lockedUntil)) {
        return { fails: fails as number, lockedUntil };
      }
    }
  } catch {
    // fall through
  }
  return NO_FAILS;
}
