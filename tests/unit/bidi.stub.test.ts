// The build's bidi-js stub (build/bidi.ts): for the IAMM scenes it answers exactly what bidi-js answers for every
// string the exhibit holds, and a right-to-left character keeps the real bidi-js in the build.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bidiFactory from 'bidi-js';
import type { ResolvedConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { BIDI_LTR_STUB, bidiPlugin, firstBidiCharacter } from '../../build/bidi.ts';
import { loadScenesFromDir } from '../../build/load-scenes.ts';
import { tourTexts } from '../../src/content/tours.ts';
import { walkStrings } from '../../src/text/glyphs.ts';

const TROIKA = path.resolve('node_modules/troika-three-text/dist/troika-three-text.esm.js');
const real = bidiFactory();
// The stub's source, run as troika's worker runs it: the function alone.
const stub = new Function(BIDI_LTR_STUB.replace('export default function', 'return function'))()() as ReturnType<typeof bidiFactory>;

async function resolveFor(scenesDir: string): Promise<unknown> {
  const plugin = bidiPlugin({ scenesDir }) as unknown as {
    configResolved: (c: ResolvedConfig) => void;
    resolveId: (this: unknown, source: string, importer?: string) => Promise<unknown>;
  };
  const infos: string[] = [];
  plugin.configResolved({
    root: process.cwd(),
    publicDir: path.resolve('public'),
    logger: { info: (m: string) => infos.push(m) },
  } as unknown as ResolvedConfig);
  const id = await plugin.resolveId.call({}, 'bidi-js', TROIKA);
  return { id, infos };
}

describe('bidi-js stub', () => {
  it('gives every string of the IAMM scenes and tours the levels and reorderings bidi-js gives them', () => {
    const { exhibit, tours } = loadScenesFromDir('scenes');
    const texts: string[] = [];
    walkStrings(exhibit, (t) => texts.push(t));
    for (const tour of tours) for (const { text } of tourTexts(tour)) texts.push(text);
    expect(texts.length).toBeGreaterThan(100);
    for (const text of texts) {
      const r = real.getEmbeddingLevels(text, 'auto');
      const s = stub.getEmbeddingLevels(text, 'auto');
      expect([...s.levels], text).toEqual([...r.levels]);
      expect(stub.getReorderSegments(text, s, 0, text.length - 1), text).toEqual(real.getReorderSegments(text, r, 0, text.length - 1));
    }
  });

  it('names the first character that needs the real algorithm', () => {
    expect(firstBidiCharacter('IAMM 2020–2021 国际元宇宙医学协会 (DOI 10.1/x)')).toBeNull();
    expect(firstBidiCharacter('ab שלום')).toBe('ש');
    expect(firstBidiCharacter('x ٣')).toBe('٣'); // an Arabic-Indic digit
    expect(firstBidiCharacter('a\u200fb')).toBe('\u200f'); // RIGHT-TO-LEFT MARK
    expect(firstBidiCharacter('a\u2067b')).toBe('\u2067'); // RIGHT-TO-LEFT ISOLATE
  });

  it('the build stubs bidi-js for troika with the IAMM scenes, and keeps it when a scene holds Hebrew', async () => {
    const iamm = (await resolveFor('scenes')) as { id: unknown };
    expect(iamm.id).toBe('\0iamm-bidi-ltr');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'iamm-bidi-'));
    try {
      cpSync('scenes', dir, { recursive: true });
      const file = path.join(dir, 'exhibit.yaml');
      const yaml = readFileSync(file, 'utf8');
      // The first English title of the exhibit gets a Hebrew word.
      const changed = yaml.replace(/^(\s*en: )(["']?)(.+)$/m, (_m, head: string, q: string, rest: string) => `${head}${q}שלום ${rest}`);
      expect(changed).not.toBe(yaml);
      writeFileSync(file, changed);
      const hebrew = (await resolveFor(dir)) as { id: unknown; infos: string[] };
      expect(hebrew.id).toBeNull();
      expect(hebrew.infos.join('\n')).toMatch(/U\+05E9.*keeps bidi-js/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
