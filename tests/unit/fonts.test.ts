import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import type { Exhibit } from '../../src/content/schema.ts';
import { drawnCharacters } from '../../src/layout/drawn.ts';
import { FACE_INFO, FACES, LATIN_FROM_SC, type Face } from '../../src/text/faces.ts';
import { collectCharacters, isEnglishPath, walkStrings } from '../../src/text/glyphs.ts';
import { faceCharacters, pageCharacters } from '../../build/exhibit.ts';
import { buildFontSubset, needsGlyph, type FontSubset } from '../../build/fonts.ts';

const require = createRequire(import.meta.url);
const SC_FACES: Face[] = ['scRegular', 'scBold'];
const LATIN_FACES: Face[] = ['latinRegular', 'latinBold'];
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
    (
      (await import(/* @vite-ignore */ pathToFileURL(require.resolve(`troika-three-text/libs/${file}`)).href)) as {
        default: () => unknown;
      }
    ).default();
  const Typr = (await load('typr.factory.js')) as Typr;
  const woff2otf = (await load('woff2otf.factory.js')) as (buffer: ArrayBuffer) => ArrayBuffer;
  const otf = woff2otf(new Uint8Array(woff).buffer);
  return { font: Typr.parse(otf)[0]!, Typr };
}

function report(label: string, sizes: Partial<Record<Face, FontSubset>>): void {
  const line = Object.entries(sizes)
    .map(([f, { woff, characters }]) => `${f} ${characters} chars ${woff.length} B woff (${gzipSync(woff).length} B gzip)`)
    .join(', ');
  console.info(`[fonts] ${label}: ${line}`);
}

