// The event team's list shared through Redis: two server instances (as two processes would be, each with its own
// Redis connections) share a room through a real redis-server; the team page on either one lists every headset and
// screen of the room, wherever it is connected, and "apply update now" reaches a kiosk on the other one.
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
import { buildVersionReader } from '../../server/guide/version.ts';
import type { Devices, DeviceStatusFields } from '../../src/features/guide/protocol.ts';
import { startRedisServer, type TestRedis } from '../../scripts/redis-server.ts';

const SECRET = 'shared-team-secret-for-both';
const SERVED = '0.1.0+20250601T090000Z.cd34';
const OLD: DeviceStatusFields = {
  version: '0.1.0+20250601T080000Z.ab12',
  offline: { complete: false, bytes: 1_200_000, cached: 20, expected: 28 },
  language: 'zh',
  view: '2d',
  kiosk: true,
  following: null,
};

let tmp: string;
let redis: TestRedis | null = null;
const running: Array<{ srv: RunningServer; hub: GuideHub }> = [];
const open: GuideClient[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-redis-team-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
  writeFileSync(path.join(tmp, 'dist', 'version.json'), JSON.stringify({ version: SERVED }));
}, 20_000);

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  for (const { srv, hub } of running) {
    await srv.close();
    await hub.close();
  }
  await redis?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Two servers sharing the room `iamm` through the test's Redis. */
async function twoServers() {
  const prefix = `team:${Math.random().toString(36).slice(2)}:`;
  const make = async () => {
    const hub = await createGuideHub({
      rooms: roomsFrom({ iamm: SECRET }),
      redisUrl: redis!.url,
      redisPrefix: prefix,
      rosterIntervalMs: 20,
      teamRefreshMs: 200,
      buildVersion: buildVersionReader(path.join(tmp, 'dist')),
      log: { info: () => undefined, warn: () => undefined },
    });
    expect(hub.storeKind).toBe('redis');
    const srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub });
    running.push({ srv, hub });
    return `ws://127.0.0.1:${srv.port}/guide`;
  };
  const [a, b] = [await make(), await make()];
  const connect = async (url: string) => {
    const c = await GuideClient.connect(url);
    open.push(c);
    return c;
  };
  const team = async (url: string) => {
    const c = await connect(url);
    c.send({ type: 'hello', role: 'team', room: 'iamm', secret: SECRET });
    await c.next('welcome');
    return c;
  };
  const device = async (url: string, clientId: string) => {
    const c = await connect(url);
    c.send({ type: 'hello', role: 'device', room: 'iamm', clientId });
    await c.next('welcome');
    return c;
  };
  const follower = async (url: string, clientId: string) => {
    const c = await connect(url);
    c.send({ type: 'hello', role: 'follower', room: 'iamm', clientId });
    await c.next('state');
    return c;
  };
  return { a, b, team, device, follower };
}

const listed = (d: Devices, id: string) => d.devices.find((e) => e.deviceId === id);

describe('the team list across server processes (Redis)', () => {
  it('lists a kiosk connected to server A on the team page of server B, with its status, and sees it leave', async () => {
    const { a, b, team, device, follower } = await twoServers();
    const kiosk = await device(a, 'kiosk-a-0001');
    kiosk.send({ type: 'status', ...OLD });
    const visitor = await follower(b, 'visitor-b-0001');
    visitor.send({ type: 'status', ...OLD, kiosk: false, following: true, view: 'vr', offline: { ...OLD.offline, complete: true } });

    const onB = await team(b);
    const list = await onB.next(
      'devices',
      (d) => listed(d, 'kiosk-a-0001')?.status !== null && listed(d, 'visitor-b-0001')?.status !== null && d.devices.length === 2,
      5000,
    );
    expect(list.serverVersion).toBe(SERVED);
    expect(listed(list, 'kiosk-a-0001')).toMatchObject({ role: 'device', connected: true, status: OLD });
    expect(listed(list, 'visitor-b-0001')).toMatchObject({ role: 'follower', connected: true, status: { view: 'vr', following: true } });
    expect(listed(list, 'kiosk-a-0001')!.lastSeen).toBeGreaterThan(0);

    // The team page on A sees B's visitor as well.
    const onA = await team(a);
    await onA.next(
      'devices',
      (d) => listed(d, 'visitor-b-0001')?.connected === true && listed(d, 'kiosk-a-0001')?.connected === true,
      5000,
    );

    // The kiosk leaves server A: B's team page shows it disconnected (still listed, with its last status).
    await kiosk.close();
    const after = await onB.next('devices', (d) => listed(d, 'kiosk-a-0001')?.connected === false, 5000);
    expect(listed(after, 'kiosk-a-0001')).toMatchObject({ connected: false, status: OLD });
  });

  it('passes "apply update now" from a team page on server B to a kiosk on server A, and to it only', async () => {
    const { a, b, team, device } = await twoServers();
    const kiosk = await device(a, 'kiosk-a-0002');
    const other = await device(a, 'kiosk-a-0003');
    const near = await device(b, 'kiosk-b-0004');
    const onB = await team(b);
    await onB.next('devices', (d) => d.devices.filter((e) => e.connected).length === 3, 5000);

    onB.send({ type: 'apply-update', deviceId: 'kiosk-a-0002' });
    await kiosk.next('apply-update', () => true, 5000);
    // A device connected nowhere is still refused.
    onB.send({ type: 'apply-update', deviceId: 'kiosk-z-9999' });
    expect(await onB.next('error', () => true, 5000)).toEqual({ type: 'error', code: 'unknown-device' });
    // The request crossed once, to that kiosk only.
    expect(kiosk.messages.filter((m) => m.type === 'apply-update')).toHaveLength(1);
    expect(other.messages.some((m) => m.type === 'apply-update')).toBe(false);
    expect(near.messages.some((m) => m.type === 'apply-update')).toBe(false);
  });
});
