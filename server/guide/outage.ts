// Commands, store events, outage and resync. A guide's command is numbered by the store and fanned out to the
// room's sockets (each heard once, even when it comes back from the store). While the store (Redis) is unreachable,
// commands are numbered here in an epoch of their own, reach this server's sockets, and the guide is told
// (`not-shared`); when it is back, every room is written again and every socket gets the room's state.
import { CLOSE, type Command } from '../../src/features/guide/protocol.ts';
import type { Client, HubContext } from './context.ts';
import { applyUpdateHere, markTeamsDirty } from './devices.ts';
import { markRosterDirty, mergeRoster } from './roster.ts';
import { newEpoch, type NewCommand, type StoreEvent } from './store.ts';

/** Numbers and shares a guide's command through the store; if the store cannot be reached, this server's sockets still get it. */
export async function shareCommand(hub: HubContext, c: Client, roomName: string, command: NewCommand): Promise<void> {
  const slot = command.cmd.type;
  try {
    const numbered = await hub.stored(() => hub.store.command(roomName, command));
    // Shared: what was made during an outage for this slot is older now (and must not be written after this one).
    const outage = hub.local.get(roomName)?.outage;
    if (outage) {
      outage.unsent.delete(slot);
      if (outage.unsent.size === 0) endOutage(hub, roomName);
    }
    // Delivered here now, not only when it comes back from the store (whose subscription may still be reconnecting).
    if (numbered) onStoreEvent(hub, { kind: 'command', room: roomName, command: numbered });
  } catch (err) {
    const room = hub.room(roomName);
    if (!room.outage) {
      room.outage = { epoch: newEpoch('local-'), rev: 0, unsent: new Map() };
      hub.log.warn(
        `[guide] the store is unreachable (${(err as Error)?.message ?? String(err)}); room ${roomName} is led on this server only until it is back`,
      );
    }
    room.outage.unsent.delete(slot);
    room.outage.unsent.set(slot, command);
    const numbered: Command = { ...command, rev: ++room.outage.rev, epoch: room.outage.epoch };
    onStoreEvent(hub, { kind: 'command', room: roomName, command: numbered });
    hub.send(c, { type: 'error', code: 'not-shared' });
  }
}

function endOutage(hub: HubContext, roomName: string): void {
  const room = hub.local.get(roomName);
  if (!room?.outage) return;
  room.outage = null;
  hub.log.info(`[guide] room ${roomName} is shared through the store again`);
  hub.forgetRoomIfEmpty(roomName);
}

export function onStoreEvent(hub: HubContext, event: StoreEvent): void {
  if (event.kind === 'resync') {
    resync(hub);
    return;
  }
  // The guide's tools and the shared views reach this process's followers and screens (tools.ts).
  if (event.kind === 'tools') return void hub.tools.adopt(event.room, event.tools, false);
  if (event.kind === 'view') return hub.tools.remoteView(event.room, event.view);
  const room = hub.local.get(event.room);
  if (!room) return;
  if (event.kind === 'presences') {
    // Positions of connected visitors another process owns (written only by their owner): the roster's news only.
    if (room.mirror) {
      mergeRoster(room, event.items);
      markRosterDirty(hub, event.room);
    }
    return;
  }
  if (event.kind === 'command') {
    const slot = event.command.cmd.type;
    const known = room.latest[slot];
    // A command of the store while this room was led locally (outage) is older news unless it is for the other slot.
    if (room.outage && event.command.epoch !== room.outage.epoch && room.outage.unsent.has(slot)) return;
    const id = `${event.command.epoch ?? ''}:${event.command.rev}`;
    if (room.delivered.has(id)) return;
    room.delivered.add(id);
    if (room.delivered.size > 256) for (const old of room.delivered) if (room.delivered.delete(old)) break;
    if (!known || known.epoch !== event.command.epoch || known.rev < event.command.rev) {
      room.latest = { ...room.latest, [slot]: event.command, epoch: event.command.epoch ?? room.latest.epoch };
    }
    const bytes = Buffer.from(JSON.stringify(event.command));
    for (const c of room.guides) deliver(hub, c, event.command, bytes);
    for (const c of room.followers.values()) deliver(hub, c, event.command, bytes);
    return;
  }
  if (event.kind === 'devices') return markTeamsDirty(hub, event.room);
  if (event.kind === 'apply-update') return applyUpdateHere(hub, room, event.deviceId);
  // presence
  const local = room.followers.get(event.entry.clientId);
  if (local && event.entry.connected && local.conn !== event.conn) {
    // The same visitor connected through another process: this connection is the stale one.
    room.followers.delete(event.entry.clientId);
    hub.closeClient(local, CLOSE.replaced, 'replaced');
  }
  if (room.mirror) {
    mergeRoster(room, [{ entry: event.entry, at: event.at }]);
    markRosterDirty(hub, event.room);
  }
}

