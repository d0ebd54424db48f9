// The version id of the build the server serves: `version.json` in the served folder (build/version.ts writes it).
// Read at start and again at every ask (each refresh of a team page, every few seconds: a file of a few bytes), so a
// rebuild into the same folder shows at the team page's next refresh without restarting the server.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUILD_VERSION } from '../../src/features/guide/protocol.ts';

export const VERSION_FILE = 'version.json';

/** Reads `<root>/version.json`: the build's version id, or null when it is missing or not a version id. */
export function readBuildVersion(root: string): string | null {
  try {
    const data = JSON.parse(readFileSync(path.join(root, VERSION_FILE), 'utf8')) as { version?: unknown };
    return typeof data.version === 'string' && BUILD_VERSION.test(data.version) ? data.version : null;
  } catch {
    return null;
  }
}

/** A function that returns the served build's version id, read afresh each time (null: no readable version.json). */
export function buildVersionReader(root: string): () => string | null {
  return () => readBuildVersion(root);
}
