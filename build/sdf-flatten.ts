// troika-three-text's glyph SDFs from flattened outlines (src/text/flattenPath.ts says why).
//
// troika calls webgl-sdf-generator from one line of its bundle; this plugin rewrites that line so the path it
// hands over is flattened first. package.json pins troika at the exact version this was written against; if an
// upgrade moves or renames the line, the build (and the dev server) fails here naming it, rather than silently
// building every glyph the slow way again. Only the WebGL path is rewritten: troika's JavaScript fallback (for a
// browser whose WebGL cannot build SDFs) runs in workers built from function source and keeps its own cut.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** troika's call to the WebGL generator, in dist/troika-three-text.esm.js. */
export const TROIKA_SDF_CALL = 'mainThreadGenerator.webgl.generateIntoCanvas(...args);';
const TROIKA_BUNDLE = /[\\/]troika-three-text[\\/]dist[\\/]troika-three-text\.esm\.js$/;
const FLATTEN_MODULE = fileURLToPath(new URL('../src/text/flattenPath.ts', import.meta.url));

/** troika's bundle with its SDF call rewritten to flatten the glyph's path first (exported for tests). */
export function rewriteTroikaSdfCall(code: string, id = 'troika-three-text'): string {
  const at = code.indexOf(TROIKA_SDF_CALL);
  if (at < 0 || code.indexOf(TROIKA_SDF_CALL, at + 1) >= 0) {
    throw new Error(
      `${id}: expected exactly one "${TROIKA_SDF_CALL}" (build/sdf-flatten.ts was written against troika-three-text 0.52.5); ` +
        'update the plugin for this troika version',
    );
  }
  return (
    `import { flattenSdfArgs as __iammFlattenSdfArgs } from ${JSON.stringify(FLATTEN_MODULE)};\n` +
    code.slice(0, at) +
    'mainThreadGenerator.webgl.generateIntoCanvas(...__iammFlattenSdfArgs(args));' +
    code.slice(at + TROIKA_SDF_CALL.length)
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