function deliver(hub: HubContext, c: Client, command: Command, bytes: Buffer): void {
  if (c.pending) c.pending.push(command);
  else hub.send(c, bytes);
}

/**
 * The store is back (or lost events): every room this server serves is written again where the store lacks it (what
 * the guide did during an outage, the last commands if the store lost them, the visitors connected here), then every
 * socket gets the room's state. A failure tries again a second later.
 */
function resync(hub: HubContext): void {
  if (hub.closing) return;
  for (const [name, room] of hub.local) {
    // One resync of a room at a time; one asked for meanwhile runs after it.
    if (room.resyncing) {
      room.resyncAgain = true;
      continue;
    }
    room.resyncing = true;
    const run = (): Promise<void> =>
      resyncRoom(hub, name).then(() => {
        if (!room.resyncAgain || hub.closing) return;
        room.resyncAgain = false;
        return run();
      });
    void run()
      .finally(() => {
        room.resyncing = false;
        room.resyncAgain = false;
      })
      .catch((err: unknown) => {
        hub.log.warn(`[guide] resync of room ${name} failed (${(err as Error)?.message}); trying again in 1 s`);
        if (hub.resyncTimer === null && !hub.closing) {
          hub.resyncTimer = setTimeout(() => {
            hub.resyncTimer = null;
            hub.guard('resync', () => resync(hub));
          }, 1000);
          hub.resyncTimer.unref();
        }
      });
  }
}

async function resyncRoom(hub: HubContext, name: string): Promise<void> {
  const room = hub.local.get(name);
  if (!room) return;
  const limits = hub.rosterLimits();
  // Visitors this server took in while the store was away, or that a restarted store forgot.
  for (const c of room.followers.values()) {
    if (!c.entry || c.closed) continue;
    const record = { entry: c.entry, at: hub.now() };
    if (await hub.stored(() => hub.store.claim(name, record, c.conn, { ...limits, maxConnected: Number.MAX_SAFE_INTEGER })))
      c.unclaimed = false;
  }
  // What the guide did here during an outage is the newest news; the last commands this server knows are written
  // only where the store has none (it restarted empty), never over what another server wrote.
  for (const slot of ['tour', 'goto'] as const) {
    const command = room.outage?.unsent.get(slot);
    if (!command) continue;
    const numbered = await hub.stored(() => hub.store.command(name, command));
    // Unless the guide sent a newer one meanwhile (which then is the outage's last word for this slot).
    if (room.outage?.unsent.get(slot) === command) room.outage.unsent.delete(slot);
    if (numbered) onStoreEvent(hub, { kind: 'command', room: name, command: numbered });
  }
  for (const slot of ['tour', 'goto'] as const) {
    const mine = room.latest[slot];
    if (mine && !room.outage?.unsent.has(slot)) {
      await hub.stored(() => hub.store.command(name, { ...withoutNumbers(mine), issuedAt: hub.now() }, { ifAbsent: true }));
    }
  }
  if (room.outage && room.outage.unsent.size === 0) endOutage(hub, name);
  // The guide's tools set here during the outage (or the hold renewed from here) are written again, like its commands.
  await hub.tools.resync(name);
  const state = await hub.stored(() => hub.store.state(name));
  room.latest = state;
  hub.tools.adopt(name, state.tools ?? null, true);
  for (const c of [...room.guides, ...room.followers.values()]) if (c.pending === null) hub.sendState(c, state);
  if (room.mirror) {
    mergeRoster(room, await hub.stored(() => hub.store.roster(name, limits)));
    markRosterDirty(hub, name);
  }
}

/** A command as the store takes it: without the numbers a store gives. */
function withoutNumbers(command: Command): NewCommand {
  const { rev: _rev, epoch: _epoch, ...rest } = command;
  return rest;
}
