// The guide's tools: the new protocol messages, the hold and highlight rules of the follower machine, the element ids
// a guide points at, the roster's "at the stop", and the booth screen's pose sending and smoothing.
import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { followStep, initialFollowState, type FollowEffect, type FollowEvent, type FollowState } from '../../src/features/guide/follow.ts';
import { parseClientMessage, parseServerMessage, type Command } from '../../src/features/guide/protocol.ts';
import {
  createShareSender,
  isAtStop,
  PoseSmoother,
  SHARE_HEARTBEAT_MS,
  SHARE_INTERVAL_MS,
  SHARE_POSES_PER_S,
  nextSendIn,
  shouldSend,
  SMOOTHING_DELAY_MS,
} from '../../src/features/guide/tools.ts';
import { MAX_POSES_PER_S } from '../../src/features/guide/protocol.ts';
import {
  elementAt,
  elementIds,
  elementMilestone,
  elementOfBlock,
  elementRects,
  isElementId,
  panelLocal,
  panelWorld,
  placeElement,
} from '../../src/layout/elements.ts';
import { corridorLayout } from '../../src/layout/corridor.ts';
import { createExhibitStore } from '../../src/state/store.ts';

const goto = (rev: number, milestone: string): Command => ({
  type: 'command',
  rev,
  seq: rev,
  issuedAt: 0,
  startsInMs: 0,
  cmd: { type: 'goto', milestone },
});

function run(inputs: Array<[number, FollowEvent]>, start: FollowState = initialFollowState('iamm', 'visitor-0001')) {
  let s = start;
  const log: FollowEffect[] = [];
  for (const [now, input] of inputs) {
    const r = followStep(s, input, now);
    s = r.state;
    log.push(...r.effects);
  }
  return { state: s, effects: log };
}
const tools = (effects: FollowEffect[]) => effects.filter((e) => e.type === 'tools');
const joined: Array<[number, FollowEvent]> = [
  [0, { type: 'start' }],
  [1, { type: 'socket-opened' }],
  [2, { type: 'message', message: { type: 'state', goto: null, tour: null, serverTime: 2 } }],
];
const toolsMsg = (highlight: string | null, hold: boolean): FollowEvent => ({
  type: 'message',
  message: { type: 'tools', highlight, hold },
});

describe('protocol: the guide tools messages', () => {
  it('accepts a highlight by element id, a clear, a hold and a release', () => {
    for (const m of [
      { type: 'highlight', element: '2022.item3', seq: 1 },
      { type: 'highlight', element: '2023-2024.body0', seq: 2 },
      { type: 'highlight', element: '2026-onward.picture', seq: 3 },
      { type: 'highlight', element: null, seq: 4 },
      { type: 'hold', on: true, seq: 5 },
      { type: 'hold', on: false, seq: 6 },
    ]) {
      expect(parseClientMessage(JSON.stringify(m)), JSON.stringify(m)).toMatchObject({ ok: true, message: m });
    }
  });

  it('refuses coordinates, made-up element kinds and extra fields', () => {
    for (const m of [
      { type: 'highlight', element: '2022.heading', seq: 1 },
      { type: 'highlight', element: '2022', seq: 1 },
      { type: 'highlight', element: '../2022.body0', seq: 1 },
      { type: 'highlight', element: '2022.body0', x: 0.3, y: 1.2, seq: 1 },
      { type: 'highlight', x: 0.3, y: 1.2, seq: 1 },
      { type: 'hold', on: 'yes', seq: 1 },
      { type: 'hold', on: true, seq: 1, by: 'someone' },
    ]) {
      expect(parseClientMessage(JSON.stringify(m)), JSON.stringify(m)).toEqual({ ok: false, code: 'invalid' });
    }
  });

  it('accepts a headset pose and a share toggle; refuses a pose naming another device or out of bounds', () => {
    const pose = { type: 'pose', x: 0.1, y: 1.6, z: -3, yaw: 1.2, pitch: -0.1, language: 'zh', milestone: '2022' };
    expect(parseClientMessage(JSON.stringify(pose))).toMatchObject({ ok: true });
    expect(parseClientMessage(JSON.stringify({ type: 'share', on: true }))).toMatchObject({ ok: true });
    for (const bad of [
      { ...pose, deviceId: 'someone-elses-id' },
      { ...pose, clientId: 'someone-elses-id' },
      { ...pose, x: 1e9 },
      { ...pose, yaw: 'north' },
      { ...pose, language: '<script>' },
    ]) {
      expect(parseClientMessage(JSON.stringify(bad)), JSON.stringify(bad)).toEqual({ ok: false, code: 'invalid' });
    }
  });

  it('a watcher says hello with a room only; the tools and view messages parse on the page', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'hello', role: 'watcher', room: 'hall-a' }))).toMatchObject({ ok: true });
    expect(parseClientMessage(JSON.stringify({ type: 'hello', role: 'watcher', room: 'hall-a', secret: 'x' })).ok).toBe(false);
    expect(parseServerMessage(JSON.stringify({ type: 'tools', highlight: '2022.item0', hold: true })).ok).toBe(true);
    const view = {
      type: 'view',
      sharer: 'ab12cd',
      pose: { x: 0, y: 1.6, z: 0, yaw: 0, pitch: 0, language: 'en', milestone: null },
      serverTime: 5,
    };
    expect(parseServerMessage(JSON.stringify(view)).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ ...view, sharer: null, pose: null })).ok).toBe(true);
  });
});

