// The live-guide endpoint over real sockets on 127.0.0.1 (in-process rooms; guide.redis.test.ts: across processes).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createServer, type RunningServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub, type GuideHub, type GuideHubOptions } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import { CLOSE, MAX_MESSAGE_BYTES, type Command } from '../../src/features/guide/protocol.ts';

const SECRET = 'correct-horse-battery-staple';
const OTHER_SECRET = 'second-room-secret-42';

let tmp: string;
const logs: string[] = [];
const running: Array<{ srv: RunningServer; hub: GuideHub }> = [];
const open: GuideClient[] = [];
const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
  vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' '))),
);

async function start(options: Partial<GuideHubOptions> = {}) {
  const hub = await createGuideHub({
    rooms: roomsFrom({ iamm: SECRET, other: OTHER_SECRET }),
    rosterIntervalMs: 50,
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
    ...options,
  });
  const srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub });
  running.push({ srv, hub });
  const url = `ws://127.0.0.1:${srv.port}/guide`;
  const connect = async (opts: Parameters<typeof GuideClient.connect>[1] = {}) => {
    const c = await GuideClient.connect(url, opts);
    open.push(c);
    return c;
  };
  const guide = async (room = 'iamm', secret = SECRET) => {
    const c = await connect();
    c.send({ type: 'hello', role: 'guide', room, secret });
    await c.next('state');
    return c;
  };
  const follower = async (clientId: string, room = 'iamm') => {
    const c = await connect();
    c.send({ type: 'hello', role: 'follower', room, clientId });
    await c.next('state');
    return c;
  };
  return { hub, srv, url, connect, guide, follower };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const commands = (c: GuideClient) => c.messages.filter((m): m is Command => m.type === 'command');

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-guide-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  for (const { srv, hub } of running) {
    await srv.close();
    await hub.close();
  }
  for (const spy of consoleSpies) spy.mockRestore();
  rmSync(tmp, { recursive: true, force: true });
});

