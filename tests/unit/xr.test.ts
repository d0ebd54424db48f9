import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { pressedSince, XR_BUTTON_INTENTS, XR_MENU_BUTTONS } from '../../src/input/xrBindings.ts';
import {
  CAPTION_SIZES,
  captionBoardLayout,
  captionBoardPose,
  captionBoardWidth,
  HINT_KEYS,
  vrStripEntries,
  stripWindow,
  WRIST_STRIP_MAX_ERAS,
  wristMenuLayout,
  type BoardLayout,
  type MenuLayout,
} from '../../src/layout/menu.ts';
import { WRIST_MENU_WIDTH_M } from '../../src/layout/constants.ts';
import { corridorLayout } from '../../src/layout/corridor.ts';
import { createWristMenuState, updateWristMenu } from '../../src/input/wristMenu.ts';
import { contrast, THEME } from '../../src/theme.ts';
import { tours } from 'virtual:exhibit';
import { LANGUAGES } from '../../src/content/schema.ts';
import { measure } from '../../src/text/metrics.ts';
import { angularSizeDeg } from '../../src/layout/corridor.ts';
import { headInWorld, placeHead, turnAboutHead, viewpointAt } from '../../src/features/locomotion/motion.ts';
import { pickFrameRate, xrAssetUrls } from '../../src/app/xr.ts';

describe('the visitor in VR', () => {
  it('places the head, not the feet, on a standing spot, facing the panel', () => {
    const v = viewpointAt({ position: [0, 1.6, 0], yaw: 0 });
    const head = { x: 0.3, z: -0.2, yaw: 0.4 };
    placeHead(v, head, -0.3, -10, Math.PI / 2);
    const h = headInWorld(v, head);
    expect(h.x).toBeCloseTo(-0.3, 9);
    expect(h.z).toBeCloseTo(-10, 9);
    expect(h.yaw).toBeCloseTo(Math.PI / 2, 9);
  });

  it('snap-turns about the head: the visitor turns on the spot', () => {
    const v = viewpointAt({ position: [1, 1.6, -3], yaw: 0.2 });
    const head = { x: 0.5, z: 0.4, yaw: -0.1 };
    const before = headInWorld(v, head);
    turnAboutHead(v, head, (-30 * Math.PI) / 180);
    const after = headInWorld(v, head);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.z).toBeCloseTo(before.z, 9);
    expect(after.yaw - before.yaw).toBeCloseTo((-30 * Math.PI) / 180, 9);
  });

  it('fires a controller button once per press, not every frame it is held', () => {
    const held = new Set<string>();
    const out: string[] = [];
    expect(pressedSince(held, new Set(['a-button']), out)).toEqual(['a-button']);
    expect(pressedSince(held, new Set(['a-button']), out)).toEqual([]);
    expect(pressedSince(held, new Set(), out)).toEqual([]);
    expect(pressedSince(held, new Set(['a-button', 'b-button']), out)).toEqual(['a-button', 'b-button']);
    expect(XR_BUTTON_INTENTS.right['a-button']).toBe('next');
    // Y opens the wrist menu (src/input/xrBindings.ts XR_MENU_BUTTONS), it no longer steps back.
    expect(XR_BUTTON_INTENTS.left['y-button']).toBeUndefined();
    expect(XR_MENU_BUTTONS).toContain('y-button');
  });

  it('asks for 90 Hz where offered, else the fastest rate up to 90', () => {
    expect(pickFrameRate([72, 80, 90, 120])).toBe(90);
    expect(pickFrameRate([72])).toBe(72);
    expect(pickFrameRate([])).toBe(false);
  });
});

const widestLine = (b: { text: string; fontSize: number; face: keyof typeof metrics }): number =>
  Math.max(...b.text.split('\n').map((l) => measure(l, b.fontSize, metrics[b.face])));
const flat = (b: { text: string; lang: string }): string => b.text.replace(/\n/g, b.lang === 'en' ? ' ' : '');

