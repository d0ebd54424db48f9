// The roster a room's guides see: this process's mirror of the store's followers (kept while a guide of the room is
// connected here), at most one roster message per `rosterIntervalMs`, at most ROSTER_MAX_ENTRIES entries; a visitor
// gone longer than the grace period is forgotten.
import { ROSTER_MAX_ENTRIES, type RosterEntry } from '../../src/features/guide/protocol.ts';
import type { HubContext, LocalRoom } from './context.ts';
import { expired, type FollowerRecord } from './store.ts';

export function mergeRoster(room: LocalRoom, records: readonly FollowerRecord[]): void {
  if (!room.mirror) return;
  for (const record of records) {
    const known = room.mirror.get(record.entry.clientId);
    if (!known || record.at >= known.at) room.mirror.set(record.entry.clientId, record);
  }
}

export function markRosterDirty(hub: HubContext, name: string): void {
  const room = hub.local.get(name);
  if (!room || room.guides.size === 0 || room.rosterTimer) return;
  const interval = hub.options.rosterIntervalMs ?? 250;
  const delay = Math.max(0, room.lastRosterAt + interval - hub.now());
  room.rosterTimer = setTimeout(() => hub.guard('roster', () => flushRoster(hub, name)), delay);
  room.rosterTimer.unref();
}

function flushRoster(hub: HubContext, name: string): void {
  const room = hub.local.get(name);
  if (!room) return;
  room.rosterTimer = null;
  room.lastRosterAt = hub.now();
  if (!room.mirror) return;
  const byId = (a: RosterEntry, b: RosterEntry) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0);
  const limits = hub.rosterLimits();
  const connected: RosterEntry[] = [];
  const away: FollowerRecord[] = [];
  for (const [id, record] of room.mirror) {
    if (record.entry.connected) connected.push(record.entry);
    else if (expired(record, limits)) room.mirror.delete(id);
    else away.push(record);
  }
  // Remembered visitors beyond the room's size: the ones who left first are forgotten.
  if (away.length > limits.maxRemembered) {
    away.sort((a, b) => a.at - b.at);
    for (const r of away.splice(0, away.length - limits.maxRemembered)) room.mirror.delete(r.entry.clientId);
  }
  connected.sort(byId);
  const followers = [...connected, ...away.map((r) => r.entry).sort(byId)].slice(0, ROSTER_MAX_ENTRIES);
  const total = { connected: connected.length, following: connected.filter((e) => e.following).length, away: away.length };
  const bytes = Buffer.from(JSON.stringify({ type: 'roster', followers, total }));
  for (const c of room.guides) if (c.pending === null) hub.send(c, bytes);
}
