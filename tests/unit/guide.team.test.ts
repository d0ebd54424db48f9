// The event team's readiness list over real sockets on 127.0.0.1: headsets report their status, the team page (the
// room's guide secret) sees them, a follower never does; statuses are rate-limited; stale devices leave the list; the
// team can ask one kiosk to apply a waiting update.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub, type GuideHub, type GuideHubOptions } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import { buildVersionReader } from '../../server/guide/version.ts';
import {
  CLOSE,
  parseClientMessage,
  parseServerMessage,
  type Devices,
  type DeviceStatusFields,
  type Status,
} from '../../src/features/guide/protocol.ts';

const SECRET = 'correct-horse-battery-staple';
let tmp: string;
const running: Array<{ srv: RunningServer; hub: GuideHub }> = [];
const open: GuideClient[] = [];

const READY: DeviceStatusFields = {
  version: '0.1.0+20250601T080000Z.ab12',
  offline: { complete: true, bytes: 2_000_000, cached: 28, expected: 28 },
  language: 'en',
  view: '3d',
  kiosk: true,
  following: null,
};
const status = (fields: Partial<DeviceStatusFields> = {}): Status => ({ type: 'status', ...READY, ...fields });

async function start(options: Partial<GuideHubOptions> = {}) {
  const hub = await createGuideHub({
    rooms: roomsFrom({ iamm: SECRET, other: 'second-room-secret-42' }),
    rosterIntervalMs: 20,
    log: { info: () => undefined, warn: () => undefined },
    buildVersion: buildVersionReader(path.join(tmp, 'dist')),
    ...options,
  });
  const srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub });
  running.push({ srv, hub });
  const url = `ws://127.0.0.1:${srv.port}/guide`;
  const connect = async () => {
    const c = await GuideClient.connect(url);
    open.push(c);
    return c;
  };
  const team = async (secret = SECRET) => {
    const c = await connect();
    c.send({ type: 'hello', role: 'team', room: 'iamm', secret });
    await c.next('welcome');
    return c;
  };
  const device = async (clientId: string) => {
    const c = await connect();
    c.send({ type: 'hello', role: 'device', room: 'iamm', clientId });
    await c.next('welcome');
    return c;
  };
  const follower = async (clientId: string) => {
    const c = await connect();
    c.send({ type: 'hello', role: 'follower', room: 'iamm', clientId });
    await c.next('state');
    return c;
  };
  return { hub, connect, team, device, follower };
}

const listed = (d: Devices, id: string) => d.devices.find((e) => e.deviceId === id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-team-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
  writeFileSync(path.join(tmp, 'dist', 'version.json'), JSON.stringify({ version: READY.version }));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  for (const { srv, hub } of running) {
    await srv.close();
    await hub.close();
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe('device status messages', () => {
  it('accepts a status, a team hello, a device hello and an apply-update request', () => {
    for (const m of [
      status(),
      status({ kiosk: false, following: true, view: 'vr', language: 'both' }),
      { type: 'hello', role: 'team', room: 'iamm', secret: 's3cret' },
      { type: 'hello', role: 'device', room: 'iamm', clientId: 'kiosk-0001' },
      { type: 'apply-update', deviceId: 'kiosk-0001' },
    ]) {
      const r = parseClientMessage(JSON.stringify(m));
      expect(r).toEqual({ ok: true, message: m });
    }
  });

  it('refuses a status with bad or extra fields (no room for personal data)', () => {
    const bad = [
      { ...status(), name: 'Alice' },
      { ...status(), version: 'not a version!' },
      { ...status(), offline: { complete: true, bytes: -1, cached: 0, expected: 0 } },
      { ...status(), view: 'ar' },
      { ...status(), language: 'my name is Ann' },
      { type: 'status' },
      { type: 'apply-update', deviceId: 'x' },
      { type: 'hello', role: 'team', room: 'iamm' },
    ];
    for (const m of bad) expect(parseClientMessage(JSON.stringify(m))).toEqual({ ok: false, code: 'invalid' });
  });

  it('validates the devices list and apply-update on the client side', () => {
    const devices = {
      type: 'devices',
      serverVersion: READY.version,
      serverTime: 1,
      devices: [{ deviceId: 'kiosk-0001', role: 'device', connected: true, lastSeen: 1, status: READY }],
    };
    expect(parseServerMessage(JSON.stringify(devices)).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ type: 'apply-update' })).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ ...devices, devices: [{ ...devices.devices[0], ip: '10.0.0.1' }] })).ok).toBe(false);
  });
});