function fitsInside(m: MenuLayout): void {
  for (const b of m.blocks) {
    expect(widestLine(b), b.key).toBeLessThanOrEqual(b.maxWidth + 1e-9);
    const left = b.align === 'center' ? b.x - widestLine(b) / 2 : b.x;
    expect(left, b.key).toBeGreaterThanOrEqual(-m.width / 2);
    expect(b.y, b.key).toBeLessThanOrEqual(m.centreY + m.height / 2 + 1e-9);
    expect(b.y - b.lines * b.fontSize, b.key).toBeGreaterThanOrEqual(m.centreY - m.height / 2 - 1e-9);
  }
  for (const b of m.buttons) expect(Math.abs(b.y - m.centreY) + b.height / 2).toBeLessThanOrEqual(m.height / 2 + 1e-9);
  // Buttons never overlap: a press lands on one button only.
  for (const a of m.buttons)
    for (const b of m.buttons) {
      if (a === b) continue;
      const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 - 1e-9 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2 - 1e-9;
      expect(apart, `${a.action} / ${b.action}`).toBe(true);
    }
  // Every label lies on its button.
  for (const b of m.blocks) {
    const button = m.buttons.find(
      (x) => Math.abs(x.x - b.x) < 1e-9 && b.y <= x.y + x.height / 2 + 1e-9 && b.y >= x.y - x.height / 2 - 1e-9,
    );
    expect(button, b.key).toBeDefined();
  }
}

const eras = exhibit.content.milestones.map((m) => `era:${m.id}`);

