// troika-three-text's glyph SDFs from flattened outlines (src/text/flattenPath.ts says why).
//
// Every glyph troika builds goes through one function of its bundle, generateSDF (then on to the WebGL generator,
// or to JavaScript workers where WebGL cannot build SDFs); this plugin makes that function flatten the path first. package.json pins troika at the exact version this was written against; if an
// upgrade moves or renames the line, the build (and the dev server) fails here naming it, rather than silently
// building every glyph the slow way again.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** The head of troika's generateSDF, in dist/troika-three-text.esm.js. */
export const TROIKA_SDF_ENTRY =
  'function generateSDF(width, height, path, viewBox, distance, exponent, canvas, x, y, channel, useWebGL = true) {';
const TROIKA_BUNDLE = /[\\/]troika-three-text[\\/]dist[\\/]troika-three-text\.esm\.js$/;
const FLATTEN_MODULE = fileURLToPath(new URL('../src/text/flattenPath.ts', import.meta.url));

/** troika's bundle with generateSDF flattening the glyph's path first (exported for tests). */
export function rewriteTroikaSdfCall(code: string, id = 'troika-three-text'): string {
  const at = code.indexOf(TROIKA_SDF_ENTRY);
  if (at < 0 || code.indexOf(TROIKA_SDF_ENTRY, at + 1) >= 0) {
    throw new Error(
      `${id}: expected exactly one "${TROIKA_SDF_ENTRY}" (build/sdf-flatten.ts was written against troika-three-text 0.52.5); ` +
        'update the plugin for this troika version',
    );
  }
  return (
    `import { flattenSdfPath as __iammFlattenSdfPath } from ${JSON.stringify(FLATTEN_MODULE)};\n` +
    code.slice(0, at + TROIKA_SDF_ENTRY.length) +
    '\n  path = __iammFlattenSdfPath(path, viewBox, width);' +
    code.slice(at + TROIKA_SDF_ENTRY.length)
  );
}

const transform = (code: string, id: string): { code: string; map: null } | null =>
  TROIKA_BUNDLE.test(id.split('?')[0] ?? id) ? { code: rewriteTroikaSdfCall(code, id), map: null } : null;

/**
 * The rewrite in the build and in the dev server; the dev server pre-bundles troika with its dependency optimizer,
 * which runs no Vite plugin: the same transform is added to the optimizer's own plugins.
 */
export function sdfFlattenPlugin(): Plugin {
  return {
    name: 'iamm-sdf-flatten',
    enforce: 'pre',
    config() {
      return { optimizeDeps: { rolldownOptions: { plugins: [{ name: 'iamm-sdf-flatten-deps', transform }] } } };
    },
    transform,
  };
}
