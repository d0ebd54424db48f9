// The guide's tools and the booth screen across server processes: two server instances (as two processes would be,
// each with its own Redis connections) share a room through a real redis-server. A follower on server B sees the
// highlight and the hold of a guide on server A (and one joining B gets them with the room's state), is released
// when the guide releases, when A dies and when Redis drops; a booth screen on B shows a headset sharing on A; a
// follower on B still cannot highlight, hold or send a pose it did not share.
// Starts a real redis-server (Debian package `redis-server`) on a free loopback port in a temp dir. Without it this
// file FAILS (it is not skipped): install it with `apt-get install -y redis-server`, or set REDIS_SERVER to a binary.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedis } from '../../scripts/redis-server.ts';
import { createServer, type RunningServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub, type GuideHub } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import type { PoseFields, ServerMessage } from '../../src/features/guide/protocol.ts';

const SECRET = 'shared-tools-secret-42';
/** A short hold lease, so a follower held from a dead process is released within the test's patience. */
const LEASE_MS = 1500;
const POSE: PoseFields = { x: 1.5, y: 1.6, z: -12, yaw: 0.4, pitch: -0.2, language: 'en', milestone: '2023-2024' };

let tmp: string;
let redis: TestRedis | null = null;
const running: Array<{ srv: RunningServer; hub: GuideHub; closed: boolean }> = [];
const open: GuideClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  redis = await startRedisServer();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-redis-tools-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
}, 20_000);

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  for (const r of running) if (!r.closed) await Promise.all([r.srv.close(), r.hub.close()]);
  await redis?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Two servers sharing the room `iamm` through the test's Redis (a prefix of their own per test). */
async function twoServers() {
  const prefix = `tools:${Math.random().toString(36).slice(2)}:`;
  const make = async () => {
    const hub = await createGuideHub({
      rooms: roomsFrom({ iamm: SECRET }),
      redisUrl: redis!.url,
      redisPrefix: prefix,
      holdLeaseMs: LEASE_MS,
      log: { info: () => undefined, warn: () => undefined },
    });
    expect(hub.storeKind).toBe('redis');
    const srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub });
    const entry = { srv, hub, closed: false };
    running.push(entry);
    const stop = async () => {
      entry.closed = true;
      await Promise.all([srv.close(), hub.close()]);
    };
    return { url: `ws://127.0.0.1:${srv.port}/guide`, stop };
  };
  const [a, b] = [await make(), await make()];
  const connect = async (url: string, hello: object, until: 'welcome' | 'state') => {
    const c = await GuideClient.connect(url);
    open.push(c);
    c.send({ type: 'hello', room: 'iamm', ...hello });
    await c.next(until, () => true, 5000);
    return c;
  };
  return {
    a,
    b,
    guide: (url: string) => connect(url, { role: 'guide', secret: SECRET }, 'state'),
    follower: (url: string, clientId: string) => connect(url, { role: 'follower', clientId }, 'state'),
    watcher: (url: string) => connect(url, { role: 'watcher' }, 'welcome'),
  };
}

const tools = (c: GuideClient) => c.messages.filter((m): m is Extract<ServerMessage, { type: 'tools' }> => m.type === 'tools');
const errors = (c: GuideClient) => c.messages.filter((m) => m.type === 'error').map((m) => (m as { code: string }).code);
/** Is this follower held, by the last `tools` message it got? */
const held = (c: GuideClient) => tools(c).at(-1)?.hold ?? false;

