// Days of visits on a fake clock (scripts/soak-week.ts; `npm run soak -- --days 7` runs a week): the kiosk machine
// always comes back to its attract loop, leaves no timer behind overnight, and the log holds what the retention says.
import { describe, expect, it } from 'vitest';
import { FakeClock, simulateWeek } from '../../scripts/soak-week.ts';

describe('the kiosk over days (fake clock)', () => {
  it('three days, 120 visitors a day, a 2-day retention: no drift, no timer left, the log as the retention says', async () => {
    const r = await simulateWeek({ days: 3, visitsPerDay: 120, retention: { days: 2 }, seed: 7 });
    expect(r.driftedResets).toBe(0);
    expect(r.totalVisits).toBeGreaterThan(100);
    for (const d of r.days) {
      expect(d.resets).toBe(d.visits);
      expect(d.pendingTimersAtNight).toBe(0);
      expect(d.phaseAtNight).toBe('attract');
      expect(d.logRecords).toBe(d.expectedRecords);
    }
    // By day 3 the first day's visits have gone.
    const [d1, d2, d3] = r.days;
    expect(d3!.logRecords).toBeLessThan(d1!.visits + d2!.visits + d3!.visits);
  });

  it('a records limit holds the log at that size', async () => {
    const r = await simulateWeek({ days: 3, visitsPerDay: 200, retention: { records: 100 }, seed: 3 });
    // Day 1 alone has fewer visits than the limit; from then on the log stays at it.
    expect(r.days[0]!.logRecords).toBe(Math.min(100, r.days[0]!.visits));
    expect(r.days.slice(1).map((d) => d.logRecords)).toEqual([100, 100]);
  });

  it('the fake clock runs timers in order and only when due', () => {
    const c = new FakeClock(0);
    const seen: number[] = [];
    c.setTimeout(() => seen.push(2), 20);
    const h = c.setTimeout(() => seen.push(9), 15);
    c.setTimeout(() => seen.push(1), 10);
    c.clearTimeout(h);
    c.advance(12);
    expect(seen).toEqual([1]);
    c.advance(100);
    expect(seen).toEqual([1, 2]);
    expect(c.pending).toBe(0);
  });
});
