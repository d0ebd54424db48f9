// The kiosk's visit log: what one visit looked at, for how long, in which language, with which tour. Pure: no
// IndexedDB (visitStore.ts keeps the records), no DOM. No personal data: no name, no address, no device id, no
// free text; a visit's id is random and links to nothing but itself.
import type { Language } from '../../content/schema.ts';

export type VisitEnd = 'idle' | 'reload' | 'open';

export interface Visit {
  /** Random, to tell records apart; not derived from anything about the visitor or the device. */
  id: string;
  /** ISO 8601 wall-clock times. */
  startedAt: string;
  endedAt: string;
  /** idle: the kiosk reset after the idle time; reload: the page was reloaded or closed mid-visit; open: still going. */
  endedBy: VisitEnd;
  /** Milestone id → seconds it was the focused milestone (one decimal). Only milestones seen. */
  dwell: Record<string, number>;
  /** Milestones in the order first seen. */
  seen: string[];
  /** The language choices used during the visit, in order of first use. */
  languages: Language[];
  /** The tours the visitor started (ids); empty: none. The attract loop is not counted. */
  tours: string[];
}

export interface VisitObservation {
  focusedId: string | null;
  language: Language;
  /** The tour playing, or null. */
  tourId: string | null;
}

const round1 = (s: number): number => Math.round(s * 10) / 10;

/**
 * Builds one visit's record from what the app observes. `nowMs` is a monotonic clock (for dwell), `wallMs`
 * the wall clock (for the record's times).
 */
export class VisitRecorder {
  private visit: Visit;
  private focus: string | null;
  private sinceMs: number;
  /** Unrounded dwell, so many short updates do not lose time to rounding. */
  private readonly exact = new Map<string, number>();

  constructor(id: string, nowMs: number, wallMs: number, at: VisitObservation) {
    const iso = new Date(wallMs).toISOString();
    this.visit = { id, startedAt: iso, endedAt: iso, endedBy: 'open', dwell: {}, seen: [], languages: [], tours: [] };
    this.focus = null;
    this.sinceMs = nowMs;
    this.observe(nowMs, wallMs, at);
  }

  /** Accounts time up to `nowMs` to the milestone in focus until now, then notes what is shown from now on. */
  observe(nowMs: number, wallMs: number, at: VisitObservation): Visit {
    this.accrue(nowMs, wallMs);
    const v = this.visit;
    if (at.focusedId !== null && !v.seen.includes(at.focusedId)) {
      v.seen = [...v.seen, at.focusedId];
      this.exact.set(at.focusedId, this.exact.get(at.focusedId) ?? 0);
    }
    if (!v.languages.includes(at.language)) v.languages = [...v.languages, at.language];
    if (at.tourId !== null && !v.tours.includes(at.tourId)) v.tours = [...v.tours, at.tourId];
    this.focus = at.focusedId;
    return this.snapshot();
  }

  /** The record as it stands (endedBy 'open'), to write down as the visit goes on. */
  touch(nowMs: number, wallMs: number): Visit {
    this.accrue(nowMs, wallMs);
    return this.snapshot();
  }

  end(nowMs: number, wallMs: number, reason: 'idle' | 'reload'): Visit {
    this.accrue(nowMs, wallMs);
    this.visit = { ...this.visit, endedBy: reason };
    return this.snapshot();
  }

  private accrue(nowMs: number, wallMs: number): void {
    const dt = Math.max(0, nowMs - this.sinceMs) / 1000;
    this.sinceMs = Math.max(this.sinceMs, nowMs);
    if (this.focus !== null) this.exact.set(this.focus, (this.exact.get(this.focus) ?? 0) + dt);
    const iso = new Date(wallMs).toISOString();
    if (iso > this.visit.endedAt) this.visit = { ...this.visit, endedAt: iso };
  }

  private snapshot(): Visit {
    const dwell: Record<string, number> = {};
    for (const id of this.visit.seen) dwell[id] = round1(this.exact.get(id) ?? 0);
    return { ...this.visit, dwell, seen: [...this.visit.seen], languages: [...this.visit.languages], tours: [...this.visit.tours] };
  }
}

