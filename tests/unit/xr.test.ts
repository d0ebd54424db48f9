import { exhibit, metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { pressedSince, XR_BUTTON_INTENTS } from '../../src/input/xrBindings.ts';
import { CAPTION_SIZES, HINT_KEYS, MENU_WIDTH_M, vrMenuLayout, type MenuLayout } from '../../src/layout/menu.ts';
import { tours } from 'virtual:exhibit';
import { LANGUAGES } from '../../src/content/schema.ts';
import { measure } from '../../src/text/metrics.ts';
import { angularSizeDeg } from '../../src/layout/corridor.ts';
import { headInWorld, placeHead, turnAboutHead, viewpointAt } from '../../src/features/locomotion/motion.ts';
import { pickFrameRate } from '../../src/app/xr.ts';

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
    expect(XR_BUTTON_INTENTS.left['y-button']).toBe('previous');
  });

  it('asks for 90 Hz where offered, else the fastest rate up to 90', () => {
    expect(pickFrameRate([72, 80, 90, 120])).toBe(90);
    expect(pickFrameRate([72])).toBe(72);
    expect(pickFrameRate([])).toBe(false);
  });
});

describe('the in-VR menu', () => {
  it.each(LANGUAGES)('fits every label inside its button and the menu (%s)', (language) => {
    const m = vrMenuLayout(exhibit, language, HINT_KEYS, metrics);
    expect(m.buttons.map((b) => b.action)).toEqual(['lang-zh', 'lang-en', 'lang-both', 'previous', 'next', 'seated', 'smooth', 'exit']);
    for (const b of m.blocks) {
      const widest = Math.max(...b.text.split('\n').map((l) => measure(l, b.fontSize, metrics[b.face])));
      expect(widest, b.key).toBeLessThanOrEqual(b.maxWidth + 1e-9);
      const left = b.align === 'center' ? b.x - widest / 2 : b.x;
      expect(left, b.key).toBeGreaterThanOrEqual(-MENU_WIDTH_M / 2);
      expect(b.y, b.key).toBeLessThanOrEqual(m.centreY + m.height / 2 + 1e-9);
    }
    for (const b of m.buttons) expect(Math.abs(b.y - m.centreY) + b.height / 2).toBeLessThanOrEqual(m.height / 2 + 1e-9);
  });

  it('drops the hints the visitor has acted on', () => {
    const all = vrMenuLayout(exhibit, 'both', HINT_KEYS, metrics);
    const none = vrMenuLayout(exhibit, 'both', [], metrics);
    expect(all.blocks.filter((b) => b.key.includes('hint'))).toHaveLength(6);
    expect(none.blocks.filter((b) => b.key.includes('hint'))).toHaveLength(0);
    expect(none.height).toBeLessThan(all.height);
  });

  it('keeps menu text legible at arm’s length (over 1° tall at 0.6 m)', () => {
    const m = vrMenuLayout(exhibit, 'both', HINT_KEYS, metrics);
    for (const b of m.blocks) expect(angularSizeDeg(b.fontSize, 0.6), b.key).toBeGreaterThan(1);
  });

  const fitsInside = (m: MenuLayout): void => {
    for (const b of m.blocks) {
      const widest = Math.max(...b.text.split('\n').map((l) => measure(l, b.fontSize, metrics[b.face])));
      expect(widest, b.key).toBeLessThanOrEqual(b.maxWidth + 1e-9);
      expect(b.y, b.key).toBeLessThanOrEqual(m.centreY + m.height / 2 + 1e-9);
      expect(b.y - b.lines * b.fontSize, b.key).toBeGreaterThanOrEqual(m.centreY - m.height / 2 - 1e-9);
    }
    for (const b of m.buttons) expect(Math.abs(b.y - m.centreY) + b.height / 2).toBeLessThanOrEqual(m.height / 2 + 1e-9);
  };

  it('keeps every button where it is while the caption, countdown and hints above it change', () => {
    const t = tours[0]!;
    // To a micrometre (the sums differ in the last bits).
    const at = (m: MenuLayout) => Object.fromEntries(m.buttons.map((b) => [b.action, [b.x, b.y].map((v) => Math.round(v * 1e6))]));
    const base = at(
      vrMenuLayout(exhibit, 'both', [], metrics, {
        canTour: true,
        tour: { status: 'playing', stopIndex: 0, stopCount: 7, caption: t.stops[0]!.caption, led: false },
      }),
    );
    for (const [i, stop] of t.stops.entries()) {
      const m = vrMenuLayout(exhibit, 'both', HINT_KEYS, metrics, {
        canTour: true,
        countdown: 2,
        captionSize: 'large',
        tour: { status: 'playing', stopIndex: i, stopCount: 7, caption: stop.caption, led: true },
      });
      expect(at(m)).toEqual(base);
    }
  });

  it('offers the guided tour, and during a tour: its stop, caption, pause / end and stop-wise previous / next', () => {
    const tour = tours[0]!;
    const idle = vrMenuLayout(exhibit, 'en', [], metrics, { canTour: true });
    expect(idle.buttons.map((b) => b.action)).toEqual([
      'lang-zh',
      'lang-en',
      'lang-both',
      'previous',
      'next',
      'tour-start',
      'caption-size',
      'seated',
      'smooth',
      'exit',
    ]);
    const stop = tour.stops[1]!;
    const playing = vrMenuLayout(exhibit, 'en', [], metrics, {
      canTour: true,
      tour: { status: 'playing', stopIndex: 1, stopCount: tour.stops.length, caption: stop.caption, led: false },
    });
    expect(playing.buttons.map((b) => b.action)).toContain('tour-toggle');
    expect(playing.buttons.map((b) => b.action)).toContain('tour-stop');
    const texts = playing.blocks.map((b) => b.text.replace(/\n/g, b.lang === 'en' ? ' ' : ''));
    expect(texts).toContain(`Stop 2 / ${tour.stops.length}`);
    expect(texts).toContain(stop.caption.en!.replace(/\s+/g, ' ').trim());
    expect(texts).toContain('Pause');
    expect(texts).toContain('Next stop');
    const paused = vrMenuLayout(exhibit, 'zh', [], metrics, {
      tour: { status: 'paused', stopIndex: 0, stopCount: 7, caption: null, led: true },
    });
    const zh = paused.blocks.map((b) => b.text.replace(/\n/g, ''));
    expect(zh).toContain('继续');
    expect(zh).toContain(`站 1 / 7 · ${exhibit.exhibit.ui.tourLed.zh}`);
    // No tours and no tour running: no tour row.
    expect(vrMenuLayout(exhibit, 'en', [], metrics).buttons.map((b) => b.action)).not.toContain('tour-start');
  });

  it.each(CAPTION_SIZES)('fits a %s caption of every tour stop in both languages, and larger sizes are larger', (captionSize) => {
    for (const tour of tours) {
      for (const [i, stop] of tour.stops.entries()) {
        const m = vrMenuLayout(exhibit, 'both', HINT_KEYS, metrics, {
          canTour: true,
          countdown: 3,
          captionSize,
          tour: { status: 'playing', stopIndex: i, stopCount: tour.stops.length, caption: stop.caption, led: true },
        });
        fitsInside(m);
        const caption = m.blocks.filter((b) => b.key.startsWith('menu.caption.'));
        expect(caption.map((b) => b.lang)).toEqual(['zh-Hans', 'en']);
        for (const b of caption) expect(angularSizeDeg(b.fontSize, 0.6), b.key).toBeGreaterThan(1.5);
      }
    }
    const size = (s: (typeof CAPTION_SIZES)[number]): number =>
      vrMenuLayout(exhibit, 'en', [], metrics, {
        captionSize: s,
        tour: { status: 'playing', stopIndex: 0, stopCount: 1, caption: tours[0]!.stops[0]!.caption, led: false },
      }).blocks.find((b) => b.key === 'menu.caption.en')!.fontSize;
    expect(size('small')).toBeLessThan(size('medium'));
    expect(size('medium')).toBeLessThan(size('large'));
  });

  it('shows a live guide’s countdown at the top, in the chosen languages', () => {
    const m = vrMenuLayout(exhibit, 'both', [], metrics, { countdown: 2 });
    const top = m.blocks.slice(0, 2).map((b) => b.text.replace(/\n/g, ''));
    expect(top).toEqual([`${exhibit.exhibit.ui.guideCountdown.zh} 2…`, `${exhibit.exhibit.ui.guideCountdown.en} 2…`]);
  });
});
