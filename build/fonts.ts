// Build-time font subsetting (node only). Turns Noto Sans SC (~10 MB per weight) and Noto Sans
// (~600 KB per weight; both OFL) into four small WOFFs, one per face (src/text/faces.ts), holding
// exactly the characters that face draws, plus the advance widths the app needs to break lines
// without a renderer (src/text/metrics.ts).
//
// Why the subsets have no GSUB/GPOS/GDEF: troika-three-text (drei <Text>) applies *every* GPOS
// lookup of a font regardless of its feature, so Noto Sans SC's `halt`/`palt`/`vpal`/`vkrn`
// lookups would squeeze CJK punctuation to half width and shift it vertically; its GSUB handling
// would apply ligatures. Without those tables troika draws each character with its plain
// `hmtx` advance, which is exactly what `measure()` sums, so our line breaks fit what is drawn.
// The Latin faces drop them too, for the same guarantee. (The cost: Latin pairs lose their
// kerning, a few hundredths of an em at most.)
//
// Noto Sans has no glyph for a few characters neutral and English runs draw (LATIN_FROM_SC: "→");
// a Latin subset gets those glyphs, with their advances, from Noto Sans SC of the same weight,
// merged in with fonteditor-core, so each run still needs one font only.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import type { Exhibit } from '../src/content/schema.ts';
import { FACE_INFO, LATIN_FROM_SC, scFaceOf, type Face } from '../src/text/faces.ts';
import { describeMissing, fontPackageFor, formatMissing } from '../src/text/glyphs.ts';
import type { FontMetrics } from '../src/text/metrics.ts';

const require = createRequire(import.meta.url);

/** Bump when the subsetting or the metrics change, to invalidate the disk cache. */
export const FONT_CODE_VERSION = 5;

export const FONT_SOURCES: Record<Face, string> = {
  scRegular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  scBold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  latinRegular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  latinBold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
};

/** Options handed to subset-font. */
const SUBSET_OPTIONS = {
  targetFormat: 'woff' as 'woff' | 'truetype', // troika reads ttf/otf/woff, not woff2
  keepFeatures: [] as string[],
  noLayoutClosure: true,
  noHinting: true, // SDF rendering ignores hinting
  // Layout tables (see the note at the top), vertical metrics and bitmaps/device tables troika never reads.
  dropTables: ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'vhea', 'vmtx', 'VORG', 'DSIG', 'hdmx', 'LTSH', 'VDMX', 'kern', 'meta', 'STAT'],
  // Keep copyright, licence description and licence URL (OFL 1.1) in the name table.
  preserveNameIds: [0, 13, 14],
};

type SubsetFn = (font: Buffer, text: string, options: typeof SUBSET_OPTIONS) => Promise<Buffer>;

/** The part of fonteditor-core (CommonJS) used to merge borrowed glyphs into a Latin subset. */
interface EditorFont {
  get(): { head: { unitsPerEm: number }; name: Record<string, string> };
  merge(other: EditorFont, options: { scale: number }): EditorFont;
  write(options: { type: 'woff'; toBuffer: true; hinting: false; kerning: false; deflate: (data: number[]) => Uint8Array }): Buffer;
}
interface FontEditorCore {
  createFont(buffer: Buffer, options: { type: 'ttf'; hinting: false; kerning: false; compound2simple: boolean }): EditorFont;
}

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_FONT_CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'iamm-fonts');

