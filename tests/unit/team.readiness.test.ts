// The event team's page, pure parts: flags per device, the offline copy's manifest as sw.js inlines it, the URL parameters.
import { describe, expect, it } from 'vitest';
import { readGuideRooms, readParams } from '../../src/app/params.ts';
import { parsePrecacheManifest, precacheKey } from '../../src/app/offlineCopy.ts';
import type { DeviceEntry } from '../../src/features/guide/protocol.ts';
import { deviceFlags, megabytes, secondsAgo } from '../../src/features/team/readiness.ts';

const V1 = '0.1.0+20250601T080000Z.ab12';
const V2 = '0.1.0+20250601T090000Z.cd34';
const entry = (over: Partial<DeviceEntry> = {}, status: Partial<NonNullable<DeviceEntry['status']>> = {}): DeviceEntry => ({
  deviceId: 'kiosk-0001',
  role: 'device',
  connected: true,
  lastSeen: 0,
  status: {
    version: V1,
    offline: { complete: true, bytes: 2_000_000, cached: 28, expected: 28 },
    language: 'en',
    view: 'vr',
    kiosk: true,
    following: null,
    ...status,
  },
  ...over,
});

describe('team readiness', () => {
  it('flags an old version, an incomplete offline copy, a silent or departed device; a ready one has none', () => {
    expect(deviceFlags(entry(), V1)).toEqual([]);
    expect(deviceFlags(entry(), V2)).toEqual(['old-version']);
    expect(deviceFlags(entry({}, { offline: { complete: false, bytes: 0, cached: 3, expected: 28 } }), V1)).toEqual(['offline-incomplete']);
    expect(deviceFlags(entry({ status: null }), V1)).toEqual(['no-status']);
    expect(deviceFlags(entry({ connected: false }), V2)).toEqual(['disconnected', 'old-version']);
    // The server cannot read its version: nobody is flagged for theirs.
    expect(deviceFlags(entry(), null)).toEqual([]);
    expect(megabytes(2_049_999)).toBe('2.0');
    expect(secondsAgo(1000, 13_400)).toBe(12);
    expect(secondsAgo(5000, 1000)).toBe(0);
  });

  it('reads the precache manifest Workbox inlines in sw.js and the cache keys it uses', () => {
    const sw =
      'self.x=1;W().precache([{url:"index.html",revision:"0d2b6972"},{url:"assets/index-D0qzobH3.js",revision:null},' +
      '{url:"manifest.webmanifest",revision:"aa11"}],{});';
    const entries = parsePrecacheManifest(sw);
    expect(entries).toEqual([
      { url: 'index.html', revision: '0d2b6972' },
      { url: 'assets/index-D0qzobH3.js', revision: null },
      { url: 'manifest.webmanifest', revision: 'aa11' },
    ]);
    const swUrl = 'https://booth.local:8443/iamm/sw.js';
    expect(precacheKey(entries[0]!, swUrl)).toBe('https://booth.local:8443/iamm/index.html?__WB_REVISION__=0d2b6972');
    expect(precacheKey(entries[1]!, swUrl)).toBe('https://booth.local:8443/iamm/assets/index-D0qzobH3.js');
    expect(parsePrecacheManifest('no manifest here')).toEqual([]);
  });

  it('reads ?team= and ?kiosk=1&room= through the one URL parser', () => {
    expect(readGuideRooms('?team=booth')).toMatchObject({ team: 'booth', room: null });
    expect(readGuideRooms('?kiosk=1&room=booth')).toMatchObject({ team: null, room: 'booth' });
    expect(readParams('?kiosk=1&room=booth').notices).toEqual([]);
    expect(readParams('?room=booth').notices).toEqual([expect.stringContaining('room= only applies with kiosk=1')]);
    expect(readParams('?team=bad%20room!').notices).toEqual([expect.stringContaining('Unknown guide room')]);
    expect(readGuideRooms('?team=bad%20room!').team).toBeNull();
  });
});
