// The guide store on Redis, so a guide connected to one server process leads followers connected to another.
//
// Keys (prefix default `iamm:guide:`, all expiring after `ttlSeconds` without writes):
//   room:<room>:rev      INCR counter: the room's command revision
//   room:<room>:epoch    the counter's run: made anew whenever the counter starts again (Redis restarted or lost it)
//   room:<room>:goto     the last goto command (JSON), room:<room>:tour the last tour command
//   room:<room>:roster   hash clientId → {entry, at}
//   room:<room>:owner    hash clientId → the connection that owns it (so a stale socket cannot overwrite a newer one)
//   room:<room>:gone     sorted set clientId → when a visitor left (connected visitors = roster − gone)
//   room:<room>:devices  hash process origin → that process's headsets and screens of the room (the team page's list)
//   room:<room>:tools    the guide's highlight and hold ({rev, highlight, hold, holder}), rev from room:<room>:toolsrev
//   room:<room>:hold     the holder's origin, expiring after the hold's lease (its process renews it; a dead one does not)
// Channel `<prefix>events`: every command, presence change and tools change, as JSON StoreEvents. Channel
// `<prefix>positions:<room>`: connected visitors' positions (updateMany), heard only by processes with a guide of the
// room (watchPositions). Channel `<prefix>views:<room>`: shared headsets' poses, published and never stored, heard only
// by processes with a booth screen of the room (watchViews).
// Each write is one Lua script, so numbering, storing and publishing are atomic and published in revision order.
//
// While Redis is unreachable every call fails within `commandTimeoutMs` (no offline queue): the hub then serves its
// own sockets alone. Every reconnection of either connection emits `resync`.
import { createClient } from 'redis';
import { z } from 'zod';
import {
  CLIENT_ID,
  Command,
  DEVICES_MAX_ENTRIES,
  DeviceEntry,
  ELEMENT_ID,
  EPOCH,
  PoseFields,
  RosterEntry,
  SHARER_LABEL_LENGTH,
} from '../../src/features/guide/protocol.ts';
import {
  expired,
  newEpoch,
  type DeviceSnapshot,
  type FollowerRecord,
  type GuideStore,
  type NewCommand,
  type RosterLimits,
  type RoomState,
  type SharedTools,
  type SharedView,
  type StoreEvent,
} from './store.ts';

const COMMAND_SCRIPT = `
if ARGV[6] == '1' and redis.call('EXISTS', KEYS[2]) == 1 then
  return false
end
local rev = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
local epoch = redis.call('GET', KEYS[3])
if rev == 1 or not epoch then
  epoch = ARGV[5]
end
redis.call('SET', KEYS[3], epoch, 'EX', ARGV[2])
local msg = '{"rev":' .. rev .. ',"epoch":"' .. epoch .. '",' .. string.sub(ARGV[1], 2)
redis.call('SET', KEYS[2], msg, 'EX', ARGV[2])
redis.call('PUBLISH', ARGV[3], '{"kind":"command","room":' .. ARGV[4] .. ',"command":' .. msg .. '}')
return msg
`;

// Forgets visitors who left before the cutoff (KEYS: roster, owner, gone).
const PRUNE = `
local function prune(cutoff)
  local old = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff)
  for _, id in ipairs(old) do
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
  end
  if #old > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', cutoff) end
end
`;

const CLAIM_SCRIPT = `${PRUNE}
prune(ARGV[8])
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and
   redis.call('HLEN', KEYS[1]) - redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[7]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('ZREM', KEYS[3], ARGV[1])
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[4]) end
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1
`;

const UPDATE_SCRIPT = `${PRUNE}
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[3] then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[7] == '1' then
  redis.call('ZREM', KEYS[3], ARGV[1])
else
  redis.call('ZADD', KEYS[3], ARGV[8], ARGV[1])
  prune(ARGV[9])
  local extra = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[10])
  if extra > 0 then
    local old = redis.call('ZRANGE', KEYS[3], 0, extra - 1)
    for _, id in ipairs(old) do
      redis.call('HDEL', KEYS[1], id)
      redis.call('HDEL', KEYS[2], id)
    end
    redis.call('ZREMRANGEBYRANK', KEYS[3], 0, extra - 1)
  end
end
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[4]) end
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1
`;

