// Token buckets with an injected clock (pure: callers pass `now` in ms).

export interface BucketOptions {
  /** Tokens added per second. */
  ratePerSec: number;
  /** Largest number of tokens held (the burst). */
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly options: BucketOptions,
    now: number,
  ) {
    this.tokens = options.burst;
    this.last = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens available at `now` (fractional). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.options.burst, this.tokens + elapsed * this.options.ratePerSec);
  }
}

export type RateVerdict = 'ok' | 'drop' | 'disconnect';

/**
 * A client's message budget: `limit` admits messages; every message it refuses takes a token from `patience`;
 * once patience runs out the client is flooding and should be disconnected.
 * With the defaults a client may send 20 msg/s with bursts of 40; a client that keeps sending well over that
 * (about 40 refused messages without slowing down) is cut off.
 */
export class RateLimiter {
  private readonly limit: TokenBucket;
  private readonly patience: TokenBucket;

  constructor(now: number, limit: BucketOptions = { ratePerSec: 20, burst: 40 }, patience: BucketOptions = { ratePerSec: 4, burst: 40 }) {
    this.limit = new TokenBucket(limit, now);
    this.patience = new TokenBucket(patience, now);
  }

  check(now: number): RateVerdict {
    if (this.limit.take(now)) return 'ok';
    return this.patience.take(now) ? 'drop' : 'disconnect';
  }
}

export interface BackoffOptions {
  /** Failures that cost nothing (typos). */
  free: number;
  /** Delay after the first failure beyond `free` (ms); it doubles with each further one. */
  baseMs: number;
  /** Longest delay (ms). */
  maxMs: number;
  /** Failures are forgotten gradually: the count halves after this long (ms). */
  halfLifeMs: number;
  /** Keys kept at most (addresses or rooms); the quietest are forgotten beyond. */
  maxKeys?: number;
}

/**
 * Failed guide logins per key (a remote address, a room): a decaying count of failures, and from it the delay before
 * the next login for that key is answered (right or wrong: a verdict given sooner would tell a guesser to move on).
 * Nothing is ever refused: the delay is at most `maxMs`, so the real guide waits that long at worst.
 */
export class LoginBackoff {
  private readonly counts = new Map<string, { n: number; at: number }>();

  constructor(private readonly options: BackoffOptions) {
    if (!(options.baseMs >= 0 && options.maxMs >= options.baseMs && options.halfLifeMs > 0 && options.free >= 0)) {
      throw new Error('LoginBackoff: need free ≥ 0, 0 ≤ baseMs ≤ maxMs and halfLifeMs > 0');
    }
  }

  /** The decayed failure count of `key` at `now`. */
  failures(key: string, now: number): number {
    const c = this.counts.get(key);
    if (!c) return 0;
    return c.n * 0.5 ** (Math.max(0, now - c.at) / this.options.halfLifeMs);
  }

  /** How long a login for `key` waits at `now` (ms). */
  delay(key: string, now: number): number {
    const over = this.failures(key, now) - this.options.free;
    if (over <= 0) return 0;
    return Math.min(this.options.maxMs, this.options.baseMs * 2 ** Math.max(0, Math.ceil(over) - 1));
  }

  fail(key: string, now: number): void {
    const n = this.failures(key, now) + 1;
    this.counts.delete(key);
    this.counts.set(key, { n, at: now });
    const max = this.options.maxKeys ?? 10_000;
    // Map order is last-failure order: the first keys are the longest quiet.
    for (const k of this.counts.keys()) {
      if (this.counts.size <= max) break;
      this.counts.delete(k);
    }
  }
}

/**
 * Log lines about refusals, throttled per remote address: at most `perWindow` lines per address in each window,
 * then one line saying how many more were left out. Every line starts with an ISO timestamp.
 */
export class RefusalLog {
  private readonly seen = new Map<string, { start: number; lines: number; suppressed: number }>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly options: { perWindow: number; windowMs: number } = { perWindow: 5, windowMs: 10_000 },
  ) {}

  /** Logs `text` about `address` unless that address already had its lines in this window. */
  refuse(address: string, text: string, now: number): void {
    let s = this.seen.get(address);
    if (s && now - s.start >= this.options.windowMs) {
      this.summary(address, s, now);
      s = undefined;
    }
    if (!s) {
      if (this.seen.size >= 10_000) this.flush(now, true);
      s = { start: now, lines: 0, suppressed: 0 };
      this.seen.set(address, s);
    }
    if (s.lines < this.options.perWindow) {
      s.lines++;
      this.write(`${stamp(now)} ${text}`);
    } else s.suppressed++;
  }

  /** Writes the summaries of windows that have ended (all of them with `all`) and forgets those addresses. */
  flush(now: number, all = false): void {
    for (const [address, s] of this.seen) {
      if (all || now - s.start >= this.options.windowMs) {
        this.summary(address, s, now);
        this.seen.delete(address);
      }
    }
  }

  private summary(address: string, s: { suppressed: number }, now: number): void {
    if (s.suppressed > 0) {
      this.write(
        `${stamp(now)} [guide] ${s.suppressed} more refusal(s) from ${address} in the last ${Math.round(this.options.windowMs / 1000)} s were not logged`,
      );
    }
  }
}

/** An ISO timestamp for log lines (`now` in ms since the epoch). */
export function stamp(now: number): string {
  return new Date(now).toISOString();
}