describe('the subsets of the real content', async () => {
  const exhibit: Exhibit = loadExhibitFromDir('scenes');
  const perFace = faceCharacters(exhibit);
  const subsets = Object.fromEntries(
    await Promise.all(
      FACES.map(async (f) => {
        const { chars, optional } = perFace[f];
        return [f, await buildFontSubset(chars, f, { exhibit, ...(optional ? { optional } : {}) })] as const;
      }),
    ),
  ) as Record<Face, FontSubset>;

  it('Noto Sans SC: covers every character of every string in the scene files', async () => {
    const content = new Set<string>();
    walkStrings(exhibit, (text) => {
      for (const ch of text) content.add(ch);
    });
    expect(content.size).toBeGreaterThan(250);
    // The operator and team pages' own characters are in a subset of their own (only those pages load it).
    const pages = pageCharacters(exhibit);
    expect(new Set([...perFace.scRegular.chars, ...pages])).toEqual(collectCharacters(exhibit));
    for (const f of SC_FACES) {
      const pageSubset = await buildFontSubset(pages, f, { exhibit });
      for (const ch of content) {
        if (!needsGlyph(ch)) continue;
        const advances = pages.has(ch) ? pageSubset.metrics.advances : subsets[f].metrics.advances;
        expect(advances[ch], `${f} ${ch}`).toBeGreaterThan(0);
      }
    }
  });

  it('Noto Sans SC: the operator and team pages’ own words are left out of the subset every visitor loads', () => {
    const pages = pageCharacters(exhibit);
    expect(pages.size).toBeGreaterThan(20);
    for (const ch of pages) expect(perFace.scRegular.chars.has(ch), ch).toBe(false);
    // Their words are still drawn: every character of them is in one subset or the other.
    for (const ch of exhibit.exhibit.ui.teamTitle.zh ?? '') expect(perFace.scRegular.chars.has(ch) || pages.has(ch), ch).toBe(true);
  });

  it('Noto Sans: covers every character English and neutral runs draw, and of the English text Noto Sans has', () => {
    const drawn = drawnCharacters(exhibit);
    expect(drawn.latinRegular.size).toBeGreaterThan(60);
    for (const f of LATIN_FACES) {
      for (const ch of [...drawn.latinRegular, ...drawn.latinBold]) {
        if (needsGlyph(ch)) expect(subsets[f].metrics.advances[ch], `${f} ${ch}`).toBeGreaterThan(0);
      }
    }
    // English strings only the HTML shows (the toolbar's "中文") may hold characters Noto Sans lacks: left to IAMM SC.
    const english = new Set<string>();
    walkStrings(exhibit, (text, path) => {
      if (isEnglishPath(path)) for (const ch of text) english.add(ch);
    });
    expect(english.has('中')).toBe(true);
    expect('中' in subsets.latinRegular.metrics.advances).toBe(false);
    for (const ch of english) if (/[\x20-\x7e’“”…–—]/u.test(ch)) expect(ch in subsets.latinRegular.metrics.advances, ch).toBe(true);
  });

  it('Noto Sans: English quotes and apostrophes are proportional, not full-width as in Noto Sans SC', () => {
    for (const ch of '’“”') {
      expect(subsets.scRegular.metrics.advances[ch]).toBe(1000);
      expect(subsets.latinRegular.metrics.advances[ch]).toBeLessThan(500);
      expect(subsets.latinBold.metrics.advances[ch]).toBeLessThan(500);
    }
  });

  it.each(LATIN_FACES)('%s borrows "→" (and nothing else) from Noto Sans SC of its weight, with its advance', (f) => {
    expect(subsets[f].borrowed).toEqual([...LATIN_FROM_SC]);
    const sc = f === 'latinBold' ? subsets.scBold : subsets.scRegular;
    expect(subsets[f].metrics.advances['→']).toBe(sc.metrics.advances['→']);
  });

  it.each(FACES)('%s: troika finds a glyph for every character and the advances it will use are ours', async (f) => {
    const { woff, metrics } = subsets[f];
    const chars = new Set([...perFace[f].chars, ...Object.keys(metrics.advances)]);
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
      expect(glyph, `${f}: no glyph for ${ch}`).toBeGreaterThan(0);
      expect(font.hmtx.aWidth[glyph], `${f}: advance of ${ch}`).toBe(metrics.advances[ch]);
    }
  });

  it('is small; sizes are reported', () => {
    report('real content', subsets);
    for (const f of FACES) {
      expect(subsets[f].woff.subarray(0, 4).toString('latin1')).toBe('wOFF');
      expect(subsets[f].woff.length).toBeLessThan(FACE_INFO[f].script === 'sc' ? 120_000 : 30_000);
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
    const sizes: Partial<Record<Face, FontSubset>> = {};
    for (const f of SC_FACES) {
      const subset = await buildFontSubset(chars, f, { cacheDir: false });
      expect(subset.characters).toBe(500);
      expect(subset.woff.length).toBeLessThan(150_000);
      sizes[f] = subset;
    }
    report('500 GB 2312 characters', sizes);
  });

  it('fails clearly on a character the font lacks: which character, its code point, where it is', async () => {
    const exhibit = loadExhibitFromDir('scenes');
    exhibit.content.milestones[2]!.items[0]!.zh += '😀';
    exhibit.exhibit.ui.next.en += '\ue000';
    const chars = collectCharacters(exhibit);
    const error = await buildFontSubset(chars, 'scRegular', { exhibit, cacheDir: false }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/2 characters have no glyph in Noto Sans SC Regular/);
    expect(error!.message).toContain('"😀" U+1F600 in content.milestones[2].items[0].zh');
    expect(error!.message).toContain('U+E000 in exhibit.ui.next.en');
  });

  it('names the scene file when given root labels', async () => {
    const error = await buildFontSubset(['A', '\u{1F600}'], 'scBold', {
      exhibit: { content: { intro: { zh: '😀' } } } as unknown as Exhibit,
      rootLabels: { content: 'scenes/milestones.yaml' },
      cacheDir: false,
    }).catch((e: Error) => e);
    expect(String(error)).toContain('"😀" U+1F600 in scenes/milestones.yaml intro.zh');
    expect(String(error)).toContain('Noto Sans SC Bold');
  });

  it('Noto Sans: fails on a character of English text it lacks, naming only the English strings that hold it', async () => {
    const exhibit = loadExhibitFromDir('scenes');
    exhibit.content.milestones[1]!.title.en += ' 元';
    const error = await buildFontSubset(['A', '元', '→'], 'latinRegular', { exhibit, include: isEnglishPath, cacheDir: false }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = String(error);
    expect(message).toMatch(/1 character has no glyph in Noto Sans Regular \(node_modules\/@expo-google-fonts\/noto-sans\//);
    expect(message).toContain('"元" U+5143 in content.milestones[1].title.en');
    expect(message).not.toMatch(/\.zh\b/); // 元 is all over the Chinese text, which Noto Sans SC draws
    expect(message).toContain('LATIN_FROM_SC');
  });

  it('Noto Sans: takes a LATIN_FROM_SC character from Noto Sans SC of the same weight, and draws it as measured', async () => {
    for (const f of LATIN_FACES) {
      const latin = await buildFontSubset('Go → on', f, { cacheDir: false });
      const sc = await buildFontSubset('→', f === 'latinBold' ? 'scBold' : 'scRegular', { cacheDir: false });
      expect(latin.borrowed).toEqual(['→']);
      expect(latin.metrics.advances['→']).toBe(sc.metrics.advances['→']);
      expect(latin.metrics.advances.o).toBeLessThan(sc.metrics.advances.o ?? 1000);
      const { font, Typr } = await troikaParse(latin.woff);
      for (const ch of 'Go→n ') {
        const glyph = Typr.U.codeToGlyph(font, ch.codePointAt(0)!);
        expect(glyph, `${f} ${ch}`).toBeGreaterThan(0);
        expect(font.hmtx.aWidth[glyph], `${f} ${ch}`).toBe(latin.metrics.advances[ch]);
      }
      expect(font.GPOS).toBeUndefined();
      expect(font.GSUB).toBeUndefined();
    }
  });

  it('Noto Sans: optional characters go in when the font has them and are skipped silently when not', async () => {
    const { metrics, characters } = await buildFontSubset('ab', 'latinRegular', { optional: '中é“', cacheDir: false });
    expect(Object.keys(metrics.advances).sort()).toEqual(['a', 'b', 'é', '“'].sort());
    expect(characters).toBe(4);
  });

  it('needs no glyph for whitespace and control characters', async () => {
    for (const f of ['scRegular', 'latinRegular'] as const) {
      const { metrics, ignored } = await buildFontSubset(['a', ' ', '\t', '\n', '\u0007'], f, { cacheDir: false });
      expect(metrics.advances.a).toBeGreaterThan(0);
      expect(metrics.advances[' ']).toBeGreaterThan(0);
      for (const ch of ['\t', '\n', '\u0007']) expect(ch in metrics.advances || ignored.includes(ch)).toBe(true);
    }
  });

  it('caches on disk, per face, keyed by the characters', async () => {
    const cacheDir = tmpDir();
    const first = await buildFontSubset('中文 abc', 'scRegular', { cacheDir });
    const second = await buildFontSubset(['a', 'b', 'c', ' ', '文', '中'], 'scRegular', { cacheDir });
    const other = await buildFontSubset('中文 abcd', 'scRegular', { cacheDir });
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.woff.equals(first.woff)).toBe(true);
    expect(second.metrics).toEqual(first.metrics);
    expect(other.fromCache).toBe(false);
    expect(readdirSync(cacheDir).sort()).toHaveLength(4);
    // Another face with the same characters is another entry; a Latin face with a borrowed glyph caches too.
    const latin = await buildFontSubset('abc →', 'latinBold', { cacheDir });
    const latinAgain = await buildFontSubset('→ cba', 'latinBold', { cacheDir });
    expect([latin.fromCache, latinAgain.fromCache]).toEqual([false, true]);
    expect(latinAgain.woff.equals(latin.woff)).toBe(true);
    expect(latinAgain.borrowed).toEqual(['→']);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('latinBold-'))).toHaveLength(2);
  });
});
