// Devices and the event team's page (role `team`): each follower's and status-only kiosk's last `status` (at most
// one per socket every `statusIntervalMs`), when it was last heard from, and the build the server serves now; a
// device gone longer than `deviceGraceMs` leaves the list.
//
// With several processes sharing the room (Redis), each writes its own devices to the store (at every change, at most
// one write per `rosterIntervalMs`, and at every team refresh) and the others' team pages read them: the list covers
// the room on every process. A process whose snapshot is older than three team refreshes is taken as gone (its devices
// are shown disconnected, then dropped after the grace period). "Apply update now" for a device on another process
// goes through the store to whichever process has it.
import {
  CLOSE,
  DEVICES_MAX_ENTRIES,
  PROTOCOL_VERSION,
  STATUS_INTERVAL_MS,
  type DeviceEntry,
  type DeviceHello,
  type Status,
} from '../../src/features/guide/protocol.ts';
import type { Client, HubContext, LocalRoom } from './context.ts';
import type { DeviceSnapshot } from './store.ts';

export function onDeviceHello(hub: HubContext, c: Client, msg: DeviceHello): void {
  if (!hub.options.rooms.has(msg.room)) return hub.reject(c, 'unknown-room', `device ${msg.clientId} for unknown room ${msg.room}`);
  c.role = 'device';
  c.room = msg.room;
  c.clientId = msg.clientId;
  // A status-only kiosk hears no commands.
  c.pending = null;
  const room = hub.room(msg.room);
  const previous = room.devices.get(msg.clientId)?.socket;
  if (previous && previous !== c && previous.role === 'device') {
    hub.log.info(`[guide] device ${msg.clientId} connected again; closing its older connection`);
    hub.closeClient(previous, CLOSE.replaced, 'replaced');
  }
  deviceJoins(hub, room, c, 'device');
  hub.log.info(`[guide] device ${msg.clientId} reports to room ${msg.room}`);
  hub.send(c, {
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    role: 'device',
    room: msg.room,
    reconnected: false,
    serverTime: hub.now(),
  });
}

export function teamJoins(hub: HubContext, c: Client, roomName: string): void {
  c.role = 'team';
  c.room = roomName;
  c.pending = null;
  const room = hub.room(roomName);
  room.teams.add(c);
  hub.log.info(`[guide] team page #${c.n} watches room ${roomName}`);
  hub.send(c, { type: 'welcome', protocol: PROTOCOL_VERSION, role: 'team', room: roomName, reconnected: false, serverTime: hub.now() });
  sendDevices(hub, roomName, [c]);
}

export function deviceJoins(hub: HubContext, room: LocalRoom, c: Client, role: 'follower' | 'device'): void {
  const known = room.devices.get(c.clientId!);
  room.devices.set(c.clientId!, { deviceId: c.clientId!, role, socket: c, lastSeen: hub.now(), status: known?.status ?? null });
  markDevicesDirty(hub, c.room!);
}

export function deviceLeaves(hub: HubContext, room: LocalRoom, c: Client): void {
  if (c.clientId === null) return;
  const record = room.devices.get(c.clientId);
  if (!record || record.socket !== c) return;
  record.socket = null;
  record.lastSeen = hub.now();
  markDevicesDirty(hub, c.room!);
}

/** The device of this socket was heard from. */
export function seen(hub: HubContext, c: Client): void {
  if (c.clientId === null || c.room === null) return;
  const record = hub.local.get(c.room)?.devices.get(c.clientId);
  if (record && record.socket === c) record.lastSeen = hub.now();
}

export function onStatus(hub: HubContext, c: Client, msg: Status): void {
  const now = hub.now();
  if (now - c.lastStatusAt < (hub.options.statusIntervalMs ?? STATUS_INTERVAL_MS)) {
    // More than one status per interval: dropped (the next one in time is kept).
    c.dropped++;
    return;
  }
  c.lastStatusAt = now;
  const record = hub.local.get(c.room!)?.devices.get(c.clientId!);
  if (!record || record.socket !== c) return;
  const { type: _type, ...status } = msg;
  record.status = status;
  record.lastSeen = now;
  markDevicesDirty(hub, c.room!);
}

