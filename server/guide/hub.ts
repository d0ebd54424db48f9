// The live-guide WebSocket endpoint: `/guide` on the exhibit's own server and port.
//
// A guide (laptop, tablet or headset) authenticates for a room with its secret and sends goto / tour commands;
// the hub numbers them through the store (in-process, or Redis when several server processes share rooms) and
// fans them out to every socket of the room as `command` messages with a countdown hint. Followers report their
// position; the guide receives the room's roster, throttled. See src/features/guide/protocol.ts for the messages.
//
// Nothing a client sends can crash the server: every handler is wrapped, every message is size-checked, rate
// limited and validated before it is looked at, and refusals are logged with a reason (never a secret or the
// message itself).
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  CLOSE,
  DEFAULT_STARTS_IN_MS,
  GUIDE_PATH,
  MAX_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  parseClientMessage,
  type Command,
  type ErrorCode,
  type FollowerHello,
  type GuideHello,
  type Position,
  type RosterEntry,
  type ServerMessage,
} from '../../src/features/guide/protocol.ts';
import { checkSecret, type RoomSecrets } from './config.ts';
import { RateLimiter, TokenBucket, type BucketOptions } from './rate.ts';
import { MemoryStore, type FollowerRecord, type GuideStore, type RoomState, type StoreEvent } from './store.ts';

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
  /** A socket that has not said hello by then is closed (default 10 s). */
  helloTimeoutMs?: number;
  /** At most one roster message per room this often (default 250 ms: ≤ 4/s). */
  rosterIntervalMs?: number;
  /** Visitors a room's roster keeps (default 1000); more are refused with `room-full`. */
  maxFollowersPerRoom?: number;
  /** Sockets per hub (default 5000); more upgrades are answered 503. */
  maxClients?: number;
  /** Per-socket message budget (default 20/s, burst 40) and patience before a flooder is cut off (1008). */
  rateLimit?: { limit: BucketOptions; patience: BucketOptions };
  /** Failed guide logins per remote address (default burst 10, then 10 per minute). */
  authFailures?: BucketOptions;
  /** Origins accepted besides the page's own host (e.g. a dev server's). */
  extraOrigins?: readonly string[];
  log?: GuideLogger;
  now?: () => number;
}

interface Client {
  readonly n: number;
  readonly ws: WebSocket;
  /** Random per connection: the store's owner token for this follower's roster entry. */
  readonly conn: string;
  readonly ip: string;
  readonly server: http.Server;
  readonly limiter: RateLimiter;
  role: 'guide' | 'follower' | null;
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
}

