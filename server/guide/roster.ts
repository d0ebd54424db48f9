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
    if (!known) room.rosterOrder = null;
    if (!known || record.at >= known.at) room.mirror.set(record.entry.clientId, record);
  }
}

/** Forgets a visitor of the mirror. */
export function forgetFollower(room: LocalRoom, clientId: string): void {
  if (room.mirror?.delete(clientId)) room.rosterOrder = null;
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
  const limits = hub.rosterLimits();
  let away = 0;
  for (const [id, record] of room.mirror) {
    if (record.entry.connected) continue;
    if (expired(record, limits)) forgetFollower(room, id);
    else away++;
  }
  // Remembered visitors beyond the room's size: the ones who left first are forgotten.
  if (away > limits.maxRemembered) {
    const gone = [...room.mirror.values()].filter((r) => !r.entry.connected).sort((a, b) => a.at - b.at);
    for (const r of gone.slice(0, away - limits.maxRemembered)) forgetFollower(room, r.entry.clientId);
    away = limits.maxRemembered;
  }
  // The ids in order are sorted again only when someone joined or was forgotten, not at every move.
  room.rosterOrder ??= [...room.mirror.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const connected: RosterEntry[] = [];
  const awayFirst: RosterEntry[] = [];
  let connectedCount = 0;
  let following = 0;
  for (const id of room.rosterOrder) {
    const entry = room.mirror.get(id)?.entry;
    if (!entry) continue;
    if (entry.connected) {
      connectedCount++;
      if (entry.following) following++;
      if (connected.length < ROSTER_MAX_ENTRIES) connected.push(entry);
    } else if (awayFirst.length < ROSTER_MAX_ENTRIES) awayFirst.push(entry);
  }
  const followers = [...connected, ...awayFirst].slice(0, ROSTER_MAX_ENTRIES);
  const total = { connected: connectedCount, following, away };
  const bytes = Buffer.from(JSON.stringify({ type: 'roster', followers, total }));
  for (const c of room.guides) if (c.pending === null) hub.send(c, bytes);
}
