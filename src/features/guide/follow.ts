// A visitor's headset following a live guide: a pure state machine (no DOM, no sockets, no clock).
//
// The host (the browser client) feeds it inputs with the current time in ms and carries out the effects:
//
//   start ──▶ connect ──socket-opened──▶ send hello ──state──▶ following ⇄ exploring (opt-out / rejoin)
//                ▲                                               │
//                └──── connect at (backoff) ◀── socket-closed ───┘  (offline: reconnecting)
//
// A guide's goto becomes a countdown (`countdown` effect, with the local time it ends) and then, on the `tick` the
// host schedules for that time, a `go`. While exploring, commands are remembered but not obeyed; rejoining goes to
// where the guide is. Positions are reported when they change, and once after every (re)connection.
//
// The guide's tools (a `tools` message): the element it points at and whether it holds the group ("Gather here").
// Applied only while following: a visitor who explores on their own is never held (holding never traps anyone), and
// neither is one whose connection dropped (nobody could release them). The guide's next move clears the highlight.
// The host gets a `tools` effect whenever what it must show changes.
import { isGotoCommand, type Command, type FollowerHello, type Position, type ServerMessage, type TourCommandAction } from './protocol.ts';

export type FollowStatus = 'connecting' | 'following' | 'exploring' | 'offline';

export interface KnownCommand {
  command: Command;
  /** Local time (host clock, ms) when it takes effect. */
  dueAt: number;
}

export interface FollowState {
  readonly room: string;
  readonly clientId: string;
  status: FollowStatus;
  /** The visitor chose to explore on their own; survives reconnects until they rejoin. */
  optedOut: boolean;
  /** The socket is open (hello sent). */
  connected: boolean;
  /** Failed (re)connection attempts since the last good session: picks the next backoff delay. */
  attempt: number;
  /** The run of the room's command counter those commands belong to (null: none seen yet). */
  epoch: string | null;
  /** The room's last goto and last tour command, as far as this headset knows. */
  goto: KnownCommand | null;
  tour: KnownCommand | null;
  /** A move waiting for its countdown to end. */
  pending: { milestone: string; tourStop: number | null; at: number } | null;
  /** Where the visitor is (null: the entrance), from `moved` inputs and completed moves. */
  milestone: string | null;
  /** The guide's tour stop the visitor was last brought to (null: none); two stops may share a milestone. */
  tourStop: number | null;
  /** The last position sent in this session (null: none yet). */
  reported: { milestone: string | null; following: boolean } | null;
  /** The room's tools as last heard: the element the guide points at, and whether it holds the group. */
  highlight: string | null;
  hold: boolean;
  /** What the host was last told to show (the `tools` effect). */
  applied: FollowTools;
}

/** What the follower's page shows of the guide's tools. */
export interface FollowTools {
  /** The element to highlight (src/layout/elements.ts id), or null. */
  highlight: string | null;
  /** Walking, teleport and milestone keys are held by the guide. */
  held: boolean;
}

export type FollowEvent =
  | { type: 'start' }
  | { type: 'socket-opened' }
  /** `random` in [0, 1) spreads reconnects of many headsets (0.5: no jitter). */
  | { type: 'socket-closed'; random?: number }
  | { type: 'message'; message: ServerMessage }
  | { type: 'opt-out' }
  | { type: 'rejoin' }
  /** The visitor is now at this milestone (moved on their own, or the app finished a move). */
  | { type: 'moved'; milestone: string | null }
  /** Time passed: the host calls this at a countdown's `at`. */
  | { type: 'tick' };

export type FollowEffect =
  /** Open a socket at local time `at` (attempt 0: now). */
  | { type: 'connect'; at: number; attempt: number }
  | { type: 'send'; message: FollowerHello | Position }
  /** Show "moving to … in n s"; call `tick` at `at`, which yields the `go`. */
  | { type: 'countdown'; milestone: string; tourStop: number | null; at: number }
  | { type: 'cancel-countdown' }
  /** Go to this milestone now. */
  | { type: 'go'; milestone: string; tourStop: number | null }
  /** The guide started / paused / resumed / stopped a tour; it applies at `at`. */
  | { type: 'tour'; cmd: TourCommandAction; at: number }
  /** Show this highlight and hold (they changed). */
  | ({ type: 'tools' } & FollowTools);