/** A random visit id (not derived from anything): 16 hex digits. */
export function newVisitId(random: (n: number) => Uint8Array): string {
  return Array.from(random(8), (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------------------------
// Reading the log: the operator page's figures and the CSV export

export interface MilestoneFigures {
  id: string;
  /** Visits that saw the milestone. */
  visits: number;
  totalSeconds: number;
  /** Mean seconds over the visits that saw it (0 when none did). */
  meanSeconds: number;
}

export interface LogSummary {
  visits: number;
  milestones: MilestoneFigures[];
  /** Language → visits that used it. */
  languages: Array<{ language: string; visits: number }>;
  /** Tour id → visits that used it; "" stands for visits with no tour. */
  tours: Array<{ tour: string; visits: number }>;
}

function countBy(keys: string[][]): Array<{ key: string; n: number }> {
  const m = new Map<string, number>();
  for (const ks of keys) for (const k of new Set(ks)) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].map(([key, n]) => ({ key, n })).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
}

/** Figures per milestone, in the order of `milestoneIds` (unknown ids in old records come last). */
export function summarize(visits: readonly Visit[], milestoneIds: readonly string[]): LogSummary {
  // One pass over the log (it may hold tens of thousands of visits).
  const acc = new Map<string, { visits: number; seconds: number }>(milestoneIds.map((id) => [id, { visits: 0, seconds: 0 }]));
  for (const v of visits) {
    for (const id in v.dwell) {
      let a = acc.get(id);
      if (!a) acc.set(id, (a = { visits: 0, seconds: 0 }));
      a.visits++;
      a.seconds += v.dwell[id] ?? 0;
    }
  }
  const milestones = [...acc].map(([id, a]) => {
    const total = round1(a.seconds);
    return { id, visits: a.visits, totalSeconds: total, meanSeconds: a.visits ? round1(total / a.visits) : 0 };
  });
  return {
    visits: visits.length,
    milestones,
    languages: countBy(visits.map((v) => v.languages)).map(({ key, n }) => ({ language: key, visits: n })),
    tours: countBy(visits.map((v) => (v.tours.length ? v.tours : ['']))).map(({ key, n }) => ({ tour: key, visits: n })),
  };
}

/** One CSV field, quoted as RFC 4180 says when it holds a comma, a quote, CR or LF (quotes doubled). */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'visit',
  'started_at',
  'ended_at',
  'ended_by',
  'languages',
  'tours',
  'milestone',
  'milestone_title_zh',
  'milestone_title_en',
  'dwell_seconds',
] as const;

/**
 * The log as CSV: one row per visit and milestone seen (a visit that saw none has one row with an empty
 * milestone), RFC 4180 (CRLF line ends, quoted fields), with a UTF-8 byte order mark so spreadsheet programs
 * read the Chinese titles correctly.
 */
export function visitsToCsv(
  visits: readonly Visit[],
  titles: (id: string) => { zh?: string | undefined; en?: string | undefined } | undefined,
): string {
  return [...visitsToCsvParts(visits, titles)].join('');
}

/**
 * The same CSV in parts of at most `rowsPerPart` rows, produced as they are asked for: a log of 50,000 visits becomes
 * a Blob of parts instead of one string of tens of megabytes.
 */
export function* visitsToCsvParts(
  visits: readonly Visit[],
  titles: (id: string) => { zh?: string | undefined; en?: string | undefined } | undefined,
  rowsPerPart = 2_000,
): Generator<string> {
  let rows: string[] = [`\uFEFF${CSV_COLUMNS.map(csvField).join(',')}`];
  const line = (r: readonly string[]): void => {
    rows.push(r.map(csvField).join(','));
  };
  for (const v of visits) {
    const head = [v.id, v.startedAt, v.endedAt, v.endedBy, v.languages.join(' '), v.tours.join(' ') || 'none'];
    if (v.seen.length === 0) line([...head, '', '', '', '0']);
    for (const id of v.seen) {
      const t = titles(id);
      line([...head, id, t?.zh ?? '', t?.en ?? '', String(v.dwell[id] ?? 0)]);
    }
    if (rows.length >= rowsPerPart) {
      yield `${rows.join('\r\n')}\r\n`;
      rows = [];
    }
  }
  if (rows.length > 0) yield `${rows.join('\r\n')}\r\n`;
}

/** Whether `value` looks like a Visit record (records from IndexedDB are checked before use). */
export function isVisit(value: unknown): value is Visit {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const strings = (a: unknown): boolean => Array.isArray(a) && a.every((x) => typeof x === 'string');
  return (
    typeof v.id === 'string' &&
    typeof v.startedAt === 'string' &&
    typeof v.endedAt === 'string' &&
    (v.endedBy === 'idle' || v.endedBy === 'reload' || v.endedBy === 'open') &&
    v.dwell !== null &&
    typeof v.dwell === 'object' &&
    Object.values(v.dwell as object).every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    strings(v.seen) &&
    strings(v.languages) &&
    strings(v.tours)
  );
}

// ---------------------------------------------------------------------------------------------
// Retention: how long the log keeps visits (scenes/exhibit.yaml, kiosk.retention)

export interface Retention {
  /** Visits that ended more than this many days ago are deleted. */
  days?: number | undefined;
  /** Only the newest this many visits are kept. */
  records?: number | undefined;
}

const DAY_MS = 86_400_000;

/**
 * The ids of the visits `retention` no longer keeps, at `nowMs` (wall clock): those that ended more than `days` ago,
 * and all but the newest `records` (newest by start). A visit still going on is always kept. Without a setting: none.
 */
export function expiredVisits(visits: readonly Visit[], retention: Retention | undefined, nowMs: number): string[] {
  if (!retention || (retention.days === undefined && retention.records === undefined)) return [];
  const expired = new Set<string>();
  if (retention.days !== undefined) {
    const cutoff = new Date(nowMs - retention.days * DAY_MS).toISOString();
    for (const v of visits) if (v.endedBy !== 'open' && v.endedAt < cutoff) expired.add(v.id);
  }
  if (retention.records !== undefined && visits.length > retention.records) {
    const newestFirst = [...visits].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
    for (const v of newestFirst.slice(retention.records)) if (v.endedBy !== 'open') expired.add(v.id);
  }
  return [...expired];
}
