// What an attacker on the event network (or a flaky network) can no longer do to the live-guide endpoint, over real
// sockets on loopback. 127.0.0.2, 127.0.0.3 … stand for other machines (on Linux all of 127.0.0.0/8 is loopback).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub, type GuideHub, type GuideHubOptions } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import { loadOrCreateCertificate, type LanCertificate } from '../../server/guide/tls.ts';
import { CLOSE, ROSTER_MAX_ENTRIES, type Roster } from '../../src/features/guide/protocol.ts';

const SECRET = 'limits-secret-4k7q';
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

let tmp: string;
let cert: LanCertificate;
const logs: string[] = [];
const running: Array<{ srv: RunningServer; hub: GuideHub }> = [];
const open: GuideClient[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-guide-limits-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
  cert = await loadOrCreateCertificate(path.join(tmp, 'certs'), ['localhost', '127.0.0.1']);
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

async function start(options: Partial<GuideHubOptions> = {}, tls = false) {
  const hub = await createGuideHub({
    rooms: roomsFrom({ iamm: SECRET }),
    rosterIntervalMs: 50,
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
    ...options,
  });
  const srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub, ...(tls ? { https: cert } : {}) });
  running.push({ srv, hub });
  const url = `${tls ? 'wss' : 'ws'}://127.0.0.1:${srv.port}/guide`;
  const connect = async (from = '127.0.0.1', opts: Parameters<typeof GuideClient.connect>[1] = {}) => {
    const c = await GuideClient.connect(url, { localAddress: from, ...(tls ? { rejectUnauthorized: false } : {}), ...opts });
    open.push(c);
    return c;
  };
  const follower = async (clientId: string, from = '127.0.0.1') => {
    const c = await connect(from);
    c.send({ type: 'hello', role: 'follower', room: 'iamm', clientId });
    await c.next('state');
    return c;
  };
  const guide = async (from = '127.0.0.1') => {
    const c = await connect(from);
    c.send({ type: 'hello', role: 'guide', room: 'iamm', secret: SECRET });
    await c.next('state');
    return c;
  };
  return { hub, srv, url, connect, follower, guide };
}

/** The status of a raw upgrade request (101 when accepted). */
function upgrade(port: number, headers: Record<string, string>, localAddress = '127.0.0.1', target = '/guide'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: target,
      localAddress,
      agent: false,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rosters = (c: GuideClient) => c.messages.filter((m): m is Roster => m.type === 'roster');

describe('a room counts only connected visitors', () => {
  it('1,000 visitors who said hello and left do not lock the room, and the roster message stays small', { timeout: 60_000 }, async () => {
    const { follower, guide } = await start();
    const g = await guide();
    // 1,000 distinct clientIds say hello and disconnect, 25 at a time, from four "machines".
    for (let i = 0; i < 1000; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, async (_, k) => {
          const c = await follower(`ghost-${String(i + k).padStart(4, '0')}`, `127.0.0.${2 + ((i + k) % 4)}`);
          await c.close();
        }),
      );
      open.splice(0);
    }
    const visitor = await follower('real-visitor-0001', '127.0.0.9');
    expect(visitor.messages[0]).toMatchObject({ type: 'welcome', role: 'follower', reconnected: false });
    const roster = await g.next(
      'roster',
      (r) => r.total?.connected === 1 && r.followers.some((f) => f.clientId === 'real-visitor-0001'),
      10_000,
    );
    expect(roster.total).toEqual({ connected: 1, following: 1, away: 1000 });
    expect(roster.followers.length).toBeLessThanOrEqual(ROSTER_MAX_ENTRIES);
    expect(roster.followers[0]).toMatchObject({ clientId: 'real-visitor-0001', connected: true });
    const bytes = Buffer.byteLength(JSON.stringify(roster));
    expect(bytes).toBeLessThan(12 * 1024); // was 104 KB with 1,000 ghosts
  });

  it('forgets a visitor after the grace period; one back within it keeps the place even in a full room', async () => {
    const { follower, guide } = await start({ maxFollowersPerRoom: 2, followerGraceMs: 400, heartbeatMs: 100 });
    const g = await guide();
    const a = await follower('visitor-a001');
    const b = await follower('visitor-b001');
    await a.close();
    const c = await follower('visitor-c001'); // a left: the room has room
    expect(c.messages[0]).toMatchObject({ type: 'welcome' });
    // a comes back within the grace period: its place was kept, though b and c fill the room.
    const again = await follower('visitor-a001');
    expect(again.messages[0]).toMatchObject({ type: 'welcome', reconnected: true });
    // A newcomer is refused while the room is full of connected visitors.
    const d = await GuideClient.connect(again.ws.url);
    open.push(d);
    d.send({ type: 'hello', role: 'follower', room: 'iamm', clientId: 'visitor-d001' });
    expect(await d.next('error')).toEqual({ type: 'error', code: 'room-full' });
    expect((await d.closed).code).toBe(CLOSE.roomFull);

    // b leaves and is forgotten after the grace period: the roster no longer lists it, and it comes back as new.
    const mark = g.messages.length;
    await b.close();
    await g.next(
      'roster',
      (r) => r.total?.away === 1 && r.followers.some((f) => f.clientId === 'visitor-b001' && !f.connected),
      3000,
      mark,
    );
    await g.next('roster', (r) => r.total?.away === 0 && !r.followers.some((f) => f.clientId === 'visitor-b001'), 3000, mark);
    await c.close(); // (else b, now a newcomer, would find the room full)
    const back = await follower('visitor-b001');
    expect(back.messages[0]).toMatchObject({ type: 'welcome', reconnected: false });
    expect(rosters(g).at(-1)?.total?.connected).toBeLessThanOrEqual(3);
  });
});

