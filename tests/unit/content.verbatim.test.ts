// The scene text must be the seed's text, verbatim: every line of the seed is in the content and
// every string of the content is in the seed, in the right language, in the seed's order.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import type { Milestone, MilestonesFile } from '../../src/content/schema.ts';

type Lang = 'zh' | 'en';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seed = readFileSync(path.join(root, 'tests/fixtures/seed.txt'), 'utf8');
const { content } = loadExhibitFromDir(path.join(root, 'scenes'));

const ZH_START = '中文(Chinese)';
const EN_START = 'English(English Version)';
const seedLines = seed.split('\n');
const zhIndex = seedLines.findIndex((l) => l.trim() === ZH_START);
const enIndex = seedLines.findIndex((l) => l.trim() === EN_START);
/** Each language's half of the seed, with the shared section heading above both. */
const preamble = seedLines.slice(0, zhIndex);
const section: Record<Lang, string[]> = {
  zh: [...preamble, ...seedLines.slice(zhIndex, enIndex)],
  en: [...preamble, ...seedLines.slice(enIndex)],
};

const MARKER = /^\s*(?:•|[123]\.)\s+/;
const HEADING = /^\((\d+)\)\s?/;
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Non-blank lines of one language's half of the seed, list markers stripped. */
function seedLinesOf(lang: Lang): { text: string; heading: boolean }[] {
  return section[lang].filter((l) => l.trim() !== '').map((l) => ({ text: l.replace(MARKER, '').trim(), heading: HEADING.test(l) }));
}

/** The era heading as the seed writes it. */
function heading(m: Milestone, lang: Lang): string {
  return lang === 'zh' ? `(${m.number})${m.label.zh}:${m.title.zh}` : `(${m.number}) ${m.label.en}: ${m.title.en}`;
}

/** The content's text in one language, in reading order (headings rebuilt as the seed writes them). */
function contentInOrder(c: MilestonesFile, lang: Lang): string[] {
  return [
    c.sectionNames![lang]!,
    c.intro[lang]!,
    ...c.milestones.flatMap((m) => [heading(m, lang), ...[...m.body, ...m.items, ...m.after].map((t) => t[lang]!)]),
    c.closing!.lead[lang]!,
    c.closing!.progression[lang]!,
  ];
}

/** Every string of the content in one language (the shared `heading` belongs to both). */
function contentStrings(c: MilestonesFile, lang: Lang): string[] {
  const out: string[] = [c.heading];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.zh === 'string' && typeof o.en === 'string') out.push(o[lang] as string);
      else Object.entries(o).forEach(([k, x]) => k !== 'listStyle' && walk(x));
    }
  };
  walk({ ...c, heading: undefined });
  return out;
}

it('finds both language sections in the seed', () => {
  expect([zhIndex, enIndex].every((i) => i > 0) && zhIndex < enIndex).toBe(true);
  expect(preamble.filter((l) => l.trim())).toEqual([content.heading, content.heading]);
});

describe.each(['zh', 'en'] as const)('seed text (%s)', (lang) => {
  const lines = seedLinesOf(lang);
  const strings = contentStrings(content, lang);
  const all = norm(strings.join('\n'));

  it('has every seed line (list markers and "(n)" stripped) in the content', () => {
    const missing = lines
      .filter((l) => !l.heading)
      .map((l) => norm(l.text.replace(HEADING, '')))
      .filter((t) => !all.includes(t));
    expect(missing).toEqual([]);
  });

  it('rebuilds every era heading exactly from number, label and title', () => {
    expect(content.milestones.map((m) => heading(m, lang))).toEqual(lines.filter((l) => l.heading).map((l) => l.text));
  });

  it('has every content string in the seed, character for character', () => {
    const text = section[lang].join('\n');
    expect(strings.filter((s) => !text.includes(s))).toEqual([]);
  });

  it('follows the seed line by line, in order, character for character (no-break spaces included)', () => {
    const expected = lines.map((l) => l.text).filter((t) => t !== content.heading);
    expect(contentInOrder(content, lang)).toEqual(expected);
  });

  it('has the same number of list items as the seed, era by era', () => {
    const counts: number[] = [];
    for (const l of section[lang]) {
      if (HEADING.test(l)) counts.push(0);
      else if (MARKER.test(l) && counts.length) counts[counts.length - 1]! += 1;
    }
    expect(content.milestones.map((m) => m.items.length)).toEqual(counts);
  });
});

describe('seed quirks kept as written', () => {
  const byId = Object.fromEntries(content.milestones.map((m) => [m.id, m]));

  it('keeps the heading the seed repeats, once', () => {
    expect(seedLines[0]).toBe(content.heading);
    expect(seedLines[2]).toBe(content.heading);
    expect(content.heading).toBe('1.2. 发展历程与里程碑(History & Milestones)');
  });

  it('keeps dashes, quotes, DOI, missing and present full stops', () => {
    expect(byId['2020-2021']!.label).toEqual({ zh: '2020—2021', en: '2020–2021' });
    expect(byId['2026-onward']!.label).toEqual({ zh: '未来 5 年(2026 以后)', en: 'The Next 5 Years (2026 onward)' });
    expect(byId['2022']!.body[1]!.zh).toBe('这是元宇宙医学从概念走向规范化的关键转折点');
    expect(byId['2025']!.items[1]!.zh).toContain('55-64.DOI:61189/530445nlxrhb');
    expect(byId['2025']!.items[1]!.en).toContain('Expert——BAIMGPT');
    expect(byId['2023-2024']!.items[0]!.en).toContain('IAMM’s official journals “Clinical eHealth”');
    expect(content.closing!.progression.en).toBe('Innovation → Pilot Implementation → Standardization → Global Ecosystem Building.');
    expect(content.sectionNames).toEqual({ zh: '中文(Chinese)', en: EN_START });
  });

  it('pairs zh and en item by item', () => {
    for (const m of content.milestones) for (const item of m.items) expect(Object.keys(item).sort()).toEqual(['en', 'zh']);
  });
});

describe('the seed fixture', () => {
  const shared = path.resolve(root, '../shared/seeds/000_3b0288be207c48f6.txt');
  it.skipIf(!existsSync(shared))('is an identical copy of the shared seed', () => {
    expect(seed).toBe(readFileSync(shared, 'utf8'));
  });
});
