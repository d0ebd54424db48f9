// Dependencies are pinned by the lockfile: every package has an exact version and an integrity hash, the lockfile
// matches package.json, and what is installed is what the lockfile says (npm ci).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  version?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
}
const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry & { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>;
};

describe('the lockfile', () => {
  it('is a v3 lockfile that lists exactly the dependencies of package.json', () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    expect(lock.packages['']?.dependencies).toEqual(pkg.dependencies);
    expect(lock.packages['']?.devDependencies).toEqual(pkg.devDependencies);
  });

  it('pins every package to an exact version with a sha512 integrity hash', () => {
    const entries = Object.entries(lock.packages).filter(([k, v]) => k !== '' && !v.link);
    expect(entries.length).toBeGreaterThan(100);
    const loose = entries.filter(([, v]) => !/^\d+\.\d+\.\d+(?:-[\w.-]+)?$/.test(v.version ?? '') || !/^sha512-/.test(v.integrity ?? ''));
    expect(loose.map(([k]) => k)).toEqual([]);
  });

  it('is what is installed: every production package has the locked version', () => {
    const production = Object.entries(lock.packages).filter(([k, v]) => k !== '' && !v.link && !v.dev && !v.devOptional);
    expect(production.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const [where, entry] of production) {
      const manifest = new URL(`${where}/package.json`, root);
      if (!existsSync(manifest)) {
        if (!entry.optional) wrong.push(`${where}: missing`);
        continue;
      }
      const installed = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
      if (installed !== entry.version) wrong.push(`${where}: ${installed} installed, ${entry.version} locked`);
    }
    expect(wrong).toEqual([]);
  });
});
