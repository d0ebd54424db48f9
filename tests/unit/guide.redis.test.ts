// Rooms shared by two server processes through Redis: a guide on one server leads followers on the other.
// Starts a real redis-server (Debian package `redis-server`) on a free loopback port in a temp dir. Without it this
// file FAILS (it is not skipped): install it with `apt-get install -y redis-server`, or set REDIS_SERVER to a binary.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub, type GuideHub } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import { CLOSE } from '../../src/features/guide/protocol.ts';
import { freePort, startRedisServer, type TestRedis } from '../../scripts/redis-server.ts';

const SECRET = 'shared-secret-for-both-processes';
const logs: string[] = [];

let tmp: string;
let redis: TestRedis | null = null;
let redisUrl = '';
const servers: Array<{ srv: RunningServer; hub: GuideHub }> = [];
const clients: GuideClient[] = [];

beforeAll(async () => {
  // Fails (is not skipped) without redis-server, saying how to install it (scripts/redis-server.ts).
  redis = await startRedisServer();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-guide-redis-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
  redisUrl = redis.url;
}, 20_000);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  for (const { srv, hub } of servers) {
    await srv.close();
    await hub.close();
  }
  await redis?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Two server instances (as two processes would be), sharing rooms through the test's Redis. */
async function twoServers() {
  const prefix = `test:${Math.random().toString(36).slice(2)}:`;
  const make = async () => {
    const hub = await createGuideHub({
      rooms: roomsFrom({ iamm: SECRET }),
      redisUrl,
      redisPrefix: prefix,
      rosterIntervalMs: 50,
      log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
    });
    expect(hub.storeKind).toBe('redis');
    const srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub });
    servers.push({ srv, hub });
    return `ws://127.0.0.1:${srv.port}/guide`;
  };
  const [a, b] = [await make(), await make()];
  const connect = async (url: string) => {
    const c = await GuideClient.connect(url);
    clients.push(c);
    return c;
  };
  const guide = async (url: string) => {
    const c = await connect(url);
    c.send({ type: 'hello', role: 'guide', room: 'iamm', secret: SECRET });
    await c.next('state');
    return c;
  };
  const follower = async (url: string, clientId: string) => {
    const c = await connect(url);
    c.send({ type: 'hello', role: 'follower', room: 'iamm', clientId });
    await c.next('state');
    return c;
  };
  return { a, b, guide, follower };
}

describe('guide rooms across server processes (Redis)', () => {
  it("delivers a guide's goto on one server to followers on the other", async () => {
    const { a, b, guide, follower } = await twoServers();
    const g = await guide(a);
    const f1 = await follower(b, 'visitor-r001');
    const f2 = await follower(b, 'visitor-r002');
    g.send({ type: 'goto', milestone: '2023-2024', seq: 1 });
    for (const f of [f1, f2]) {
      expect(await f.next('command')).toMatchObject({ rev: 1, seq: 1, startsInMs: 3000, cmd: { type: 'goto', milestone: '2023-2024' } });
    }
    g.send({ type: 'goto', milestone: '2022', seq: 2 });
    g.send({ type: 'tour', action: 'start', tourId: 'highlights', seq: 3 });
    await f2.next('command', (c) => c.seq === 3);
    // In order, numbered by the room, each exactly once.
    expect(f1.messages.filter((m) => m.type === 'command').map((m) => m.type === 'command' && [m.rev, m.seq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);

    // Positions of followers on B reach the guide's roster on A.
    f1.send({ type: 'position', milestone: '2022', following: true });
    f2.send({ type: 'position', milestone: null, following: false });
    const roster = await g.next('roster', (r) => r.followers.length === 2 && r.followers.some((f) => !f.following));
    expect(roster.followers).toEqual([
      { clientId: 'visitor-r001', milestone: '2022', following: true, connected: true, reconnected: false },
      { clientId: 'visitor-r002', milestone: null, following: false, connected: true, reconnected: false },
    ]);
  });

  it('gives late joiners on either server the current state, and a follower moving servers stays the same visitor', async () => {
    const { a, b, guide, follower } = await twoServers();
    const g = await guide(a);
    g.send({ type: 'goto', milestone: '2026-onward', tourStop: 2, seq: 1 });
    g.send({ type: 'tour', action: 'pause', seq: 2 });
    await g.next('command', (c) => c.seq === 2);

    const late = await follower(b, 'visitor-r003');
    expect(late.messages[1]).toMatchObject({
      type: 'state',
      goto: { rev: 1, cmd: { milestone: '2026-onward', tourStop: 2 } },
      tour: { rev: 2, cmd: { action: 'pause' } },
    });

    // The same visitor connects through server A while its socket on B is still open: B closes the old one.
    const moved = await follower(a, 'visitor-r003');
    expect(moved.messages[0]).toMatchObject({ type: 'welcome', reconnected: true });
    expect((await late.closed).code).toBe(CLOSE.replaced);
    g.send({ type: 'goto', milestone: '2022', seq: 3 });
    expect(await moved.next('command', (c) => c.seq === 3)).toMatchObject({ cmd: { milestone: '2022' } });
    const roster = await g.next('roster', (r) => r.followers.some((f) => f.reconnected && f.connected));
    expect(roster.followers).toHaveLength(1);
  });

  it('fails to start with a clear message when Redis cannot be reached', async () => {
    const port = await freePort();
    await expect(createGuideHub({ rooms: roomsFrom({ iamm: SECRET }), redisUrl: `redis://user:pw@127.0.0.1:${port}` })).rejects.toThrow(
      new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`),
    );
  });
});
