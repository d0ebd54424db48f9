// The guide's tools on the server (src/features/guide/protocol.ts): a guide's highlight and hold ("Gather here"), sent
// to the room's guides and followers as one `tools` message, and the booth screen: a headset that opted in sends its
// own pose (`share`, `pose`), the room's watchers (`?watch=<room>`) get it as `view`.
//
// Only a guide's authenticated socket may highlight or hold; only a follower's or a status-only kiosk's socket may share,
// and always its own view (the pose names no device: it is the socket's).
//
// Several processes sharing rooms through the store (Redis): every highlight and hold is written there (numbered:
// the newest wins) and published, so each process shows its own followers the same tools, and a follower joining
// anywhere gets them with the room's state. A hold is renewed every HOLD_LEASE_MS / 3 by the process whose guide set
// it; a process that hears no renewal for HOLD_LEASE_MS (the holder died, or Redis is unreachable from here) releases
// its followers: a hold never outlives the process that can release it. Poses are published (never stored) on the
// room's views channel, heard only by processes with a booth screen of the room; a headset heard from nobody for
// VIEW_SILENCE_MS (it sends a heartbeat every second) leaves their screens.
import type { ClientMessage, ErrorCode, PoseFields, ServerMessage, WatcherHello } from '../../src/features/guide/protocol.ts';
import { MAX_POSES_PER_S, PROTOCOL_VERSION, SHARER_LABEL_LENGTH } from '../../src/features/guide/protocol.ts';
import type { SharedTools, SharedView } from './store.ts';

/** A hold another process set lasts this long without hearing its renewal (ms); its holder renews it 3 times as often. */
export const HOLD_LEASE_MS = 15_000;
/** A headset on another process that sent nothing for this long (ms) leaves the screens (headsets send ≥ 1 pose/s). */
export const VIEW_SILENCE_MS = 5_000;

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
  /** The store shares the tools with other processes (Redis); false: this process is all there is. */
  readonly shared: boolean;
  /** This process's mark in the store (the holder of the holds it renews). */
  readonly origin: string;
  /** A hold another process set lapses after this without a renewal (default HOLD_LEASE_MS). */
  readonly holdLeaseMs: number;
  /** Writes the room's tools to the store (numbered); rejects when the store is unreachable. */
  share(room: string, tools: { highlight: string | null; hold: boolean }): Promise<SharedTools>;
  renew(room: string): Promise<'renewed' | 'not-holder' | 'lost'>;
  /** Hear the room's views from other processes (on while a screen of the room is here). */
  watchViews(room: string, on: boolean): void;
  /** Passes a view of a headset here to the other processes' screens (best effort). */
  publishView(room: string, view: Omit<SharedView, 'origin'>): void;
}

interface Sharer {
  label: string;
  pose: PoseFields | null;
  /** When it switched on (this process's clock): the screens show the latest. */
  since: number;
  /** Pose rate limit: a bucket of MAX_POSES_PER_S tokens refilled at MAX_POSES_PER_S a second. */
  tokens: number;
  refilledAt: number;
}

interface RemoteSharer {
  label: string;
  pose: PoseFields | null;
  since: number;
  /** Forgets it after VIEW_SILENCE_MS without a message. */
  timer: NodeJS.Timeout;
}

