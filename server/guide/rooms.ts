// Rooms: a guide joining (the roster mirror, the room's state), a follower joining (its place kept `followerGraceMs`
// through a reconnect, the room's size), followers' positions (written to the store together), and a socket leaving.
import { CLOSE, PROTOCOL_VERSION, type FollowerHello, type Position, type RosterEntry } from '../../src/features/guide/protocol.ts';
import { MAX_LOGGED_DROPS, type Client, type HubContext, type LocalRoom } from './context.ts';
import { deviceJoins, deviceLeaves } from './devices.ts';
import { onStoreEvent } from './outage.ts';
import { markRosterDirty, mergeRoster } from './roster.ts';
import { expired, type FollowerRecord, type RoomState } from './store.ts';

export function guideJoins(hub: HubContext, c: Client, roomName: string): void {
  c.role = 'guide';
  c.room = roomName;
  const room = hub.room(roomName);
  room.guides.add(c);
  hub.log.info(`[guide] guide #${c.n} leads room ${roomName} (${room.guides.size} guide connection(s) here)`);
  hub.enqueue(c, 'guide hello', async () => {
    if (!room.mirror) {
      room.mirror = new Map();
      room.rosterOrder = null;
      for (const f of room.followers.values()) if (f.entry) room.mirror.set(f.entry.clientId, { entry: f.entry, at: hub.now() });
      try {
        // Heard from now on (before the roster is read, so nothing falls between the two).
        await hub.stored(() => hub.store.watchPositions(roomName, true));
      } catch (err) {
        hub.log.warn(
          `[guide] watching the positions of room ${roomName} failed (${(err as Error)?.message}); trying again when the store is back`,
        );
      }
      try {
        mergeRoster(room, await hub.stored(() => hub.store.roster(roomName, hub.rosterLimits())));
      } catch (err) {
        hub.log.warn(`[guide] reading the roster of room ${roomName} failed (${(err as Error)?.message}); showing this server's visitors`);
      }
    }
    const state = await roomState(hub, roomName);
    if (c.closed) return;
    hub.send(c, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      role: 'guide',
      room: roomName,
      reconnected: false,
      serverTime: hub.now(),
    });
    hub.sendState(c, state);
    if (room.outage) hub.send(c, { type: 'error', code: 'not-shared' });
    markRosterDirty(hub, roomName);
  });
}

/** The room's state from the store, or (store unreachable, or an outage of this room) as this server knows it. */
async function roomState(hub: HubContext, roomName: string): Promise<RoomState> {
  const room = hub.local.get(roomName);
  if (room?.outage) return room.latest;
  try {
    return await hub.stored(() => hub.store.state(roomName));
  } catch (err) {
    hub.log.warn(`[guide] reading the state of room ${roomName} failed (${(err as Error)?.message}); using this server's copy`);
    return room?.latest ?? { goto: null, tour: null, epoch: null };
  }
}

export function onFollowerHello(hub: HubContext, c: Client, msg: FollowerHello): void {
  if (!hub.options.rooms.has(msg.room)) return hub.reject(c, 'unknown-room', `follower ${msg.clientId} for unknown room ${msg.room}`);
  c.role = 'follower';
  c.room = msg.room;
  c.clientId = msg.clientId;
  const room = hub.room(msg.room);
  const previous = room.followers.get(msg.clientId);
  if (previous && previous !== c) {
    hub.log.info(`[guide] follower ${msg.clientId} connected again; closing its older connection`);
    hub.closeClient(previous, CLOSE.replaced, 'replaced');
  }
  room.followers.set(msg.clientId, c);
  deviceJoins(hub, room, c, 'follower');
  hub.enqueue(c, 'follower hello', async () => {
    const limits = hub.rosterLimits();
    let known: FollowerRecord | null = null;
    let shared = true;
    try {
      known = await hub.stored(() => hub.store.follower(msg.room, msg.clientId));
    } catch {
      shared = false;
      known = room.mirror?.get(msg.clientId) ?? null;
    }
    const before = known && !expired(known, limits) ? known : null;
    const entry: RosterEntry = {
      clientId: msg.clientId,
      milestone: before?.entry.milestone ?? null,
      following: before?.entry.following ?? true,
      connected: true,
      reconnected: before !== null,
    };
    if (shared) {
      try {
        if (!(await hub.stored(() => hub.store.claim(msg.room, { entry, at: hub.now() }, c.conn, limits)))) {
          hub.refuseLog(c.ip, `refused follower ${msg.clientId}: room ${msg.room} is full (${limits.maxConnected} connected)`);
          hub.send(c, { type: 'error', code: 'room-full' });
          hub.closeClient(c, CLOSE.roomFull, 'room full');
          return;
        }
      } catch {
        shared = false;
      }
    }
    if (!shared) {
      // The store is unreachable: this server takes the visitor in, and tells the store at the next resync.
      if (localConnected(room) > limits.maxConnected) {
        hub.send(c, { type: 'error', code: 'room-full' });
        hub.closeClient(c, CLOSE.roomFull, 'room full');
        return;
      }
      c.unclaimed = true;
      onStoreEvent(hub, { kind: 'presence', room: msg.room, entry, conn: c.conn, at: hub.now() });
    }
    c.entry = entry;
    const state = await roomState(hub, msg.room);
    if (c.closed) return;
    hub.log.info(`[guide] follower ${msg.clientId} ${entry.reconnected ? 'reconnected to' : 'joined'} room ${msg.room}`);
    hub.send(c, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      role: 'follower',
      room: msg.room,
      reconnected: entry.reconnected,
      serverTime: hub.now(),
    });
    hub.sendState(c, state);
  });
}

