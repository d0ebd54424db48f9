// Build-time font subsetting (node only). Turns Noto Sans SC (~10 MB per weight, OFL) into a
// small WOFF holding exactly the characters the exhibit draws, plus the advance widths the app
// needs to break lines without a renderer (src/text/metrics.ts).
//
// Why the subset has no GSUB/GPOS/GDEF: troika-three-text (drei <Text>) applies *every* GPOS
// lookup of a font regardless of its feature, so Noto Sans SC's `halt`/`palt`/`vpal`/`vkrn`
// lookups would squeeze CJK punctuation to half width and shift it vertically; its GSUB handling
// would apply ligatures. Without those tables troika draws each character with its plain
// `hmtx` advance, which is exactly what `measure()` sums, so our line breaks fit what is drawn.
// (The cost: Latin pairs lose their kerning, a few hundredths of an em at most.)
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exhibit } from '../src/content/schema';
import { describeMissing, formatMissing } from '../src/text/glyphs';
import type { FontMetrics } from '../src/text/metrics';

const require = createRequire(import.meta.url);

/** Bump when the subsetting or the metrics change, to invalidate the disk cache. */
export const FONT_CODE_VERSION = 3;

export type FontWeight = 'regular' | 'bold';

export const FONT_SOURCES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

/** Options handed to subset-font. */
const SUBSET_OPTIONS = {
  targetFormat: 'woff' as const, // troika reads ttf/otf/woff, not woff2
  keepFeatures: [] as string[],
  noLayoutClosure: true,
  noHinting: true, // SDF rendering ignores hinting
  // Layout tables (see the note at the top), vertical metrics and bitmaps/device tables troika never reads.
  dropTables: ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'vhea', 'vmtx', 'VORG', 'DSIG', 'hdmx', 'LTSH', 'VDMX', 'kern', 'meta', 'STAT'],
  // Keep copyright, licence description and licence URL (OFL 1.1) in the name table.
  preserveNameIds: [0, 13, 14],
};

type SubsetFn = (font: Buffer, text: string, options: typeof SUBSET_OPTIONS) => Promise<Buffer>;

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_FONT_CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'iamm-fonts');

export interface FontSubsetOptions {
  /** The exhibit the characters come from, to say where a missing character occurs. */
  exhibit?: Exhibit;
  /** Names of the exhibit's top-level keys in messages, e.g. `{ content: 'scenes/milestones.yaml' }`. */
  rootLabels?: Record<string, string>;
  /** Where to cache subsets; `false` disables the cache. Default node_modules/.cache/iamm-fonts/. */
  cacheDir?: string | false;
}

export interface FontSubset {
  woff: Buffer;
  metrics: FontMetrics;
  /** Characters with a glyph in the subset. */
  characters: number;
  /** The characters asked for that need no glyph (whitespace/control the font lacks). */
  ignored: string[];
  fromCache: boolean;
  /** Absolute path of the source font. */
  source: string;
}

/** Whitespace and control characters need no glyph: troika lays whitespace out without one. */
export function needsGlyph(char: string): boolean {
  return !/^[\s\p{Cc}]$/u.test(char);
}

/** Code points of `chars` (strings are split into code points), unique, sorted. */
function normalise(chars: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const item of chars) for (const ch of item) set.add(ch);
  return [...set].sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0));
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

// --- reading the source font (harfbuzzjs) ---------------------------------------------------

interface SourceFont {
  unitsPerEm: number;
  ascender: number;
  descender: number;
  lineGap: number;
  /** glyph advance of a code point, or undefined if the font has no glyph for it */
  advance(codePoint: number): number | undefined;
}

const sourceFonts = new Map<string, Promise<SourceFont>>();

