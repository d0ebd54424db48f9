// The guide's tools on the server (src/features/guide/protocol.ts): a guide's highlight and hold ("Gather here"), sent
// to the room's guides and followers as one `tools` message, and the booth screen: a headset that opted in sends its
// own pose (`share`, `pose`), the room's watchers (`?watch=<room>`) get it as `view`.
//
// Only a guide's authenticated socket may highlight or hold; only a follower's or a status-only kiosk's socket may share,
// and always its own view (the pose names no device: it is the socket's). The tools' state lives in this process (a
// room shared through Redis over several processes gets the tools of the guide's own process).
import type { ClientMessage, ErrorCode, PoseFields, ServerMessage, WatcherHello } from '../../src/features/guide/protocol.ts';
import { MAX_POSES_PER_S, PROTOCOL_VERSION, SHARER_LABEL_LENGTH } from '../../src/features/guide/protocol.ts';

/** What the tools need of a hub's client. */
export interface ToolsClient {
  readonly n: number;
  role: string | null;
  room: string | null;
  clientId: string | null;
  closed: boolean;
}

export interface ToolsHost<C extends ToolsClient> {
  send(c: C, message: ServerMessage | string): void;
  refuse(c: C, code: ErrorCode, reason: string): void;
  /** Closes a refused watcher (unknown room). */
  reject(c: C, code: ErrorCode, reason: string): void;
  /** The room exists (GUIDE_ROOMS). */
  knownRoom(room: string): boolean;
  /** The room's guides and followers connected to this process (they get `tools`). */
  members(room: string): Iterable<C>;
  now(): number;
  log: { info(line: string): void };
}

interface Sharer {
  label: string;
  pose: PoseFields | null;
  /** Pose rate limit: a bucket of MAX_POSES_PER_S tokens refilled at MAX_POSES_PER_S a second. */
  tokens: number;
  refilledAt: number;
}

interface ToolsRoom<C> {
  highlight: string | null;
  hold: boolean;
  watchers: Set<C>;
  /** Headsets sharing their view, the latest to switch on last: the screens show the latest. */
  sharers: Map<C, Sharer>;
}

/** The tools' message types: the hub hands these to `onMessage`. */
export const TOOL_MESSAGE_TYPES = ['highlight', 'hold', 'pose', 'share'] as const;
export type ToolMessage = Extract<ClientMessage, { type: (typeof TOOL_MESSAGE_TYPES)[number] }>;

export function isToolMessage(m: ClientMessage): m is ToolMessage {
  return (TOOL_MESSAGE_TYPES as readonly string[]).includes(m.type);
}

export class GuideTools<C extends ToolsClient> {
  private readonly rooms = new Map<string, ToolsRoom<C>>();

  constructor(private readonly host: ToolsHost<C>) {}

  private room(name: string): ToolsRoom<C> {
    let r = this.rooms.get(name);
    if (!r) {
      r = { highlight: null, hold: false, watchers: new Set(), sharers: new Map() };
      this.rooms.set(name, r);
    }
    return r;
  }

  private forgetIfIdle(name: string): void {
    const r = this.rooms.get(name);
    if (r && !r.highlight && !r.hold && r.watchers.size === 0 && r.sharers.size === 0) this.rooms.delete(name);
  }

  /** The room's tools, for a guide or follower that has just got the room's state. Nothing when none are on. */
  joined(c: C): void {
    const r = c.room ? this.rooms.get(c.room) : undefined;
    if (r && (r.highlight !== null || r.hold)) this.host.send(c, { type: 'tools', highlight: r.highlight, hold: r.hold });
  }

  /** A guide's goto was accepted: the highlight belongs to the last stop (followers clear theirs on the goto too). */
  moved(roomName: string): void {
    const r = this.rooms.get(roomName);
    if (!r || r.highlight === null) return;
    r.highlight = null;
    this.broadcastTools(roomName, r);
  }

  private broadcastTools(name: string, r: ToolsRoom<C>): void {
    const text = JSON.stringify({ type: 'tools', highlight: r.highlight, hold: r.hold } satisfies ServerMessage);
    for (const m of this.host.members(name)) this.host.send(m, text);
    this.forgetIfIdle(name);
  }