describe('the team page on the guide server', () => {
  it('lists every reporting headset and screen with its status and the served version', async () => {
    const { team, device, follower } = await start();
    const k = await device('kiosk-0001');
    k.send(status());
    const f = await follower('visitor-aaaa');
    f.send(status({ kiosk: false, following: true, offline: { complete: false, bytes: 0, cached: 0, expected: 28 } }));
    const t = await team();
    const list = await t.next('devices', (d) => d.devices.length === 2 && d.devices.every((e) => e.status !== null));
    expect(list.serverVersion).toBe(READY.version);
    expect(listed(list, 'kiosk-0001')).toMatchObject({ role: 'device', connected: true, status: READY });
    expect(listed(list, 'visitor-aaaa')).toMatchObject({
      role: 'follower',
      connected: true,
      status: { kiosk: false, following: true, offline: { complete: false } },
    });
    // A status-only kiosk hears no guide commands and no roster.
    expect(k.messages.map((m) => m.type)).toEqual(['welcome']);
  });

  it('refuses the team list to a follower, a device and a wrong secret', async () => {
    const { team, device, follower, connect } = await start();
    const f = await follower('visitor-bbbb');
    const k = await device('kiosk-0002');
    k.send(status());
    f.send(status({ kiosk: false, following: true }));
    const t = await team();
    await t.next('devices', (d) => d.devices.some((e) => e.status !== null));
    // A second hello (as the team) on a follower's or device's socket is refused.
    f.send({ type: 'hello', role: 'team', room: 'iamm', secret: SECRET });
    expect(await f.next('error')).toEqual({ type: 'error', code: 'already-joined' });
    k.send({ type: 'hello', role: 'team', room: 'iamm', secret: SECRET });
    expect(await k.next('error')).toEqual({ type: 'error', code: 'already-joined' });
    await sleep(100);
    for (const c of [f, k]) expect(c.messages.some((m) => m.type === 'devices')).toBe(false);
    // Without the secret there is no list.
    const wrong = await connect();
    wrong.send({ type: 'hello', role: 'team', room: 'iamm', secret: 'not-the-secret' });
    expect(await wrong.next('error')).toEqual({ type: 'error', code: 'bad-secret' });
    expect((await wrong.closed).code).toBe(CLOSE.unauthorized);
    expect(wrong.messages.some((m) => m.type === 'devices')).toBe(false);
    // A guide or team may not report a status; nobody but them may ask for an update.
    t.send(status());
    expect(await t.next('error')).toEqual({ type: 'error', code: 'forbidden' });
    f.send({ type: 'apply-update', deviceId: 'kiosk-0002' });
    expect(await f.next('error', (e) => e.code === 'forbidden')).toEqual({ type: 'error', code: 'forbidden' });
    expect(k.messages.some((m) => m.type === 'apply-update')).toBe(false);
  });

  it('refuses a team login over plain ws:// from another machine', async () => {
    const { hub } = await start();
    const srv = running.at(-1)!.srv;
    void hub;
    let c: GuideClient;
    try {
      c = await GuideClient.connect(`ws://127.0.0.1:${srv.port}/guide`, { localAddress: '127.0.0.2' });
    } catch {
      return; // no 127.0.0.2 on this machine: nothing to show
    }
    open.push(c);
    c.send({ type: 'hello', role: 'team', room: 'iamm', secret: SECRET });
    expect(await c.next('error')).toEqual({ type: 'error', code: 'tls-required' });
    expect((await c.closed).code).toBe(CLOSE.insecure);
  });

  it('keeps at most one status per socket per interval and drops the rest', async () => {
    const { team, device } = await start({ statusIntervalMs: 60_000 });
    const k = await device('kiosk-0003');
    k.send(status({ language: 'zh' }));
    k.send(status({ language: 'en' }));
    k.send(status({ language: 'both' }));
    const t = await team();
    const first = await t.next('devices', (d) => listed(d, 'kiosk-0003')?.status !== null);
    expect(listed(first, 'kiosk-0003')?.status?.language).toBe('zh');
    await sleep(150);
    const last = t.messages.filter((m): m is Devices => m.type === 'devices').at(-1)!;
    expect(listed(last, 'kiosk-0003')?.status?.language).toBe('zh');
    // Dropped without closing the socket.
    expect(k.ws.readyState).toBe(k.ws.OPEN);
  });

  it('drops a device that left once the grace period is over, and shows a rebuilt version', async () => {
    const { team, device } = await start({ deviceGraceMs: 150, teamRefreshMs: 50 });
    const k = await device('kiosk-0004');
    k.send(status());
    const t = await team();
    await t.next('devices', (d) => listed(d, 'kiosk-0004')?.connected === true);
    await k.close();
    await t.next('devices', (d) => listed(d, 'kiosk-0004')?.connected === false);
    await t.next('devices', (d) => listed(d, 'kiosk-0004') === undefined, 3000);
    // A rebuild: the served folder's version.json changes; the next refresh tells the team.
    writeFileSync(path.join(tmp, 'dist', 'version.json'), JSON.stringify({ version: '0.1.0+20250601T090000Z.cd34' }));
    expect((await t.next('devices', (d) => d.serverVersion !== READY.version, 3000)).serverVersion).toBe('0.1.0+20250601T090000Z.cd34');
    writeFileSync(path.join(tmp, 'dist', 'version.json'), JSON.stringify({ version: READY.version }));
  });

  it('passes apply-update from the team to that one device only', async () => {
    const { team, device } = await start();
    const a = await device('kiosk-0005');
    const b = await device('kiosk-0006');
    const t = await team();
    await t.next('devices', (d) => d.devices.length === 2);
    t.send({ type: 'apply-update', deviceId: 'kiosk-0005' });
    await a.next('apply-update');
    await sleep(50);
    expect(b.messages.some((m) => m.type === 'apply-update')).toBe(false);
    t.send({ type: 'apply-update', deviceId: 'kiosk-9999' });
    expect(await t.next('error')).toEqual({ type: 'error', code: 'unknown-device' });
  });
});
