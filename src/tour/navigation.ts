// Moving between milestones and reading deep links. Pure.
import { LANGUAGES, type Language, type Milestone } from '../content/schema.ts';
import { ROOM_NAME } from '../guide/protocol.ts';

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
  /** What was wrong with the URL, shown to the visitor; never thrown. */
  notices: string[];
}

const MAX_PARAM = 64;
const shorten = (v: string): string => (v.length > 24 ? `${v.slice(0, 24)}…` : v);

/** Read ?lang= and ?view= from a query string; bad values are ignored with a notice. */
export function readParams(search: string): StartParams {
  const params = new URLSearchParams(search);
  const out: StartParams = { language: null, view: null, tour: null, notices: [] };
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
  // The live guide reads its own rooms (src/ui/LiveGuide.tsx) and ignores bad names; the visitor is told here.
  for (const key of ['follow', 'guide'] as const) {
    const room = params.get(key);
    if (room !== null && !ROOM_NAME.test(room)) out.notices.push(`Unknown guide room "${shorten(room.slice(0, MAX_PARAM))}"`);
  }
  return out;
}
