import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Unit tests inherit vite.config.ts (plugins such as virtual:exhibit) once it exists.
const viteConfig = existsSync(new URL('./vite.config.ts', import.meta.url)) ? './vite.config.ts' : undefined;

export default defineConfig({
  test: {
    projects: [
      {
        ...(viteConfig ? { extends: viteConfig } : {}),
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // The property tests of line breaking run thousands of layouts: seconds on a busy 2-core machine.
          testTimeout: 20_000,
        },
      },
      {
        // End-to-end: builds dist/ once, serves it with server/app.ts, drives Debian Chromium
        // through playwright-core (see tests/e2e/global-setup.ts and tests/e2e/harness.ts).
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          // Software GL (SwiftShader) and the emulated headset make frame timing uneven on a shared 2-core machine:
          // a test gets one more try; a real failure fails twice.
          retry: 1,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