// Positions of connected visitors (ARGV: ttl, the room's positions channel, the writer's origin, then id, conn, record
// per visitor), published on the room's own channel: only processes with a guide of the room listen (watchPositions).
const UPDATE_MANY_SCRIPT = `
local items = {}
for i = 4, #ARGV, 3 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
    redis.call('ZREM', KEYS[3], ARGV[i])
    items[#items + 1] = ARGV[i + 2]
  end
end
if #items > 0 then
  for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[1]) end
  redis.call('PUBLISH', ARGV[2], '{"origin":"' .. ARGV[3] .. '","items":[' .. table.concat(items, ',') .. ']}')
end
return #items
`;

// The room's tools (KEYS: tools, hold, toolsrev; ARGV: the tools without rev, hold '1'/'0', origin, ttl, lease ms,
// channel, room as JSON): numbered, kept, the hold's lease set (or dropped), published.
const SET_TOOLS_SCRIPT = `
local rev = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[4])
local msg = '{"rev":' .. rev .. ',' .. string.sub(ARGV[1], 2)
redis.call('SET', KEYS[1], msg, 'EX', ARGV[4])
if ARGV[2] == '1' then
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[5])
else
  redis.call('DEL', KEYS[2])
end
redis.call('PUBLISH', ARGV[6], '{"kind":"tools","room":' .. ARGV[7] .. ',"tools":' .. msg .. '}')
return msg
`;

// The holder renews its hold (KEYS: tools, hold; ARGV: origin, lease ms, channel, room as JSON) and says so: the other
// processes keep their followers held while they hear it. -1: the store lost the tools; 0: another holds or released.
const RENEW_HOLD_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return -1 end
local t = cjson.decode(raw)
if t.hold ~= true or t.holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], '{"kind":"tools","room":' .. ARGV[4] .. ',"tools":' .. raw .. '}')
return 1
`;

const StoredRecord = z.object({ entry: RosterEntry, at: z.number() });
const Origin = z.string().max(64);
const Tools = z.object({
  rev: z.number().int().nonnegative(),
  highlight: z.string().regex(ELEMENT_ID).nullable(),
  hold: z.boolean(),
  holder: Origin.nullable(),
});
const View = z.object({
  origin: Origin,
  id: z.string().max(64),
  label: z.string().max(SHARER_LABEL_LENGTH),
  since: z.number(),
  on: z.boolean(),
  pose: PoseFields.nullable(),
});
const Event = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), room: z.string(), command: Command }),
  z.object({ kind: z.literal('presence'), room: z.string(), entry: RosterEntry, conn: z.string(), at: z.number() }),
  z.object({ kind: z.literal('devices'), room: z.string() }),
  z.object({ kind: z.literal('apply-update'), room: z.string(), deviceId: z.string().regex(CLIENT_ID) }),
  z.object({ kind: z.literal('tools'), room: z.string(), tools: Tools }),
]);
const Snapshot = z.object({ at: z.number(), devices: z.array(DeviceEntry).max(DEVICES_MAX_ENTRIES) });
const Positions = z.object({ origin: z.string(), items: z.array(StoredRecord).max(10_000) });

export interface RedisStoreOptions {
  url: string;
  prefix?: string;
  ttlSeconds?: number;
  /** A call that gets no answer within this fails (default 2000 ms); while disconnected, calls fail at once. */
  commandTimeoutMs?: number;
  /** Give up starting when Redis cannot be reached within this (ms). */
  connectTimeoutMs?: number;
  log?: (message: string) => void;
}

/** `redis://user:pass@host:6379/0` → `redis://host:6379/0`, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

export class RedisStore implements GuideStore {
  readonly kind = 'redis';
  /** This process's mark on the positions and views it publishes (it skips its own) and on the holds it holds. */
  readonly origin = newEpoch();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  /**
   * Room channels this process wants to hear, with their handlers (a room's positions while a guide of it is here, its
   * views while a booth screen is), and those it is subscribed to.
   */
  private readonly watched = new Map<string, (message: string) => void>();
  private readonly subscribed = new Set<string>();
  /** Rooms this process wrote devices for (removed from the store when it closes). */
  private readonly deviceRooms = new Set<string>();

