import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { exhibitPlugin } from './vite-plugins/exhibit.ts';
import { noXrEmulatorPlugin } from './vite-plugins/no-xr-emulator.ts';
import { xrAssetsPlugin } from './vite-plugins/xr-assets.ts';

export default defineConfig({
  plugins: [react(), exhibitPlugin({ scenesDir: 'scenes' }), xrAssetsPlugin(), noXrEmulatorPlugin()],
  build: {
    target: 'es2022',
  },
});
