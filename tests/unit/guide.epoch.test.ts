// A server restart (or Redis losing its keys) starts the room's command counter again: the state and every command
// carry the counter's epoch, and a follower who sees a new epoch forgets the old counter and follows.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import { MemoryStore } from '../../server/guide/store.ts';
import { followStep, initialFollowState, type FollowEffect, type FollowState } from '../../src/features/guide/follow.ts';
import type { Command, ServerMessage } from '../../src/features/guide/protocol.ts';

const goto = (rev: number, milestone: string, epoch?: string, issuedAt = 0): Command => ({
  type: 'command',
  rev,
  seq: rev,
  issuedAt,
  startsInMs: 3000,
  cmd: { type: 'goto', milestone },
  ...(epoch !== undefined ? { epoch } : {}),
});

function feed(s: FollowState, messages: ServerMessage[], now: number): { state: FollowState; effects: FollowEffect[] } {
  const effects: FollowEffect[] = [];
  for (const message of messages) {
    const r = followStep(s, { type: 'message', message }, now);
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s, effects };
}

describe('the follower and the epoch', () => {
  it('follows the first command of a new epoch although its rev is lower than the last one seen', () => {
    let s = followStep(initialFollowState('iamm', 'visitor-0001'), { type: 'socket-opened' }, 0).state;
    s = feed(s, [{ type: 'state', goto: goto(57, '2022', 'epoch-a'), tour: null, epoch: 'epoch-a', serverTime: 0 }], 10_000).state;
    expect(s.goto?.command.rev).toBe(57);
    // The server restarted: a new epoch, the counter at 1.
    const { state, effects } = feed(
      s,
      [{ type: 'state', goto: null, tour: null, epoch: 'epoch-b', serverTime: 20_000 }, goto(1, '2025', 'epoch-b', 20_100)],
      20_100,
    );
    expect(state.epoch).toBe('epoch-b');
    expect(effects).toContainEqual(expect.objectContaining({ type: 'countdown', milestone: '2025' }));
    // Within an epoch the counter still orders: an older command of the same epoch is ignored.
    const older = feed(state, [goto(1, '2022', 'epoch-b')], 20_200);
    expect(older.effects).toEqual([]);
  });

  it('in the same epoch, a lower rev stays ignored (a stale message)', () => {
    let s = followStep(initialFollowState('iamm', 'visitor-0002'), { type: 'socket-opened' }, 0).state;
    s = feed(s, [goto(5, '2022', 'e1')], 0).state;
    expect(feed(s, [goto(3, '2025', 'e1')], 100).effects).toEqual([]);
  });
});

describe('the server and the epoch', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-guide-epoch-'));
    mkdirSync(path.join(tmp, 'dist'));
    writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM</title>');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a restarted server has a new epoch; a page left open follows its first command', async () => {
    const epochs: string[] = [];
    let follower = followStep(initialFollowState('iamm', 'visitor-open-page'), { type: 'socket-opened' }, 0).state;
    const gone: FollowEffect[] = [];
    for (const round of [0, 1]) {
      const hub = await createGuideHub({ rooms: roomsFrom({ iamm: 'epoch-secret-1' }), log: { info: () => {}, warn: () => {} } });
      const srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub });
      const url = `ws://127.0.0.1:${srv.port}/guide`;
      try {
        const g = await GuideClient.connect(url);
        g.send({ type: 'hello', role: 'guide', room: 'iamm', secret: 'epoch-secret-1' });
        await g.next('state');
        const f = await GuideClient.connect(url);
        f.send({ type: 'hello', role: 'follower', room: 'iamm', clientId: 'visitor-open-page' });
        const state = await f.next('state');
        expect(state.epoch).toBeTruthy();
        epochs.push(state.epoch!);
        // The first round's guide moves the room far along; the second round's is a fresh server.
        const count = round === 0 ? 30 : 1;
        for (let seq = 1; seq <= count; seq++) g.send({ type: 'goto', milestone: round === 0 ? '2022' : '2026-onward', seq });
        const last = await f.next('command', (c) => c.seq === count);
        expect(last.epoch).toBe(state.epoch);
        const r = feed(follower, f.messages, 1000 * (round + 1));
        follower = r.state;
        gone.push(...r.effects);
        await Promise.all([g.close(), f.close()]);
      } finally {
        await srv.close();
        await hub.close();
      }
    }
    expect(epochs[0]).not.toBe(epochs[1]);
    // After the restart the counter was at 1 (below 30), and the follower still went where the new guide said.
    expect(
      gone
        .filter((e) => e.type === 'countdown')
        .map((e) => e.type === 'countdown' && e.milestone)
        .at(-1),
    ).toBe('2026-onward');
    expect(new MemoryStore().epoch).not.toBe(new MemoryStore().epoch);
  });
});
