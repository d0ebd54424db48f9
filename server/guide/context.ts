// What every part of the guide hub shares: its options, the sockets (Client) and rooms (LocalRoom) this process
// serves, the login backoffs, and the plumbing (sending, refusing and closing, store calls with a timeout, the
// per-socket message queue). GuideHub (hub.ts) makes one; transport.ts, login.ts, rooms.ts, roster.ts, outage.ts and
// devices.ts are functions of it.
import type http from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import {
  CLOSE,
  type Command,
  type DeviceStatusFields,
  type ErrorCode,
  type RosterEntry,
  type ServerMessage,
} from '../../src/features/guide/protocol.ts';
import type { RoomSecrets } from './config.ts';
import { LoginBackoff, type RateLimiter, RefusalLog, stamp, type TokenBucket, type BackoffOptions, type BucketOptions } from './rate.ts';
import type { FollowerRecord, GuideStore, NewCommand, RosterLimits, RoomState } from './store.ts';
import { GuideTools, HOLD_LEASE_MS } from './tools.ts';

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
  /**
   * With several processes (Redis): a follower held by a guide on another process is released after this long without
   * hearing that process renew the hold (default HOLD_LEASE_MS, 15 s): the holder died or Redis is unreachable.
   */
  holdLeaseMs?: number;
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
export interface DeviceRecord {
  deviceId: string;
  role: 'follower' | 'device';
  /** Its current socket; null once it left (kept `deviceGraceMs`). */
  socket: Client | null;
  lastSeen: number;
  status: DeviceStatusFields | null;
}

/** Sockets of one remote address. */
export interface AddressSlots {
  total: number;
  pending: number;
}

export interface Client {
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
  role: 'guide' | 'follower' | 'team' | 'device' | 'watcher' | null;
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

export interface LocalRoom {
  guides: Set<Client>;
  /** The event team's pages. */
  teams: Set<Client>;
  /** Headsets and screens reporting their status (followers and status-only kiosks), by device id. */
  devices: Map<string, DeviceRecord>;
  devicesTimer: NodeJS.Timeout | null;
  lastDevicesAt: number;
  /** This process's devices are written to the store (shared with the other processes' team pages) at most this often. */
  publishTimer: NodeJS.Timeout | null;
  lastPublishAt: number;
  followers: Map<string, Client>;
  /** The roster as this process knows it; kept only while a guide of the room is connected here. */
  mirror: Map<string, FollowerRecord> | null;
  /** The mirror's clientIds in order (the roster's order); null when someone joined or was forgotten since. */
  rosterOrder: string[] | null;
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

export const MAX_LOGGED_DROPS = 10;
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** ws closes the connection itself (1009) above this; between MAX_MESSAGE_BYTES and this we drop and answer. */
const HARD_MAX_PAYLOAD = 64 * 1024;

export class HubContext {
  readonly wss: WebSocketServer;
  readonly clients = new Set<Client>();
  readonly local = new Map<string, LocalRoom>();
  readonly authFailures = new Map<string, TokenBucket>();
  readonly addresses = new Map<string, AddressSlots>();
  readonly addressBackoff: LoginBackoff;
  readonly roomBackoff: LoginBackoff;
  readonly refusals: RefusalLog;
  readonly limits: { maxConnected: number; graceMs: number };
  readonly log: GuideLogger;
  readonly now: () => number;
  /** The guide's tools (highlight, hold) and the booth screens' shared views (tools.ts). */
  readonly tools: GuideTools<Client>;
  counter = 0;
  closing = false;
  resyncTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly options: GuideHubOptions,
    readonly store: GuideStore,
    /** The names a Host header may carry (transport.ts: allowedHosts). */
    readonly hosts: Set<string>,
  ) {
    const log = options.log ?? { info: (m) => console.log(m), warn: (m) => console.warn(m) };
    this.log = { info: (m) => log.info(`${stamp(Date.now())} ${m}`), warn: (m) => log.warn(`${stamp(Date.now())} ${m}`) };
    this.refusals = new RefusalLog((line) => log.warn(line));
    this.now = options.now ?? Date.now;
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
    const holdLeaseMs = options.holdLeaseMs ?? HOLD_LEASE_MS;
    this.tools = new GuideTools<Client>({
      send: (c, m) => this.send(c, m),
      refuse: (c, code, reason) => this.refuse(c, code, reason),
      reject: (c, code, reason) => this.reject(c, code, reason),
      knownRoom: (room) => this.options.rooms.has(room),
      members: (room) => {
        const r = this.local.get(room);
        return r ? [...r.guides, ...r.followers.values()] : [];
      },
      now: () => this.now(),
      log: this.log,
      shared: store.kind === 'redis',
      origin: store.origin,
      holdLeaseMs,
      share: (room, tools) => this.stored(() => store.setTools(room, tools, holdLeaseMs)),
      renew: (room) => this.stored(() => store.renewHold(room, holdLeaseMs)),
      watchViews: (room, on) => void this.stored(() => store.watchViews(room, on)).catch(() => undefined),
      publishView: (room, view) => void store.publishView(room, { origin: store.origin, ...view }).catch(() => undefined),
    });
  }