interface LocalRoom {
  guides: Set<Client>;
  followers: Map<string, Client>;
  /** The roster as this process knows it; kept only while a guide of the room is connected here. */
  mirror: Map<string, FollowerRecord> | null;
  rosterTimer: NodeJS.Timeout | null;
  lastRosterAt: number;
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
  private readonly attached = new Map<http.Server, (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly log: GuideLogger;
  private readonly now: () => number;
  private counter = 0;
  private closing = false;

  constructor(
    private readonly options: GuideHubOptions,
    readonly store: GuideStore = options.store ?? new MemoryStore(),
    private readonly ownsStore = options.store === undefined,
  ) {
    this.log = options.log ?? { info: (m) => console.log(m), warn: (m) => console.warn(m) };
    this.now = options.now ?? Date.now;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD, perMessageDeflate: false, clientTracking: false });
    this.wss.on('error', (err) => this.log.warn(`[guide] server error: ${err.message}`));
    this.unsubscribe = store.subscribe((event) => this.guard('store event', () => this.onStoreEvent(event)));
    this.heartbeat = setInterval(() => this.guard('heartbeat', () => this.beat()), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
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
      this.log.warn(`[guide] dropped a message from ${this.describe(c)}: ${code} (${reason})`);
      if (c.dropped === MAX_LOGGED_DROPS) this.log.warn(`[guide] further drops from ${this.describe(c)} are not logged`);
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
      room = { guides: new Set(), followers: new Map(), mirror: null, rosterTimer: null, lastRosterAt: -Infinity };
      this.local.set(name, room);
    }
    return room;
  }

  private forgetRoomIfEmpty(name: string): void {
    const room = this.local.get(name);
    if (room && room.guides.size === 0 && room.followers.size === 0) {
      if (room.rosterTimer) clearTimeout(room.rosterTimer);
      this.local.delete(name);
    }
  }

  // ── Connections ───────────────────────────────────────────────────────────────────────────────────────────────

  private onUpgrade(server: http.Server, req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = req.url ?? '/';
    const q = target.search(/[?#]/);
    const pathname = q === -1 ? target : target.slice(0, q);
    if (pathname !== GUIDE_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (!originAllowed(req.headers.origin, req.headers.host, this.options.extraOrigins)) {
      this.log.warn(`[guide] refused a connection from ${req.socket.remoteAddress ?? '?'}: origin does not match host`);
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    if (this.closing || this.clients.size >= (this.options.maxClients ?? 5000)) {
      return rejectUpgrade(socket, 503, 'Service Unavailable');
    }
    socket.on('error', () => socket.destroy());
    this.wss.handleUpgrade(req, socket, head, (ws) =>
      this.guard(
        'connection',
        () => this.onConnection(server, req, ws),
        () => ws.terminate(),
      ),
    );
  }

  private onConnection(server: http.Server, req: http.IncomingMessage, ws: WebSocket): void {
    const limits = this.options.rateLimit;
    const c: Client = {
      n: ++this.counter,
      ws,
      conn: randomUUID(),
      ip: req.socket.remoteAddress ?? '?',
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
    };
    this.clients.add(c);
    c.helloTimer = setTimeout(() => {
      if (c.role === null) this.closeClient(c, CLOSE.policy, 'no hello');
    }, this.options.helloTimeoutMs ?? 10_000);
    c.helloTimer.unref();
    ws.on('error', (err) => this.log.warn(`[guide] socket error from ${this.describe(c)}: ${err.message}`));
    ws.on('pong', () => (c.alive = true));
    ws.on('message', (data, isBinary) => this.guard('message', () => this.onMessage(c, data, isBinary)));
    ws.on('close', () => this.guard('close', () => this.onClose(c)));
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
        if (c.role !== null) return this.refuse(c, 'already-joined', 'second hello');
        if (msg.role === 'guide') this.onGuideHello(c, msg);
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
        this.enqueue(c, msg.type, async () => {
          await this.store.command(room, command);
        });
        return;
      }
      case 'position':
        if (c.role === null) return this.refuse(c, 'unauthenticated', 'position before hello');
        if (c.role !== 'follower') return this.refuse(c, 'forbidden', 'position from a guide');
        this.enqueue(c, 'position', () => this.onPosition(c, msg));
        return;
    }
  }

  private onGuideHello(c: Client, msg: GuideHello): void {
    const bucket =
      this.authFailures.get(c.ip) ?? new TokenBucket(this.options.authFailures ?? { ratePerSec: 10 / 60, burst: 10 }, this.now());
    if (bucket.available(this.now()) < 1) {
      this.log.warn(`[guide] refused a guide login for room ${msg.room} from ${c.ip}: too many failed attempts`);
      this.send(c, { type: 'error', code: 'rate-limited' });
      this.closeClient(c, CLOSE.unauthorized, 'too many attempts');
      return;
    }
    const verdict = checkSecret(this.options.rooms, msg.room, msg.secret);
    if (verdict !== 'ok') {
      bucket.take(this.now());
      if (this.authFailures.size > 10_000) this.authFailures.clear();
      this.authFailures.set(c.ip, bucket);
      this.log.warn(
        `[guide] refused a guide login from ${c.ip}: ${verdict === 'bad-secret' ? `wrong secret for room ${msg.room}` : 'unknown room'}`,
      );
      this.send(c, { type: 'error', code: verdict });
      this.closeClient(c, CLOSE.unauthorized, verdict);
      return;
    }
    this.clearHelloTimer(c);
    c.role = 'guide';
    c.room = msg.room;
    const room = this.room(msg.room);
    room.guides.add(c);
    this.log.info(`[guide] guide #${c.n} leads room ${msg.room} (${room.guides.size} guide connection(s) here)`);
    this.enqueue(c, 'guide hello', async () => {
      if (!room.mirror) {
        room.mirror = new Map();
        this.mergeRoster(room, await this.store.roster(msg.room));
      }
      const state = await this.store.state(msg.room);
      if (c.closed) return;
      this.send(c, {
        type: 'welcome',
        protocol: PROTOCOL_VERSION,
        role: 'guide',
        room: msg.room,
        reconnected: false,
        serverTime: this.now(),
      });
      this.sendState(c, state);
      this.markRosterDirty(msg.room);
    });
  }

  private onFollowerHello(c: Client, msg: FollowerHello): void {
    if (!this.options.rooms.has(msg.room)) {
      this.log.warn(`[guide] refused follower ${msg.clientId}: unknown room ${msg.room}`);
      this.send(c, { type: 'error', code: 'unknown-room' });
      this.closeClient(c, CLOSE.unauthorized, 'unknown room');
      return;
    }
    this.clearHelloTimer(c);
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
    this.enqueue(c, 'follower hello', async () => {
      const before = await this.store.follower(msg.room, msg.clientId);
      const entry: RosterEntry = {
        clientId: msg.clientId,
        milestone: before?.entry.milestone ?? null,
        following: before?.entry.following ?? true,
        connected: true,
        reconnected: before !== null,
      };
      const maxFollowers = this.options.maxFollowersPerRoom ?? 1000;
      if (!(await this.store.claim(msg.room, { entry, at: this.now() }, c.conn, maxFollowers))) {
        this.log.warn(`[guide] refused follower ${msg.clientId}: room ${msg.room} is full (${maxFollowers})`);
        this.send(c, { type: 'error', code: 'room-full' });
        this.closeClient(c, CLOSE.roomFull, 'room full');
        return;
      }
      c.entry = entry;
      const state = await this.store.state(msg.room);
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

  private clearHelloTimer(c: Client): void {
    if (c.helloTimer) clearTimeout(c.helloTimer);
    c.helloTimer = null;
  }

  /** Sends the room's state, then the commands that arrived meanwhile and are newer than it. */
  private sendState(c: Client, state: RoomState): void {
    this.send(c, { type: 'state', goto: state.goto, tour: state.tour, serverTime: this.now() });
    const pending = c.pending ?? [];
    c.pending = null;
    for (const command of pending) {
      const known = command.cmd.type === 'goto' ? state.goto : state.tour;
      if (!known || command.rev > known.rev) this.send(c, { ...command });
    }
  }

  private async onPosition(c: Client, msg: Position): Promise<void> {
    if (!c.entry || c.closed) return;
    if (c.entry.milestone === msg.milestone && c.entry.following === msg.following) return;
    c.entry = { ...c.entry, milestone: msg.milestone, following: msg.following };
    await this.store.update(c.room!, { entry: c.entry, at: this.now() }, c.conn);
  }

  private onClose(c: Client): void {
    c.closed = true;
    this.clearHelloTimer(c);
    this.clients.delete(c);
    if (c.room === null) return;
    const name = c.room;
    const room = this.local.get(name);
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
    this.forgetRoomIfEmpty(name);
    if (c.dropped > MAX_LOGGED_DROPS) this.log.warn(`[guide] ${this.describe(c)} left; ${c.dropped} of its messages were dropped`);
    // After its hello has finished (the queue), so a quick disconnect is not overwritten by the claim.
    const queue = c.queue.then(async () => {
      if (!c.entry || this.closing) return;
      c.entry = { ...c.entry, connected: false };
      await this.store.update(name, { entry: c.entry, at: this.now() }, c.conn);
    });
    queue.catch((err: unknown) => this.log.warn(`[guide] recording that ${this.describe(c)} left failed: ${(err as Error)?.message}`));
  }

  private beat(): void {
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
    const room = this.local.get(event.room);
    if (!room) return;
    if (event.kind === 'command') {
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

  private resync(): void {
    for (const [name, room] of this.local) {
      const clients = [...room.guides, ...room.followers.values()].filter((c) => c.pending === null);
      void this.store.state(name).then(
        (state) => {
          for (const c of clients) this.send(c, { type: 'state', goto: state.goto, tour: state.tour, serverTime: this.now() });
        },
        (err: unknown) => this.log.warn(`[guide] resync of room ${name} failed: ${(err as Error)?.message}`),
      );
      if (room.mirror) {
        void this.store.roster(name).then(
          (records) => {
            if (!room.mirror) return;
            this.mergeRoster(room, records);
            this.markRosterDirty(name);
          },
          () => undefined,
        );
      }
    }
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
    const followers = [...room.mirror.values()]
      .map((r) => r.entry)
      .sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
    const bytes = Buffer.from(JSON.stringify({ type: 'roster', followers }));
    for (const c of room.guides) if (c.pending === null) this.send(c, bytes);
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