describe('follower machine: hold and highlight', () => {
  it('a following visitor is held and shown the highlight; the next goto clears the highlight, not the hold', () => {
    const r = run([...joined, [3, toolsMsg('2022.item1', true)]]);
    expect(tools(r.effects)).toEqual([{ type: 'tools', highlight: '2022.item1', held: true }]);
    const next = run([[4, { type: 'message', message: goto(1, '2023-2024') }]], r.state);
    expect(tools(next.effects)).toEqual([{ type: 'tools', highlight: null, held: true }]);
  });

  it('opting out releases the visitor at once, even while held; rejoining holds again', () => {
    const held = run([...joined, [3, toolsMsg(null, true)]]).state;
    const out = run([[4, { type: 'opt-out' }]], held);
    expect(out.state.status).toBe('exploring');
    expect(tools(out.effects)).toEqual([{ type: 'tools', highlight: null, held: false }]);
    // The hold is still on in the room, but an explorer is never held nor shown highlights.
    const later = run([[5, toolsMsg('2022.body0', true)]], out.state);
    expect(tools(later.effects)).toEqual([]);
    const back = run([[6, { type: 'rejoin' }]], later.state);
    expect(tools(back.effects)).toEqual([{ type: 'tools', highlight: '2022.body0', held: true }]);
  });

  it('a dropped connection releases the hold (nobody could release it); the room state brings it back', () => {
    const held = run([...joined, [3, toolsMsg(null, true)]]).state;
    const dropped = run([[4, { type: 'socket-closed', random: 0.5 }]], held);
    expect(tools(dropped.effects)).toEqual([{ type: 'tools', highlight: null, held: false }]);
    const back = run(
      [
        [500, { type: 'socket-opened' }],
        [501, { type: 'message', message: { type: 'state', goto: null, tour: null, serverTime: 501 } }],
        [502, toolsMsg(null, true)],
      ],
      dropped.state,
    );
    expect(tools(back.effects)).toEqual([{ type: 'tools', highlight: null, held: true }]);
  });

  it('nothing is held before the room state arrives (connecting)', () => {
    const r = run([
      [0, { type: 'start' }],
      [1, { type: 'socket-opened' }],
      [2, toolsMsg('2022.item0', true)],
    ]);
    expect(tools(r.effects)).toEqual([]);
  });
});

describe('store: a hold refuses the visitor’s own moves, not the guide’s', () => {
  const ids = exhibit.content.milestones.map((m) => m.id);
  it('N, P, Home, End, clicks and links do nothing while held; the guide’s moves and walking-derived focus go on', () => {
    const store = createExhibitStore({ ids, language: 'en', view: '3d', focusedId: ids[1]! });
    store.getState().setGuideTools(null, true);
    for (const i of ['next', 'previous', 'first', 'last'] as const) store.getState().intent(i);
    store.getState().focus(ids[3]!, 'select');
    store.getState().focus(ids[3]!, 'link');
    expect(store.getState().focusedId).toBe(ids[1]);
    expect(store.getState().heldRefusals).toBe(6);
    store.getState().focus(ids[2]!, 'guide');
    expect(store.getState().focusedId).toBe(ids[2]);
    store.getState().setGuideTools(null, false);
    store.getState().intent('next');
    expect(store.getState().focusedId).toBe(ids[3]);
  });
});

