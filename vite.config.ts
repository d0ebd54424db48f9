import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { exhibitPlugin } from './vite-plugins/exhibit.ts';

export default defineConfig({
  plugins: [react(), exhibitPlugin({ scenesDir: 'scenes' })],
  build: {
    target: 'es2022',
  },
});
