// Redis killed in the middle of an event, then restarted (empty), twice: two server instances share a room through a
// real redis-server. While it is away the guide's server still leads its own followers (and the guide is told the
// moves reach no one else), hellos are answered, nothing hangs; every reconnection resyncs both servers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedis } from '../../scripts/redis-server.ts';
import { createServer, type RunningServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub, type GuideHub } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import { followStep, initialFollowState, type FollowState } from '../../src/features/guide/follow.ts';
import type { Command } from '../../src/features/guide/protocol.ts';

const SECRET = 'outage-secret-9x3m';
let tmp: string;
let redis: TestRedis;
const servers: Array<{ srv: RunningServer; hub: GuideHub }> = [];
const clients: GuideClient[] = [];
const logs: string[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-guide-outage-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
}, 20_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const { srv, hub } of servers) {
    await srv.close();
    await hub.close();
  }
  await redis?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function server(): Promise<string> {
  const hub = await createGuideHub({
    rooms: roomsFrom({ iamm: SECRET }),
    redisUrl: redis.url,
    redisPrefix: 'outage:',
    rosterIntervalMs: 50,
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
  });
  const srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub });
  servers.push({ srv, hub });
  return `ws://127.0.0.1:${srv.port}/guide`;
}

async function hello(url: string, message: Record<string, unknown>): Promise<GuideClient> {
  const c = await GuideClient.connect(url);
  clients.push(c);
  c.send({ type: 'hello', ...message });
  await c.next('state', () => true, 5000);
  return c;
}

/** Where a follower page would be, fed with everything its socket received. */
function followerAt(c: GuideClient): string | null {
  let s: FollowState = followStep(initialFollowState('iamm', 'visitor-x'), { type: 'socket-opened' }, 0).state;
  let now = 0;
  for (const message of c.messages) {
    now += 10_000; // every countdown has ended by the next message
    s = followStep(s, { type: 'message', message }, now).state;
    s = followStep(s, { type: 'tick' }, now + 5000).state;
  }
  return s.milestone;
}

const commands = (c: GuideClient) => c.messages.filter((m): m is Command => m.type === 'command');

describe('Redis outage in the middle of an event', () => {
  it(
    'local followers keep following, hellos are answered, the guide is told; each restart resyncs both servers',
    { timeout: 60_000 },
    async () => {
      const a = await server();
      const b = await server();
      const guide = await hello(a, { role: 'guide', room: 'iamm', secret: SECRET });
      const nearby = await hello(a, { role: 'follower', room: 'iamm', clientId: 'visitor-on-a-01' });
      const far = await hello(b, { role: 'follower', room: 'iamm', clientId: 'visitor-on-b-01' });
      guide.send({ type: 'goto', milestone: '2022', seq: 1 });
      await far.next('command', (c) => c.seq === 1);
      expect(followerAt(far)).toBe('2022');

      for (const [round, milestone] of [
        [1, '2023-2024'],
        [2, '2026-onward'],
      ] as const) {
        await redis.stop();
        const mark = guide.messages.length;
        const seq = 10 * round;
        guide.send({ type: 'goto', milestone, seq });
        // The follower on the guide's own server moves; the guide hears that the move reached only this server.
        await nearby.next('command', (c) => c.seq === seq, 5000);
        expect(followerAt(nearby)).toBe(milestone);
        expect(await guide.next('error', (e) => e.code === 'not-shared', 5000, mark)).toBeTruthy();
        // A visitor arriving (or reconnecting) meanwhile is answered, with the state as this server knows it.
        const late = await hello(a, { role: 'follower', room: 'iamm', clientId: `visitor-late-a-${round}` });
        expect(late.messages[0]).toMatchObject({ type: 'welcome' });
        expect(followerAt(late)).toBe(milestone);
        // So is one on the other server, which knows only what it heard before the outage.
        const lateB = await hello(b, { role: 'follower', room: 'iamm', clientId: `visitor-late-b-${round}` });
        expect(lateB.messages[0]).toMatchObject({ type: 'welcome' });

        // Redis is back, empty. Both servers resync: the far follower goes where the guide went during the outage.
        const restarted = guide.messages.length;
        await redis.start();
        await expect.poll(() => followerAt(far), { timeout: 15_000, interval: 100 }).toBe(milestone);
        await expect.poll(() => followerAt(lateB), { timeout: 15_000, interval: 100 }).toBe(milestone);
        // And the room is shared again: the guide's next move reaches the other server with no error.
        const after = guide.messages.length;
        guide.send({ type: 'goto', milestone: '2025', seq: seq + 1 });
        await far.next('command', (c) => c.seq === seq + 1, 5000);
        expect(followerAt(far)).toBe('2025');
        expect(followerAt(nearby)).toBe('2025');
        await new Promise((r) => setTimeout(r, 100));
        expect(guide.messages.slice(after).filter((m) => m.type === 'error')).toEqual([]);
        // The restarted (empty) Redis knows the visitors of both servers again: each server wrote its own back.
        const limits = { maxConnected: 1000, maxRemembered: 1000, graceMs: 60_000, now: Date.now() };
        await expect
          .poll(
            async () =>
              (await servers[0]!.hub.store.roster('iamm', limits))
                .filter((r) => r.entry.connected)
                .map((r) => r.entry.clientId)
                .sort(),
            {
              timeout: 10_000,
            },
          )
          .toEqual(expect.arrayContaining(['visitor-on-a-01', 'visitor-on-b-01', `visitor-late-a-${round}`, `visitor-late-b-${round}`]));
        await guide.next(
          'roster',
          (r) => r.followers.some((f) => f.clientId === `visitor-late-b-${round}` && f.connected),
          10_000,
          restarted,
        );
      }
      expect(commands(far).length).toBeGreaterThan(0);
      expect(logs.some((l) => l.includes('store is unreachable'))).toBe(true);
    },
  );

  it(
    'a Redis that hangs (frozen, connections open) makes store calls time out instead of queueing: hellos and moves still go',
    { timeout: 30_000 },
    async () => {
      const a = await server();
      const guide = await hello(a, { role: 'guide', room: 'iamm', secret: SECRET });
      const nearby = await hello(a, { role: 'follower', room: 'iamm', clientId: 'visitor-frozen-01' });
      redis.pause();
      try {
        const mark = guide.messages.length;
        guide.send({ type: 'goto', milestone: '2022', seq: 100 });
        await nearby.next('command', (c) => c.seq === 100, 10_000);
        expect(await guide.next('error', (e) => e.code === 'not-shared', 10_000, mark)).toBeTruthy();
        const late = await hello(a, { role: 'follower', room: 'iamm', clientId: 'visitor-frozen-02' });
        expect(followerAt(late)).toBe('2022');
      } finally {
        redis.resume();
      }
      guide.send({ type: 'goto', milestone: '2025', seq: 101 });
      await nearby.next('command', (c) => c.seq === 101, 10_000);
      await expect.poll(() => followerAt(nearby), { timeout: 10_000 }).toBe('2025');
    },
  );
});