export interface FollowStepResult {
  state: FollowState;
  effects: FollowEffect[];
}

export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 15_000;

/**
 * Delay before reconnection attempt `attempt` (0-based): 250 ms doubling up to 15 s, times a jitter factor in
 * [0.75, 1.25) from `random` in [0, 1) (0.5 gives the plain schedule: 250, 500, 1000, … 8000, 15000, 15000 …).
 */
export function reconnectDelay(attempt: number, random = 0.5): number {
  const n = Math.max(0, Math.floor(attempt));
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(n, 30));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(base * (0.75 + 0.5 * r));
}

export function initialFollowState(room: string, clientId: string): FollowState {
  return {
    room,
    clientId,
    status: 'connecting',
    optedOut: false,
    connected: false,
    attempt: 0,
    epoch: null,
    goto: null,
    tour: null,
    pending: null,
    milestone: null,
    tourStop: null,
    reported: null,
    highlight: null,
    hold: false,
    applied: { highlight: null, held: false },
  };
}

/** What the page must show of the guide's tools in this state: nothing unless following on an open connection. */
export function effectiveTools(s: FollowState): FollowTools {
  const on = !s.optedOut && s.connected && s.status === 'following';
  return { highlight: on ? s.highlight : null, held: on && s.hold };
}

/** Milliseconds left on the countdown (null: none), for the host's display. */
export function countdownRemaining(state: FollowState, now: number): number | null {
  return state.pending ? Math.max(0, state.pending.at - now) : null;
}

/** Reports the position if the socket is open and it changed since the last report of this session. */
function report(s: FollowState, effects: FollowEffect[]): void {
  if (!s.connected || (s.status !== 'following' && s.status !== 'exploring')) return;
  const following = !s.optedOut;
  if (s.reported && s.reported.milestone === s.milestone && s.reported.following === following) return;
  s.reported = { milestone: s.milestone, following };
  effects.push({ type: 'send', message: { type: 'position', milestone: s.milestone, following } });
}

/** Moves to the known goto (now or when its countdown ends), if following and not already there. */
function obeyGoto(s: FollowState, now: number, effects: FollowEffect[]): void {
  const known = s.goto;
  if (!known || s.optedOut || !isGotoCommand(known.command)) return;
  const { milestone, tourStop } = known.command.cmd;
  const stop = tourStop ?? null;
  // Already there: at the milestone, and at the tour stop when the guide names one.
  const there = s.milestone === milestone && (stop === null || s.tourStop === stop);
  if (known.dueAt > now && !there) {
    s.pending = { milestone, tourStop: stop, at: known.dueAt };
    effects.push({ type: 'countdown', milestone, tourStop: stop, at: known.dueAt });
    return;
  }
  if (s.pending) {
    s.pending = null;
    effects.push({ type: 'cancel-countdown' });
  }
  if (!there) {
    s.milestone = milestone;
    s.tourStop = stop;
    effects.push({ type: 'go', milestone, tourStop: stop });
  }
}

/** Remembers a command if it is newer than the one known; returns whether it was. */
function remember(s: FollowState, command: Command, dueAt: number): boolean {
  const slot = isGotoCommand(command) ? 'goto' : 'tour';
  const known = s[slot];
  if (known && known.command.rev >= command.rev) return false;
  s[slot] = { command, dueAt };
  return true;
}

/**
 * A new epoch (the server restarted, Redis lost its keys, or an outage led the room locally): its counter started
 * again, so the commands known so far say nothing about the new ones. Forget them; keep where the visitor is.
 */
function adoptEpoch(s: FollowState, epoch: string | null | undefined): void {
  if (!epoch || epoch === s.epoch) return;
  if (s.epoch !== null) {
    s.goto = null;
    s.tour = null;
  }
  s.epoch = epoch;
}