describe('element ids: derived from the content, the same in every language', () => {
  const m = exhibit.content.milestones.find((x) => x.items.length > 1)!;
  it('names paragraphs, list items and the picture by milestone and index', () => {
    const ids = elementIds(m);
    expect(ids).toContain(`${m.id}.item1`);
    for (const id of ids) {
      expect(isElementId(id)).toBe(true);
      expect(elementMilestone(id)).toBe(m.id);
    }
    expect(elementOfBlock(`${m.id}.zh.marker1`, m.id)).toBe(`${m.id}.item1`);
    expect(elementOfBlock(`${m.id}.en.item1`, m.id)).toBe(`${m.id}.item1`);
    expect(elementOfBlock(`${m.id}.en.heading`, m.id)).toBeNull();
    expect(elementOfBlock(`${m.id}.years`, m.id)).toBeNull();
  });

  it('each language column has the element, and a click inside it finds it (panel-local ↔ world round trip)', () => {
    for (const language of ['zh', 'en', 'both'] as const) {
      const layout = corridorLayout(exhibit, language, metrics);
      const slot = layout.slots.find((s) => s.id === m.id)!;
      const rects = elementRects(slot.text, slot.id).filter((r) => r.id === `${m.id}.item1`);
      expect(rects).toHaveLength(language === 'both' ? 2 : 1);
      for (const r of rects) {
        const world = panelWorld(slot, r.x + r.width / 2, r.y - r.height / 2, 0.015);
        const local = panelLocal(slot, world);
        expect(elementAt(slot.text, slot.id, local.x, local.y)).toBe(`${m.id}.item1`);
      }
      expect(placeElement(layout.slots, `${m.id}.item1`, 0.01, 0.016)).toHaveLength(rects.length);
      expect(placeElement(layout.slots, 'no-such.item1', 0.01, 0.016)).toEqual([]);
    }
  });

  it('no two elements of a panel overlap', () => {
    const layout = corridorLayout(exhibit, 'both', metrics);
    for (const slot of layout.slots) {
      const rects = elementRects(slot.text, slot.id);
      for (const a of rects)
        for (const b of rects) {
          if (a === b) continue;
          const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y > b.y - b.height && b.y > a.y - a.height;
          expect(overlap, `${a.id} / ${b.id}`).toBe(false);
        }
    }
  });
});

describe('roster: at the guide’s stop', () => {
  it('is at the stop when connected at the guide’s milestone', () => {
    expect(isAtStop({ milestone: '2022', connected: true }, '2022')).toBe(true);
    expect(isAtStop({ milestone: '2021', connected: true }, '2022')).toBe(false);
    expect(isAtStop({ milestone: '2022', connected: false }, '2022')).toBe(false);
    expect(isAtStop({ milestone: null, connected: true }, null)).toBe(false);
  });
});

