// Where a room's shared facts live: its commands (with a revision that orders them within an epoch), its current
// state (the last goto and the last tour command) and its roster. Every process hears every event through
// `subscribe`, its own included: the hub delivers commands to its local sockets only when they come back from the
// store, so one process and many behave alike. In-process here; through Redis in redis-store.ts.
//
// The roster counts connected visitors only: a visitor who disconnects is remembered (for a reconnect that keeps
// their place) for `graceMs`, and at most `maxRemembered` of them (the oldest are forgotten first).
import { randomBytes } from 'node:crypto';
import type { Command, DeviceEntry, PoseFields, RosterEntry } from '../../src/features/guide/protocol.ts';

/** A command before the store numbers it (rev and epoch are the store's). */
export type NewCommand = Omit<Command, 'rev' | 'epoch'>;

export interface RoomState {
  goto: Command | null;
  tour: Command | null;
  /** The room's command counter's run; null when the store has none yet (no command since it started or lost its keys). */
  epoch: string | null;
  /** The guide's tools as the store has them (absent: this process's own are all there is, the memory store). */
  tools?: SharedTools | null;
}

/**
 * A room's guide tools shared between processes: numbered by the store (`rev`, newer wins), the hold with the process
 * that holds it (`holder`, the store's `origin`), which renews it: a hold nobody renews lapses (the process died).
 */
export interface SharedTools {
  rev: number;
  highlight: string | null;
  hold: boolean;
  holder: string | null;
}

/** A shared headset's view passed to the other processes (published, never stored): `id` is unique per sharing socket. */
export interface SharedView {
  origin: string;
  id: string;
  label: string;
  /** When it switched on (the sharer's process clock): the screens show the latest. */
  since: number;
  /** False: it stopped sharing (or left). */
  on: boolean;
  pose: PoseFields | null;
}

export interface FollowerRecord {
  entry: RosterEntry;
  /** When this record was written (ms since the epoch): newer wins when copies meet. */
  at: number;
}

/** How many visitors a room holds, and how long a disconnected one is remembered. */
export interface RosterLimits {
  /** Connected visitors; a newcomer beyond is refused (a remembered visitor coming back is not). */
  maxConnected: number;
  /** Disconnected visitors remembered for a reconnect; the oldest are forgotten first. */
  maxRemembered: number;
  graceMs: number;
  /** The writer's clock (ms since the epoch). */
  now: number;
}

export type StoreEvent =
  | { kind: 'command'; room: string; command: Command }
  | { kind: 'presence'; room: string; entry: RosterEntry; conn: string; at: number }
  /** Several connected visitors' positions at once (another process's updateMany, for a room this one watches). */
  | { kind: 'presences'; room: string; items: FollowerRecord[] }
  /** Another process's devices of the room changed (a device joined, left or sent a status): re-read them. */
  | { kind: 'devices'; room: string }
  /** A team page or guide on some process asks this device to apply a waiting update (whichever process has it). */
  | { kind: 'apply-update'; room: string; deviceId: string }
  /** The room's tools changed, or their holder renewed the hold (same `rev`). */
  | { kind: 'tools'; room: string; tools: SharedTools }
  /** A headset on another process shares its view (a room whose views this process watches: watchViews). */
  | { kind: 'view'; room: string; view: SharedView }
  /** The store lost events (e.g. Redis reconnected): re-read what you show. */
  | { kind: 'resync' };

/** One process's headsets and screens of a room, as it last wrote them (`at`: its clock then). */
export interface DeviceSnapshot {
  at: number;
  devices: DeviceEntry[];
}