function openSourceFont(file: string, data: Buffer): Promise<SourceFont> {
  let pending = sourceFonts.get(file);
  if (!pending) {
    pending = (async () => {
      const hb = await import('harfbuzzjs');
      const face = new hb.Face(new hb.Blob(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      const font = new hb.Font(face);
      const os2 = face.referenceTable('OS/2');
      const hhea = face.referenceTable('hhea');
      const int16 = (table: Uint8Array | undefined, offset: number): number | undefined =>
        table && table.byteLength >= offset + 2
          ? new DataView(table.buffer, table.byteOffset, table.byteLength).getInt16(offset)
          : undefined;
      // Same choice as troika's FontParser: OS/2 typo metrics, else hhea.
      const unitsPerEm = face.upem;
      const ascender = int16(os2, 68) ?? int16(hhea, 4) ?? unitsPerEm;
      return {
        unitsPerEm,
        ascender,
        descender: int16(os2, 70) ?? int16(hhea, 6) ?? 0,
        lineGap: int16(os2, 72) ?? int16(hhea, 8) ?? 0,
        advance(codePoint) {
          const glyph = font.nominalGlyph(codePoint);
          return glyph ? font.glyphHAdvance(glyph) : undefined;
        },
      };
    })();
    pending.catch(() => sourceFonts.delete(file));
    sourceFonts.set(file, pending);
  }
  return pending;
}

/** Keeps the newest CACHE_KEEP entries of a weight (content edits would otherwise pile up subsets). */
const CACHE_KEEP = 8;
function pruneCache(cacheDir: string, weight: FontWeight): void {
  const entries = readdirSync(cacheDir)
    .filter((name) => name.startsWith(`${weight}-`) && name.endsWith('.json'))
    .map((name) => ({ name, mtime: statSync(path.join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of entries.slice(CACHE_KEEP)) {
    const stem = path.join(cacheDir, name.slice(0, -'.json'.length));
    rmSync(`${stem}.json`, { force: true });
    rmSync(`${stem}.woff`, { force: true });
  }
}

// --- the subset -----------------------------------------------------------------------------

interface CacheEntry {
  metrics: FontMetrics;
  characters: number;
  ignored: string[];
}

/**
 * Subsets Noto Sans SC (`weight`) to `chars` and returns the WOFF and its metrics.
 * Throws when a character that needs a glyph is not in the font, naming each such character,
 * its code point and (given `options.exhibit`) the content paths where it appears.
 */
export async function buildFontSubset(
  chars: Iterable<string>,
  weight: FontWeight,
  options: FontSubsetOptions = {},
): Promise<FontSubset> {
  const source = require.resolve(FONT_SOURCES[weight]);
  const stat = statSync(source);
  const wanted = normalise(chars);
  const cacheDir = options.cacheDir === undefined ? DEFAULT_FONT_CACHE_DIR : options.cacheDir;

  const key = createHash('sha256')
    .update(
      JSON.stringify({
        v: FONT_CODE_VERSION,
        weight,
        chars: wanted.join(''),
        source: { name: path.basename(source), size: stat.size, mtime: stat.mtimeMs },
        subsetFont: packageVersion('subset-font'),
        harfbuzzjs: packageVersion('harfbuzzjs'),
        options: SUBSET_OPTIONS,
      }),
    )
    .digest('hex')
    .slice(0, 32);
  const base = cacheDir ? path.join(cacheDir, `${weight}-${key}`) : undefined;

  if (base) {
    try {
      const entry = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as CacheEntry;
      const woff = readFileSync(`${base}.woff`);
      return { woff, metrics: entry.metrics, characters: entry.characters, ignored: entry.ignored, fromCache: true, source };
    } catch {
      // not cached (or unreadable): build it
    }
  }

  const data = readFileSync(source);
  const font = await openSourceFont(source, data);
  const advances: Record<string, number> = {};
  const missing: string[] = [];
  const ignored: string[] = [];
  for (const ch of wanted) {
    const advance = font.advance(ch.codePointAt(0) ?? 0);
    if (advance !== undefined) advances[ch] = advance;
    else if (needsGlyph(ch)) missing.push(ch);
    else ignored.push(ch);
  }
  if (missing.length) {
    const fontName = `Noto Sans SC ${weight === 'bold' ? 'Bold' : 'Regular'}`;
    throw new Error(
      `Font subset: ${missing.length} character${missing.length > 1 ? 's have' : ' has'} no glyph in ${fontName} ` +
        `(${path.relative(PROJECT_ROOT, source)}):\n` +
        formatMissing(describeMissing(options.exhibit, missing, options.rootLabels)) +
        `\nReplace ${missing.length > 1 ? 'them' : 'it'} in the scene files (scenes/*.yaml), or add a font that has ` +
        `${missing.length > 1 ? 'them' : 'it'}; the exhibit must not fall back to fonts from the network.`,
    );
  }

  const subsetFont = require('subset-font') as SubsetFn;
  const present = Object.keys(advances);
  const woff = await subsetFont(data, present.join(''), SUBSET_OPTIONS);
  const metrics: FontMetrics = {
    unitsPerEm: font.unitsPerEm,
    ascender: font.ascender,
    descender: font.descender,
    lineGap: font.lineGap,
    advances,
    fallbackAdvance: font.unitsPerEm,
  };

  if (base && cacheDir) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const entry: CacheEntry = { metrics, characters: present.length, ignored };
      const tmp = `${base}.${process.pid}.tmp`;
      writeFileSync(`${tmp}.woff`, woff);
      renameSync(`${tmp}.woff`, `${base}.woff`);
      writeFileSync(`${tmp}.json`, JSON.stringify(entry));
      renameSync(`${tmp}.json`, `${base}.json`); // written last: its presence means the entry is complete
      pruneCache(cacheDir, weight);
    } catch {
      // a read-only cache is not an error
    }
  }
  return { woff, metrics, characters: present.length, ignored, fromCache: false, source };
}
