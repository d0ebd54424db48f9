// The offline copy: the service worker's precache (Workbox, build/pwa.ts) compared with the manifest that same worker
// precaches from (the list inlined in sw.js). Complete when every entry is in the cache.
//
// Read by the event team's status reports (features/guide/device.ts) and the kiosk's operator page; refilled by the
// kiosk and the operator page when the browser evicted part of it (storage pressure) and the network is back. A refill
// puts each missing entry under the key Workbox itself uses, so the worker serves it offline as if it had never gone.
import { readItem, writeItem } from './storage.ts';

export interface PrecacheEntry {
  url: string;
  revision: string | null;
}

export interface OfflineCopy {
  complete: boolean;
  /** Bytes of the cached entries. */
  bytes: number;
  /** Entries in the cache, of the manifest's `expected`. */
  cached: number;
  expected: number;
}

export const NO_OFFLINE_COPY: OfflineCopy = { complete: false, bytes: 0, cached: 0, expected: 0 };

/** Workbox's precache cache names start with this (then the worker's scope). */
const PRECACHE_PREFIX = 'workbox-precache-v2';
/** The manifest last read from sw.js (offline, sw.js cannot be fetched: the worker does not serve itself). */
const MANIFEST_KEY = 'iamm.offline.manifest';
/** Entries fetched at a time by a refill (a booth's Wi-Fi is shared with the rest of the hall). */
const REFILL_PARALLEL = 4;

/** The precache manifest inlined in Workbox's generated sw.js: `{url:"…",revision:"…"|null}` entries, in order. */
export function parsePrecacheManifest(swSource: string): PrecacheEntry[] {
  const out: PrecacheEntry[] = [];
  const re = /\{\s*"?url"?\s*:\s*"([^"\\]+)"\s*,\s*"?revision"?\s*:\s*(null|"([^"\\]*)")\s*\}/g;
  for (let m = re.exec(swSource); m; m = re.exec(swSource)) out.push({ url: m[1]!, revision: m[3] ?? null });
  return out;
}

/** The Cache Storage key Workbox gives an entry: its URL from the worker's, plus `__WB_REVISION__` when it has a revision. */
export function precacheKey(entry: PrecacheEntry, swUrl: string): string {
  const url = new URL(entry.url, swUrl);
  if (entry.revision !== null) url.searchParams.set('__WB_REVISION__', entry.revision);
  return url.href;
}

/** What the operator page says of the copy: complete, still filling, evicted in part, or none at all. */
export type OfflineState = 'complete' | 'filling' | 'evicted' | 'none';

/** The service worker as the page sees it: one is installing (filling its precache), one is active, or none. */
export type WorkerState = 'installing' | 'active' | 'none';

/**
 * Workbox installs a worker only once every precache entry is stored, so an incomplete copy behind an active worker
 * (and none installing) was complete once: the browser evicted part of it.
 */
export function offlineState(copy: OfflineCopy, worker: WorkerState): OfflineState {
  if (copy.complete) return 'complete';
  if (copy.expected === 0 || worker === 'none') return 'none';
  return worker === 'installing' ? 'filling' : 'evicted';
}

/** The browser APIs a read or a refill uses (the page's own, or fakes in unit tests). */
export interface OfflineEnv {
  caches: Pick<CacheStorage, 'keys' | 'open'>;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** The worker's script URL (`<origin><base>sw.js`); its directory is the worker's scope. */
  swUrl: string;
  /** Where the last manifest read is kept for reading offline. */
  memory: { read: () => string | null; write: (value: string) => void };
}

function pageEnv(base: string): OfflineEnv | null {
  if (typeof caches === 'undefined') return null;
  const memory = { read: () => readItem(MANIFEST_KEY), write: (v: string) => void writeItem(MANIFEST_KEY, v) };
  return { caches, fetch: (u, i) => fetch(u, i), swUrl: new URL('sw.js', base).href, memory };
}