  /** A booth screen's hello: welcome, then the view shown now (null: nobody shares). */
  watcherHello(c: C, msg: WatcherHello): void {
    if (!this.host.knownRoom(msg.room)) return this.host.reject(c, 'unknown-room', `watcher for unknown room ${msg.room}`);
    c.role = 'watcher';
    c.room = msg.room;
    const r = this.room(msg.room);
    r.watchers.add(c);
    this.host.log.info(`[guide] booth screen #${c.n} watches room ${msg.room}`);
    this.host.send(c, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      role: 'watcher',
      room: msg.room,
      reconnected: false,
      serverTime: this.host.now(),
    });
    this.host.send(c, this.viewMessage(r));
  }

  private current(r: ToolsRoom<C>): Sharer | null {
    let last: Sharer | null = null;
    for (const s of r.sharers.values()) last = s;
    return last;
  }

  private viewMessage(r: ToolsRoom<C>): ServerMessage {
    const s = this.current(r);
    return { type: 'view', sharer: s?.label ?? null, pose: s?.pose ?? null, serverTime: this.host.now() };
  }

  private broadcastView(r: ToolsRoom<C>): void {
    if (r.watchers.size === 0) return;
    const text = JSON.stringify(this.viewMessage(r));
    for (const w of r.watchers) this.host.send(w, text);
  }

  /** highlight / hold / share / pose, from a socket that said hello. */
  onMessage(c: C, msg: ToolMessage): void {
    if (c.role === null || c.room === null) return this.host.refuse(c, 'unauthenticated', `${msg.type} before hello`);
    const name = c.room;
    switch (msg.type) {
      case 'highlight':
      case 'hold': {
        if (c.role !== 'guide') return this.host.refuse(c, 'forbidden', `${msg.type} from a ${c.role}`);
        const r = this.room(name);
        if (msg.type === 'highlight') r.highlight = msg.element;
        else {
          r.hold = msg.on;
          this.host.log.info(`[guide] guide #${c.n} ${msg.on ? 'holds' : 'released'} room ${name}`);
        }
        this.broadcastTools(name, r);
        return;
      }
      case 'share': {
        if (c.role !== 'follower' && c.role !== 'device') return this.host.refuse(c, 'forbidden', `share from a ${c.role}`);
        const r = this.room(name);
        if (msg.on && !r.sharers.has(c)) {
          const label = (c.clientId ?? String(c.n)).slice(0, SHARER_LABEL_LENGTH);
          r.sharers.set(c, { label, pose: null, tokens: MAX_POSES_PER_S, refilledAt: this.host.now() });
          this.host.log.info(`[guide] headset ${label} shares its view in room ${name}`);
          // The screens say whose view is coming at once (its first pose follows).
          this.broadcastView(r);
        } else if (!msg.on && r.sharers.delete(c)) {
          this.broadcastView(r);
          this.forgetIfIdle(name);
        }
        return;
      }
      case 'pose': {
        if (c.role !== 'follower' && c.role !== 'device') return this.host.refuse(c, 'forbidden', `pose from a ${c.role}`);
        const r = this.rooms.get(name);
        const s = r?.sharers.get(c);
        // Only an opted-in headset's pose goes anywhere; one that did not say `share` is dropped.
        if (!r || !s) return this.host.refuse(c, 'forbidden', 'pose without share');
        const now = this.host.now();
        s.tokens = Math.min(MAX_POSES_PER_S, s.tokens + ((now - s.refilledAt) / 1000) * MAX_POSES_PER_S);
        s.refilledAt = now;
        if (s.tokens < 1) return; // over MAX_POSES_PER_S: dropped quietly (the next one carries the newer pose)
        s.tokens -= 1;
        const { type: _type, ...pose } = msg;
        s.pose = pose;
        if (this.current(r) === s) this.broadcastView(r);
        return;
      }
    }
  }

  /** A socket closed: a watcher stops watching, a sharer stops sharing. */
  left(c: C): void {
    if (c.room === null) return;
    const r = this.rooms.get(c.room);
    if (!r) return;
    r.watchers.delete(c);
    if (r.sharers.delete(c)) this.broadcastView(r);
    this.forgetIfIdle(c.room);
  }

  /** Watchers connected to this process (for the hub's room bookkeeping and the bench). */
  watcherCount(room: string): number {
    return this.rooms.get(room)?.watchers.size ?? 0;
  }
}
