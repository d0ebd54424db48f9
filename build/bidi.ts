// troika-three-text orders right-to-left runs with bidi-js (≈ 6 kB gzipped in every visitor's first download).
// An exhibit whose words hold no right-to-left character, no Arabic digit and no explicit direction mark gets
// embedding level 0 for every character of every text and no run to reverse, so troika needs nothing of bidi-js:
// the build hands it a stub that answers exactly that. If the scenes hold any such character, the build keeps
// the real bidi-js (and says so). The exhibit's fonts (Noto Sans SC, Noto Sans) have no Arabic or Hebrew glyphs,
// so today such a character fails the build's glyph check first; the switch is for the day they do.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { tourTexts } from '../src/content/tours.ts';
import { codePointLabel, collectCharacters } from '../src/text/glyphs.ts';
import { loadScenesFromDir } from './load-scenes.ts';

const require = createRequire(import.meta.url);
const STUB_ID = '\0iamm-bidi-ltr';

/** Bidi classes that can give a character a level other than 0 in a paragraph that starts left to right. */
const NOT_LTR = new Set(['R', 'AL', 'AN', 'LRE', 'RLE', 'LRO', 'RLO', 'PDF', 'LRI', 'RLI', 'FSI', 'PDI']);

/** The first character of `chars` that needs the real bidi algorithm, or null when every text is left to right. */
export function firstBidiCharacter(chars: Iterable<string>): string | null {
  const bidi = (require('bidi-js') as () => { getBidiCharTypeName(ch: string): string })();
  for (const ch of chars) if (NOT_LTR.has(bidi.getBidiCharTypeName(ch))) return ch;
  return null;
}

/**
 * The stub: bidi-js's factory with the three calls troika makes, answering as bidi-js does for left-to-right text.
 * It must stand alone (troika runs it in its worker from the function's source).
 */
export const BIDI_LTR_STUB = `export default function bidiFactory() {
  return {
    getEmbeddingLevels(text) {
      return { levels: new Uint8Array(text.length), paragraphs: [{ start: 0, end: text.length - 1, level: 0 }] };
    },
    getReorderSegments() { return []; },
    getMirroredCharacter() { return null; },
  };
}`;

export function bidiPlugin(options: { scenesDir: string }): Plugin {
  let config: ResolvedConfig;
  let decided: Promise<string | null> | undefined;
  return {
    name: 'iamm-bidi-ltr',
    apply: 'build',
    enforce: 'pre',
    configResolved(resolved) {
      config = resolved;
    },
    async resolveId(source, importer) {
      if (source !== 'bidi-js' || !importer || !/[\\/]troika-three-text[\\/]/.test(importer)) return null;
      decided ??= (async () => {
        const { exhibit, tours } = loadScenesFromDir(path.resolve(config.root, options.scenesDir), config.publicDir || undefined);
        const chars = collectCharacters(exhibit);
        for (const tour of tours) for (const { text } of tourTexts(tour)) for (const ch of text) chars.add(ch);
        return firstBidiCharacter(chars);
      })();
      const rtl = await decided;
      if (rtl === null) return STUB_ID;
      config.logger.info(`[iamm-bidi] the scenes hold ${JSON.stringify(rtl)} (${codePointLabel(rtl)}): troika keeps bidi-js`);
      return null;
    },
    load(id) {
      return id === STUB_ID ? BIDI_LTR_STUB : null;
    },
  };
}
