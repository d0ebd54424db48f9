import { describe, expect, it } from 'vitest';
import { MIN_IDLE_OVERRIDE_S, effectiveIdleSeconds, readParams } from '../../src/app/params.ts';
import { resolveHash, stepId } from '../../src/state/navigation.ts';
import { createExhibitStore } from '../../src/state/store.ts';

const eras = [
  { id: '2020-2021', start: 2020, end: 2021 },
  { id: '2022', start: 2022, end: 2022 },
  { id: '2023-2024', start: 2023, end: 2024 },
  { id: '2025', start: 2025, end: 2025 },
  { id: '2026-onward', start: 2026, end: null },
];
const ids = eras.map((e) => e.id);

describe('moving between milestones', () => {
  it('steps forward and back and stops at the ends', () => {
    expect(stepId(ids, null, 1)).toBe('2020-2021');
    expect(stepId(ids, null, -1)).toBeNull();
    expect(stepId(ids, '2022', 1)).toBe('2023-2024');
    expect(stepId(ids, '2022', -1)).toBe('2020-2021');
    expect(stepId(ids, '2026-onward', 1)).toBe('2026-onward');
    expect(stepId(ids, '2020-2021', -1)).toBe('2020-2021');
  });

  it('the store moves focus with N / P / Home / End and counts explicit requests', () => {
    const store = createExhibitStore({ ids, language: 'both', view: '3d', focusedId: null });
    const s = () => store.getState();
    s().step(1);
    expect(s().focusedId).toBe('2020-2021');
    s().step(1);
    s().step(1);
    expect(s().focusedId).toBe('2023-2024');
    s().last();
    expect(s().focusedId).toBe('2026-onward');
    s().first();
    expect(s().focusedId).toBe('2020-2021');
    const seq = s().focusSeq;
    s().focus('2022', 'walk');
    expect(s().focusedId).toBe('2022');
    expect(s().focusSeq).toBe(seq);
  });
});

describe('the finale', () => {
  it('N after the last milestone goes to the finale, P comes back; End goes to the finale; Home to the first', () => {
    const store = createExhibitStore({ ids, finaleId: 'finale', language: 'both', view: '3d', focusedId: '2026-onward' });
    const s = () => store.getState();
    s().intent('next');
    expect(s().focusedId).toBe('finale');
    s().intent('next');
    expect(s().focusedId).toBe('finale');
    s().intent('previous');
    expect(s().focusedId).toBe('2026-onward');
    s().intent('first');
    expect(s().focusedId).toBe('2020-2021');
    s().intent('last');
    expect(s().focusedId).toBe('finale');
  });

  it('#finale opens the finale; without a finale it is no milestone', () => {
    expect(resolveHash('#finale', eras, 'finale')).toBe('finale');
    expect(resolveHash('#finale', eras)).toBeNull();
    expect(resolveHash('#2023', eras, 'finale')).toBe('2023-2024');
  });
});

describe('during a guided tour', () => {
  it('next / previous move between the tour’s stops, not between milestones', () => {
    const store = createExhibitStore({ ids, language: 'both', view: '3d', focusedId: '2022' });
    const s = () => store.getState();
    s().setTour({ id: 'highlights', status: 'playing', stopIndex: 2, stopCount: 7, caption: null, led: false });
    s().intent('next');
    expect(s().tourRequest).toMatchObject({ action: 'next' });
    expect(s().focusedId).toBe('2022');
    s().intent('previous');
    expect(s().tourRequest).toMatchObject({ action: 'previous' });
    s().setTour(null);
    s().intent('next');
    expect(s().focusedId).toBe('2023-2024');
  });

  it('re-renders only when what the tour shows changes', () => {
    const store = createExhibitStore({ ids, language: 'both', view: '3d', focusedId: null });
    const caption = { zh: '中', en: 'en' };
    let renders = 0;
    store.subscribe(() => renders++);
    store.getState().setTour({ id: 't', status: 'playing', stopIndex: 0, stopCount: 2, caption, led: false });
    store.getState().setTour({ id: 't', status: 'playing', stopIndex: 0, stopCount: 2, caption, led: false });
    store.getState().setTour({ id: 't', status: 'paused', stopIndex: 0, stopCount: 2, caption, led: false });
    expect(renders).toBe(2);
  });
});

describe('deep links', () => {
  it.each([
    ['#2022', '2022'],
    ['#2023', '2023-2024'],
    ['#2024', '2023-2024'],
    ['#2023-2024', '2023-2024'],
    ['#2020', '2020-2021'],
    ['#2026-onward', '2026-onward'],
    ['#2031', '2026-onward'],
    ['#2019', null],
    ['#99999', null],
    ['#../../etc', null],
    ['#%E0%A4%A', null],
    [`#${'2'.repeat(5000)}`, null],
    ['', null],
  ])('%s opens %s', (hash, id) => {
    expect(resolveHash(hash, eras)).toBe(id);
  });
});

describe('URL parameters', () => {
  it('reads a valid language and view', () => {
    expect(readParams('?lang=zh&view=2d')).toEqual({
      language: 'zh',
      view: '2d',
      tour: null,
      kiosk: false,
      idleSeconds: null,
      operator: false,
      notices: [],
    });
  });
  it('ignores bad values with a notice instead of throwing', () => {
    const p = readParams(`?lang=xx&view=${'v'.repeat(10000)}`);
    expect(p.language).toBeNull();
    expect(p.view).toBeNull();
    expect(p.notices).toHaveLength(2);
    expect(p.notices[0]).toContain('"xx"');
    expect(p.notices[1]!.length).toBeLessThan(100);
  });
});

describe('kiosk parameters', () => {
  it('?kiosk=1 turns kiosk mode on; ?kiosk=0 leaves it off; anything else is a notice', () => {
    expect(readParams('?kiosk=1').kiosk).toBe(true);
    expect(readParams('?kiosk=0')).toMatchObject({ kiosk: false, notices: [] });
    expect(readParams('?kiosk=yes-please')).toMatchObject({ kiosk: false, notices: [expect.stringContaining('kiosk=1')] });
    expect(readParams('?lang=en').kiosk).toBe(false);
  });

  it('?idle= applies only with kiosk mode and only shortens the configured idle time, down to 5 s', () => {
    expect(readParams('?kiosk=1&idle=8').idleSeconds).toBe(8);
    expect(readParams('?idle=8')).toMatchObject({ idleSeconds: null, notices: [expect.stringContaining('kiosk=1')] });
    expect(readParams('?kiosk=1&idle=-3')).toMatchObject({ idleSeconds: null, notices: [expect.stringContaining('-3')] });
    expect(readParams('?kiosk=1&idle=1e9').idleSeconds).toBeNull();
    expect(effectiveIdleSeconds(90, null)).toBe(90);
    expect(effectiveIdleSeconds(90, 8)).toBe(8);
    expect(effectiveIdleSeconds(90, 1)).toBe(MIN_IDLE_OVERRIDE_S);
    expect(effectiveIdleSeconds(90, 5000)).toBe(90);
  });

  it('?operator asks for the operator page', () => {
    expect(readParams('?operator').operator).toBe(true);
    expect(readParams('?kiosk=1').operator).toBe(false);
  });
});
