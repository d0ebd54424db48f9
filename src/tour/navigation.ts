// Moving between milestones and reading deep links. Pure.
import type { Milestone } from '../content/schema.ts';
import { LANGUAGES, type Language } from '../content/languages.ts';
import { ROOM_NAME } from '../guide/names.ts';

type Era = Pick<Milestone, 'id' | 'start' | 'end'>;

/** The id `delta` steps from `current` (clamped at the ends). From nowhere (the entrance), "next" is the first. */
export function stepId(ids: readonly string[], current: string | null, delta: number): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return delta > 0 ? (ids[0] ?? null) : null;
  return ids[Math.min(ids.length - 1, Math.max(0, at + delta))] ?? null;
}

/**
 * The milestone a URL hash points at: an id ("#2023-2024", "#2026-onward") or a year inside an era
 * ("#2023" opens 2023–2024, "#2030" the open-ended era). Anything else: null.
 */
export function resolveHash(hash: string, eras: readonly Era[]): string | null {
  let key = hash.replace(/^#/, '').trim();
  try {
    key = decodeURIComponent(key);
  } catch {
    return null;
  }
  if (key.length === 0 || key.length > 32) return null;
  const exact = eras.find((e) => e.id === key);
  if (exact) return exact.id;
  if (!/^\d{4}$/.test(key)) return null;
  const year = Number(key);
  const hit = eras.find((e) => year >= e.start && (e.end === null || year <= e.end));
  return hit ? hit.id : null;
}

export interface StartParams {
  language: Language | null;
  view: '2d' | '3d' | null;
  /** A tour id to start (well-formed; whether such a tour exists is checked by the caller). */
  tour: string | null;
  /** `?kiosk=1`: an unattended booth (src/kiosk). */
  kiosk: boolean;
  /**
   * `?idle=<seconds>` with `?kiosk=1`: a shorter idle time than the configured one, for trying the reset at the booth
   * and for the end-to-end tests (which cannot wait 90 s). The caller clamps it to [MIN_IDLE_OVERRIDE_S, idleSeconds].
   */
  idleSeconds: number | null;
  /** `?operator`: the kiosk's operator page (PIN, visit log) instead of the exhibit. */
  operator: boolean;
  /** What was wrong with the URL, shown to the visitor; never thrown. */
  notices: string[];
}

const MAX_PARAM = 64;
const shorten = (v: string): string => (v.length > 24 ? `${v.slice(0, 24)}…` : v);

/** Read ?lang=, ?view=, ?tour=, ?kiosk=, ?idle= and ?operator from a query string; bad values are ignored with a notice. */
export function readParams(search: string): StartParams {
  const params = new URLSearchParams(search);
  const out: StartParams = { language: null, view: null, tour: null, kiosk: false, idleSeconds: null, operator: params.has('operator'), notices: [] };
  const lang = params.get('lang');
  if (lang !== null) {
    if ((LANGUAGES as readonly string[]).includes(lang)) out.language = lang as Language;
    else out.notices.push(`Unknown language "${shorten(lang.slice(0, MAX_PARAM))}" (use zh, en or both)`);
  }
  const view = params.get('view');
  if (view !== null) {
    if (view === '2d' || view === '3d') out.view = view;
    else out.notices.push(`Unknown view "${shorten(view.slice(0, MAX_PARAM))}" (use 2d or 3d)`);
  }
  const tour = params.get('tour');
  if (tour !== null) {
    if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(tour) && tour.length <= MAX_PARAM) out.tour = tour;
    else out.notices.push(`Unknown tour "${shorten(tour.slice(0, MAX_PARAM))}"`);
  }
  const kiosk = params.get('kiosk');
  if (kiosk !== null) {
    if (kiosk === '1' || kiosk === 'true' || kiosk === '') out.kiosk = true;
    else if (kiosk !== '0' && kiosk !== 'false') out.notices.push(`Unknown kiosk setting "${shorten(kiosk.slice(0, MAX_PARAM))}" (use kiosk=1)`);
  }
  const idle = params.get('idle');
  if (idle !== null) {
    const n = Number(idle);
    if (!out.kiosk) out.notices.push('idle= only applies with kiosk=1');
    else if (/^\d{1,5}$/.test(idle) && n > 0) out.idleSeconds = n;
    else out.notices.push(`Unknown idle time "${shorten(idle.slice(0, MAX_PARAM))}" (use whole seconds, e.g. idle=30)`);
  }
  // The live guide reads its own rooms (src/ui/LiveGuide.tsx) and ignores bad names; the visitor is told here.
  for (const key of ['follow', 'guide'] as const) {
    const room = params.get(key);
    if (room !== null && !ROOM_NAME.test(room)) out.notices.push(`Unknown guide room "${shorten(room.slice(0, MAX_PARAM))}"`);
  }
  return out;
}

/** The shortest idle time `?idle=` may set, in seconds: long enough to read a caption before the reset. */
export const MIN_IDLE_OVERRIDE_S = 5;

/** The kiosk's idle time: the configured one, or `?idle=` clamped to [MIN_IDLE_OVERRIDE_S, configured] (it can only shorten). */
export function effectiveIdleSeconds(configured: number, override: number | null): number {
  if (override === null) return configured;
  return Math.min(configured, Math.max(MIN_IDLE_OVERRIDE_S, override));
}