describe('the guide’s highlight and hold across server processes (Redis)', () => {
  it('reach a follower on the other server, and one joining it later with the state; release frees them', async () => {
    const { a, b, guide, follower } = await twoServers();
    const g = await guide(a.url);
    const onB = await follower(b.url, 'visitor-b-tools-01');
    g.send({ type: 'highlight', element: '2022.item1', seq: 1 });
    g.send({ type: 'hold', on: true, seq: 2 });
    await onB.next('tools', (m) => m.hold && m.highlight === '2022.item1', 5000);

    // A follower joining server B now gets the room's tools right after the room's state.
    const late = await follower(b.url, 'visitor-b-tools-02');
    const t = await late.next('tools');
    expect(t).toEqual({ type: 'tools', highlight: '2022.item1', hold: true });
    expect(late.messages.indexOf(t)).toBeGreaterThan(late.messages.findIndex((m) => m.type === 'state'));
    // A second guide page on server B sees the hold too (and could release it).
    expect(await (await guide(b.url)).next('tools')).toMatchObject({ hold: true });

    // While the guide's server lives it renews the hold: no follower on B is released behind the guide's back.
    await sleep(2 * LEASE_MS);
    expect(held(onB) && held(late)).toBe(true);

    // The guide's next move clears the highlight there too; Release frees them on every server.
    g.send({ type: 'goto', milestone: '2023-2024', seq: 3 });
    await onB.next('tools', (m) => m.highlight === null && m.hold, 5000);
    g.send({ type: 'hold', on: false, seq: 4 });
    await onB.next('tools', (m) => !m.hold, 5000);
    await late.next('tools', (m) => !m.hold, 5000);
    // A follower joining afterwards is neither held nor shown the old highlight.
    const after = await follower(b.url, 'visitor-b-tools-03');
    await sleep(300);
    expect(tools(after).filter((m) => m.hold || m.highlight !== null)).toEqual([]);
  });

  it('a follower on the other server is released when the guide’s server dies', { timeout: 20_000 }, async () => {
    const { a, b, guide, follower } = await twoServers();
    const g = await guide(a.url);
    const onB = await follower(b.url, 'visitor-b-tools-11');
    g.send({ type: 'hold', on: true, seq: 1 });
    const heldAt = onB.messages.indexOf(await onB.next('tools', (m) => m.hold, 5000));
    await a.stop();
    // Nobody is left to release them: their server lets go once the hold is no longer renewed.
    await onB.next('tools', (m) => !m.hold, 5 * LEASE_MS, heldAt + 1);
    // And a newcomer there is not held by a hold nobody renews.
    const late = await follower(b.url, 'visitor-b-tools-12');
    await sleep(300);
    expect(held(late)).toBe(false);
  });

  it('a follower on the other server cannot highlight or hold; nothing reaches the room', async () => {
    const { a, b, guide, follower, watcher } = await twoServers();
    await guide(a.url);
    const onA = await follower(a.url, 'visitor-a-tools-21');
    const onB = await follower(b.url, 'visitor-b-tools-21');
    const screen = await watcher(b.url);
    onB.send({ type: 'highlight', element: '2022.item0', seq: 1 });
    onB.send({ type: 'hold', on: true, seq: 2 });
    screen.send({ type: 'hold', on: true, seq: 1 });
    // A pose without `share` goes to no screen either.
    const screenOnA = await watcher(a.url);
    onB.send({ type: 'pose', ...POSE });
    await sleep(500);
    expect(errors(onB)).toEqual(['forbidden', 'forbidden', 'forbidden']);
    expect(errors(screen)).toEqual(['forbidden']);
    expect(tools(onA)).toEqual([]);
    expect(screenOnA.messages.filter((m) => m.type === 'view' && m.pose !== null)).toEqual([]);
  });
});

describe('the booth screen across server processes (Redis)', () => {
  it('a screen on server B shows the headset sharing on server A, labelled, and none once it stops', async () => {
    const { a, b, follower, watcher } = await twoServers();
    const screen = await watcher(b.url);
    expect(await screen.next('view')).toMatchObject({ sharer: null, pose: null });
    const headset = await follower(a.url, 'quest77-on-a');
    headset.send({ type: 'share', on: true });
    headset.send({ type: 'pose', ...POSE });
    const v = await screen.next('view', (m) => m.pose !== null, 5000);
    expect(v).toMatchObject({ sharer: 'quest7', pose: POSE });
    // The headset moves: the screen follows.
    headset.send({ type: 'pose', ...POSE, x: 2.5, yaw: 0.9 });
    await screen.next('view', (m) => m.pose?.x === 2.5 && m.pose.yaw === 0.9, 5000);
    // A screen that starts on server B now shows the headset's current view at once (B hears the room already).
    const late = await watcher(b.url);
    expect(await late.next('view')).toMatchObject({ sharer: 'quest7', pose: { x: 2.5, yaw: 0.9 } });
    headset.send({ type: 'share', on: false });
    await screen.next('view', (m) => m.sharer === null, 5000, screen.messages.indexOf(v) + 1);
  });

  it('a headset on server B shows on a screen on server A too; the screen drops it when B dies', { timeout: 20_000 }, async () => {
    const { a, b, follower, watcher } = await twoServers();
    const screen = await watcher(a.url);
    const headset = await follower(b.url, 'quest88-on-b');
    headset.send({ type: 'share', on: true });
    headset.send({ type: 'pose', ...POSE, z: -20 });
    const v = await screen.next('view', (m) => m.pose?.z === -20, 5000);
    expect(v.sharer).toBe('quest8');
    await b.stop();
    await screen.next('view', (m) => m.sharer === null, 15_000, screen.messages.indexOf(v) + 1);
  });
});

describe('Redis drops while the guide holds (runs last: it stops this file’s Redis)', () => {
  it(
    'the follower on the other server is released; when Redis is back the guide’s hold and its release reach it',
    { timeout: 40_000 },
    async () => {
      const { a, b, guide, follower } = await twoServers();
      const g = await guide(a.url);
      const onA = await follower(a.url, 'visitor-a-tools-31');
      const onB = await follower(b.url, 'visitor-b-tools-31');
      g.send({ type: 'hold', on: true, seq: 1 });
      const heldAt = onB.messages.indexOf(await onB.next('tools', (m) => m.hold, 5000));
      await redis!.stop();
      // Server B hears no renewal: its follower is released. The guide's own server still holds its followers.
      await onB.next('tools', (m) => !m.hold, 5 * LEASE_MS, heldAt + 1);
      expect(held(onA)).toBe(true);
      // Redis is back (empty): the guide's server writes its hold again, and then its release reaches everyone.
      const released = onB.messages.length;
      await redis!.start();
      await onB.next('tools', (m) => m.hold, 15_000, released);
      g.send({ type: 'hold', on: false, seq: 2 });
      await onB.next('tools', (m) => !m.hold, 5000, released + 1);
      await onA.next('tools', (m) => !m.hold, 5000);
    },
  );
});
