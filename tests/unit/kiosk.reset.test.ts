import { describe, expect, it } from 'vitest';
import { createExhibitStore } from '../../src/state/store.ts';
import { staysInDocument } from '../../src/features/kiosk/lockdown.ts';
import { controllersActive } from '../../src/features/kiosk/useKioskInput.ts';

describe('kiosk reset', () => {
  it('goes back to the start language and the first milestone, with a cut, stops the tour and clears notices', () => {
    const store = createExhibitStore({ ids: ['2020-2021', '2022'], language: 'both', view: '2d', focusedId: null, notices: ['x'] });
    const s = store.getState();
    s.setLanguage('en');
    s.focus('2022', 'step');
    s.setTourStill(true);
    const seq = store.getState().focusSeq;
    store.getState().resetToStart('both');
    const after = store.getState();
    expect(after).toMatchObject({ language: 'both', focusedId: '2020-2021', focusCause: 'reset', notices: [], tourStill: false });
    expect(after.focusSeq).toBe(seq + 1);
    expect(after.tourRequest).toMatchObject({ action: 'stop' });
  });
});

describe('kiosk lockdown', () => {
  const here = 'http://localhost:8080/?kiosk=1#2022';
  it('lets #milestone links through and nothing that leaves the document', () => {
    expect(staysInDocument('#2023-2024', here)).toBe(true);
    expect(staysInDocument('/?kiosk=1#2020-2021', here)).toBe(true);
    expect(staysInDocument('https://example.com/', here)).toBe(false);
    expect(staysInDocument('//example.com/', here)).toBe(false);
    expect(staysInDocument('/?operator', here)).toBe(false);
    expect(staysInDocument('other.html', here)).toBe(false);
    expect(staysInDocument('javascript:alert(1)', here)).toBe(false);
    expect(staysInDocument('mailto:someone@example.com', here)).toBe(false);
  });
});

describe('kiosk input in VR', () => {
  const pad = (axes: number[], pressed = false) => ({ gamepad: { axes, buttons: [{ pressed }] } as unknown as Gamepad });
  it('a pushed thumbstick or a pressed button counts as input; resting sticks do not', () => {
    expect(controllersActive([pad([0, 0, 0.02, -0.03])])).toBe(false);
    expect(controllersActive([pad([0, 0, 0.8, 0])])).toBe(true);
    expect(controllersActive([pad([0, 0, 0, 0], true)])).toBe(true);
    expect(controllersActive([{ gamepad: null }])).toBe(false);
  });
});
