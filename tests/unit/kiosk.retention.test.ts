// A booth that runs for weeks: the visit log keeps what scenes/exhibit.yaml's kiosk.retention says, the CSV is made
// in parts, and the browser is asked to keep the data.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { requestPersistence, storageFigures } from '../../src/features/kiosk/persist.ts';
import { expiredVisits, visitsToCsv, visitsToCsvParts, type Visit } from '../../src/features/kiosk/visitLog.ts';
import { VisitStore } from '../../src/features/kiosk/visitStore.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

function visit(id: string, daysAgo: number, endedBy: Visit['endedBy'] = 'idle'): Visit {
  const at = new Date(NOW - daysAgo * DAY).toISOString();
  return { id, startedAt: at, endedAt: at, endedBy, dwell: { '2022': 3 }, seen: ['2022'], languages: ['both'], tours: [] };
}

describe('visit log retention', () => {
  const log = [visit('a', 40), visit('b', 20), visit('c', 5), visit('d', 1), visit('open', 90, 'open')];

  it('keeps everything without a setting', () => {
    expect(expiredVisits(log, undefined, NOW)).toEqual([]);
    expect(expiredVisits(log, {}, NOW)).toEqual([]);
  });

  it('days: deletes visits that ended longer ago, never one still going on', () => {
    expect(expiredVisits(log, { days: 30 }, NOW)).toEqual(['a']);
    expect(expiredVisits(log, { days: 3 }, NOW).sort()).toEqual(['a', 'b', 'c']);
  });

  it('records: keeps only the newest that many (and a visit still going on, however old)', () => {
    expect(expiredVisits(log, { records: 3 }, NOW)).toEqual(['a']);
    expect(expiredVisits(log, { records: 2 }, NOW).sort()).toEqual(['a', 'b']);
  });

  it('both: whichever deletes more', () => {
    expect(expiredVisits(log, { days: 10, records: 4 }, NOW).sort()).toEqual(['a', 'b']);
  });

  it('the store prunes to the setting and counts what is left', async () => {
    const db = await VisitStore.open(new IDBFactory());
    for (const v of log) await db.put(v);
    expect(await db.prune({ days: 10 }, NOW)).toBe(2);
    expect(await db.count()).toBe(3);
    expect((await db.all()).map((v) => v.id).sort()).toEqual(['c', 'd', 'open']);
    expect(await db.prune(undefined, NOW)).toBe(0);
    db.close();
  });
});

describe('CSV export in parts', () => {
  it('the parts put together are the same CSV, with the byte order mark once and a header once', () => {
    const visits = Array.from({ length: 25 }, (_, i) => visit(`v${i}`, i));
    const titles = () => ({ zh: '标题, "引号"', en: 'Title' });
    const parts = [...visitsToCsvParts(visits, titles, 7)];
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.join('')).toBe(visitsToCsv(visits, titles));
    expect(parts.join('').match(/\uFEFF/g)).toHaveLength(1);
    expect(
      parts
        .join('')
        .split('\r\n')
        .filter((l) => l.includes('started_at')),
    ).toHaveLength(1);
  });
});

describe('persistent storage', () => {
  it('asks once and reports the answer; where it cannot be asked, null', async () => {
    let asked = 0;
    expect(await requestPersistence({ persisted: async () => false, persist: async () => (asked++, true) })).toBe(true);
    expect(asked).toBe(1);
    expect(await requestPersistence({ persisted: async () => true, persist: async () => (asked++, true) })).toBe(true);
    expect(asked).toBe(1);
    expect(await requestPersistence(undefined)).toBeNull();
    expect(await requestPersistence({ persist: () => Promise.reject(new Error('no')) })).toBeNull();
  });

  it('figures: persisted, usage and quota, or null where the browser cannot say', async () => {
    expect(await storageFigures({ persisted: async () => true, estimate: async () => ({ usage: 2e6, quota: 1e9 }) })).toEqual({
      persisted: true,
      usage: 2e6,
      quota: 1e9,
    });
    expect(await storageFigures({})).toEqual({ persisted: null, usage: null, quota: null });
  });
});
