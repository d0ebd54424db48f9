// The kiosk setting that shows a booth headset's view on the room's booth screens without the visitor doing anything:
// `?kiosk=1&share=<room>`, read by the one URL parser (src/app/params.ts).
import { describe, expect, it } from 'vitest';
import { kioskRoom, readGuideRooms, readParams } from '../../src/app/params.ts';

const booth = (search: string) => kioskRoom(readParams(search).kiosk, readGuideRooms(search));

describe('?kiosk=1&share=<room>', () => {
  it('makes the kiosk report to that room and share its view there', () => {
    expect(readGuideRooms('?kiosk=1&share=booth-a').share).toBe('booth-a');
    expect(booth('?kiosk=1&share=booth-a')).toEqual({ room: 'booth-a', share: true });
    expect(readParams('?kiosk=1&share=booth-a').notices).toEqual([]);
  });

  it('a kiosk with room= only reports its status and shares nothing', () => {
    expect(booth('?kiosk=1&room=booth-a')).toEqual({ room: 'booth-a', share: false });
    expect(booth('?kiosk=1')).toEqual({ room: null, share: false });
  });

  it('share= wins over a different room=, and says so', () => {
    expect(booth('?kiosk=1&room=hall-b&share=booth-a')).toEqual({ room: 'booth-a', share: true });
    expect(readParams('?kiosk=1&room=hall-b&share=booth-a').notices).toEqual([expect.stringContaining('different rooms')]);
    expect(readParams('?kiosk=1&room=booth-a&share=booth-a').notices).toEqual([]);
  });

  it('is ignored, with a notice, on a page that is not a kiosk: a visitor never shares without choosing to', () => {
    expect(booth('?share=booth-a')).toEqual({ room: null, share: false });
    expect(booth('?follow=booth-a&share=booth-a')).toEqual({ room: null, share: false });
    expect(readParams('?share=booth-a').notices).toEqual([expect.stringContaining('share= only applies with kiosk=1')]);
  });

  it('a malformed room is refused with a notice and shares nothing', () => {
    expect(booth('?kiosk=1&share=bad%20room!')).toEqual({ room: null, share: false });
    expect(readParams('?kiosk=1&share=bad%20room!').notices).toEqual([expect.stringContaining('Unknown guide room')]);
  });
});
