// The offline precache: the files the built service worker (dist/sw.js) lists, uncompressed, and how many of them
// are emulator / dev / source-map files. Reads files only; no browser.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type BenchContext, figure, KB, round, type SectionResult } from './common.ts';

/** The precache list of a built service worker: `{url:"…",revision:…}` entries, as Workbox writes them. */
function precacheUrls(swSource: string): string[] {
  return [...swSource.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]!);
}

export async function measure(ctx: Pick<BenchContext, 'distDir'>): Promise<SectionResult> {
  const sw = path.join(ctx.distDir, 'sw.js');
  if (!existsSync(sw)) throw new Error(`${sw} is missing: the build has no service worker`);
  const urls = [...new Set(precacheUrls(readFileSync(sw, 'utf8')))];
  const sizes = urls.map((u) => ({ url: u, bytes: statSync(path.join(ctx.distDir, u)).size }));
  const total = sizes.reduce((n, f) => n + f.bytes, 0);
  const sumOf = (re: RegExp): number => sizes.filter((f) => re.test(f.url)).reduce((n, f) => n + f.bytes, 0);
  const MB = 1000 * KB;
  const dev = urls.filter((u) => /emulat|iwer|\.map$/i.test(u));
  const figures = [
    figure(
      'precache.bytes',
      'Offline precache (service worker), total',
      total / MB,
      'MB',
      undefined,
      `${urls.length} files, uncompressed; xr-profiles ${round(sumOf(/^xr-profiles\//) / MB, 2)} MB, JS ${round(sumOf(/\.js$/) / MB, 2)} MB, ` +
        `fonts ${round(sumOf(/\.woff2?$/) / MB, 2)} MB, narration ${round(sumOf(/\.ogg$/) / MB, 2)} MB; downloaded once, after the first frame`,
    ),
    figure('precache.devFiles', 'Emulator / dev / source-map files precached', dev.length, 'files', 0, dev.length ? dev.join(', ') : undefined),
  ];
  return { figures, details: { precache: sizes } };
}
