import { metrics } from 'virtual:exhibit';
import { describe, expect, it } from 'vitest';
import { emphasisSpans, parseMarkup, plainText, plainToMarkup, runsOf, toMarkup, type Run } from '../../src/content/markup.ts';
import { prng } from './prng.ts';
import { block, markupBlock } from '../../src/layout/panel.ts';
import { BODY_FONT_M } from '../../src/layout/constants.ts';
import { batchedTextColour, emphasisRanges } from '../../src/scene/Texts.tsx';

const run = (text: string, strong = false, em = false): Run => ({ text, strong, em });

describe('emphasis markup', () => {
  it('reads **strong** and *emphasis*, nested or not', () => {
    expect(runsOf('a **b** c')).toEqual([run('a '), run('b', true), run(' c')]);
    expect(runsOf('a *b* c')).toEqual([run('a '), run('b', false, true), run(' c')]);
    expect(runsOf('**a *b* c**')).toEqual([run('a ', true), run('b', true, true), run(' c', true)]);
    expect(runsOf('*a **b** c*')).toEqual([run('a ', false, true), run('b', true, true), run(' c', false, true)]);
    expect(runsOf('***both***')).toEqual([run('both', true, true)]);
    expect(runsOf('**a***b*')).toEqual([run('a', true), run('b', false, true)]);
  });

  it('keeps text without marks exactly as written (the IAMM seed)', () => {
    const seed = 'Leading experts from China, the U.S. and Europe published\u00a0(Chunxue Bai et al., 2022)。来自中国';
    expect(plainText(seed)).toBe(seed);
    expect(runsOf(seed)).toEqual([run(seed)]);
    expect(emphasisSpans(seed)).toEqual([]);
  });

  it('writes a literal * or \\ escaped, and a lone \\ before anything else stays', () => {
    expect(plainText('5 \\* 3 = 15, C:\\dir, a\\\\b')).toBe('5 * 3 = 15, C:\\dir, a\\b');
    expect(plainToMarkup('5 * 3 \\ 2')).toBe('5 \\* 3 \\\\ 2');
    expect(plainText(plainToMarkup('5 * 3 \\ 2 **x**'))).toBe('5 * 3 \\ 2 **x**');
  });

  it('gives the emphasised spans as offsets into the plain text', () => {
    expect(emphasisSpans('The **Apollo 11** crew *landed*.')).toEqual([
      [4, 13],
      [19, 25],
    ]);
  });

  it('refuses an unclosed or empty emphasis, saying which and how to fix it', () => {
    const unclosed = parseMarkup('The **Apollo 11 crew landed.');
    expect(unclosed.ok).toBe(false);
    if (!unclosed.ok) {
      expect(unclosed.error).toBe('"**" opened after "The " is never closed');
      expect(unclosed.hint).toMatch(/close it with another "\*\*"/);
    }
    const em = parseMarkup('3 * 4 = 12');
    expect(em.ok).toBe(false);
    if (!em.ok) expect(em.error).toMatch(/"\*" opened after "3 " is never closed/);
    const empty = parseMarkup('a **** b');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error).toBe('empty emphasis "****"');
  });

  it('writes any runs as markup that reads back as the same runs', () => {
    const rand = prng(14);
    const words = ['a', 'b c', ' ', '*', '\\', 'x*y', '中文', '\\*'];
    for (let trial = 0; trial < 2000; trial++) {
      const runs: Run[] = [];
      const n = 1 + Math.floor(rand() * 6);
      for (let i = 0; i < n; i++) runs.push(run(words[Math.floor(rand() * words.length)]!, rand() < 0.4, rand() < 0.4));
      const markup = toMarkup(runs);
      const back = parseMarkup(markup);
      expect(back.ok, markup).toBe(true);
      if (!back.ok) continue;
      expect(back.runs.map((r) => r.text).join('')).toBe(runs.map((r) => r.text).join(''));
      // Same emphasis on every character.
      const flags = (rs: readonly Run[]) => rs.flatMap((r) => Array.from(r.text, () => `${+r.strong}${+r.em}`)).join(',');
      expect(flags(back.runs), markup).toBe(flags(runs));
    }
  });
});

describe('emphasis on a panel', () => {
  it('is carried over the line breaks to the drawn text, and coloured in the era accent', () => {
    const markup = 'The **Apollo 11 crew** walked on the Moon for *two and a half hours* on the first landing.';
    const b = markupBlock('k', markup, 0, 0, 0.6, BODY_FONT_M, 'regular', 'body', 'en', metrics);
    expect(b.lines).toBeGreaterThan(1);
    expect(b.text.replace(/\n/g, ' ')).toBe(plainText(markup));
    const shown = (b.emphasis ?? []).map(([s, e]) => b.text.slice(s, e).replace(/\n/g, ' '));
    // A span across a line break is drawn as one span per line, each with exactly its words.
    expect(shown.join(' ')).toBe('Apollo 11 crew two and a half hours');
    for (const [s, e] of b.emphasis ?? []) expect(b.text.slice(s, e)).not.toContain('\n');
    const ranges = emphasisRanges(b, '#202020', '#0050c0')!;
    expect(ranges[0]).toBe(batchedTextColour('#202020').getHex());
    expect(ranges[b.emphasis![0]![0]]).toBe(batchedTextColour('#0050c0').getHex());
    expect(ranges[b.emphasis![0]![1]]).toBe(batchedTextColour('#202020').getHex());
  });

  it('leaves text without marks as the plain block it always was', () => {
    const text = 'Leading experts from China, the U.S. and Europe published the landmark Expert Consensus.';
    const a = markupBlock('k', text, 0, 0, 0.6, BODY_FONT_M, 'regular', 'body', 'en', metrics);
    expect(a).toEqual(block('k', text, 0, 0, 0.6, BODY_FONT_M, 'regular', 'body', 'en', metrics));
    expect(a.emphasis).toBeUndefined();
    expect(emphasisRanges(a, '#202020', '#0050c0')).toBeUndefined();
  });
});