function onMessage(s: FollowState, message: ServerMessage, now: number, effects: FollowEffect[]): void {
  switch (message.type) {
    case 'state': {
      adoptEpoch(s, message.epoch ?? message.goto?.epoch ?? message.tour?.epoch);
      // The room's state on (re)joining: countdowns are measured on the server's clock, then moved to ours.
      const due = (c: Command) => now + Math.max(0, c.issuedAt + c.startsInMs - message.serverTime);
      const newTour = message.tour !== null && remember(s, message.tour, due(message.tour));
      if (message.goto) remember(s, message.goto, due(message.goto));
      s.status = s.optedOut ? 'exploring' : 'following';
      s.attempt = 0;
      obeyGoto(s, now, effects);
      if (newTour && !s.optedOut && s.tour) effects.push({ type: 'tour', cmd: s.tour.command.cmd as TourCommandAction, at: s.tour.dueAt });
      report(s, effects);
      return;
    }
    case 'tools':
      s.highlight = message.highlight;
      s.hold = message.hold;
      return;
    case 'command': {
      adoptEpoch(s, message.epoch);
      if (!remember(s, message, now + message.startsInMs)) return;
      // The guide moved on: what it pointed at belongs to the last stop.
      if (isGotoCommand(message)) s.highlight = null;
      if (s.optedOut) return;
      if (isGotoCommand(message)) obeyGoto(s, now, effects);
      else effects.push({ type: 'tour', cmd: message.cmd as TourCommandAction, at: now + message.startsInMs });
      report(s, effects);
      return;
    }
    default:
      // welcome, roster (guides only) and errors change nothing here: a refused hello ends in socket-closed.
      return;
  }
}

/** One step of the machine. Never mutates `state`; `now` is the host's clock in ms. */
export function followStep(state: FollowState, input: FollowEvent, now: number): FollowStepResult {
  const s: FollowState = { ...state };
  const effects: FollowEffect[] = [];
  switch (input.type) {
    case 'start':
      if (!s.connected) effects.push({ type: 'connect', at: now, attempt: s.attempt });
      break;
    case 'socket-opened':
      s.connected = true;
      s.reported = null;
      if (s.status === 'offline') s.status = 'connecting';
      effects.push({ type: 'send', message: { type: 'hello', role: 'follower', room: s.room, clientId: s.clientId } });
      break;
    case 'socket-closed': {
      // `attempt` went back to 0 when the last session got the room's state; a socket refused or closed before
      // that counts as a failed attempt. A pending countdown still runs: the guide's command was received.
      const attempt = s.attempt;
      s.connected = false;
      s.reported = null;
      s.status = 'offline';
      // Nobody could release a hold now; the room's tools come again with its state on reconnecting.
      s.hold = false;
      s.attempt = attempt + 1;
      effects.push({ type: 'connect', at: now + reconnectDelay(attempt, input.random ?? 0.5), attempt });
      break;
    }
    case 'message':
      onMessage(s, input.message, now, effects);
      break;
    case 'opt-out':
      if (s.optedOut) break;
      s.optedOut = true;
      if (s.pending) {
        s.pending = null;
        effects.push({ type: 'cancel-countdown' });
      }
      if (s.status === 'following') s.status = 'exploring';
      report(s, effects);
      break;
    case 'rejoin':
      if (!s.optedOut) break;
      s.optedOut = false;
      if (s.status === 'exploring') s.status = 'following';
      obeyGoto(s, now, effects);
      if (s.tour && s.tour.command.cmd.type === 'tour' && s.tour.command.cmd.action !== 'stop') {
        effects.push({ type: 'tour', cmd: s.tour.command.cmd, at: Math.max(now, s.tour.dueAt) });
      }
      report(s, effects);
      break;
    case 'moved':
      s.milestone = input.milestone;
      report(s, effects);
      break;
    case 'tick':
      if (s.pending && now >= s.pending.at) {
        const { milestone, tourStop } = s.pending;
        s.pending = null;
        s.milestone = milestone;
        s.tourStop = tourStop;
        effects.push({ type: 'go', milestone, tourStop });
        report(s, effects);
      }
      break;
  }
  const tools = effectiveTools(s);
  if (tools.highlight !== s.applied.highlight || tools.held !== s.applied.held) {
    s.applied = tools;
    effects.push({ type: 'tools', ...tools });
  }
  return { state: s, effects };
}
