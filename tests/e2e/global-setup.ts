/**
 * Global setup of the `e2e` vitest project:
 *  1. checks that a Chromium is installed (fails early with install instructions),
 *  2. builds the production app once (`vite build` in a child process; skipped when
 *     E2E_SKIP_BUILD=1 and dist/index.html exists),
 *  3. serves dist/ with server/app.ts on a free port and provides its URL to the tests:
 *       import { inject } from 'vitest';  const baseUrl = inject('baseUrl');
 *  4. closes the server at teardown.
 *
 * While the app has no index.html yet, nothing can be built: the server then serves an
 * empty directory and `inject('appAvailable')` is false so app tests can skip.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { viteBuild } from '../../scripts/vite-build.ts';
import { createServer } from '../../server/app.ts';
import { loadGuideRooms } from '../../server/guide/config.ts';
import { createGuideHub } from '../../server/guide/hub.ts';
import { buildVersionReader } from '../../server/guide/version.ts';
import { findChromium } from './harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the production build under test, with a trailing slash. */
    baseUrl: string;
    /** The folder of the production build under test (dist/, or E2E_DIST_DIR). */
    distDir: string;
    /** False while the repo has no index.html (nothing to build yet). */
    appAvailable: boolean;
    /** Chromium executable found by findChromium(). */
    chromiumPath: string;
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// E2E_DIST_DIR lets parallel work build and serve its own copy instead of sharing dist/.
const distDir = path.resolve(repoRoot, process.env.E2E_DIST_DIR ?? 'dist');

async function runViteBuild(): Promise<void> {
  const output = await viteBuild(distDir);
  if (output) console.log(`[e2e] vite build output:\n${output}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromiumPath = findChromium();

  let root = distDir;
  let tempRoot: string | undefined;
  const appAvailable = existsSync(path.join(repoRoot, 'index.html'));
  if (!appAvailable) {
    console.warn('[e2e] index.html does not exist yet: nothing to build; app tests will be skipped.');
    tempRoot = mkdtempSync(path.join(os.tmpdir(), 'iamm-e2e-empty-'));
    root = tempRoot;
  } else if (process.env.E2E_SKIP_BUILD === '1' && existsSync(path.join(distDir, 'index.html'))) {
    console.log('[e2e] E2E_SKIP_BUILD=1: using the existing dist/.');
  } else {
    const started = Date.now();
    console.log('[e2e] building the production app (vite build)…');
    await runViteBuild();
    console.log(`[e2e] built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (!existsSync(path.join(distDir, 'index.html'))) {
      throw new Error('vite build succeeded but dist/index.html is missing: check build.outDir in vite.config.ts.');
    }
  }

  // The live-guide endpoint, with fixed test rooms (never a real secret): GUIDE_ROOMS overrides them. Each test file
  // that leads a room has its own: a room remembers its last stop, and a follower who joins goes there at once.
  const guide = await createGuideHub({
    rooms: loadGuideRooms({ GUIDE_ROOMS: process.env.GUIDE_ROOMS ?? 'e2e:e2e-secret-123,e2e-tools:e2e-secret-123' }).rooms,
    log: { info: () => undefined, warn: () => undefined },
    buildVersion: buildVersionReader(root),
  });
  const running = await createServer({ root, port: 0, host: '127.0.0.1', guide });
  project.provide('baseUrl', running.url);
  project.provide('appAvailable', appAvailable);
  project.provide('distDir', root);
  project.provide('chromiumPath', chromiumPath);

  return async () => {
    await running.close();
    await guide.close();
    if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  };
}
