// The guide store on Redis, so a guide connected to one server process leads followers connected to another.
//
// Keys (prefix default `iamm:guide:`, all expiring after `ttlSeconds` without writes):
//   room:<room>:rev      INCR counter: the room's command revision
//   room:<room>:goto     the last goto command (JSON), room:<room>:tour the last tour command
//   room:<room>:roster   hash clientId → {entry, at}
//   room:<room>:owner    hash clientId → the connection that owns it (so a stale socket cannot overwrite a newer one)
// Channel `<prefix>events`: every command and presence change, as JSON StoreEvents.
// Each write is one Lua script, so numbering, storing and publishing are atomic and published in revision order.
import { createClient } from 'redis';
import { z } from 'zod';
import { Command, RosterEntry } from '../../src/features/guide/protocol.ts';
import type { FollowerRecord, GuideStore, NewCommand, RoomState, StoreEvent } from './store.ts';

const COMMAND_SCRIPT = `
local rev = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
local msg = '{"rev":' .. rev .. ',' .. string.sub(ARGV[1], 2)
redis.call('SET', KEYS[2], msg, 'EX', ARGV[2])
redis.call('PUBLISH', ARGV[3], '{"kind":"command","room":' .. ARGV[4] .. ',"command":' .. msg .. '}')
return msg
`;

const CLAIM_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[7]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1
`;

const UPDATE_SCRIPT = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[3] then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1
`;

const StoredRecord = z.object({ entry: RosterEntry, at: z.number() });
const Event = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), room: z.string(), command: Command }),
  z.object({ kind: z.literal('presence'), room: z.string(), entry: RosterEntry, conn: z.string(), at: z.number() }),
]);

export interface RedisStoreOptions {
  url: string;
  prefix?: string;
  ttlSeconds?: number;
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
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  private constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly sub: ReturnType<typeof createClient>,
    private readonly prefix: string,
    private readonly ttl: number,
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
    const store = new RedisStore(client, sub, options.prefix ?? 'iamm:guide:', options.ttlSeconds ?? 12 * 3600);
    let first = true;
    sub.on('ready', () => {
      if (first) first = false;
      else store.emit({ kind: 'resync' });
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

  async command(room: string, command: NewCommand): Promise<Command> {
    const reply = await this.client.eval(COMMAND_SCRIPT, {
      keys: [this.key(room, 'rev'), this.key(room, command.cmd.type)],
      arguments: [JSON.stringify(command), String(this.ttl), this.channel, JSON.stringify(room)],
    });
    return Command.parse(JSON.parse(String(reply)));
  }

  async state(room: string): Promise<RoomState> {
    const [goto, tour] = await Promise.all([this.client.get(this.key(room, 'goto')), this.client.get(this.key(room, 'tour'))]);
    const read = (s: string | null): Command | null => {
      if (s === null) return null;
      try {
        const parsed = Command.safeParse(JSON.parse(s));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    };
    return { goto: read(goto), tour: read(tour) };
  }

  async follower(room: string, clientId: string): Promise<FollowerRecord | null> {
    const raw = await this.client.hGet(this.key(room, 'roster'), clientId);
    return raw === null || raw === undefined ? null : parseRecord(raw);
  }

  private presence(room: string, record: FollowerRecord, conn: string): string {
    return JSON.stringify({ kind: 'presence', room, entry: record.entry, conn, at: record.at });
  }

  async claim(room: string, record: FollowerRecord, conn: string, maxFollowers: number): Promise<boolean> {
    const reply = await this.client.eval(CLAIM_SCRIPT, {
      keys: [this.key(room, 'roster'), this.key(room, 'owner')],
      arguments: [
        record.entry.clientId,
        JSON.stringify(record),
        conn,
        String(this.ttl),
        this.channel,
        this.presence(room, record, conn),
        String(maxFollowers),
      ],
    });
    return Number(reply) === 1;
  }

  async update(room: string, record: FollowerRecord, conn: string): Promise<boolean> {
    const reply = await this.client.eval(UPDATE_SCRIPT, {
      keys: [this.key(room, 'roster'), this.key(room, 'owner')],
      arguments: [record.entry.clientId, JSON.stringify(record), conn, String(this.ttl), this.channel, this.presence(room, record, conn)],
    });
    return Number(reply) === 1;
  }

  async roster(room: string): Promise<FollowerRecord[]> {
    const all = await this.client.hGetAll(this.key(room, 'roster'));
    return Object.values(all)
      .map((raw) => parseRecord(String(raw)))
      .filter((r): r is FollowerRecord => r !== null);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.allSettled([this.sub.close(), this.client.close()]);
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
