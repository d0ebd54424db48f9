// The guided-tour player (src/features/tour/player.ts): a pure state machine driven by plain times in ms.
import { describe, expect, it } from 'vitest';
import type { Tour } from '../../src/content/tours.ts';
import type { Pose } from '../../src/layout/corridor.ts';
import {
  IDLE,
  TourPlayer,
  narrationLanguageFor,
  tourStep,
  standingPose,
  tourView,
  type TourEffect,
} from '../../src/features/tour/player.ts';

const caption = (n: number) => ({ zh: `第 ${n} 站`, en: `Stop ${n}` });

/** Three stops: 5 s, 3 s (with narration in both languages), 4 s. */
const TOUR: Tour = {
  id: 'test',
  title: { zh: '测试', en: 'Test' },
  stops: [
    { milestone: '2020-2021', dwellSeconds: 5, caption: caption(1), standingSpot: { backM: 1, sideM: 0 } },
    {
      milestone: '2022',
      dwellSeconds: 3,
      caption: caption(2),
      narration: { zh: 'narration/t/2022.zh.ogg', en: 'narration/t/2022.en.ogg' },
    },
    { milestone: '2025', dwellSeconds: 4, caption: caption(3) },
  ],
};

const moves = (effects: TourEffect[]) => effects.filter((i) => i.type === 'moveTo').map((i) => (i.type === 'moveTo' ? i.milestone : ''));