export interface GuideStore {
  readonly kind: 'memory' | 'redis';
  /** This process's mark in the store (the holder of a hold, the origin of a view). */
  readonly origin: string;
  subscribe(listener: (event: StoreEvent) => void): () => void;
  /**
   * Numbers the command (room revision and epoch), keeps it as the room's last goto / tour, and publishes it.
   * With `ifAbsent`, only when the room has no last command of that kind (restoring after the store lost it, without
   * overwriting a newer one another server wrote first); null when it had one.
   */
  command(room: string, command: NewCommand, options?: { ifAbsent?: boolean }): Promise<Command | null>;
  state(room: string): Promise<RoomState>;
  follower(room: string, clientId: string): Promise<FollowerRecord | null>;
  /**
   * Makes connection `conn` the owner of `entry.clientId` and writes the entry; publishes a presence event.
   * False (nothing written) when the visitor is new and the room already has `maxConnected` connected visitors.
   */
  claim(room: string, record: FollowerRecord, conn: string, limits: RosterLimits): Promise<boolean>;
  /** Writes the entry only if `conn` still owns the clientId; publishes a presence event. */
  update(room: string, record: FollowerRecord, conn: string, limits: RosterLimits): Promise<boolean>;
  /**
   * Connected visitors' new positions, in one write (each only if `conn` owns it). The processes that watch the room
   * (watchPositions) hear them as one `presences` event; the writer does not hear its own (it has them already).
   */
  updateMany(room: string, items: ReadonlyArray<{ record: FollowerRecord; conn: string }>): Promise<void>;
  /**
   * Whether this process hears the room's `presences` events: only while a guide of the room is connected here (its
   * roster); the others are spared decoding every visitor's position on every command.
   */
  watchPositions(room: string, on: boolean): Promise<void>;
  /**
   * Writes this process's devices of the room (replacing what it wrote before); with `announce`, the other processes
   * hear a `devices` event (a change, not a periodic refresh).
   */
  publishDevices(room: string, snapshot: DeviceSnapshot, announce: boolean): Promise<void>;
  /** The other processes' device snapshots of the room (this process's own are not among them). */
  devices(room: string): Promise<DeviceSnapshot[]>;
  /** Asks whichever process has the device connected to pass it an `apply-update` (an `apply-update` event). */
  applyUpdate(room: string, deviceId: string): Promise<void>;
  /**
   * Numbers, keeps and publishes the room's tools; a hold (held by this process) lapses after `leaseMs` unless renewed.
   * The other processes hear a `tools` event (the writer too).
   */
  setTools(room: string, tools: { highlight: string | null; hold: boolean }, leaseMs: number): Promise<SharedTools>;
  /** This process still holds the room: the hold lives `leaseMs` more. 'lost': the store has no tools (write them again). */
  renewHold(room: string, leaseMs: number): Promise<'renewed' | 'not-holder' | 'lost'>;
  /** Whether this process hears other processes' `view` events of the room: only while a booth screen of it is here. */
  watchViews(room: string, on: boolean): Promise<void>;
  /** Passes a shared view to the processes that watch the room (a publish: poses are never stored). */
  publishView(room: string, view: SharedView): Promise<void>;
  /** The room's visitors: connected ones and those disconnected less than `graceMs` ago. */
  roster(room: string, limits: RosterLimits): Promise<FollowerRecord[]>;
  close(): Promise<void>;
}

/** A random epoch: 12 characters of base64url (72 bits). */
export function newEpoch(prefix = ''): string {
  return prefix + randomBytes(9).toString('base64url');
}

/** Is this record of a visitor who left longer than the grace period ago? */
export function expired(record: FollowerRecord, limits: Pick<RosterLimits, 'graceMs' | 'now'>): boolean {
  return !record.entry.connected && limits.now - record.at > limits.graceMs;
}

interface MemoryRoom {
  rev: number;
  state: { goto: Command | null; tour: Command | null };
  followers: Map<string, FollowerRecord>;
  owners: Map<string, string>;
  /** Connected clientIds. */
  live: Set<string>;
  /** Disconnected clientIds → when they left, oldest first. */
  gone: Map<string, number>;
}

/** One process: everything in memory, events delivered synchronously. Its epoch is new at every start. */
export class MemoryStore implements GuideStore {
  readonly kind = 'memory';
  readonly epoch = newEpoch();
  readonly origin = this.epoch;
  private toolsRev = 0;
  private readonly rooms = new Map<string, MemoryRoom>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private room(name: string): MemoryRoom {
    let room = this.rooms.get(name);
    if (!room) {
      room = { rev: 0, state: { goto: null, tour: null }, followers: new Map(), owners: new Map(), live: new Set(), gone: new Map() };
      this.rooms.set(name, room);
    }
    return room;
  }

