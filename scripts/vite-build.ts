// A production `vite build` in a child process, for the e2e setup and the bench: a clean environment (vitest's
// NODE_ENV=test and VITEST* never leak into the build), extra variables on top, the output kept for the error.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds into `outDir`; resolves with the build's own output (warnings), rejects with its tail. */
export function viteBuild(outDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const viteBin = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(viteBin)) return Promise.reject(new Error(`vite is not installed (${viteBin} missing): run npm ci first.`));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_ENV' || k === 'TEST' || k.startsWith('VITEST')) continue;
    env[k] = v;
  }
  Object.assign(env, extraEnv, { NODE_ENV: 'production' });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output.trim());
      else reject(new Error(`vite build failed (exit ${code ?? signal}):\n${output.slice(-8000)}`));
    });
  });
}
