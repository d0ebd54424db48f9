// The room secret is compared in constant time: whatever the guess (right, wrong, longer, shorter, for a room that
// does not exist), the comparison is one timingSafeEqual of two SHA-256 digests of equal length.
import type * as NodeCrypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';

const compared = vi.hoisted(() => [] as Array<[number, number]>);
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof NodeCrypto>();
  return {
    ...crypto,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([a.byteLength, b.byteLength]);
      return crypto.timingSafeEqual(a, b);
    },
  };
});

const { checkSecret, roomsFrom } = await import('../../server/guide/config.ts');

afterEach(() => void (compared.length = 0));

describe('guide secret check', () => {
  const rooms = roomsFrom({ iamm: 'correct-horse-battery-staple' });

  it.each([
    ['the right secret', 'iamm', 'correct-horse-battery-staple', 'ok'],
    ['a wrong secret of the same length', 'iamm', 'correct-horse-battery-stapld', 'bad-secret'],
    ['a one-character guess', 'iamm', 'c', 'bad-secret'],
    ['a very long guess', 'iamm', 'x'.repeat(256), 'bad-secret'],
    ['the right prefix', 'iamm', 'correct-horse', 'bad-secret'],
    ['an unknown room', 'nope', 'correct-horse-battery-staple', 'unknown-room'],
  ] as const)('%s: one constant-time comparison of 32-byte digests', (_, room, secret, verdict) => {
    expect(checkSecret(rooms, room, secret)).toBe(verdict);
    expect(compared).toEqual([[32, 32]]);
  });
});