export interface FontSubsetOptions {
  /** The exhibit the characters come from, to say where a missing character occurs. */
  exhibit?: Exhibit;
  /** Names of the exhibit's top-level keys in messages, e.g. `{ content: 'scenes/milestones.yaml' }`. */
  rootLabels?: Record<string, string>;
  /** Which content paths a missing-character message names (default: all). The Latin faces name English strings only. */
  include?: (path: string) => boolean;
  /**
   * Characters to put in the subset if the font has them, and to leave out silently if it has not:
   * text only the HTML shows, where the browser takes a missing glyph from the next font of the stack.
   */
  optional?: Iterable<string>;
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
  /** Characters whose glyph a Latin face took from Noto Sans SC (LATIN_FROM_SC). */
  borrowed: string[];
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

/** Keeps the newest CACHE_KEEP entries of a face (content edits would otherwise pile up subsets). */
const CACHE_KEEP = 8;
function pruneCache(cacheDir: string, face: Face): void {
  const entries = readdirSync(cacheDir)
    .filter((name) => name.startsWith(`${face}-`) && name.endsWith('.json'))
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
  borrowed: string[];
}

const fileStamp = (file: string) => {
  const stat = statSync(file);
  return { name: path.basename(file), size: stat.size, mtime: stat.mtimeMs };
};

/**
 * Merges the glyphs of `borrowed` from `donor` (Noto Sans SC) into the Latin subset of `present`
 * and returns it as WOFF. Both fonts are TrueType (glyf) with 1000 units per em.
 */
async function mergeBorrowed(
  data: Buffer,
  present: string[],
  donorData: Buffer,
  borrowed: string[],
  subsetFont: SubsetFn,
): Promise<Buffer> {
  const own = await subsetFont(data, present.join(''), { ...SUBSET_OPTIONS, targetFormat: 'truetype' });
  const lent = await subsetFont(donorData, borrowed.join(''), { ...SUBSET_OPTIONS, targetFormat: 'truetype' });
  const { createFont } = require('fonteditor-core') as FontEditorCore;
  const options = { type: 'ttf', hinting: false, kerning: false } as const;
  const font = createFont(own, { ...options, compound2simple: false });
  // merge() takes simple glyphs only; a borrowed glyph may be a composite.
  const donor = createFont(lent, { ...options, compound2simple: true });
  const upem = [font.get().head.unitsPerEm, donor.get().head.unitsPerEm];
  if (upem[0] !== upem[1]) throw new Error(`Font subset: cannot borrow glyphs across units per em ${upem.join(' vs ')}`);
  font.merge(donor, { scale: 1 });
  // OFL: the borrowed glyphs' copyright travels with them.
  const name = font.get().name;
  const donorCopyright = donor.get().name.copyright;
  if (donorCopyright) {
    name.copyright = [name.copyright, `Glyphs ${borrowed.join(' ')} from Noto Sans SC: ${donorCopyright}`].filter(Boolean).join('; ');
  }
  return font.write({
    type: 'woff',
    toBuffer: true,
    hinting: false,
    kerning: false,
    deflate: (bytes) => deflateSync(Uint8Array.from(bytes)),
  });
}

/**
 * Subsets the font of `face` to `chars` (plus whichever `options.optional` characters it has) and
 * returns the WOFF and its metrics. A Latin face takes the LATIN_FROM_SC characters it lacks from
 * Noto Sans SC of its weight. Throws when a character of `chars` that needs a glyph is not in the
 * font, naming each such character, its code point and (given `options.exhibit`) the content paths
 * where it appears.
 */
export async function buildFontSubset(chars: Iterable<string>, face: Face, options: FontSubsetOptions = {}): Promise<FontSubset> {
  const info = FACE_INFO[face];
  const source = require.resolve(FONT_SOURCES[face]);
  const donorFace = info.script === 'latin' ? scFaceOf(face) : undefined;
  const donorSource = donorFace ? require.resolve(FONT_SOURCES[donorFace]) : undefined;
  const wanted = normalise(chars);
  const wantedSet = new Set(wanted);
  const optional = normalise(options.optional ?? []).filter((ch) => !wantedSet.has(ch));
  const cacheDir = options.cacheDir === undefined ? DEFAULT_FONT_CACHE_DIR : options.cacheDir;

  const key = createHash('sha256')
    .update(
      JSON.stringify({
        v: FONT_CODE_VERSION,
        face,
        chars: wanted.join(''),
        optional: optional.join(''),
        source: fileStamp(source),
        ...(donorSource ? { donor: fileStamp(donorSource), borrow: LATIN_FROM_SC, fonteditor: packageVersion('fonteditor-core') } : {}),
        subsetFont: packageVersion('subset-font'),
        harfbuzzjs: packageVersion('harfbuzzjs'),
        options: SUBSET_OPTIONS,
      }),
    )
    .digest('hex')
    .slice(0, 32);
  const base = cacheDir ? path.join(cacheDir, `${face}-${key}`) : undefined;

  if (base) {
    try {
      const entry = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as CacheEntry;
      const woff = readFileSync(`${base}.woff`);
      const { metrics, characters, ignored, borrowed } = entry;
      return { woff, metrics, characters, ignored, borrowed, fromCache: true, source };
    } catch {
      // not cached (or unreadable): build it
    }
  }

  const data = readFileSync(source);
  const font = await openSourceFont(source, data);
  const donorData = donorSource ? readFileSync(donorSource) : undefined;
  const donor = donorSource && donorData ? await openSourceFont(donorSource, donorData) : undefined;
  const advances: Record<string, number> = {};
  const missing: string[] = [];
  const ignored: string[] = [];
  const borrowed: string[] = [];
  for (const ch of wanted) {
    const cp = ch.codePointAt(0) ?? 0;
    const advance = font.advance(cp);
    const lent = donor && LATIN_FROM_SC.includes(ch) ? donor.advance(cp) : undefined;
    if (advance !== undefined) advances[ch] = advance;
    else if (lent !== undefined) {
      advances[ch] = lent;
      borrowed.push(ch);
    } else if (needsGlyph(ch)) missing.push(ch);
    else ignored.push(ch);
  }
  for (const ch of optional) {
    const advance = font.advance(ch.codePointAt(0) ?? 0);
    if (advance !== undefined) advances[ch] = advance;
  }
  if (missing.length) {
    const many = missing.length > 1;
    const them = many ? 'them' : 'it';
    const remedy =
      info.script === 'latin'
        ? `Replace ${them} in the scene files (scenes/*.yaml); or, if Noto Sans SC has ${them}, add ${them} to ` +
          `LATIN_FROM_SC in src/text/faces.ts so English and neutral text draws Noto Sans SC's glyph.`
        : `Replace ${them} in the scene files (scenes/*.yaml), or add a font that has ${them}; ` +
          `the exhibit must not fall back to fonts from the network.`;
    const packages = [...new Set(missing.map(fontPackageFor).filter((p): p is string => p !== null))];
    const cover = packages.length ? `\nA font that would cover ${them}: ${packages.join('; ')} (not shipped with the exhibit).` : '';
    throw new Error(
      `Font subset: ${missing.length} character${many ? 's have' : ' has'} no glyph in ${info.fontName} ` +
        `(${path.relative(PROJECT_ROOT, source)}):\n` +
        formatMissing(describeMissing(options.exhibit, missing, options.rootLabels, options.include)) +
        `\n${remedy}${cover}`,
    );
  }

  const subsetFont = require('subset-font') as SubsetFn;
  const present = Object.keys(advances).filter((ch) => !borrowed.includes(ch));
  const woff =
    borrowed.length && donorData
      ? await mergeBorrowed(data, present, donorData, borrowed, subsetFont)
      : await subsetFont(data, present.join(''), SUBSET_OPTIONS);
  const metrics: FontMetrics = {
    unitsPerEm: font.unitsPerEm,
    ascender: font.ascender,
    descender: font.descender,
    lineGap: font.lineGap,
    advances,
    fallbackAdvance: font.unitsPerEm,
  };
  const characters = Object.keys(advances).length;

  if (base && cacheDir) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const entry: CacheEntry = { metrics, characters, ignored, borrowed };
      const tmp = `${base}.${process.pid}.tmp`;
      writeFileSync(`${tmp}.woff`, woff);
      renameSync(`${tmp}.woff`, `${base}.woff`);
      writeFileSync(`${tmp}.json`, JSON.stringify(entry));
      renameSync(`${tmp}.json`, `${base}.json`); // written last: its presence means the entry is complete
      pruneCache(cacheDir, face);
    } catch {
      // a read-only cache is not an error
    }
  }
  return { woff, metrics, characters, ignored, borrowed, fromCache: false, source };
}