interface ToolsRoom<C> {
  highlight: string | null;
  hold: boolean;
  /** The store's number of the tools shown here (0: none known), and the process that holds the hold. */
  rev: number;
  holder: string | null;
  /** This process's guide holds the room: it renews the hold in the store. */
  renewTimer: NodeJS.Timeout | null;
  /** Another process holds it: released here unless its renewal is heard within the lease. */
  leaseTimer: NodeJS.Timeout | null;
  /** Changed while the store was unreachable: written at the next resync. */
  unsent: boolean;
  watchers: Set<C>;
  /** Headsets here sharing their view. */
  sharers: Map<C, Sharer>;
  /** Headsets on other processes sharing their view (watched only while a screen is here), by origin and socket. */
  remote: Map<string, RemoteSharer>;
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
      r = {
        highlight: null,
        hold: false,
        rev: 0,
        holder: null,
        renewTimer: null,
        leaseTimer: null,
        unsent: false,
        watchers: new Set(),
        sharers: new Map(),
        remote: new Map(),
      };
      this.rooms.set(name, r);
    }
    return r;
  }

  private forgetIfIdle(name: string): void {
    const r = this.rooms.get(name);
    if (r && !r.highlight && !r.hold && !r.unsent && r.watchers.size === 0 && r.sharers.size === 0 && r.remote.size === 0) {
      this.stopRenewing(r);
      this.stopLease(r);
      this.rooms.delete(name);
    }
  }

  /**
   * The room's tools, for a guide or follower that has just got the room's state (`stored`: the store's, read with
   * it; newer than what this process shows, they are shown here first). Nothing when none are on.
   */
  joined(c: C, stored?: SharedTools | null): void {
    if (c.room === null) return;
    if (stored !== undefined && this.adopt(c.room, stored, false)) return; // c got them with the room
    const r = this.rooms.get(c.room);
    if (r && (r.highlight !== null || r.hold)) this.host.send(c, { type: 'tools', highlight: r.highlight, hold: r.hold });
  }

  /** A guide's goto was accepted: the highlight belongs to the last stop (followers clear theirs on the goto too). */
  moved(roomName: string, by: C): void {
    const r = this.rooms.get(roomName);
    if (!r || r.highlight === null) return;
    r.highlight = null;
    this.broadcastTools(roomName, r);
    this.share(roomName, r, by);
  }

  /** What this process's guide set goes to the store; if it cannot, it reaches this process's followers only. */
  private share(name: string, r: ToolsRoom<C>, by: C | null): void {
    if (r.hold) {
      r.holder = this.host.origin;
      this.stopLease(r);
      this.startRenewing(name, r);
    } else {
      r.holder = null;
      this.stopRenewing(r);
    }
    if (!this.host.shared) return;
    this.host.share(name, { highlight: r.highlight, hold: r.hold }).then(
      (t) => {
        r.rev = Math.max(r.rev, t.rev);
        r.unsent = false;
      },
      () => {
        r.unsent = true;
        if (!this.rooms.has(name)) this.rooms.set(name, r);
        // As for commands: the guide's page says its moves reach only the visitors on this server.
        if (by) this.host.send(by, { type: 'error', code: 'not-shared' });
      },
    );
  }

  private startRenewing(name: string, r: ToolsRoom<C>): void {
    if (r.renewTimer || !this.host.shared) return;
    r.renewTimer = setInterval(() => {
      this.host.renew(name).then(
        (result) => {
          // Another process's guide held or released since (its event says so); the store lost them: written again.
          if (result === 'not-holder') this.stopRenewing(r);
          else if (result === 'lost' && r.hold) this.share(name, r, null);
        },
        () => undefined, // unreachable: the other processes release their followers when the lease lapses
      );
    }, this.host.holdLeaseMs / 3);
    r.renewTimer.unref();
  }

  private stopRenewing(r: ToolsRoom<C>): void {
    if (r.renewTimer) clearInterval(r.renewTimer);
    r.renewTimer = null;
  }

  private startLease(name: string, r: ToolsRoom<C>): void {
    if (r.leaseTimer) return void r.leaseTimer.refresh();
    r.leaseTimer = setTimeout(() => {
      r.leaseTimer = null;
      if (!r.hold || r.holder === this.host.origin) return;
      // The holder's process stopped renewing (it died, or the store is unreachable from here): nobody could release them.
      this.host.log.info(`[guide] the hold of room ${name} was not renewed within ${this.host.holdLeaseMs} ms; released here`);
      r.hold = false;
      r.holder = null;
      this.broadcastTools(name, r);
    }, this.host.holdLeaseMs);
    r.leaseTimer.unref();
  }

  private stopLease(r: ToolsRoom<C>): void {
    if (r.leaseTimer) clearTimeout(r.leaseTimer);
    r.leaseTimer = null;
  }

  /**
   * The room's tools from the store: an event (a change or a renewal, this process's own included) or a read with the
   * room's state. Older than what is shown here (unless `force`: a resync after the store came back) they change
   * nothing. True when this process's guides and followers were sent them.
   */
  adopt(name: string, t: SharedTools | null, force: boolean): boolean {
    const members = [...this.host.members(name)];
    let r = this.rooms.get(name);
    if (!r && (members.length === 0 || t === null)) return false; // nobody here: a newcomer reads the store
    r ??= this.room(name);
    if (t === null) {
      // The store has none (it lost them): unless this process's guide set them, there are none.
      if (!force || r.unsent || (r.hold && r.holder === this.host.origin)) return false;
      t = { rev: 0, highlight: null, hold: false, holder: null };
    } else if (!force && t.rev < r.rev) return false;
    const mine = t.hold && t.holder === this.host.origin;
    if (!mine && r.holder === this.host.origin) this.stopRenewing(r);
    if (t.hold && !mine) this.startLease(name, r);
    else this.stopLease(r);
    r.rev = t.rev;
    r.holder = t.holder;
    if (r.highlight === t.highlight && r.hold === t.hold) return false;
    r.highlight = t.highlight;
    r.hold = t.hold;
    this.broadcastTools(name, r);
    return members.length > 0;
  }

  /** The store is back: what this process's guide did meanwhile, or the hold it renews, is written again. */
  async resync(name: string): Promise<void> {
    const r = this.rooms.get(name);
    if (!r || !this.host.shared || !(r.unsent || (r.hold && r.holder === this.host.origin))) return;
    const t = await this.host.share(name, { highlight: r.highlight, hold: r.hold });
    r.rev = t.rev;
    r.unsent = false;
    this.forgetIfIdle(name);
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
    if (r.watchers.size === 1 && this.host.shared) this.host.watchViews(msg.room, true);
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

  /** The headset the screens show: the latest to switch on, here or on another process. */
  private current(r: ToolsRoom<C>): Sharer | RemoteSharer | null {
    let last: Sharer | RemoteSharer | null = null;
    for (const s of r.sharers.values()) if (!last || s.since >= last.since) last = s;
    for (const s of r.remote.values()) if (!last || s.since > last.since) last = s;
    return last;
  }

  /** A view from another process (a room whose screens are here). */
  remoteView(name: string, v: SharedView): void {
    const r = this.rooms.get(name);
    if (!r || r.watchers.size === 0) return;
    const key = `${v.origin}/${v.id}`;
    const known = r.remote.get(key);
    if (!v.on) {
      if (!known) return;
      clearTimeout(known.timer);
      r.remote.delete(key);
      return this.broadcastView(r);
    }
    if (known) {
      known.timer.refresh();
      known.label = v.label;
      known.since = v.since;
      known.pose = v.pose ?? known.pose;
    } else {
      const timer = setTimeout(() => {
        if (r.remote.get(key)?.timer !== timer) return;
        r.remote.delete(key);
        this.broadcastView(r);
        this.forgetIfIdle(name);
      }, VIEW_SILENCE_MS);
      timer.unref();
      r.remote.set(key, { label: v.label, pose: v.pose, since: v.since, timer });
    }
    if (this.current(r) === r.remote.get(key)) this.broadcastView(r);
  }

  private publish(name: string, c: C, s: Sharer, on: boolean): void {
    if (!this.host.shared) return;
    this.host.publishView(name, { id: String(c.n), label: s.label, since: s.since, on, pose: on ? s.pose : null });
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
        this.share(name, r, c);
        return;
      }
      case 'share': {
        if (c.role !== 'follower' && c.role !== 'device') return this.host.refuse(c, 'forbidden', `share from a ${c.role}`);
        const r = this.room(name);
        if (msg.on && !r.sharers.has(c)) {
          const label = (c.clientId ?? String(c.n)).slice(0, SHARER_LABEL_LENGTH);
          const now = this.host.now();
          const s: Sharer = { label, pose: null, since: now, tokens: MAX_POSES_PER_S, refilledAt: now };
          r.sharers.set(c, s);
          this.host.log.info(`[guide] headset ${label} shares its view in room ${name}`);
          // The screens say whose view is coming at once (its first pose follows).
          this.broadcastView(r);
          this.publish(name, c, s, true);
        } else if (!msg.on) {
          const s = r.sharers.get(c);
          if (!s) return;
          r.sharers.delete(c);
          this.broadcastView(r);
          this.publish(name, c, s, false);
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
        this.publish(name, c, s, true);
        return;
      }
    }
  }

  /** A socket closed: a watcher stops watching, a sharer stops sharing. */
  left(c: C): void {
    if (c.room === null) return;
    const r = this.rooms.get(c.room);
    if (!r) return;
    if (r.watchers.delete(c) && r.watchers.size === 0) {
      // No screen here: the other processes' headsets are not heard any more.
      if (this.host.shared) this.host.watchViews(c.room, false);
      for (const s of r.remote.values()) clearTimeout(s.timer);
      r.remote.clear();
    }
    const s = r.sharers.get(c);
    if (s) {
      r.sharers.delete(c);
      this.broadcastView(r);
      this.publish(c.room, c, s, false);
    }
    this.forgetIfIdle(c.room);
  }

  /** The hub closes: no more renewals or timers. */
  close(): void {
    for (const r of this.rooms.values()) {
      this.stopRenewing(r);
      this.stopLease(r);
      for (const s of r.remote.values()) clearTimeout(s.timer);
    }
  }

  /** Watchers connected to this process (for the hub's room bookkeeping and the bench). */
  watcherCount(room: string): number {
    return this.rooms.get(room)?.watchers.size ?? 0;
  }
}