describe('guide endpoint', () => {
  it('lets an authenticated guide lead the room: followers get the command with a countdown', async () => {
    const { guide, follower } = await start();
    const g = await guide();
    expect(g.messages[0]).toMatchObject({ type: 'welcome', role: 'guide', room: 'iamm', protocol: 1 });
    const a = await follower('visitor-aaaa');
    const b = await follower('visitor-bbbb');
    expect(a.messages.map((m) => m.type)).toEqual(['welcome', 'state']);
    expect(a.messages[1]).toMatchObject({ type: 'state', goto: null, tour: null });

    const before = Date.now();
    g.send({ type: 'goto', milestone: '2022', seq: 1 });
    for (const f of [a, b]) {
      const cmd = await f.next('command');
      expect(cmd).toMatchObject({ type: 'command', rev: 1, seq: 1, startsInMs: 3000, cmd: { type: 'goto', milestone: '2022' } });
      expect(cmd.issuedAt).toBeGreaterThanOrEqual(before - 5);
    }
    // The guide hears its own command back (its acknowledgement, with its seq).
    expect(await g.next('command')).toMatchObject({ seq: 1, rev: 1 });

    g.send({ type: 'tour', action: 'start', tourId: 'highlights', stop: 0, seq: 2 });
    expect(await a.next('command', (c) => c.cmd.type === 'tour')).toMatchObject({
      rev: 2,
      cmd: { type: 'tour', action: 'start', tourId: 'highlights', stop: 0 },
    });

    // Followers report; the guide's roster shows them.
    a.send({ type: 'position', milestone: '2022', following: true });
    b.send({ type: 'position', milestone: '2020-2021', following: false });
    const roster = await g.next('roster', (r) => r.followers.length === 2 && r.followers.every((f) => f.milestone !== null));
    expect(roster.followers).toEqual([
      { clientId: 'visitor-aaaa', milestone: '2022', following: true, connected: true, reconnected: false },
      { clientId: 'visitor-bbbb', milestone: '2020-2021', following: false, connected: true, reconnected: false },
    ]);
  });

  it('refuses a wrong secret, an unknown room and a follower of an unknown room', async () => {
    const { connect, follower, guide } = await start();
    const f = await follower('visitor-cccc');

    const wrong = await connect();
    wrong.send({ type: 'hello', role: 'guide', room: 'iamm', secret: 'not-the-secret' });
    expect(await wrong.next('error')).toEqual({ type: 'error', code: 'bad-secret' });
    expect((await wrong.closed).code).toBe(CLOSE.unauthorized);

    // The other room's secret does not open this room.
    const crossed = await connect();
    crossed.send({ type: 'hello', role: 'guide', room: 'iamm', secret: OTHER_SECRET });
    expect(await crossed.next('error')).toEqual({ type: 'error', code: 'bad-secret' });

    const noRoom = await connect();
    noRoom.send({ type: 'hello', role: 'guide', room: 'nowhere', secret: SECRET });
    expect(await noRoom.next('error')).toEqual({ type: 'error', code: 'unknown-room' });

    const lost = await connect();
    lost.send({ type: 'hello', role: 'follower', room: 'nowhere', clientId: 'visitor-dddd' });
    expect(await lost.next('error')).toEqual({ type: 'error', code: 'unknown-room' });
    expect((await lost.closed).code).toBe(CLOSE.unauthorized);

    await sleep(50);
    expect(commands(f)).toEqual([]);
    // The right secret still works.
    const g = await guide('other', OTHER_SECRET);
    expect(g.messages[0]).toMatchObject({ type: 'welcome', room: 'other' });
  });

  it('throttles failed guide logins per address', async () => {
    const { connect } = await start({ authFailures: { ratePerSec: 0.001, burst: 2 } });
    for (let i = 0; i < 2; i++) {
      const c = await connect();
      c.send({ type: 'hello', role: 'guide', room: 'iamm', secret: `guess-${i}` });
      expect(await c.next('error')).toEqual({ type: 'error', code: 'bad-secret' });
    }
    const c = await connect();
    c.send({ type: 'hello', role: 'guide', room: 'iamm', secret: SECRET });
    expect(await c.next('error')).toEqual({ type: 'error', code: 'rate-limited' });
    expect((await c.closed).code).toBe(CLOSE.unauthorized);
  });

  it("ignores a follower's forged goto: other followers see only the guide's commands", async () => {
    const { connect, guide, follower } = await start();
    const g = await guide();
    const honest = await follower('visitor-eeee');
    const forger = await follower('visitor-ffff');

    forger.send({ type: 'goto', milestone: '2026-onward', seq: 99 });
    expect(await forger.next('error')).toEqual({ type: 'error', code: 'forbidden' });
    forger.send({ type: 'tour', action: 'stop', seq: 100 });
    expect(await forger.next('error', () => true, 3000, 3)).toEqual({ type: 'error', code: 'forbidden' });
    forger.send({ type: 'hello', role: 'guide', room: 'iamm', secret: 'whatever' });
    expect(await forger.next('error', (e) => e.code === 'already-joined')).toBeTruthy();

    const stranger = await connect();
    stranger.send({ type: 'goto', milestone: '2026-onward', seq: 1 });
    expect(await stranger.next('error')).toEqual({ type: 'error', code: 'unauthenticated' });

    g.send({ type: 'goto', milestone: '2023-2024', seq: 7 });
    await honest.next('command');
    await sleep(50);
    expect(commands(honest).map((c) => c.cmd)).toEqual([{ type: 'goto', milestone: '2023-2024' }]);
    expect(commands(forger).map((c) => c.cmd)).toEqual([{ type: 'goto', milestone: '2023-2024' }]);
    // Nor did the forgery become the room's state.
    const late = await follower('visitor-gggg');
    expect(late.messages[1]).toMatchObject({ type: 'state', goto: { cmd: { milestone: '2023-2024' } } });
  });

  it("gives a late joiner the room's current state (last goto and last tour command)", async () => {
    const { guide, follower } = await start();
    const g = await guide();
    g.send({ type: 'goto', milestone: '2022', seq: 1 });
    g.send({ type: 'tour', action: 'start', tourId: 'highlights', stop: 0, seq: 2 });
    g.send({ type: 'goto', milestone: '2023-2024', tourStop: 1, seq: 3 });
    g.send({ type: 'tour', action: 'pause', seq: 4 });
    await g.next('command', (c) => c.seq === 4);

    const late = await follower('visitor-hhhh');
    const state = late.messages[1];
    expect(state).toMatchObject({
      type: 'state',
      goto: { rev: 3, seq: 3, cmd: { type: 'goto', milestone: '2023-2024', tourStop: 1 } },
      tour: { rev: 4, seq: 4, cmd: { type: 'tour', action: 'pause' } },
    });
    expect(state?.type === 'state' && state.serverTime).toBeGreaterThan(0);
    // A second guide device sees the state too.
    const g2 = await guide();
    expect(g2.messages[1]).toMatchObject({ type: 'state', goto: { rev: 3 } });
  });

  it('keeps a reconnecting visitor in the roster, marks them reconnected and gives them the current state', async () => {
    const { guide, follower } = await start();
    const g = await guide();
    const first = await follower('visitor-iiii');
    first.send({ type: 'position', milestone: '2022', following: true });
    await g.next('roster', (r) => r.followers.some((f) => f.clientId === 'visitor-iiii' && f.milestone === '2022'));
    await first.close();
    await g.next('roster', (r) => r.followers.some((f) => f.clientId === 'visitor-iiii' && !f.connected));

    g.send({ type: 'goto', milestone: '2026-onward', seq: 5 });
    await g.next('command');

    const mark = g.messages.length;
    const again = await follower('visitor-iiii');
    expect(again.messages[0]).toMatchObject({ type: 'welcome', role: 'follower', reconnected: true });
    expect(again.messages[1]).toMatchObject({ type: 'state', goto: { cmd: { milestone: '2026-onward' } } });
    const roster = await g.next('roster', (r) => r.followers.some((f) => f.clientId === 'visitor-iiii' && f.connected), 3000, mark);
    expect(roster.followers).toEqual([
      { clientId: 'visitor-iiii', milestone: '2022', following: true, connected: true, reconnected: true },
    ]);

    // The same visitor on a second socket replaces the first (e.g. the old one was half-dead).
    const third = await follower('visitor-iiii');
    expect((await again.closed).code).toBe(CLOSE.replaced);
    g.send({ type: 'goto', milestone: '2022', seq: 6 });
    expect(await third.next('command', (c) => c.seq === 6)).toMatchObject({ cmd: { milestone: '2022' } });
    await sleep(100);
    const last = g.messages.filter((m) => m.type === 'roster').at(-1);
    expect(last).toMatchObject({ followers: [{ clientId: 'visitor-iiii', connected: true }] });
  });

  it('drops oversized, malformed, unknown and invalid messages with a reason, and the room keeps working', async () => {
    const { guide, follower } = await start();
    const g = await guide();
    const f = await follower('visitor-jjjj');
    const errorsFrom = (c: GuideClient, from: number) => c.messages.slice(from).filter((m) => m.type === 'error');

    const start0 = g.messages.length;
    g.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    g.send(JSON.stringify({ type: 'goto', milestone: '2022', seq: 1, pad: 'y'.repeat(MAX_MESSAGE_BYTES) }));
    g.send('{"type":"goto",');
    g.send('[1,2,3]');
    g.send('null');
    g.send({ type: 'teleport', to: 'mars' });
    g.send({ type: 'goto', milestone: '../../etc', seq: 1 });
    g.send({ type: 'goto', milestone: '2022', seq: -1 });
    g.send({ type: 'goto', milestone: '2022', seq: 1, extra: true });
    g.send({ type: 'tour', action: 'rewind', seq: 1 });
    g.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await g.next('error', () => true, 3000, start0 + 10);
    expect(errorsFrom(g, start0).map((e) => e.type === 'error' && e.code)).toEqual([
      'too-large',
      'too-large',
      'malformed',
      'malformed',
      'malformed',
      'unknown-type',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'malformed',
    ]);
    // Way beyond the hard limit, ws itself closes the socket (1009); the server survives.
    const huge = await guide();
    huge.send('z'.repeat(200 * 1024));
    expect((await huge.closed).code).toBe(1009);

    g.send({ type: 'goto', milestone: '2022', seq: 2 });
    expect(await f.next('command')).toMatchObject({ seq: 2, cmd: { milestone: '2022' } });
    expect(commands(f)).toHaveLength(1);
    expect(logs.some((l) => l.includes('dropped a message from guide') && l.includes('too-large'))).toBe(true);
  });

  it('rate-limits a flooding client, disconnects it with 1008, and the room keeps working', async () => {
    const { guide, follower } = await start();
    const g = await guide();
    const calm = await follower('visitor-kkkk');
    const flood = await follower('visitor-llll');
    for (let i = 0; i < 300; i++) flood.send({ type: 'position', milestone: i % 2 ? '2022' : '2023-2024', following: true });
    expect(await flood.next('error', (e) => e.code === 'rate-limited')).toBeTruthy();
    expect((await flood.closed).code).toBe(CLOSE.policy);
    expect(logs.some((l) => l.includes('kept flooding') && l.includes('visitor-llll'))).toBe(true);

    g.send({ type: 'goto', milestone: '2026-onward', seq: 1 });
    expect(await calm.next('command')).toMatchObject({ cmd: { milestone: '2026-onward' } });
    // A client within its budget is never limited.
    for (let i = 0; i < 30; i++) calm.send({ type: 'position', milestone: i % 2 ? '2022' : '2026-onward', following: true });
    await sleep(100);
    expect(calm.messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('sends the guide at most one roster per interval', async () => {
    const { guide, follower } = await start({ rosterIntervalMs: 250 });
    const g = await guide();
    const fs = await Promise.all(['visitor-m001', 'visitor-m002', 'visitor-m003'].map((id) => follower(id)));
    const from = g.messages.length;
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) {
      for (const f of fs) f.send({ type: 'position', milestone: i % 2 ? '2022' : '2023-2024', following: true });
      await sleep(50);
    }
    await sleep(300);
    const seconds = (Date.now() - t0) / 1000;
    const rosters = g.messages.slice(from).filter((m) => m.type === 'roster');
    expect(rosters.length).toBeGreaterThan(1);
    expect(rosters.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
    // The last change (i = 19) is in the last roster: throttled, never lost.
    expect(rosters.at(-1)).toMatchObject({ followers: fs.map(() => expect.objectContaining({ milestone: '2022' })) });
  });

  it('refuses upgrades on other paths and from other origins', async () => {
    const { srv, url } = await start();
    const upgrade = (target: string, origin?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port: srv.port,
          path: target,
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            ...(origin ? { Origin: origin } : {}),
          },
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    const own = `http://127.0.0.1:${srv.port}`;
    expect(await upgrade('/guide', own)).toBe(101);
    expect(await upgrade('/guide?x=1', own)).toBe(101);
    expect(await upgrade('/other', own)).toBe(404);
    expect(await upgrade('/guide/', own)).toBe(404);
    expect(await upgrade('/guide', 'http://evil.example')).toBe(403);
    expect(await upgrade('/guide', `http://127.0.0.1:${srv.port + 1}`)).toBe(403);
    expect(await upgrade('/guide', 'null')).toBe(403);
    expect(await upgrade('/guide')).toBe(403);
    await expect(GuideClient.connect(url, { origin: 'http://localhost:1' })).rejects.toThrow(/403/);
    // Plain HTTP on the same port still serves the exhibit.
    expect((await fetch(`${own}/`)).status).toBe(200);
  });

  it('drops sockets that stop answering pings, and sockets that never say hello', async () => {
    const { url, hub } = await start({ heartbeatMs: 200, helloTimeoutMs: 100 });
    const silent = await GuideClient.connect(url);
    open.push(silent);
    const deaf = new WebSocket(url, { origin: url.replace('ws:', 'http:').replace('/guide', ''), autoPong: false });
    deaf.on('error', () => undefined);
    await new Promise((r) => deaf.once('open', r));
    deaf.send(JSON.stringify({ type: 'hello', role: 'follower', room: 'iamm', clientId: 'visitor-deaf' }));
    const deafClosed = await new Promise<number>((r) => deaf.once('close', (code) => r(code)));
    expect(deafClosed).toBe(1006); // terminated, no closing handshake
    expect((await silent.closed).code).toBe(CLOSE.policy);
    await vi.waitFor(() => expect(hub.size).toBe(0));
  });

  it('never logs a guide secret nor sends it to anyone', async () => {
    const { connect, guide, follower } = await start();
    const f = await follower('visitor-nnnn');
    const g = await guide();
    const bad = await connect();
    bad.send({ type: 'hello', role: 'guide', room: 'iamm', secret: `${SECRET}x` });
    await bad.closed;
    const odd = await connect();
    odd.send({ type: 'hello', role: 'guide', room: 'iamm', secret: SECRET, extra: SECRET });
    await odd.next('error');
    odd.send({ type: 'hello', role: 'guide', room: 'no such room!', secret: SECRET });
    odd.send(`{"type":"hello","secret":"${SECRET}"`);
    odd.send({ type: 'goto', milestone: SECRET, seq: 1 });
    await odd.next('error', (e) => e.code === 'unauthenticated');
    g.send({ type: 'goto', milestone: '2022', seq: 1 });
    await f.next('command');
    await sleep(50);

    expect(logs.length).toBeGreaterThan(5);
    for (const line of logs) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain(OTHER_SECRET);
    }
    for (const m of [...f.messages, ...g.messages, ...bad.messages, ...odd.messages]) {
      expect(JSON.stringify(m)).not.toContain(SECRET);
    }
  });
});
