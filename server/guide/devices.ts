// Devices and the event team's page (role `team`): each follower's and status-only kiosk's last `status` (at most
// one per socket every `statusIntervalMs`), when it was last heard from, and the build the server serves now; a
// device gone longer than `deviceGraceMs` leaves the list. The list is this process's own sockets (it is not shared
// through Redis).
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

export function onDeviceHello(hub: HubContext, c: Client, msg: DeviceHello): void {
  if (!hub.options.rooms.has(msg.room)) {
    hub.refuseLog(c.ip, `refused device ${msg.clientId}: unknown room ${msg.room}`);
    hub.send(c, { type: 'error', code: 'unknown-room' });
    hub.closeClient(c, CLOSE.unauthorized, 'unknown room');
    return;
  }
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

function markDevicesDirty(hub: HubContext, name: string): void {
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

function sendDevices(hub: HubContext, name: string, to: readonly Client[]): void {
  const room = hub.local.get(name);
  if (!room || to.length === 0) return;
  room.lastDevicesAt = hub.now();
  dropStaleDevices(hub, name, room);
  const devices: DeviceEntry[] = [...room.devices.values()]
    .sort(
      (a, b) => Number(b.socket !== null) - Number(a.socket !== null) || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0),
    )
    .slice(0, DEVICES_MAX_ENTRIES)
    .map((r) => ({ deviceId: r.deviceId, role: r.role, connected: r.socket !== null, lastSeen: r.lastSeen, status: r.status }));
  const bytes = Buffer.from(JSON.stringify({ type: 'devices', serverVersion: serverVersion(hub), serverTime: hub.now(), devices }));
  for (const c of to) hub.send(c, bytes);
}
