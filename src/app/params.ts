// The one URL-parameter parser of the page. Pure (takes the query string), zod-free (runs before any chunk loads).
import { TOUR_ID } from '../content/ids.ts';
import { LANGUAGES, type Language } from '../content/languages.ts';
import { ROOM_NAME } from '../features/guide/names.ts';

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

/**
 * The one reader of the page's URL parameters: ?lang=, ?view=, ?tour=, ?kiosk=, ?idle=, ?operator, ?follow=, ?guide=,
 * ?team= (the event team's readiness page), ?room= (with kiosk=1: the room a kiosk reports its status to), ?watch= (a
 * booth screen showing the view a headset of that room shares), ?share= (with kiosk=1: the booth headset shares its
 * view with that room's screens).
 * Bad values are ignored with a notice (never thrown).
 */
export function readParams(search: string, choices: readonly string[] = LANGUAGES): StartParams {
  const params = new URLSearchParams(search);
  const out: StartParams = {
    language: null,
    view: null,
    tour: null,
    kiosk: false,
    idleSeconds: null,
    operator: params.has('operator'),
    notices: [],
  };
  const lang = params.get('lang');
  if (lang !== null) {
    if (choices.includes(lang)) out.language = lang as Language;
    else
      out.notices.push(
        `Unknown language "${shorten(lang.slice(0, MAX_PARAM))}" (use ${choices.join(', ').replace(/, ([^,]*)$/, ' or $1')})`,
      );
  }
  const view = params.get('view');
  if (view !== null) {
    if (view === '2d' || view === '3d') out.view = view;
    else out.notices.push(`Unknown view "${shorten(view.slice(0, MAX_PARAM))}" (use 2d or 3d)`);
  }
  const tour = params.get('tour');
  if (tour !== null) {
    if (TOUR_ID.test(tour) && tour.length <= MAX_PARAM) out.tour = tour;
    else out.notices.push(`Unknown tour "${shorten(tour.slice(0, MAX_PARAM))}"`);
  }
  const kiosk = params.get('kiosk');
  if (kiosk !== null) {
    if (kiosk === '1' || kiosk === 'true' || kiosk === '') out.kiosk = true;
    else if (kiosk !== '0' && kiosk !== 'false')
      out.notices.push(`Unknown kiosk setting "${shorten(kiosk.slice(0, MAX_PARAM))}" (use kiosk=1)`);
  }
  const idle = params.get('idle');
  if (idle !== null) {
    const n = Number(idle);
    if (!out.kiosk) out.notices.push('idle= only applies with kiosk=1');
    else if (/^\d{1,5}$/.test(idle) && n > 0) out.idleSeconds = n;
    else out.notices.push(`Unknown idle time "${shorten(idle.slice(0, MAX_PARAM))}" (use whole seconds, e.g. idle=30)`);
  }
  // The rooms themselves are read by readGuideRooms (the live guide's chunk); the visitor is told here.
  if (params.has('room') && !out.kiosk) out.notices.push('room= only applies with kiosk=1 (use follow= to follow a guide)');
  if (params.has('share') && !out.kiosk)
    out.notices.push('share= only applies with kiosk=1 (a visitor shares from the follower pill or the VR menu)');
  const [room, share] = [params.get('room'), params.get('share')];
  if (out.kiosk && room !== null && share !== null && room !== share)
    out.notices.push('room= and share= name different rooms: the kiosk reports to and shares with the share= room');
  for (const key of ['follow', 'guide', 'team', 'room', 'watch', 'share'] as const) {
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

export interface GuideRooms {
  follow: string | null;
  guide: string | null;
  team: string | null;
  room: string | null;
  watch: string | null;
  share: string | null;
}

/**
 * `?follow=<room>` / `?guide=<room>` / `?team=<room>` / `?room=<room>` / `?watch=<room>` / `?share=<room>`: the
 * live-guide rooms the URL names (well-formed names only, else null). `room` is a kiosk's status-only room and `share`
 * a kiosk's booth room (both count only with `?kiosk=1`: kioskRoom); `watch` makes the page a booth screen.
 */
export function readGuideRooms(search: string): GuideRooms {
  const params = new URLSearchParams(search);
  const room = (k: string): string | null => {
    const v = params.get(k);
    return v !== null && ROOM_NAME.test(v) ? v : null;
  };
  return {
    follow: room('follow'),
    guide: room('guide'),
    team: room('team'),
    room: room('room'),
    watch: room('watch'),
    share: room('share'),
  };
}

/**
 * A kiosk's room and whether it shares its view there. `?kiosk=1&room=<room>`: it reports its status to the room and
 * follows nobody. `?kiosk=1&share=<room>`: the booth's headset also shows its view on the room's booth screens
 * (`?watch=<room>`) from the start, without the visitor doing anything (the headset says so while it does); the
 * share= room wins over a different room=. Not a kiosk: neither.
 */
export function kioskRoom(kiosk: boolean, rooms: Pick<GuideRooms, 'room' | 'share'>): { room: string | null; share: boolean } {
  if (!kiosk) return { room: null, share: false };
  if (rooms.share !== null) return { room: rooms.share, share: true };
  return { room: rooms.room, share: false };
}