describe('booth screen: sending and smoothing the headset’s pose', () => {
  const pose = (x: number, yaw = 0) => ({ x, y: 1.6, z: 0, yaw, pitch: 0, language: 'en', milestone: null });

  it('sends at most SHARE_POSES_PER_S (within the protocol cap), only on change or as a heartbeat', () => {
    expect(SHARE_POSES_PER_S).toBeLessThanOrEqual(MAX_POSES_PER_S);
    const s = createShareSender();
    let sent = 0;
    // A headset moving every 5 ms for 2 s.
    for (let t = 0; t < 2000; t += 5) if (shouldSend(s, pose(t / 1000), t)) sent++;
    expect(sent).toBeLessThanOrEqual(2 * SHARE_POSES_PER_S + 1);
    expect(sent).toBeGreaterThanOrEqual(2 * SHARE_POSES_PER_S - 2);
    // Still: only heartbeats.
    const still = createShareSender();
    let beats = 0;
    for (let t = 0; t < 5000; t += 5) if (shouldSend(still, pose(1), t)) beats++;
    expect(beats).toBe(Math.ceil(5000 / SHARE_HEARTBEAT_MS));
    expect(SHARE_INTERVAL_MS).toBeGreaterThanOrEqual(1000 / MAX_POSES_PER_S);
  });

  it('a loop that draws only on demand still sends where a move ended, soon, and then only heartbeats', () => {
    // The desktop kiosk in its attract tour: a glide drawn at 62.5 fps that ends at x = 1.85 and draws no frame after it,
    // except the frames the sender asks for.
    const s = createShareSender();
    const sent: { t: number; x: number }[] = [];
    const end = 992; // 62 frames of 16 ms
    const at = (t: number) => pose((Math.min(t, end) / end) * 1.85);
    let askedFor = Infinity;
    const frame = (t: number) => {
      if (shouldSend(s, at(t), t)) sent.push({ t, x: at(t).x });
      askedFor = t + nextSendIn(s, at(t), t);
    };
    for (let t = 0; t <= end; t += 16) frame(t);
    // The glide's last frame came too soon after a send (3 frames in 4 do at this rate): its pose went nowhere.
    expect(sent.at(-1)!.x).toBeLessThan(1.85);
    // The frames asked for after it: the first sends the end of the move within one interval.
    const frames: number[] = [];
    while (askedFor < end + 5000) {
      frames.push(askedFor);
      frame(askedFor);
    }
    const final = sent.find((p) => p.x === 1.85)!;
    expect(final.t - end).toBeLessThanOrEqual(SHARE_INTERVAL_MS);
    // Standing still: one frame a heartbeat, each sending the same pose.
    const later = frames.filter((t) => t > final.t);
    expect(later.length).toBe(Math.floor((end + 5000 - final.t) / SHARE_HEARTBEAT_MS));
    expect(sent.filter((p) => p.t > final.t).every((p) => p.x === 1.85)).toBe(true);
    expect(sent.filter((p) => p.t > final.t).length).toBe(later.length);
  });

  it('interpolates between received poses, the delay behind; stops exactly where the headset stopped', () => {
    const sm = new PoseSmoother();
    const out = { x: 0, y: 0, z: 0, yaw: 0, pitch: 0 };
    expect(sm.sample(0, out)).toBe(false);
    sm.push(1000, pose(0));
    sm.push(1100, pose(1));
    sm.sample(1050 + SMOOTHING_DELAY_MS, out);
    expect(out.x).toBeCloseTo(0.5, 6);
    sm.sample(5000, out);
    expect(out.x).toBe(1);
    sm.sample(900, out);
    expect(out.x).toBe(0);
  });

  it('turns the short way across ±π, and never moves backwards on a late arrival', () => {
    const sm = new PoseSmoother(0);
    const out = { x: 0, y: 0, z: 0, yaw: 0, pitch: 0 };
    sm.push(0, pose(0, Math.PI - 0.1));
    sm.push(100, pose(0, -Math.PI + 0.1));
    sm.sample(50, out);
    expect(Math.abs(Math.abs(out.yaw) - Math.PI)).toBeLessThan(1e-9);
    // A pose arriving with an earlier time than the newest replaces it rather than going back in time.
    sm.push(90, pose(2));
    sm.sample(1000, out);
    expect(out.x).toBe(2);
  });

  it('smoothing a jittery stream stays within 5 cm of the true path, the delay behind', () => {
    const sm = new PoseSmoother();
    const out = { x: 0, y: 0, z: 0, yaw: 0, pitch: 0 };
    const speed = 1.2; // m/s, a brisk walk
    let worst = 0;
    // Sent every interval, arriving 20–60 ms later; the screen draws every 7 ms.
    const arrivals: Array<[number, number]> = [];
    for (let t = 0; t <= 3000; t += SHARE_INTERVAL_MS) arrivals.push([t + 20 + ((t * 7919) % 41), t]);
    let next = 0;
    for (let now = 0; now <= 3000; now += 7) {
      while (next < arrivals.length && arrivals[next]![0] <= now) {
        const [at, sentAt] = arrivals[next++]!;
        sm.push(at, pose((sentAt / 1000) * speed));
      }
      if (!sm.sample(now, out) || now < 1000) continue;
      // The true position 40 ms (the mean network delay) plus the smoothing delay ago.
      const truth = ((now - SMOOTHING_DELAY_MS - 40) / 1000) * speed;
      worst = Math.max(worst, Math.abs(out.x - truth));
    }
    expect(worst).toBeLessThan(0.05);
  });
});
