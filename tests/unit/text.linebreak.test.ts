import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE_CHARACTERS, LATIN_BASE_CHARACTERS } from '../../src/text/glyphs.ts';
import { NO_LINE_END, NO_LINE_START, breakLineRanges, breakLines, type LineRange } from '../../src/text/linebreak.ts';
import { measure, type FontMetrics } from '../../src/text/metrics.ts';
import { buildFontSubset } from '../../build/fonts.ts';

// A toy font with round numbers (fontSize 1, so widths are in ems): CJK characters and
// fullwidth punctuation 1 em (the fallback), printable ASCII 0.5 em, the space 0.25 em.
const advances: Record<string, number> = { ' ': 250, '\u00a0': 250 };
for (let c = 0x21; c < 0x7f; c++) advances[String.fromCharCode(c)] = 500;
const toy: FontMetrics = { unitsPerEm: 1000, ascender: 880, descender: -120, lineGap: 0, advances, fallbackAdvance: 1000 };
const toyBreak = (text: string, maxWidth: number): string[] => breakLines(text, { maxWidth, fontSize: 1, metrics: toy });

/** Rebuilds the text from its lines and the original gaps between them; checks the gaps are only spaces. */
function rejoin(text: string, ranges: LineRange[]): string {
  let out = '';
  ranges.forEach((r, i) => {
    expect(text.slice(r.start, r.end)).toBe(r.text);
    if (i > 0) {
      const gap = text.slice(ranges[i - 1]!.end, r.start);
      expect(gap).toMatch(/^[\s\u00a0]*$/u);
      out += gap;
    }
    out += r.text;
  });
  return out;
}

function expectKinsoku(lines: string[], text: string): void {
  lines.forEach((line, i) => {
    if (line.length && (i > 0 || !NO_LINE_START.includes(text.trim()[0] ?? ''))) {
      expect(NO_LINE_START, `line ${i} "${line}" starts with a forbidden character`).not.toContain(line[0] ?? '');
    }
    if (line.length) expect(NO_LINE_END, `line ${i} "${line}" ends with a forbidden character`).not.toContain(line.at(-1)!);
    expect(line, 'no spaces at line ends').toBe(line.replace(/^\s+|\s+$/g, ''));
  });
}

describe('breakLines (toy font: CJK 1 em, ASCII 0.5 em, space 0.25 em)', () => {
  const cases: Array<{ name: string; text: string; width: number; lines: string[] }> = [
    { name: 'CJK fills the line', text: '国际元宇宙医学协会的发展', width: 5, lines: ['国际元宇宙', '医学协会的', '发展'] },
    {
      name: 'full stop at the break point: oidashi pushes the last character down with it',
      text: '国际元宇宙医学协会。以下里程碑',
      width: 9,
      lines: ['国际元宇宙医学协', '会。以下里程碑'],
    },
    { name: 'comma at the break point', text: '一二三四五，六七', width: 5, lines: ['一二三四', '五，六七'] },
    { name: 'enumeration comma and ASCII comma', text: '美国、欧洲,中国', width: 2, lines: ['美', '国、', '欧', '洲,', '中国'] },
    { name: 'run of closing marks stays with its character', text: '他说“你好。”然后', width: 6, lines: ['他说“你', '好。”然后'] },
    { name: 'opening bracket never ends a line', text: '一二三四《五六》七', width: 5, lines: ['一二三四', '《五六》七'] },
    { name: 'opening quote never ends a line', text: '一二三四“五六”', width: 5, lines: ['一二三四', '“五六”'] },
    {
      name: 'ASCII parenthesis in Chinese',
      text: '数字孪生(Digital Twin)、医学',
      width: 7.75,
      lines: ['数字孪生', '(Digital Twin)、', '医学'],
    },
    { name: '—— stays together and off the line start', text: '专家——白皮书', width: 3, lines: ['专', '家——', '白皮书'] },
    { name: '…… stays together', text: '等等……然后', width: 3, lines: ['等', '等……', '然后'] },
    { name: 'break after —— into Latin', text: '专家——BAIMGPT', width: 4, lines: ['专家——', 'BAIMGPT'] },
    {
      name: 'mixed zh/en breaks at spaces and between CJK',
      text: '在 Clinical eHealth 发表 landmark 共识',
      width: 10,
      lines: ['在 Clinical eHealth', '发表 landmark 共识'],
    },
    {
      name: 'Latin words never split when they fit',
      text: 'Rapid progress in AI, XR, digital twins',
      width: 8,
      lines: ['Rapid progress in', 'AI, XR, digital', 'twins'],
    },
    { name: 'a number stays with its CJK unit', text: '计划于2025年发布', width: 5, lines: ['计划于', '2025年发布'] },
    { name: '"2025," is one word', text: 'Press, 2025, 2(2): 55-64.', width: 4, lines: ['Press,', '2025,', '2(2):', '55-64.'] },
    {
      name: 'forced break inside a URL-like word, after "/" when it fills half the line',
      text: 'DOI:61189/530445nlxrhb',
      width: 6,
      lines: ['DOI:61189/', '530445nlxrhb'],
    },
    { name: 'forced break inside a plain overlong word', text: 'abcdefghijklmnop', width: 3, lines: ['abcdef', 'ghijkl', 'mnop'] },
    { name: 'spaces at line ends are trimmed, inner spaces kept', text: '  hello   world  ', width: 3, lines: ['hello', 'world'] },
    { name: 'inner double space kept', text: 'a  b', width: 10, lines: ['a  b'] },
    { name: 'hard newlines', text: '一二\n\n三', width: 10, lines: ['一二', '', '三'] },
    {
      name: 'no-break space glues',
      text: 'in Clinical eHealth\u00a0(Chunxue Bai',
      width: 10,
      lines: ['in Clinical', 'eHealth\u00a0(Chunxue Bai'],
    },
    {
      name: 'a glued unit longer than the line breaks at its no-break space',
      text: 'in AI eHealth\u00a0(Chunxue Bai',
      width: 7.5,
      lines: ['in AI eHealth', '(Chunxue Bai'],
    },
    { name: 'an unbreakable unit wider than the line overflows', text: '中。', width: 1, lines: ['中。'] },
    { name: 'space before a closing mark is no break', text: 'xx abc )', width: 2.5, lines: ['xx', 'abc )'] },
  ];

  it.each(cases)('$name', ({ text, width, lines }) => {
    const ranges = breakLineRanges(text, { maxWidth: width, fontSize: 1, metrics: toy });
    expect(ranges.map((r) => r.text)).toEqual(lines);
    expect(rejoin(text, ranges)).toBe(text.trim());
    expectKinsoku(lines, text);
  });

  it('empty and blank text give no lines', () => {
    expect(toyBreak('', 5)).toEqual([]);
    expect(toyBreak('   ', 5)).toEqual([]);
  });

  it('exports the forbidden sets the brief asks for', () => {
    for (const ch of '，。、；：？！）」》』】”’…·—') expect(NO_LINE_START).toContain(ch);
    for (const ch of '（「《『【“‘') expect(NO_LINE_END).toContain(ch);
  });

  it('scales with fontSize (metres)', () => {
    // 0.05 m glyphs: 10 CJK characters are 0.5 m.
    const lines = breakLines('一二三四五六七八九十一二', { maxWidth: 0.5, fontSize: 0.05, metrics: toy });
    expect(lines).toEqual(['一二三四五六七八九十', '一二']);
  });

  it('long English: every line fits, no word is split, the words come back', () => {
    const text =
      'The development of the International Association for Metaverse in Medicine (IAMM) reflects the global momentum in digital health transformation and immersive technologies.';
    for (let width = 7; width <= 40; width += 0.75) {
      const lines = toyBreak(text, width);
      for (const line of lines) expect(measure(line, 1, toy)).toBeLessThanOrEqual(width + 1e-9);
      expect(lines.join(' ')).toBe(text);
    }
  });

  it('surrogate pairs are never split', () => {
    const text = '𠀀𠀁𠀂𠀃𠀄𠀅';
    const lines = toyBreak(text, 2);
    expect(lines).toEqual(['𠀀𠀁', '𠀂𠀃', '𠀄𠀅']);
  });
});