describe('TourPlayer', () => {
  it('is idle until started, then plays every stop in order with its caption, and finishes', () => {
    const p = new TourPlayer();
    expect(p.view(0)).toMatchObject({ status: 'idle', stopIndex: -1, milestone: null, caption: null, remainingMs: 0 });
    expect(p.tick(1000)).toEqual([]);

    const started = p.start(TOUR, 1000);
    expect(started[0]).toEqual({ type: 'moveTo', stopIndex: 0, milestone: '2020-2021', standingSpot: { backM: 1, sideM: 0 }, seq: 1 });
    expect(started[1]).toEqual({ type: 'narrate', src: null, seq: 1 });
    expect(p.view(1000)).toMatchObject({
      status: 'playing',
      tourId: 'test',
      stopIndex: 0,
      stopCount: 3,
      milestone: '2020-2021',
      caption: caption(1),
      remainingMs: 5000,
    });
    expect(p.view(3500).remainingMs).toBe(2500);

    expect(p.tick(5999)).toEqual([]);
    const second = p.tick(6000);
    expect(second[0]).toMatchObject({ type: 'moveTo', stopIndex: 1, milestone: '2022', standingSpot: { backM: 0, sideM: 0 }, seq: 2 });
    expect(p.view(6000)).toMatchObject({ stopIndex: 1, caption: caption(2), remainingMs: 3000, narration: null });
    // No narration language chosen: the stop lasts its dwell.
    expect(moves(p.tick(9000))).toEqual(['2025']);
    expect(p.view(9000)).toMatchObject({ stopIndex: 2, caption: caption(3), remainingMs: 4000 });

    expect(p.tick(12_999)).toEqual([]);
    expect(p.tick(13_000)).toEqual([{ type: 'finished' }]);
    // The closing caption stays; nothing more happens.
    expect(p.view(13_000)).toMatchObject({ status: 'finished', stopIndex: 2, caption: caption(3), remainingMs: 0 });
    expect(p.tick(60_000)).toEqual([]);
    expect(p.next(60_000)).toEqual([]);
    expect(p.resume(60_000)).toEqual([]);
  });

  it('ends at most one stop per tick, and the next stop begins at that tick (a late tick skips nothing unseen)', () => {
    const p = new TourPlayer();
    p.start(TOUR, 0);
    expect(moves(p.tick(100_000))).toEqual(['2022']);
    expect(p.view(100_000).remainingMs).toBe(3000);
  });

  it('holds everything while paused: the remaining dwell is frozen', () => {
    const p = new TourPlayer();
    p.start(TOUR, 0);
    expect(p.pause(2000)).toEqual([]);
    expect(p.view(2000)).toMatchObject({ status: 'paused', remainingMs: 3000 });
    expect(p.tick(10_000)).toEqual([]);
    expect(p.tick(600_000)).toEqual([]);
    expect(p.view(600_000)).toMatchObject({ status: 'paused', stopIndex: 0, remainingMs: 3000 });
    // Pausing twice or resuming twice changes nothing.
    expect(p.pause(700_000)).toEqual([]);
    expect(p.view(700_000).remainingMs).toBe(3000);

    expect(p.resume(600_000)).toEqual([]);
    expect(p.resume(600_500)).toEqual([]);
    expect(p.view(601_000)).toMatchObject({ status: 'playing', remainingMs: 2000 });
    expect(p.tick(602_999)).toEqual([]);
    expect(moves(p.tick(603_000))).toEqual(['2022']);
  });

  it('skips forward and back, restarting the dwell; previous at the first stop restarts it', () => {
    const p = new TourPlayer();
    p.start(TOUR, 0);
    expect(moves(p.next(1000))).toEqual(['2022']);
    expect(p.view(1000)).toMatchObject({ stopIndex: 1, remainingMs: 3000, seq: 2 });
    expect(moves(p.previous(2000))).toEqual(['2020-2021']);
    expect(p.view(2000)).toMatchObject({ stopIndex: 0, remainingMs: 5000, seq: 3 });
    expect(moves(p.previous(2500))).toEqual(['2020-2021']);
    expect(p.view(2500)).toMatchObject({ stopIndex: 0, remainingMs: 5000, seq: 4 });
    p.next(3000);
    p.next(3000);
    // Skipping past the last stop finishes the tour (and silences narration).
    expect(p.next(3000)).toEqual([{ type: 'narrate', src: null, seq: 6 }, { type: 'finished' }]);
    expect(p.view(3000).status).toBe('finished');
    // Previous from the end replays the last stop.
    expect(moves(p.previous(4000))).toEqual(['2025']);
    expect(p.view(4000)).toMatchObject({ status: 'playing', stopIndex: 2, remainingMs: 4000 });
  });

  it('skipping while paused moves but stays paused', () => {
    const p = new TourPlayer();
    p.start(TOUR, 0, 'en');
    p.pause(1000);
    const skipped = p.next(2000);
    expect(moves(skipped)).toEqual(['2022']);
    // The stop's narration does not start while paused…
    expect(skipped).toContainEqual({ type: 'narrate', src: null, seq: 2 });
    expect(p.view(50_000)).toMatchObject({ status: 'paused', stopIndex: 1, remainingMs: 3000 });
    // …but on resume, from its start.
    expect(p.resume(50_000)).toEqual([{ type: 'narrate', src: 'narration/t/2022.en.ogg', seq: 2 }]);
    // Resuming again after another pause does not restart it (the app resumes its audio).
    p.pause(51_000);
    expect(p.resume(52_000)).toEqual([]);
  });

  it('stop() returns to idle from any state and silences narration', () => {
    const p = new TourPlayer();
    p.start(TOUR, 0, 'zh');
    p.next(10);
    expect(p.stop()).toEqual([{ type: 'narrate', src: null, seq: 2 }]);
    expect(p.view(20)).toMatchObject({ status: 'idle', stopIndex: -1, caption: null, milestone: null, tourId: null, stopCount: 0 });
    expect(p.stop()).toEqual([]);
    expect(p.tick(100_000)).toEqual([]);
    expect(p.next(100_000)).toEqual([]);
    expect(p.previous(100_000)).toEqual([]);
    // And can start again.
    expect(moves(p.start(TOUR, 200_000))).toEqual(['2020-2021']);
  });

  describe('narration', () => {
    it('a stop with narration lasts until the narration has ended: dwell = max(dwellSeconds, narration end)', () => {
      const p = new TourPlayer();
      p.start(TOUR, 0, 'zh');
      const begin = p.tick(5000);
      expect(begin).toContainEqual({ type: 'narrate', src: 'narration/t/2022.zh.ogg', seq: 2 });
      expect(p.view(5000).narration).toBe('narration/t/2022.zh.ogg');
      // The dwell (3 s) is over at 8 s, but the 11 s narration is still playing.
      expect(p.tick(8000)).toEqual([]);
      expect(p.view(9000)).toMatchObject({ stopIndex: 1, remainingMs: 0, waitingForNarration: true });
      expect(p.tick(15_000)).toEqual([]);
      expect(p.narrationEnded(16_000, 2)).toEqual([]);
      expect(moves(p.tick(16_000))).toEqual(['2025']);
    });

    it('a short narration does not shorten the dwell', () => {
      const p = new TourPlayer();
      p.start(TOUR, 0, 'en');
      p.tick(5000);
      p.narrationEnded(6000);
      expect(p.view(6000)).toMatchObject({ remainingMs: 2000, waitingForNarration: false });
      expect(p.tick(7999)).toEqual([]);
      expect(moves(p.tick(8000))).toEqual(['2025']);
    });

    it('ignores the end of an earlier stop’s narration', () => {
      const p = new TourPlayer();
      p.start(TOUR, 0, 'en');
      p.tick(5000); // stop 2 (seq 2), narrated
      p.previous(6000); // seq 3
      p.next(7000); // seq 4: stop 2 again, narrated from its start
      expect(p.narrationEnded(7100, 2)).toEqual([]);
      expect(p.tick(20_000)).toEqual([]);
      expect(p.view(20_000).waitingForNarration).toBe(true);
      p.narrationEnded(20_000, 4);
      expect(moves(p.tick(20_000))).toEqual(['2025']);
    });

    it('pausing during narration freezes the stop; the wait counts playing time only', () => {
      const p = new TourPlayer({ narrationTimeoutMs: 30_000 });
      p.start(TOUR, 0, 'zh');
      p.tick(5000);
      p.pause(6000);
      expect(p.tick(500_000)).toEqual([]);
      p.resume(500_000);
      expect(p.view(500_000)).toMatchObject({ stopIndex: 1, remainingMs: 2000 });
      // 30 s of playing time after the stop began, the stop gives up waiting for a narration that never reports its end.
      expect(p.tick(500_000 + 28_999)).toEqual([]);
      expect(moves(p.tick(500_000 + 29_000))).toEqual(['2025']);
    });

    it('stops without narration in the language do not wait', () => {
      const tour: Tour = { ...TOUR, stops: [{ ...TOUR.stops[1]!, narration: { zh: 'narration/t/x.zh.ogg' } }] };
      const p = new TourPlayer();
      expect(p.start(tour, 0, 'en')).toContainEqual({ type: 'narrate', src: null, seq: 1 });
      expect(p.tick(3000)).toEqual([{ type: 'finished' }]);
    });

    it('the narration language follows the visitor’s language (both: Chinese) and may change for the next stops', () => {
      expect(narrationLanguageFor('zh')).toBe('zh');
      expect(narrationLanguageFor('en')).toBe('en');
      expect(narrationLanguageFor('both')).toBe('zh');
      const p = new TourPlayer();
      p.start(TOUR, 0, 'zh');
      p.setNarrationLanguage('en');
      expect(p.tick(5000)).toContainEqual({ type: 'narrate', src: 'narration/t/2022.en.ogg', seq: 2 });
    });
  });

  it('runs a long tour through with fake times: every stop once, in order, each for its dwell', () => {
    const stops = Array.from({ length: 7 }, (_, i) => ({ milestone: `m${i}`, dwellSeconds: 1 + i, caption: caption(i + 1) }));
    const p = new TourPlayer();
    const seen: Array<[number, string]> = [];
    const record = (t: number, effects: TourEffect[]) => moves(effects).forEach((m) => seen.push([t, m]));
    record(0, p.start({ id: 'long', title: caption(0), stops }, 0));
    let finishedAt = -1;
    for (let t = 0; t <= 40_000; t += 250) {
      const effects = p.tick(t);
      record(t, effects);
      if (effects.some((i) => i.type === 'finished')) finishedAt = t;
    }
    expect(seen.map(([, m]) => m)).toEqual(stops.map((s) => s.milestone));
    const starts = seen.map(([t]) => t);
    expect(starts).toEqual([0, 1000, 3000, 6000, 10_000, 15_000, 21_000]);
    expect(finishedAt).toBe(28_000);
  });
});