  rosterLimits(): RosterLimits {
    return {
      maxConnected: this.limits.maxConnected,
      maxRemembered: this.limits.maxConnected,
      graceMs: this.limits.graceMs,
      now: this.now(),
    };
  }

  /** A store call that gives up after `storeTimeoutMs` (the store may have its own, shorter timeout). */
  stored<T>(call: () => Promise<T>): Promise<T> {
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

  /** Refuses a hello for good (an unknown room): logged, told with its error code, closed. */
  reject(c: Client, code: ErrorCode, reason: string): void {
    this.refuseLog(c.ip, `refused ${this.describe(c)}: ${reason}`);
    this.send(c, { type: 'error', code });
    this.closeClient(c, CLOSE.unauthorized, code);
  }

  refuseLog(ip: string, text: string): void {
    this.refusals.refuse(ip, `[guide] ${text}`, Date.now());
  }

  guard(what: string, fn: () => void, onError?: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.warn(`[guide] ${what} failed: ${(err as Error)?.message ?? String(err)}`);
      onError?.();
    }
  }

  describe(c: Client): string {
    if (c.role === 'guide') return `guide #${c.n} of room ${c.room}`;
    if (c.role === 'follower') return `follower ${c.clientId} in room ${c.room}`;
    if (c.role === 'team') return `team page #${c.n} of room ${c.room}`;
    if (c.role === 'device') return `device ${c.clientId} in room ${c.room}`;
    if (c.role === 'watcher') return `booth screen #${c.n} of room ${c.room}`;
    return `client #${c.n} (${c.ip})`;
  }

  /** Sends a message; a string or Buffer is already-serialised JSON (fan-out serialises once for all). */
  send(c: Client, message: ServerMessage | string | Buffer): void {
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

  refuse(c: Client, code: ErrorCode, reason: string): void {
    c.dropped++;
    if (c.dropped <= MAX_LOGGED_DROPS) {
      this.refuseLog(c.ip, `dropped a message from ${this.describe(c)}: ${code} (${reason})`);
      if (c.dropped === MAX_LOGGED_DROPS) this.refuseLog(c.ip, `further drops from ${this.describe(c)} are not logged`);
    }
    this.send(c, { type: 'error', code });
  }

  closeClient(c: Client, code: number, reason: string): void {
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

  room(name: string): LocalRoom {
    let room = this.local.get(name);
    if (!room) {
      room = {
        guides: new Set(),
        teams: new Set(),
        devices: new Map(),
        devicesTimer: null,
        lastDevicesAt: -Infinity,
        publishTimer: null,
        lastPublishAt: -Infinity,
        followers: new Map(),
        mirror: null,
        rosterOrder: null,
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

  forgetRoomIfEmpty(name: string): void {
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
      if (room.publishTimer) clearTimeout(room.publishTimer);
      if (room.positionTimer) clearTimeout(room.positionTimer);
      this.local.delete(name);
    }
  }

  enqueue(c: Client, what: string, task: () => Promise<void>): void {
    c.queue = c.queue.then(task).catch((err: unknown) => {
      this.log.warn(`[guide] ${what} for ${this.describe(c)} failed: ${(err as Error)?.message ?? String(err)}`);
      this.send(c, { type: 'error', code: 'internal' });
    });
  }

  clearHelloTimer(c: Client): void {
    if (c.helloTimer) clearTimeout(c.helloTimer);
    c.helloTimer = null;
  }

  /** Sends the room's state, then the commands that arrived meanwhile and are newer than it. */
  sendState(c: Client, state: RoomState): void {
    this.send(c, { type: 'state', goto: state.goto, tour: state.tour, epoch: state.epoch, serverTime: this.now() });
    const pending = c.pending ?? [];
    c.pending = null;
    for (const command of pending) {
      const known = command.cmd.type === 'goto' ? state.goto : state.tour;
      if (!known || command.epoch !== known.epoch || command.rev > known.rev) this.send(c, { ...command });
    }
    // Then what the guide points at and whether it holds the group (the store's, with several processes).
    this.tools.joined(c, state.tools);
  }
}
