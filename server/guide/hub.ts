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
//   is this process's own sockets (it is not shared through Redis). A team or guide may ask one device to apply a waiting
//   update (`apply-update`); only that device's socket hears it.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  CLOSE,
  DEFAULT_STARTS_IN_MS,
  DEVICES_MAX_ENTRIES,
  STATUS_INTERVAL_MS,
  GUIDE_PATH,
  MAX_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  ROSTER_MAX_ENTRIES,
  parseClientMessage,
  type Command,
  type DeviceEntry,
  type DeviceHello,
  type DeviceStatusFields,
  type ErrorCode,
  type FollowerHello,
  type GuideHello,
  type Status,
  type TeamHello,
  type Position,
  type RosterEntry,
  type ServerMessage,
} from '../../src/features/guide/protocol.ts';
import { checkSecret, type RoomSecrets } from './config.ts';
import { LoginBackoff, RateLimiter, RefusalLog, stamp, TokenBucket, type BackoffOptions, type BucketOptions } from './rate.ts';
import {
  expired,
  MemoryStore,
  newEpoch,
  type FollowerRecord,
  type GuideStore,
  type NewCommand,
  type RosterLimits,
  type RoomState,
  type StoreEvent,
} from './store.ts';
import { machineNames } from './tls.ts';

export interface GuideLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface GuideHubOptions {
  /** Room → digest of its guide secret (config.ts: loadGuideRooms, roomsFrom). */
  rooms: RoomSecrets;
  /** Share rooms between processes through Redis (e.g. process.env.REDIS_URL). Ignored when `store` is given. */
  redisUrl?: string;
  /** Key and channel prefix in Redis (default `iamm:guide:`). */
  redisPrefix?: string;
  /** A store to use instead (tests). The hub does not close a store it was given. */
  store?: GuideStore;
  /** Countdown hint sent with every command (default 3000 ms). */
  startsInMs?: number;
  /** Ping every socket this often; a socket that did not answer the previous ping is dropped (default 15 s). */
  heartbeatMs?: number;
  /** A socket that has not said hello by then is closed (default 5 s). */
  helloTimeoutMs?: number;
  /** At most one roster message per room this often (default 250 ms: ≤ 4/s). */
  rosterIntervalMs?: number;
  /** Connected visitors per room (default 1000); more newcomers are refused with `room-full`. */
  maxFollowersPerRoom?: number;
  /** A visitor who disconnected keeps their place this long (default 10 min), then is forgotten. */
  followerGraceMs?: number;
  /** Sockets per hub (default 5000); more upgrades are answered 503. */
  maxClients?: number;
  /** Sockets per remote address that have not said hello yet (default 32); more upgrades are answered 429. */
  maxPendingPerAddress?: number;
  /** Sockets per remote address in all (default 250: a hall behind one NAT address); more are answered 429. */
  maxSocketsPerAddress?: number;
  /**
   * The names and addresses this server answers to (the certificate's list, tls.ts machineNames()); `localhost`
   * is always added. An upgrade whose Host header names anything else is refused (403): DNS rebinding.
   */
  hostNames?: readonly string[];
  /** Per-socket message budget (default 20/s, burst 40) and patience before a flooder is cut off (1008). */
  rateLimit?: { limit: BucketOptions; patience: BucketOptions };
  /** Wrong guide secrets slow down the next logins from that address and for that room (see DEFAULT_LOGIN_BACKOFF). */
  loginBackoff?: { address?: Partial<BackoffOptions>; room?: Partial<BackoffOptions> };
  /** Optional hard limit on failed guide logins per address (refused with `rate-limited` once spent); default none. */
  authFailures?: BucketOptions;
  /** Store calls that take longer fail (default 2500 ms): the hub then serves its own sockets alone. */
  storeTimeoutMs?: number;
  /** Followers' position reports are written to the store together, this often (default 100 ms). */
  positionFlushMs?: number;
  /** Origins accepted besides the page's own host (e.g. a dev server's). */
  extraOrigins?: readonly string[];
  /** The version id of the build the server serves now (server/guide/version.ts), asked at every team refresh. */
  buildVersion?: () => string | null;
  /** A device's status is kept at most once per socket this often (default STATUS_INTERVAL_MS, 5 s); more are dropped. */
  statusIntervalMs?: number;
  /** A device that disconnected stays on the team's list this long (default 2 min), then is dropped. */
  deviceGraceMs?: number;
  /** Team pages get the device list again this often (default 5 s): last-seen times, the served build. */
  teamRefreshMs?: number;
  log?: GuideLogger;
  now?: () => number;
}

/** One headset or screen on the team's list (this process's sockets). */
interface DeviceRecord {
  deviceId: string;
  role: 'follower' | 'device';
  /** Its current socket; null once it left (kept `deviceGraceMs`). */
  socket: Client | null;
  lastSeen: number;
  status: DeviceStatusFields | null;
}

/** Sockets of one remote address. */
interface AddressSlots {
  total: number;
  pending: number;
}

interface Client {
  readonly n: number;
  readonly ws: WebSocket;
  /** Random per connection: the store's owner token for this follower's roster entry. */
  readonly conn: string;
  readonly ip: string;
  /** Came over TLS, or from this machine (remote address = local address): a secret does not cross the network. */
  readonly private: boolean;
  /** Counted as "before hello" in its address's slots until it says hello or closes. */
  slot: { pending: boolean };
  readonly server: http.Server;
  readonly limiter: RateLimiter;
  role: 'guide' | 'follower' | 'team' | 'device' | null;
  room: string | null;
  clientId: string | null;
  entry: RosterEntry | null;
  /** Commands arriving before the client got the room's state wait here (then go out in order). */
  pending: Command[] | null;
  alive: boolean;
  closed: boolean;
  /** Messages of this client are handled one after another. */
  queue: Promise<void>;
  dropped: number;
  lastRateError: number;
  helloTimer: NodeJS.Timeout | null;
  /** A guide login waiting out its backoff delay. */
  loginTimer: NodeJS.Timeout | null;
  /** Said hello while the store was unreachable: claimed again at the next resync. */
  unclaimed: boolean;
  /** When its last status was kept (its rate limit). */
  lastStatusAt: number;
}

