// Hostile URLs: every query and hash the exhibit reads is ignored with a short notice, never thrown.
import { describe, expect, it } from 'vitest';
import { readParams } from '../../src/app/params.ts';
import { resolveHash } from '../../src/state/navigation.ts';
import { prng } from './prng.ts';

const eras = [
  { id: '2020-2021', start: 2020, end: 2021 },
  { id: '2022', start: 2022, end: 2022 },
  { id: '2026-onward', start: 2026, end: null },
];

describe('hostile URL parameters', () => {
  it.each([
    ['?lang=xx', 'Unknown language "xx"'],
    ['?lang=%00', 'Unknown language'],
    ['?lang=中文', 'Unknown language "中文"'],
    ['?view=<script>alert(1)</script>', 'Unknown view "<script>alert(1)'],
    ['?tour=../../', 'Unknown tour "../../"'],
    ['?tour=%2e%2e%2f%2e%2e%2f', 'Unknown tour "../../"'],
    ['?tour=<10 kB>', 'Unknown tour'],
    ['?follow=../../etc', 'Unknown guide room "../../etc"'],
    ['?guide=<img src=x>', 'Unknown guide room "<img src=x>"'],
    ['?follow=%F0%9F%98%80', 'Unknown guide room'],
  ])('%s → a notice', (label, notice) => {
    const search = label.replace('<10 kB>', 't'.repeat(10_000));
    const p = readParams(search);
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0]).toContain(notice);
    expect(p.notices[0]!.length).toBeLessThan(100);
  });

  it('good parameters give no notice', () => {
    expect(readParams('?lang=en&view=2d&tour=highlights&follow=iamm').notices).toEqual([]);
    expect(readParams('?guide=room_1-a').notices).toEqual([]);
  });

  it('never throws and keeps every notice short, for 2,000 random query strings and hashes', () => {
    const rand = prng(42);
    const alphabet = [
      '%',
      '%0',
      '%zz',
      '%E0%A4%A',
      '\u0000',
      '&',
      '=',
      '?',
      '#',
      'lang',
      'view',
      'tour',
      'follow',
      'guide',
      '中',
      '😀',
      '\ud800',
      '../',
      '<',
      '"',
      'x',
    ];
    for (let n = 0; n < 2000; n++) {
      let s = '?';
      const len = Math.floor(rand() * (n % 50 === 0 ? 5000 : 40));
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const p = readParams(s);
      for (const notice of p.notices) expect(notice.length).toBeLessThan(100);
      expect(p.notices.length).toBeLessThanOrEqual(5);
      const id = resolveHash(`#${s.slice(1)}`, eras);
      expect(id === null || eras.some((e) => e.id === id)).toBe(true);
    }
  });

  it.each(['#99999', '#%00', '#%E0%A4%A', '#<10 kB of 9s>', '#𝟚𝟘𝟚𝟚', '#2022%00', '#../2022', '#-1', '#1e3'])(
    'hash %s matches no milestone',
    (label) => {
      const hash = label === '#<10 kB of 9s>' ? `#${'9'.repeat(10_000)}` : label;
      expect(resolveHash(hash, eras)).toBeNull();
    },
  );
});