describe('socket caps per address', () => {
  it(
    'one address holding sockets before hello gets 429 past 32; a visitor from another address still joins; silent sockets go after 5 s',
    { timeout: 30_000 },
    async () => {
      const { hub, srv, connect, follower } = await start();
      const statuses: number[] = [];
      const held: GuideClient[] = [];
      for (let i = 0; i < 40; i++) {
        try {
          held.push(await connect('127.0.0.2'));
          statuses.push(101);
        } catch (err) {
          statuses.push(Number(/(\d{3})/.exec(String(err))?.[1] ?? 0));
        }
      }
      expect(statuses.filter((s) => s === 101)).toHaveLength(32);
      expect(statuses.filter((s) => s === 429)).toHaveLength(8);
      const visitor = await follower('visitor-other-0001', '127.0.0.3');
      expect(visitor.messages[0]).toMatchObject({ type: 'welcome' });
      // The default hello timeout closes the 32 silent sockets (policy, 1008) within a few seconds.
      const closed = await Promise.all(held.map((c) => c.closed));
      expect(closed.every((c) => c.code === CLOSE.policy)).toBe(true);
      await expect.poll(() => hub.size, { timeout: 2000 }).toBe(1);
      expect(await upgrade(srv.port, { Origin: `http://127.0.0.1:${srv.port}` }, '127.0.0.2')).toBe(101);
    },
  );

  it('caps all sockets of one address, hello or not, and refuses upgrades past the hub total with 503', async () => {
    const { follower, srv } = await start({ maxSocketsPerAddress: 6, maxClients: 10 });
    for (let i = 0; i < 6; i++) await follower(`visitor-cap-000${i}`, '127.0.0.2');
    await expect(follower('visitor-cap-0006', '127.0.0.2')).rejects.toThrow(/429/);
    for (let i = 0; i < 4; i++) await follower(`visitor-cap-010${i}`, '127.0.0.3');
    expect(await upgrade(srv.port, { Origin: `http://127.0.0.1:${srv.port}` }, '127.0.0.4')).toBe(503);
  });

  it("sets Node's header and request timeouts and connection limits, and cuts a slow sender", { timeout: 20_000 }, async () => {
    const srv = await createServer({
      root: path.join(tmp, 'dist'),
      port: 0,
      host: '127.0.0.1',
      limits: { headersTimeoutMs: 2000, requestTimeoutMs: 4000, maxConnectionsPerAddress: 3 },
    });
    try {
      expect(srv.server.headersTimeout).toBe(2000);
      expect(srv.server.requestTimeout).toBe(4000);
      expect(srv.server.maxConnections).toBe(6000);
      // Slowloris: half a request, then nothing. The server answers 408 and closes.
      const slow = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: '127.0.0.2' });
      let reply = '';
      slow.on('data', (d) => (reply += d.toString()));
      slow.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      await new Promise((r) => slow.once('close', r));
      expect(reply).toMatch(/^HTTP\/1\.1 408/);
      // A fourth connection from one address is closed at once; another address is served.
      const idle = await Promise.all(
        [1, 2, 3].map(
          () =>
            new Promise<net.Socket>((r) => {
              const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: '127.0.0.3' }, () => r(s));
            }),
        ),
      );
      const fourth = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: '127.0.0.3' });
      fourth.on('error', () => undefined);
      fourth.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      let got = '';
      fourth.on('data', (d) => (got += d.toString()));
      await new Promise((r) => fourth.once('close', r));
      expect(got).toBe('');
      for (const s of idle) s.destroy();
      expect((await fetch(srv.url)).status).toBe(200);
      await expect(createServer({ root: path.join(tmp, 'dist'), port: 0, limits: { maxConnections: 0 } })).rejects.toThrow(
        /maxConnections/,
      );
    } finally {
      await srv.close();
    }
  });
});