/** This process's devices changed: its team pages hear it, and (shared rooms) the other processes' do. */
function markDevicesDirty(hub: HubContext, name: string): void {
  markTeamsDirty(hub, name);
  const room = hub.local.get(name);
  if (!room || hub.store.kind === 'memory' || room.publishTimer || hub.closing) return;
  const delay = Math.max(0, room.lastPublishAt + (hub.options.rosterIntervalMs ?? 250) - hub.now());
  room.publishTimer = setTimeout(() => {
    room.publishTimer = null;
    hub.guard('devices', () => publishDevices(hub, name, true));
  }, delay);
  room.publishTimer.unref();
}

/** The room's team pages here get the list again (at most one message per `rosterIntervalMs`). */
export function markTeamsDirty(hub: HubContext, name: string): void {
  const room = hub.local.get(name);
  if (!room || room.teams.size === 0 || room.devicesTimer) return;
  const interval = hub.options.rosterIntervalMs ?? 250;
  const delay = Math.max(0, room.lastDevicesAt + interval - hub.now());
  room.devicesTimer = setTimeout(() => {
    room.devicesTimer = null;
    hub.guard('devices', () => sendDevices(hub, name, [...room.teams]));
  }, delay);
  room.devicesTimer.unref();
}

/** Devices gone longer than the grace period leave the list. */
function dropStaleDevices(hub: HubContext, name: string, room: LocalRoom): void {
  const grace = hub.options.deviceGraceMs ?? 2 * 60_000;
  const now = hub.now();
  for (const [id, record] of room.devices) if (record.socket === null && now - record.lastSeen > grace) room.devices.delete(id);
  hub.forgetRoomIfEmpty(name);
}

export function refreshTeams(hub: HubContext): void {
  for (const [name, room] of [...hub.local]) {
    dropStaleDevices(hub, name, room);
    // The last-seen times go to the store too (not announced: the other processes' refreshes read them).
    if (hub.store.kind !== 'memory' && hub.local.has(name)) publishDevices(hub, name, false);
    if (room.teams.size > 0) sendDevices(hub, name, [...room.teams]);
  }
}

function serverVersion(hub: HubContext): string | null {
  try {
    return hub.options.buildVersion?.() ?? null;
  } catch {
    return null;
  }
}

const byConnectedThenId = (a: DeviceEntry, b: DeviceEntry) =>
  Number(b.connected) - Number(a.connected) || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0);

/** This process's devices of the room, connected first. */
function localDevices(room: LocalRoom): DeviceEntry[] {
  return [...room.devices.values()]
    .map((r) => ({ deviceId: r.deviceId, role: r.role, connected: r.socket !== null, lastSeen: r.lastSeen, status: r.status }))
    .sort(byConnectedThenId)
    .slice(0, DEVICES_MAX_ENTRIES);
}

function publishDevices(hub: HubContext, name: string, announce: boolean): void {
  const room = hub.local.get(name);
  if (!room) return;
  room.lastPublishAt = hub.now();
  const snapshot: DeviceSnapshot = { at: hub.now(), devices: localDevices(room) };
  // Unreachable store: the next change or refresh writes them again.
  void hub.stored(() => hub.store.publishDevices(name, snapshot, announce)).catch(() => undefined);
}

/**
 * The other processes' devices as their last snapshots say: a snapshot older than three team refreshes is of a process
 * that is gone (its devices are shown disconnected); a disconnected device past the grace period is dropped.
 */
