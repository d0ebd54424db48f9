// Every package package.json declares is used: imported by the code, run by an npm script, or the types of one that is.
// A dependency nobody imports is weight on every install and a false promise to the next reader.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(?:ts|tsx|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}
const code = ['src', 'server', 'build', 'scripts', 'tests']
  .flatMap((d) => sources(path.join(ROOT, d)))
  .filter((f) => f !== fileURLToPath(import.meta.url))
  .concat(['vite.config.ts', 'vitest.config.ts', 'eslint.config.js'].map((f) => path.join(ROOT, f)))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const scripts = Object.values(pkg.scripts).join('\n');

/** Packages used through their command rather than an import. */
const COMMANDS: Record<string, string> = {
  typescript: 'tsc',
  vitest: 'vitest',
  vite: 'vite',
  tsx: 'tsx',
  eslint: 'eslint',
  prettier: 'prettier',
};

function isUsed(name: string): boolean {
  if (name.startsWith('@types/')) {
    const typed = name.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2');
    return typed === 'node' || isUsed(typed);
  }
  const quoted = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  if (new RegExp(`['"\`]${quoted}(?:/[^'"\`]*)?['"\`]`).test(code)) return true;
  const command = COMMANDS[name];
  return command !== undefined && new RegExp(`(?:^|[\\s&;(])(?:npx )?${command}(?:\\s|$)`, 'm').test(scripts);
}

describe('declared dependencies', () => {
  it('every dependency and dev dependency is imported by the code or run by an npm script', () => {
    const declared = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    expect(declared.filter((d) => !isUsed(d))).toEqual([]);
  });

  it('the check itself notices a package nobody uses', () => {
    expect(isUsed('left-pad-that-nobody-imports')).toBe(false);
    expect(isUsed('three')).toBe(true);
  });
});