describe('DNS rebinding', () => {
  it('refuses an upgrade whose Host is not one of the server names (403), even with a matching Origin', async () => {
    const { srv } = await start({ hostNames: ['127.0.0.1', 'exhibit.local'] });
    const p = srv.port;
    expect(await upgrade(p, { Host: 'evil.example', Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(p, { Host: `evil.example:${p}`, Origin: `http://evil.example:${p}` })).toBe(403);
    expect(await upgrade(p, { Host: `127.0.0.1:${p}`, Origin: `http://127.0.0.1:${p}` })).toBe(101);
    expect(await upgrade(p, { Host: `localhost:${p}`, Origin: `http://localhost:${p}` })).toBe(101);
    expect(await upgrade(p, { Host: `EXHIBIT.local:${p}`, Origin: `http://exhibit.local:${p}` })).toBe(101);
    expect(logs.some((l) => l.includes("Host is not one of this server's names"))).toBe(true);
  });
});

describe('guide login only over TLS or from this machine', () => {
  it('refuses a guide hello over plain ws:// from another machine, saying why; accepts it from this machine and over wss://', async () => {
    const plain = await start();
    const far = await plain.connect('127.0.0.2');
    far.send({ type: 'hello', role: 'guide', room: 'iamm', secret: SECRET });
    expect(await far.next('error')).toEqual({ type: 'error', code: 'tls-required' });
    expect((await far.closed).code).toBe(CLOSE.insecure);
    expect(far.messages.some((m) => m.type === 'welcome')).toBe(false);
    // A follower from there is fine (it carries no secret), and so is the guide on the server's own machine.
    expect((await plain.follower('visitor-far-0001', '127.0.0.2')).messages[0]).toMatchObject({ type: 'welcome' });
    expect((await plain.guide('127.0.0.1')).messages[0]).toMatchObject({ type: 'welcome', role: 'guide' });

    const secure = await start({}, true);
    expect((await secure.guide('127.0.0.2')).messages[0]).toMatchObject({ type: 'welcome', role: 'guide' });
  });
});

describe('wrong guide secrets', () => {
  const backoff = { address: { free: 3, baseMs: 20, maxMs: 200 }, room: { free: 10, baseMs: 20, maxMs: 200 } };

  it(
    '40 wrong secrets from one address slow it down, but never lock out the right secret from there or elsewhere',
    { timeout: 30_000 },
    async () => {
      const { hub, connect, guide } = await start({ loginBackoff: backoff }, true);
      for (let i = 0; i < 40; i++) {
        const c = await connect('127.0.0.2');
        c.send({ type: 'hello', role: 'guide', room: 'iamm', secret: `guess-${i}` });
        expect(await c.next('error', () => true, 5000)).toEqual({ type: 'error', code: 'bad-secret' });
        await c.closed;
      }
      expect(hub.loginDelay('127.0.0.2', 'iamm')).toBe(200);
      // Behind the same (NAT) address, the real guide is answered after the delay: welcome, not refused.
      const g = await guide('127.0.0.2');
      expect(g.messages[0]).toMatchObject({ type: 'welcome', role: 'guide' });
      // From another address too (the room's backoff applies there).
      expect((await guide('127.0.0.3')).messages[0]).toMatchObject({ type: 'welcome', role: 'guide' });
    },
  );

  it('slows the whole room when the guesses come from many addresses', { timeout: 30_000 }, async () => {
    const { hub, connect } = await start({ loginBackoff: backoff }, true);
    for (let i = 0; i < 20; i++) {
      const c = await connect(`127.0.1.${i + 2}`);
      c.send({ type: 'hello', role: 'guide', room: 'iamm', secret: `spread-${i}` });
      await c.closed;
    }
    // Each address made one guess (free), but the room has had 20: a fresh address waits too.
    expect(hub.loginDelay('127.0.0.1', 'iamm')).toBeGreaterThan(0);
    expect(hub.loginDelay('127.0.0.1', 'iamm')).toBeLessThanOrEqual(200);
    expect(hub.loginDelay('127.0.1.2', 'other-room')).toBe(0);
  });

  it('tells a guesser who closes early nothing: the verdict comes only after the delay', async () => {
    const { connect } = await start({ loginBackoff: { address: { free: 0, baseMs: 150, maxMs: 150 } } }, true);
    const first = await connect('127.0.0.2');
    first.send({ type: 'hello', role: 'guide', room: 'iamm', secret: 'guess-a' });
    await first.closed;
    const right = await connect('127.0.0.2');
    right.send({ type: 'hello', role: 'guide', room: 'iamm', secret: SECRET });
    await sleep(20);
    expect(right.messages).toEqual([]); // neither welcome nor error yet
    await right.next('welcome', () => true, 3000);
  });
});

describe('refusal logs', () => {
  it('500 refused upgrades from one address make a handful of timestamped lines, not 500', { timeout: 30_000 }, async () => {
    const { srv } = await start();
    const from = logs.length;
    for (let i = 0; i < 500; i += 50) {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, () => upgrade(srv.port, { Origin: 'http://evil.example' }, '127.0.0.5')),
      );
      expect(statuses.every((s) => s === 403)).toBe(true);
    }
    const lines = logs.slice(from).filter((l) => l.includes('127.0.0.5'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(6);
    for (const l of lines) expect(l).toMatch(TIMESTAMP);
    // Another address is still logged.
    await upgrade(srv.port, { Origin: 'http://evil.example' }, '127.0.0.6');
    expect(logs.slice(from).some((l) => l.includes('127.0.0.6') && TIMESTAMP.test(l))).toBe(true);
  });
});
