// Fuzzing the live-guide endpoint on loopback: more than 10,000 malformed, oversized and out-of-order messages
// from many sockets at once. The server stays up, its memory and bookkeeping stay bounded, every command from a
// client that has not authenticated is refused, floods are cut off per client, the guide's room keeps working,
// and no secret (the real one or a guessed one) reaches the log.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createServer, type RunningServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub, type GuideHub, type GuideHubOptions } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import { CLOSE, MAX_MESSAGE_BYTES, type Command, type ErrorCode } from '../../src/features/guide/protocol.ts';
import { prng } from './prng.ts';

const SECRET = 'fuzz-room-secret-7h2k';
/** Guessed secrets carry this marker, so the test can tell if any of them was logged. */
const GUESS_MARKER = 'GUESS';
const FUZZ_SOCKETS = 24;
const MESSAGES_PER_SOCKET = 450; // 24 × 450 = 10,800

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let tmp: string;
const logs: string[] = [];
const running: Array<{ srv: RunningServer; hub: GuideHub }> = [];
const open: GuideClient[] = [];

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-fuzz-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
});

afterAll(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  for (const { srv, hub } of running) {
    await srv.close();
    await hub.close();
  }
  rmSync(tmp, { recursive: true, force: true });
});

async function start(options: Partial<GuideHubOptions> = {}) {
  const hub = await createGuideHub({
    rooms: roomsFrom({ iamm: SECRET }),
    rosterIntervalMs: 50,
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
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
  const guide = async () => {
    const c = await connect();
    c.send({ type: 'hello', role: 'guide', room: 'iamm', secret: SECRET });
    await c.next('state');
    return c;
  };
  const follower = async (clientId: string) => {
    const c = await connect();
    c.send({ type: 'hello', role: 'follower', room: 'iamm', clientId });
    await c.next('state');
    return c;
  };
  return { hub, srv, connect, guide, follower };
}

interface Fuzz {
  /** What goes on the wire: text, or a binary frame. */
  data: string | Buffer;
  /** The error the server must answer with. */
  expect: ErrorCode;
}

/**
 * One hostile message from a client in `role` (null: has not said hello). Never a valid hello: the sockets keep
 * their role for the whole run, so every answer is predictable.
 */
function fuzzMessage(rand: () => number, role: 'follower' | null): Fuzz {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const str = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++)
      s += String.fromCodePoint(pick([0x41 + Math.floor(rand() * 26), 0x4e00 + Math.floor(rand() * 500), 0x1f600, 0, 0x202e, 0xfffd]));
    return s;
  };
  // Commands that are well-formed but not allowed from this client.
  const command = (): unknown =>
    pick([
      { type: 'goto', milestone: pick(['2022', '2023-2024', '2026-onward']), seq: Math.floor(rand() * 1e6) },
      { type: 'goto', milestone: '2022', tourStop: 3, seq: 0 },
      { type: 'tour', action: pick(['start', 'pause', 'resume', 'stop'] as const), tourId: 'highlights', seq: 7 },
    ]);
  const kind = Math.floor(rand() * 12);
  switch (kind) {
    case 0: // random bytes as text
      return { data: str(1 + Math.floor(rand() * 200)), expect: 'malformed' };
    case 1: {
      // a binary frame, small or over the message limit
      const big = rand() < 0.2;
      const bytes = Buffer.alloc(big ? MAX_MESSAGE_BYTES + 1 + Math.floor(rand() * 8000) : 1 + Math.floor(rand() * 300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
      return { data: bytes, expect: big ? 'too-large' : 'malformed' };
    }
    case 2: // oversized text, still under the hard limit
      return {
        data: JSON.stringify({ type: 'goto', milestone: '2022', seq: 1, pad: 'x'.repeat(MAX_MESSAGE_BYTES + Math.floor(rand() * 20000)) }),
        expect: 'too-large',
      };
    case 3: // truncated JSON
      return { data: JSON.stringify(command()).slice(0, 1 + Math.floor(rand() * 20)), expect: 'malformed' };
    case 4: // JSON that is not an object
      return {
        data: pick(['null', '[]', '1e309', '"goto"', 'true', '[{"type":"goto"}]', '['.repeat(1000) + ']'.repeat(1000)]),
        expect: 'malformed',
      };
    case 5: // unknown or missing type, prototype tricks
      return {
        data: pick([
          '{}',
          '{"type":"teleport"}',
          '{"type":"__proto__"}',
          '{"type":"constructor"}',
          '{"__proto__":{"type":"goto"},"milestone":"2022","seq":1}',
          JSON.stringify({ type: str(5) }),
          '{"type":["goto"]}',
        ]),
        expect: 'unknown-type',
      };
    case 6: // a known type with bad fields
      return {
        data: JSON.stringify(
          pick([
            { type: 'goto', milestone: '../../etc/passwd', seq: 1 },
            { type: 'goto', milestone: '2022', seq: -1 },
            { type: 'goto', milestone: '2022', seq: 1.5 },
            { type: 'goto', milestone: '2022', seq: 1, extra: true },
            { type: 'goto', milestone: str(3), seq: 1 },
            { type: 'tour', action: 'rewind', seq: 1 },
            { type: 'tour', action: 'start', seq: 1, stop: 1e9 },
            { type: 'position', milestone: 42, following: true },
            { type: 'position', milestone: '2022', following: 'yes' },
            { type: 'hello', role: 'guide', room: 'iamm' },
            { type: 'hello', role: 'guide', room: 'iamm', secret: '' },
            { type: 'hello', role: 'guide', room: '../iamm', secret: `${GUESS_MARKER}-${str(4)}` },
            { type: 'hello', role: 'admin', room: 'iamm', secret: `${GUESS_MARKER}-x` },
            { type: 'hello', role: 'follower', room: 'iamm', clientId: 'short' },
            { type: 'hello', role: 'guide', room: 'iamm', secret: `${GUESS_MARKER}-${'s'.repeat(300)}` },
          ]),
        ),
        expect: 'invalid',
      };
    default: {
      // well-formed commands out of order: before hello (refused as unauthenticated) or from a follower (forbidden);
      // a follower's position is fine and gets no answer, so it is sent as a goto instead
      const msg = command();
      if (role === null)
        return {
          data: JSON.stringify(rand() < 0.3 ? { type: 'position', milestone: '2022', following: true } : msg),
          expect: 'unauthenticated',
        };
      return { data: JSON.stringify(msg), expect: 'forbidden' };
    }
  }
}

describe('guide endpoint under fuzzing', () => {
  it(`survives ${FUZZ_SOCKETS * MESSAGES_PER_SOCKET} hostile messages; the guide's room keeps working`, { timeout: 120_000 }, async () => {
    // A budget large enough that every message is read and answered (floods are the next test's subject).
    const { hub, srv, connect, guide, follower } = await start({
      rateLimit: { limit: { ratePerSec: 1e6, burst: 1e6 }, patience: { ratePerSec: 4, burst: 40 } },
      helloTimeoutMs: 120_000,
    });
    const g = await guide();
    const visitor = await follower('visitor-fuzz-0001');
    gc();
    const heapBefore = process.memoryUsage().heapUsed;

    const fuzzers = await Promise.all(
      Array.from({ length: FUZZ_SOCKETS }, async (_, i) => {
        const role = i % 3 === 0 ? ('follower' as const) : null;
        const c = role === 'follower' ? await follower(`visitor-fuzz-${String(i).padStart(4, '0')}x`) : await connect();
        return { c, role, expected: [] as ErrorCode[], from: c.messages.length, rand: prng(1000 + i) };
      }),
    );
    expect(hub.size).toBe(FUZZ_SOCKETS + 2);
    // All sockets at once, interleaved, while the guide keeps leading.
    let seq = 100;
    for (let n = 0; n < MESSAGES_PER_SOCKET; n++) {
      for (const f of fuzzers) {
        const m = fuzzMessage(f.rand, f.role);
        f.expected.push(m.expect);
        if (Buffer.isBuffer(m.data)) f.c.ws.send(m.data, { binary: true });
        else f.c.ws.send(m.data);
      }
      if (n % 50 === 0) g.send({ type: 'goto', milestone: n % 100 ? '2022' : '2023-2024', seq: ++seq });
      // Let the sockets drain now and then, as real clients would be paced by the network.
      if (n % 25 === 0) await new Promise((r) => setImmediate(r));
    }
    const sent = fuzzers.reduce((n, f) => n + f.expected.length, 0);
    expect(sent).toBeGreaterThanOrEqual(10_000);

    // Every message got its answer, in order: nothing was executed, nothing was skipped.
    for (const f of fuzzers) {
      // Wait for as many error replies as messages sent (the guide's commands, which followers get meanwhile, are
      // not answers and do not count): then the last answer is in.
      let answers = 0;
      await f.c.next('error', () => ++answers >= f.expected.length, 30_000, f.from);
      const codes = f.c.messages.slice(f.from).map((m) => (m.type === 'error' ? m.code : m.type));
      expect(codes.filter((c) => c !== 'command')).toEqual(f.expected);
    }
    // Every unauthenticated command was refused as such.
    const anonymousCommands = fuzzers.filter((f) => f.role === null).flatMap((f) => f.expected.filter((e) => e === 'unauthenticated'));
    expect(anonymousCommands.length).toBeGreaterThan(1000);
    // The room only ever heard the guide: the visitor's commands are exactly the guide's, in order.
    await visitor.next('command', (c) => c.seq === seq, 10_000);
    const heard = visitor.messages.filter((m): m is Command => m.type === 'command').map((c) => c.seq);
    expect(heard).toEqual(Array.from({ length: seq - 100 }, (_, i) => 101 + i));
    for (const f of fuzzers.filter((x) => x.role === null)) expect(f.c.messages.some((m) => m.type === 'command')).toBe(false);

    // The room keeps working: a newcomer joins and follows the guide.
    const late = await follower('visitor-late-0001');
    expect((await late.next('state')).goto?.seq).toBe(seq);
    g.send({ type: 'goto', milestone: '2026-onward', seq: ++seq });
    expect(await late.next('command')).toMatchObject({ seq, cmd: { milestone: '2026-onward' } });

    // Bounded: the fuzzers gone, the hub holds only the guide and its two visitors, and the heap has not grown with
    // the ~10,800 messages (it held only what sockets and the store need).
    await Promise.all(fuzzers.map((f) => f.c.close()));
    await expect.poll(() => hub.size, { timeout: 10_000 }).toBe(3);
    gc();
    const grown = process.memoryUsage().heapUsed - heapBefore;
    expect(grown).toBeLessThan(32 * 1024 * 1024);
    // Logging is bounded too: at most a few lines per socket, never one per message.
    expect(logs.length).toBeLessThan(FUZZ_SOCKETS * 20);
    // The HTTP side is still up.
    expect((await fetch(srv.url)).status).toBe(200);
  });

  it('cuts off flooding clients one by one while the guide and a calm visitor, on the same address, carry on', async () => {
    const { guide, follower, connect } = await start(); // the default budget: 20 msg/s, bursts of 40
    const g = await guide();
    const calm = await follower('visitor-calm-0001');
    const floods = [await follower('visitor-flood-001'), await follower('visitor-flood-002'), await connect()];
    for (let i = 0; i < 2000; i++)
      for (const f of floods) f.send({ type: 'position', milestone: i % 2 ? '2022' : '2023-2024', following: true });
    for (const f of floods) {
      expect(await f.next('error', (e) => e.code === 'rate-limited', 10_000)).toBeTruthy();
      expect((await f.closed).code).toBe(CLOSE.policy);
      // Far fewer answers than messages: the flood is dropped, not processed.
      expect(f.messages.length).toBeLessThan(200);
    }
    g.send({ type: 'goto', milestone: '2026-onward', seq: 1 });
    expect(await calm.next('command')).toMatchObject({ cmd: { milestone: '2026-onward' } });
    expect(calm.messages.filter((m) => m.type === 'error')).toEqual([]);
    expect(g.messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('oversized frames past the hard limit close only that socket; the server stays up', async () => {
    const { srv, guide, follower, connect } = await start();
    const g = await guide();
    const f = await follower('visitor-size-0001');
    for (let i = 0; i < 20; i++) {
      const c = await connect();
      if (i % 2) c.ws.send(Buffer.alloc(70 * 1024 + i * 1000, 7), { binary: true });
      else c.send('['.repeat(70 * 1024 + i * 1000));
      expect((await c.closed).code).toBe(1009);
    }
    // Raw sockets that open and vanish mid-handshake, and ones that never speak.
    for (let i = 0; i < 20; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/guide`, { origin: `http://127.0.0.1:${srv.port}` });
      ws.on('error', () => undefined);
      if (i % 2) ws.on('open', () => ws.terminate());
      else setTimeout(() => ws.terminate(), 5);
    }
    g.send({ type: 'goto', milestone: '2022', seq: 9 });
    expect(await f.next('command')).toMatchObject({ seq: 9 });
    expect((await fetch(srv.url)).status).toBe(200);
  });

  it('never writes a secret, real or guessed, to the log', async () => {
    const { connect } = await start();
    for (let i = 0; i < 5; i++) {
      const c = await connect();
      c.send({ type: 'hello', role: 'guide', room: 'iamm', secret: `${GUESS_MARKER}-wrong-${i}` });
      await c.closed;
    }
    expect(logs.some((l) => l.includes('refused a guide login'))).toBe(true);
    for (const line of logs) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain(GUESS_MARKER);
    }
  });
});