  private constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly sub: ReturnType<typeof createClient>,
    private readonly prefix: string,
    private readonly ttl: number,
    private readonly timeoutMs: number,
  ) {}

  static async connect(options: RedisStoreOptions): Promise<RedisStore> {
    const log = options.log ?? ((m: string) => console.warn(m));
    const where = redactRedisUrl(options.url);
    const connectTimeout = options.connectTimeoutMs ?? 5000;
    const make = () => {
      let ready = false;
      let lastLog = 0;
      const client = createClient({
        url: options.url,
        // Fail at once while disconnected instead of queueing until Redis is back (the hub then serves its own sockets).
        disableOfflineQueue: true,
        socket: {
          connectTimeout,
          // Before the first connection: give up quickly (startup fails with a clear message). After: keep trying.
          reconnectStrategy: (retries, cause) =>
            ready ? Math.min(100 * 2 ** retries, 3000) : retries >= 2 ? new Error(`cannot reach Redis at ${where}: ${cause.message}`) : 200,
        },
      });
      client.on('ready', () => (ready = true));
      client.on('error', (err: Error) => {
        const now = Date.now();
        if (ready && now - lastLog > 10_000) {
          lastLog = now;
          log(`[guide] Redis ${where}: ${err.message}`);
        }
      });
      return client;
    };
    const client = make();
    const sub = make();
    try {
      await Promise.all([client.connect(), sub.connect()]);
    } catch (err) {
      for (const c of [client, sub]) {
        try {
          if (c.isOpen) c.destroy();
        } catch {
          // already closed by its reconnect strategy
        }
      }
      throw new Error(`cannot reach Redis at ${where} (REDIS_URL): ${(err as Error).message}`);
    }
    const store = new RedisStore(
      client,
      sub,
      options.prefix ?? 'iamm:guide:',
      options.ttlSeconds ?? 12 * 3600,
      options.commandTimeoutMs ?? 2000,
    );
    // Both connections are up: from now on every 'ready' is a reconnection, and every one of them resyncs (events
    // published while either was down are lost, and a restarted Redis may have lost the rooms).
    for (const c of [client, sub]) c.on('ready', () => store.emit({ kind: 'resync' }));
    // A room channel that could not be subscribed to while Redis was away is subscribed to once it is back.
    sub.on('ready', () => {
      for (const channel of store.watched.keys()) void store.subscribeChannel(channel).catch(() => undefined);
    });
    await sub.subscribe(store.channel, (message) => store.onMessage(message));
    return store;
  }

  private get channel(): string {
    return `${this.prefix}events`;
  }

  private key(room: string, what: string): string {
    return `${this.prefix}room:${room}:${what}`;
  }

  private positionsChannel(room: string): string {
    return `${this.prefix}positions:${room}`;
  }

  private viewsChannel(room: string): string {
    return `${this.prefix}views:${room}`;
  }

  private async subscribeChannel(channel: string): Promise<void> {
    const handler = this.watched.get(channel);
    if (this.subscribed.has(channel) || !handler) return;
    await this.timed('subscribe', () => this.sub.subscribe(channel, handler));
    this.subscribed.add(channel);
    if (!this.watched.has(channel)) await this.unsubscribeChannel(channel);
  }

  private async unsubscribeChannel(channel: string): Promise<void> {
    if (!this.subscribed.has(channel) || this.watched.has(channel)) return;
    this.subscribed.delete(channel);
    await this.timed('unsubscribe', () => this.sub.unsubscribe(channel));
  }

  private async watch(channel: string, handler: ((message: string) => void) | null): Promise<void> {
    if (handler) {
      if (!this.watched.has(channel)) this.watched.set(channel, handler);
      await this.subscribeChannel(channel);
    } else {
      this.watched.delete(channel);
      await this.unsubscribeChannel(channel);
    }
  }

  async watchPositions(room: string, on: boolean): Promise<void> {
    await this.watch(this.positionsChannel(room), on ? (message) => this.onPositions(room, message) : null);
  }

  async watchViews(room: string, on: boolean): Promise<void> {
    await this.watch(this.viewsChannel(room), on ? (message) => this.onView(room, message) : null);
  }

  async publishView(room: string, view: SharedView): Promise<void> {
    // The origin first: a process skips its own views before decoding them.
    const { origin: _origin, ...rest } = view;
    const text = `${this.ownOrigin}${JSON.stringify(rest).slice(1)}`;
    await this.timed('view', () => this.client.publish(this.viewsChannel(room), text));
  }

  private onView(room: string, message: string): void {
    const view = this.foreign(message, View);
    if (view) this.emit({ kind: 'view', room, view });
  }

  /**
   * Another process's message on a room channel, decoded and validated; null for this process's own (skipped before
   * decoding: it has them already) and for anything malformed.
   */
  private foreign<T>(message: string, schema: { safeParse(data: unknown): { success: true; data: T } | { success: false } }): T | null {
    if (message.startsWith(this.ownOrigin)) return null;
    let data: unknown;
    try {
      data = JSON.parse(message);
    } catch {
      return null;
    }
    const parsed = schema.safeParse(data);
    return parsed.success ? parsed.data : null;
  }

  async setTools(room: string, tools: { highlight: string | null; hold: boolean }, leaseMs: number): Promise<SharedTools> {
    const body = JSON.stringify({ highlight: tools.highlight, hold: tools.hold, holder: tools.hold ? this.origin : null });
    const reply = await this.timed('tools', () =>
      this.client.eval(SET_TOOLS_SCRIPT, {
        keys: [this.key(room, 'tools'), this.key(room, 'hold'), this.key(room, 'toolsrev')],
        arguments: [
          body,
          tools.hold ? '1' : '0',
          this.origin,
          String(this.ttl),
          String(Math.max(1, Math.round(leaseMs))),
          this.channel,
          JSON.stringify(room),
        ],
      }),
    );
    return Tools.parse(JSON.parse(String(reply)));
  }

  async renewHold(room: string, leaseMs: number): Promise<'renewed' | 'not-holder' | 'lost'> {
    const reply = await this.timed('hold', () =>
      this.client.eval(RENEW_HOLD_SCRIPT, {
        keys: [this.key(room, 'tools'), this.key(room, 'hold')],
        arguments: [this.origin, String(Math.max(1, Math.round(leaseMs))), this.channel, JSON.stringify(room)],
      }),
    );
    const n = Number(reply);
    return n === 1 ? 'renewed' : n === 0 ? 'not-holder' : 'lost';
  }

  private onPositions(room: string, message: string): void {
    const positions = this.foreign(message, Positions);
    if (positions) this.emit({ kind: 'presences', room, items: positions.items });
  }

  private get ownOrigin(): string {
    return `{"origin":"${this.origin}",`;
  }

  private onMessage(message: string): void {
    let data: unknown;
    try {
      data = JSON.parse(message);
    } catch {
      return;
    }
    const event = Event.safeParse(data);
    if (event.success) this.emit(event.data);
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        console.error('[guide] store listener failed', err);
      }
    }
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The call, or a rejection after the timeout (the call's late answer is ignored). */
  private timed<T>(what: string, call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis ${what}: no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref();
      let p: Promise<T>;
      try {
        p = call();
      } catch (err) {
        clearTimeout(timer);
        reject(err as Error);
        return;
      }
      p.then(
        (v) => (clearTimeout(timer), resolve(v)),
        (err: unknown) => (clearTimeout(timer), reject(err as Error)),
      );
    });
  }

  async command(room: string, command: NewCommand, options: { ifAbsent?: boolean } = {}): Promise<Command | null> {
    const reply = await this.timed('command', () =>
      this.client.eval(COMMAND_SCRIPT, {
        keys: [this.key(room, 'rev'), this.key(room, command.cmd.type), this.key(room, 'epoch')],
        arguments: [
          JSON.stringify(command),
          String(this.ttl),
          this.channel,
          JSON.stringify(room),
          newEpoch(),
          options.ifAbsent ? '1' : '0',
        ],
      }),
    );
    return reply === null ? null : Command.parse(JSON.parse(String(reply)));
  }

  async state(room: string): Promise<RoomState> {
    const [goto, tour, epoch, tools, hold] = await this.timed('state', () =>
      this.client.mGet([
        this.key(room, 'goto'),
        this.key(room, 'tour'),
        this.key(room, 'epoch'),
        this.key(room, 'tools'),
        this.key(room, 'hold'),
      ]),
    );
    const read = (s: string | null): Command | null => {
      if (s === null) return null;
      try {
        const parsed = Command.safeParse(JSON.parse(s));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    };
    const e = epoch ?? null;
    return {
      goto: read(goto ?? null),
      tour: read(tour ?? null),
      epoch: e !== null && EPOCH.test(e) ? e : null,
      tools: readTools(tools ?? null, hold ?? null),
    };
  }

  async follower(room: string, clientId: string): Promise<FollowerRecord | null> {
    const raw = await this.timed('follower', () => this.client.hGet(this.key(room, 'roster'), clientId));
    return raw === null || raw === undefined ? null : parseRecord(raw);
  }

  private presence(room: string, record: FollowerRecord, conn: string): string {
    return JSON.stringify({ kind: 'presence', room, entry: record.entry, conn, at: record.at });
  }

  private rosterKeys(room: string): string[] {
    return [this.key(room, 'roster'), this.key(room, 'owner'), this.key(room, 'gone')];
  }

  async claim(room: string, record: FollowerRecord, conn: string, limits: RosterLimits): Promise<boolean> {
    const reply = await this.timed('claim', () =>
      this.client.eval(CLAIM_SCRIPT, {
        keys: this.rosterKeys(room),
        arguments: [
          record.entry.clientId,
          JSON.stringify(record),
          conn,
          String(this.ttl),
          this.channel,
          this.presence(room, record, conn),
          String(limits.maxConnected),
          String(limits.now - limits.graceMs),
        ],
      }),
    );
    return Number(reply) === 1;
  }

  async update(room: string, record: FollowerRecord, conn: string, limits: RosterLimits): Promise<boolean> {
    const reply = await this.timed('update', () =>
      this.client.eval(UPDATE_SCRIPT, {
        keys: this.rosterKeys(room),
        arguments: [
          record.entry.clientId,
          JSON.stringify(record),
          conn,
          String(this.ttl),
          this.channel,
          this.presence(room, record, conn),
          record.entry.connected ? '1' : '0',
          String(record.at),
          String(limits.now - limits.graceMs),
          String(limits.maxRemembered),
        ],
      }),
    );
    return Number(reply) === 1;
  }

  async updateMany(room: string, items: ReadonlyArray<{ record: FollowerRecord; conn: string }>): Promise<void> {
    // Lua's unpack has a limit on arguments: a few hundred visitors per call.
    for (let i = 0; i < items.length; i += 500) {
      const args = [String(this.ttl), this.positionsChannel(room), this.origin];
      for (const { record, conn } of items.slice(i, i + 500)) args.push(record.entry.clientId, conn, JSON.stringify(record));
      await this.timed('updateMany', () => this.client.eval(UPDATE_MANY_SCRIPT, { keys: this.rosterKeys(room), arguments: args }));
    }
  }

  async publishDevices(room: string, snapshot: DeviceSnapshot, announce: boolean): Promise<void> {
    const key = this.key(room, 'devices');
    const value = JSON.stringify(snapshot);
    this.deviceRooms.add(room);
    await this.timed('devices', async () => {
      const multi = this.client.multi().hSet(key, this.origin, value).expire(key, this.ttl);
      if (announce) multi.publish(this.channel, JSON.stringify({ kind: 'devices', room }));
      await multi.exec();
    });
  }

  async devices(room: string): Promise<DeviceSnapshot[]> {
    const all = await this.timed('devices', () => this.client.hGetAll(this.key(room, 'devices')));
    const out: DeviceSnapshot[] = [];
    for (const [origin, raw] of Object.entries(all)) {
      if (origin === this.origin) continue;
      try {
        const parsed = Snapshot.safeParse(JSON.parse(String(raw)));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // not JSON: ignored
      }
    }
    return out;
  }

  async applyUpdate(room: string, deviceId: string): Promise<void> {
    await this.timed('apply-update', () => this.client.publish(this.channel, JSON.stringify({ kind: 'apply-update', room, deviceId })));
  }

  /** This process's device snapshots leave the store (it is closing). */
  private async forgetDevices(): Promise<void> {
    const rooms = [...this.deviceRooms];
    await Promise.allSettled(rooms.map((room) => this.timed('devices', () => this.client.hDel(this.key(room, 'devices'), this.origin))));
  }

  async roster(room: string, limits: RosterLimits): Promise<FollowerRecord[]> {
    const all = await this.timed('roster', () => this.client.hGetAll(this.key(room, 'roster')));
    return Object.values(all)
      .map((raw) => parseRecord(String(raw)))
      .filter((r): r is FollowerRecord => r !== null && !expired(r, limits));
  }

  async close(): Promise<void> {
    this.listeners.clear();
    if (this.client.isReady) await this.forgetDevices();
    await Promise.allSettled([this.sub.close(), this.client.close()]);
  }
}

/** The stored tools; a hold whose lease lapsed (its holder stopped renewing it) is no hold. */
function readTools(raw: string | null, holder: string | null): SharedTools | null {
  if (raw === null) return null;
  try {
    const parsed = Tools.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const live = parsed.data.hold && holder !== null && holder === parsed.data.holder;
    return { ...parsed.data, hold: live, holder: live ? parsed.data.holder : null };
  } catch {
    return null;
  }
}

function parseRecord(raw: string): FollowerRecord | null {
  try {
    const parsed = StoredRecord.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