describe('the wrist menu', () => {
  it.each(LANGUAGES)(
    'has the era strip, then language, previous / next, seated, stick walking, exit; every label fits (%s)',
    (language) => {
      const m = wristMenuLayout(exhibit, language, metrics);
      expect(m.buttons.map((b) => b.action)).toEqual([
        ...eras,
        'finale',
        'lang-zh',
        'lang-en',
        'lang-both',
        'previous',
        'next',
        'seated',
        'smooth',
        'exit',
      ]);
      expect(m.width).toBe(WRIST_MENU_WIDTH_M);
      fitsInside(m);
    },
  );

  it('a long timeline shows a window of eras around the visitor on the strip, never a button per milestone', () => {
    expect(stripWindow(5, 2, WRIST_STRIP_MAX_ERAS)).toEqual([0, 5]);
    expect(stripWindow(200, -1, 6)).toEqual([0, 6]);
    expect(stripWindow(200, 100, 6)).toEqual([98, 104]);
    expect(stripWindow(200, 199, 6)).toEqual([194, 200]);
    const m0 = exhibit.content.milestones[0]!;
    const long = {
      ...exhibit,
      content: { ...exhibit.content, milestones: Array.from({ length: 200 }, (_, i) => ({ ...m0, id: `m${i}` })) },
    };
    const at = wristMenuLayout(long, 'en', metrics, { focusedId: 'm150' });
    const eras = at.buttons.filter((b) => b.action.startsWith('era:'));
    expect(eras.map((b) => b.action)).toEqual(['era:m148', 'era:m149', 'era:m150', 'era:m151', 'era:m152', 'era:m153']);
    expect(at.buttons.filter((b) => b.active).map((b) => b.action)).toContain('era:m150');
    expect(at.buttons.length).toBeLessThanOrEqual(wristMenuLayout(exhibit, 'en', metrics).buttons.length + 1);
    fitsInside(at);
  });

  it('shows every era on the strip by its years, then the finale, and marks where the visitor is', () => {
    const strip = vrStripEntries(exhibit);
    expect(strip.map((e) => e.id)).toEqual([...exhibit.content.milestones.map((m) => m.id), null]);
    const at = wristMenuLayout(exhibit, 'en', metrics, { focusedId: '2023-2024' });
    expect(at.buttons.filter((b) => b.active).map((b) => b.action)).toEqual(['era:2023-2024', 'lang-en']);
    expect(at.blocks.map(flat)).toContain('2023–');
    expect(at.blocks.map(flat)).toContain('2024');
    // Years never break inside a number.
    for (const b of at.blocks.filter((x) => x.key.startsWith('menu.era.'))) expect(b.lines, b.key).toBe(1);
    expect(at.blocks.map(flat)).toContain('Finale');
    expect(
      wristMenuLayout(exhibit, 'zh', metrics, { focusedId: 'finale' })
        .buttons.filter((b) => b.active)
        .map((b) => b.action),
    ).toEqual(['finale', 'lang-zh']);
    // The strip runs left to right in time, in one row.
    const xs = at.buttons.filter((b) => b.action.startsWith('era:') || b.action === 'finale').map((b) => b.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(new Set(at.buttons.slice(0, xs.length).map((b) => b.y)).size).toBe(1);
  });

  it('marks seated and stick walking when on', () => {
    const m = wristMenuLayout(exhibit, 'both', metrics, { seated: true, smoothWalk: true });
    expect(m.buttons.filter((b) => b.active).map((b) => b.action)).toEqual(['lang-both', 'seated', 'smooth']);
  });

  it('keeps menu text legible on the wrist (over 1.4° tall at 0.45 m) and its colours at 4.5:1 or more', () => {
    const m = wristMenuLayout(exhibit, 'both', metrics, { canTour: true });
    for (const b of m.blocks) expect(angularSizeDeg(b.fontSize, 0.45), b.key).toBeGreaterThan(1.4);
    expect(contrast(THEME.text, THEME.panel)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(THEME.text, THEME.focus)).toBeGreaterThanOrEqual(4.5);
  });

  it('offers the guided tour, and during a tour pause / end and stop-wise previous / next, buttons staying put', () => {
    const tour = tours[0]!;
    const idle = wristMenuLayout(exhibit, 'en', metrics, { canTour: true });
    expect(idle.buttons.map((b) => b.action)).toContain('tour-start');
    expect(idle.buttons.map((b) => b.action)).toContain('caption-size');
    const playing = (i: number, captionSize: (typeof CAPTION_SIZES)[number] = 'medium') =>
      wristMenuLayout(exhibit, 'both', metrics, {
        canTour: true,
        captionSize,
        tour: { status: 'playing', stopIndex: i, stopCount: tour.stops.length, caption: tour.stops[i]!.caption, led: false },
      });
    const texts = playing(1).blocks.map(flat);
    expect(texts).toContain('Pause');
    expect(texts).toContain('Next stop');
    expect(texts).toContain('Caption size: Medium');
    const at = (m: MenuLayout) => Object.fromEntries(m.buttons.map((b) => [b.action, [b.x, b.y].map((v) => Math.round(v * 1e6))]));
    const base = at(playing(0));
    for (const [i] of tour.stops.entries()) for (const size of CAPTION_SIZES) expect(at(playing(i, size))).toEqual(base);
    fitsInside(playing(0, 'large'));
    const paused = wristMenuLayout(exhibit, 'zh', metrics, {
      tour: { status: 'paused', stopIndex: 0, stopCount: 7, caption: null, led: true },
    });
    expect(paused.blocks.map(flat)).toContain('继续');
    expect(wristMenuLayout(exhibit, 'en', metrics).buttons.map((b) => b.action)).not.toContain('tour-start');
  });
});

describe('when the wrist menu shows', () => {
  const head = { x: 0, y: 1.6, z: 0 };
  const ahead = { x: 0, y: 0, z: -1 };
  const down = { x: 0, y: -Math.SQRT1_2, z: -Math.SQRT1_2 };
  const palm = { x: -0.05, y: 1.3, z: -0.3 };
  const towardsHead = (() => {
    const d = Math.hypot(head.x - palm.x, head.y - palm.y, head.z - palm.z);
    return { x: (head.x - palm.x) / d, y: (head.y - palm.y) / d, z: (head.z - palm.z) / d };
  })();

  it('opens when the visitor looks at the left palm turned towards them, and only then', () => {
    const s = createWristMenuState();
    expect(updateWristMenu(s, palm, { x: 1, y: 0, z: 0 }, head, down)).toBe(false); // palm sideways
    expect(updateWristMenu(s, palm, towardsHead, head, { x: 0, y: 1, z: 0 })).toBe(false); // looking up, away from it
    expect(updateWristMenu(s, { x: -0.05, y: 0.5, z: -0.3 }, towardsHead, head, down)).toBe(false); // hand out of reach
    expect(updateWristMenu(s, palm, towardsHead, head, down)).toBe(true);
    expect(updateWristMenu(s, null, null, head, down)).toBe(false); // the hand is lost
  });

  it('does not flicker at the edge: it closes only well past where it opened', () => {
    const s = createWristMenuState();
    expect(updateWristMenu(s, palm, towardsHead, head, down)).toBe(true);
    // Straight ahead, the palm is about 45° below the view's centre: still open (opened within 40°, closes past 55°).
    expect(updateWristMenu(s, palm, towardsHead, head, ahead)).toBe(true);
    const fresh = createWristMenuState();
    expect(updateWristMenu(fresh, palm, towardsHead, head, ahead)).toBe(false);
  });

  it('stays open while pinned by the menu button, whatever the hand does', () => {
    const s = createWristMenuState();
    s.pinned = true;
    expect(updateWristMenu(s, palm, { x: 1, y: 0, z: 0 }, head, ahead)).toBe(true);
    expect(updateWristMenu(s, null, null, head, ahead)).toBe(true);
  });
});

describe('the caption board', () => {
  const corridor = corridorLayout(exhibit, 'both', metrics);
  const board = (focusedId: string | null, b: BoardLayout) => captionBoardPose(corridor, focusedId, b.height);

  it('is not there when there is nothing to say', () => {
    expect(captionBoardLayout(exhibit, 'both', [], metrics, 2.6)).toBeNull();
  });

  it('says the hints, the tour stop and caption and the countdown in each shown language, each fitting its column', () => {
    const tour = tours[0]!;
    for (const language of LANGUAGES) {
      for (const [i, stop] of tour.stops.entries()) {
        const b = captionBoardLayout(exhibit, language, HINT_KEYS, metrics, 2.6, {
          countdown: 3,
          captionSize: 'large',
          tour: { status: 'playing', stopIndex: i, stopCount: tour.stops.length, caption: stop.caption, led: true },
        })!;
        for (const t of b.blocks) {
          expect(widestLine(t), t.key).toBeLessThanOrEqual(t.maxWidth + 1e-9);
          expect(t.x, t.key).toBeGreaterThanOrEqual(-b.width / 2);
          expect(t.x + t.maxWidth, t.key).toBeLessThanOrEqual(b.width / 2 + 1e-9);
          expect(t.y - t.lines * t.fontSize * 1.42, t.key).toBeGreaterThanOrEqual(-b.height - 1e-9);
        }
        const texts = b.blocks.map(flat);
        if (language !== 'zh') expect(texts).toContain(stop.caption.en!.replace(/\s+/g, ' ').trim());
        if (language !== 'en') expect(texts).toContain(`站 ${i + 1} / ${tour.stops.length} · ${exhibit.exhibit.ui.tourLed.zh}`);
        expect(
          texts.some((t) =>
            t.includes(`${language === 'zh' ? exhibit.exhibit.ui.guideCountdown.zh : exhibit.exhibit.ui.guideCountdown.en} 3`),
          ),
        ).toBe(true);
      }
    }
  });

  it.each(CAPTION_SIZES)('keeps %s captions and hints legible from the standing spot (≥ 0.8°) at 4.5:1 or more', (captionSize) => {
    const tour = tours[0]!;
    for (const slot of corridor.slots) {
      const b = captionBoardLayout(exhibit, 'both', HINT_KEYS, metrics, captionBoardWidth(corridor, slot.id), {
        captionSize,
        tour: { status: 'playing', stopIndex: 0, stopCount: 1, caption: tour.stops[0]!.caption, led: false },
      })!;
      const pose = board(slot.id, b);
      const [sx, sy, sz] = slot.standing.position;
      // The farthest text is at the board's far top corner (the board's top edge leans towards the visitor): every
      // block is nearer than its top centre's distance combined with half the board's width.
      const far = Math.hypot(pose.position[0] - sx, pose.position[1] - sy, pose.position[2] - sz, b.width / 2);
      for (const t of b.blocks) expect(angularSizeDeg(t.fontSize, far), t.key).toBeGreaterThanOrEqual(0.8);
    }
    expect(contrast(THEME.textOnDark, THEME.background)).toBeGreaterThanOrEqual(4.5);
  });

  it('hangs above the focused panel, under the ceiling, its face turned down to the standing spot', () => {
    const tour = tours[0]!;
    for (const slot of corridor.slots) {
      for (const hints of [HINT_KEYS, []]) {
        const b = captionBoardLayout(exhibit, 'both', hints, metrics, slot.width, {
          countdown: 2,
          captionSize: 'large',
          tour: { status: 'playing', stopIndex: 0, stopCount: 1, caption: tour.stops[0]!.caption, led: false },
        })!;
        const pose = board(slot.id, b);
        const top = slot.position[1] + slot.height / 2;
        expect(pose.yaw).toBe(slot.yaw);
        expect(pose.width).toBe(slot.width);
        // Its lower edge above the panel's top, its top under the ceiling.
        const lower = pose.position[1] - b.height * Math.cos(pose.tilt);
        expect(lower).toBeGreaterThan(top);
        expect(pose.position[1]).toBeLessThanOrEqual(corridor.heightM + 1e-9);
        expect(pose.tilt).toBeGreaterThan(0);
        // Seen from the standing spot, the whole board is above the panel's top edge.
        const [sx, sy, sz] = slot.standing.position;
        const dist = (p: readonly number[]) => Math.hypot(p[0]! - sx, p[2]! - sz);
        const elevation = (y: number, d: number) => Math.atan2(y - sy, d);
        const panelTop = elevation(top, dist(slot.position));
        expect(elevation(lower, dist(slot.position))).toBeGreaterThan(panelTop);
        expect(elevation(pose.position[1], dist(pose.position))).toBeGreaterThan(panelTop);
      }
    }
  });

  it('stands ahead of the start, below the line of sight, when no panel is focused', () => {
    const b = captionBoardLayout(exhibit, 'both', HINT_KEYS, metrics, captionBoardWidth(corridor, null))!;
    const pose = board(null, b);
    expect(pose.position[1]).toBeLessThan(corridor.start.position[1]);
    expect(pose.position[2]).toBeLessThan(corridor.start.position[2]);
    expect(pose.tilt).toBeLessThan(0);
    expect(b.blocks.map(flat)).toContain(exhibit.exhibit.ui.hintMenu.en);
  });

  it('at the finale stands ahead of its standing spot, below the closing sign in the view', () => {
    const b = captionBoardLayout(exhibit, 'both', HINT_KEYS, metrics, captionBoardWidth(corridor, 'finale'))!;
    const pose = board('finale', b);
    const [sx, sy, sz] = corridor.finaleStanding.position;
    // Between the visitor and the closing wall, in front of the visitor.
    expect(pose.position[2]).toBeLessThan(sz);
    expect(pose.position[2]).toBeGreaterThan(corridor.closing.position[2]);
    // Its top edge (the highest point of a board leaning back) is seen lower than the closing sign's lower edge.
    const elevation = (y: number, z: number) => Math.atan2(y - sy, sz - z);
    const signBottom = corridor.closing.position[1] - corridor.closing.height / 2;
    expect(elevation(pose.position[1], pose.position[2])).toBeLessThan(elevation(signBottom, corridor.closing.position[2]));
    // Legible from there.
    const far = Math.hypot(pose.position[0] - sx, pose.position[1] - sy, pose.position[2] - sz, b.width / 2);
    for (const t of b.blocks) expect(angularSizeDeg(t.fontSize, far), t.key).toBeGreaterThanOrEqual(0.8);
  });
});

describe('warming the offline copy with a headset’s XR files', () => {
  it('re-asks only for files under the XR profiles base, once each', () => {
    const base = 'https://exhibit.example/iamm/xr-profiles/';
    const asked = [
      `${base}profilesList.json`,
      `${base}meta-quest-touch-plus/profile.json`,
      `${base}meta-quest-touch-plus/left.glb`,
      `${base}meta-quest-touch-plus/left.glb`,
      'https://exhibit.example/iamm/assets/index-abc.js',
      'https://exhibit.example/xr-profiles/profilesList.json',
      'https://cdn.example/iamm/xr-profiles/profilesList.json',
      base,
    ];
    expect(xrAssetUrls(asked, base)).toEqual([
      `${base}profilesList.json`,
      `${base}meta-quest-touch-plus/profile.json`,
      `${base}meta-quest-touch-plus/left.glb`,
    ]);
  });
});
