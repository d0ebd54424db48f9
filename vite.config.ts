import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bidiPlugin } from './build/bidi.ts';
import { exhibitPlugin } from './build/exhibit.ts';
import { noXrEmulatorPlugin } from './build/no-xr-emulator.ts';
import { pwaPlugins } from './build/pwa.ts';
import { sdfFlattenPlugin } from './build/sdf-flatten.ts';
import { xrAssetsPlugin } from './build/xr-assets.ts';
import { buildVersionPlugin, makeBuildVersion } from './build/version.ts';

// SCENES_DIR builds another exhibit (e.g. one made by `npm run import`), offline copy included.
// IAMM_SCENES_DIR builds another set of scene files for measuring only (the bench's synthetic 200-milestone scene,
// scripts/synthetic-scene.ts; the e2e tests' imported timeline): such a build gets no service worker.
const scenesDir = process.env.IAMM_SCENES_DIR || process.env.SCENES_DIR || 'scenes';
const measuringBuild = Boolean(process.env.IAMM_SCENES_DIR) && scenesDir !== 'scenes';
// The build's version id (build/version.ts): in the page (the event team's readiness list) and in dist/version.json.
const buildVersion = makeBuildVersion();

export default defineConfig({
  plugins: [
    react(),
    exhibitPlugin({ scenesDir }),
    xrAssetsPlugin(),
    sdfFlattenPlugin(),
    bidiPlugin({ scenesDir }),
    noXrEmulatorPlugin(),
    buildVersionPlugin(buildVersion),
    ...pwaPlugins({ scenesDir, disable: measuringBuild }),
  ],
  // src/app/pwa.ts registers the service worker only where the build has one.
  define: { __IAMM_OFFLINE__: JSON.stringify(!measuringBuild), __IAMM_BUILD__: JSON.stringify(buildVersion) },
  build: {
    target: 'es2022',
    // Every browser the exhibit supports (Quest Browser, Chrome, Edge, Safari 17+, Firefox 115+) has
    // <link rel="modulepreload">: no polyfill in every visitor's first download.
    modulePreload: { polyfill: false },
  },
});