/** The worker's manifest from sw.js, kept for offline reads; offline, the one kept last (null: none ever read). */
async function manifest(env: OfflineEnv): Promise<PrecacheEntry[] | null> {
  try {
    const response = await env.fetch(env.swUrl, { cache: 'no-store' });
    if (response.ok) {
      const entries = parsePrecacheManifest(await response.text());
      if (entries.length > 0) env.memory.write(JSON.stringify(entries));
      return entries;
    }
  } catch {
    // offline: the manifest kept from the last read
  }
  try {
    const kept: unknown = JSON.parse(env.memory.read() ?? 'null');
    if (!Array.isArray(kept)) return null;
    return kept.filter(
      (e): e is PrecacheEntry =>
        typeof e === 'object' && e !== null && typeof e.url === 'string' && (e.revision === null || typeof e.revision === 'string'),
    );
  } catch {
    return null;
  }
}

async function precacheName(env: OfflineEnv): Promise<string | undefined> {
  return (await env.caches.keys()).find((k) => k.startsWith(PRECACHE_PREFIX));
}

async function measure(env: OfflineEnv, entries: PrecacheEntry[], cache: Cache | null): Promise<OfflineCopy> {
  let cached = 0;
  let bytes = 0;
  if (cache) {
    for (const entry of entries) {
      const hit = await cache.match(precacheKey(entry, env.swUrl));
      if (!hit) continue;
      cached++;
      bytes += (await hit.blob()).size;
    }
  }
  return { complete: entries.length > 0 && cached === entries.length, bytes, cached, expected: entries.length };
}

/** Reads the worker's manifest now, so that it can be read offline later (the kiosk does once its worker is ready). */
export async function rememberManifest(base: string = document.baseURI): Promise<void> {
  const env = pageEnv(base);
  if (env) await manifest(env);
}

/** Reads this origin's precache against the worker's manifest. Never throws: anything unreadable is "not complete". */
export async function readOfflineCopy(base: string = document.baseURI, env: OfflineEnv | null = pageEnv(base)): Promise<OfflineCopy> {
  if (!env) return NO_OFFLINE_COPY;
  try {
    const entries = await manifest(env);
    if (!entries) return NO_OFFLINE_COPY;
    const name = await precacheName(env);
    return await measure(env, entries, name ? await env.caches.open(name) : null);
  } catch {
    return NO_OFFLINE_COPY;
  }
}

/**
 * Fetches every manifest entry missing from the precache (at most REFILL_PARALLEL at a time, bypassing the HTTP
 * cache) and puts it under Workbox's key, then reads the copy again. Only where a worker was installed (its precache
 * exists, or `scope` names it). An entry that fails to download is left missing and tried at the next refill; never
 * throws.
 */
export async function refillOfflineCopy(
  base: string = document.baseURI,
  env: OfflineEnv | null = pageEnv(base),
  scope: string | null = null,
): Promise<OfflineCopy> {
  if (!env) return NO_OFFLINE_COPY;
  try {
    const entries = await manifest(env);
    if (!entries) return NO_OFFLINE_COPY;
    const name = (await precacheName(env)) ?? (scope !== null ? `${PRECACHE_PREFIX}-${scope}` : undefined);
    if (!name) return await measure(env, entries, null);
    const cache = await env.caches.open(name);
    const missing: PrecacheEntry[] = [];
    for (const entry of entries) if (!(await cache.match(precacheKey(entry, env.swUrl)))) missing.push(entry);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < missing.length) {
        const entry = missing[next++]!;
        try {
          const response = await env.fetch(new URL(entry.url, env.swUrl).href, { cache: 'reload', credentials: 'same-origin' });
          if (response.ok && !response.redirected) await cache.put(precacheKey(entry, env.swUrl), response);
        } catch {
          // offline again, or the server is gone: the next refill tries this entry again
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(REFILL_PARALLEL, missing.length) }, worker));
    return await measure(env, entries, cache);
  } catch {
    return NO_OFFLINE_COPY;
  }
}