interface LocalRoom {
  guides: Set<Client>;
  /** The event team's pages. */
  teams: Set<Client>;
  /** Headsets and screens reporting their status (followers and status-only kiosks), by device id. */
  devices: Map<string, DeviceRecord>;
  devicesTimer: NodeJS.Timeout | null;
  lastDevicesAt: number;
  followers: Map<string, Client>;
  /** The roster as this process knows it; kept only while a guide of the room is connected here. */
  mirror: Map<string, FollowerRecord> | null;
  rosterTimer: NodeJS.Timeout | null;
  lastRosterAt: number;
  /** The room's last goto / tour as delivered here (from the store, or made here during an outage). */
  latest: RoomState;
  /** The last commands delivered here (epoch:rev), so one heard twice (sent, then back from the store) goes out once. */
  delivered: Set<string>;
  resyncing: boolean;
  resyncAgain: boolean;
  /** Followers whose position changed since the last write to the store, and the timer of the next write. */
  positions: Set<Client>;
  positionTimer: NodeJS.Timeout | null;
  /** Set while the store cannot be reached: commands are numbered here, in an epoch of their own. */
  outage: { epoch: string; rev: number; unsent: Map<'goto' | 'tour', NewCommand> } | null;
}

/** Login backoff defaults: see README ("Guided tours at an event") for what they mean for a guesser. */
export const DEFAULT_LOGIN_BACKOFF: Readonly<{ address: BackoffOptions; room: BackoffOptions }> = {
  address: { free: 5, baseMs: 1000, maxMs: 10_000, halfLifeMs: 60_000 },
  room: { free: 20, baseMs: 1000, maxMs: 10_000, halfLifeMs: 60_000 },
};

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
function plainAddress(address: string | undefined): string {
  if (!address) return '?';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The host name of a Host header, lower case, without port or IPv6 brackets (null if it is not one). */
export function hostName(host: string | undefined): string | null {
  if (!host) return null;
  try {
    const u = new URL(`http://${host}`);
    if (u.host.toLowerCase() !== host.toLowerCase() || u.username || u.password || u.pathname !== '/') return null;
    const name = u.hostname.toLowerCase();
    return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  } catch {
    return null;
  }
}

/** The names a Host header may carry: `names` (as the certificate lists them) and localhost, normalised. */
export function allowedHosts(names: readonly string[]): Set<string> {
  const out = new Set<string>(['localhost']);
  for (const n of names) {
    const name = hostName(isIP(n) === 6 ? `[${n}]` : n);
    if (name) out.add(name);
  }
  return out;
}

const MAX_LOGGED_DROPS = 10;
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** ws closes the connection itself (1009) above this; between MAX_MESSAGE_BYTES and this we drop and answer. */
const HARD_MAX_PAYLOAD = 64 * 1024;

/** Does the Origin header name the host the request was sent to (Host header)? */
export function originAllowed(origin: string | undefined, host: string | undefined, extra: readonly string[] = []): boolean {
  if (!origin || !host) return false;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  if (o.protocol !== 'http:' && o.protocol !== 'https:') return false;
  if (extra.includes(o.origin)) return true;
  let h: URL;
  try {
    h = new URL(`${o.protocol}//${host}`);
  } catch {
    return false;
  }
  return h.host === o.host && h.pathname === '/' && h.username === '' && h.password === '';
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  try {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  } catch {
    socket.destroy();
  }
}

export class GuideHub {
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<Client>();
  private readonly local = new Map<string, LocalRoom>();
  private readonly authFailures = new Map<string, TokenBucket>();
  private readonly addresses = new Map<string, AddressSlots>();
  private readonly hosts: Set<string>;
  private readonly addressBackoff: LoginBackoff;
  private readonly roomBackoff: LoginBackoff;
  private readonly refusals: RefusalLog;
  private readonly limits: { maxConnected: number; graceMs: number };
  private readonly attached = new Map<http.Server, (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly teamRefresh: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly log: GuideLogger;
  private readonly now: () => number;
  private counter = 0;
  private closing = false;
  private resyncTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: GuideHubOptions,
    readonly store: GuideStore = options.store ?? new MemoryStore(),
    private readonly ownsStore = options.store === undefined,
  ) {
    const log = options.log ?? { info: (m) => console.log(m), warn: (m) => console.warn(m) };
    this.log = { info: (m) => log.info(`${stamp(Date.now())} ${m}`), warn: (m) => log.warn(`${stamp(Date.now())} ${m}`) };
    this.refusals = new RefusalLog((line) => log.warn(line));
    this.now = options.now ?? Date.now;
    this.hosts = allowedHosts(options.hostNames ?? machineNames());
    this.addressBackoff = new LoginBackoff({ ...DEFAULT_LOGIN_BACKOFF.address, ...options.loginBackoff?.address });
    this.roomBackoff = new LoginBackoff({ ...DEFAULT_LOGIN_BACKOFF.room, ...options.loginBackoff?.room });
    this.limits = { maxConnected: options.maxFollowersPerRoom ?? 1000, graceMs: options.followerGraceMs ?? 10 * 60_000 };
    for (const [name, value] of Object.entries({
      maxClients: options.maxClients,
      maxPendingPerAddress: options.maxPendingPerAddress,
      maxSocketsPerAddress: options.maxSocketsPerAddress,
      maxFollowersPerRoom: options.maxFollowersPerRoom,
    })) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1))
        throw new Error(`GuideHub: ${name} must be a whole number ≥ 1 (got ${value})`);
    }
    this.wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD, perMessageDeflate: false, clientTracking: false });
    this.wss.on('error', (err) => this.log.warn(`[guide] server error: ${err.message}`));
    this.unsubscribe = store.subscribe((event) => this.guard('store event', () => this.onStoreEvent(event)));
    this.heartbeat = setInterval(() => this.guard('heartbeat', () => this.beat()), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
    this.teamRefresh = setInterval(() => this.guard('team refresh', () => this.refreshTeams()), options.teamRefreshMs ?? 5000);
    this.teamRefresh.unref();
  }

  /** Where the rooms live: 'memory' (this process) or 'redis'. */
  get storeKind(): 'memory' | 'redis' {
    return this.store.kind;
  }

  /** Serves `/guide` upgrades on this server (all other upgrade paths are refused). Returns a detach function. */
  attach(server: http.Server): () => void {
    const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) =>
      this.guard(
        'upgrade',
        () => this.onUpgrade(server, req, socket, head),
        () => socket.destroy(),
      );
    server.on('upgrade', onUpgrade);
    this.attached.set(server, onUpgrade);
    return () => this.detach(server);
  }

  /** Stops serving upgrades on `server` and closes the sockets that came through it. */
  detach(server: http.Server): void {
    const listener = this.attached.get(server);
    if (listener) server.off('upgrade', listener);
    this.attached.delete(server);
    for (const client of this.clients) if (client.server === server) this.closeClient(client, CLOSE.goingAway, 'server closing');
  }

  /** Closes every socket, stops the timers and (if the hub made it) the store. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.heartbeat);
    clearInterval(this.teamRefresh);
    for (const room of this.local.values()) if (room.devicesTimer) clearTimeout(room.devicesTimer);
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    for (const room of this.local.values()) if (room.positionTimer) clearTimeout(room.positionTimer);
    for (const server of [...this.attached.keys()]) this.detach(server);
    for (const client of this.clients) this.closeClient(client, CLOSE.goingAway, 'server closing');
    for (const room of this.local.values()) if (room.rosterTimer) clearTimeout(room.rosterTimer);
    this.unsubscribe();
    await Promise.allSettled([...this.clients].map((c) => c.queue));
    this.wss.close();
    if (this.ownsStore) await this.store.close();
  }

  /** Connected sockets (for tests and the load script). */
  get size(): number {
    return this.clients.size;
  }

  /** How long a guide login from `address` for `room` would wait now (ms). */
  loginDelay(address: string, room: string): number {
    const now = this.now();
    return Math.max(this.addressBackoff.delay(plainAddress(address), now), this.roomBackoff.delay(room, now));
  }

  private rosterLimits(): RosterLimits {
    return {
      maxConnected: this.limits.maxConnected,
      maxRemembered: this.limits.maxConnected,
      graceMs: this.limits.graceMs,
      now: this.now(),
    };
  }

  /** A store call that gives up after `storeTimeoutMs` (the store may have its own, shorter timeout). */
  private stored<T>(call: () => Promise<T>): Promise<T> {
    if (this.store.kind === 'memory') return call();
    const ms = this.options.storeTimeoutMs ?? 2500;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the store gave no answer within ${ms} ms`)), ms);
      timer.unref();
      call().then(
        (v) => (clearTimeout(timer), resolve(v)),
        (err: unknown) => (clearTimeout(timer), reject(err as Error)),
      );
    });
  }

  private refuseLog(ip: string, text: string): void {
    this.refusals.refuse(ip, `[guide] ${text}`, Date.now());
  }

  // ── Plumbing ──────────────────────────────────────────────────────────────────────────────────────────────────

  private guard(what: string, fn: () => void, onError?: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.warn(`[guide] ${what} failed: ${(err as Error)?.message ?? String(err)}`);
      onError?.();
    }
  }

  private describe(c: Client): string {
    if (c.role === 'guide') return `guide #${c.n} of room ${c.room}`;
    if (c.role === 'follower') return `follower ${c.clientId} in room ${c.room}`;
    if (c.role === 'team') return `team page #${c.n} of room ${c.room}`;
    if (c.role === 'device') return `device ${c.clientId} in room ${c.room}`;
    return `client #${c.n} (${c.ip})`;
  }

  /** Sends a message; a string or Buffer is already-serialised JSON (fan-out serialises once for all). */
  private send(c: Client, message: ServerMessage | string | Buffer): void {
    if (c.closed || c.ws.readyState !== WebSocket.OPEN) return;
    if (c.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn(`[guide] ${this.describe(c)} is not reading; dropping the connection`);
      c.closed = true;
      c.ws.terminate();
      return;
    }
    if (Buffer.isBuffer(message)) c.ws.send(message, { binary: false });
    else c.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  private refuse(c: Client, code: ErrorCode, reason: string): void {
    c.dropped++;
    if (c.dropped <= MAX_LOGGED_DROPS) {
      this.refuseLog(c.ip, `dropped a message from ${this.describe(c)}: ${code} (${reason})`);
      if (c.dropped === MAX_LOGGED_DROPS) this.refuseLog(c.ip, `further drops from ${this.describe(c)} are not logged`);
    }
    this.send(c, { type: 'error', code });
  }

  private closeClient(c: Client, code: number, reason: string): void {
    if (c.closed) return;
    c.closed = true;
    try {
      c.ws.close(code, reason);
    } catch {
      c.ws.terminate();
    }
    // A peer that does not finish the closing handshake is cut off.
    setTimeout(() => c.ws.terminate(), 2000).unref();
  }

  private room(name: string): LocalRoom {
    let room = this.local.get(name);
    if (!room) {
      room = {
        guides: new Set(),
        teams: new Set(),
        devices: new Map(),
        devicesTimer: null,
        lastDevicesAt: -Infinity,
        followers: new Map(),
        mirror: null,
        rosterTimer: null,
        lastRosterAt: -Infinity,
        latest: { goto: null, tour: null, epoch: null },
        delivered: new Set(),
        resyncing: false,
        resyncAgain: false,
        positions: new Set(),
        positionTimer: null,
        outage: null,
      };
      this.local.set(name, room);
    }
    return room;
  }

  private forgetRoomIfEmpty(name: string): void {
    const room = this.local.get(name);
    if (
      room &&
      room.guides.size === 0 &&
      room.followers.size === 0 &&
      room.teams.size === 0 &&
      room.devices.size === 0 &&
      room.outage === null &&
      room.positions.size === 0
    ) {
      if (room.rosterTimer) clearTimeout(room.rosterTimer);
      if (room.devicesTimer) clearTimeout(room.devicesTimer);
      if (room.positionTimer) clearTimeout(room.positionTimer);
      this.local.delete(name);
    }
  }

  // ── Connections ───────────────────────────────────────────────────────────────────────────────────────────────

  private onUpgrade(server: http.Server, req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const ip = plainAddress(req.socket.remoteAddress);
    const target = req.url ?? '/';
    const q = target.search(/[?#]/);
    const pathname = q === -1 ? target : target.slice(0, q);
    if (pathname !== GUIDE_PATH) {
      this.refuseLog(ip, `refused a connection from ${ip}: path is not ${GUIDE_PATH} (404)`);
      return rejectUpgrade(socket, 404, 'Not Found');
    }
    const host = hostName(req.headers.host);
    if (host === null || !this.hosts.has(host)) {
      this.refuseLog(ip, `refused a connection from ${ip}: Host is not one of this server's names (403)`);
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    if (!originAllowed(req.headers.origin, req.headers.host, this.options.extraOrigins)) {
      this.refuseLog(ip, `refused a connection from ${ip}: origin does not match host (403)`);
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    if (this.closing || this.clients.size >= (this.options.maxClients ?? 5000)) {
      this.refuseLog(ip, `refused a connection from ${ip}: ${this.closing ? 'closing' : 'server full'} (503)`);
      return rejectUpgrade(socket, 503, 'Service Unavailable');
    }
    const slots = this.addresses.get(ip) ?? { total: 0, pending: 0 };
    if (slots.pending >= (this.options.maxPendingPerAddress ?? 32) || slots.total >= (this.options.maxSocketsPerAddress ?? 250)) {
      const what =
        slots.total >= (this.options.maxSocketsPerAddress ?? 250) ? `${slots.total} sockets` : `${slots.pending} sockets before hello`;
      this.refuseLog(ip, `refused a connection from ${ip}: that address already has ${what} (429)`);
      return rejectUpgrade(socket, 429, 'Too Many Requests');
    }
    // The address's slots are taken now (the handshake may take a while) and given back when the socket closes.
    slots.total++;
    slots.pending++;
    this.addresses.set(ip, slots);
    const slot = { pending: true };
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      slots.total--;
      if (slot.pending) slots.pending--;
      slot.pending = false;
      if (slots.total <= 0) this.addresses.delete(ip);
    };
    socket.once('close', release);
    socket.on('error', () => socket.destroy());
    const local = plainAddress(req.socket.localAddress);
    const isPrivate = (req.socket as TLSSocket).encrypted === true || (ip !== '?' && ip === local);
    this.wss.handleUpgrade(req, socket, head, (ws) =>
      this.guard(
        'connection',
        () => this.onConnection(server, ip, isPrivate, slot, ws),
        () => ws.terminate(),
      ),
    );
  }

  private onConnection(server: http.Server, ip: string, isPrivate: boolean, slot: { pending: boolean }, ws: WebSocket): void {
    const limits = this.options.rateLimit;
    const c: Client = {
      n: ++this.counter,
      ws,
      conn: randomUUID(),
      ip,
      private: isPrivate,
      slot,
      server,
      limiter: new RateLimiter(this.now(), limits?.limit, limits?.patience),
      role: null,
      room: null,
      clientId: null,
      entry: null,
      pending: [],
      alive: true,
      closed: false,
      queue: Promise.resolve(),
      dropped: 0,
      lastRateError: -Infinity,
      helloTimer: null,
      loginTimer: null,
      unclaimed: false,
      lastStatusAt: -Infinity,
    };
    this.clients.add(c);
    c.helloTimer = setTimeout(() => {
      if (c.role === null && c.loginTimer === null) {
        this.refuseLog(c.ip, `closed ${this.describe(c)}: no hello within ${this.options.helloTimeoutMs ?? 5000} ms`);
        this.closeClient(c, CLOSE.policy, 'no hello');
      }
    }, this.options.helloTimeoutMs ?? 5000);
    c.helloTimer.unref();
    ws.on('error', (err) => this.log.warn(`[guide] socket error from ${this.describe(c)}: ${err.message}`));
    ws.on('pong', () => {
      c.alive = true;
      this.seen(c);
    });
    ws.on('message', (data, isBinary) => this.guard('message', () => this.onMessage(c, data, isBinary)));
    ws.on('close', () => this.guard('close', () => this.onClose(c)));
  }

  /** The socket said a valid hello: it no longer counts as "before hello" for its address. */
  private helloReceived(c: Client): void {
    this.clearHelloTimer(c);
    if (!c.slot.pending) return;
    c.slot.pending = false;
    const slots = this.addresses.get(c.ip);
    if (slots) slots.pending--;
  }

  private enqueue(c: Client, what: string, task: () => Promise<void>): void {
    c.queue = c.queue.then(task).catch((err: unknown) => {
      this.log.warn(`[guide] ${what} for ${this.describe(c)} failed: ${(err as Error)?.message ?? String(err)}`);
      this.send(c, { type: 'error', code: 'internal' });
    });
  }

  private onMessage(c: Client, data: RawData, isBinary: boolean): void {
    if (c.closed) return;
    c.alive = true;
    this.seen(c);
    const verdict = c.limiter.check(this.now());
    if (verdict === 'disconnect') {
      this.log.warn(`[guide] ${this.describe(c)} kept flooding (${c.dropped} messages dropped); disconnecting`);
      this.closeClient(c, CLOSE.policy, 'rate limit');
      return;
    }
    if (verdict === 'drop') {
      c.dropped++;
      const now = this.now();
      if (now - c.lastRateError >= 1000) {
        c.lastRateError = now;
        this.log.warn(`[guide] rate-limiting ${this.describe(c)}`);
        this.send(c, { type: 'error', code: 'rate-limited' });
      }
      return;
    }
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (bytes > MAX_MESSAGE_BYTES) return this.refuse(c, 'too-large', `${bytes} bytes`);
    if (isBinary) return this.refuse(c, 'malformed', 'binary frame');
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = parseClientMessage(text);
    if (!parsed.ok) return this.refuse(c, parsed.code, 'failed validation');
    const msg = parsed.message;

    switch (msg.type) {
      case 'hello':
        if (c.role !== null || c.loginTimer !== null) return this.refuse(c, 'already-joined', 'second hello');
        this.helloReceived(c);
        if (msg.role === 'guide' || msg.role === 'team') this.onGuideHello(c, msg);
        else if (msg.role === 'device') this.onDeviceHello(c, msg);
        else this.onFollowerHello(c, msg);
        return;
      case 'goto':
      case 'tour': {
        if (c.role === null) return this.refuse(c, 'unauthenticated', `${msg.type} before hello`);
        if (c.role !== 'guide') return this.refuse(c, 'forbidden', `${msg.type} from a follower`);
        const { seq, ...cmd } = msg;
        const room = c.room!;
        const command = {
          type: 'command' as const,
          seq,
          issuedAt: this.now(),
          startsInMs: this.options.startsInMs ?? DEFAULT_STARTS_IN_MS,
          cmd,
        };
        this.enqueue(c, msg.type, () => this.command(c, room, command));
        return;
      }
      case 'position':
        if (c.role === null) return this.refuse(c, 'unauthenticated', 'position before hello');
        if (c.role !== 'follower') return this.refuse(c, 'forbidden', 'position from a guide');
        this.enqueue(c, 'position', () => this.onPosition(c, msg));
        return;
      case 'status':
        if (c.role === null) return this.refuse(c, 'unauthenticated', 'status before hello');
        if (c.role !== 'follower' && c.role !== 'device') return this.refuse(c, 'forbidden', `status from a ${c.role}`);
        return this.onStatus(c, msg);
      case 'apply-update': {
        if (c.role === null) return this.refuse(c, 'unauthenticated', 'apply-update before hello');
        if (c.role !== 'team' && c.role !== 'guide') return this.refuse(c, 'forbidden', `apply-update from a ${c.role}`);
        const target = this.local.get(c.room!)?.devices.get(msg.deviceId)?.socket;
        if (!target || target.closed) return this.refuse(c, 'unknown-device', 'apply-update for a device not connected here');
        this.log.info(`[guide] ${this.describe(c)} asked ${this.describe(target)} to apply a waiting update`);
        this.send(target, { type: 'apply-update' });
        return;
      }
    }
  }

  /** Numbers and shares a guide's command through the store; if the store cannot be reached, this server's sockets still get it. */
  private async command(c: Client, roomName: string, command: NewCommand): Promise<void> {
    const slot = command.cmd.type;
    try {
      const numbered = await this.stored(() => this.store.command(roomName, command));
      // Shared: what was made during an outage for this slot is older now (and must not be written after this one).
      const outage = this.local.get(roomName)?.outage;
      if (outage) {
        outage.unsent.delete(slot);
        if (outage.unsent.size === 0) this.endOutage(roomName);
      }
      // Delivered here now, not only when it comes back from the store (whose subscription may still be reconnecting).
      if (numbered) this.onStoreEvent({ kind: 'command', room: roomName, command: numbered });
    } catch (err) {
      const room = this.room(roomName);
      if (!room.outage) {
        room.outage = { epoch: newEpoch('local-'), rev: 0, unsent: new Map() };
        this.log.warn(
          `[guide] the store is unreachable (${(err as Error)?.message ?? String(err)}); room ${roomName} is led on this server only until it is back`,
        );
      }
      room.outage.unsent.delete(slot);
      room.outage.unsent.set(slot, command);
      const numbered: Command = { ...command, rev: ++room.outage.rev, epoch: room.outage.epoch };
      this.onStoreEvent({ kind: 'command', room: roomName, command: numbered });
      this.send(c, { type: 'error', code: 'not-shared' });
    }
  }

  private endOutage(roomName: string): void {
    const room = this.local.get(roomName);
    if (!room?.outage) return;
    room.outage = null;
    this.log.info(`[guide] room ${roomName} is shared through the store again`);
    this.forgetRoomIfEmpty(roomName);
  }

  private onGuideHello(c: Client, msg: GuideHello | TeamHello): void {
    if (!c.private) {
      this.refuseLog(c.ip, `refused a ${msg.role} login for room ${msg.room} from ${c.ip}: plain ws:// from another machine (use https)`);
      this.send(c, { type: 'error', code: 'tls-required' });
      this.closeClient(c, CLOSE.insecure, 'tls required');
      return;
    }
    const now = this.now();
    if (this.options.authFailures) {
      const bucket = this.authFailures.get(c.ip) ?? new TokenBucket(this.options.authFailures, now);
      if (bucket.available(now) < 1) {
        this.refuseLog(c.ip, `refused a guide login for room ${msg.room} from ${c.ip}: too many failed attempts`);
        this.send(c, { type: 'error', code: 'rate-limited' });
        this.closeClient(c, CLOSE.unauthorized, 'too many attempts');
        return;
      }
      this.authFailures.set(c.ip, bucket);
      if (this.authFailures.size > 10_000) this.authFailures.clear();
    }
    // The verdict is reached now, and counted now (so parallel guesses see the backoff grow), but told only after the
    // backoff delay, right or wrong: a guesser who closes early learns nothing.
    const delay = Math.max(this.addressBackoff.delay(c.ip, now), this.roomBackoff.delay(msg.room, now));
    const verdict = checkSecret(this.options.rooms, msg.room, msg.secret);
    if (verdict !== 'ok') {
      this.addressBackoff.fail(c.ip, now);
      if (verdict === 'bad-secret') this.roomBackoff.fail(msg.room, now);
      this.authFailures.get(c.ip)?.take(now);
    }
    const answer = () => {
      c.loginTimer = null;
      if (c.closed) return;
      if (verdict !== 'ok') {
        this.refuseLog(
          c.ip,
          `refused a guide login from ${c.ip}: ${verdict === 'bad-secret' ? `wrong secret for room ${msg.room}` : 'unknown room'}` +
            (delay > 0 ? ` (answered after ${delay} ms)` : ''),
        );
        this.send(c, { type: 'error', code: verdict });
        this.closeClient(c, CLOSE.unauthorized, verdict);
        return;
      }
      if (msg.role === 'team') this.teamJoins(c, msg.room);
      else this.guideJoins(c, msg.room);
    };
    if (delay <= 0) return answer();
    c.loginTimer = setTimeout(() => this.guard('login', answer), delay);
    c.loginTimer.unref();
  }

  private guideJoins(c: Client, roomName: string): void {
    c.role = 'guide';
    c.room = roomName;
    const room = this.room(roomName);
    room.guides.add(c);
    this.log.info(`[guide] guide #${c.n} leads room ${roomName} (${room.guides.size} guide connection(s) here)`);
    this.enqueue(c, 'guide hello', async () => {
      if (!room.mirror) {
        room.mirror = new Map();
        for (const f of room.followers.values()) if (f.entry) room.mirror.set(f.entry.clientId, { entry: f.entry, at: this.now() });
        try {
          this.mergeRoster(room, await this.stored(() => this.store.roster(roomName, this.rosterLimits())));
        } catch (err) {
          this.log.warn(
            `[guide] reading the roster of room ${roomName} failed (${(err as Error)?.message}); showing this server's visitors`,
          );
        }
      }
      const state = await this.roomState(roomName);
      if (c.closed) return;
      this.send(c, {
        type: 'welcome',
        protocol: PROTOCOL_VERSION,
        role: 'guide',
        room: roomName,
        reconnected: false,
        serverTime: this.now(),
      });
      this.sendState(c, state);
      if (room.outage) this.send(c, { type: 'error', code: 'not-shared' });
      this.markRosterDirty(roomName);
    });
  }

  /** The room's state from the store, or (store unreachable, or an outage of this room) as this server knows it. */
  private async roomState(roomName: string): Promise<RoomState> {
    const room = this.local.get(roomName);
    if (room?.outage) return room.latest;
    try {
      return await this.stored(() => this.store.state(roomName));
    } catch (err) {
      this.log.warn(`[guide] reading the state of room ${roomName} failed (${(err as Error)?.message}); using this server's copy`);
      return room?.latest ?? { goto: null, tour: null, epoch: null };
    }
  }

  private onFollowerHello(c: Client, msg: FollowerHello): void {
    if (!this.options.rooms.has(msg.room)) {
      this.refuseLog(c.ip, `refused follower ${msg.clientId}: unknown room ${msg.room}`);
      this.send(c, { type: 'error', code: 'unknown-room' });
      this.closeClient(c, CLOSE.unauthorized, 'unknown room');
      return;
    }
    c.role = 'follower';
    c.room = msg.room;
    c.clientId = msg.clientId;
    const room = this.room(msg.room);
    const previous = room.followers.get(msg.clientId);
    if (previous && previous !== c) {
      this.log.info(`[guide] follower ${msg.clientId} connected again; closing its older connection`);
      this.closeClient(previous, CLOSE.replaced, 'replaced');
    }
    room.followers.set(msg.clientId, c);
    this.deviceJoins(room, c, 'follower');
    this.enqueue(c, 'follower hello', async () => {
      const limits = this.rosterLimits();
      let known: FollowerRecord | null = null;
      let shared = true;
      try {
        known = await this.stored(() => this.store.follower(msg.room, msg.clientId));
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
          if (!(await this.stored(() => this.store.claim(msg.room, { entry, at: this.now() }, c.conn, limits)))) {
            this.refuseLog(c.ip, `refused follower ${msg.clientId}: room ${msg.room} is full (${limits.maxConnected} connected)`);
            this.send(c, { type: 'error', code: 'room-full' });
            this.closeClient(c, CLOSE.roomFull, 'room full');
            return;
          }
        } catch {
          shared = false;
        }
      }
      if (!shared) {
        // The store is unreachable: this server takes the visitor in, and tells the store at the next resync.
        if (this.localConnected(room) > limits.maxConnected) {
          this.send(c, { type: 'error', code: 'room-full' });
          this.closeClient(c, CLOSE.roomFull, 'room full');
          return;
        }
        c.unclaimed = true;
        this.onStoreEvent({ kind: 'presence', room: msg.room, entry, conn: c.conn, at: this.now() });
      }
      c.entry = entry;
      const state = await this.roomState(msg.room);
      if (c.closed) return;
      this.log.info(`[guide] follower ${msg.clientId} ${entry.reconnected ? 'reconnected to' : 'joined'} room ${msg.room}`);
      this.send(c, {
        type: 'welcome',
        protocol: PROTOCOL_VERSION,
        role: 'follower',
        room: msg.room,
        reconnected: entry.reconnected,
        serverTime: this.now(),
      });
      this.sendState(c, state);
    });
  }

  private localConnected(room: LocalRoom): number {
    return room.followers.size;
  }

  private clearHelloTimer(c: Client): void {
    if (c.helloTimer) clearTimeout(c.helloTimer);
    c.helloTimer = null;
  }

  /** Sends the room's state, then the commands that arrived meanwhile and are newer than it. */
  private sendState(c: Client, state: RoomState): void {
    this.send(c, { type: 'state', goto: state.goto, tour: state.tour, epoch: state.epoch, serverTime: this.now() });
    const pending = c.pending ?? [];
    c.pending = null;
    for (const command of pending) {
      const known = command.cmd.type === 'goto' ? state.goto : state.tour;
      if (!known || command.epoch !== known.epoch || command.rev > known.rev) this.send(c, { ...command });
    }
  }

  private async onPosition(c: Client, msg: Position): Promise<void> {
    if (!c.entry || c.closed) return;
    if (c.entry.milestone === msg.milestone && c.entry.following === msg.following) return;
    c.entry = { ...c.entry, milestone: msg.milestone, following: msg.following };
    if (c.unclaimed) return this.onStoreEvent({ kind: 'presence', room: c.room!, entry: c.entry, at: this.now(), conn: c.conn });
    // Written with the room's other changes of the next `positionFlushMs`: one store call, one event, not one per visitor.
    const room = this.room(c.room!);
    room.positions.add(c);
    if (!room.positionTimer) {
      const name = c.room!;
      room.positionTimer = setTimeout(() => this.guard('positions', () => this.flushPositions(name)), this.options.positionFlushMs ?? 100);
      room.positionTimer.unref();
    }
  }

  private flushPositions(name: string): void {
    const room = this.local.get(name);
    if (!room) return;
    room.positionTimer = null;
    const at = this.now();
    const clients = [...room.positions].filter((c) => c.entry && !c.closed && !c.unclaimed);
    room.positions.clear();
    if (clients.length === 0) return this.forgetRoomIfEmpty(name);
    const items = clients.map((c) => ({ record: { entry: c.entry!, at }, conn: c.conn }));
    this.stored(() => this.store.updateMany(name, items)).catch(() => {
      // The store is unreachable: this server's guides still see them; the next resync writes them.
      for (const c of clients) {
        c.unclaimed = true;
        if (c.entry) this.onStoreEvent({ kind: 'presence', room: name, entry: c.entry, at, conn: c.conn });
      }
    });
  }

  private onClose(c: Client): void {
    c.closed = true;
    this.clearHelloTimer(c);
    if (c.loginTimer) clearTimeout(c.loginTimer);
    c.loginTimer = null;
    this.clients.delete(c);
    if (c.room === null) return;
    const name = c.room;
    const room = this.local.get(name);
    if (room) this.deviceLeaves(room, c);
    if (c.role === 'team') {
      room?.teams.delete(c);
      this.log.info(`[guide] team page #${c.n} left room ${name}`);
      this.forgetRoomIfEmpty(name);
      return;
    }
    if (c.role === 'device') {
      this.forgetRoomIfEmpty(name);
      return;
    }
    if (c.role === 'guide') {
      room?.guides.delete(c);
      this.log.info(`[guide] guide #${c.n} left room ${name}`);
      if (room && room.guides.size === 0) {
        room.mirror = null;
        if (room.rosterTimer) clearTimeout(room.rosterTimer);
        room.rosterTimer = null;
      }
      this.forgetRoomIfEmpty(name);
      return;
    }
    if (room?.followers.get(c.clientId!) === c) room.followers.delete(c.clientId!);
    // Its last position is written before its departure (same store connection, in order).
    if (room?.positions.delete(c) && c.entry && !c.unclaimed) {
      const item = { record: { entry: c.entry, at: this.now() }, conn: c.conn };
      void this.stored(() => this.store.updateMany(name, [item])).catch(() => undefined);
    }
    this.forgetRoomIfEmpty(name);
    if (c.dropped > MAX_LOGGED_DROPS) this.log.warn(`[guide] ${this.describe(c)} left; ${c.dropped} of its messages were dropped`);
    // After its hello has finished (the queue), so a quick disconnect is not overwritten by the claim.
    const queue = c.queue.then(async () => {
      if (!c.entry || this.closing) return;
      c.entry = { ...c.entry, connected: false };
      const record = { entry: c.entry, at: this.now() };
      if (!c.unclaimed) {
        try {
          await this.stored(() => this.store.update(name, record, c.conn, this.rosterLimits()));
          return;
        } catch {
          // below: this server's guides still see the visitor leave
        }
      }
      this.onStoreEvent({ kind: 'presence', room: name, ...record, conn: c.conn });
    });
    queue.catch((err: unknown) => this.log.warn(`[guide] recording that ${this.describe(c)} left failed: ${(err as Error)?.message}`));
  }

  private beat(): void {
    this.refusals.flush(Date.now());
    // Visitors gone longer than the grace period leave the guides' rosters.
    const limits = this.rosterLimits();
    for (const [name, room] of this.local) {
      if (!room.mirror) continue;
      for (const [id, record] of room.mirror) if (expired(record, limits)) room.mirror.delete(id);
      this.markRosterDirty(name);
    }
    for (const c of this.clients) {
      if (!c.alive) {
        this.log.info(`[guide] ${this.describe(c)} stopped answering; dropping it`);
        c.closed = true;
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      if (c.ws.readyState === WebSocket.OPEN) c.ws.ping();
    }
  }

  // ── Store events ──────────────────────────────────────────────────────────────────────────────────────────────

  private onStoreEvent(event: StoreEvent): void {
    if (event.kind === 'resync') {
      this.resync();
      return;
    }
    if (event.kind === 'presences') {
      for (const item of event.items) this.onStoreEvent({ kind: 'presence', room: event.room, ...item });
      return;
    }
    const room = this.local.get(event.room);
    if (!room) return;
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
      for (const c of room.guides) this.deliver(c, event.command, bytes);
      for (const c of room.followers.values()) this.deliver(c, event.command, bytes);
      return;
    }
    // presence
    const local = room.followers.get(event.entry.clientId);
    if (local && event.entry.connected && local.conn !== event.conn) {
      // The same visitor connected through another process: this connection is the stale one.
      room.followers.delete(event.entry.clientId);
      this.closeClient(local, CLOSE.replaced, 'replaced');
    }
    if (room.mirror) {
      this.mergeRoster(room, [{ entry: event.entry, at: event.at }]);
      this.markRosterDirty(event.room);
    }
  }

  private deliver(c: Client, command: Command, bytes: Buffer): void {
    if (c.pending) c.pending.push(command);
    else this.send(c, bytes);
  }

  /**
   * The store is back (or lost events): every room this server serves is written again where the store lacks it (what
   * the guide did during an outage, the last commands if the store lost them, the visitors connected here), then every
   * socket gets the room's state. A failure tries again a second later.
   */
  private resync(): void {
    if (this.closing) return;
    for (const [name, room] of this.local) {
      // One resync of a room at a time; one asked for meanwhile runs after it.
      if (room.resyncing) {
        room.resyncAgain = true;
        continue;
      }
      room.resyncing = true;
      const run = (): Promise<void> =>
        this.resyncRoom(name).then(() => {
          if (!room.resyncAgain || this.closing) return;
          room.resyncAgain = false;
          return run();
        });
      void run()
        .finally(() => {
          room.resyncing = false;
          room.resyncAgain = false;
        })
        .catch((err: unknown) => {
          this.log.warn(`[guide] resync of room ${name} failed (${(err as Error)?.message}); trying again in 1 s`);
          if (this.resyncTimer === null && !this.closing) {
            this.resyncTimer = setTimeout(() => {
              this.resyncTimer = null;
              this.guard('resync', () => this.resync());
            }, 1000);
            this.resyncTimer.unref();
          }
        });
    }
  }

  private async resyncRoom(name: string): Promise<void> {
    const room = this.local.get(name);
    if (!room) return;
    const limits = this.rosterLimits();
    // Visitors this server took in while the store was away, or that a restarted store forgot.
    for (const c of room.followers.values()) {
      if (!c.entry || c.closed) continue;
      const record = { entry: c.entry, at: this.now() };
      if (await this.stored(() => this.store.claim(name, record, c.conn, { ...limits, maxConnected: Number.MAX_SAFE_INTEGER })))
        c.unclaimed = false;
    }
    // What the guide did here during an outage is the newest news; the last commands this server knows are written
    // only where the store has none (it restarted empty), never over what another server wrote.
    for (const slot of ['tour', 'goto'] as const) {
      const command = room.outage?.unsent.get(slot);
      if (!command) continue;
      const numbered = await this.stored(() => this.store.command(name, command));
      // Unless the guide sent a newer one meanwhile (which then is the outage's last word for this slot).
      if (room.outage?.unsent.get(slot) === command) room.outage.unsent.delete(slot);
      if (numbered) this.onStoreEvent({ kind: 'command', room: name, command: numbered });
    }
    for (const slot of ['tour', 'goto'] as const) {
      const mine = room.latest[slot];
      if (mine && !room.outage?.unsent.has(slot)) {
        await this.stored(() => this.store.command(name, { ...withoutNumbers(mine), issuedAt: this.now() }, { ifAbsent: true }));
      }
    }
    if (room.outage && room.outage.unsent.size === 0) this.endOutage(name);
    const state = await this.stored(() => this.store.state(name));
    room.latest = state;
    for (const c of [...room.guides, ...room.followers.values()]) if (c.pending === null) this.sendState(c, state);
    if (room.mirror) {
      this.mergeRoster(room, await this.stored(() => this.store.roster(name, limits)));
      this.markRosterDirty(name);
    }
  }

  // ── Devices (the event team's page) ─────────────────────────────────────────────────────────────────────────

  private onDeviceHello(c: Client, msg: DeviceHello): void {
    if (!this.options.rooms.has(msg.room)) {
      this.refuseLog(c.ip, `refused device ${msg.clientId}: unknown room ${msg.room}`);
      this.send(c, { type: 'error', code: 'unknown-room' });
      this.closeClient(c, CLOSE.unauthorized, 'unknown room');
      return;
    }
    c.role = 'device';
    c.room = msg.room;
    c.clientId = msg.clientId;
    // A status-only kiosk hears no commands.
    c.pending = null;
    const room = this.room(msg.room);
    const previous = room.devices.get(msg.clientId)?.socket;
    if (previous && previous !== c && previous.role === 'device') {
      this.log.info(`[guide] device ${msg.clientId} connected again; closing its older connection`);
      this.closeClient(previous, CLOSE.replaced, 'replaced');
    }
    this.deviceJoins(room, c, 'device');
    this.log.info(`[guide] device ${msg.clientId} reports to room ${msg.room}`);
    this.send(c, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      role: 'device',
      room: msg.room,
      reconnected: false,
      serverTime: this.now(),
    });
  }

  private teamJoins(c: Client, roomName: string): void {
    c.role = 'team';
    c.room = roomName;
    c.pending = null;
    const room = this.room(roomName);
    room.teams.add(c);
    this.log.info(`[guide] team page #${c.n} watches room ${roomName}`);
    this.send(c, { type: 'welcome', protocol: PROTOCOL_VERSION, role: 'team', room: roomName, reconnected: false, serverTime: this.now() });
    this.sendDevices(roomName, [c]);
  }

  private deviceJoins(room: LocalRoom, c: Client, role: 'follower' | 'device'): void {
    const known = room.devices.get(c.clientId!);
    room.devices.set(c.clientId!, { deviceId: c.clientId!, role, socket: c, lastSeen: this.now(), status: known?.status ?? null });
    this.markDevicesDirty(c.room!);
  }

  private deviceLeaves(room: LocalRoom, c: Client): void {
    if (c.clientId === null) return;
    const record = room.devices.get(c.clientId);
    if (!record || record.socket !== c) return;
    record.socket = null;
    record.lastSeen = this.now();
    this.markDevicesDirty(c.room!);
  }

  /** The device of this socket was heard from. */
  private seen(c: Client): void {
    if (c.clientId === null || c.room === null) return;
    const record = this.local.get(c.room)?.devices.get(c.clientId);
    if (record && record.socket === c) record.lastSeen = this.now();
  }

  private onStatus(c: Client, msg: Status): void {
    const now = this.now();
    if (now - c.lastStatusAt < (this.options.statusIntervalMs ?? STATUS_INTERVAL_MS)) {
      // More than one status per interval: dropped (the next one in time is kept).
      c.dropped++;
      return;
    }
    c.lastStatusAt = now;
    const record = this.local.get(c.room!)?.devices.get(c.clientId!);
    if (!record || record.socket !== c) return;
    const { type: _type, ...status } = msg;
    record.status = status;
    record.lastSeen = now;
    this.markDevicesDirty(c.room!);
  }

  private markDevicesDirty(name: string): void {
    const room = this.local.get(name);
    if (!room || room.teams.size === 0 || room.devicesTimer) return;
    const interval = this.options.rosterIntervalMs ?? 250;
    const delay = Math.max(0, room.lastDevicesAt + interval - this.now());
    room.devicesTimer = setTimeout(() => {
      room.devicesTimer = null;
      this.guard('devices', () => this.sendDevices(name, [...room.teams]));
    }, delay);
    room.devicesTimer.unref();
  }

  /** Devices gone longer than the grace period leave the list. */
  private dropStaleDevices(name: string, room: LocalRoom): void {
    const grace = this.options.deviceGraceMs ?? 2 * 60_000;
    const now = this.now();
    for (const [id, record] of room.devices) if (record.socket === null && now - record.lastSeen > grace) room.devices.delete(id);
    this.forgetRoomIfEmpty(name);
  }

  private refreshTeams(): void {
    for (const [name, room] of [...this.local]) {
      this.dropStaleDevices(name, room);
      if (room.teams.size > 0) this.sendDevices(name, [...room.teams]);
    }
  }

  private serverVersion(): string | null {
    try {
      return this.options.buildVersion?.() ?? null;
    } catch {
      return null;
    }
  }

  private sendDevices(name: string, to: readonly Client[]): void {
    const room = this.local.get(name);
    if (!room || to.length === 0) return;
    room.lastDevicesAt = this.now();
    this.dropStaleDevices(name, room);
    const devices: DeviceEntry[] = [...room.devices.values()]
      .sort(
        (a, b) => Number(b.socket !== null) - Number(a.socket !== null) || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0),
      )
      .slice(0, DEVICES_MAX_ENTRIES)
      .map((r) => ({ deviceId: r.deviceId, role: r.role, connected: r.socket !== null, lastSeen: r.lastSeen, status: r.status }));
    const bytes = Buffer.from(JSON.stringify({ type: 'devices', serverVersion: this.serverVersion(), serverTime: this.now(), devices }));
    for (const c of to) this.send(c, bytes);
  }

  // ── Roster ────────────────────────────────────────────────────────────────────────────────────────────────────

  private mergeRoster(room: LocalRoom, records: readonly FollowerRecord[]): void {
    if (!room.mirror) return;
    for (const record of records) {
      const known = room.mirror.get(record.entry.clientId);
      if (!known || record.at >= known.at) room.mirror.set(record.entry.clientId, record);
    }
  }

  private markRosterDirty(name: string): void {
    const room = this.local.get(name);
    if (!room || room.guides.size === 0 || room.rosterTimer) return;
    const interval = this.options.rosterIntervalMs ?? 250;
    const delay = Math.max(0, room.lastRosterAt + interval - this.now());
    room.rosterTimer = setTimeout(() => this.guard('roster', () => this.flushRoster(name)), delay);
    room.rosterTimer.unref();
  }

  private flushRoster(name: string): void {
    const room = this.local.get(name);
    if (!room) return;
    room.rosterTimer = null;
    room.lastRosterAt = this.now();
    if (!room.mirror) return;
    const byId = (a: RosterEntry, b: RosterEntry) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0);
    const limits = this.rosterLimits();
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
    for (const c of room.guides) if (c.pending === null) this.send(c, bytes);
  }
}

/** A command as the store takes it: without the numbers a store gives. */
function withoutNumbers(command: Command): NewCommand {
  const { rev: _rev, epoch: _epoch, ...rest } = command;
  return rest;
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
