// Where a room's shared facts live: its commands (with a revision that orders them), its current state (the last
// goto and the last tour command) and its roster. Every process hears every event through `subscribe`, its own
// included: the hub delivers commands to its local sockets only when they come back from the store, so one
// process and many behave alike. In-process here; through Redis in redis-store.ts.
import type { Command, RosterEntry } from '../../src/features/guide/protocol.ts';

/** A command before the store numbers it. */
export type NewCommand = Omit<Command, 'rev'>;

export interface RoomState {
  goto: Command | null;
  tour: Command | null;
}

export interface FollowerRecord {
  entry: RosterEntry;
  /** When this record was written (ms since the epoch): newer wins when copies meet. */
  at: number;
}

export type StoreEvent =
  | { kind: 'command'; room: string; command: Command }
  | { kind: 'presence'; room: string; entry: RosterEntry; conn: string; at: number }
  /** The store lost events (e.g. Redis reconnected): re-read what you show. */
  | { kind: 'resync' };

export interface GuideStore {
  readonly kind: 'memory' | 'redis';
  subscribe(listener: (event: StoreEvent) => void): () => void;
  /** Numbers the command (room revision), keeps it as the room's last goto / tour, and publishes it. */
  command(room: string, command: NewCommand): Promise<Command>;
  state(room: string): Promise<RoomState>;
  follower(room: string, clientId: string): Promise<FollowerRecord | null>;
  /**
   * Makes connection `conn` the owner of `entry.clientId` and writes the entry; publishes a presence event.
   * False (nothing written) when the visitor is new and the room already has `maxFollowers`.
   */
  claim(room: string, record: FollowerRecord, conn: string, maxFollowers: number): Promise<boolean>;
  /** Writes the entry only if `conn` still owns the clientId; publishes a presence event. */
  update(room: string, record: FollowerRecord, conn: string): Promise<boolean>;
  roster(room: string): Promise<FollowerRecord[]>;
  close(): Promise<void>;
}

interface MemoryRoom {
  rev: number;
  state: RoomState;
  followers: Map<string, FollowerRecord>;
  owners: Map<string, string>;
}

/** One process: everything in memory, events delivered synchronously. */
export class MemoryStore implements GuideStore {
  readonly kind = 'memory';
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
      room = { rev: 0, state: { goto: null, tour: null }, followers: new Map(), owners: new Map() };
      this.rooms.set(name, room);
    }
    return room;
  }

  async command(roomName: string, command: NewCommand): Promise<Command> {
    const room = this.room(roomName);
    const numbered: Command = { ...command, rev: ++room.rev };
    if (numbered.cmd.type === 'goto') room.state.goto = numbered;
    else room.state.tour = numbered;
    this.emit({ kind: 'command', room: roomName, command: numbered });
    return numbered;
  }

  async state(roomName: string): Promise<RoomState> {
    return { ...this.room(roomName).state };
  }

  async follower(roomName: string, clientId: string): Promise<FollowerRecord | null> {
    return this.rooms.get(roomName)?.followers.get(clientId) ?? null;
  }

  async claim(roomName: string, record: FollowerRecord, conn: string, maxFollowers: number): Promise<boolean> {
    const room = this.room(roomName);
    const id = record.entry.clientId;
    if (!room.followers.has(id) && room.followers.size >= maxFollowers) return false;
    room.followers.set(id, record);
    room.owners.set(id, conn);
    this.emit({ kind: 'presence', room: roomName, entry: record.entry, conn, at: record.at });
    return true;
  }

  async update(roomName: string, record: FollowerRecord, conn: string): Promise<boolean> {
    const room = this.rooms.get(roomName);
    const id = record.entry.clientId;
    if (!room || room.owners.get(id) !== conn) return false;
    room.followers.set(id, record);
    this.emit({ kind: 'presence', room: roomName, entry: record.entry, conn, at: record.at });
    return true;
  }

  async roster(roomName: string): Promise<FollowerRecord[]> {
    return [...(this.rooms.get(roomName)?.followers.values() ?? [])];
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
