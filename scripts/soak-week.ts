// A week in an hour (or in seconds): the kiosk's pure machines — the kiosk machine on its driver, the visit recorder,
// the visit log's store (IndexedDB, here fake-indexeddb) and its retention — run through simulated days of visits on
// a fake clock. No browser: the machines take time as an argument, so seven days take seconds.
//   npm run soak -- --days 7 [--visits-per-day 300] [--retention-days 3] [--retention-records 1000]
// Shows: no state drift (after every reset the machine is back in its attract loop with nothing pending), no timer
// left behind (none pending at night), the log's size as the retention says, each day. Writes bench/soak-week.json.
import 'fake-indexeddb/auto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IDBFactory } from 'fake-indexeddb';
import { KioskDriver, type KioskEffect, type KioskTimers } from '../src/features/kiosk/machine.ts';
import { expiredVisits, VisitRecorder, type Retention, type Visit } from '../src/features/kiosk/visitLog.ts';
import { VisitStore } from '../src/features/kiosk/visitStore.ts';

/** Timers on a simulated clock: a queue of deadlines, run in order as the clock is moved on. */
export class FakeClock implements KioskTimers {
  private t: number;
  private seq = 0;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();
  constructor(startMs: number) {
    this.t = startMs;
  }
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.seq;
    this.queue.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue.delete(handle as number);
  }
  get pending(): number {
    return this.queue.size;
  }
  /** Moves the clock to `to`, running every timer that falls due on the way, in order. */
  advance(to: number): void {
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.queue) if (e[1].at <= to && (next === null || e[1].at < next[1].at)) next = e;
      if (next === null) break;
      this.queue.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = Math.max(this.t, to);
  }
}

export interface WeekOptions {
  days: number;
  /** Visitors who come by each day; one who finds the booth busy walks on. */
  visitsPerDay: number;
  retention?: Retention;
  idleSeconds?: number;
  seed?: number;
}

export interface WeekDay {
  day: number;
  visits: number;
  resets: number;
  /** Records in the log at the end of the day, and what the retention allows. */
  logRecords: number;
  expectedRecords: number;
  pendingTimersAtNight: number;
  phaseAtNight: string;
}

export interface WeekResult {
  days: WeekDay[];
  totalVisits: number;
  /** Resets after which the machine was not back in attract with its visit closed. */
  driftedResets: number;
  wallMs: number;
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
const OPEN_H = 9;
const CLOSE_H = 18;
const IDS = ['2020-2021', '2022', '2023-2024', '2025', '2026-onward'];
const LANGS = ['zh', 'en', 'both'] as const;

export async function simulateWeek(o: WeekOptions): Promise<WeekResult> {
  const started = Date.now();
  const random = prng(o.seed ?? 1);
  const idleMs = (o.idleSeconds ?? 90) * 1000;
  const start = Date.UTC(2026, 11, 7, 0, 0, 0);
  const clock = new FakeClock(start);
  const db = await VisitStore.open(new IDBFactory(), `soak-week-${o.seed ?? 1}`);
  let rec: VisitRecorder | null = null;
  let resets = 0;
  let drifted = 0;
  const writes: Array<Promise<void>> = [];
  const all: Visit[] = [];
  let visitCount = 0;
  const driver = new KioskDriver({ idleMs, fadeMs: 1000 }, clock, (e: KioskEffect) => {
    if (e.type === 'visitStarted') {
      visitCount++;
      rec = new VisitRecorder(`v${visitCount}`, clock.now(), clock.now(), { focusedId: null, language: 'both', tourId: null });
    } else if (e.type === 'visitEnded' && rec) {
      const v = rec.end(clock.now(), clock.now(), 'idle');
      all.push(v);
      writes.push(db.put(v));
      rec = null;
    } else if (e.type === 'reset') {
      resets++;
    }
  });
  driver.start();
  const days: WeekDay[] = [];
  for (let day = 0; day < o.days; day++) {
    const dayStart = start + day * DAY_MS;
    const resetsBefore = resets;
    const visitsBefore = visitCount;
    // Arrivals spread over opening hours; each visitor looks at a few milestones, maybe switches language, leaves.
    const arrivals = Array.from({ length: o.visitsPerDay }, () => dayStart + (OPEN_H + random() * (CLOSE_H - OPEN_H)) * 3_600_000).sort(
      (a, b) => a - b,
    );
    for (const at of arrivals) {
      if (at < clock.now()) continue; // still the previous visitor's turn: this one walks on
      clock.advance(at);
      driver.input();
      const steps = 1 + Math.floor(random() * 6);
      for (let i = 0; i < steps; i++) {
        clock.advance(clock.now() + 2_000 + random() * 40_000);
        driver.input();
        const language = LANGS[Math.floor(random() * LANGS.length)] ?? 'both';
        (rec as VisitRecorder | null)?.observe(clock.now(), clock.now(), {
          focusedId: IDS[i % IDS.length] ?? null,
          language,
          tourId: null,
        });
      }
      // The visitor walks away: the idle reset follows.
      const resetsNow = resets;
      clock.advance(clock.now() + idleMs + 5_000);
      if (resets !== resetsNow + 1 || driver.state.phase !== 'attract' || rec !== null) drifted++;
    }
    await Promise.all(writes.splice(0));
    // At the kiosk's pace (after visits, at most every 10 minutes) the log is pruned; here once at closing time.
    const prunedAt = clock.now();
    await db.prune(o.retention, prunedAt);
    const logRecords = await db.count();
    const expectedRecords = all.length - expiredVisits(all, o.retention, prunedAt).length;
    clock.advance(dayStart + DAY_MS - 1);
    days.push({
      day: day + 1,
      visits: visitCount - visitsBefore,
      resets: resets - resetsBefore,
      logRecords,
      expectedRecords,
      pendingTimersAtNight: clock.pending,
      phaseAtNight: driver.state.phase,
    });
  }
  driver.dispose();
  db.close();
  return { days, totalVisits: visitCount, driftedResets: drifted, wallMs: Date.now() - started };
}

export function formatWeek(r: WeekResult): string {
  const lines = [
    '| day | visits | resets | log records | retention allows | timers pending at night | phase at night |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const d of r.days) {
    lines.push(
      `| ${d.day} | ${d.visits} | ${d.resets} | ${d.logRecords} | ${d.expectedRecords} | ${d.pendingTimersAtNight} | ${d.phaseAtNight} |`,
    );
  }
  lines.push('', `${r.totalVisits} visits, ${r.driftedResets} resets that drifted, ${(r.wallMs / 1000).toFixed(1)} s of real time`);
  return lines.join('\n');
}

function arg(argv: readonly string[], name: string): number | undefined {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : undefined;
}

/** The command line (`npm run soak -- --days 7 …`): prints the table, writes bench/soak-week.json; 0 when it held. */
export async function main(argv: readonly string[]): Promise<number> {
  const retention: Retention = { days: arg(argv, 'retention-days'), records: arg(argv, 'retention-records') };
  const result = await simulateWeek({
    days: Math.max(1, Math.min(60, arg(argv, 'days') ?? 7)),
    visitsPerDay: Math.max(1, Math.min(2_000, arg(argv, 'visits-per-day') ?? 300)),
    retention: retention.days === undefined && retention.records === undefined ? { days: 3 } : retention,
  });
  console.log(formatWeek(result));
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'soak-week.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  const held = result.driftedResets === 0 && result.days.every((d) => d.pendingTimersAtNight === 0 && d.logRecords === d.expectedRecords);
  return held ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
