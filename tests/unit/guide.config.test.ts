import { describe, expect, it } from 'vitest';
import { checkSecret, DEFAULT_ROOM, generateSecret, loadGuideRooms, parseGuideRooms, roomsFrom } from '../../server/guide/config.ts';
import { originAllowed } from '../../server/guide/hub.ts';
import { RateLimiter, TokenBucket } from '../../server/guide/rate.ts';

describe('guide rooms (GUIDE_ROOMS)', () => {
  it('parses "room:secret" pairs; a secret may contain colons', () => {
    const { rooms, warnings } = parseGuideRooms(' hall-a:first-secret , hall_b:with:colons:inside ');
    expect([...rooms.keys()]).toEqual(['hall-a', 'hall_b']);
    expect(checkSecret(rooms, 'hall-a', 'first-secret')).toBe('ok');
    expect(checkSecret(rooms, 'hall_b', 'with:colons:inside')).toBe('ok');
    expect(checkSecret(rooms, 'hall_b', 'first-secret')).toBe('bad-secret');
    expect(checkSecret(rooms, 'hall-c', 'first-secret')).toBe('unknown-room');
    expect(warnings).toEqual([]);
  });

  it('warns about short secrets without repeating them', () => {
    const { warnings } = parseGuideRooms('room1:secret1,room2:secret2');
    expect(warnings).toHaveLength(2);
    expect(warnings.join(' ')).not.toContain('secret1');
  });

  it.each([
    [',', /lists no room/],
    ['room1', /room "room1" has no secret/],
    ['room1:', /room "room1" has no secret/],
    ['bad room:pw123456', /entry 1: invalid room name/],
    ['a:pw123456,a:other123', /room "a" is listed twice/],
  ])('refuses %j with a message naming the problem, not the secret', (value, message) => {
    expect(() => parseGuideRooms(value)).toThrow(message);
    try {
      parseGuideRooms(value);
    } catch (err) {
      expect((err as Error).message).not.toMatch(/pw123456|other123/);
    }
  });

  it('without GUIDE_ROOMS: one room "iamm" with a fresh random secret', () => {
    const a = loadGuideRooms({});
    const b = loadGuideRooms({ GUIDE_ROOMS: '  ' });
    expect([...a.rooms.keys()]).toEqual([DEFAULT_ROOM]);
    expect(a.generated?.room).toBe('iamm');
    expect(a.generated?.secret).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(a.generated?.secret).not.toBe(b.generated?.secret);
    expect(checkSecret(a.rooms, 'iamm', a.generated!.secret)).toBe('ok');
    expect(loadGuideRooms({ GUIDE_ROOMS: 'x:y-long-secret' }).generated).toBeUndefined();
    expect(new Set(Array.from({ length: 50 }, generateSecret)).size).toBe(50);
  });

  it('keeps digests, never the secrets', () => {
    const rooms = roomsFrom({ iamm: 'plain-text-secret' });
    expect(rooms.get('iamm')).toHaveLength(32);
    expect(rooms.get('iamm')!.toString('utf8')).not.toContain('plain-text-secret');
  });
});

describe('rate limiting', () => {
  it('token bucket: a burst, then the rate', () => {
    const b = new TokenBucket({ ratePerSec: 10, burst: 3 }, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(50)).toBe(false);
    expect(b.take(100)).toBe(true);
    expect(b.available(10_000)).toBe(3);
  });

  it('20 msg/s with bursts of 40 pass; a client that keeps flooding is cut off', () => {
    const steady = new RateLimiter(0);
    for (let t = 0; t < 10_000; t += 50) expect(steady.check(t)).toBe('ok');

    const burst = new RateLimiter(0);
    for (let i = 0; i < 40; i++) expect(burst.check(0)).toBe('ok');
    expect(burst.check(0)).toBe('drop');

    const flood = new RateLimiter(0);
    const verdicts: string[] = [];
    for (let i = 0; i < 200; i++) verdicts.push(flood.check(i));
    expect(verdicts.slice(0, 40).every((v) => v === 'ok')).toBe(true);
    expect(verdicts).toContain('drop');
    expect(verdicts.at(-1)).toBe('disconnect');
  });
});

describe('origin check', () => {
  it('accepts the page’s own host only', () => {
    expect(originAllowed('http://192.168.1.20:8080', '192.168.1.20:8080')).toBe(true);
    expect(originAllowed('https://exhibit.local:8443', 'Exhibit.LOCAL:8443')).toBe(true);
    expect(originAllowed('https://exhibit.local', 'exhibit.local:443')).toBe(true);
    expect(originAllowed('http://evil.example', '192.168.1.20:8080')).toBe(false);
    expect(originAllowed('http://192.168.1.20:8081', '192.168.1.20:8080')).toBe(false);
    expect(originAllowed('null', '192.168.1.20:8080')).toBe(false);
    expect(originAllowed('file://', 'localhost')).toBe(false);
    expect(originAllowed(undefined, 'localhost:8080')).toBe(false);
    expect(originAllowed('http://localhost:8080', undefined)).toBe(false);
    expect(originAllowed('http://localhost:8080', 'evil@localhost:8080')).toBe(false);
    expect(originAllowed('http://localhost:5173', 'localhost:8080', ['http://localhost:5173'])).toBe(true);
  });
});
