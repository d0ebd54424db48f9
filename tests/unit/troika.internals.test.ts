// StableBatchedText (src/scene/StableBatchedText.ts) overrides private members of troika-three-text's BatchedText.
// If an upgrade of troika renames or reshapes them, the override would silently stop saving work (or break the text
// a visitor reads): this fails loudly first. package.json pins troika at the version the override was written against.
import { readFileSync } from 'node:fs';
import { BatchedText, Text } from 'troika-three-text';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const installed = JSON.parse(readFileSync(new URL('../../node_modules/troika-three-text/package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('troika-three-text, as StableBatchedText relies on it', () => {
  it('is declared at the exact version that is installed (0.52.x, the one StableBatchedText was written against)', () => {
    expect(pkg.dependencies['troika-three-text']).toBe(installed.version);
    expect(installed.version).toMatch(/^0\.52\./);
  });

  it('Text and BatchedText still have the private methods that are overridden, with the same arity', () => {
    expect(typeof Text.prototype._prepareForRender).toBe('function');
    expect(Text.prototype._prepareForRender.length).toBe(1);
    expect(typeof BatchedText.prototype._prepareForRender).toBe('function');
    expect(BatchedText.prototype._prepareForRender.length).toBe(1);
    for (const m of ['updateBounds', 'hasOutline', 'sync', 'addText', 'removeText'] as const) {
      expect(typeof BatchedText.prototype[m], m).toBe('function');
    }
  });

  it('a BatchedText keeps its packed data in _dataTextures, one slot per material (main, outline)', () => {
    const batch = new BatchedText();
    expect(batch._dataTextures).toBeTypeOf('object');
    expect(Object.keys(batch._dataTextures)).toEqual([]);
    // troika's own code fills the slots by these names.
    const source = readFileSync(new URL('../../node_modules/troika-three-text/dist/troika-three-text.esm.js', import.meta.url), 'utf8');
    expect(source).toContain("this._dataTextures[isOutline ? 'outline' : 'main']");
    expect(source).toMatch(/isTextOutlineMaterial/);
    batch.dispose();
  });
});