describe('tourStep / tourView (pure)', () => {
  it('never changes the state it is given', () => {
    const a = tourStep(IDLE, { type: 'start', tour: TOUR, nowMs: 0, narrationLanguage: 'zh' });
    const frozen = JSON.stringify(a.state);
    tourStep(a.state, { type: 'next', nowMs: 100 });
    tourStep(a.state, { type: 'pause', nowMs: 100 });
    expect(JSON.stringify(a.state)).toBe(frozen);
    expect(tourView(a.state, 1000)).toMatchObject({ stopIndex: 0, remainingMs: 4000 });
  });

  it('ignores a clock that goes backwards', () => {
    const { state } = tourStep(IDLE, { type: 'start', tour: TOUR, nowMs: 10_000, narrationLanguage: null });
    expect(tourView(state, 9000).remainingMs).toBe(5000);
    expect(tourStep(state, { type: 'tick', nowMs: 0 }).effects).toEqual([]);
  });

  it('an empty tour does not start', () => {
    expect(tourStep(IDLE, { type: 'start', tour: { ...TOUR, stops: [] }, nowMs: 0, narrationLanguage: null })).toEqual({
      state: IDLE,
      effects: [],
    });
  });
});

describe('standingPose', () => {
  const left: Pose = { position: [-0.3, 1.6, -10], yaw: Math.PI / 2 }; // looks at a panel on the left wall (-x)
  const close = (p: Pose, q: Pose) => {
    p.position.forEach((v, i) => expect(v).toBeCloseTo(q.position[i]!, 9));
    expect(p.yaw).toBeCloseTo(q.yaw, 9);
  };

  it('is the milestone’s own spot without an offset', () => {
    expect(standingPose(left, undefined)).toBe(left);
    expect(standingPose(left, { backM: 0, sideM: 0 })).toBe(left);
  });

  it('moves back away from the panel and sideways to the visitor’s right, keeping the view direction', () => {
    // Facing -x: back is +x, right is -z.
    close(standingPose(left, { backM: 1, sideM: 0 }), { position: [0.7, 1.6, -10], yaw: Math.PI / 2 });
    close(standingPose(left, { backM: 0, sideM: 0.5 }), { position: [-0.3, 1.6, -10.5], yaw: Math.PI / 2 });
    // Facing -z (yaw 0): back is +z, right is +x.
    close(standingPose({ position: [0, 1.6, 0], yaw: 0 }, { backM: 2, sideM: 1 }), { position: [1, 1.6, 2], yaw: 0 });
  });
});