describe('breakLines on the real seed with the metrics of each face (property)', async () => {
  const seed = readFileSync(new URL('../fixtures/seed.txt', import.meta.url), 'utf8');
  const paragraphs = seed
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const chars = new Set([...seed, ...BASE_CHARACTERS]);
  // Noto Sans draws the English paragraphs.
  const english = paragraphs.filter((p) => !/\p{Script=Han}/u.test(p));
  const latinChars = new Set([...english.join(''), ...LATIN_BASE_CHARACTERS]);
  const [scRegular, scBold, latinRegular, latinBold] = await Promise.all([
    buildFontSubset(chars, 'scRegular'),
    buildFontSubset(chars, 'scBold'),
    buildFontSubset(latinChars, 'latinRegular'),
    buildFontSubset(latinChars, 'latinBold'),
  ]);

  it.each([
    ['scRegular', scRegular.metrics, paragraphs, 5000],
    ['scBold', scBold.metrics, paragraphs, 5000],
    ['latinRegular', latinRegular.metrics, english, 2500],
    ['latinBold', latinBold.metrics, english, 2500],
  ] as const)('%s: for widths of 3–40 em, no forbidden line starts/ends, no line too wide, text preserved', (_, metrics, texts, least) => {
    const fontSize = 0.06; // metres
    let checked = 0;
    for (let em = 3; em <= 40; em += 0.37) {
      const maxWidth = em * fontSize;
      for (const text of texts) {
        const ranges = breakLineRanges(text, { maxWidth, fontSize, metrics });
        const lines = ranges.map((r) => r.text);
        expectKinsoku(lines, text);
        for (const line of lines) {
          expect(measure(line, fontSize, metrics), `"${line}" at ${em.toFixed(2)} em`).toBeLessThanOrEqual(maxWidth + 1e-9);
          expect(line.length).toBeGreaterThan(0);
        }
        expect(rejoin(text, ranges)).toBe(text);
        checked += lines.length;
      }
    }
    expect(checked).toBeGreaterThan(least);
  });

  it('uses the width: every line but the last is within 3.5 em of full (the widest unit, "(IAMM)", is 3.2 em)', () => {
    const text = paragraphs.find((p) => p.startsWith('国际元宇宙医学协会'))!;
    const fontSize = 1;
    for (let em = 6; em <= 30; em++) {
      const lines = breakLines(text, { maxWidth: em, fontSize, metrics: scRegular.metrics });
      lines.slice(0, -1).forEach((line) => expect(measure(line, fontSize, scRegular.metrics)).toBeGreaterThan(em - 3.5));
    }
  });
});
