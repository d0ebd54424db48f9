// The build's version id: the package version, the build time and a random tag, e.g. `0.1.0+20250601T081500Z.3f9a`.
// The page knows it through a define (`__IAMM_BUILD__`, read only by the lazily loaded device-status and team code);
// the server reads it from `version.json` in the served folder (server/guide/version.ts) and tells the event team's page
// which headsets still run an older one.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/** The file the build writes next to index.html: `{"version": "<id>"}`. Never precached (build/pwa.ts). */
export const VERSION_FILE = 'version.json';
/** What a version id may look like (also checked by the guide protocol, src/features/guide/protocol.ts). */
export const VERSION_ID = /^[A-Za-z0-9._+-]{1,64}$/;

/** A fresh version id for a build made now. */
export function makeBuildVersion(now: Date = new Date(), packageJson = new URL('../package.json', import.meta.url)): string {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string };
  const time = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${pkg.version ?? '0.0.0'}+${time}.${randomBytes(2).toString('hex')}`;
}

/** Writes `version.json` with `version` into the build's output. */
export function buildVersionPlugin(version: string): Plugin {
  return {
    name: 'iamm-build-version',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: VERSION_FILE, source: `${JSON.stringify({ version })}\n` });
    },
  };
}