  private forget(room: MemoryRoom, id: string): void {
    room.followers.delete(id);
    room.owners.delete(id);
    room.live.delete(id);
    room.gone.delete(id);
  }

  private prune(room: MemoryRoom, limits: RosterLimits): void {
    for (const [id, at] of room.gone) {
      if (limits.now - at <= limits.graceMs && room.gone.size <= limits.maxRemembered) break;
      this.forget(room, id);
    }
  }

  async command(roomName: string, command: NewCommand, options: { ifAbsent?: boolean } = {}): Promise<Command | null> {
    const room = this.room(roomName);
    if (options.ifAbsent && room.state[command.cmd.type] !== null) return null;
    const numbered: Command = { ...command, rev: ++room.rev, epoch: this.epoch };
    if (numbered.cmd.type === 'goto') room.state.goto = numbered;
    else room.state.tour = numbered;
    this.emit({ kind: 'command', room: roomName, command: numbered });
    return numbered;
  }

  async state(roomName: string): Promise<RoomState> {
    return { ...this.room(roomName).state, epoch: this.epoch };
  }

  async follower(roomName: string, clientId: string): Promise<FollowerRecord | null> {
    return this.rooms.get(roomName)?.followers.get(clientId) ?? null;
  }

  async claim(roomName: string, record: FollowerRecord, conn: string, limits: RosterLimits): Promise<boolean> {
    const room = this.room(roomName);
    this.prune(room, limits);
    const id = record.entry.clientId;
    if (!room.followers.has(id) && room.live.size >= limits.maxConnected) return false;
    this.write(room, record);
    room.owners.set(id, conn);
    this.emit({ kind: 'presence', room: roomName, entry: record.entry, conn, at: record.at });
    return true;
  }

  private write(room: MemoryRoom, record: FollowerRecord): void {
    const id = record.entry.clientId;
    room.followers.set(id, record);
    room.gone.delete(id);
    if (record.entry.connected) room.live.add(id);
    else {
      room.live.delete(id);
      room.gone.set(id, record.at);
    }
  }

  async update(roomName: string, record: FollowerRecord, conn: string, limits: RosterLimits): Promise<boolean> {
    const room = this.rooms.get(roomName);
    const id = record.entry.clientId;
    if (!room || room.owners.get(id) !== conn) return false;
    this.write(room, record);
    this.prune(room, limits);
    this.emit({ kind: 'presence', room: roomName, entry: record.entry, conn, at: record.at });
    return true;
  }

  async updateMany(roomName: string, items: ReadonlyArray<{ record: FollowerRecord; conn: string }>): Promise<void> {
    const room = this.rooms.get(roomName);
    if (!room) return;
    // One process: the writer is the only one, and it has its positions already (no event).
    for (const { record, conn } of items) {
      if (room.owners.get(record.entry.clientId) !== conn || !record.entry.connected) continue;
      this.write(room, record);
    }
  }

  async watchPositions(): Promise<void> {}

  // One process: its devices are all there is.
  async publishDevices(): Promise<void> {}

  async devices(): Promise<DeviceSnapshot[]> {
    return [];
  }

  async applyUpdate(): Promise<void> {}

  // One process: the tools and views live in the hub's GuideTools (tools.ts); nothing to share.
  async setTools(_room: string, tools: { highlight: string | null; hold: boolean }): Promise<SharedTools> {
    return { ...tools, rev: ++this.toolsRev, holder: tools.hold ? this.origin : null };
  }

  async renewHold(): Promise<'renewed'> {
    return 'renewed';
  }

  async watchViews(): Promise<void> {}

  async publishView(): Promise<void> {}

  async roster(roomName: string, limits: RosterLimits): Promise<FollowerRecord[]> {
    const room = this.rooms.get(roomName);
    if (!room) return [];
    this.prune(room, limits);
    return [...room.followers.values()];
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
