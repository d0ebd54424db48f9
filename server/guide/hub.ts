// The live-guide WebSocket endpoint: `/guide` on the exhibit's own server and port.
//
// A guide (laptop, tablet or headset) authenticates for a room with its secret and sends goto / tour commands;
// the hub numbers them through the store (in-process, or Redis when several server processes share rooms) and
// fans them out to every socket of the room as `command` messages with a countdown hint. Followers report their
// position; the guide receives the room's roster, throttled. See src/features/guide/protocol.ts for the messages.
//
// Nothing a client sends can crash the server: every handler is wrapped, every message is size-checked, rate
// limited and validated before it is looked at, and refusals are logged with a reason (never a secret or the
// message itself), with a timestamp, at most a few lines per address and 10 s.
//
// What it promises (README, "Guided tours at an event"):
// - upgrades only to this server's own names (Host: the certificate's names and localhost; DNS rebinding gets 403),
//   from pages of the same host (Origin), at most `maxPendingPerAddress` sockets per address before hello and
//   `maxSocketsPerAddress` in all (429), `maxClients` in all (503); a hello within `helloTimeoutMs`;
// - a room counts connected visitors only; one who leaves is remembered `followerGraceMs` (a reconnect keeps the
//   place), the roster message lists at most ROSTER_MAX_ENTRIES of them;
// - guide logins only over TLS or from this machine; wrong secrets slow down the next logins of that address and
//   of that room (LoginBackoff) without refusing the right one;
// - while the store (Redis) is unreachable, commands reach this server's own sockets (a local epoch) and the guide
//   is told (`not-shared`); when it is back every room is written again and every socket gets the state.
// - the event team's page (role `team`, the room's guide secret, same TLS-or-this-machine rule) gets the room's
//   headsets and screens: each follower's and status-only kiosk's last `status` (at most one per socket every
//   `statusIntervalMs`; more are dropped), when it was last heard from, and the build the server serves now
//   (`buildVersion`, read again at every refresh); a device gone longer than `deviceGraceMs` leaves the list. The list
//   covers every process sharing the room through the store (each writes its own devices there). A team or guide may
//   ask one device, on whichever process, to apply a waiting update.
//
// This file wires the parts: context.ts (what they share), transport.ts (upgrades, limits, messages, heartbeat),
// login.ts (guide and team logins), rooms.ts (joining, positions, leaving), roster.ts (the guides' roster),
// outage.ts (commands, store events, outage and resync) and devices.ts (the team's device list).
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { CLOSE } from '../../src/features/guide/protocol.ts';
import { HubContext, type GuideHubOptions } from './context.ts';
import { refreshTeams } from './devices.ts';
import { onStoreEvent } from './outage.ts';
import { MemoryStore, type GuideStore } from './store.ts';
import { machineNames } from './tls.ts';
import { allowedHosts, beat, onUpgrade, plainAddress } from './transport.ts';

export { DEFAULT_LOGIN_BACKOFF, type GuideHubOptions, type GuideLogger } from './context.ts';
export { allowedHosts, hostName, originAllowed } from './transport.ts';

export class GuideHub {
  private readonly hub: HubContext;
  private readonly attached = new Map<http.Server, (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly teamRefresh: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    options: GuideHubOptions,
    readonly store: GuideStore = options.store ?? new MemoryStore(),
    private readonly ownsStore = options.store === undefined,
  ) {
    const hub = new HubContext(options, store, allowedHosts(options.hostNames ?? machineNames()));
    this.hub = hub;
    this.unsubscribe = store.subscribe((event) => hub.guard('store event', () => onStoreEvent(hub, event)));
    this.heartbeat = setInterval(() => hub.guard('heartbeat', () => beat(hub)), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
    this.teamRefresh = setInterval(() => hub.guard('team refresh', () => refreshTeams(hub)), options.teamRefreshMs ?? 5000);
    this.teamRefresh.unref();
  }

  /** Where the rooms live: 'memory' (this process) or 'redis'. */
  get storeKind(): 'memory' | 'redis' {
    return this.store.kind;
  }

  /** Serves `/guide` upgrades on this server (all other upgrade paths are refused). Returns a detach function. */
  attach(server: http.Server): () => void {
    const listener = (req: http.IncomingMessage, socket: Duplex, head: Buffer) =>
      this.hub.guard(
        'upgrade',
        () => onUpgrade(this.hub, server, req, socket, head),
        () => socket.destroy(),
      );
    server.on('upgrade', listener);
    this.attached.set(server, listener);
    return () => this.detach(server);
  }

  /** Stops serving upgrades on `server` and closes the sockets that came through it. */
  detach(server: http.Server): void {
    const listener = this.attached.get(server);
    if (listener) server.off('upgrade', listener);
    this.attached.delete(server);
    for (const client of this.hub.clients) if (client.server === server) this.hub.closeClient(client, CLOSE.goingAway, 'server closing');
  }

  /** Closes every socket, stops the timers and (if the hub made it) the store. */
  async close(): Promise<void> {
    if (this.hub.closing) return;
    this.hub.closing = true;
    clearInterval(this.heartbeat);
    clearInterval(this.teamRefresh);
    this.hub.tools.close();
    for (const room of this.hub.local.values()) {
      if (room.devicesTimer) clearTimeout(room.devicesTimer);
      if (room.publishTimer) clearTimeout(room.publishTimer);
    }
    if (this.hub.resyncTimer) clearTimeout(this.hub.resyncTimer);
    for (const room of this.hub.local.values()) if (room.positionTimer) clearTimeout(room.positionTimer);
    for (const server of [...this.attached.keys()]) this.detach(server);
    for (const client of this.hub.clients) this.hub.closeClient(client, CLOSE.goingAway, 'server closing');
    for (const room of this.hub.local.values()) if (room.rosterTimer) clearTimeout(room.rosterTimer);
    this.unsubscribe();
    await Promise.allSettled([...this.hub.clients].map((c) => c.queue));
    this.hub.wss.close();
    if (this.ownsStore) await this.store.close();
  }

  /** Connected sockets (for tests and the load script). */
  get size(): number {
    return this.hub.clients.size;
  }

  /** How long a guide login from `address` for `room` would wait now (ms). */
  loginDelay(address: string, room: string): number {
    const now = this.hub.now();
    return Math.max(this.hub.addressBackoff.delay(plainAddress(address), now), this.hub.roomBackoff.delay(room, now));
  }
}

/** A hub with the store the options ask for: Redis when `redisUrl` is set, in-process otherwise. */
export async function createGuideHub(options: GuideHubOptions): Promise<GuideHub> {
  if (options.store || !options.redisUrl) return new GuideHub(options);
  const { RedisStore } = await import('./redis-store.ts');
  const store = await RedisStore.connect({
    url: options.redisUrl,
    ...(options.redisPrefix !== undefined ? { prefix: options.redisPrefix } : {}),
    log: (m) => (options.log ?? console).warn(m),
  });
  return new GuideHub({ ...options, store }, store, true);
}