function remoteDevices(hub: HubContext, snapshots: readonly DeviceSnapshot[]): DeviceEntry[] {
  const now = hub.now();
  const grace = hub.options.deviceGraceMs ?? 2 * 60_000;
  const staleMs = 3 * (hub.options.teamRefreshMs ?? 5000);
  const out: DeviceEntry[] = [];
  for (const snapshot of snapshots) {
    const gone = now - snapshot.at > staleMs;
    for (const d of snapshot.devices) {
      const entry = gone && d.connected ? { ...d, connected: false } : d;
      if (!entry.connected && now - entry.lastSeen > grace) continue;
      out.push(entry);
    }
  }
  return out;
}

/** One entry per device: where it is connected, else where it was heard from last. */
function mergeDevices(lists: ReadonlyArray<readonly DeviceEntry[]>): DeviceEntry[] {
  const byId = new Map<string, DeviceEntry>();
  for (const list of lists) {
    for (const d of list) {
      const known = byId.get(d.deviceId);
      if (!known || (d.connected && !known.connected) || (d.connected === known.connected && d.lastSeen > known.lastSeen))
        byId.set(d.deviceId, d);
    }
  }
  return [...byId.values()].sort(byConnectedThenId).slice(0, DEVICES_MAX_ENTRIES);
}

/** The other processes' devices of the room (none when the store is in-process or cannot be reached). */
async function readRemoteDevices(hub: HubContext, name: string): Promise<DeviceEntry[]> {
  if (hub.store.kind === 'memory') return [];
  try {
    return remoteDevices(hub, await hub.stored(() => hub.store.devices(name)));
  } catch (err) {
    hub.log.warn(`[guide] reading the devices of room ${name} failed (${(err as Error)?.message}); listing this server's`);
    return [];
  }
}

function sendDevices(hub: HubContext, name: string, to: readonly Client[]): void {
  const room = hub.local.get(name);
  if (!room || to.length === 0) return;
  room.lastDevicesAt = hub.now();
  dropStaleDevices(hub, name, room);
  const send = (remote: readonly DeviceEntry[]) => {
    const here = hub.local.get(name);
    const devices = mergeDevices([here ? localDevices(here) : [], remote]);
    const bytes = Buffer.from(JSON.stringify({ type: 'devices', serverVersion: serverVersion(hub), serverTime: hub.now(), devices }));
    for (const c of to) hub.send(c, bytes);
  };
  if (hub.store.kind === 'memory') return send([]);
  void readRemoteDevices(hub, name).then((remote) => hub.guard('devices', () => send(remote)));
}

/** A team page or guide asks a device to apply a waiting update: here, or through the store on another process. */
export function requestApplyUpdate(hub: HubContext, c: Client, deviceId: string): void {
  const name = c.room!;
  const target = hub.local.get(name)?.devices.get(deviceId)?.socket;
  if (target && !target.closed) {
    hub.log.info(`[guide] ${hub.describe(c)} asked ${hub.describe(target)} to apply a waiting update`);
    hub.send(target, { type: 'apply-update' });
    return;
  }
  if (hub.store.kind === 'memory') return hub.refuse(c, 'unknown-device', 'apply-update for a device not connected');
  hub.enqueue(c, 'apply-update', async () => {
    const remote = (await readRemoteDevices(hub, name)).find((d) => d.deviceId === deviceId && d.connected);
    if (!remote) return hub.refuse(c, 'unknown-device', 'apply-update for a device not connected to any server');
    await hub.stored(() => hub.store.applyUpdate(name, deviceId));
    hub.log.info(`[guide] ${hub.describe(c)} asked device ${deviceId} (on another server) to apply a waiting update`);
  });
}

/** An apply-update request from the store: passed on if the device is connected here. */
export function applyUpdateHere(hub: HubContext, room: LocalRoom, deviceId: string): void {
  const target = room.devices.get(deviceId)?.socket;
  if (!target || target.closed) return;
  hub.log.info(`[guide] a team page or guide on another server asked ${hub.describe(target)} to apply a waiting update`);
  hub.send(target, { type: 'apply-update' });
}
