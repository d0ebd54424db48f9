import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExhibitFromDir } from '../../src/content/load';
import type { Exhibit } from '../../src/content/schema';
import { collectCharacters, walkStrings } from '../../src/text/glyphs';
import { buildFontSubset, needsGlyph, type FontWeight } from '../../vite-plugins/fonts';

const require = createRequire(import.meta.url);
const WEIGHTS: FontWeight[] = ['regular', 'bold'];
const tmpDirs: string[] = [];
const tmpDir = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iamm-fonts-'));
  tmpDirs.push(dir);
  return dir;
};
afterAll(() => tmpDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface TyprFont {
  cmap: unknown;
  hmtx: { aWidth: number[] };
  head: { unitsPerEm: number };
  'OS/2': { sTypoAscender: number; sTypoDescender: number; sTypoLineGap: number };
  GSUB?: unknown;
  GPOS?: unknown;
  kern?: unknown;
}
interface Typr {
  parse(buffer: ArrayBuffer): TyprFont[];
  U: { codeToGlyph(font: TyprFont, code: number): number };
}

/** troika-three-text's own font parser (Typr + woff2otf), to check the subset as troika will read it. */
async function troikaParse(woff: Buffer): Promise<{ font: TyprFont; Typr: Typr }> {
  const g = globalThis as Record<string, unknown>;
  g.self ??= globalThis; // the factories expect a worker global
  const load = async (file: string) =>
    ((await import(/* @vite-ignore */ pathToFileURL(require.resolve(`troika-three-text/libs/${file}`)).href)) as {
      default: () => unknown;
    }).default();
  const Typr = (await load('typr.factory.js')) as Typr;
  const woff2otf = (await load('woff2otf.factory.js')) as (buffer: ArrayBuffer) => ArrayBuffer;
  const otf = woff2otf(new Uint8Array(woff).buffer);
  return { font: Typr.parse(otf)[0]!, Typr };
}

function report(label: string, chars: number, sizes: Record<FontWeight, Buffer>): void {
  const line = WEIGHTS.map((w) => `${w} ${sizes[w].length} B woff (${gzipSync(sizes[w]).length} B gzip)`).join(', ');
  console.info(`[fonts] ${label}: ${chars} characters; ${line}`);
}

describe('the subset of the real content', async () => {
  const exhibit: Exhibit = loadExhibitFromDir('scenes');
  const chars = collectCharacters(exhibit);
  const subsets = Object.fromEntries(
    await Promise.all(WEIGHTS.map(async (w) => [w, await buildFontSubset(chars, w, { exhibit })] as const)),
  ) as Record<FontWeight, Awaited<ReturnType<typeof buildFontSubset>>>;

  it('covers every character of every string in the scene files', () => {
    const content = new Set<string>();
    walkStrings(exhibit, (text) => {
      for (const ch of text) content.add(ch);
    });
    expect(content.size).toBeGreaterThan(250);
    for (const w of WEIGHTS) {
      for (const ch of content) if (needsGlyph(ch)) expect(subsets[w].metrics.advances[ch], `${w} ${ch}`).toBeGreaterThan(0);
    }
  });

  it.each(WEIGHTS)('%s: troika finds a glyph for every character and the advances it will use are ours', async (w) => {
    const { woff, metrics } = subsets[w];
    const { font, Typr } = await troikaParse(woff);
    // No layout tables: troika positions glyphs by their hmtx advance alone, as measure() assumes.
    expect(font.GSUB).toBeUndefined();
    expect(font.GPOS).toBeUndefined();
    expect(font.kern).toBeUndefined();
    expect(font.head.unitsPerEm).toBe(metrics.unitsPerEm);
    expect([font['OS/2'].sTypoAscender, font['OS/2'].sTypoDescender, font['OS/2'].sTypoLineGap]).toEqual([
      metrics.ascender,
      metrics.descender,
      metrics.lineGap,
    ]);
    for (const ch of chars) {
      if (!needsGlyph(ch) && !(ch in metrics.advances)) continue;
      const glyph = Typr.U.codeToGlyph(font, ch.codePointAt(0)!);
      expect(glyph, `${w}: no glyph for ${ch}`).toBeGreaterThan(0);
      expect(font.hmtx.aWidth[glyph], `${w}: advance of ${ch}`).toBe(metrics.advances[ch]);
    }
  });

  it('is small; sizes are reported', () => {
    report('real content', chars.size, { regular: subsets.regular.woff, bold: subsets.bold.woff });
    for (const w of WEIGHTS) {
      expect(subsets[w].woff.subarray(0, 4).toString('latin1')).toBe('wOFF');
      expect(subsets[w].woff.length).toBeLessThan(120_000);
    }
  });
});

describe('buildFontSubset', () => {
  it('stays well under 200 KB per weight for ~500 characters', async () => {
    // 500 common characters: the first 500 of GB 2312 level 1, plus ASCII.
    const bytes: number[] = [];
    for (let hi = 0xb0; bytes.length < 1000; hi++) for (let lo = 0xa1; lo <= 0xfe && bytes.length < 1000; lo++) bytes.push(hi, lo);
    const hanzi = new TextDecoder('gbk').decode(new Uint8Array(bytes));
    expect([...hanzi]).toHaveLength(500);
    const chars = new Set([...hanzi]);
    const sizes = {} as Record<FontWeight, Buffer>;
    for (const w of WEIGHTS) {
      const { woff, characters } = await buildFontSubset(chars, w, { cacheDir: false });
      expect(characters).toBe(500);
      expect(woff.length).toBeLessThan(150_000);
      sizes[w] = woff;
    }
    report('500 GB 2312 characters', 500, sizes);
  });

  it('fails clearly on a character the font lacks: which character, its code point, where it is', async () => {
    const exhibit = loadExhibitFromDir('scenes');
    exhibit.content.milestones[2]!.items[0]!.zh += '😀';
    exhibit.exhibit.ui.next.en += '\ue000';
    const chars = collectCharacters(exhibit);
    const error = await buildFontSubset(chars, 'regular', { exhibit, cacheDir: false }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/2 characters have no glyph in Noto Sans SC Regular/);
    expect(error!.message).toContain('"😀" U+1F600 in content.milestones[2].items[0].zh');
    expect(error!.message).toContain('U+E000 in exhibit.ui.next.en');
  });

  it('names the scene file when given root labels', async () => {
    const error = await buildFontSubset(['A', '\u{1F600}'], 'bold', {
      exhibit: { content: { intro: { zh: '😀' } } } as unknown as Exhibit,
      rootLabels: { content: 'scenes/milestones.yaml' },
      cacheDir: false,
    }).catch((e: Error) => e);
    expect(String(error)).toContain('"😀" U+1F600 in scenes/milestones.yaml intro.zh');
    expect(String(error)).toContain('Noto Sans SC Bold');
  });

  it('needs no glyph for whitespace and control characters', async () => {
    const { metrics, ignored } = await buildFontSubset(['a', ' ', '\t', '\n', '\u0007'], 'regular', { cacheDir: false });
    expect(metrics.advances.a).toBeGreaterThan(0);
    expect(metrics.advances[' ']).toBeGreaterThan(0);
    for (const ch of ['\t', '\n', '\u0007']) expect(ch in metrics.advances || ignored.includes(ch)).toBe(true);
  });

  it('caches on disk, keyed by the characters', async () => {
    const cacheDir = tmpDir();
    const first = await buildFontSubset('中文 abc', 'regular', { cacheDir });
    const second = await buildFontSubset(['a', 'b', 'c', ' ', '文', '中'], 'regular', { cacheDir });
    const other = await buildFontSubset('中文 abcd', 'regular', { cacheDir });
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.woff.equals(first.woff)).toBe(true);
    expect(second.metrics).toEqual(first.metrics);
    expect(other.fromCache).toBe(false);
    expect(readdirSync(cacheDir).sort()).toHaveLength(4);
  });
});
