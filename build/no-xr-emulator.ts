// @react-three/xr can load a WebXR emulator (IWER and its dev UI, ~1.3 MB) with a dynamic import. The exhibit
// never turns it on (src/app/xr.ts: `emulate: false`; tests inject IWER themselves), so the production build replaces
// the module with a stub: the emulator is neither loaded nor shipped, nor precached by anything that lists assets.
import type { Plugin } from 'vite';

const STUB_ID = '\0iamm-no-xr-emulator';

export function noXrEmulatorPlugin(): Plugin {
  return {
    name: 'iamm-no-xr-emulator',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './emulate.js' && importer && /[\\/]@pmndrs[\\/]xr[\\/]dist[\\/]store\.js$/.test(importer)) return STUB_ID;
      return null;
    },
    load(id) {
      if (id !== STUB_ID) return null;
      return `export function emulate() { throw new Error('The WebXR emulator is not part of the production build.'); }`;
    },
  };
}
