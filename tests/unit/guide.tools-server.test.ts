// The guide's tools on the server, over real sockets on 127.0.0.1: only the guide's authenticated socket highlights
// and holds, every follower (and a late one) gets the tools, the guide's next goto clears the highlight; a headset that
// opted in shares its own view with the room's booth screens (at most MAX_POSES_PER_S passed on), and nobody else's.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub, type GuideHub } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import { MAX_POSES_PER_S, type PoseFields } from '../../src/features/guide/protocol.ts';

const SECRET = 'correct-horse-battery-staple';
let tmp: string;
let srv: RunningServer;
let hub: GuideHub;
let url: string;
const open: GuideClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const connect = async (hello: object, until: 'welcome' | 'state' = 'welcome') => {
  const c = await GuideClient.connect(url);
  open.push(c);
  c.send(hello);
  await c.next(until);
  return c;
};
const guide = () => connect({ type: 'hello', role: 'guide', room: 'iamm', secret: SECRET }, 'state');
const follower = (clientId: string) => connect({ type: 'hello', role: 'follower', room: 'iamm', clientId }, 'state');
const watcher = () => connect({ type: 'hello', role: 'watcher', room: 'iamm' });
const errors = (c: GuideClient) => c.messages.filter((m) => m.type === 'error').map((m) => (m as { code: string }).code);
const POSE: PoseFields = { x: 0.5, y: 1.6, z: -4, yaw: 0.3, pitch: -0.1, language: 'zh', milestone: '2022' };

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-tools-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
  hub = await createGuideHub({ rooms: roomsFrom({ iamm: SECRET }), log: { info: () => undefined, warn: () => undefined } });
  srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub });
  url = `ws://127.0.0.1:${srv.port}/guide`;
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await srv.close();
  await hub.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('highlight and hold', () => {
  it('reach every follower from the guide; a late follower gets them after the state; a goto clears the highlight', async () => {
    const g = await guide();
    const a = await follower('tools-follower-a');
    g.send({ type: 'highlight', element: '2022.item1', seq: 1 });
    g.send({ type: 'hold', on: true, seq: 2 });
    await a.next('tools', (m) => m.hold && m.highlight === '2022.item1');
    const late = await follower('tools-follower-b');
    const t = await late.next('tools');
    expect(t).toEqual({ type: 'tools', highlight: '2022.item1', hold: true });
    g.send({ type: 'goto', milestone: '2023-2024', seq: 3 });
    await a.next('tools', (m) => m.highlight === null && m.hold);
    g.send({ type: 'hold', on: false, seq: 4 });
    await late.next('tools', (m) => !m.hold);
  });

  it('are refused from a follower, a watcher and before hello; nothing reaches the room', async () => {
    const a = await follower('tools-follower-c');
    const w = await watcher();
    const b = await follower('tools-follower-d');
    a.send({ type: 'highlight', element: '2022.item0', seq: 1 });
    a.send({ type: 'hold', on: true, seq: 2 });
    w.send({ type: 'hold', on: true, seq: 1 });
    const anon = await GuideClient.connect(url);
    open.push(anon);
    anon.send({ type: 'hold', on: true, seq: 1 });
    await anon.next('error');
    await sleep(200);
    expect(errors(a)).toEqual(['forbidden', 'forbidden']);
    expect(errors(w)).toEqual(['forbidden']);
    expect(errors(anon)).toEqual(['unauthenticated']);
    expect(b.messages.some((m) => m.type === 'tools' && m.hold)).toBe(false);
  });
});

describe('the booth screen', () => {
  it('gets the view of the headset that shares it, labelled by its short id; then null when it stops', async () => {
    const w = await watcher();
    expect(await w.next('view')).toMatchObject({ sharer: null, pose: null });
    const h = await follower('headset-77aa99');
    h.send({ type: 'share', on: true });
    h.send({ type: 'pose', ...POSE });
    const v = await w.next('view', (m) => m.pose !== null);
    expect(v.sharer).toBe('headse');
    expect(v.pose).toEqual(POSE);
    // A screen that joins now sees the current view at once.
    const late = await watcher();
    expect((await late.next('view')).pose).toEqual(POSE);
    h.send({ type: 'share', on: false });
    await w.next('view', (m) => m.sharer === null, 3000, w.messages.indexOf(v) + 1);
  });

  it('passes on at most MAX_POSES_PER_S poses a second and never a pose without share or naming another device', async () => {
    const w = await watcher();
    const h = await follower('headset-rate-01');
    h.send({ type: 'pose', ...POSE });
    h.send({ type: 'share', on: true });
    h.send({ type: 'pose', ...POSE, deviceId: 'someone-elses-id' });
    await sleep(100);
    expect(errors(h)).toEqual(['forbidden', 'invalid']);
    const before = w.messages.length;
    // 18 in a burst (under the socket's own limit of 20/s, burst 40), then 15 more over the next second.
    for (let i = 0; i < 18; i++) h.send({ type: 'pose', ...POSE, x: i });
    for (let i = 0; i < 15; i++) {
      await sleep(66);
      h.send({ type: 'pose', ...POSE, x: 100 + i });
    }
    await sleep(200);
    const views = w.messages.slice(before).filter((m) => m.type === 'view');
    expect(views.length).toBeLessThanOrEqual(MAX_POSES_PER_S + Math.ceil(1.2 * MAX_POSES_PER_S));
    expect(views.length).toBeGreaterThanOrEqual(MAX_POSES_PER_S);
  });

  it('a guide or a watcher cannot share; a watcher for an unknown room is refused', async () => {
    const g = await guide();
    g.send({ type: 'share', on: true });
    const w = await watcher();
    w.send({ type: 'pose', ...POSE });
    await sleep(100);
    expect(errors(g)).toEqual(['forbidden']);
    expect(errors(w)).toEqual(['forbidden']);
    const stranger = await GuideClient.connect(url);
    open.push(stranger);
    stranger.send({ type: 'hello', role: 'watcher', room: 'nowhere' });
    expect(await stranger.next('error')).toEqual({ type: 'error', code: 'unknown-room' });
  });
});
