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