function localConnected(room: LocalRoom): number {
  return room.followers.size;
}

export async function onPosition(hub: HubContext, c: Client, msg: Position): Promise<void> {
  if (!c.entry || c.closed) return;
  if (c.entry.milestone === msg.milestone && c.entry.following === msg.following) return;
  c.entry = { ...c.entry, milestone: msg.milestone, following: msg.following };
  if (c.unclaimed) return onStoreEvent(hub, { kind: 'presence', room: c.room!, entry: c.entry, at: hub.now(), conn: c.conn });
  // Written with the room's other changes of the next `positionFlushMs`: one store call, one event, not one per visitor.
  const room = hub.room(c.room!);
  room.positions.add(c);
  if (!room.positionTimer) {
    const name = c.room!;
    room.positionTimer = setTimeout(() => hub.guard('positions', () => flushPositions(hub, name)), hub.options.positionFlushMs ?? 100);
    room.positionTimer.unref();
  }
}

function flushPositions(hub: HubContext, name: string): void {
  const room = hub.local.get(name);
  if (!room) return;
  room.positionTimer = null;
  const at = hub.now();
  const clients = [...room.positions].filter((c) => c.entry && !c.closed && !c.unclaimed);
  room.positions.clear();
  if (clients.length === 0) return hub.forgetRoomIfEmpty(name);
  const items = clients.map((c) => ({ record: { entry: c.entry!, at }, conn: c.conn }));
  // This server's guides see them now; the store tells the other servers' guides (the writer hears no echo).
  if (room.mirror) {
    mergeRoster(
      room,
      items.map((i) => i.record),
    );
    markRosterDirty(hub, name);
  }
  hub
    .stored(() => hub.store.updateMany(name, items))
    .catch(() => {
      // The store is unreachable: this server's guides still see them; the next resync writes them.
      for (const c of clients) {
        c.unclaimed = true;
        if (c.entry) onStoreEvent(hub, { kind: 'presence', room: name, entry: c.entry, at, conn: c.conn });
      }
    });
}

export function onClose(hub: HubContext, c: Client): void {
  c.closed = true;
  hub.clearHelloTimer(c);
  if (c.loginTimer) clearTimeout(c.loginTimer);
  c.loginTimer = null;
  hub.clients.delete(c);
  if (c.room === null) return;
  const name = c.room;
  const room = hub.local.get(name);
  if (room) deviceLeaves(hub, room, c);
  hub.tools.left(c);
  if (c.role === 'watcher') return;
  if (c.role === 'team') {
    room?.teams.delete(c);
    hub.log.info(`[guide] team page #${c.n} left room ${name}`);
    hub.forgetRoomIfEmpty(name);
    return;
  }
  if (c.role === 'device') {
    hub.forgetRoomIfEmpty(name);
    return;
  }
  if (c.role === 'guide') {
    room?.guides.delete(c);
    hub.log.info(`[guide] guide #${c.n} left room ${name}`);
    if (room && room.guides.size === 0) {
      room.mirror = null;
      room.rosterOrder = null;
      void hub.stored(() => hub.store.watchPositions(name, false)).catch(() => undefined);
      if (room.rosterTimer) clearTimeout(room.rosterTimer);
      room.rosterTimer = null;
    }
    hub.forgetRoomIfEmpty(name);
    return;
  }
  if (room?.followers.get(c.clientId!) === c) room.followers.delete(c.clientId!);
  // Its last position is written before its departure (same store connection, in order).
  if (room?.positions.delete(c) && c.entry && !c.unclaimed) {
    const item = { record: { entry: c.entry, at: hub.now() }, conn: c.conn };
    if (room.mirror) mergeRoster(room, [item.record]);
    void hub.stored(() => hub.store.updateMany(name, [item])).catch(() => undefined);
  }
  hub.forgetRoomIfEmpty(name);
  if (c.dropped > MAX_LOGGED_DROPS) hub.log.warn(`[guide] ${hub.describe(c)} left; ${c.dropped} of its messages were dropped`);
  // After its hello has finished (the queue), so a quick disconnect is not overwritten by the claim.
  const queue = c.queue.then(async () => {
    if (!c.entry || hub.closing) return;
    c.entry = { ...c.entry, connected: false };
    const record = { entry: c.entry, at: hub.now() };
    if (!c.unclaimed) {
      try {
        await hub.stored(() => hub.store.update(name, record, c.conn, hub.rosterLimits()));
        return;
      } catch {
        // below: this server's guides still see the visitor leave
      }
    }
    onStoreEvent(hub, { kind: 'presence', room: name, ...record, conn: c.conn });
  });
  queue.catch((err: unknown) => hub.log.warn(`[guide] recording that ${hub.describe(c)} left failed: ${(err as Error)?.message}`));
}