describe('TourPlayer led by a live guide (join / goToStop)', () => {
  it('joins at the guide’s stop with its caption and narration, and the clock never moves on', () => {
    const p = new TourPlayer();
    const joined = p.join(TOUR, 1, 0, 'en');
    expect(moves(joined)).toEqual(['2022']);
    expect(joined).toContainEqual({ type: 'narrate', src: 'narration/t/2022.en.ogg', seq: 1 });
    expect(p.view(0)).toMatchObject({ status: 'playing', stopIndex: 1, caption: caption(2), led: true });
    p.narrationEnded(2000, 1);
    // Far past the dwell: a led tour waits for the guide.
    expect(p.tick(600_000)).toEqual([]);
    expect(p.view(600_000)).toMatchObject({ status: 'playing', stopIndex: 1 });
  });

  it('goes to the stop the guide names, ignores the same stop again and stops out of range', () => {
    const p = new TourPlayer();
    p.join(TOUR, 0, 0);
    expect(moves(p.goToStop(2, 1000))).toEqual(['2025']);
    expect(p.view(1000)).toMatchObject({ stopIndex: 2, caption: caption(3) });
    expect(p.goToStop(2, 2000)).toEqual([]);
    expect(p.goToStop(3, 2000)).toEqual([]);
    expect(p.goToStop(-1, 2000)).toEqual([]);
    expect(p.goToStop(0.5, 2000)).toEqual([]);
    expect(p.view(2000).stopIndex).toBe(2);
    // Paused by the guide: a later goto keeps it paused (no narration starts).
    p.pause(3000);
    const paused = p.goToStop(1, 4000);
    expect(moves(paused)).toEqual(['2022']);
    expect(p.view(4000)).toMatchObject({ status: 'paused', stopIndex: 1 });
  });

  it('clamps a join index to the tour, and an unled tour is not led', () => {
    const p = new TourPlayer();
    p.join(TOUR, 99, 0);
    expect(p.view(0).stopIndex).toBe(2);
    p.start(TOUR, 10);
    expect(p.view(10)).toMatchObject({ stopIndex: 0, led: false });
    expect(moves(p.tick(5010))).toEqual(['2022']);
    // goToStop on an idle player does nothing.
    const idle = new TourPlayer();
    expect(idle.goToStop(1, 0)).toEqual([]);
  });
});
